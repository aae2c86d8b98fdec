/**
 * The normalised flight offer, as the agent sends it in `flight_results` and the widget's cards
 * read it: every provider's answer is mapped to these shapes (agent/src/tools/flights/). Plain
 * JSON only. The protocol keeps `offers: unknown[]`, so the cards check each offer before they
 * trust it ({@link isFlightOffer}).
 */

export type Cabin = 'economy' | 'premium_economy' | 'business' | 'first';

export interface Carrier {
  /** Two-character IATA airline designator, e.g. "BA". */
  iata: string;
  name: string;
}

export interface AirportRef {
  /** Three-letter IATA airport code. */
  iata: string;
  name?: string | undefined;
  cityName?: string | undefined;
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
  operatingCarrier?: Carrier | undefined;
  /** "BA 117". */
  flightNumber: string;
  origin: AirportRef;
  destination: AirportRef;
  departure: LocalTime;
  arrival: LocalTime;
  durationMinutes: number;
  aircraft?: string | undefined;
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
  /** The provider that quoted it ("duffel", "amadeus", "serpapi"). */
  provider: string;
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

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const isTime = (v: unknown): v is LocalTime =>
  isObj(v) &&
  typeof v.local === 'string' &&
  typeof v.timeZone === 'string' &&
  typeof v.utc === 'string';

/** True when `v` has every field a card needs (the server is trusted, but not blindly). */
export function isFlightOffer(v: unknown): v is FlightOffer {
  if (!isObj(v) || typeof v.id !== 'string' || !isObj(v.price)) return false;
  if (typeof v.price.amount !== 'string' || typeof v.price.currency !== 'string') return false;
  if (!Array.isArray(v.carriers) || !Array.isArray(v.slices) || v.slices.length === 0) return false;
  return v.slices.every(
    (s: unknown) =>
      isObj(s) &&
      isTime(s.departure) &&
      isTime(s.arrival) &&
      isObj(s.origin) &&
      isObj(s.destination) &&
      typeof s.durationMinutes === 'number' &&
      typeof s.stops === 'number',
  );
}
