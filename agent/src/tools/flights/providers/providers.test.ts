import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startAmadeusFake, type AmadeusFake } from '../../../../../test/fakes/amadeus.js';
import { startDuffelFake, type DuffelFake } from '../../../../../test/fakes/duffel.js';
import { startSerpApiFake, type SerpApiFake } from '../../../../../test/fakes/serpapi.js';
import { FlightSearchChain } from '../chain.js';
import { ManualClock } from '../clock.js';
import { ProviderError } from '../errors.js';
import type { FlightQuery } from '../types.js';
import { AmadeusProvider } from './amadeus.js';
import { DuffelProvider } from './duffel.js';
import { flightProvidersFromEnv } from './env.js';
import { SerpApiProvider } from './serpapi.js';

const query: FlightQuery = {
  origin: 'LON',
  destination: 'NYC',
  originAirports: ['LHR', 'LGW'],
  destinationAirports: ['JFK', 'EWR'],
  departureDate: '2026-12-10',
  passengers: { adults: 2, children: 1, infants: 1 },
  cabin: 'economy',
  nonstop: false,
  currency: 'EUR',
  maxResults: 20,
};
const signal = (): AbortSignal => new AbortController().signal;
const reasonOf = async (p: Promise<unknown>): Promise<string> => {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof ProviderError, `expected ProviderError, got ${String(e)}`);
    return e.reason;
  }
  return 'no error';
};

describe('Duffel provider (real @duffel/api against the fake)', () => {
  let fake: DuffelFake;
  before(async () => (fake = await startDuffelFake({ token: 'duffel_test_x' })));
  after(() => fake.close());
  const provider = (): DuffelProvider =>
    new DuffelProvider({ accessToken: 'duffel_test_x', baseUrl: fake.url });

  it('returns normalised offers, cheapest first, with local times in airport zones', async () => {
    const offers = await provider().search(query, signal());
    assert.equal(offers.length, 5);
    const prices = offers.map((o) => Number(o.price.amount));
    assert.deepEqual(
      prices,
      [...prices].sort((a, b) => a - b),
    );
    const o = offers[0]!;
    assert.match(o.id, /^off_/);
    assert.equal(o.provider, 'duffel');
    assert.match(o.price.amount, /^\d+\.\d{2}$/);
    assert.equal(o.price.currency, 'GBP');
    const s = o.slices[0]!;
    assert.equal(s.origin.iata, 'LHR');
    assert.equal(s.departure.timeZone, 'Europe/London');
    assert.equal(s.arrival.timeZone, 'America/New_York');
    // 08:30 in London in December is 08:30Z; 15:15 in New York is 20:15Z.
    assert.ok(
      offers.some(
        (x) =>
          x.slices[0]?.departure.local === '2026-12-10T08:30:00' &&
          x.slices[0]?.departure.utc === '2026-12-10T08:30:00.000Z',
      ),
    );
    assert.ok(o.carriers[0]?.name && o.carriers[0].iata.length === 2);
    assert.equal(JSON.parse(JSON.stringify(offers)).length, 5, 'offers are plain JSON');
  });

  it('sends the Duffel wire format: v2 header, slices, passengers with ages, nonstop as max_connections 0', async () => {
    const before = fake.requests.length;
    await provider().search(
      { ...query, returnDate: '2026-12-20', nonstop: true, cabin: 'business' },
      signal(),
    );
    const req = fake.requests[before]!;
    assert.equal(req.headers['duffel-version'], 'v2');
    assert.match(req.path, /return_offers=true/);
    const body = JSON.parse(req.body) as {
      data: {
        slices: unknown[];
        passengers: unknown[];
        cabin_class: string;
        max_connections: number;
      };
    };
    assert.equal(body.data.slices.length, 2);
    assert.deepEqual(body.data.passengers, [
      { type: 'adult' },
      { type: 'adult' },
      { age: 8 },
      { age: 1 },
    ]);
    assert.equal(body.data.cabin_class, 'business');
    assert.equal(body.data.max_connections, 0);
  });

  it('maps 429, 500 and a bad token to provider errors', async () => {
    fake.failNext(429);
    assert.equal(await reasonOf(provider().search(query, signal())), 'http_429');
    fake.failNext(500);
    assert.equal(await reasonOf(provider().search(query, signal())), 'http_500');
    assert.equal(
      await reasonOf(
        new DuffelProvider({ accessToken: 'wrong', baseUrl: fake.url }).search(query, signal()),
      ),
      'auth',
    );
  });

  it('an empty route is an answer, not a failure', async () => {
    fake.setOfferCount(0);
    assert.deepEqual(await provider().search(query, signal()), []);
    fake.setOfferCount(5);
  });
});

