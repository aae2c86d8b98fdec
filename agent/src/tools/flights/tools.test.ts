import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { llm } from '@livekit/agents';
import { FlightError } from './errors.js';
import { createFlightTools, type FlightToolEvent } from './tools.js';
import type { FlightQuery, FlightSearch, FlightSearchResult } from './types.js';

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

const oneOffer = (q: FlightQuery): FlightSearchResult => {
  const t = {
    local: `${q.departureDate}T09:00:00`,
    timeZone: 'Europe/Madrid',
    utc: `${q.departureDate}T08:00:00.000Z`,
  };
  return {
    query: q,
    provider: 'duffel',
    cached: false,
    attempts: [],
    offers: [
      {
        id: 'off_1',
        provider: 'duffel',
        price: { amount: '89.99', currency: 'EUR' },
        cabin: 'economy',
        carriers: [{ iata: 'IB', name: 'Iberia' }],
        slices: [
          {
            origin: { iata: 'MAD' },
            destination: { iata: 'CDG' },
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
      },
    ],
  };
};

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
    assert.match(String(out), /He encontrado 1 vuelo de Madrid a París/);
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
      ok: true,
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
    await assert.rejects(
      tools.search_flights.execute(
        { origin: 'London', destination: 'Paris', departure_date: 'tomorrow' },
        opts('c3'),
      ),
      (e: unknown) => e instanceof llm.ToolError && /Ontario/.test(e.message),
    );
    assert.equal(search.queries.length, 0);
    const finished = events.filter((e) => e.type === 'tool_finished');
    assert.deepEqual(
      finished.map((e) => (e.type === 'tool_finished' ? e.error?.code : '')),
      ['invalid_calendar_date', 'ambiguous_place'],
    );
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

  it('resolve_place answers in codes and asks about ambiguous names', async () => {
    const tools = createFlightTools({ search: fakeSearch(oneOffer) });
    const ropts = opts('r1') as Parameters<typeof tools.resolve_place.execute>[1];
    assert.match(
      String(await tools.resolve_place.execute({ name: 'Tokio' }, ropts)),
      /Tokyo, Japan \(TYO; airports HND, NRT\)/,
    );
    await assert.rejects(
      tools.resolve_place.execute({ name: 'London' }, ropts),
      (e: unknown) => e instanceof llm.ToolError && /Ask the traveller/.test(e.message),
    );
    await assert.rejects(
      tools.resolve_place.execute({ name: 'Atlantis' }, ropts),
      (e: unknown) => e instanceof llm.ToolError,
    );
  });
});
