import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { speakPrice, summarizeOffers } from './summary.js';
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

function offer(amount: string, carrier: string, stops: number, dep: string): FlightOffer {
  const t = (local: string, tz: string) => ({ local, timeZone: tz, utc: `${local}.000Z` });
  return {
    id: `o-${amount}`,
    provider: 'duffel',
    price: { amount, currency: 'EUR' },
    cabin: 'economy',
    carriers: [{ iata: 'XX', name: carrier }],
    slices: [
      {
        origin: { iata: 'MAD' },
        destination: { iata: 'CDG' },
        departure: t(`2026-12-11T${dep}:00`, 'Europe/Madrid'),
        arrival: t('2026-12-11T11:05:00', 'Europe/Paris'),
        durationMinutes: 125,
        stops,
        segments: [],
      },
    ],
    totalDurationMinutes: 125,
    maxStops: stops,
    slicesComplete: true,
  };
}
const offers = [
  offer('89.99', 'Iberia', 0, '09:00'),
  offer('120.00', 'Air France', 1, '07:15'),
  offer('150.50', 'Vueling', 0, '13:40'),
  offer('300.00', 'Lufthansa', 1, '06:00'),
];

describe('spoken summary', () => {
  it('reads the best three in English with natural prices and local times', () => {
    const s = summarizeOffers(query, offers, {
      lang: 'en',
      names: { MAD: 'Madrid', PAR: 'Paris' },
    });
    assert.match(s, /^I found 4 flights from Madrid to Paris on Friday, December 11\./);
    assert.match(s, /Iberia, €89\.99, leaving at 9:00 AM/);
    assert.match(s, /Air France, €120,/);
    assert.match(s, /1 stop/);
    assert.doesNotMatch(s, /Lufthansa/, 'only the best three are read');
  });

  const expectations: [string, RegExp][] = [
    ['es', /He encontrado 4 vuelos .* viernes, 11 de diciembre.*89,99\s€.*directo/],
    ['fr', /J'ai trouvé 4 vols .*vendredi 11 décembre.*89,99\s€.*direct/],
    ['de', /Ich habe 4 Flüge .*Freitag, 11\. Dezember.*89,99\s€.*Direktflug/],
    ['it', /Ho trovato 4 voli .*venerdì 11 dicembre.*89,99\s€.*diretto/],
    ['pt', /Encontrei 4 voos .*sexta-feira, 11 de dezembro.*€\s?89,99.*direto/],
    ['ja', /12月11日金曜日の.*4件.*€89\.99.*直行便/],
    ['zh', /12月11日星期五.*4个航班.*€89\.99.*直飞/],
    ['ar', /وجدت 4 رحلة.*مباشرة/],
  ];
  for (const [lang, re] of expectations) {
    it(`speaks ${lang}`, () => assert.match(summarizeOffers(query, offers, { lang }), re));
  }

  it('says so when there is nothing, and mentions returns', () => {
    assert.match(
      summarizeOffers(query, [], { lang: 'es', names: { MAD: 'Madrid', PAR: 'París' } }),
      /No he encontrado vuelos de Madrid a París/,
    );
    assert.match(
      summarizeOffers({ ...query, returnDate: '2026-12-20' }, offers, { lang: 'en' }),
      /include the return flight/,
    );
  });

  it('formats whole amounts without cents and other currencies natively', () => {
    assert.equal(speakPrice('120.00', 'EUR', 'en'), '€120');
    assert.equal(speakPrice('54000', 'JPY', 'ja'), '￥54,000');
    assert.equal(speakPrice('12.5', 'XYZ1', 'en'), '12.5 XYZ1');
  });
});
