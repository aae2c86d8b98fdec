import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FlightSearchChain } from './chain.js';
import { ManualClock } from './clock.js';
import { FlightError, ProviderError } from './errors.js';
import type { FlightProvider } from './providers/provider.js';
import type { FlightOffer, FlightQuery, ProviderName } from './types.js';

const query: FlightQuery = {
  origin: 'MAD',
  destination: 'PAR',
  originAirports: ['MAD'],
  destinationAirports: ['CDG', 'ORY'],
  departureDate: '2026-12-10',
  passengers: { adults: 1, children: 0, infants: 0 },
  cabin: 'economy',
  nonstop: false,
  currency: 'EUR',
  maxResults: 20,
};

function offer(provider: ProviderName, amount: string): FlightOffer {
  const t = {
    local: '2026-12-10T08:00:00',
    timeZone: 'Europe/Madrid',
    utc: '2026-12-10T07:00:00.000Z',
  };
  return {
    id: `${provider}-${amount}`,
    provider,
    price: { amount, currency: 'EUR' },
    cabin: 'economy',
    carriers: [{ iata: 'IB', name: 'Iberia' }],
    slices: [
      {
        origin: { iata: 'MAD' },
        destination: { iata: 'CDG' },
        departure: t,
        arrival: t,
        durationMinutes: 120,
        stops: 0,
        segments: [],
      },
    ],
    totalDurationMinutes: 120,
    maxStops: 0,
    slicesComplete: true,
  };
}

/** A provider whose answers the test scripts: 'ok', 'fail', or 'hang' (never settles). */
class ScriptedProvider implements FlightProvider {
  calls = 0;
  script: ('ok' | 'fail' | 'hang')[] = [];
  fallback: 'ok' | 'fail' | 'hang' = 'ok';
  private pending: (() => void)[] = [];
  constructor(readonly name: ProviderName) {}
  /** The abort signal of each call, in order. */
  signals: AbortSignal[] = [];
  search(_query: FlightQuery, signal: AbortSignal): Promise<FlightOffer[]> {
    this.calls++;
    this.signals.push(signal);
    const step = this.script.shift() ?? this.fallback;
    if (step === 'ok') return Promise.resolve([offer(this.name, '100.00')]);
    if (step === 'fail')
      return Promise.reject(new ProviderError(this.name, 'http_500', 'boom', { status: 500 }));
    return new Promise((resolve) => this.pending.push(() => resolve([offer(this.name, '99.00')])));
  }
  /** Lets hanging calls finish (for de-dup tests). */
  release(): void {
    for (const r of this.pending.splice(0)) r();
  }
}

const codeOf = (e: unknown): string | undefined => (e instanceof FlightError ? e.code : undefined);

