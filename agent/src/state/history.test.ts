import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyse, csvCell, toCsv } from './history.js';
import { SessionStore } from './session-store.js';
import { timedTurn as turn } from './test-turns.js';

const HOUR = 3_600_000;

describe('the console history', () => {
  it('keeps an ended session past its transcript, until the history TTL', () => {
    let now = 10 * HOUR;
    const s = new SessionStore({
      ttlMs: 60_000,
      maxBytes: 1 << 20,
      historyTtlMs: 2 * HOUR,
      now: () => now,
    });
    s.start({ id: 'a', partner: 'acme', lang: 'es', runtime: 'local' });
    s.append('a', { role: 'user', turn: 1, text: 'hola', language: 'es' });
    s.append('a', { role: 'user', turn: 2, text: 'hello', language: 'en' });
    s.end('a', 'bye');
    now += 60_000;
    s.sweep();
    assert.equal(s.get('a'), undefined, 'the transcript is gone');
    assert.deepEqual(
      s.historyEntries().map((e) => [e.id, e.languages, e.turns, e.endReason]),
      [['a', ['es', 'en'], 2, 'bye']],
    );
    now += 2 * HOUR;
    assert.deepEqual(s.historyEntries(), [], 'gone after the history TTL');
  });

  it('counts sessions per hour, languages, handoffs, flight searches and voice-to-voice', () => {
    let now = 5 * HOUR + 10;
    const s = new SessionStore({ ttlMs: HOUR, maxBytes: 1 << 20, now: () => now });
    s.start({ id: 'a', partner: 'acme', lang: 'es', runtime: 'local' });
    s.handoff('a', { reason: 'frustrated', summary: 'x', targets: { queue: 'q' }, turn: 1 });
    s.flightSearch('a', 'succeeded');
    s.flightSearch('a', 'failed');
    for (const ms of [700, 800, 900]) s.turnLatency('a', turn(ms));
    s.end('a', 'bye');
    now = 6 * HOUR + 5;
    s.start({ id: 'b', partner: 'acme', lang: 'en', runtime: 'livekit' });
    s.flightSearch('b', 'succeeded');
    s.flightSearch('b', 'succeeded');
    s.turnLatency('b', turn(2000));
    s.start({ id: 'c', partner: 'acme', lang: 'es', runtime: 'local' });
    const a = analyse(s.historyEntries(), { now, windowMs: 24 * HOUR, since: 5 * HOUR });
    assert.equal(a.sessions, 3);
    assert.deepEqual(a.perHour, [
      { hour: 5 * HOUR, sessions: 1 },
      { hour: 6 * HOUR, sessions: 2 },
    ]);
    assert.deepEqual(a.languages, [
      { lang: 'es', sessions: 2 },
      { lang: 'en', sessions: 1 },
    ]);
    assert.deepEqual(a.handoffs, {
      sessions: 1,
      rate: 1 / 3,
      reasons: [{ reason: 'frustrated', count: 1 }],
    });
    assert.deepEqual(a.flightSearches, { succeeded: 3, failed: 1, successRate: 0.75 });
    assert.deepEqual(a.voiceToVoice, { turns: 4, p50Ms: 800, p95Ms: 2000 });
  });

  it('says nothing rather than 0% when there is nothing to count', () => {
    const a = analyse([], { now: 3 * HOUR, windowMs: HOUR, since: 0 });
    assert.equal(a.handoffs.rate, null);
    assert.equal(a.flightSearches.successRate, null);
    assert.deepEqual(a.voiceToVoice, { turns: 0, p50Ms: null, p95Ms: null });
    assert.deepEqual(
      a.perHour.map((h) => h.hour),
      [2 * HOUR, 3 * HOUR],
    );
  });

  it('writes CSV that a spreadsheet cannot run as a formula', () => {
    assert.equal(csvCell('plain'), 'plain');
    assert.equal(csvCell(12), '12');
    assert.equal(csvCell('a,b'), '"a,b"');
    assert.equal(csvCell('say "hi"\nbye'), '"say ""hi""\nbye"');
    assert.equal(csvCell('=HYPERLINK("http://evil")'), `"'=HYPERLINK(""http://evil"")"`);
    for (const lead of ['+', '-', '@', '\t', '\r'])
      assert.equal(csvCell(`${lead}1`)[0] !== lead, true);
    const csv = toCsv([
      {
        id: 'a',
        partner: 'acme',
        runtime: 'local',
        startedAt: 0,
        endedAt: 60_000,
        endReason: '=1+1',
        languages: ['es', 'en'],
        turns: 3,
        handoffs: ['frustrated'],
        flightSearches: { succeeded: 1, failed: 0 },
        voiceToVoiceMs: [900, 700],
        mood: 'angry',
      },
    ]);
    const [header, row, end] = csv.split('\r\n');
    assert.match(header!, /^id,partner,runtime,started_at,/);
    assert.equal(
      row,
      "a,acme,local,1970-01-01T00:00:00.000Z,1970-01-01T00:01:00.000Z,'=1+1,es en,3,frustrated,1,0,2,700,900,angry",
    );
    assert.equal(end, '');
  });
});
