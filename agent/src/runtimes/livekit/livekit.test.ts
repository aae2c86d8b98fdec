/**
 * The LiveKit runtime as far as it can be checked without a LiveKit server: the token a browser
 * gets (grants, one room per session, the agent's explicit dispatch), the dispatch the worker
 * reads back, and the events it publishes for the widget. What stays unverified is listed in
 * docs/deployment.md.
 */
import { initializeLogger, log } from '@livekit/agents';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { TokenVerifier } from 'livekit-server-sdk';
import { loadConfig } from '../../config.js';
import { createFlightTools } from '../../tools/flights/index.js';
import type { FlightSearchResult } from '../../tools/flights/index.js';
import { MADRID_TO_LONDON } from '../../tools/flights/test-query.js';
import { toolMessage } from '../tool-events.js';
import { awaitStart, createRoomEventPublisher, noticeAudioControl } from './room-io.js';
import { LIVEKIT } from '../../../../sdk/src/protocol/messages.js';
import { mintLiveKitSession, ROOM_EMPTY_TIMEOUT_SECONDS } from './tokens.js';
import worker, { DispatchError, parseDispatch } from './worker.js';

initializeLogger({ pretty: false, level: 'fatal' });

/** Nothing listens there: the room is not created ahead, and the token's dispatch stands alone. */
const LK = { url: 'ws://127.0.0.1:1', apiKey: 'APIkey123', apiSecret: 'x'.repeat(40) };

