import { llm } from '@livekit/agents';
import { z } from 'zod';
import { FlightError } from './errors.js';
import { getPlaceIndex, type Place } from './places/index.js';
import { summarizeOffers } from './summary.js';
import type { FlightOffer, FlightQuery, FlightSearch, ProviderName } from './types.js';
import { validateSearchRequest } from './validation.js';

export type FlightToolName = 'search_flights' | 'resolve_place';

/** Progress and results for the widget (tool activity, flight cards). JSON-safe. */
export type FlightToolEvent =
  | { type: 'tool_started'; tool: FlightToolName; id: string; args: Record<string, unknown> }
  | {
      type: 'tool_finished';
      tool: FlightToolName;
      id: string;
      ok: boolean;
      provider?: ProviderName;
      error?: { code: string; message: string };
    }
  | {
      type: 'flight_results';
      id: string;
      query: FlightQuery;
      offers: FlightOffer[];
      provider: ProviderName;
    };

export interface FlightToolsOptions {
  /** The provider chain. */
  search: FlightSearch;
  now?: () => Date;
  /** The traveller's IANA zone (for "tomorrow"); default the server's. */
  timeZone?: () => string;
  onEvent?: (e: FlightToolEvent) => void;
  /** Currency to ask providers for when the traveller names none. */
  defaultCurrency?: string;
  /** Told about failures that the model only hears generically. */
  onError?: (err: unknown) => void;
}

const searchParameters = z.object({
  origin: z
    .string()
    .describe(
      'Where the trip starts, as the traveller said it, in any language ("Nueva York", "Heathrow") or an IATA code.',
    ),
  destination: z
    .string()
    .describe('Where the trip goes, as the traveller said it, in any language, or an IATA code.'),
  departure_date: z
    .string()
    .describe(
      'Outbound date as the traveller said it ("next Friday", "el 3 de marzo") or YYYY-MM-DD.',
    ),
  return_date: z
    .string()
    .describe('Return date for a round trip, as said or YYYY-MM-DD. Omit for one way.')
    .nullish(),
  adults: z.number().int().describe('Travellers aged 12 or over. Default 1.').nullish(),
  children: z.number().int().describe('Children aged 2 to 11. Default 0.').nullish(),
  infants: z.number().int().describe('Infants under 2 on a lap. Default 0.').nullish(),
  cabin: z
    .string()
    .describe('economy, premium_economy, business or first. Default economy.')
    .nullish(),
  nonstop: z.boolean().describe('Only direct flights.').nullish(),
  currency: z.string().describe('ISO 4217 code for prices, e.g. EUR.').nullish(),
  language: z
    .string()
    .describe(
      'The language the traveller is speaking, as a BCP 47 code (en, es, fr, de, ja, zh, ar…). Used for dates and the reply.',
    )
    .nullish(),
});

const resolveParameters = z.object({
  name: z
    .string()
    .describe('A city, airport or IATA code in any language: "Tokio", "München", "北京", "JFK".'),
});

function clean(args: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(args).filter(([, v]) => v !== null && v !== undefined));
}

function describePlace(p: Place): string {
  const where =
    p.regionName && (p.countryCode === 'US' || p.countryCode === 'CA')
      ? `${p.regionName}, ${p.country}`
      : p.country;
  const airports = p.airports.length > 1 ? `; airports ${p.airports.join(', ')}` : '';
  return p.kind === 'airport'
    ? `${p.name} (${p.code}), ${p.cityName}, ${where}`
    : `${p.name}, ${where} (${p.code}${airports})`;
}

