import { llm } from '@livekit/agents';
import { z } from 'zod';
import type { ToolStatus } from '../../../../sdk/src/protocol/messages.js';
import { FlightError, type FlightErrorCode } from './errors.js';
import { getPlaceIndex, localeCountry, type Place } from './places/index.js';
import { spokenPlace, summarizeMore, summarizeOffers } from './summary.js';
import type { FlightOffer, FlightQuery, FlightSearch, ProviderName } from './types.js';
import { validateSearch } from './validation.js';

export type FlightToolName = 'search_flights' | 'resolve_place' | 'more_flights';

/**
 * How a tool call ended, as the widget shows it (the wire's kinds, sdk/src/protocol/messages.ts):
 * `clarify` is a question for the traveller before the tool can run, not a failure.
 */
export type FlightToolOutcome = Exclude<ToolStatus, 'started'>;

/** Progress and results for the widget (tool activity, flight cards). JSON-safe. */
export type FlightToolEvent =
  | { type: 'tool_started'; tool: FlightToolName; id: string; args: Record<string, unknown> }
  | {
      type: 'tool_finished';
      tool: FlightToolName;
      id: string;
      outcome: FlightToolOutcome;
      provider?: ProviderName;
      /** What the traveller is asked (clarify), or why the call failed. */
      error?: { code: string; message: string };
    }
  | {
      type: 'flight_results';
      id: string;
      query: FlightQuery;
      offers: FlightOffer[];
      provider: ProviderName;
    };

/**
 * Request problems that are a question to the traveller, not a failed search: the tool returns
 * the question to the model as an ordinary answer (the framework logs a thrown ToolError as an
 * error), and the widget shows it as such.
 */
export const CLARIFY_CODES: ReadonlySet<FlightErrorCode> = new Set([
  'ambiguous_place',
  'missing_field',
]);

/** Offers read per "tell me more". */
const MORE_PER_ASK = 2;

export interface FlightToolsOptions {
  /** The provider chain. */
  search: FlightSearch;
  now?: () => Date;
  /** The traveller's IANA zone (for "tomorrow"); default the server's. */
  timeZone?: () => string;
  /**
   * The caller's locale as the page gave it ("en-CA"): its country breaks near ties between
   * same-named places.
   */
  locale?: string | undefined;
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

/** The last result set of this conversation, for "tell me more". */
interface ResultSet {
  offers: FlightOffer[];
  lang: string | undefined;
  /** Offers already read out (the summary reads the first). */
  read: number;
}

/**
 * What the model is told besides the spoken text, in English: instructions, not words to say.
 */
function noteForModel(set: ResultSet): string {
  const left = set.offers.length - set.read;
  return left > 0
    ? `(Not to read out: ${left} more ${left === 1 ? 'option is' : 'options are'} on the traveller's cards. If they ask for more, call more_flights; do not search again.)`
    : '(Not to read out: that was every option found.)';
}

/**
 * The flight tools the voice agent gives its model: `tools: createFlightTools({ search })`.
 * One set per conversation: `more_flights` reads this conversation's last result set.
 */
export function createFlightTools(opts: FlightToolsOptions) {
  const now = opts.now ?? (() => new Date());
  const timeZone =
    opts.timeZone ?? (() => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC');
  const country = localeCountry(opts.locale);
  const emit = (e: FlightToolEvent): void => {
    try {
      opts.onEvent?.(e);
    } catch {
      // A broken listener must not break the conversation.
    }
  };
  let last: ResultSet | undefined;

  const search_flights = llm.tool({
    description:
      'Search real flight offers. Pass places and dates exactly as the traveller said them, in their language; the tool resolves cities, airports and relative dates itself. Returns what to say: the number of offers and the cheapest one (the traveller sees every offer as a card), or a question to ask the traveller first.',
    parameters: searchParameters,
    execute: async (args, { toolCallId, abortSignal }) => {
      const id = toolCallId;
      emit({ type: 'tool_started', tool: 'search_flights', id, args: clean(args) });
      const lang = args.language ?? undefined;
      try {
        const { query, origin, destination } = validateSearch(
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
            localeCountry: country,
            ...(lang ? { lang } : {}),
            ...(opts.defaultCurrency ? { defaultCurrency: opts.defaultCurrency } : {}),
          },
        );
        const result = await opts.search.search(query, abortSignal);
        const speakIn = lang ?? opts.locale ?? 'en';
        const names = {
          [query.origin]: spokenPlace(args.origin, origin.place, origin.rankedAmong, speakIn),
          [query.destination]: spokenPlace(
            args.destination,
            destination.place,
            destination.rankedAmong,
            speakIn,
          ),
        };
        const summary = summarizeOffers(query, result.offers, { ...(lang ? { lang } : {}), names });
        emit({
          type: 'flight_results',
          id,
          query,
          offers: result.offers,
          provider: result.provider,
        });
        if (result.offers.length === 0) {
          last = undefined;
          emit({
            type: 'tool_finished',
            tool: 'search_flights',
            id,
            outcome: 'failed',
            provider: result.provider,
            error: { code: 'no_offers', message: summary },
          });
          throw new llm.ToolError(summary);
        }
        last = { offers: result.offers, lang, read: 1 };
        emit({
          type: 'tool_finished',
          tool: 'search_flights',
          id,
          outcome: 'finished',
          provider: result.provider,
        });
        return `${summary}\n${noteForModel(last)}`;
      } catch (err) {
        if (err instanceof llm.ToolError) throw err;
        if (err instanceof FlightError) {
          const clarify = CLARIFY_CODES.has(err.code);
          emit({
            type: 'tool_finished',
            tool: 'search_flights',
            id,
            outcome: clarify ? 'clarify' : 'failed',
            error: { code: err.code, message: err.message },
          });
          if (clarify) return `Not searched yet. Ask the traveller: ${err.message}`;
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
          outcome: 'failed',
          error: { code: 'internal', message: 'internal error' },
        });
        throw err;
      }
    },
  });

