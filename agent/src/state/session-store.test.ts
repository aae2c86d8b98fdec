import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SessionStore } from './session-store.js';

describe('in-memory session state', () => {
  it('keeps transcripts with personal data masked', () => {
    const s = new SessionStore({ ttlMs: 60_000, maxBytes: 1 << 20, now: () => 0 });
    s.start({ id: 'a', partner: 'demo', lang: 'en', runtime: 'local' });
    s.append('a', {
      role: 'user',
      turn: 1,
      text: 'I am bob@example.com, +44 20 7946 0958',
      language: 'en',
    });
    assert.equal(s.get('a')!.transcript[0]!.text, 'I am [email], [phone]');
  });

  it('evicts ended sessions after the TTL, never live ones', () => {
    let now = 0;
    const s = new SessionStore({ ttlMs: 60_000, maxBytes: 1 << 20, now: () => now });
    s.start({ id: 'ended', partner: 'demo', lang: 'en', runtime: 'local' });
    s.start({ id: 'live', partner: 'demo', lang: 'en', runtime: 'local' });
    s.end('ended', 'socket closed');
    now = 59_999;
    s.sweep();
    assert.ok(s.get('ended'));
    now = 60_000;
    s.sweep();
    assert.equal(s.get('ended'), undefined);
    now = 10 * 60_000;
    s.sweep();
    assert.ok(s.get('live'));
    assert.deepEqual(
      { sessions: s.stats().sessions, live: s.stats().live, evicted: s.stats().evicted },
      { sessions: 1, live: 1, evicted: 1 },
    );
  });

  it('stays under its memory bound: oldest ended sessions go first, then oldest lines', () => {
    const max = 64 * 1024;
    const s = new SessionStore({ ttlMs: 3_600_000, maxBytes: max, now: () => 0 });
    const line = 'x'.repeat(500);
    for (let i = 0; i < 20; i++) {
      s.start({ id: `old${i}`, partner: 'demo', lang: 'en', runtime: 'local' });
      for (let j = 0; j < 5; j++)
        s.append(`old${i}`, { role: 'user', turn: j, text: line, language: 'en' });
      s.end(`old${i}`, 'bye');
    }
    s.start({ id: 'live', partner: 'demo', lang: 'en', runtime: 'local' });
    for (let j = 0; j < 200; j++)
      s.append('live', { role: 'user', turn: j, text: `${j} ${line}`, language: 'en' });
    const st = s.stats();
    assert.ok(st.bytes <= max, `${st.bytes} bytes held, bound ${max}`);
    assert.equal(s.get('old0'), undefined, 'the oldest ended session went first');
    const live = s.get('live')!;
    assert.ok(live.transcript.length > 0 && live.transcript.length < 200);
    assert.match(live.transcript.at(-1)!.text, /^199 /, 'the newest lines are kept');
  });

  it('records handoffs with their reason and a masked summary, counts them by reason after eviction, and queues console ones', () => {
    let now = 0;
    const s = new SessionStore({ ttlMs: 60_000, maxBytes: 1 << 20, now: () => now });
    s.start({ id: 'a', partner: 'acme', lang: 'es', runtime: 'livekit' });
    s.start({ id: 'b', partner: 'demo', lang: 'en', runtime: 'local' });
    s.handoff('a', {
      reason: 'frustrated',
      summary: 'Wants a refund; card 4111 1111 1111 1111',
      targets: { phone: '+34911234567', queue: 'support' },
      turn: 3,
    });
    s.handoff('b', {
      reason: 'human_requested',
      summary: 'Asked for a person',
      targets: {},
      turn: 1,
    });
    assert.deepEqual(
      s.get('a')!.handoffs.map((h) => [h.reason, h.summary, h.turn]),
      [['frustrated', 'Wants a refund; card [card]', 3]],
    );
    assert.deepEqual(
      s.queue.waiting().map((q) => [q.ticket, q.partner, q.queue, q.reason, q.lang]),
      [['a', 'acme', 'support', 'frustrated', 'es']],
      'only a target with a queue is queued',
    );
    s.sentiment('a', { sentiment: 'angry', turn: 2 });
    assert.deepEqual(s.get('a')!.sentiments, [{ sentiment: 'angry', turn: 2, at: 0 }]);
    s.end('a', 'bye');
    s.end('b', 'bye');
    now = 60_000;
    s.sweep();
    assert.equal(s.get('a'), undefined);
    assert.deepEqual(s.queue.waiting(), [], 'an ended session leaves the queue with its record');
    const counts = Object.fromEntries(s.handoffCounts().map((c) => [c.reason, c]));
    assert.deepEqual(counts.frustrated, { reason: 'frustrated', handedOff: 1, unavailable: 0 });
    assert.deepEqual(counts.human_requested, {
      reason: 'human_requested',
      handedOff: 0,
      unavailable: 1,
    });
    assert.deepEqual(counts.no_answer, { reason: 'no_answer', handedOff: 0, unavailable: 0 });
  });

  it('the console takes a queued handoff once', () => {
    const s = new SessionStore({ ttlMs: 60_000, maxBytes: 1 << 20, now: () => 0 });
    s.start({ id: 'a', partner: 'acme', lang: 'de', runtime: 'local' });
    s.handoff('a', {
      reason: 'no_answer',
      summary: 'Baggage policy',
      targets: { queue: 'q' },
      turn: 1,
    });
    assert.equal(s.queue.take('a')?.summary, 'Baggage policy');
    assert.equal(s.queue.take('a'), undefined);
    assert.deepEqual(s.queue.waiting({ partner: 'acme' }), []);
  });
});
