/**
 * The local runtime under churn and abuse: every way out of a session frees it, the limits hold
 * (session cap, frame size, hello and idle timeouts), and agent audio respects backpressure.
 */
import { initializeLogger, log } from '@livekit/agents';
import { AudioFrame } from '@livekit/rtc-node';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { ServerMessage } from '../../../../sdk/src/protocol/messages.js';
import { startOpenAIFake } from '../../../../test/fakes/openai.js';
import { loadConfig } from '../../config.js';
import { startServer } from '../../server/http.js';
import { SocketAudioOutput } from './audio-io.js';
import { LocalRuntime } from './runtime.js';
import { connectTestClient, type TestClient } from './test-client.js';

initializeLogger({ pretty: false, level: 'fatal' });
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

async function stack(
  env: Record<string, string>,
  deps: { idleTimeoutMs?: number; helloTimeoutMs?: number } = {},
) {
  const openai = await startOpenAIFake({ latencyMs: { llm: 50 } });
  const fullEnv = {
    PORT: '0',
    OPENAI_API_KEY: 'sk-test',
    OPENAI_BASE_URL: openai.baseURL,
    POLYGLOT_SESSIONS_PER_IP_PER_MINUTE: '10000',
    ...env,
  };
  const config = loadConfig(fullEnv);
  const runtime = new LocalRuntime({ config, logger: log(), deps });
  const server = await startServer({ config, env: fullEnv, logger: log(), version: 't', runtime });
  return {
    openai,
    server,
    runtime,
    async session(): Promise<{ url: string; token: string }> {
      const res = await fetch(`${server.url}/api/session`, { method: 'POST', body: '{}' });
      assert.equal(res.status, 200);
      return (await res.json()) as { url: string; token: string };
    },
    async close() {
      await server.close();
      await openai.close();
    },
  };
}
type Stack = Awaited<ReturnType<typeof stack>>;

const isError = (code: string) => (m: ServerMessage) => m.type === 'error' && m.code === code;

describe('local runtime: every way out frees the session', () => {
  let s: Stack;
  before(
    async () => (s = await stack({ POLYGLOT_MAX_SESSIONS: '200' }, { helloTimeoutMs: 2_000 })),
  );
  after(() => s.close());

  async function ready(): Promise<TestClient> {
    const d = await s.session();
    const c = await connectTestClient(d.url);
    c.send({ type: 'hello', protocol: 1, token: d.token, audio: false });
    await c.waitFor((m) => m.type === 'ready');
    return c;
  }

  /** One session through each exit path in turn. */
  async function churn(n: number): Promise<void> {
    for (let i = 0; i < n; i++) {
      switch (i % 4) {
        case 0: {
          // Leaves after the greeting.
          const c = await ready();
          await c.waitFor((m) => m.type === 'transcript' && m.role === 'assistant' && m.final);
          c.close();
          await c.closed;
          break;
        }
        case 1: {
          // Leaves while the assistant is answering.
          const c = await ready();
          c.send({ type: 'user_text', text: 'Flights to Lisbon?' });
          await c.waitFor((m) => m.type === 'agent_state' && m.state === 'thinking');
          c.close();
          await c.closed;
          break;
        }
        case 2: {
          // A forged token.
          const d = await s.session();
          const c = await connectTestClient(d.url);
          c.send({ type: 'hello', protocol: 1, token: `${d.token}x` });
          assert.equal(await c.closed, 4401);
          break;
        }
        case 3: {
          // Leaves before saying hello.
          const c = await connectTestClient((await s.session()).url);
          c.close();
          await c.closed;
          break;
        }
      }
    }
    // Slots are free as soon as sockets close; teardowns finish after.
    await waitUntil(() => s.runtime.activeSessions === 0 && s.runtime.closingSessions === 0);
  }

  it('returns to 0 sessions after 40 sessions through 4 exit paths, with bounded heap growth', async (t) => {
    await churn(8); // warm up caches, JIT, pools
    gc();
    const before = process.memoryUsage().heapUsed;
    await churn(40);
    assert.equal(s.runtime.activeSessions, 0);
    gc();
    const growth = process.memoryUsage().heapUsed - before;
    t.diagnostic(`heap growth after 40 sessions: ${(growth / 1024).toFixed(0)} KiB`);
    // Measured here: ~3.3 MiB for 40 sessions, of which ~1.2 MiB is JIT code; what remains per
    // session is in TODOS.md. The bound catches a leak of whole sessions and their audio buffers.
    assert.ok(growth < 40 * 150 * 1024, `heap grew ${(growth / 1024).toFixed(0)} KiB`);
    const metrics = await (await fetch(`${s.server.url}/metrics`)).text();
    assert.match(metrics, /^polyglot_sessions_active 0$/m);
  });

  it('closes every session on server shutdown', async () => {
    const clients = [await ready(), await ready(), await ready()];
    assert.equal(s.runtime.activeSessions, 3);
    await s.runtime.closeAll();
    assert.equal(s.runtime.activeSessions, 0);
    for (const c of clients) assert.equal(await c.closed, 1000);
  });
});