describe('LiveKit session tokens', () => {
  it('grant one new room, publish/subscribe/data, ≤ 10 minutes, and dispatch agent "polyglot"', async () => {
    const before = Math.floor(Date.now() / 1000);
    const d = await mintLiveKitSession(LK, { partner: 'acme', lang: 'es' });
    assert.equal(d.transport, 'livekit');
    assert.equal(d.url, LK.url);
    const claims = await new TokenVerifier(LK.apiKey, LK.apiSecret).verify(d.token);
    const grant = claims.video!;
    assert.match(grant.room!, /^polyglot-[0-9a-f-]{36}$/);
    assert.equal(grant.roomJoin, true);
    assert.equal(grant.canPublish, true);
    assert.equal(grant.canSubscribe, true);
    assert.equal(grant.canPublishData, true);
    assert.ok(!grant.roomAdmin && !grant.roomCreate && !grant.roomList, 'no admin grants');
    assert.ok(claims.exp! - before <= 600, `token lives ${claims.exp! - before} s`);
    assert.ok(d.expiresAt - Date.now() <= 600_000);
    const agents = claims.roomConfig?.agents ?? [];
    assert.equal(agents.length, 1);
    assert.equal(agents[0]!.agentName, LIVEKIT.AGENT_NAME);
    assert.equal(LIVEKIT.AGENT_NAME, 'polyglot');
    assert.deepEqual(JSON.parse(agents[0]!.metadata), { partner: 'acme', lang: 'es' });
    assert.match(claims.sub!, /^user-/);
  });

  it('gives every session its own room', async () => {
    const rooms = new Set<string>();
    for (let i = 0; i < 5; i++) {
      const d = await mintLiveKitSession(LK, { partner: 'demo', lang: undefined });
      rooms.add((await new TokenVerifier(LK.apiKey, LK.apiSecret).verify(d.token)).video!.room!);
    }
    assert.equal(rooms.size, 5);
  });

  it('creates the room with the agent dispatched as the session is asked for', async () => {
    // LiveKit's RoomService speaks Twirp: a JSON POST per call.
    const calls: { path: string; auth: string; body: Record<string, unknown> }[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        calls.push({
          path: req.url ?? '',
          auth: req.headers.authorization ?? '',
          body: JSON.parse(body) as Record<string, unknown>,
        });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    try {
      const url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const d = await mintLiveKitSession({ ...LK, url }, { partner: 'acme', lang: 'es' });
      const room = (await new TokenVerifier(LK.apiKey, LK.apiSecret).verify(d.token)).video!.room;
      assert.equal(calls.length, 1);
      assert.equal(calls[0]!.path, '/twirp/livekit.RoomService/CreateRoom');
      assert.match(calls[0]!.auth, /^Bearer /);
      const body = calls[0]!.body as {
        name: string;
        emptyTimeout: number;
        agents: { agentName: string; metadata: string }[];
      };
      assert.equal(body.name, room);
      assert.equal(body.emptyTimeout, ROOM_EMPTY_TIMEOUT_SECONDS);
      assert.equal(body.agents[0]!.agentName, LIVEKIT.AGENT_NAME);
      assert.deepEqual(JSON.parse(body.agents[0]!.metadata), { partner: 'acme', lang: 'es' });
    } finally {
      server.close();
    }
  });

  it('is refused by a verifier holding another secret', async () => {
    const d = await mintLiveKitSession(LK, { partner: 'demo', lang: 'en' });
    await assert.rejects(new TokenVerifier(LK.apiKey, 'y'.repeat(40)).verify(d.token));
  });
});

describe('LiveKit worker dispatch', () => {
  const config = loadConfig({
    POLYGLOT_PARTNERS: JSON.stringify([
      {
        key: 'acme',
        name: 'Acme',
        allowedOrigins: ['https://acme.example'],
        defaultLanguage: 'fr',
        tools: ['search_flights'],
      },
    ]),
  });

  it('reads back the partner and language the token carried', async () => {
    const d = await mintLiveKitSession(LK, { partner: 'acme', lang: 'es' });
    const claims = await new TokenVerifier(LK.apiKey, LK.apiSecret).verify(d.token);
    const info = parseDispatch(claims.roomConfig!.agents[0]!.metadata, config);
    assert.equal(info.partner.key, 'acme');
    assert.deepEqual(info.partner.tools, ['search_flights']);
    assert.equal(info.lang, 'es');
  });

  it('falls back to the partner’s language, and to demo when no metadata came', () => {
    assert.equal(parseDispatch('{"partner":"acme"}', config).lang, 'fr');
    assert.equal(parseDispatch(undefined, config).partner.key, 'demo');
    assert.equal(parseDispatch('{"partner":"acme","lang":"<script>"}', config).lang, 'fr');
  });

  it('refuses an unknown partner rather than serve it another partner’s tools', () => {
    assert.throws(() => parseDispatch('{"partner":"evil"}', config), DispatchError);
    assert.throws(() => parseDispatch('not json', config), DispatchError);
  });

  it('entry shuts a job with a bad dispatch down before joining the room', async () => {
    const calls: string[] = [];
    const ctx = {
      job: { metadata: '{"partner":"evil"}' },
      room: { name: 'polyglot-x' },
      connect: async () => void calls.push('connect'),
      shutdown: (reason: string) => void calls.push(`shutdown:${reason}`),
    };
    await worker.entry(ctx as unknown as Parameters<typeof worker.entry>[0]);
    assert.deepEqual(calls, ['shutdown:bad dispatch']);
  });

  it('defines the agent with prewarm and entry, and prewarm loads the VAD', () => {
    assert.equal(typeof worker.entry, 'function');
    const userData = {} as { vad?: unknown };
    worker.prewarm!({ userData } as Parameters<NonNullable<typeof worker.prewarm>>[0]);
    assert.equal((userData.vad as { provider?: string } | undefined)?.constructor.name, 'VAD');
  });
});

describe('LiveKit room events for the widget', () => {
  const query = MADRID_TO_LONDON;

  it('publishes tool progress and flight results on polyglot.events, in order, as the local messages', async () => {
    const sent: { text: string; topic: string | undefined }[] = [];
    const publisher = createRoomEventPublisher({
      sendText: async (text, opts) => {
        sent.push({ text, topic: opts?.topic });
      },
    });
    const result: FlightSearchResult = {
      query,
      offers: [],
      provider: 'duffel',
      cached: false,
      attempts: [],
    };
    const tools = createFlightTools({
      search: { search: async () => result },
      now: () => new Date('2026-12-01T10:00:00Z'),
      onEvent: (e) => publisher.publish(toolMessage(e)),
    });
    await tools.search_flights
      .execute({ origin: 'Madrid', destination: 'LHR', departure_date: '2026-12-07' }, {
        toolCallId: 'call_1',
        ctx: {} as never,
        abortSignal: new AbortController().signal,
      } as never)
      .catch(() => {}); // no offers: the tool tells the model so
    await publisher.flushed();
    assert.ok(sent.every((s) => s.topic === 'polyglot.events'));
    const messages = sent.map((s) => JSON.parse(s.text) as { type: string; status?: string });
    assert.deepEqual(
      messages.map((m) => `${m.type}:${m.status ?? ''}`),
      ['tool:started', 'flight_results:', 'tool:failed'],
    );
    const results = messages[1] as unknown as {
      id: string;
      provider: string;
      offers: unknown[];
      query: { origin: string; destination: string; departureDate: string };
    };
    assert.equal(results.id, 'call_1');
    assert.equal(results.provider, 'duffel');
    assert.deepEqual(results.offers, []);
    assert.deepEqual(
      [results.query.origin, results.query.destination, results.query.departureDate],
      ['MAD', 'LHR', '2026-12-07'],
    );
  });

  it('keeps publishing after one send fails', async () => {
    const sent: string[] = [];
    let fail = true;
    const publisher = createRoomEventPublisher({
      sendText: async (text) => {
        if (fail) {
          fail = false;
          throw new Error('engine closed');
        }
        sent.push(text);
      },
    });
    publisher.publish({ type: 'tool', id: 'a', tool: 'search_flights', status: 'started' });
    publisher.publish({ type: 'tool', id: 'a', tool: 'search_flights', status: 'finished' });
    await publisher.flushed();
    assert.equal(sent.length, 1);
    assert.match(sent[0]!, /"finished"/);
  });

  it('carries everything but the agent state, which the framework sets as an attribute', async () => {
    const sent: string[] = [];
    const publisher = createRoomEventPublisher({ sendText: async (text) => void sent.push(text) });
    publisher.publish({ type: 'agent_state', state: 'speaking' });
    publisher.publish({
      type: 'transcript',
      id: 'u1',
      role: 'user',
      turn: 1,
      text: 'Hola',
      final: true,
    });
    await publisher.flushed();
    assert.deepEqual(
      sent.map((t) => (JSON.parse(t) as { type: string }).type),
      ['transcript'],
    );
  });

  it('tells the widget of a pause, a resume and a cut the moment the output makes them', () => {
    const calls: string[] = [];
    const notices: string[] = [];
    const output = {
      pause: () => calls.push('pause'),
      resume: () => calls.push('resume'),
      clearBuffer: () => calls.push('clear'),
    };
    noticeAudioControl(output as never, (m) => notices.push(m.type));
    output.pause();
    output.resume();
    output.pause();
    output.clearBuffer();
    assert.deepEqual(
      calls,
      ['pause', 'resume', 'pause', 'clear'],
      'the output still does its part',
    );
    assert.deepEqual(notices, ['audio_pause', 'audio_resume', 'audio_pause', 'audio_clear']);
  });

  it('reads the caller’s start, then their chosen offers, from polyglot.client', async () => {
    let handler!: (reader: { readAll(): Promise<string> }, from: { identity: string }) => void;
    const room = {
      registerTextStreamHandler: (topic: string, h: typeof handler) => {
        assert.equal(topic, LIVEKIT.TOPIC_CLIENT);
        handler = h;
      },
    };
    const client = awaitStart(room as never, log());
    const say = async (identity: string, m: object | string) => {
      handler(
        { readAll: async () => (typeof m === 'string' ? m : JSON.stringify(m)) },
        { identity },
      );
      await new Promise((r) => setImmediate(r));
    };
    await say('user-1', { type: 'start', protocol: 1, lang: 'es' });
    assert.deepEqual(await client.forParticipant('user-1', 1000), { lang: 'es' });
    const chosen: string[] = [];
    client.onOfferSelected('user-1', (id) => chosen.push(id));
    await say('user-1', { type: 'offer_selected', offerId: 'off_1' });
    await say('user-2', { type: 'offer_selected', offerId: 'off_other_caller' });
    await say('user-1', { type: 'offer_selected', offerId: '' });
    await say('user-1', { type: 'offer_selected', offerId: 'off_2', extra: true });
    await say('user-1', 'not json');
    await say('user-1', { type: 'offer_selected', offerId: 'off_3' });
    assert.deepEqual(chosen, ['off_1', 'off_3']);
  });
});
