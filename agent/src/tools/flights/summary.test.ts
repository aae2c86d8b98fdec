import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { getPlaceIndex } from './places/index.js';
import { arabicCount, speakPrice, spokenPlace, summarizeMore, summarizeOffers } from './summary.js';
import type { FlightOffer, FlightQuery } from './types.js';

const query: FlightQuery = {
  origin: 'MAD',
  destination: 'PAR',
  originAirports: ['MAD'],
  destinationAirports: ['CDG', 'ORY'],
  departureDate: '2026-12-11',
  passengers: { adults: 1, children: 0, infants: 0 },
  cabin: 'economy',
  nonstop: false,
  currency: 'EUR',
  maxResults: 20,
};

function offer(
  amount: string,
  carriers: string[],
  stops: number,
  dep: string,
  minutes = 125,
): FlightOffer {
  const t = (local: string, tz: string) => ({ local, timeZone: tz, utc: `${local}.000Z` });
  return {
    id: `o-${amount}`,
    provider: 'duffel',
    price: { amount, currency: 'EUR' },
    cabin: 'economy',
    carriers: carriers.map((name) => ({ iata: 'XX', name })),
    slices: [
      {
        origin: { iata: 'MAD' },
        destination: { iata: 'CDG' },
        departure: t(`2026-12-11T${dep}:00`, 'Europe/Madrid'),
        arrival: t('2026-12-11T11:05:00', 'Europe/Paris'),
        durationMinutes: minutes,
        stops,
        segments: [],
      },
    ],
    totalDurationMinutes: minutes,
    maxStops: stops,
    slicesComplete: true,
  };
}
const offers = [
  offer('89.99', ['Iberia'], 0, '09:00'),
  offer('120.00', ['Air France'], 1, '07:15'),
  offer('150.50', ['Vueling'], 0, '13:40'),
  offer('300.00', ['Lufthansa'], 1, '06:00'),
  offer('310.00', ['Air Europa'], 0, '19:00'),
];

/** Words as a listener hears them: tokens with a letter or a digit ("–" and "€" alone are not). */
const words = (s: string) => s.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;

