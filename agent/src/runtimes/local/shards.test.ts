/**
 * Session threads, through the real server: conversations are spread over the threads and behave
 * as on the main thread (greeting, replies, audio), the main thread still sees every session
 * (store, latency, admission), and a thread that dies costs only its own callers.
 */
import { initializeLogger, log } from '@livekit/agents';
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { after, afterEach, before, describe, it } from 'node:test';
import type { ServerMessage } from '../../../../sdk/src/protocol/messages.js';
// @ts-expect-error: a plain .mjs test helper, no types
import { startFailsFlag } from '../../../../test/fakes/shard-faults.mjs';
import { startOpenAIFake, type OpenAIFake } from '../../../../test/fakes/openai.js';
import { loadConfig } from '../../config.js';
import { startServer, type RunningServer } from '../../server/http.js';
import { LocalRuntime } from './runtime.js';
import { connectTestClient, type TestClient } from './test-client.js';

initializeLogger({ pretty: false, level: process.env.LOG_LEVEL ?? 'fatal' });

const CRASH_ORIGIN = 'http://crash.test';

interface Health {
  sessions: number;
  sessionsClosing: number;
  shards: { index: number; sessions: number; restarts: number }[];
  latency: { stages: Record<string, { count: number }> };
}

/** The real server whose session threads are `test/fakes/crashing-shard.mjs`. */
async function startFaultyServer(
  openai: OpenAIFake,
  overrides: Record<string, string>,
): Promise<RunningServer> {
  const env = {
    PORT: '0',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'fatal',
    OPENAI_API_KEY: 'sk-test',
    OPENAI_BASE_URL: openai.baseURL,
    POLYGLOT_ALLOWED_ORIGINS: CRASH_ORIGIN,
    POLYGLOT_SESSIONS_PER_IP_PER_MINUTE: '10000',
    ...overrides,
  };
  const config = loadConfig(env);
  const runtime = new LocalRuntime({
    config,
    logger: log(),
    shardEntry: new URL('../../../../test/fakes/crashing-shard.mjs', import.meta.url),
  });
  return startServer({ config, env, logger: log(), version: 't', runtime });
}

/** A caller as the widget starts one: a session from the API, its socket, and the hello. */
async function call(server: RunningServer, origin?: string): Promise<TestClient> {
  const res = await fetch(`${server.url}/api/session`, {
    method: 'POST',
    body: '{}',
    headers: origin ? { origin } : {},
  });
  assert.equal(res.status, 200);
  const d = (await res.json()) as { url: string; token: string };
  const c = await connectTestClient(d.url, origin ? { origin } : {});
  c.send({ type: 'hello', protocol: 1, token: d.token });
  return c;
}