describe('provider chain', () => {
  it('with no provider, fails with no_provider naming the variables, never sample data', async () => {
    const chain = new FlightSearchChain({ providers: [] });
    await assert.rejects(
      chain.search(query),
      (e: unknown) =>
        codeOf(e) === 'no_provider' && /DUFFEL_ACCESS_TOKEN/.test((e as Error).message),
    );
  });

  it('falls through to the next provider and reports which one answered', async () => {
    const a = new ScriptedProvider('duffel');
    const b = new ScriptedProvider('amadeus');
    a.fallback = 'fail';
    const chain = new FlightSearchChain({ providers: [a, b], clock: new ManualClock() });
    const r = await chain.search(query);
    assert.equal(r.provider, 'amadeus');
    assert.deepEqual(
      r.attempts.map((x) => [x.provider, x.ok, x.error ?? null]),
      [
        ['duffel', false, 'http_500'],
        ['amadeus', true, null],
      ],
    );
    assert.equal(r.offers[0]?.provider, 'amadeus');
  });

  it('reports all_providers_failed with every attempt when all fail', async () => {
    const a = new ScriptedProvider('duffel');
    const b = new ScriptedProvider('serpapi');
    a.fallback = b.fallback = 'fail';
    const chain = new FlightSearchChain({ providers: [a, b], clock: new ManualClock() });
    await assert.rejects(
      chain.search(query),
      (e: unknown) =>
        codeOf(e) === 'all_providers_failed' &&
        /duffel \(http_500\), serpapi \(http_500\)/.test((e as Error).message),
    );
  });

  it('gives up on a provider at its timeout and moves on', async () => {
    const clock = new ManualClock();
    const a = new ScriptedProvider('duffel');
    const b = new ScriptedProvider('amadeus');
    a.fallback = 'hang';
    const chain = new FlightSearchChain({ providers: [a, b], clock, timeoutMs: 5000 });
    const pending = chain.search(query);
    await Promise.resolve();
    clock.advance(4999);
    assert.equal(b.calls, 0, 'still waiting for the first provider before the timeout');
    clock.advance(1);
    const r = await pending;
    assert.equal(r.provider, 'amadeus');
    assert.equal(r.attempts[0]?.error, 'timeout');
  });

  it('opens the circuit after N consecutive failures, half-opens after the cooldown, closes on success', async () => {
    const clock = new ManualClock();
    const a = new ScriptedProvider('duffel');
    const b = new ScriptedProvider('amadeus');
    a.fallback = 'fail';
    const chain = new FlightSearchChain({
      providers: [a, b],
      clock,
      failureThreshold: 3,
      cooldownMs: 30_000,
      cacheTtlMs: 0,
    });
    for (let i = 0; i < 3; i++) await chain.search(query);
    assert.equal(a.calls, 3);
    assert.equal(chain.status()[0]?.state, 'open');
    const skipped = await chain.search(query);
    assert.equal(a.calls, 3, 'an open circuit does not call the provider');
    assert.equal(skipped.attempts[0]?.error, 'circuit_open');

    clock.advance(29_999);
    await chain.search(query);
    assert.equal(a.calls, 3, 'still open just before the cooldown ends');

    clock.advance(1);
    await chain.search(query); // half-open trial fails -> open again
    assert.equal(a.calls, 4);
    assert.equal(chain.status()[0]?.state, 'open');

    clock.advance(30_000);
    a.fallback = 'ok';
    const healed = await chain.search(query); // trial succeeds -> closed
    assert.equal(healed.provider, 'duffel');
    assert.deepEqual(chain.status()[0], {
      provider: 'duffel',
      state: 'closed',
      consecutiveFailures: 0,
    });
  });

  it('a success resets the failure count, so failures must be consecutive to open', async () => {
    const a = new ScriptedProvider('duffel');
    a.script = ['fail', 'fail', 'ok', 'fail', 'fail'];
    const chain = new FlightSearchChain({
      providers: [a, new ScriptedProvider('amadeus')],
      clock: new ManualClock(),
      failureThreshold: 3,
      cacheTtlMs: 0,
    });
    for (let i = 0; i < 5; i++) await chain.search(query);
    assert.equal(chain.status()[0]?.state, 'closed');
  });

  it('answers a repeated search from the cache until the TTL passes', async () => {
    const clock = new ManualClock();
    const a = new ScriptedProvider('duffel');
    const chain = new FlightSearchChain({ providers: [a], clock, cacheTtlMs: 60_000 });
    const first = await chain.search(query);
    const second = await chain.search({ ...query });
    assert.equal(a.calls, 1);
    assert.equal(first.cached, false);
    assert.equal(second.cached, true);
    assert.deepEqual(second.offers, first.offers);
    clock.advance(60_000);
    const third = await chain.search(query);
    assert.equal(a.calls, 2);
    assert.equal(third.cached, false);
    const other = await chain.search({ ...query, departureDate: '2026-12-11' });
    assert.equal(other.cached, false);
    assert.equal(a.calls, 3);
  });

  it('keeps the cache within its size bound, dropping the least recently used', async () => {
    const a = new ScriptedProvider('duffel');
    const chain = new FlightSearchChain({
      providers: [a],
      clock: new ManualClock(),
      cacheMaxEntries: 2,
    });
    const day = (d: number): FlightQuery => ({
      ...query,
      departureDate: `2026-12-${String(d).padStart(2, '0')}`,
    });
    await chain.search(day(1));
    await chain.search(day(2));
    await chain.search(day(1)); // touch 1
    await chain.search(day(3)); // evicts 2
    assert.equal(chain.cacheSize, 2);
    assert.equal((await chain.search(day(1))).cached, true);
    assert.equal((await chain.search(day(2))).cached, false);
  });

  it('shares one provider call between identical searches in flight', async () => {
    const a = new ScriptedProvider('duffel');
    a.fallback = 'hang';
    const chain = new FlightSearchChain({ providers: [a], clock: new ManualClock() });
    const all = Promise.all([chain.search(query), chain.search({ ...query }), chain.search(query)]);
    await Promise.resolve();
    assert.equal(a.calls, 1);
    a.release();
    const results = await all;
    assert.equal(a.calls, 1);
    assert.ok(results.every((r) => r.offers[0]?.price.amount === '99.00'));
    const different = chain.search({ ...query, cabin: 'business' });
    await Promise.resolve();
    assert.equal(a.calls, 2, 'a different search is not merged');
    a.release();
    await different;
  });

  it("one caller's abort does not cancel an identical search another caller shares", async () => {
    const a = new ScriptedProvider('duffel');
    a.fallback = 'hang';
    const chain = new FlightSearchChain({ providers: [a], clock: new ManualClock() });
    const first = new AbortController();
    const second = new AbortController();
    const gone = chain.search(query, first.signal);
    const staying = chain.search({ ...query }, second.signal);
    await Promise.resolve();
    assert.equal(a.calls, 1, 'the two searches share one provider call');
    first.abort(new Error('caller A spoke over the answer'));
    await assert.rejects(gone, /caller A spoke over the answer/);
    assert.equal(a.signals[0]?.aborted, false, 'the provider call goes on for caller B');
    a.release();
    const result = await staying;
    assert.equal(result.offers[0]?.price.amount, '99.00');
    assert.equal(a.calls, 1);
  });

  it('aborts the shared provider call once every caller has gone, and starts afresh after', async () => {
    const a = new ScriptedProvider('duffel');
    a.fallback = 'hang';
    const chain = new FlightSearchChain({ providers: [a], clock: new ManualClock() });
    const callers = [new AbortController(), new AbortController()];
    const pending = callers.map((c) => chain.search(query, c.signal));
    await Promise.resolve();
    callers[0]!.abort(new Error('A left'));
    assert.equal(a.signals[0]?.aborted, false);
    callers[1]!.abort(new Error('B left'));
    await assert.rejects(pending[0]!, /A left/);
    await assert.rejects(pending[1]!, /B left/);
    assert.equal(a.signals[0]?.aborted, true, 'nobody waits: the provider call is stopped');
    const again = chain.search(query);
    await Promise.resolve();
    assert.equal(a.calls, 2, 'a new identical search does not join the aborted run');
    a.release();
    assert.equal((await again).offers[0]?.price.amount, '99.00');
  });

  it('does not count a caller abort against the provider', async () => {
    const clock = new ManualClock();
    const a = new ScriptedProvider('duffel');
    a.fallback = 'hang';
    const chain = new FlightSearchChain({ providers: [a], clock, failureThreshold: 1 });
    const ac = new AbortController();
    const pending = chain.search(query, ac.signal);
    await Promise.resolve();
    ac.abort(new Error('user hung up'));
    await assert.rejects(pending, /user hung up/);
    assert.equal(chain.status()[0]?.state, 'closed');
  });
});
