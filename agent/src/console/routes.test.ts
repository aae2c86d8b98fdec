/**
 * The operator console's doors, as an attacker and a curious operator try them: nothing is
 * reachable signed out, another partner's sessions do not exist, state changes need the CSRF
 * token from the console's own origin, sign-in is rate-limited, and the audit log keeps it all.
 */
import { initializeLogger, log } from '@livekit/agents';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from '../config.js';
import { startServer, type RunningServer } from '../server/http.js';
import { hashPassword } from './operators.js';
import { timedTurn as turn } from '../state/test-turns.js';

initializeLogger({ pretty: false, level: 'fatal' });

const PASSWORD = 'correct horse battery';
const hash = hashPassword(PASSWORD);
const OPERATORS = [
  { username: 'root', passwordHash: hash, role: 'admin' },
  { username: 'ana', passwordHash: hash, role: 'operator', partner: 'acme' },
  { username: 'bo', passwordHash: hash, role: 'operator', partner: 'globex' },
];
const PARTNERS = [
  { key: 'acme', name: 'Acme Travel' },
  { key: 'globex', name: 'Globex Trips' },
];

interface SignedIn {
  cookie: string;
  csrf: string;
  setCookie: string;
}

describe('operator console access', () => {
  let s: RunningServer;
  let origin: string;
  // Sign-ins are rate-limited: each test's start a minute after the last one's.
  let t = Date.now();
  before(async () => {
    s = await startServer({
      now: () => t,
      config: loadConfig({
        PORT: '0',
        POLYGLOT_SESSION_THREADS: '0',
        POLYGLOT_PARTNERS: JSON.stringify(PARTNERS),
        POLYGLOT_OPERATORS: JSON.stringify(OPERATORS),
      }),
      logger: log(),
      version: 'test',
    });
    origin = s.url;
    s.runtime.store.start({ id: 'acme-call', partner: 'acme', lang: 'es', runtime: 'local' });
    s.runtime.store.start({ id: 'globex-call', partner: 'globex', lang: 'en', runtime: 'local' });
    s.runtime.store.append('acme-call', {
      role: 'user',
      turn: 1,
      text: 'Mi correo es ana@example.com',
      language: 'es',
    });
  });
  after(() => s.close());

  const api = (path: string, init: RequestInit & { as?: SignedIn } = {}) => {
    const headers = new Headers(init.headers);
    if (init.as) headers.set('cookie', init.as.cookie);
    if (init.method === 'POST' && !headers.has('origin')) headers.set('origin', origin);
    return fetch(`${s.url}/console/api/${path}`, { ...init, headers });
  };

  async function signIn(username: string, password = PASSWORD): Promise<SignedIn> {
    t += 60_000;
    const res = await api('sign-in', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    assert.equal(res.status, 200, await res.clone().text());
    const setCookie = res.headers.get('set-cookie') ?? '';
    const body = (await res.json()) as { csrf: string };
    return { cookie: setCookie.split(';')[0]!, csrf: body.csrf, setCookie };
  }

  const ROUTES: [string, string][] = [
    ['GET', 'me'],
    ['GET', 'events'],
    ['GET', 'audit'],
    ['GET', 'sessions/acme-call'],
    ['GET', 'analytics'],
    ['GET', 'history'],
    ['GET', 'history.csv'],
    ['GET', 'history.json'],
    ['POST', 'sign-out'],
    ['POST', 'sessions/acme-call/take-over'],
    ['POST', 'sessions/acme-call/message'],
    ['POST', 'sessions/acme-call/hand-back'],
    ['POST', 'sessions/acme-call/end'],
    ['POST', 'sessions/acme-call/join-voice'],
  ];

  it('answers 401 on every API route signed out, and with a made-up cookie', async () => {
    for (const [method, path] of ROUTES) {
      for (const cookie of [undefined, 'polyglot_console=forged']) {
        const res = await api(path, { method, ...(cookie && { headers: { cookie } }) });
        assert.equal(res.status, 401, `${method} ${path}`);
        const body = (await res.json()) as { error: { code: string } };
        assert.equal(body.error.code, 'unauthorized');
      }
    }
  });

  it('serves the page shell signed out, with a CSP that forbids framing', async () => {
    const res = await fetch(`${s.url}/console`);
    assert.equal(res.status, 200);
    assert.match(await res.text(), /<polyglot-console>/);
    assert.match(res.headers.get('content-security-policy') ?? '', /frame-ancestors 'none'/);
  });

  it('looks up the page’s lazy chunks by their dotted names, and nothing outside its folder', async () => {
    const lookedUp = async (name: string) => {
      const res = await fetch(`${s.url}/console/${name}`);
      if (res.status === 200) return true;
      const body = (await res.json()) as { error: { message: string } };
      return /No such script here/.test(body.error.message);
    };
    // A chunk the build may not have made here: looked up, not "no route".
    assert.equal(await lookedUp('livekit-client.esm-Zz09_-x.js'), true);
    assert.equal(await lookedUp('livekit-client.esm-Zz09_-x.js.map'), true);
    for (const bad of ['..js', 'a..js', '.hidden.js', '..%2Fpackage.js'])
      assert.equal(await lookedUp(bad), false, bad);
  });

  it('refuses a wrong password, then rate-limits sign-in, both audited', async () => {
    const wrong = await api('sign-in', {
      method: 'POST',
      body: JSON.stringify({ username: 'root', password: 'guess' }),
    });
    assert.equal(wrong.status, 401);
    let last = 0;
    for (let i = 0; i < 6; i++) {
      last = (
        await api('sign-in', {
          method: 'POST',
          body: JSON.stringify({ username: 'nobody', password: 'guess' }),
        })
      ).status;
    }
    assert.equal(last, 429);
    const admin = await signIn('root');
    const audit = (await (await api('audit', { as: admin })).json()) as {
      entries: { actor: string; action: string; outcome: string; detail?: string }[];
    };
    assert.ok(audit.entries.some((e) => e.actor === 'root' && e.detail === 'bad credentials'));
    assert.ok(audit.entries.some((e) => e.actor === 'nobody' && e.detail === 'rate limited'));
  });

  it('sets an HttpOnly, SameSite=Strict cookie (not Secure on plain-http loopback)', async () => {
    const { setCookie } = await signIn('ana');
    assert.match(setCookie, /HttpOnly/);
    assert.match(setCookie, /SameSite=Strict/);
    assert.match(setCookie, /Path=\/console/);
    assert.doesNotMatch(setCookie, /Secure/);
  });

  it("shows an operator their partner's session, masked, and another partner's as missing", async () => {
    const ana = await signIn('ana');
    const own = await api('sessions/acme-call', { as: ana });
    assert.equal(own.status, 200);
    const record = (await own.json()) as { transcript: { text: string }[] };
    assert.doesNotMatch(JSON.stringify(record.transcript), /ana@example\.com/);
    const bo = await signIn('bo');
    for (const [method, path] of ROUTES.filter(([, p]) => p.startsWith('sessions/'))) {
      const res = await api(path, {
        method,
        as: bo,
        headers: { 'x-polyglot-csrf': bo.csrf },
        ...(path.endsWith('message') && { body: JSON.stringify({ text: 'hola' }) }),
      });
      assert.equal(res.status, 404, `${method} ${path} as another partner's operator`);
    }
    const audit = await api('audit', { as: bo });
    assert.equal(audit.status, 403, 'only admins read the audit log');
  });

  it('lists only what the operator may see on the event stream', async () => {
    const read = async (who: SignedIn) => {
      const res = await api('events', { as: who });
      assert.equal(res.headers.get('content-type'), 'text/event-stream; charset=utf-8');
      const reader = res.body!.getReader();
      let text = '';
      while (!text.includes('\n\n')) text += new TextDecoder().decode((await reader.read()).value);
      await reader.cancel();
      const data = /^data: (.*)$/m.exec(text)![1]!;
      return (JSON.parse(data) as { sessions: { id: string }[] }).sessions.map((x) => x.id);
    };
    assert.deepEqual(await read(await signIn('ana')), ['acme-call']);
    assert.deepEqual(await read(await signIn('bo')), ['globex-call']);
    assert.deepEqual((await read(await signIn('root'))).sort(), ['acme-call', 'globex-call']);
  });

  it("exports the history as CSV and JSON, each operator their own partner's only", async () => {
    s.runtime.store.start({ id: 'acme-old', partner: 'acme', lang: 'fr', runtime: 'local' });
    s.runtime.store.flightSearch('acme-old', 'succeeded');
    s.runtime.store.turnLatency('acme-old', turn(812));
    s.runtime.store.end('acme-old', '=HYPERLINK("https://evil.example","ok")');
    s.runtime.store.start({ id: 'globex-old', partner: 'globex', lang: 'de', runtime: 'local' });
    s.runtime.store.end('globex-old', 'bye');
    const ana = await signIn('ana');
    const csvRes = await api('history.csv', { as: ana });
    assert.equal(csvRes.status, 200);
    assert.equal(csvRes.headers.get('content-type'), 'text/csv; charset=utf-8');
    assert.match(
      csvRes.headers.get('content-disposition') ?? '',
      /^attachment; filename=".+\.csv"$/,
    );
    const csv = await csvRes.text();
    const row = csv.split('\r\n').find((l) => l.startsWith('acme-old,'));
    assert.ok(row, csv);
    assert.match(row, /,"'=HYPERLINK\(""https:\/\/evil\.example"",""ok""\)",fr,/);
    assert.match(row, /,1,0,1,812,812,$/);
    assert.doesNotMatch(csv, /globex/);
    const json = (await (await api('history.json', { as: ana })).json()) as {
      entries: { id: string; partner: string }[];
    };
    assert.deepEqual(
      json.entries.map((e) => e.id).sort(),
      ['acme-call', 'acme-old'].sort(),
      'ended and live sessions of acme only',
    );
    const bo = await signIn('bo');
    const boJson = (await (await api('history.json', { as: bo })).json()) as {
      entries: { partner: string }[];
    };
    assert.ok(boJson.entries.length > 0);
    assert.ok(boJson.entries.every((e) => e.partner === 'globex'));
    const boCsv = await (await api('history.csv', { as: bo })).text();
    assert.doesNotMatch(boCsv, /acme/);
    const boFigures = (await (await api('analytics', { as: bo })).json()) as {
      sessions: number;
      languages: { lang: string }[];
      flightSearches: { succeeded: number };
    };
    assert.deepEqual(
      boFigures.languages.map((l) => l.lang).sort(),
      ['de', 'en'],
      "another partner's languages are not counted",
    );
    assert.equal(boFigures.flightSearches.succeeded, 0);
    const root = await signIn('root');
    const all = (await (await api('analytics', { as: root })).json()) as {
      sessions: number;
      voiceToVoice: { p50Ms: number };
    };
    assert.equal(all.sessions, boFigures.sessions + json.entries.length);
    assert.equal(all.voiceToVoice.p50Ms, 812);
    const audit = (await (await api('audit', { as: root })).json()) as {
      entries: { actor: string; action: string; detail?: string }[];
    };
    assert.ok(audit.entries.some((e) => e.actor === 'ana' && e.action === 'export'));
  });

  it("streams a session's timed turns to its partner's operators only, and lists the breakdowns", async () => {
    const ana = await signIn('ana');
    const bo = await signIn('bo');
    const open = async (who: SignedIn) => {
      const res = await api('events', { as: who });
      const reader = res.body!.getReader();
      let text = '';
      while (!text.includes('\n\n')) text += new TextDecoder().decode((await reader.read()).value);
      return {
        reader,
        text: () => text,
        more: async () => {
          text += new TextDecoder().decode((await reader.read()).value);
        },
      };
    };
    const anaStream = await open(ana);
    const boStream = await open(bo);
    s.runtime.store.turnLatency('acme-call', turn(640));
    s.runtime.store.turnLatency('globex-call', turn(910));
    while (!anaStream.text().includes('event: latency')) await anaStream.more();
    while (!boStream.text().includes('event: latency')) await boStream.more();
    await anaStream.reader.cancel();
    await boStream.reader.cancel();
    assert.match(
      anaStream.text(),
      /"sessionId":"acme-call","latency":\{"eouMs":340,"sttMs":100,"llmMs":200,"ttsMs":100,"voiceToVoiceMs":640/,
    );
    assert.doesNotMatch(anaStream.text(), /globex-call/);
    assert.doesNotMatch(boStream.text(), /acme-call/);
    const detail = (await (await api('sessions/acme-call', { as: ana })).json()) as {
      latencies: { voiceToVoiceMs: number }[];
    };
    assert.deepEqual(
      detail.latencies.map((l) => l.voiceToVoiceMs),
      [640],
    );
  });

  it("lists a session's running tool in the snapshots while it runs, and clears it when it ends", async () => {
    const ana = await signIn('ana');
    const res = await api('events', { as: ana });
    const reader = res.body!.getReader();
    let text = '';
    // Each snapshot's acme-call, in order.
    const calls = () =>
      [...text.matchAll(/^event: snapshot\ndata: (.*)$/gm)].map(
        (m) =>
          (JSON.parse(m[1]!) as { sessions: { id: string; tool?: string }[] }).sessions.find(
            (x) => x.id === 'acme-call',
          )!,
      );
    const until = async (pred: () => boolean) => {
      while (!pred()) text += new TextDecoder().decode((await reader.read()).value);
    };
    await until(() => calls().length === 1);
    assert.equal(calls()[0]!.tool, undefined);
    s.runtime.store.tool('acme-call', { call: 'call_1', tool: 'search_flights', running: true });
    await until(() => calls().length === 2);
    assert.equal(calls()[1]!.tool, 'search_flights');
    s.runtime.store.tool('acme-call', { call: 'call_1', tool: 'search_flights', running: false });
    await until(() => calls().length === 3);
    assert.equal(calls()[2]!.tool, undefined);
    await reader.cancel();
  });

  it('refuses a state change without the CSRF token, or from another origin', async () => {
    const ana = await signIn('ana');
    const noToken = await api('sessions/acme-call/take-over', { method: 'POST', as: ana });
    assert.equal(noToken.status, 403);
    const wrongToken = await api('sessions/acme-call/take-over', {
      method: 'POST',
      as: ana,
      headers: { 'x-polyglot-csrf': ana.csrf.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')) },
    });
    assert.equal(wrongToken.status, 403);
    const otherSite = await api('sessions/acme-call/take-over', {
      method: 'POST',
      as: ana,
      headers: { 'x-polyglot-csrf': ana.csrf, origin: 'https://evil.example' },
    });
    assert.equal(otherSite.status, 403);
    const forgedSignIn = await api('sign-in', {
      method: 'POST',
      headers: { origin: 'https://evil.example' },
      body: JSON.stringify({ username: 'ana', password: PASSWORD }),
    });
    assert.equal(forgedSignIn.status, 403);
  });

  it('answers 409 to an action on a session that is not live, and 400 to an empty message', async () => {
    const ana = await signIn('ana');
    const headers = { 'x-polyglot-csrf': ana.csrf };
    const empty = await api('sessions/acme-call/message', {
      method: 'POST',
      as: ana,
      headers,
      body: JSON.stringify({ text: '  ' }),
    });
    assert.equal(empty.status, 400);
    // The store knows the session, but no runtime hosts it (it was written here directly).
    const res = await api('sessions/acme-call/take-over', { method: 'POST', as: ana, headers });
    assert.equal(res.status, 409);
    assert.match(((await res.json()) as { error: { message: string } }).error.message, /ended/);
    // Joining by voice is for LiveKit sessions (served by the worker): it says so.
    const voice = await api('sessions/acme-call/join-voice', { method: 'POST', as: ana, headers });
    assert.equal(voice.status, 409);
    assert.match(((await voice.json()) as { error: { message: string } }).error.message, /LiveKit/);
  });

  it('signs out: the cookie no longer opens anything', async () => {
    const ana = await signIn('ana');
    const out = await api('sign-out', {
      method: 'POST',
      as: ana,
      headers: { 'x-polyglot-csrf': ana.csrf },
    });
    assert.equal(out.status, 200);
    assert.equal((await api('me', { as: ana })).status, 401);
  });
});

describe('operator console event stream', () => {
  it('outlives the server’s idle-socket timeout, and carries the next change', async () => {
    const s = await startServer({
      config: loadConfig({
        PORT: '0',
        POLYGLOT_SESSION_THREADS: '0',
        // Long enough for the sign-in's scrypt on a busy machine (at 150 it cut the sign-in's own
        // request now and then), short enough to pass while the stream is idle.
        POLYGLOT_HTTP_IDLE_TIMEOUT_MS: '1000',
        POLYGLOT_OPERATORS: JSON.stringify([OPERATORS[0]]),
      }),
      logger: log(),
      version: 'test',
    });
    try {
      const res = await fetch(`${s.url}/console/api/sign-in`, {
        method: 'POST',
        headers: { origin: s.url },
        body: JSON.stringify({ username: 'root', password: PASSWORD }),
      });
      const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
      const stream = await fetch(`${s.url}/console/api/events`, { headers: { cookie } });
      const reader = stream.body!.getReader();
      let text = '';
      while (!text.includes('\n\n')) text += new TextDecoder().decode((await reader.read()).value);
      await new Promise((ok) => setTimeout(ok, 1500)); // past the idle timeout, nothing sent
      s.runtime.store.start({ id: 'late-call', partner: 'demo', lang: 'en', runtime: 'local' });
      while (!text.includes('late-call')) {
        const { value, done } = await reader.read();
        assert.equal(done, false, 'the stream was closed');
        text += new TextDecoder().decode(value);
      }
      await reader.cancel();
    } finally {
      await s.close();
    }
  });
});
