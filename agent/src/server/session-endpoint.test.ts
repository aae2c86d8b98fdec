/**
 * POST /api/session as partners' pages meet it: the partner's allowed origins (403 otherwise),
 * short-lived tokens, rate limits per address and per partner, and a local session that
 * speaks with the partner's greeting, language and tools.
 */
import { initializeLogger, log } from '@livekit/agents';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startOpenAIFake, type OpenAIFake } from '../../../test/fakes/openai.js';
import { loadConfig } from '../config.js';
import { recordingLogger } from '../observability/test-logger.js';
import { WebSocket } from 'ws';
import { connectTestClient } from '../runtimes/local/test-client.js';
import { startServer, type RunningServer } from './http.js';
import { TOKEN_TTL_MS, verifyToken } from './tokens.js';

initializeLogger({ pretty: false, level: 'fatal' });

const PARTNERS = [
  {
    key: 'acme',
    name: 'Acme Travel',
    allowedOrigins: ['https://www.acme.example'],
    greeting: { es: '¡Hola! Soy el asistente de Acme. ¿A dónde viajas?' },
    defaultLanguage: 'es',
    tools: ['search_flights'],
    sessionsPerMinute: 3,
    offerLinkTemplate: 'https://www.acme.example/book?offer={offerId}&date={departureDate}',
  },
  { key: 'globex', name: 'Globex', allowedOrigins: ['https://globex.example'] },
];