describe('spoken summary', () => {
  it('leads with the count and the cheapest offer in one sentence, not a list', () => {
    const s = summarizeOffers(query, offers, {
      lang: 'en',
      names: { MAD: 'Madrid', PAR: 'Paris' },
    });
    assert.equal(
      s,
      '5 flights from Madrid to Paris on Friday, December 11. The cheapest is Iberia, nonstop, leaving 9:00 AM, 2 hours 5 minutes, €89.99.',
    );
    assert.doesNotMatch(s, /Air France|Vueling/, 'the other offers are on the cards');
  });

  it('keeps a result set under 30 words in every language with words, one way and round trip', () => {
    // A long case: a two-word city, a round trip, a two-airline connection at four figures.
    const long = [offer('1234.50', ['British Airways', 'Iberia'], 1, '10:15', 545), ...offers];
    const names = { MAD: 'Madrid', PAR: 'Nueva York' };
    for (const lang of ['en', 'es', 'fr', 'de', 'it', 'pt', 'ar']) {
      for (const q of [query, { ...query, returnDate: '2026-12-20' }]) {
        for (const set of [offers, long, offers.slice(0, 1)]) {
          const s = summarizeOffers(q, set, { lang, names });
          assert.ok(words(s) < 30, `${lang}: ${words(s)} words: ${s}`);
        }
      }
    }
    // Japanese and Chinese have no spaces: the same sentence stays short in characters.
    for (const lang of ['ja', 'zh']) {
      const s = summarizeOffers({ ...query, returnDate: '2026-12-20' }, long, { lang, names });
      assert.ok(s.length < 110, `${lang}: ${s.length} characters: ${s}`);
    }
  });

  const expectations: [string, RegExp][] = [
    [
      'es',
      /^5 vuelos .* viernes, 11 de diciembre\. El más barato: Iberia, directo, a las 9:00, .*89,99\s€\.$/,
    ],
    [
      'fr',
      /^5 vols .*vendredi 11 décembre\. Le moins cher : Iberia, direct, départ à 9:00, .*89,99\s€\.$/,
    ],
    [
      'de',
      /^5 Flüge .*Freitag, 11\. Dezember\. Am günstigsten: Iberia, Direktflug, Abflug 9:00, .*89,99\s€\.$/,
    ],
    ['it', /^5 voli .*venerdì 11 dicembre\. Il più economico è Iberia, diretto, .*89,99\s€\.$/],
    ['pt', /^5 voos .*sexta-feira, 11 de dezembro\. O mais barato: Iberia, direto, .*€\s?89,99\.$/],
    ['ja', /12月11日金曜日の.*5便です。最安値はIberia、直行便、.*€89\.99です。$/],
    ['zh', /12月11日星期五.*5个航班。最便宜的是Iberia，直飞，.*€89\.99。$/],
    ['ar', /^5 رحلات .*الأرخص: Iberia، مباشرة/],
  ];
  for (const [lang, re] of expectations) {
    it(`speaks ${lang}`, () => assert.match(summarizeOffers(query, offers, { lang }), re));
  }

  it('says a round trip in the count, with both dates', () => {
    const rt = { ...query, returnDate: '2026-12-20' };
    assert.match(
      summarizeOffers(rt, offers, { lang: 'en', names: { MAD: 'Madrid', PAR: 'Paris' } }),
      /^5 round trips from Madrid to Paris, December 11\s–\s20\. The cheapest is Iberia/,
    );
    assert.match(summarizeOffers(rt, offers, { lang: 'ja' }), /^12月11日～12月20日の/);
    assert.match(
      summarizeOffers(rt, offers.slice(0, 1), { lang: 'es' }),
      /^1 viaje de ida y vuelta .*\. Es Iberia/,
    );
  });

  it('reads the next offers on request, from the same result set', () => {
    assert.equal(
      summarizeMore(offers, 1, 2, { lang: 'en' }),
      'Next: Air France, 1 stop, leaving 7:15 AM, 2 hours 5 minutes, €120; Vueling, nonstop, leaving 1:40 PM, 2 hours 5 minutes, €150.50.',
    );
    assert.match(summarizeMore(offers, 3, 2, { lang: 'es' }), /^Después: Lufthansa.*; Air Europa/);
    assert.equal(summarizeMore(offers, 5, 2), '', 'nothing left');
  });

  it('says so when there is nothing', () => {
    assert.match(
      summarizeOffers(query, [], { lang: 'es', names: { MAD: 'Madrid', PAR: 'París' } }),
      /No he encontrado vuelos de Madrid a París/,
    );
  });

  it('names the country of a place the ranking chose, in the traveller’s language', () => {
    const places = getPlaceIndex();
    const lon = places.byIata('LON')!;
    const yxu = places.byIata('YXU')!;
    assert.equal(spokenPlace('Londres', lon, [lon, yxu], 'es'), 'Londres (Reino Unido)');
    assert.equal(spokenPlace('London', lon, [lon, yxu], 'en'), 'London (United Kingdom)');
    assert.equal(spokenPlace('Londres', lon, undefined, 'es'), 'Londres', 'no shared name');
    const pdx = places.byIata('PDX')!;
    const pwm = places.byIata('PWM')!;
    assert.equal(spokenPlace('Portland', pdx, [pdx, pwm], 'en'), 'Portland (Oregon)');
  });

  it('formats whole amounts without cents and other currencies natively', () => {
    assert.equal(speakPrice('120.00', 'EUR', 'en'), '€120');
    assert.equal(speakPrice('54000', 'JPY', 'ja'), '￥54,000');
    assert.equal(speakPrice('12.5', 'XYZ1', 'en'), '12.5 XYZ1');
  });
});

describe('Arabic counts', () => {
  it('follow the plural categories: one, two, few (3–10), many (11–99), other (100)', () => {
    const flights = { one: 'رحلة واحدة', two: 'رحلتان', few: 'رحلات', other: 'رحلة' };
    assert.deepEqual(
      [1, 2, 3, 10, 11, 99, 100].map((n) => arabicCount(n, flights)),
      ['رحلة واحدة', 'رحلتان', '3 رحلات', '10 رحلات', '11 رحلة', '99 رحلة', '100 رحلة'],
    );
  });
});
