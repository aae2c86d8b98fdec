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
});
