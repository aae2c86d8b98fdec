/**
 * The offers inside `flight_results`, as the widget reads them. This mirrors the agent's
 * normalised schema (agent/src/tools/flights/types.ts) for the fields the cards show; the
 * protocol keeps `offers: unknown[]`, so the cards check each offer before they trust it.
 */

export interface Carrier {
  /** Two-character IATA airline designator, e.g. "BA". */
  iata: string;
  name: string;
}

export interface AirportRef {
  iata: string;
  name?: string | undefined;
  cityName?: string | undefined;
}

/** A wall-clock time at a place, with the zone it is in and the same instant in UTC. */
export interface LocalTime {
  /** "2026-05-01T08:30:00" (no offset). */
  local: string;
  /** IANA zone of the airport, "Europe/London". */
  timeZone: string;
  /** The same instant in UTC, ISO 8601. */
  utc: string;
}

export interface FlightSegment {
  carrier: Carrier;
  flightNumber: string;
  origin: AirportRef;
  destination: AirportRef;
  departure: LocalTime;
  arrival: LocalTime;
  durationMinutes: number;
}

export interface FlightSlice {
  origin: AirportRef;
  destination: AirportRef;
  departure: LocalTime;
  arrival: LocalTime;
  durationMinutes: number;
  stops: number;
  segments: FlightSegment[];
}

export interface FlightOffer {
  id: string;
  provider: string;
  /** Total for all passengers; `amount` is a decimal string, never a float. */
  price: { amount: string; currency: string };
  cabin: 'economy' | 'premium_economy' | 'business' | 'first';
  carriers: Carrier[];
  slices: FlightSlice[];
  totalDurationMinutes: number;
  maxStops: number;
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
