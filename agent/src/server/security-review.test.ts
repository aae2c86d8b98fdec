/**
 * The security review of `npm start` with a partner configuration (issue 20), replayed against the
 * real server: one test per observation, plus a load check. Each was run against the code before
 * the fix and failed there (docs/testing.md).
 *
 * Only the server's public surface is used (the session API, the socket, Host headers, raw
 * bytes), so the tests say what a caller meets, whatever the implementation.
 */
import { initializeLogger, log } from '@livekit/agents';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { WebSocket } from 'ws';
import { CloseCode, type ServerMessage } from '../../../sdk/src/protocol/messages.js';
import { startOpenAIFake, type OpenAIFake } from '../../../test/fakes/openai.js';
import { loadConfig } from '../config.js';
import { buildPipeline } from '../providers/index.js';
import { LocalRuntime } from '../runtimes/local/runtime.js';
import { connectTestClient, type TestClient } from '../runtimes/local/test-client.js';
import { startServer, type RunningServer } from './http.js';

initializeLogger({ pretty: false, level: 'fatal' });

type Env = Record<string, string>;

interface Stack {
  openai: OpenAIFake;
  server: RunningServer;
  /** `POST /api/session` as a page on `origin` would (none: a server-side caller). */
  session(body?: object, origin?: string): Promise<{ url: string; token: string }>;
  close(): Promise<void>;
}

