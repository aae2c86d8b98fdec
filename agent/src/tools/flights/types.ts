/**
 * The normalised flight-search schema. Every provider maps its answer to these
 * shapes; the spoken summary and the widget's flight cards read only these.
 * Everything here is plain JSON (strings, numbers, booleans, arrays, objects).
 */

export type ProviderName = 'duffel' | 'amadeus' | 'serpapi';
export const PROVIDER_NAMES: readonly ProviderName[] = ['duffel', 'amadeus', 'serpapi'];

export type Cabin = 'economy' | 'premium_economy' | 'business' | 'first';

export interface Carrier {
  /** Two-character IATA airline designator, e.g. "BA". */
  iata: string;
  name: string;
}

export interface AirportRef {
  /** Three-letter IATA airport code. */
  iata: string;
  name?: string;
  cityName?: string;
}

/** A wall-clock time at a place, with the zone it is in and the same instant in UTC. */
export interface LocalTime {
  /** Local date-time without offset, "2026-05-01T08:30:00". */
  local: string;
  /** IANA time zone of the airport, "Europe/London". */
  timeZone: string;
  /** The same instant as an ISO 8601 UTC string, "2026-05-01T07:30:00.000Z". */
  utc: string;
}

export interface FlightSegment {
  /** Marketing carrier. */
  carrier: Carrier;
  operatingCarrier?: Carrier;
  /** "BA 117". */
  flightNumber: string;
  origin: AirportRef;
  destination: AirportRef;
  departure: LocalTime;
  arrival: LocalTime;
  durationMinutes: number;
  aircraft?: string;
}

export interface FlightSlice {
  origin: AirportRef;
  destination: AirportRef;
  departure: LocalTime;
  arrival: LocalTime;
  durationMinutes: number;
  /** Number of connections: segments - 1. */
  stops: number;
  segments: FlightSegment[];
}

export interface Price {
  /** Decimal string as the provider quoted it, "123.45". Never a float. */
  amount: string;
  /** ISO 4217, "EUR". */
  currency: string;
}

export interface FlightOffer {
  /** The provider's offer id (Duffel "off_…", Amadeus "1", SerpApi a derived id). */
  id: string;
  provider: ProviderName;
  /** Total for all passengers. */
  price: Price;
  cabin: Cabin;
  /** Distinct marketing carriers, in order of first appearance. */
  carriers: Carrier[];
  /** Outbound first, then the return slice when there is one. */
  slices: FlightSlice[];
  /** Sum of slice durations. */
  totalDurationMinutes: number;
  /** Most stops on any slice. */
  maxStops: number;
  /**
   * False when the provider priced a round trip but only described the outbound
   * slice (SerpApi Google Flights returns the return legs in a second call).
   */
  slicesComplete: boolean;
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