describe('local runtime: limits', () => {
  let s: Stack;
  before(
    async () =>
      (s = await stack(
        { POLYGLOT_MAX_SESSIONS: '2' },
        { idleTimeoutMs: 400, helloTimeoutMs: 1_500 },
      )),
  );
  after(() => s.close());

  /** A socket that has said hello with a fresh token (admitted or refused). */
  async function hello(): Promise<TestClient> {
    const d = await s.session();
    const c = await connectTestClient(d.url);
    c.send({ type: 'hello', protocol: 1, token: d.token, audio: false });
    return c;
  }

  it('refuses a session over the cap with session_limit (4429), and admits again after one ends', async () => {
    const a = await hello();
    const b = await hello();
    await a.waitFor((m) => m.type === 'ready');
    await b.waitFor((m) => m.type === 'ready');
    const c = await hello();
    assert.equal(await c.closed, 4429);
    assert.ok(c.messages.some(isError('session_limit')));
    a.close();
    await a.closed;
    await waitUntil(() => s.runtime.activeSessions <= 1);
    const d = await hello();
    await d.waitFor((m) => m.type === 'ready');
    assert.ok(!d.messages.some(isError('session_limit')), 'admitted once a place was free');
    b.close();
    d.close();
    await waitUntil(() => s.runtime.activeSessions === 0 && s.runtime.closingSessions === 0);
  });

  it('closes a socket that never says hello (hello_timeout, 4400)', async () => {
    const c = await connectTestClient((await s.session()).url);
    assert.equal(await c.closed, 4400);
    assert.ok(c.messages.some(isError('hello_timeout')));
  });

  it('closes a silent session (idle_timeout, 4408), and input keeps it alive', async () => {
    const d = await s.session();
    const c = await connectTestClient(d.url);
    c.send({ type: 'hello', protocol: 1, token: d.token, audio: false });
    await c.waitFor((m) => m.type === 'ready');
    let closedAt = 0;
    void c.closed.then(() => (closedAt = performance.now()));
    // Pings every 150 ms for 900 ms (more than twice the 400 ms idle limit) keep it open.
    for (let i = 0; i < 6; i++) {
      await new Promise((r) => setTimeout(r, 150));
      c.send({ type: 'ping', t: i });
    }
    assert.equal(closedAt, 0, 'closed while the client was active');
    const code = await c.closed;
    assert.equal(code, 4408);
    assert.ok(c.messages.some(isError('idle_timeout')));
  });

  it('drops a socket that sends an absurd frame (1009) without touching others', async () => {
    await waitUntil(() => s.runtime.activeSessions === 0);
    const d = await s.session();
    const good = await connectTestClient(d.url);
    good.send({ type: 'hello', protocol: 1, token: d.token, audio: false });
    await good.waitFor((m) => m.type === 'ready');
    const bad = await connectTestClient((await s.session()).url);
    bad.ws.send(Buffer.alloc(300_000));
    assert.equal(await bad.closed, 1009);
    good.send({ type: 'ping', t: 9 });
    await good.waitFor((m) => m.type === 'pong');
    good.close();
  });
});

describe('agent audio backpressure', () => {
  it('waits while the socket is over its high-water mark, and drops frames cleared meanwhile', async () => {
    let release!: () => void;
    let blocked = true;
    const sent: number[] = [];
    const out = new SocketAudioOutput({
      send: () => {},
      sendBinary: (d) => sent.push(d.byteLength),
      writable: () => (blocked ? new Promise<void>((ok) => (release = ok)) : undefined),
    });
    const frame = () => new AudioFrame(new Int16Array(480), 24_000, 1, 480);
    blocked = false;
    await out.captureFrame(frame());
    assert.equal(sent.length, 1);
    blocked = true;
    let done = false;
    const pending = out.captureFrame(frame()).then(() => (done = true));
    await new Promise((r) => setImmediate(r));
    assert.equal(done, false, 'captureFrame must not resolve while the socket is full');
    assert.equal(sent.length, 1);
    blocked = false;
    release();
    await pending;
    assert.equal(sent.length, 2, 'the frame goes out once the socket drained');

    blocked = true;
    const third = out.captureFrame(frame());
    await new Promise((r) => setImmediate(r));
    out.clearBuffer(); // barge-in while waiting
    release();
    await third;
    assert.equal(sent.length, 2, 'a frame cleared by barge-in is never sent');
  });
});

async function waitUntil(pred: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