describe('Amadeus provider (real amadeus SDK against the fake)', () => {
  let fake: AmadeusFake;
  before(async () => (fake = await startAmadeusFake()));
  after(() => fake.close());
  const provider = (): AmadeusProvider =>
    new AmadeusProvider({
      clientId: 'fake-client-id',
      clientSecret: 'fake-client-secret',
      host: fake.host,
      port: fake.port,
      ssl: false,
    });

  it('fetches one token for concurrent first searches and returns normalised offers', async () => {
    const p = provider();
    const before = fake.tokenRequests;
    const results = await Promise.all([
      p.search(query, signal()),
      p.search(query, signal()),
      p.search(query, signal()),
    ]);
    assert.equal(fake.tokenRequests - before, 1);
    const o = results[0]![0]!;
    assert.equal(o.provider, 'amadeus');
    assert.equal(o.price.currency, 'EUR');
    assert.equal(
      o.carriers[0]?.name,
      o.carriers[0]?.name.replace(/\b\w+/g, (w) => w[0]!.toUpperCase() + w.slice(1).toLowerCase()),
    );
    assert.equal(o.slices[0]?.origin.iata, 'LHR');
    assert.equal(o.slices[0]?.departure.timeZone, 'Europe/London');
    assert.equal(o.slices[0]?.origin.cityName, 'London');
    const searchReq = fake.requests.find((r) => r.path.startsWith('/v2/shopping/flight-offers'))!;
    assert.match(searchReq.path, /originLocationCode=LON/);
    assert.match(searchReq.path, /adults=2/);
    assert.match(searchReq.path, /infants=1/);
  });

  it('maps 429 and 500, and treats a non-exact JSON content type as a bad response', async () => {
    const p = provider();
    fake.failNext(429);
    assert.equal(await reasonOf(p.search(query, signal())), 'http_429');
    fake.failNext(500);
    assert.equal(await reasonOf(p.search(query, signal())), 'http_500');
    fake.contentType('application/json; charset=utf-8');
    assert.equal(await reasonOf(p.search(query, signal())), 'bad_response');
    fake.contentType('application/vnd.amadeus+json');
  });

  it('reports wrong credentials as an auth failure', async () => {
    const p = new AmadeusProvider({
      clientId: 'nope',
      clientSecret: 'nope',
      host: fake.host,
      port: fake.port,
      ssl: false,
    });
    assert.equal(await reasonOf(p.search(query, signal())), 'auth');
  });

  it('searches Amadeus locations', async () => {
    const found = await provider().locations('PAR');
    assert.deepEqual(
      found.map((l) => l.iataCode),
      ['PAR', 'CDG'],
    );
  });
});