  const more_flights = llm.tool({
    description:
      'Read the next offers of the last search, when the traveller asks for more options ("tell me more", "anything else?"). It does not search again: to change the trip, call search_flights.',
    parameters: z.object({}),
    execute: async () => {
      if (!last) {
        throw new llm.ToolError(
          'There is no search to read more from yet: ask where and when the traveller wants to fly.',
        );
      }
      const text = summarizeMore(last.offers, last.read, MORE_PER_ASK, {
        ...(last.lang ? { lang: last.lang } : {}),
      });
      last.read = Math.min(last.offers.length, last.read + MORE_PER_ASK);
      return text ? `${text}\n${noteForModel(last)}` : noteForModel(last);
    },
  });

  const resolve_place = llm.tool({
    description:
      'Find the IATA city or airport code for a place name in any language. Use it when the traveller names a place you are unsure about; when the name is ambiguous the tool lists the candidates to ask about.',
    parameters: resolveParameters,
    execute: async (args, { toolCallId }) => {
      const id = toolCallId;
      emit({ type: 'tool_started', tool: 'resolve_place', id, args: clean(args) });
      const r = getPlaceIndex().resolve(args.name, { localeCountry: country });
      if (r.status === 'resolved') {
        emit({ type: 'tool_finished', tool: 'resolve_place', id, outcome: 'finished' });
        const others = r.rankedAmong?.filter((p) => p !== r.place) ?? [];
        return others.length > 0
          ? `${args.name}: ${describePlace(r.place)}. Also called that, less likely: ${others.map(describePlace).join('; ')}.`
          : `${args.name}: ${describePlace(r.place)}`;
      }
      if (r.status === 'ambiguous') {
        const message = `"${args.name}" could be ${r.candidates.map(describePlace).join(' or ')}.`;
        emit({
          type: 'tool_finished',
          tool: 'resolve_place',
          id,
          outcome: 'clarify',
          error: { code: 'ambiguous_place', message },
        });
        return `${message} Ask the traveller which one.`;
      }
      const message = `No airport found for "${args.name}".${r.suggestions.length ? ` Close matches: ${r.suggestions.map(describePlace).join('; ')}.` : ''}`;
      emit({
        type: 'tool_finished',
        tool: 'resolve_place',
        id,
        outcome: 'failed',
        error: { code: 'unknown_place', message },
      });
      throw new llm.ToolError(message);
    },
  });

  return { search_flights, more_flights, resolve_place };
}
