import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseTravelDate } from './dates.js';
import { FlightError } from './errors.js';

// Saturday 21 November 2026, 23:30 UTC: already Sunday in Tokyo and Madrid, still Saturday in Los Angeles.
const now = new Date('2026-11-21T23:30:00Z');

describe('travel dates', () => {
  const cases: [string, string, string, string][] = [
    ['en', 'UTC', 'next Friday', '2026-11-27'],
    ['en', 'UTC', 'tomorrow', '2026-11-22'],
    ['en', 'Asia/Tokyo', 'tomorrow', '2026-11-23'],
    ['en', 'America/Los_Angeles', 'tomorrow', '2026-11-22'],
    ['es', 'UTC', 'el próximo lunes', '2026-11-23'],
    ['es', 'Europe/Madrid', 'pasado mañana', '2026-11-24'],
    ['es', 'UTC', 'pasado mañana', '2026-11-23'],
    ['es', 'UTC', 'mañana', '2026-11-22'],
    ['fr', 'UTC', 'demain', '2026-11-22'],
    ['fr', 'Europe/Paris', 'après-demain', '2026-11-24'],
    ['fr', 'UTC', 'apres demain', '2026-11-23'],
    ['de', 'UTC', 'übermorgen', '2026-11-23'],
    ['de', 'UTC', 'nächsten Freitag', '2026-11-27'],
    ['it', 'UTC', 'dopodomani', '2026-11-23'],
    ['pt', 'UTC', 'depois de amanhã', '2026-11-23'],
    ['zh', 'Asia/Shanghai', '下周五', '2026-11-27'],
    ['zh', 'UTC', '下周五', '2026-11-27'],
    ['zh', 'UTC', '后天', '2026-11-23'],
    ['ja', 'Asia/Tokyo', '明日', '2026-11-23'],
    ['ja', 'Asia/Tokyo', '明後日', '2026-11-24'],
    ['ar', 'UTC', 'بعد غد', '2026-11-23'],
    ['en', 'UTC', '2026-12-24', '2026-12-24'],
    ['en', 'UTC', 'December 24', '2026-12-24'],
    ['fr', 'UTC', 'le 3 mars', '2027-03-03'],
    ['de', 'UTC', 'am 5. Januar', '2027-01-05'],
    ['es', 'UTC', 'next Friday', '2026-11-27'],
  ];
  for (const [lang, tz, text, expected] of cases) {
    it(`${lang} "${text}" in ${tz} is ${expected}`, () => {
      assert.equal(parseTravelDate(text, { now, timeZone: tz, lang }), expected);
    });
  }

  it('refuses days that do not exist instead of rolling them over', () => {
    for (const text of ['Feb 30', '30 de febrero', '2027-02-30', '31 April', '2027-02-29']) {
      assert.throws(
        () => parseTravelDate(text, { now, timeZone: 'UTC', lang: 'es' }),
        (e: unknown) => e instanceof FlightError && e.code === 'invalid_calendar_date',
        text,
      );
    }
    assert.equal(parseTravelDate('2028-02-29', { now, timeZone: 'UTC' }), '2028-02-29');
  });

  it('says it did not understand rather than guessing', () => {
    assert.throws(
      () => parseTravelDate('soonish', { now, timeZone: 'UTC' }),
      (e: unknown) => e instanceof FlightError && e.code === 'invalid_date',
    );
  });
});
