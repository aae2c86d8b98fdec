/**
 * The worker's hub as its job processes meet it: a partner's plan (concurrency, rate) is checked
 * when a LiveKit job opens its session, as `serve` checks it at the hello.
 */
import { initializeLogger, log } from '@livekit/agents';
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { loadConfig } from '../../config.js';
import { LatencyMetrics } from '../../observability/latency.js';
import { sessionMetrics } from '../../observability/session-metrics.js';
import { SessionStore } from '../../state/session-store.js';
import { connectHub, startWorkerHub, type HubClient, type WorkerHub } from './hub.js';

initializeLogger({ pretty: false, level: 'fatal' });

const config = loadConfig({
  POLYGLOT_PARTNERS: JSON.stringify([
    {
      key: 'small',
      name: 'Small plan',
      allowedOrigins: ['https://small.example'],
      maxConcurrentSessions: 1,
    },
    {
      key: 'slow',
      name: 'Slow plan',
      allowedOrigins: ['https://slow.example'],
      sessionsPerMinute: 2,
    },
  ]),
});

describe('worker hub: a partner’s plan at job admission', () => {
  const jobs: HubClient[] = [];
  let hub: WorkerHub;
  let now = 0;
  const job = async () => {
    const c = await connectHub(hub.path);
    jobs.push(c);
    return c;
  };
  after(async () => {
    for (const j of jobs) j.close();
    await hub?.close();
  });

  it('refuses a session over the partner’s concurrency, and admits again once one ends', async () => {
    hub = await startWorkerHub({
      roomTtlMs: 600_000,
      flights: undefined,
      latency: new LatencyMetrics(),
      store: new SessionStore({ ttlMs: 60_000, maxBytes: 1e6 }),
      logger: log(),
      partners: config.partners,
      now: () => now,
    });
    const first = await job();
    assert.deepEqual(await first.admit('small', 'room-1'), { ok: true });
    const second = await job();
    const refused = await second.admit('small', 'room-2');
    assert.equal(refused.ok, false);
    assert.equal(!refused.ok && refused.reason, 'partner_limit');
    assert.match(!refused.ok ? refused.message : '', /plan allows/);
    assert.equal(hub.active, 1);
    first.session('ended');
    const third = await job();
    assert.deepEqual(
      await third.admit('small', 'room-3'),
      { ok: true },
      'the ended session freed its place',
    );
    assert.equal(hub.refused, 1);
  });

  it('refuses sessions beyond the partner’s rate however many tokens were saved up', async () => {
    const verdicts = [];
    for (let i = 0; i < 3; i++) verdicts.push(await (await job()).admit('slow', 'room-4'));
    assert.deepEqual(
      verdicts.map((v) => (v.ok ? 'ok' : v.reason)),
      ['ok', 'ok', 'rate_limited'],
    );
    now += 30_000; // half a minute refills one
    assert.deepEqual(await (await job()).admit('slow', 'room-5'), { ok: true });
  });

  it('frees a session whose job process went away without saying so', async () => {
    const before = hub.active;
    const j = await job();
    assert.deepEqual(await j.admit('demo', 'room-6'), { ok: true });
    assert.equal(hub.active, before + 1);
    j.close();
    for (let i = 0; i < 50 && hub.active !== before; i++)
      await new Promise((r) => setTimeout(r, 10));
    assert.equal(hub.active, before);
  });

  it('serves a room once: a replayed token’s room is refused until the token would have expired', () => {
    const refusedBefore = hub.refused;
    assert.equal(hub.claimRoom('polyglot-a'), true);
    assert.equal(hub.claimRoom('polyglot-a'), false, 'the same room again: a replayed token');
    assert.equal(hub.claimRoom('polyglot-b'), true, 'another token’s room is not affected');
    assert.equal(hub.claimRoom(''), false, 'a job without a room is refused');
    assert.equal(hub.refused, refusedBefore + 2);
    now += 600_001;
    assert.equal(hub.claimRoom('polyglot-a'), true, 'past the token’s life the name may recur');
  });

  it('carries a job’s handoff, mood notes, running tool and what the caller was shown to the worker’s store: its /metrics counts the handoff by reason', async () => {
    const store = new SessionStore({ ttlMs: 60_000, maxBytes: 1e6 });
    const latency = new LatencyMetrics();
    const own = await startWorkerHub({
      roomTtlMs: 600_000,
      flights: undefined,
      latency,
      store,
      logger: log(),
      partners: config.partners,
    });
    const j = await connectHub(own.path);
    try {
      j.store.start({ id: 'job-1', partner: 'small', lang: 'de', runtime: 'livekit' });
      j.store.handoff('job-1', {
        reason: 'repeated_failure',
        summary: 'Two searches failed; reach me at jo@example.com',
        targets: { queue: 'support' },
        turn: 4,
      });
      j.store.tool('job-1', { call: 'call_1', tool: 'search_knowledge', running: true });
      j.store.append('job-1', {
        role: 'citations',
        turn: 4,
        text: 'Baggage',
        language: undefined,
        citations: [{ title: 'Baggage', url: 'https://example.com/bags' }],
      });
      // Written last: once it is there, so is everything before it (one socket, in order).
      j.store.sentiment('job-1', { sentiment: 'confused', turn: 4 });
      for (let i = 0; i < 100 && !store.get('job-1')?.sentiments.length; i++)
        await new Promise((r) => setTimeout(r, 10));
      assert.equal(
        store.get('job-1')!.handoffs[0]!.summary,
        'Two searches failed; reach me at [email]',
      );
      assert.equal(store.get('job-1')!.sentiments[0]!.sentiment, 'confused');
      assert.deepEqual(store.get('job-1')!.tools, [{ call: 'call_1', tool: 'search_knowledge' }]);
      assert.deepEqual(store.get('job-1')!.transcript[0]!.citations, [
        { title: 'Baggage', url: 'https://example.com/bags' },
      ]);
      assert.equal(store.queue.waiting()[0]?.sessionId, 'job-1');
      const metrics = sessionMetrics({ active: 0, total: 0, rejected: 0 }, store, latency).join(
        '\n',
      );
      assert.match(metrics, /^polyglot_handoffs_total\{reason="repeated_failure"\} 1$/m);
      assert.match(metrics, /^polyglot_handoffs_total\{reason="human_requested"\} 0$/m);
    } finally {
      j.close();
      await own.close();
    }
  });

  it('relays the console’s actions to the job whose session it is, and knows its room', async () => {
    const store = new SessionStore({ ttlMs: 60_000, maxBytes: 1e6 });
    const own = await startWorkerHub({
      roomTtlMs: 600_000,
      flights: undefined,
      latency: new LatencyMetrics(),
      store,
      logger: log(),
      partners: config.partners,
    });
    const a = await connectHub(own.path);
    const b = await connectHub(own.path);
    try {
      const got: { a: string[]; b: string[] } = { a: [], b: [] };
      a.onOperator((action) => got.a.push(action.type));
      b.onOperator((action) => got.b.push(action.type));
      assert.deepEqual(await a.admit('demo', 'polyglot-room-a'), { ok: true });
      assert.deepEqual(await b.admit('demo', 'polyglot-room-b'), { ok: true });
      a.store.start({ id: 'job-a', partner: 'demo', lang: 'en', runtime: 'livekit' });
      b.store.start({ id: 'job-b', partner: 'demo', lang: 'en', runtime: 'livekit' });
      for (let i = 0; i < 100 && !(store.get('job-a') && store.get('job-b')); i++)
        await new Promise((r) => setTimeout(r, 10));
      assert.equal(own.room('job-a'), 'polyglot-room-a');
      assert.equal(own.operator('job-a', { type: 'say', operator: 'ana', text: 'Hi' }), true);
      assert.equal(own.operator('job-a', { type: 'end', operator: 'ana' }), true);
      assert.equal(own.operator('nobody', { type: 'end', operator: 'ana' }), false);
      for (let i = 0; i < 100 && got.a.length < 2; i++) await new Promise((r) => setTimeout(r, 10));
      assert.deepEqual(got, { a: ['say', 'end'], b: [] });
      a.session('ended');
      for (let i = 0; i < 100 && own.room('job-a'); i++)
        await new Promise((r) => setTimeout(r, 10));
      assert.equal(own.operator('job-a', { type: 'end', operator: 'ana' }), false, 'ended');
    } finally {
      a.close();
      b.close();
      await own.close();
    }
  });
});