describe('POST /api/session with partners', () => {
  const logs = recordingLogger();
  let openai: OpenAIFake;
  let s: RunningServer;
  let clock = Date.now();
  const env = () => ({
    PORT: '0',
    OPENAI_API_KEY: 'sk-test',
    OPENAI_BASE_URL: openai.baseURL,
    POLYGLOT_SESSION_SECRET: 'test-secret',
    POLYGLOT_PARTNERS: JSON.stringify(PARTNERS),
    POLYGLOT_SESSIONS_PER_IP_PER_MINUTE: '8',
  });
  before(async () => {
    openai = await startOpenAIFake({
      rules: [
        {
          when: ({ lastUser, lastTool }) => lastUser === 'Search it' && lastTool === undefined,
          reply: {
            toolCall: {
              name: 'search_flights',
              arguments: { origin: 'Madrid', destination: 'LHR', departure_date: 'next friday' },
            },
          },
        },
      ],
    });
    s = await startServer({
      config: loadConfig(env()),
      env: env(),
      logger: logs.logger,
      version: 'test',
      now: () => clock,
    });
  });
  after(async () => {
    await s.close();
    await openai.close();
  });

  const post = (body: object, origin?: string) =>
    fetch(`${s.url}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(origin ? { origin } : {}) },
      body: JSON.stringify(body),
    });
  type Err = { error: { code: string; message: string } };

  it('gives a partner’s page a token that lives at most 10 minutes, with CORS', async () => {
    clock += 120_000;
    const res = await post({ partnerKey: 'acme' }, 'https://www.acme.example');
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('access-control-allow-origin'), 'https://www.acme.example');
    const d = (await res.json()) as { token: string; expiresAt: number };
    assert.ok(d.expiresAt - clock <= 10 * 60_000 && TOKEN_TTL_MS <= 10 * 60_000);
    const check = verifyToken(Buffer.from('test-secret'), d.token, clock);
    assert.ok(check.ok);
    assert.equal(check.claims.partner, 'acme');
    assert.equal(check.claims.origin, 'https://www.acme.example');
    assert.equal(check.claims.lang, 'es', 'the partner’s default language');
    assert.equal(verifyToken(Buffer.from('test-secret'), d.token, d.expiresAt).ok, false);
  });

  it('hands the partner’s offer link template to the widget with the session', async () => {
    clock += 120_000;
    const acme = (await (
      await post({ partnerKey: 'acme' }, 'https://www.acme.example')
    ).json()) as {
      offerLinkTemplate?: string;
    };
    assert.equal(
      acme.offerLinkTemplate,
      'https://www.acme.example/book?offer={offerId}&date={departureDate}',
    );
    const globex = (await (
      await post({ partnerKey: 'globex' }, 'https://globex.example')
    ).json()) as {
      offerLinkTemplate?: string;
    };
    assert.ok(!('offerLinkTemplate' in globex), 'a partner without one gets none');
  });

  it('refuses a choice of an offer the session never showed, and goes on', async () => {
    clock += 120_000;
    const d = (await (await post({ partnerKey: 'globex' }, 'https://globex.example')).json()) as {
      url: string;
      token: string;
    };
    const c = await connectTestClient(d.url, { origin: 'https://globex.example' });
    c.send({ type: 'hello', protocol: 1, token: d.token, audio: false, lang: 'en' });
    await c.waitFor((m) => m.type === 'ready');
    const asked = openai.chatRequests.length;
    c.send({ type: 'offer_selected', offerId: 'off_never_shown' });
    const err = await c.waitFor((m) => m.type === 'error');
    assert.deepEqual(err.type === 'error' && [err.code, err.fatal], ['unknown_offer', false]);
    c.send({ type: 'offer_selected', offerId: '' });
    const bad = await c.waitFor((m) => m.type === 'error' && m.code === 'bad_message');
    assert.match(bad.type === 'error' ? bad.message : '', /offerId/);
    c.send({ type: 'ping', t: 1 });
    await c.waitFor((m) => m.type === 'pong');
    assert.equal(openai.chatRequests.length, asked, 'the model heard nothing of it');
    c.close();
  });

  it('refuses a page on a disallowed origin with 403 and JSON the page can read', async () => {
    clock += 120_000;
    const res = await post({ partnerKey: 'acme' }, 'https://evil.example');
    assert.equal(res.status, 403);
    // Readable by the page (the widget tells the developer), yet nothing in it opens a session.
    assert.equal(res.headers.get('access-control-allow-origin'), 'https://evil.example');
    const body = (await res.json()) as Err;
    assert.deepEqual(Object.keys(body), ['error']);
    assert.equal(body.error.code, 'origin_not_allowed');
    assert.equal(
      body.error.message,
      'Pages on https://evil.example may not open sessions: add the origin to allowedOrigins of partner "acme".',
    );
    const logged = logs.lines.find((l) => l.origin === 'https://evil.example');
    assert.equal(logged?.level, 40);
    assert.equal(logged?.setting, 'allowedOrigins of partner "acme"');
    assert.match(String(logged?.msg), /allowedOrigins of partner "acme"/);
  });

  it('refuses one partner’s origin for another partner, and the demo partner off-site', async () => {
    clock += 120_000;
    assert.equal((await post({ partnerKey: 'globex' }, 'https://www.acme.example')).status, 403);
    assert.equal((await post({}, 'https://www.acme.example')).status, 403);
    assert.equal((await post({ partnerKey: 'acme' }, s.url)).status, 403);
    assert.equal((await post({}, s.url)).status, 200, 'the demo page itself is same-origin');
  });

  it('refuses an unknown partner key by name', async () => {
    clock += 120_000;
    const res = await post({ partnerKey: 'nobody' }, 'https://www.acme.example');
    assert.equal(res.status, 403);
    const body = (await res.json()) as Err;
    assert.equal(body.error.code, 'unknown_partner');
    assert.match(body.error.message, /"nobody".*partner-key attribute/);
    // The page can read why, so the partner's developer sees it in the widget.
    assert.equal(res.headers.get('access-control-allow-origin'), 'https://www.acme.example');
  });

  it('rate-limits per partner: a busy partner is refused, others are not', async () => {
    clock += 120_000;
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      statuses.push((await post({ partnerKey: 'acme' }, 'https://www.acme.example')).status);
    }
    assert.deepEqual(statuses, [200, 200, 200, 429]);
    const refused = await post({ partnerKey: 'acme' }, 'https://www.acme.example');
    assert.equal(((await refused.json()) as Err).error.code, 'rate_limited');
    assert.equal((await post({ partnerKey: 'globex' }, 'https://globex.example')).status, 200);
    clock += 20_000; // one session's worth of refill at 3 a minute
    assert.equal((await post({ partnerKey: 'acme' }, 'https://www.acme.example')).status, 200);
  });

  it('rate-limits per address', async () => {
    clock += 120_000;
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push((await post({ partnerKey: 'globex' })).status);
    assert.equal(statuses.filter((x) => x === 200).length, 8);
    assert.deepEqual(statuses.slice(8), [429, 429]);
  });

  it('runs the local session with the partner’s greeting, language and tools', async () => {
    clock += 120_000; // the socket checks expiry against the real clock, still before exp
    const d = (await (await post({ partnerKey: 'acme' }, 'https://www.acme.example')).json()) as {
      url: string;
      token: string;
    };
    const c = await connectTestClient(d.url, { origin: 'https://www.acme.example' });
    c.send({ type: 'hello', protocol: 1, token: d.token, audio: false });
    const greeting = await c.waitFor(
      (m) => m.type === 'transcript' && m.role === 'assistant' && m.final,
    );
    assert.equal(greeting.type === 'transcript' && greeting.text, PARTNERS[0]!.greeting!.es);
    assert.equal(greeting.type === 'transcript' && greeting.language, 'es');
    c.send({ type: 'user_text', text: 'Hola' });
    await c.until(() => openai.chatRequests.length > 0, 15_000, 'LLM request');
    // The partner enabled search_flights only: more_flights (reading more of a search) comes with
    // it, and every session can hand over to a person and note the caller's mood.
    assert.deepEqual([...openai.chatRequests.at(-1)!.tools].sort(), [
      'more_flights',
      'note_sentiment',
      'search_flights',
      'transfer_to_human',
    ]);
    assert.match(
      JSON.stringify(openai.chatRequests.at(-1)!.messages[0]),
      /The page language is es\./,
    );
    c.close();
  });

  it('resumes a dropped conversation: no second greeting, the history reaches the model', async () => {
    clock += 120_000;
    const d = (await (await post({ partnerKey: 'globex' }, 'https://globex.example')).json()) as {
      url: string;
      token: string;
    };
    const c = await connectTestClient(d.url, { origin: 'https://globex.example' });
    c.send({
      type: 'hello',
      protocol: 1,
      token: d.token,
      audio: false,
      lang: 'en',
      resume: {
        history: [
          { role: 'assistant', text: 'Hi! Where would you like to fly?' },
          { role: 'user', text: 'To Rome, please' },
          { role: 'assistant', text: 'From which city?' },
        ],
      },
    });
    await c.waitFor((m) => m.type === 'ready');
    const before = openai.chatRequests.length;
    c.send({ type: 'user_text', text: 'From Madrid' });
    await c.until(() => openai.chatRequests.length > before, 15_000, 'LLM request');
    const texts = openai.chatRequests
      .at(-1)!
      .messages.filter((m) => m.role !== 'system')
      .map((m) => `${m.role}:${typeof m.content === 'string' ? m.content : ''}`);
    assert.deepEqual(texts.slice(-4), [
      'assistant:Hi! Where would you like to fly?',
      'user:To Rome, please',
      'assistant:From which city?',
      'user:From Madrid',
    ]);
    assert.ok(
      !c.messages.some(
        (m) => m.type === 'transcript' && m.role === 'assistant' && /fly\?/.test(m.text),
      ),
      'greeted again',
    );
    c.close();
  });

  it('stamps tool progress and flight results with the turn of the request', async () => {
    clock += 120_000;
    const d = (await (await post({ partnerKey: 'globex' }, 'https://globex.example')).json()) as {
      url: string;
      token: string;
    };
    const c = await connectTestClient(d.url, { origin: 'https://globex.example' });
    c.send({ type: 'hello', protocol: 1, token: d.token, audio: false, lang: 'en' });
    await c.waitFor((m) => m.type === 'transcript' && m.role === 'assistant' && m.final);
    c.send({ type: 'user_text', text: 'Search it' });
    const user = await c.waitFor(
      (m) => m.type === 'transcript' && m.role === 'user' && m.text === 'Search it',
    );
    const tool = await c.waitFor((m) => m.type === 'tool' && m.status === 'started');
    assert.equal(tool.type === 'tool' && tool.tool, 'search_flights');
    assert.equal(tool.type === 'tool' && tool.turn, user.type === 'transcript' && user.turn);
    assert.ok(user.type === 'transcript' && user.turn >= 1);
    c.close();
  });

  it('a token cannot be replayed from another origin', async () => {
    clock += 120_000;
    const d = (await (await post({ partnerKey: 'globex' }, 'https://globex.example')).json()) as {
      url: string;
      token: string;
    };
    const c = await connectTestClient(d.url, { origin: 'https://www.acme.example' });
    c.send({ type: 'hello', protocol: 1, token: d.token, audio: false });
    assert.equal(await c.closed, 4401);
    const err = c.messages.find((m) => m.type === 'error');
    assert.equal(err?.type === 'error' && err.code, 'bad_token');
  });
});

describe('WebSocket upgrades are rate-limited per address', () => {
  it('answers 429 beyond twice the per-address session rate', async () => {
    const env = { PORT: '0', POLYGLOT_SESSIONS_PER_IP_PER_MINUTE: '2' };
    const clock = 1_000;
    const s = await startServer({
      config: loadConfig(env),
      env,
      logger: log(),
      version: 't',
      now: () => clock,
    });
    try {
      const url = `${s.url.replace('http', 'ws')}/v1/session`;
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) {
        statuses.push(
          await new Promise<number>((ok) => {
            const ws = new WebSocket(url);
            ws.on('open', () => {
              ws.close();
              ok(101);
            });
            ws.on('unexpected-response', (_req, res) => ok(res.statusCode ?? 0));
            ws.on('error', () => {});
          }),
        );
      }
      assert.deepEqual(statuses, [101, 101, 101, 101, 429]);
    } finally {
      await s.close();
    }
  });
});