/** The flight tools the voice agent gives its model: `tools: createFlightTools({ search })`. */
export function createFlightTools(opts: FlightToolsOptions) {
  const now = opts.now ?? (() => new Date());
  const timeZone =
    opts.timeZone ?? (() => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC');
  const emit = (e: FlightToolEvent): void => {
    try {
      opts.onEvent?.(e);
    } catch {
      // A broken listener must not break the conversation.
    }
  };

  const search_flights = llm.tool({
    description:
      'Search real flight offers. Pass places and dates exactly as the traveller said them, in their language; the tool resolves cities, airports and relative dates itself. Returns a short spoken summary of the best offers; the full offers are shown to the traveller as cards.',
    parameters: searchParameters,
    execute: async (args, { toolCallId, abortSignal }) => {
      const id = toolCallId;
      emit({ type: 'tool_started', tool: 'search_flights', id, args: clean(args) });
      const lang = args.language ?? undefined;
      try {
        const query = validateSearchRequest(
          {
            origin: args.origin,
            destination: args.destination,
            departureDate: args.departure_date,
            returnDate: args.return_date ?? undefined,
            adults: args.adults ?? undefined,
            children: args.children ?? undefined,
            infants: args.infants ?? undefined,
            cabin: args.cabin ?? undefined,
            nonstop: args.nonstop ?? undefined,
            currency: args.currency ?? undefined,
          },
          {
            now: now(),
            timeZone: timeZone(),
            ...(lang ? { lang } : {}),
            ...(opts.defaultCurrency ? { defaultCurrency: opts.defaultCurrency } : {}),
          },
        );
        const result = await opts.search.search(query, abortSignal);
        const names = { [query.origin]: args.origin, [query.destination]: args.destination };
        const summary = summarizeOffers(query, result.offers, { ...(lang ? { lang } : {}), names });
        emit({
          type: 'flight_results',
          id,
          query,
          offers: result.offers,
          provider: result.provider,
        });
        if (result.offers.length === 0) {
          emit({
            type: 'tool_finished',
            tool: 'search_flights',
            id,
            ok: false,
            provider: result.provider,
            error: { code: 'no_offers', message: summary },
          });
          throw new llm.ToolError(summary);
        }
        emit({
          type: 'tool_finished',
          tool: 'search_flights',
          id,
          ok: true,
          provider: result.provider,
        });
        return summary;
      } catch (err) {
        if (err instanceof llm.ToolError) throw err;
        if (err instanceof FlightError) {
          emit({
            type: 'tool_finished',
            tool: 'search_flights',
            id,
            ok: false,
            error: { code: err.code, message: err.message },
          });
          if (!err.isRequestError) {
            opts.onError?.(err);
            throw new llm.ToolError(
              err.code === 'no_provider'
                ? 'Flight search is not set up on this service, so I cannot look up flights right now.'
                : 'The flight search services are not answering right now. Please try again in a moment.',
            );
          }
          throw new llm.ToolError(err.message);
        }
        opts.onError?.(err);
        emit({
          type: 'tool_finished',
          tool: 'search_flights',
          id,
          ok: false,
          error: { code: 'internal', message: 'internal error' },
        });
        throw err;
      }
    },
  });

  const resolve_place = llm.tool({
    description:
      'Find the IATA city or airport code for a place name in any language. Use it when the traveller names a place you are unsure about; when the name is ambiguous the tool lists the candidates to ask about.',
    parameters: resolveParameters,
    execute: async (args, { toolCallId }) => {
      const id = toolCallId;
      emit({ type: 'tool_started', tool: 'resolve_place', id, args: clean(args) });
      const r = getPlaceIndex().resolve(args.name);
      if (r.status === 'resolved') {
        emit({ type: 'tool_finished', tool: 'resolve_place', id, ok: true });
        return `${args.name}: ${describePlace(r.place)}`;
      }
      if (r.status === 'ambiguous') {
        const message = `"${args.name}" could be ${r.candidates.map(describePlace).join(' or ')}. Ask the traveller which one.`;
        emit({
          type: 'tool_finished',
          tool: 'resolve_place',
          id,
          ok: false,
          error: { code: 'ambiguous_place', message },
        });
        throw new llm.ToolError(message);
      }
      const message = `No airport found for "${args.name}".${r.suggestions.length ? ` Close matches: ${r.suggestions.map(describePlace).join('; ')}.` : ''}`;
      emit({
        type: 'tool_finished',
        tool: 'resolve_place',
        id,
        ok: false,
        error: { code: 'unknown_place', message },
      });
      throw new llm.ToolError(message);
    },
  });

  return { search_flights, resolve_place };
}
