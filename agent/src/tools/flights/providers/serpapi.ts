import { ProviderError } from '../errors.js';
import type { Cabin, FlightOffer, FlightQuery, FlightSegment } from '../types.js';
import type { FlightProvider } from './provider.js';
import {
  airportRef,
  airportTimeZone,
  finishOffer,
  localTime,
  sliceFromSegments,
  sortOffers,
} from './normalize.js';

export interface SerpApiProviderOptions {
  apiKey: string;
  /** Default https://serpapi.com */
  baseUrl?: string;
  /** Injected for tests; defaults to global fetch. */
  fetch?: typeof fetch;
}

const TRAVEL_CLASS: Record<Cabin, number> = {
  economy: 1,
  premium_economy: 2,
  business: 3,
  first: 4,
};

interface SerpAirport {
  name?: string;
  id: string;
  time: string;
}
interface SerpFlight {
  departure_airport: SerpAirport;
  arrival_airport: SerpAirport;
  duration?: number;
  airplane?: string;
  airline?: string;
  travel_class?: string;
  flight_number?: string;
}
interface SerpItinerary {
  flights: SerpFlight[];
  total_duration?: number;
  price?: number;
  type?: string;
  departure_token?: string;
  booking_token?: string;
}
interface SerpResponse {
  error?: string;
  search_metadata?: { status?: string };
  search_parameters?: { currency?: string };
  best_flights?: SerpItinerary[];
  other_flights?: SerpItinerary[];
}

/** Google Flights through SerpApi (https://serpapi.com/google-flights-api). */
export class SerpApiProvider implements FlightProvider {
  readonly name = 'serpapi' as const;
  private readonly apiKey: string;
  private readonly baseUrl: string;
  private readonly fetchImpl: typeof fetch;

  constructor(opts: SerpApiProviderOptions) {
    this.apiKey = opts.apiKey;
    this.baseUrl = (opts.baseUrl ?? 'https://serpapi.com').replace(/\/+$/, '');
    this.fetchImpl = opts.fetch ?? fetch;
  }

  async search(query: FlightQuery, signal: AbortSignal): Promise<FlightOffer[]> {
    const params = new URLSearchParams({
      engine: 'google_flights',
      departure_id: query.originAirports.join(','),
      arrival_id: query.destinationAirports.join(','),
      outbound_date: query.departureDate,
      type: query.returnDate ? '1' : '2',
      travel_class: String(TRAVEL_CLASS[query.cabin]),
      adults: String(query.passengers.adults),
      currency: query.currency,
      hl: 'en',
    });
    if (query.returnDate) params.set('return_date', query.returnDate);
    if (query.passengers.children) params.set('children', String(query.passengers.children));
    if (query.passengers.infants) params.set('infants_on_lap', String(query.passengers.infants));
    if (query.nonstop) params.set('stops', '1');
    params.set('api_key', this.apiKey);

    let body: SerpResponse;
    try {
      const res = await this.fetchImpl(`${this.baseUrl}/search?${params}`, {
        signal,
        headers: { accept: 'application/json' },
      });
      const text = await res.text();
      try {
        body = JSON.parse(text) as SerpResponse;
      } catch {
        throw new ProviderError(
          'serpapi',
          res.ok ? 'bad_response' : `http_${res.status}`,
          `HTTP ${res.status}, not JSON`,
          { status: res.status },
        );
      }
      if (!res.ok) {
        const reason = res.status === 401 || res.status === 403 ? 'auth' : `http_${res.status}`;
        throw new ProviderError('serpapi', reason, body.error ?? `HTTP ${res.status}`, {
          status: res.status,
        });
      }
    } catch (err) {
      if (err instanceof ProviderError) throw err;
      const e = err as Error;
      throw new ProviderError(
        'serpapi',
        e?.name === 'AbortError' ? 'aborted' : 'network',
        e?.message ?? String(err),
        { cause: err },
      );
    }
    if (body.error) {
      // SerpApi answers 200 with an error string when Google has nothing for the route.
      if (/hasn't returned any results/i.test(body.error)) return [];
      throw new ProviderError('serpapi', 'api_error', body.error);
    }
    const currency = body.search_parameters?.currency ?? query.currency;
    const offers: FlightOffer[] = [];
    const all = [...(body.best_flights ?? []), ...(body.other_flights ?? [])];
    all.forEach((it, i) => {
      const mapped = mapItinerary(it, i, currency, query);
      if (mapped) offers.push(mapped);
    });
    return sortOffers(offers).slice(0, query.maxResults);
  }
}

function cabinOf(word: string | undefined, fallback: Cabin): Cabin {
  const w = (word ?? '').toLowerCase();
  if (w.startsWith('premium')) return 'premium_economy';
  if (w.startsWith('business')) return 'business';
  if (w.startsWith('first')) return 'first';
  if (w.startsWith('economy')) return 'economy';
  return fallback;
}

function mapItinerary(
  it: SerpItinerary,
  index: number,
  currency: string,
  query: FlightQuery,
): FlightOffer | undefined {
  if (typeof it.price !== 'number' || !Array.isArray(it.flights) || it.flights.length === 0)
    return undefined;
  try {
    const segments: FlightSegment[] = it.flights.map((f) => {
      const departure = localTime(
        f.departure_airport.time,
        airportTimeZone(f.departure_airport.id),
      );
      const arrival = localTime(f.arrival_airport.time, airportTimeZone(f.arrival_airport.id));
      const flightNumber = (f.flight_number ?? '').trim();
      const iata = /^([A-Z0-9]{2})\s*\d/.exec(flightNumber)?.[1] ?? '';
      const seg: FlightSegment = {
        carrier: { iata, name: f.airline ?? iata },
        flightNumber,
        origin: airportRef(f.departure_airport.id, f.departure_airport.name),
        destination: airportRef(f.arrival_airport.id, f.arrival_airport.name),
        departure,
        arrival,
        durationMinutes:
          f.duration ?? Math.round((Date.parse(arrival.utc) - Date.parse(departure.utc)) / 60_000),
      };
      if (f.airplane) seg.aircraft = f.airplane;
      return seg;
    });
    const slice = sliceFromSegments(segments, it.total_duration);
    const id =
      it.booking_token ??
      it.departure_token ??
      `serpapi-${index}-${segments.map((s) => s.flightNumber.replace(/\s+/g, '')).join('-')}-${slice.departure.local}`;
    return finishOffer({
      id,
      provider: 'serpapi',
      price: { amount: it.price.toFixed(2), currency },
      cabin: cabinOf(it.flights[0]?.travel_class, query.cabin),
      slices: [slice],
      // Google Flights prices round trips on the outbound list; return legs need a second call.
      slicesComplete: !query.returnDate,
    });
  } catch {
    return undefined;
  }
}
