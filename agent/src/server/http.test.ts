/**
 * The session server as a partner's page and a hostile client meet it: routes, origin checks,
 * clear errors for missing configuration, and a local session that survives bad input.
 */
import { initializeLogger, log } from '@livekit/agents';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Logger } from 'pino';
import { WebSocket } from 'ws';
import { startOpenAIFake, type OpenAIFake } from '../../../test/fakes/openai.js';
import { loadConfig } from '../config.js';
import { recordingLogger } from '../observability/test-logger.js';
import { startServer, type RunningServer } from './http.js';

initializeLogger({ pretty: false, level: 'fatal' });

async function serve(env: Record<string, string>, logger?: Logger): Promise<RunningServer> {
  return startServer({
    config: loadConfig({ PORT: '0', ...env }),
    logger: logger ?? log(),
    version: 'test',
  });
}

describe('session server without provider keys', () => {
  let s: RunningServer;
  before(async () => (s = await serve({})));
  after(() => s.close());

  it('GET /healthz reports degraded and names the missing variables', async () => {
    const res = await fetch(`${s.url}/healthz`);
    assert.equal(res.status, 200);
    const body = (await res.json()) as {
      status: string;
      runtime: string;
      missing: string[];
      version: string;
    };
    assert.equal(body.status, 'degraded');
    assert.equal(body.runtime, 'local');
    assert.equal(body.version, 'test');
    assert.ok(body.missing.includes('OPENAI_API_KEY'));
  });

  it('POST /api/session answers 503 naming each missing variable, never a fake session', async () => {
    const res = await fetch(`${s.url}/api/session`, { method: 'POST', body: '{}' });
    assert.equal(res.status, 503);
    const body = (await res.json()) as {
      error: { code: string; message: string; missing: string[] };
    };
    assert.equal(body.error.code, 'providers_missing');
    assert.match(body.error.message, /OPENAI_API_KEY/);
    assert.deepEqual(body.error.missing.sort(), [
      'CARTESIA_API_KEY',
      'DEEPGRAM_API_KEY',
      'OPENAI_API_KEY',
    ]);
  });

  it('serves the demo page with the CDN script tag, and the bundle', async () => {
    const page = await (await fetch(`${s.url}/`)).text();
    assert.match(page, /<script type="module" src="\/polyglot-assistant\.js"><\/script>/);
    assert.match(page, /<polyglot-assistant endpoint="\/api\/session">/);
    const js = await fetch(`${s.url}/polyglot-assistant.js`);
    assert.equal(js.status, 200, 'run `npm run build` first');
    assert.match(js.headers.get('content-type') ?? '', /javascript/);
  });

  it('GET /metrics is Prometheus text', async () => {
    const text = await (await fetch(`${s.url}/metrics`)).text();
    assert.match(text, /^# TYPE polyglot_sessions_active gauge$/m);
  });

  it('does not serve files outside its folders', async () => {
    const res = await fetch(`${s.url}/demo/..%2f..%2fpackage.json`);
    assert.equal(res.status, 404);
  });
});

describe('session server with providers (against the OpenAI fake)', () => {
  let s: RunningServer;
  let openai: OpenAIFake;
  const logs = recordingLogger();
  before(async () => {
    openai = await startOpenAIFake();
    s = await serve(
      {
        OPENAI_API_KEY: 'sk-test',
        OPENAI_BASE_URL: openai.baseURL,
        POLYGLOT_ALLOWED_ORIGINS: 'https://partner.example',
      },
      logs.logger,
    );
  });
  after(async () => {
    await s.close();
    await openai.close();
  });

  const session = async (origin?: string) =>
    fetch(`${s.url}/api/session`, {
      method: 'POST',
      headers: origin ? { origin, 'content-type': 'application/json' } : {},
      body: JSON.stringify({ lang: 'es' }),
    });

  it('returns a local descriptor to an allowed origin, with CORS', async () => {
    const res = await session('https://partner.example');
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('access-control-allow-origin'), 'https://partner.example');
    const d = (await res.json()) as {
      transport: string;
      url: string;
      token: string;
      expiresAt: number;
    };
    assert.equal(d.transport, 'local');
    assert.match(d.url, /^ws:\/\/127\.0\.0\.1:\d+\/v1\/session$/);
    assert.ok(d.expiresAt - Date.now() <= 10 * 60_000);
  });

  it('refuses a disallowed origin with 403, and the page can read why (CORS) but gets no token', async () => {
    const refusals = () => logs.lines.filter((l) => l.origin === 'https://other.example');
    // The browser's preflight, then the POST: the preflight must pass for the page to see the
    // POST's answer at all (a failed preflight is a network error to the page).
    const preflight = await fetch(`${s.url}/api/session`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://other.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers.get('access-control-allow-origin'), 'https://other.example');
    assert.match(preflight.headers.get('access-control-allow-headers') ?? '', /content-type/);
    const res = await session('https://other.example');
    assert.equal(res.status, 403);
    assert.equal(res.headers.get('access-control-allow-origin'), 'https://other.example');
    const body = (await res.json()) as { error: { code: string; message: string } };
    assert.deepEqual(Object.keys(body), ['error'], 'no token, no descriptor');
    assert.equal(body.error.code, 'origin_not_allowed');
    assert.equal(
      body.error.message,
      'Pages on https://other.example may not open sessions: add the origin to POLYGLOT_ALLOWED_ORIGINS.',
    );
    // Both refusals are logged, each naming the setting to change.
    assert.deepEqual(
      refusals().map((l) => [l.level, l.request, l.setting]),
      [
        [
          40,
          'preflight',
          'POLYGLOT_ALLOWED_ORIGINS (demo partner) or allowedOrigins of the partner the page names',
        ],
        [40, 'session', 'POLYGLOT_ALLOWED_ORIGINS'],
      ],
    );
    assert.match(String(refusals()[1]?.msg), /https:\/\/other\.example.*POLYGLOT_ALLOWED_ORIGINS/);
  });

  it('refuses a WebSocket from a disallowed origin, and logs the setting', async () => {
    const ws = new WebSocket(s.url.replace('http', 'ws') + '/v1/session', {
      origin: 'https://evil.example',
    });
    const status = await new Promise<number>((ok) =>
      ws.on('unexpected-response', (_req, res) => ok(res.statusCode ?? 0)),
    );
    assert.equal(status, 403);
    const line = logs.lines.find((l) => l.origin === 'https://evil.example');
    assert.equal(line?.request, 'websocket');
    assert.match(String(line?.msg), /POLYGLOT_ALLOWED_ORIGINS/);
  });

  /** Opens a socket and collects the server's JSON messages. */
  async function open(): Promise<{
    ws: WebSocket;
    messages: { type: string; code?: string }[];
    closed: Promise<number>;
  }> {
    const ws = new WebSocket(s.url.replace('http', 'ws') + '/v1/session');
    const messages: { type: string; code?: string }[] = [];
    ws.on('message', (d, binary) => {
      if (!binary) messages.push(JSON.parse(d.toString()));
    });
    const closed = new Promise<number>((ok) => ws.on('close', (code) => ok(code)));
    await new Promise((ok) => ws.on('open', ok));
    return { ws, messages, closed };
  }
  const until = async (pred: () => boolean, ms = 5000) => {
    const end = Date.now() + ms;
    while (!pred() && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
    assert.ok(pred(), 'condition not met in time');
  };

  it('closes a session whose token is forged, with bad_token', async () => {
    const { ws, messages, closed } = await open();
    ws.send(JSON.stringify({ type: 'hello', protocol: 1, token: 'eyJzaWQiOiJ4In0.forged' }));
    assert.equal(await closed, 4401);
    assert.equal(messages.find((m) => m.type === 'error')?.code, 'bad_token');
  });

  it('answers malformed and oversized messages with errors, and the session goes on', async () => {
    const d = (await (await session()).json()) as { token: string };
    const { ws, messages } = await open();
    ws.send(JSON.stringify({ type: 'hello', protocol: 1, token: d.token, lang: 'en' }));
    await until(() => messages.some((m) => m.type === 'ready'));
    ws.send('{not json');
    ws.send(JSON.stringify({ type: 'user_text', text: '' }));
    ws.send(JSON.stringify({ type: 'teleport' }));
    ws.send(Buffer.alloc(40_000)); // over the audio frame limit
    await until(() => messages.filter((m) => m.type === 'error').length >= 4);
    const codes = messages.filter((m) => m.type === 'error').map((m) => m.code);
    assert.deepEqual(codes, ['bad_message', 'bad_message', 'bad_message', 'frame_too_large']);
    // Still alive: a ping is answered and a typed message is answered by the LLM.
    ws.send(JSON.stringify({ type: 'ping', t: 1 }));
    ws.send(JSON.stringify({ type: 'user_text', text: 'hello' }));
    await until(() => messages.some((m) => m.type === 'pong'));
    await until(
      () => openai.chatRequests.some((r) => r.messages.some((m) => m.content === 'hello')),
      10_000,
    );
    ws.close();
  });

  it('one hostile session does not disturb another', async () => {
    const d1 = (await (await session()).json()) as { token: string };
    const good = await open();
    good.ws.send(JSON.stringify({ type: 'hello', protocol: 1, token: d1.token }));
    await until(() => good.messages.some((m) => m.type === 'ready'));
    const bad = await open();
    for (let i = 0; i < 50; i++) bad.ws.send('garbage');
    bad.ws.send(JSON.stringify({ type: 'hello', protocol: 99, token: 'x' }));
    assert.equal(await bad.closed, 4400);
    good.ws.send(JSON.stringify({ type: 'ping', t: 7 }));
    await until(() => good.messages.some((m) => m.type === 'pong'));
    assert.equal(good.messages.filter((m) => m.type === 'error').length, 0);
    good.ws.close();
  });
});
