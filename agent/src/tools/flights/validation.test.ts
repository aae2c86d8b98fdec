import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FlightError, type FlightErrorCode } from './errors.js';
import { validateSearch, validateSearchRequest, type FlightSearchRequest } from './validation.js';

// Saturday 21 November 2026, noon in Madrid.
const ctx = { now: new Date('2026-11-21T11:00:00Z'), timeZone: 'Europe/Madrid', lang: 'en' };
const ok: FlightSearchRequest = {
  origin: 'Madrid',
  destination: 'Paris',
  departureDate: '2026-12-10',
};

const WEIRD: [string, Partial<FlightSearchRequest> & Record<string, unknown>, FlightErrorCode][] = [
  ['yesterday', { departureDate: '2026-11-20' }, 'date_in_past'],
  ['last year', { departureDate: '2025-12-10' }, 'date_in_past'],
  ['a date in 1999', { departureDate: '1999-01-01' }, 'date_in_past'],
  ['return in the past', { departureDate: '2026-11-10', returnDate: '2026-11-12' }, 'date_in_past'],
  ['Feb 30 (ISO)', { departureDate: '2027-02-30' }, 'invalid_calendar_date'],
  ['Feb 30 (words)', { departureDate: 'Feb 30' }, 'invalid_calendar_date'],
  ['30 de febrero', { departureDate: '30 de febrero' }, 'invalid_calendar_date'],
  ['30 février', { departureDate: '30 février', lang: 'fr' }, 'invalid_calendar_date'],
  ['31 April', { departureDate: '31 April' }, 'invalid_calendar_date'],
  ['31 June', { departureDate: 'June 31' }, 'invalid_calendar_date'],
  ['31 September', { departureDate: '31 September' }, 'invalid_calendar_date'],
  ['31 November ISO', { departureDate: '2027-11-31' }, 'invalid_calendar_date'],
  ['Feb 29 in a non-leap year', { departureDate: '2027-02-29' }, 'invalid_calendar_date'],
  ['return Feb 30', { returnDate: '2027-02-30' }, 'invalid_calendar_date'],
  ['month 13', { departureDate: '2027-13-01' }, 'invalid_date'],
  ['day 0', { departureDate: '2027-01-00' }, 'invalid_date'],
  ['gibberish date', { departureDate: 'blurple' }, 'invalid_date'],
  ['"whenever"', { departureDate: 'whenever' }, 'invalid_date'],
  ['emoji date', { departureDate: '🛫' }, 'invalid_date'],
  ['empty date', { departureDate: '' }, 'missing_field'],
  ['blank date', { departureDate: '   ' }, 'missing_field'],
  ['two years ahead', { departureDate: '2028-11-21' }, 'beyond_booking_horizon'],
  ['331 days ahead', { departureDate: '2027-10-18' }, 'beyond_booking_horizon'],
  ['return beyond horizon', { returnDate: '2027-12-01' }, 'beyond_booking_horizon'],
  [
    'return before departure',
    { departureDate: '2026-12-10', returnDate: '2026-12-05' },
    'return_before_departure',
  ],
  [
    'return one day before',
    { departureDate: '2026-12-10', returnDate: '2026-12-09' },
    'return_before_departure',
  ],
  [
    'return before in words',
    { departureDate: '2026-12-20', returnDate: 'next Friday' },
    'return_before_departure',
  ],
  ['same city', { origin: 'Madrid', destination: 'Madrid' }, 'same_origin_destination'],
  [
    'same city, two languages',
    { origin: 'London UK', destination: 'Londres' },
    'same_origin_destination',
  ],
  [
    'airport inside the same metro',
    { origin: 'LHR', destination: 'London UK' },
    'same_origin_destination',
  ],
  [
    'same city by code and name',
    { origin: 'NYC', destination: 'Nueva York' },
    'same_origin_destination',
  ],
  ['JFK to Newark is inside NYC', { origin: 'JFK', destination: 'NYC' }, 'same_origin_destination'],
  ['Tokio to 東京', { origin: 'Tokio', destination: '東京' }, 'same_origin_destination'],
  ['0 adults, 0 children', { adults: 0 }, 'no_passengers'],
  ['0 of everyone', { adults: 0, children: 0, infants: 0 }, 'no_passengers'],
  ['12 adults', { adults: 12 }, 'too_many_passengers'],
  ['10 adults', { adults: 10 }, 'too_many_passengers'],
  ['5 adults 5 children', { adults: 5, children: 5 }, 'too_many_passengers'],
  ['8 adults 2 infants', { adults: 8, infants: 2 }, 'too_many_passengers'],
  ['a million adults', { adults: 1_000_000 }, 'too_many_passengers'],
  ['negative adults', { adults: -1 }, 'invalid_passenger_count'],
  ['half an adult', { adults: 1.5 }, 'invalid_passenger_count'],
  ['NaN children', { children: Number.NaN }, 'invalid_passenger_count'],
  ['negative infants', { infants: -2 }, 'invalid_passenger_count'],
  ['infinite children', { children: Number.POSITIVE_INFINITY }, 'invalid_passenger_count'],
  ['children alone', { adults: 0, children: 2 }, 'no_adult'],
  ['infant alone', { adults: 0, infants: 1 }, 'no_adult'],
  ['2 infants 1 adult', { adults: 1, infants: 2 }, 'infants_exceed_adults'],
  ['3 infants 2 adults', { adults: 2, infants: 3 }, 'infants_exceed_adults'],
  ['cabin "luxury rocket"', { cabin: 'luxury rocket' }, 'invalid_cabin'],
  ['cabin "cargo hold"', { cabin: 'cargo hold' }, 'invalid_cabin'],
  ['cabin "cockpit"', { cabin: 'cockpit' }, 'invalid_cabin'],
  ['cabin "second class"', { cabin: 'second class' }, 'invalid_cabin'],
  ['cabin "window"', { cabin: 'window' }, 'invalid_cabin'],
  ['cabin "42"', { cabin: '42' }, 'invalid_cabin'],
  ['unknown origin', { origin: 'Atlantis' }, 'unknown_place'],
  ['unknown destination', { destination: 'Hogwarts' }, 'unknown_place'],
  ['made-up code', { destination: 'QQQ' }, 'unknown_place'],
  ['gibberish origin', { origin: 'asdfghjkl' }, 'unknown_place'],
  ['the moon', { destination: 'the Moon' }, 'unknown_place'],
  ['London from Toronto', { origin: 'Toronto', destination: 'London' }, 'ambiguous_place'],
  ['London to Toronto', { origin: 'London', destination: 'Toronto' }, 'ambiguous_place'],
  ['ambiguous Portland', { destination: 'Portland' }, 'ambiguous_place'],
  [
    'Birmingham from New York',
    { origin: 'New York', destination: 'Birmingham' },
    'ambiguous_place',
  ],
  ['ambiguous San Jose', { destination: 'San Jose' }, 'ambiguous_place'],
  ['ambiguous Santiago', { destination: 'Santiago' }, 'ambiguous_place'],
  ['missing origin', { origin: '' }, 'missing_field'],
  ['missing destination', { destination: '  ' }, 'missing_field'],
  ['currency "euros please"', { currency: 'euros please' }, 'invalid_currency'],
  ['currency "1$"', { currency: '1$' }, 'invalid_currency'],
];

