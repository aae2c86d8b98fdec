import { getPlaceIndex } from '../places/index.js';
import type {
  AirportRef,
  Carrier,
  FlightOffer,
  FlightSegment,
  FlightSlice,
  LocalTime,
} from '../types.js';

/** Offset of a zone from UTC at an instant, in ms. */
function zoneOffsetMs(instantMs: number, timeZone: string): number {
  const fmt = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });
  const p: Record<string, number> = {};
  for (const part of fmt.formatToParts(new Date(instantMs)))
    if (part.type !== 'literal') p[part.type] = Number(part.value);
  const asUtc = Date.UTC(
    p.year ?? 1970,
    (p.month ?? 1) - 1,
    p.day ?? 1,
    p.hour ?? 0,
    p.minute ?? 0,
    p.second ?? 0,
  );
  return asUtc - Math.floor(instantMs / 1000) * 1000;
}

/**
 * Builds a LocalTime from a wall-clock string ("2026-05-01T08:30:00" or
 * "2026-05-01 08:30") and the zone it was read in.
 */
export function localTime(wallClock: string, timeZone: string): LocalTime {
  const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{1,2}):(\d{2})(?::(\d{2}))?/.exec(wallClock);
  if (!m) throw new Error(`unreadable local time "${wallClock}"`);
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '00'].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const local = `${m[1]}-${m[2]}-${m[3]}T${String(h).padStart(2, '0')}:${m[5]}:${String(s).padStart(2, '0')}`;
  const guess = Date.UTC(y, mo - 1, d, h, mi, s);
  // Two passes settle the offset across DST changes.
  let utc = guess - zoneOffsetMs(guess, timeZone);
  utc = guess - zoneOffsetMs(utc, timeZone);
  return { local, timeZone, utc: new Date(utc).toISOString() };
}

/** IANA zone of an airport (or city code) from the offline table; UTC when unknown. */
export function airportTimeZone(iata: string): string {
  const index = getPlaceIndex();
  return index.airport(iata)?.timeZone ?? index.byIata(iata)?.timeZone ?? 'UTC';
}

/** "PT2H26M", "PT02H26M", "P1DT2H" -> minutes. */
export function isoDurationMinutes(duration: string | null | undefined): number | undefined {
  if (!duration) return undefined;
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(duration);
  if (!m) return undefined;
  return (
    Number(m[1] ?? 0) * 1440 +
    Number(m[2] ?? 0) * 60 +
    Number(m[3] ?? 0) +
    Math.round(Number(m[4] ?? 0) / 60)
  );
}

export function minutesBetween(a: LocalTime, b: LocalTime): number {
  return Math.round((Date.parse(b.utc) - Date.parse(a.utc)) / 60_000);
}

/** "BRITISH AIRWAYS" -> "British Airways" (Amadeus dictionaries shout). */
export function titleCase(name: string): string {
  if (name !== name.toUpperCase()) return name;
  return name
    .toLowerCase()
    .replace(/(^|[\s\-/(])(\p{L})/gu, (_m, sep: string, c: string) => sep + c.toUpperCase());
}

export function sliceFromSegments(
  segments: FlightSegment[],
  durationMinutes?: number,
): FlightSlice {
  const first = segments[0];
  const last = segments.at(-1);
  if (!first || !last) throw new Error('a slice needs at least one segment');
  return {
    origin: first.origin,
    destination: last.destination,
    departure: first.departure,
    arrival: last.arrival,
    durationMinutes: durationMinutes ?? minutesBetween(first.departure, last.arrival),
    stops: segments.length - 1,
    segments,
  };
}

export function finishOffer(
  offer: Omit<FlightOffer, 'carriers' | 'totalDurationMinutes' | 'maxStops'>,
): FlightOffer {
  const carriers: Carrier[] = [];
  for (const s of offer.slices)
    for (const seg of s.segments)
      if (!carriers.some((c) => c.iata === seg.carrier.iata)) carriers.push(seg.carrier);
  return {
    ...offer,
    carriers,
    totalDurationMinutes: offer.slices.reduce((sum, s) => sum + s.durationMinutes, 0),
    maxStops: offer.slices.reduce((max, s) => Math.max(max, s.stops), 0),
  };
}

/** Cheapest first, then shortest. */
export function sortOffers(offers: FlightOffer[]): FlightOffer[] {
  return offers.sort(
    (a, b) =>
      Number(a.price.amount) - Number(b.price.amount) ||
      a.totalDurationMinutes - b.totalDurationMinutes,
  );
}

/** An AirportRef filled in from the offline table where the provider gave only a code. */
export function airportRef(
  iata: string,
  name?: string | null,
  cityName?: string | null,
): AirportRef {
  const known = getPlaceIndex().airport(iata);
  const ref: AirportRef = { iata };
  const n = name ?? known?.name;
  const c = cityName ?? known?.city;
  if (n) ref.name = n;
  if (c) ref.cityName = c;
  return ref;
}
