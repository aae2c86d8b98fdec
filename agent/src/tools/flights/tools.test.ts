import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { llm } from '@livekit/agents';
import { FlightError } from './errors.js';
import { createFlightTools, type FlightToolEvent } from './tools.js';
import type { FlightOffer, FlightQuery, FlightSearch, FlightSearchResult } from './types.js';

const now = () => new Date('2026-11-21T11:00:00Z');

function fakeSearch(
  respond: (q: FlightQuery) => FlightSearchResult | Promise<FlightSearchResult>,
): FlightSearch & { queries: FlightQuery[] } {
  const queries: FlightQuery[] = [];
  return {
    queries,
    search: async (q) => {
      queries.push(q);
      return respond(q);
    },
  };
}

function offer(q: FlightQuery, n: number, carrier: string, hhmm: string): FlightOffer {
  const t = {
    local: `${q.departureDate}T${hhmm}:00`,
    timeZone: 'Europe/Madrid',
    utc: `${q.departureDate}T08:00:00.000Z`,
  };
  return {
    id: `off_${n}`,
    provider: 'duffel',
    price: { amount: String(80 + 10 * n) + '.99', currency: 'EUR' },
    cabin: 'economy',
    carriers: [{ iata: 'XX', name: carrier }],
    slices: [
      {
        origin: { iata: q.originAirports[0] ?? q.origin },
        destination: { iata: q.destinationAirports[0] ?? q.destination },
        departure: t,
        arrival: t,
        durationMinutes: 125,
        stops: 0,
        segments: [],
      },
    ],
    totalDurationMinutes: 125,
    maxStops: 0,
    slicesComplete: true,
  };
}

const result = (q: FlightQuery, offers: FlightOffer[]): FlightSearchResult => ({
  query: q,
  provider: 'duffel',
  cached: false,
  attempts: [],
  offers,
});
const oneOffer = (q: FlightQuery) => result(q, [offer(q, 1, 'Iberia', '09:00')]);
const fiveOffers = (q: FlightQuery) =>
  result(
    q,
    ['Iberia', 'Vueling', 'British Airways', 'Air Europa', 'easyJet'].map((c, i) =>
      offer(q, i + 1, c, `0${i + 6}:10`),
    ),
  );

/** The words of the answer the traveller hears (the note for the model excluded). */
const spoken = (out: unknown) => String(out).split('\n')[0] ?? '';
const words = (s: string) => s.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;

type ExecOpts = Parameters<ReturnType<typeof createFlightTools>['search_flights']['execute']>[1];
const opts = (id: string): ExecOpts => ({
  toolCallId: id,
  abortSignal: new AbortController().signal,
  ctx: undefined as unknown as ExecOpts['ctx'],
});