async function stack(
  env: Env,
  opts: {
    now?: () => number;
    runtime?: (config: ReturnType<typeof loadConfig>) => LocalRuntime;
  } = {},
): Promise<Stack> {
  const openai = await startOpenAIFake({ latencyMs: { llm: 20 } });
  const fullEnv = {
    PORT: '0',
    OPENAI_API_KEY: 'sk-test',
    OPENAI_BASE_URL: openai.baseURL,
    POLYGLOT_SESSION_THREADS: '0',
    ...env,
  };
  const config = loadConfig(fullEnv);
  const server = await startServer({
    config,
    env: fullEnv,
    logger: log(),
    version: 't',
    ...(opts.now && { now: opts.now }),
    ...(opts.runtime && { runtime: opts.runtime(config) }),
  });
  return {
    openai,
    server,
    async session(body = {}, origin) {
      const res = await fetch(`${server.url}/api/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(origin && { origin }) },
        body: JSON.stringify(body),
      });
      assert.equal(res.status, 200, await res.clone().text());
      return (await res.json()) as { url: string; token: string };
    },
    async close() {
      await server.close();
      await openai.close();
    },
  };
}

/** A socket that says hello with `token`; resolves once it is open. */
async function hello(
  url: string,
  token: string,
  extra: { origin?: string; resume?: object } = {},
): Promise<TestClient> {
  const c = await connectTestClient(url, extra.origin ? { origin: extra.origin } : {});
  c.send({
    type: 'hello',
    protocol: 1,
    token,
    audio: false,
    ...(extra.resume && { resume: extra.resume }),
  });
  return c;
}

/** The first `ready` or fatal error a socket gets. */
async function outcome(c: TestClient): Promise<ServerMessage> {
  return c.waitFor((m) => m.type === 'ready' || (m.type === 'error' && m.fatal), 10_000);
}

const code = (m: ServerMessage) => (m.type === 'error' ? m.code : m.type);

async function waitUntil(pred: () => boolean, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > end) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('1. a session token opens one session', () => {
  let s: Stack;
  before(async () => (s = await stack({ POLYGLOT_MAX_SESSIONS: '20' })));
  after(() => s.close());

  it('refuses a token replayed after its session, with token_used and its own close code', async () => {
    const d = await s.session();
    const first = await hello(d.url, d.token);
    assert.equal(code(await outcome(first)), 'ready');
    first.close();
    await first.closed;
    for (let i = 0; i < 2; i++) {
      const again = await hello(d.url, d.token);
      assert.equal(code(await outcome(again)), 'token_used');
      assert.equal(await again.closed, 4409);
      assert.equal(CloseCode.tokenUsed, 4409);
    }
  });

  it('lets exactly one of three concurrent sockets in on one token', async () => {
    const d = await s.session();
    const clients = await Promise.all([1, 2, 3].map(() => connectTestClient(d.url)));
    for (const c of clients) c.send({ type: 'hello', protocol: 1, token: d.token, audio: false });
    const codes = (await Promise.all(clients.map(outcome))).map(code).sort();
    assert.deepEqual(codes, ['ready', 'token_used', 'token_used']);
    for (const c of clients) c.close();
  });

  it('resumes a dropped session with its resume token, once, and never with the spent session token', async () => {
    const d = await s.session();
    const first = await hello(d.url, d.token);
    const ready = await outcome(first);
    assert.ok(ready.type === 'ready' && ready.resumeToken, 'ready carries a resume token');
    first.ws.terminate(); // the network drops
    await first.closed;
    const resume = { history: [{ role: 'assistant', text: 'Hi! Where to?' }] };
    const back = await hello(d.url, ready.resumeToken, { resume });
    const resumed = await outcome(back);
    assert.equal(code(resumed), 'ready');
    // The resumed session has its own resume token for the next drop.
    assert.ok(resumed.type === 'ready' && resumed.resumeToken !== ready.resumeToken);
    const twice = await hello(d.url, ready.resumeToken, { resume });
    assert.equal(code(await outcome(twice)), 'token_used');
    assert.equal(await twice.closed, 4409);
    const replay = await hello(d.url, d.token);
    assert.equal(code(await outcome(replay)), 'token_used');
    back.close();
  });

  it('a resume token takes over a session whose socket is still open (the drop was one-sided)', async () => {
    const d = await s.session();
    const first = await hello(d.url, d.token);
    const ready = await outcome(first);
    assert.ok(ready.type === 'ready' && ready.resumeToken);
    const back = await hello(d.url, ready.resumeToken, { resume: { history: [] } });
    assert.equal(code(await outcome(back)), 'ready');
    await first.closed; // the old socket is closed by the server
    back.close();
  });
});

describe('2. partner quotas hold when sessions open, not only when tokens are issued', () => {
  let clock = Date.now();
  const ACME = 'https://www.acme.example';
  const partnerStack = (partner: object) =>
    stack(
      {
        POLYGLOT_SESSION_SECRET: 'test-secret',
        POLYGLOT_PARTNERS: JSON.stringify([partner]),
      },
      { now: () => clock },
    );

  it('a partner at 3 sessions a minute cannot open a 4th with tokens saved up earlier', async () => {
    const s = await partnerStack({
      key: 'acme',
      name: 'Acme',
      allowedOrigins: [ACME],
      sessionsPerMinute: 3,
    });
    try {
      // Tokens issued within the plan: 3 at once, then one more each 20 s.
      const tokens = [];
      for (let i = 0; i < 5; i++) {
        if (i >= 3) clock += 20_000;
        tokens.push(await s.session({ partnerKey: 'acme' }, ACME));
      }
      // ...then spent together: the 4th is over the rate.
      const codes: string[] = [];
      for (const d of tokens.slice(0, 4)) {
        const c = await hello(d.url, d.token, { origin: ACME });
        codes.push(code(await outcome(c)));
        c.close();
        await c.closed;
      }
      assert.deepEqual(codes, ['ready', 'ready', 'ready', 'rate_limited']);
      clock += 20_000; // one session's worth of refill
      const last = await hello(tokens[4]!.url, tokens[4]!.token, { origin: ACME });
      assert.equal(code(await outcome(last)), 'ready');
      last.close();
    } finally {
      await s.close();
    }
  });

  it('a partner limited to 2 sessions at once gets a third only when one ends', async () => {
    const s = await partnerStack({
      key: 'acme',
      name: 'Acme',
      allowedOrigins: [ACME],
      maxConcurrentSessions: 2,
    });
    try {
      const open = async () => {
        const d = await s.session({ partnerKey: 'acme' }, ACME);
        const c = await hello(d.url, d.token, { origin: ACME });
        return { c, result: code(await outcome(c)) };
      };
      const a = await open();
      const b = await open();
      const third = await open();
      assert.deepEqual([a.result, b.result, third.result], ['ready', 'ready', 'session_limit']);
      assert.equal(await third.c.closed, 4429);
      a.c.close();
      await a.c.closed;
      const fourth = await open();
      assert.equal(fourth.result, 'ready');
      b.c.close();
      fourth.c.close();
    } finally {
      await s.close();
    }
  });
});

/** Opens a socket from `localAddress` and leaves it silent; resolves to 101 or the HTTP status. */
function silentSocket(url: string, localAddress: string, sockets: WebSocket[]): Promise<number> {
  return new Promise((ok) => {
    const ws = new WebSocket(url, { localAddress });
    sockets.push(ws);
    ws.on('open', () => ok(101));
    ws.on('unexpected-response', (_req, res) => ok(res.statusCode ?? 0));
    ws.on('error', () => ok(0));
  });
}

describe('3. sockets that never say hello hold no session slot', () => {
  it('with the cap full of silent sockets from several addresses, a real caller still gets in', async () => {
    const s = await stack({ POLYGLOT_MAX_SESSIONS: '2', POLYGLOT_HELLO_TIMEOUT_MS: '20000' });
    const silent: WebSocket[] = [];
    try {
      const { url } = await s.session();
      const statuses = await Promise.all(
        ['127.0.0.2', '127.0.0.3', '127.0.0.4'].flatMap((a) => [
          silentSocket(url, a, silent),
          silentSocket(url, a, silent),
        ]),
      );
      assert.deepEqual(statuses, Array(6).fill(101));
      const d = await s.session();
      const caller = await hello(d.url, d.token);
      assert.equal(code(await outcome(caller)), 'ready');
      caller.close();
    } finally {
      for (const ws of silent) ws.terminate();
      await s.close();
    }
  });

  it('limits silent sockets per address, and in all (the oldest goes)', async () => {
    const s = await stack({
      POLYGLOT_PENDING_SOCKETS_PER_IP: '2',
      POLYGLOT_PENDING_SOCKETS: '3',
      POLYGLOT_HELLO_TIMEOUT_MS: '20000',
    });
    const silent: WebSocket[] = [];
    try {
      const { url } = await s.session();
      const one = [];
      for (let i = 0; i < 3; i++) one.push(await silentSocket(url, '127.0.0.5', silent));
      assert.deepEqual(one, [101, 101, 429], 'per address');
      const closed = silent.map((ws) => new Promise<number>((ok) => ws.on('close', ok)));
      assert.equal(await silentSocket(url, '127.0.0.6', silent), 101); // the pool of 3 is full
      assert.equal(await silentSocket(url, '127.0.0.7', silent), 101); // so the oldest goes
      assert.equal(await closed[0], 4400);
      assert.deepEqual(
        [silent[1], silent[3], silent[4]].map((ws) => ws!.readyState),
        [WebSocket.OPEN, WebSocket.OPEN, WebSocket.OPEN],
        'the others wait on',
      );
    } finally {
      for (const ws of silent) ws.terminate();
      await s.close();
    }
  });

  it('closes a silent socket after a short deadline (a few seconds by default)', async () => {
    const s = await stack({ POLYGLOT_HELLO_TIMEOUT_MS: '300' });
    try {
      const { url } = await s.session();
      const t0 = performance.now();
      const c = await connectTestClient(url);
      assert.equal(await c.closed, 4400);
      assert.equal(code(c.messages[0]!), 'hello_timeout');
      const ms = performance.now() - t0;
      assert.ok(ms >= 250 && ms < 1_000, `closed after ${ms.toFixed(0)} ms`);
      assert.ok(loadConfig({}).helloTimeoutMs <= 5_000, 'not the old 10 s');
    } finally {
      await s.close();
    }
  });

  it('load: 200 silent sockets from 25 addresses, and a caller has a session within 1 s', async (t) => {
    const s = await stack({});
    const silent: WebSocket[] = [];
    try {
      // A warm server, as a running one is (the first session after start loads models).
      const warm = await s.session();
      const first = await hello(warm.url, warm.token);
      assert.equal(code(await outcome(first)), 'ready');
      first.close();
      const { url } = warm;
      const addresses = Array.from({ length: 25 }, (_, i) => `127.0.0.${i + 2}`);
      const statuses = await Promise.all(
        addresses.flatMap((a) => Array.from({ length: 8 }, () => silentSocket(url, a, silent))),
      );
      assert.equal(statuses.filter((x) => x === 101).length, 200, 'all 200 are open');
      const t0 = performance.now();
      const d = await s.session();
      const caller = await hello(d.url, d.token);
      assert.equal(code(await outcome(caller)), 'ready');
      const ms = performance.now() - t0;
      t.diagnostic(`session ready ${ms.toFixed(0)} ms after asking, beside 200 silent sockets`);
      assert.ok(ms < 1_000, `session after ${ms.toFixed(0)} ms`);
      caller.close();
    } finally {
      for (const ws of silent) ws.terminate();
      await s.close();
    }
  });
});

describe('4. a closing session gives its slot back at once', () => {
  let s: Stack;
  /** Teardowns wait on this: a provider slow to close, as a real one can be (~1 s). */
  let releaseTeardowns!: () => void;
  let teardownGate = new Promise<void>((ok) => (releaseTeardowns = ok));
  before(
    async () =>
      (s = await stack(
        { POLYGLOT_MAX_SESSIONS: '10' },
        {
          runtime: (config) =>
            new LocalRuntime({
              config,
              logger: log(),
              deps: {
                buildPipeline: (lang) => {
                  const p = buildPipeline(config, { language: lang });
                  const close = p.tts.close.bind(p.tts);
                  p.tts.close = async () => {
                    await teardownGate;
                    await close();
                  };
                  return p;
                },
              },
            }),
        },
      )),
  );
  after(async () => {
    releaseTeardowns();
    await s.close();
  });

  it('ten callers cycling sessions under a cap of ten are never refused while old ones shut down', async () => {
    const results: string[] = [];
    await Promise.all(
      Array.from({ length: 10 }, async () => {
        for (let round = 0; round < 2; round++) {
          const d = await s.session();
          const c = await hello(d.url, d.token);
          results.push(code(await outcome(c)));
          c.close();
          await c.closed;
        }
      }),
    );
    assert.deepEqual(
      results.filter((r) => r !== 'ready'),
      [],
    );
    await waitUntil(() => s.server.runtime.activeSessions === 0, 2_000, 'slots free');
    // Their teardowns are still held: the slots did not wait for them.
    const metrics = await (await fetch(`${s.server.url}/metrics`)).text();
    assert.match(metrics, /^polyglot_sessions_closing 20$/m);
    releaseTeardowns();
    teardownGate = Promise.resolve();
    await waitUntil(() => s.server.runtime.closingSessions === 0, 5_000, 'teardowns finished');
  });
});

/** One raw HTTP exchange (the server closes after answering). */
async function rawHttp(
  base: string,
  head: string,
  body = '',
): Promise<{ status: number; json: { error?: { code: string } } & Record<string, unknown> }> {
  const socket = connect(Number(new URL(base).port), '127.0.0.1');
  let text = '';
  socket.on('data', (d) => (text += d.toString()));
  await new Promise((ok) => socket.on('connect', ok));
  socket.end(
    `${head}\r\nConnection: close\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
  await new Promise((ok) => socket.on('close', ok));
  const [status = '', rest = ''] = [text.split('\r\n')[0], text.split('\r\n\r\n')[1]];
  return { status: Number(status.split(' ')[1]), json: rest ? JSON.parse(rest) : {} };
}

describe('5 and 6. the Host header is checked, and never trusted to build URLs', () => {
  let s: Stack;
  before(async () => (s = await stack({})));
  after(() => s.close());
  const port = () => new URL(s.server.url).port;

  it('refuses a DNS-rebinding page (Host and Origin both another name): no token, no socket', async () => {
    const evil = `evil.example:${port()}`;
    const res = await rawHttp(
      s.server.url,
      `POST /api/session HTTP/1.1\r\nHost: ${evil}\r\nOrigin: http://${evil}\r\nContent-Type: application/json`,
      '{}',
    );
    assert.equal(res.status, 421);
    assert.equal(res.json.error?.code, 'host_not_allowed');
    assert.equal(res.json.token, undefined);
    const ws = new WebSocket(`${s.server.url.replace('http', 'ws')}/v1/session`, {
      headers: { host: evil },
      origin: `http://${evil}`,
    });
    const status = await new Promise<number>((ok) => {
      ws.on('unexpected-response', (_req, r) => ok(r.statusCode ?? 0));
      ws.on('open', () => ok(101));
      ws.on('error', () => ok(0));
    });
    assert.equal(status, 421);
  });

  it('answers its own loopback names, and builds the socket URL on the checked Host', async () => {
    const own = `localhost:${port()}`;
    const res = await rawHttp(
      s.server.url,
      `POST /api/session HTTP/1.1\r\nHost: ${own}\r\nOrigin: http://${own}\r\nContent-Type: application/json`,
      '{}',
    );
    assert.equal(res.status, 200);
    assert.equal(res.json.url, `ws://${own}/v1/session`);
  });

  it('answers an unparseable Host with 400 and JSON, never 500 (and issues no token)', async () => {
    for (const host of ['[::1', '@@@', 'a b', 'x:99999']) {
      const res = await rawHttp(
        s.server.url,
        `POST /api/session HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json`,
        '{}',
      );
      assert.equal(res.status, 400, `Host: ${host}`);
      assert.equal(res.json.error?.code, 'bad_request');
      assert.equal(res.json.token, undefined);
    }
  });
});

describe('7. a slow request is cut within seconds', () => {
  it('answers a body dripping a byte at a time with 408 and closes the connection', async () => {
    const s = await stack({ POLYGLOT_HTTP_BODY_TIMEOUT_MS: '500' });
    try {
      const socket = connect(Number(new URL(s.server.url).port), '127.0.0.1');
      socket.on('error', () => {}); // writes after the server hung up
      let text = '';
      socket.on('data', (d) => (text += d.toString()));
      const closed = new Promise((ok) => socket.on('close', ok));
      await new Promise((ok) => socket.on('connect', ok));
      const t0 = performance.now();
      socket.write(
        'POST /api/session HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n',
      );
      const drip = setInterval(() => socket.writable && socket.write('{'), 100);
      const cut = await Promise.race([
        closed.then(() => true),
        new Promise((ok) => setTimeout(() => ok(false), 3_000)),
      ]);
      clearInterval(drip);
      socket.destroy();
      assert.ok(cut, 'the connection is still open after 3 s');
      assert.match(text, /^HTTP\/1\.1 408 /);
      assert.match(text, /"request_timeout"/);
      assert.ok(performance.now() - t0 < 1_500);
      // The defaults cut a slow body, or slow headers, within 10 s.
      const http = loadConfig({}).http;
      assert.ok(http.bodyTimeoutMs <= 10_000 && http.headersTimeoutMs <= 10_000);
      assert.ok(http.requestTimeoutMs + 1_000 <= 10_000, "Node's backstop, checked each second");
    } finally {
      await s.close();
    }
  });

  it('closes a connection whose headers trickle in, and leaves WebSocket sessions alone', async () => {
    const s = await stack({
      POLYGLOT_HTTP_HEADERS_TIMEOUT_MS: '300',
      POLYGLOT_HTTP_REQUEST_TIMEOUT_MS: '400',
      POLYGLOT_HTTP_IDLE_TIMEOUT_MS: '400',
    });
    try {
      const d = await s.session();
      const c = await hello(d.url, d.token);
      assert.equal(code(await outcome(c)), 'ready');
      const socket = connect(Number(new URL(s.server.url).port), '127.0.0.1');
      socket.on('error', () => {}); // writes after the server hung up
      const closed = new Promise((ok) => socket.on('close', ok));
      await new Promise((ok) => socket.on('connect', ok));
      socket.write('GET / HTTP/1.1\r\n');
      const drip = setInterval(() => socket.writable && socket.write('X-A: b\r\n'), 50);
      const cut = await Promise.race([
        closed.then(() => true),
        new Promise((ok) => setTimeout(() => ok(false), 2_000)),
      ]);
      clearInterval(drip);
      socket.destroy();
      assert.ok(cut, 'trickling headers held the connection for 2 s');
      // The session's socket has outlived every HTTP timeout.
      c.send({ type: 'ping', t: 5 });
      await c.waitFor((m) => m.type === 'pong');
      c.close();
    } finally {
      await s.close();
    }
  });
});

describe('8. microphone audio is paced', () => {
  it('closes a session that floods audio (audio_too_fast, its own close code); another session goes on', async () => {
    // On a session thread: the flood must be cut before the relay.
    const s = await stack({ POLYGLOT_SESSION_THREADS: '1' });
    try {
      const g = await s.session();
      const good = await hello(g.url, g.token);
      assert.equal(code(await outcome(good)), 'ready');
      const d = await s.session();
      const flood = await connectTestClient(d.url);
      flood.send({ type: 'hello', protocol: 1, token: d.token });
      assert.equal(code(await outcome(flood)), 'ready');
      // 19 MB of audio (~10 minutes) as fast as the socket takes it.
      const frame = Buffer.alloc(32_000);
      for (let i = 0; i < 600 && flood.ws.readyState === flood.ws.OPEN; i++) flood.ws.send(frame);
      const err = await flood.waitFor((m) => m.type === 'error' && m.fatal);
      assert.equal(code(err), 'audio_too_fast');
      assert.equal(await flood.closed, 4413);
      good.send({ type: 'ping', t: 8 });
      await good.waitFor((m) => m.type === 'pong');
      assert.ok(!good.messages.some((m) => m.type === 'error'));
      good.close();
    } finally {
      await s.close();
    }
  });
});
