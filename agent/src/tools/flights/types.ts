/**
 * The normalised flight-search schema. Every provider maps its answer to these
 * shapes; the spoken summary and the widget's flight cards read only these.
 * Everything here is plain JSON (strings, numbers, booleans, arrays, objects).
 * The offer itself is declared once, in the protocol (sdk/src/protocol/flight-offer.ts).
 */
import type {
  Cabin,
  FlightOffer as WireFlightOffer,
} from '../../../../sdk/src/protocol/flight-offer.js';

export type ProviderName = 'duffel' | 'amadeus' | 'serpapi';
export const PROVIDER_NAMES: readonly ProviderName[] = ['duffel', 'amadeus', 'serpapi'];

export type {
  AirportRef,
  Cabin,
  Carrier,
  FlightSegment,
  FlightSlice,
  LocalTime,
  Price,
} from '../../../../sdk/src/protocol/flight-offer.js';

export interface FlightOffer extends WireFlightOffer {
  provider: ProviderName;
}

export interface Passengers {
  adults: number;
  children: number;
  infants: number;
}

/** A validated, provider-ready search. Dates are local calendar dates "YYYY-MM-DD". */
export interface FlightQuery {
  /** IATA city or airport code. */
  origin: string;
  destination: string;
  /** Airports behind the codes (a metro code such as LON lists its airports). */
  originAirports: string[];
  destinationAirports: string[];
  departureDate: string;
  returnDate?: string;
  passengers: Passengers;
  cabin: Cabin;
  nonstop: boolean;
  /** ISO 4217 currency to ask for where the provider lets us choose. */
  currency: string;
  maxResults: number;
}

export interface ProviderAttempt {
  provider: ProviderName;
  ok: boolean;
  /** Stable failure reason, e.g. "timeout", "circuit_open", "http_429". */
  error?: string;
  durationMs: number;
}

export interface FlightSearchResult {
  query: FlightQuery;
  offers: FlightOffer[];
  /** The provider that answered. */
  provider: ProviderName;
  /** True when the answer came from the in-memory cache. */
  cached: boolean;
  attempts: ProviderAttempt[];
}

/** What the tools and CLI call: the provider chain implements it. */
export interface FlightSearch {
  search(query: FlightQuery, signal?: AbortSignal): Promise<FlightSearchResult>;
}