describe('weird flight requests', () => {
  it(`rejects ${WEIRD.length} impossible requests, each with its own code`, () => {
    assert.ok(WEIRD.length >= 60);
    const wrong: string[] = [];
    for (const [label, patch, code] of WEIRD) {
      const { lang, ...rest } = patch as Partial<FlightSearchRequest> & { lang?: string };
      try {
        const q = validateSearchRequest(
          { ...ok, ...rest },
          { ...ctx, ...(typeof lang === 'string' ? { lang } : {}) },
        );
        wrong.push(`${label}: accepted as ${JSON.stringify(q)}`);
      } catch (e) {
        if (!(e instanceof FlightError)) wrong.push(`${label}: threw ${String(e)}`);
        else if (e.code !== code)
          wrong.push(`${label}: expected ${code}, got ${e.code} (${e.message})`);
        else if (e.message.length < 15)
          wrong.push(`${label}: message too short to speak: "${e.message}"`);
      }
    }
    assert.deepEqual(wrong, []);
  });

  it('explains the errors in words a traveller understands', () => {
    const message = (patch: Partial<FlightSearchRequest>): string => {
      try {
        validateSearchRequest({ ...ok, ...patch }, ctx);
      } catch (e) {
        return (e as Error).message;
      }
      return '';
    };
    assert.match(message({ departureDate: '2027-02-30' }), /February 2027 has only 28 days/);
    assert.match(message({ adults: 12 }), /up to 9 travellers/);
    assert.match(
      message({ origin: 'Toronto', destination: 'London' }),
      /There is more than one "London"\. Did you mean London, United Kingdom \(LON\) or London, Ontario, Canada \(YXU\)\?/,
    );
    assert.match(message({ departureDate: '2026-11-20' }), /already passed; today is 2026-11-21/);
    assert.match(
      message({ cabin: 'luxury rocket' }),
      /economy, premium economy, business and first/,
    );
  });

  it('accepts ordinary requests in several languages and fills in defaults', () => {
    const q = validateSearchRequest(
      {
        origin: 'Nueva York',
        destination: 'Tokio',
        departureDate: 'el próximo lunes',
        returnDate: 'pasado mañana',
        cabin: 'business',
      },
      { ...ctx, lang: 'es' },
    );
    assert.equal(q.origin, 'NYC');
    assert.equal(q.destination, 'TYO');
    assert.equal(q.departureDate, '2026-11-23');
    assert.equal(q.returnDate, '2026-11-23');
    assert.deepEqual(q.passengers, { adults: 1, children: 0, infants: 0 });
    assert.equal(q.cabin, 'business');
    for (const [word, cabin] of [
      ['classe affaires', 'business'],
      ['primera clase', 'first'],
      ['Premium Economy', 'premium_economy'],
      ['turista', 'economy'],
      ['商务舱', 'business'],
    ] as const) {
      assert.equal(validateSearchRequest({ ...ok, cabin: word }, ctx).cabin, cabin, word);
    }
    assert.equal(validateSearchRequest({ ...ok, adults: 9 }, ctx).passengers.adults, 9);
    // The demo's own example: from Madrid, "London" needs no question.
    for (const [origin, destination, want] of [
      ['Madrid', 'London', ['MAD', 'LON']],
      ['London', 'Paris', ['LON', 'PAR']],
      ['New York', 'London', ['NYC', 'LON']],
      ['Madrid', 'London, Ontario', ['MAD', 'YXU']],
      ['Madrid', 'Birmingham', ['MAD', 'BHX']],
    ] as const) {
      const q = validateSearchRequest({ ...ok, origin, destination }, ctx);
      assert.deepEqual([q.origin, q.destination], want, `${origin} -> ${destination}`);
    }
    const withEnds = validateSearch({ ...ok, destination: 'London' }, ctx);
    assert.deepEqual(
      withEnds.destination.rankedAmong?.map((p) => p.code),
      ['LON', 'YXU'],
      'the choice is reported, to be said back',
    );
    // The caller's country settles a near tie: "Victoria" from Mexico City, for a Canadian.
    const victoria = { ...ok, origin: 'Mexico City', destination: 'Victoria' };
    assert.throws(() => validateSearchRequest(victoria, ctx), /more than one "Victoria"/);
    assert.equal(
      validateSearchRequest(victoria, { ...ctx, localeCountry: 'CA' }).destination,
      'YYJ',
    );
    assert.equal(
      validateSearchRequest({ ...ok, departureDate: '2027-10-17' }, ctx).departureDate,
      '2027-10-17',
    );
  });
});