describe('SerpApi provider (Google Flights wire format against the fake)', () => {
  let fake: SerpApiFake;
  before(async () => (fake = await startSerpApiFake({ apiKey: 'k' })));
  after(() => fake.close());
  const provider = (): SerpApiProvider => new SerpApiProvider({ apiKey: 'k', baseUrl: fake.url });

  it('returns normalised offers and passes all airports of a metro', async () => {
    const offers = await provider().search(query, signal());
    assert.equal(offers.length, 5);
    assert.equal(offers[0]?.price.amount, '565.00');
    assert.equal(offers[0]?.price.currency, 'EUR');
    assert.equal(offers[0]?.carriers[0]?.iata, 'UA');
    assert.equal(offers[0]?.slicesComplete, true);
    const q = fake.requests.at(-1)!.query;
    assert.equal(q.get('departure_id'), 'LHR,LGW');
    assert.equal(q.get('type'), '2');
    assert.equal(q.get('infants_on_lap'), '1');
  });

  it('marks round-trip offers whose return legs Google did not describe', async () => {
    const offers = await provider().search(
      { ...query, returnDate: '2026-12-20', nonstop: true },
      signal(),
    );
    assert.ok(offers.length > 0);
    assert.ok(offers.every((o) => o.slicesComplete === false && o.maxStops === 0));
    assert.equal(fake.requests.at(-1)!.query.get('stops'), '1');
  });

  it('maps 429, 500 and a bad key; "no results" is an empty answer', async () => {
    fake.failNext(429);
    assert.equal(await reasonOf(provider().search(query, signal())), 'http_429');
    fake.failNext(500);
    assert.equal(await reasonOf(provider().search(query, signal())), 'http_500');
    assert.equal(
      await reasonOf(
        new SerpApiProvider({ apiKey: 'bad', baseUrl: fake.url }).search(query, signal()),
      ),
      'auth',
    );
    fake.noResults();
    assert.deepEqual(await provider().search(query, signal()), []);
    fake.noResults(false);
  });
});

describe('the chain over the three fakes', () => {
  let duffel: DuffelFake;
  let amadeus: AmadeusFake;
  let serp: SerpApiFake;
  before(async () => {
    [duffel, amadeus, serp] = await Promise.all([
      startDuffelFake(),
      startAmadeusFake(),
      startSerpApiFake(),
    ]);
  });
  after(() => Promise.all([duffel.close(), amadeus.close(), serp.close()]));
  const env = (): Record<string, string> => ({
    DUFFEL_ACCESS_TOKEN: 'duffel_test_fake',
    DUFFEL_BASE_URL: duffel.url,
    AMADEUS_CLIENT_ID: 'fake-client-id',
    AMADEUS_CLIENT_SECRET: 'fake-client-secret',
    AMADEUS_HOST: '127.0.0.1',
    AMADEUS_PORT: String(amadeus.port),
    AMADEUS_SSL: 'false',
    SERPAPI_API_KEY: 'serp-fake-key',
    SERPAPI_BASE_URL: serp.url,
  });

  it('moves past a hanging provider at the timeout, then past a failing one', async () => {
    const clock = new ManualClock();
    const config = flightProvidersFromEnv(env());
    assert.deepEqual(config.configured, ['duffel', 'amadeus', 'serpapi']);
    const chain = new FlightSearchChain({
      providers: config.providers,
      clock,
      timeoutMs: 8000,
      cacheTtlMs: 0,
    });
    duffel.hang();
    amadeus.failNext(500);
    const pending = chain.search(query);
    await duffel.waitForSearches(1);
    clock.advance(8000);
    const r = await pending;
    duffel.hang(false);
    assert.equal(r.provider, 'serpapi');
    assert.deepEqual(
      r.attempts.map((a) => a.error ?? 'ok'),
      ['timeout', 'http_500', 'ok'],
    );
  });

  it('honours FLIGHT_PROVIDERS order and reports what is missing', () => {
    const c = flightProvidersFromEnv({ ...env(), FLIGHT_PROVIDERS: 'serpapi,duffel,bogus' });
    assert.deepEqual(c.configured, ['serpapi', 'duffel']);
    assert.match(c.problems.join(), /FLIGHT_PROVIDERS: unknown provider "bogus"/);
    const none = flightProvidersFromEnv({ AMADEUS_CLIENT_ID: 'x' });
    assert.deepEqual(none.configured, []);
    assert.deepEqual(none.report.find((r) => r.provider === 'amadeus')?.missing, [
      'AMADEUS_CLIENT_SECRET',
    ]);
    assert.match(none.summary, /DUFFEL_ACCESS_TOKEN/);
    assert.match(
      flightProvidersFromEnv({ ...env(), AMADEUS_PORT: 'eighty' }).problems.join(),
      /AMADEUS_PORT/,
    );
  });
});