describe('flight tools for the model', () => {
  it('searches with places and dates as spoken, returns a spoken summary and emits card events', async () => {
    const events: FlightToolEvent[] = [];
    const search = fakeSearch(oneOffer);
    const tools = createFlightTools({
      search,
      now,
      timeZone: () => 'Europe/Madrid',
      onEvent: (e) => events.push(e),
    });
    const out = await tools.search_flights.execute(
      {
        origin: 'Madrid',
        destination: 'París',
        departure_date: 'el próximo viernes',
        language: 'es',
        return_date: null,
      },
      opts('call_1'),
    );
    assert.equal(search.queries[0]?.destination, 'PAR');
    assert.equal(search.queries[0]?.departureDate, '2026-11-27');
    assert.match(
      spoken(out),
      /^1 vuelo de Madrid a París el viernes, 27 de noviembre\. Es Iberia, directo, a las 9:00/,
    );
    assert.deepEqual(
      events.map((e) => e.type),
      ['tool_started', 'flight_results', 'tool_finished'],
    );
    const results = events[1];
    assert.ok(
      results?.type === 'flight_results' &&
        results.offers[0]?.id === 'off_1' &&
        results.provider === 'duffel' &&
        results.id === 'call_1',
    );
    assert.deepEqual(events[2], {
      type: 'tool_finished',
      tool: 'search_flights',
      id: 'call_1',
      outcome: 'finished',
      provider: 'duffel',
    });
    assert.equal(
      JSON.stringify(events).includes('null'),
      false,
      'null arguments are not forwarded',
    );
  });

  it('turns an impossible request into a ToolError the model can read out, without searching', async () => {
    const events: FlightToolEvent[] = [];
    const search = fakeSearch(oneOffer);
    const tools = createFlightTools({
      search,
      now,
      timeZone: () => 'UTC',
      onEvent: (e) => events.push(e),
    });
    await assert.rejects(
      tools.search_flights.execute(
        { origin: 'Madrid', destination: 'Paris', departure_date: '2027-02-30' },
        opts('c2'),
      ),
      (e: unknown) =>
        e instanceof llm.ToolError && /February 2027 has only 28 days/.test(e.message),
    );
    assert.equal(search.queries.length, 0);
    const finished = events.filter((e) => e.type === 'tool_finished');
    assert.deepEqual(
      finished.map((e) => (e.type === 'tool_finished' ? [e.outcome, e.error?.code] : [])),
      [['failed', 'invalid_calendar_date']],
    );
  });

  it('asks which place when the choice is close: a question the model gets back, not a failure', async () => {
    const events: FlightToolEvent[] = [];
    const search = fakeSearch(oneOffer);
    const tools = createFlightTools({
      search,
      now,
      timeZone: () => 'UTC',
      onEvent: (e) => events.push(e),
    });
    // From Toronto, London, Ontario is close enough to ask.
    const out = await tools.search_flights.execute(
      { origin: 'Toronto', destination: 'London', departure_date: 'tomorrow' },
      opts('c3'),
    );
    assert.match(
      String(out),
      /^Not searched yet\. Ask the traveller: There is more than one "London"\. Did you mean London, United Kingdom \(LON\) or London, Ontario, Canada \(YXU\)\?$/,
    );
    assert.equal(search.queries.length, 0);
    assert.deepEqual(events.at(-1), {
      type: 'tool_finished',
      tool: 'search_flights',
      id: 'c3',
      outcome: 'clarify',
      error: {
        code: 'ambiguous_place',
        message:
          'There is more than one "London". Did you mean London, United Kingdom (LON) or London, Ontario, Canada (YXU)?',
      },
    });
  });

  it('from Madrid, London is London, United Kingdom, and the answer says so in a few words', async () => {
    const events: FlightToolEvent[] = [];
    const search = fakeSearch(fiveOffers);
    const tools = createFlightTools({
      search,
      now,
      timeZone: () => 'Europe/Madrid',
      onEvent: (e) => events.push(e),
    });
    const out = await tools.search_flights.execute(
      { origin: 'Madrid', destination: 'London', departure_date: 'next friday', language: 'en' },
      opts('c4'),
    );
    assert.equal(search.queries[0]?.destination, 'LON');
    assert.equal(
      spoken(out),
      '5 flights from Madrid to London (United Kingdom) on Friday, November 27. The cheapest is Iberia, nonstop, leaving 6:10 AM, 2 hours 5 minutes, €90.99.',
    );
    assert.ok(words(spoken(out)) < 30, `${words(spoken(out))} words`);
    assert.match(String(out), /4 more options are on the traveller's cards.*call more_flights/);
    const last = events.at(-1);
    assert.ok(last?.type === 'tool_finished' && last.outcome === 'finished');
  });

  it('"tell me more" reads the next offers of the same result set, without searching again', async () => {
    const search = fakeSearch(fiveOffers);
    const tools = createFlightTools({ search, now, timeZone: () => 'Europe/Madrid' });
    const more = () =>
      tools.more_flights.execute({}, opts('m') as Parameters<typeof tools.more_flights.execute>[1]);
    await assert.rejects(
      more(),
      (e: unknown) => e instanceof llm.ToolError,
      'nothing searched yet',
    );
    await tools.search_flights.execute(
      { origin: 'Madrid', destination: 'París', departure_date: 'mañana', language: 'es' },
      opts('c5'),
    );
    const next = String(await more());
    assert.match(next, /^Después: Vueling, directo, a las 7:10, .*; British Airways, directo/);
    assert.match(next, /2 more options are on the traveller's cards/);
    assert.match(String(await more()), /^Después: Air Europa.*; easyJet.*\n.*every option/s);
    assert.match(String(await more()), /^\(Not to read out: that was every option found\.\)$/);
    assert.equal(search.queries.length, 1, 'one search, read in parts');
  });

  it('tells the model plainly when no provider is configured or all are down', async () => {
    for (const code of ['no_provider', 'all_providers_failed'] as const) {
      const tools = createFlightTools({
        search: fakeSearch(() =>
          Promise.reject(new FlightError(code, 'internal detail with hosts')),
        ),
        now,
        timeZone: () => 'UTC',
      });
      await assert.rejects(
        tools.search_flights.execute(
          { origin: 'Madrid', destination: 'Paris', departure_date: 'tomorrow' },
          opts('c'),
        ),
        (e: unknown) => e instanceof llm.ToolError && !/hosts/.test(e.message),
      );
    }
  });

  it('reports "no flights" as a ToolError rather than an empty success', async () => {
    const tools = createFlightTools({
      search: fakeSearch((q) => ({ ...oneOffer(q), offers: [] })),
      now,
      timeZone: () => 'UTC',
    });
    await assert.rejects(
      tools.search_flights.execute(
        { origin: 'Madrid', destination: 'Paris', departure_date: 'tomorrow' },
        opts('c'),
      ),
      (e: unknown) => e instanceof llm.ToolError && /couldn't find any flights/.test(e.message),
    );
  });

  it('resolve_place answers in codes and asks about names that stay ambiguous', async () => {
    const events: FlightToolEvent[] = [];
    const tools = createFlightTools({
      search: fakeSearch(oneOffer),
      onEvent: (e) => events.push(e),
    });
    const ropts = opts('r1') as Parameters<typeof tools.resolve_place.execute>[1];
    assert.match(
      String(await tools.resolve_place.execute({ name: 'Tokio' }, ropts)),
      /Tokyo, Japan \(TYO; airports HND, NRT\)/,
    );
    assert.match(
      String(await tools.resolve_place.execute({ name: 'London' }, ropts)),
      /^London: London, United Kingdom \(LON; .*less likely: London, Ontario, Canada \(YXU\)/,
    );
    assert.match(
      String(await tools.resolve_place.execute({ name: 'Portland' }, ropts)),
      /Portland, Oregon.*Portland, Maine.*Ask the traveller which one\./,
    );
    await assert.rejects(
      tools.resolve_place.execute({ name: 'Atlantis' }, ropts),
      (e: unknown) => e instanceof llm.ToolError,
    );
    assert.deepEqual(
      events.flatMap((e) => (e.type === 'tool_finished' ? [e.outcome] : [])),
      ['finished', 'finished', 'clarify', 'failed'],
    );
  });
});
