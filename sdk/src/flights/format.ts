/**
 * Flight offers as the cards show them: local times in each airport's own time zone, durations
 * and prices formatted with Intl in the UI language.
 */
import type { FlightOffer, FlightSlice, LocalTime } from '../protocol/flight-offer.js';
import { plural, type Strings } from '../i18n/strings.js';

export interface TimeView {
  /** "08:30" in the airport's zone, in the UI language's convention. */
  time: string;
  /** Short zone name, "GMT+1", "BST". */
  zone: string;
  /** "Mon, May 4". */
  date: string;
  iata: string;
  city: string;
}

export interface SliceView {
  depart: TimeView;
  arrive: TimeView;
  /** Calendar days between departure and arrival, local to each airport ("+1"). */
  dayOffset: number;
  duration: string;
  stops: string;
  flightNumbers: string;
}

export interface OfferView {
  id: string;
  airline: string;
  price: string;
  slices: SliceView[];
  /** One sentence for screen readers. */
  label: string;
}

function formatTime(t: LocalTime, tag: string): Pick<TimeView, 'time' | 'zone' | 'date'> {
  const instant = new Date(t.utc);
  const parts = new Intl.DateTimeFormat(tag, {
    hour: 'numeric',
    minute: '2-digit',
    timeZone: t.timeZone,
    timeZoneName: 'short',
  }).formatToParts(instant);
  const zone = parts.find((p) => p.type === 'timeZoneName')?.value ?? t.timeZone;
  // From the first field of the clock to its last: the zone's brackets and spaces go with it
  // (Persian writes "۹:۳۰ (‎+۱ گرینویچ)"). Formatting without the zone instead would change the
  // pattern ("08:30 BST" but "8:30").
  const clock = parts.filter((p) => p.type !== 'timeZoneName');
  const fields = clock.flatMap((p, i) => (p.type === 'literal' ? [] : [i]));
  const time = clock
    .slice(fields[0], (fields[fields.length - 1] ?? -1) + 1)
    .map((p) => p.value)
    .join('');
  const date = new Intl.DateTimeFormat(tag, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    timeZone: t.timeZone,
  }).format(instant);
  return { time, zone, date };
}

/** `Intl.DurationFormat` (Chromium 129, Safari 16.4, Firefox 136), not yet in TypeScript's lib. */
type DurationFormatCtor = new (
  tag: string,
  o: { style: 'narrow' },
) => { format(d: { hours?: number; minutes: number }): string };

/**
 * "2h 15m" in the language `tag` (narrow: it sits between two times on a card):
 * `Intl.DurationFormat` where the browser has it, else each unit with `Intl.NumberFormat` joined
 * as the language lists units ("2 ч 15 мин", "2 س و15 د").
 */
export function formatDuration(minutes: number, tag: string): string {
  const hours = Math.floor(minutes / 60);
  const mins = Math.round(minutes % 60);
  const DurationFormat = (Intl as { DurationFormat?: DurationFormatCtor }).DurationFormat;
  if (DurationFormat) {
    return new DurationFormat(tag, { style: 'narrow' }).format(
      hours ? { hours, minutes: mins } : { minutes: mins },
    );
  }
  const unit = (value: number, u: string) =>
    new Intl.NumberFormat(tag, { style: 'unit', unit: u, unitDisplay: 'narrow' }).format(value);
  const parts = [hours ? unit(hours, 'hour') : '', mins || !hours ? unit(mins, 'minute') : ''];
  return new Intl.ListFormat(tag, { type: 'unit', style: 'narrow' }).format(parts.filter(Boolean));
}

/** The total price in the offer's currency, formatted for the UI language. */
export function formatPrice(price: FlightOffer['price'], tag: string): string {
  const nf = new Intl.NumberFormat(tag, { style: 'currency', currency: price.currency });
  // Intl formats decimal strings exactly; the amount is never turned into a binary float.
  return (nf.format as unknown as (v: string) => string)(price.amount);
}

/** "Nonstop", "1 stop", "2 stops" — "3 пересадки", "5 пересадок" — in the language `tag`. */
export function formatStops(stops: number, tag: string, s: Strings): string {
  return stops === 0 ? s.nonstop : plural(s.stops, stops, tag);
}

/** "5 flights" in the language `tag` ("5 رحلات", "11 رحلة", "21 рейс"). */
export function formatFlightCount(count: number, tag: string, s: Strings): string {
  return plural(s.flightCount, count, tag);
}

function dayNumber(local: string): number {
  const [y, m, d] = local.slice(0, 10).split('-').map(Number);
  return Date.UTC(y ?? 0, (m ?? 1) - 1, d ?? 1) / 86_400_000;
}

function sliceView(slice: FlightSlice, tag: string, s: Strings): SliceView {
  return {
    depart: {
      ...formatTime(slice.departure, tag),
      iata: slice.origin.iata,
      city: slice.origin.cityName ?? slice.origin.name ?? slice.origin.iata,
    },
    arrive: {
      ...formatTime(slice.arrival, tag),
      iata: slice.destination.iata,
      city: slice.destination.cityName ?? slice.destination.name ?? slice.destination.iata,
    },
    dayOffset: dayNumber(slice.arrival.local) - dayNumber(slice.departure.local),
    duration: formatDuration(slice.durationMinutes, tag),
    stops: formatStops(slice.stops, tag, s),
    flightNumbers: slice.segments.map((g) => g.flightNumber).join(', '),
  };
}

export function offerView(offer: FlightOffer, tag: string, s: Strings): OfferView {
  const airline = offer.carriers.map((c) => c.name).join(' · ') || '—';
  const price = formatPrice(offer.price, tag);
  const slices = offer.slices.map((sl) => sliceView(sl, tag, s));
  const label = [
    airline,
    ...slices.map(
      (v) =>
        `${s.departs} ${v.depart.city} ${v.depart.date} ${v.depart.time} ${v.depart.zone}, ` +
        `${s.arrives} ${v.arrive.city} ${v.arrive.date} ${v.arrive.time} ${v.arrive.zone}, ` +
        `${v.duration}, ${v.stops}`,
    ),
    price,
  ].join('. ');
  return { id: offer.id, airline, price, slices, label };
}