describe('session threads', () => {
  let openai: OpenAIFake;
  let server: RunningServer;

  before(async () => {
    openai = await startOpenAIFake({
      latencyMs: { llm: 20 },
      rules: [
        { when: (ctx) => /rome/i.test(ctx.lastUser), reply: { text: 'Rome is lovely in spring.' } },
      ],
    });
    server = await startFaultyServer(openai, {
      POLYGLOT_SESSION_THREADS: '2',
      POLYGLOT_MAX_SESSIONS: '3',
    });
  });
  after(async () => {
    await server.close();
    await openai.close();
  });

  const health = async () => (await (await fetch(`${server.url}/healthz`)).json()) as Health;

  const clients = new Set<TestClient>();
  afterEach(async () => {
    for (const c of clients) c.close();
    await Promise.all([...clients].map((c) => c.closed));
    clients.clear();
    await untilIdle();
  });

  /** No session holds a slot or is still tearing down. */
  async function untilIdle(): Promise<void> {
    for (let i = 0; i < 100; i++) {
      const h = await health();
      if (h.sessions === 0 && h.sessionsClosing === 0) return;
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async function open(origin?: string): Promise<{ c: TestClient; sessionId: string }> {
    const c = await call(server, origin);
    clients.add(c);
    const ready = await c.waitFor(
      (m): m is Extract<ServerMessage, { type: 'ready' }> => m.type === 'ready',
    );
    return { c, sessionId: ready.sessionId };
  }

  const finalAssistant = (text: RegExp) => (m: ServerMessage) =>
    m.type === 'transcript' && m.role === 'assistant' && m.final && text.test(m.text);

  it('spreads conversations over the threads, each with its greeting, reply and voice', async () => {
    const a = await open();
    const b = await open();
    const h = await health();
    assert.equal(h.sessions, 2);
    assert.deepEqual(
      h.shards.map((s) => s.sessions),
      [1, 1],
    );
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    assert.match(metrics, /^polyglot_sessions_active 2$/m);
    assert.match(metrics, /^polyglot_thread_sessions\{thread="1"\} 1$/m);
    for (const { c } of [a, b]) {
      await c.waitFor(finalAssistant(/./));
      c.send({ type: 'user_text', text: 'Tell me about Rome' });
      await c.waitFor(finalAssistant(/Rome is lovely/));
      // The voice crossed the thread: audio segments with their bytes arrived.
      assert.ok(c.messages.some((m) => m.type === 'audio_end'));
      assert.ok([...c.audio.values()].some((bytes) => bytes > 0));
    }
    // The main thread's session store holds both transcripts, written from the threads.
    // (Records travel on the thread's own channel, so they may land a moment after the reply.)
    await new Promise((r) => setTimeout(r, 100));
    for (const { sessionId } of [a, b]) {
      const rec = server.runtime.store.get(sessionId);
      assert.ok(rec, 'a record for the session');
      assert.ok(rec.transcript.some((l) => l.role === 'user' && /Rome/.test(l.text)));
      assert.ok(rec.transcript.some((l) => l.role === 'assistant' && /lovely/.test(l.text)));
    }
    // ...and their latency metrics.
    assert.ok((await health()).latency.stages.llm_ttft!.count >= 2);

    for (const { c } of [a, b]) c.close();
    await a.c.closed;
    await b.c.closed;
    await untilIdle();
    const after = await health();
    assert.equal(after.sessions, 0);
    assert.deepEqual(
      after.shards.map((s) => s.sessions),
      [0, 0],
    );
    assert.ok(server.runtime.store.get(a.sessionId)?.endedAt, 'the record is closed');
  });

  it('admission counts sessions on every thread', async () => {
    const open3 = [await open(), await open(), await open()];
    const c = await call(server);
    const err = await c.waitFor((m) => m.type === 'error');
    assert.equal(err.type === 'error' && err.code, 'session_limit');
    assert.equal(await c.closed, 4429);
    for (const { c: o } of open3) o.close();
    await Promise.all(open3.map(({ c: o }) => o.closed));
    await untilIdle();
  });

  it('a thread that dies: its caller is told, the other thread goes on, a new thread takes over', async () => {
    const survivor = await open();
    await survivor.c.waitFor(finalAssistant(/./));
    const victim = await open(CRASH_ORIGIN);
    const placed = (await health()).shards;
    assert.deepEqual(
      placed.map((s) => s.sessions),
      [1, 1],
      'the two sessions are on different threads',
    );
    const victimShard = placed[1]!;

    const err = await victim.c.waitFor((m) => m.type === 'error');
    assert.ok(err.type === 'error' && err.fatal);
    assert.match(err.type === 'error' ? err.message : '', /stopped unexpectedly/);
    assert.equal(await victim.c.closed, 1011);

    // The other thread's conversation is untouched.
    survivor.c.send({ type: 'user_text', text: 'And Rome again?' });
    await survivor.c.waitFor(
      (m) => finalAssistant(/Rome is lovely/)(m) && m.type === 'transcript' && m.turn > 0,
    );
    // A replacement thread comes up and takes new sessions.
    let h = await health();
    for (let i = 0; i < 200 && !h.shards.some((s) => s.restarts > 0); i++) {
      await new Promise((r) => setTimeout(r, 50));
      h = await health();
    }
    assert.equal(h.sessions, 1);
    assert.equal(h.shards.find((s) => s.index === victimShard.index)?.restarts, 1);
    const next = await open();
    await next.c.waitFor(finalAssistant(/./));
    survivor.c.close();
    next.c.close();
  });
});

describe('session threads, when every thread is down', () => {
  let openai: OpenAIFake;
  let server: RunningServer;

  before(async () => {
    openai = await startOpenAIFake({ latencyMs: { llm: 20 } });
    server = await startFaultyServer(openai, { POLYGLOT_SESSION_THREADS: '1' });
  });
  after(async () => {
    rmSync(startFailsFlag(), { force: true });
    await server.close();
    await openai.close();
  });

  const shards = async () =>
    ((await (await fetch(`${server.url}/healthz`)).json()) as Health).shards;

  it('a caller who comes while the only thread is being replaced is told at once, and the next thread serves', async () => {
    const victim = await call(server, CRASH_ORIGIN);
    await victim.waitFor((m) => m.type === 'ready');
    // The replacement will fail to start, so the pool backs off (1 s) with no thread up.
    writeFileSync(startFailsFlag(), '');
    assert.equal(await victim.closed, 1011);
    let restarts = 0;
    for (let i = 0; i < 200 && restarts < 1; i++) {
      await new Promise((r) => setTimeout(r, 20));
      restarts = (await shards())[0]!.restarts;
    }
    assert.equal(restarts, 1, 'the first replacement was started');
    // Give the failing replacement time to exit (it exits before loading anything).
    await new Promise((r) => setTimeout(r, 300));

    const t0 = Date.now();
    const early = await call(server);
    const err = await early.waitFor((m) => m.type === 'error');
    assert.ok(err.type === 'error' && err.fatal && err.code === 'internal');
    assert.match(err.type === 'error' ? err.message : '', /stopped unexpectedly/);
    assert.equal(await early.closed, 1011);
    assert.ok(Date.now() - t0 < 1000, `told in ${Date.now() - t0} ms, not left waiting`);

    // Once starting works again, the thread after the back-off takes callers.
    rmSync(startFailsFlag(), { force: true });
    for (let i = 0; i < 300 && (await shards())[0]!.restarts < 2; i++) {
      await new Promise((r) => setTimeout(r, 20));
    }
    const later = await call(server);
    await later.waitFor(
      (m) => m.type === 'transcript' && m.role === 'assistant' && m.final,
      20_000,
    );
    later.close();
    await later.closed;
  });
});
