import { addDays, daysBetween, parseTravelDate, todayIn, type DateContext } from './dates.js';
import { FlightError } from './errors.js';
import {
  getPlaceIndex,
  normalizeName,
  type Place,
  type PlaceIndex,
  type ResolveContext,
  type ResolveResult,
} from './places/index.js';
import type { Cabin, FlightQuery } from './types.js';

/** What a person (via the model, the CLI or an API) asks for, before validation. */
export interface FlightSearchRequest {
  /** A place in any language or an IATA code: "Nueva York", "LHR". */
  origin: string;
  destination: string;
  /** "next Friday", "demain", "2026-12-24". */
  departureDate: string;
  returnDate?: string | undefined;
  adults?: number | undefined;
  children?: number | undefined;
  infants?: number | undefined;
  /** economy | premium_economy | business | first, or a common word for them in the user's language. */
  cabin?: string | undefined;
  nonstop?: boolean | undefined;
  currency?: string | undefined;
  maxResults?: number | undefined;
}

export interface ValidationContext extends DateContext {
  places?: PlaceIndex;
  /**
   * ISO 3166-1 country of the caller's locale ("en-CA" -> "CA"): breaks near ties between
   * same-named places (see `RANKING` in places/index.ts).
   */
  localeCountry?: string | undefined;
  /** Airlines sell about 330 days ahead. */
  bookingHorizonDays?: number;
  defaultCurrency?: string;
}

export const MAX_PASSENGERS = 9;
export const BOOKING_HORIZON_DAYS = 330;

const CABIN_WORDS: Record<string, Cabin> = {};
function cabinWords(cabin: Cabin, words: string[]): void {
  for (const w of words) CABIN_WORDS[normalizeName(w)] = cabin;
}
cabinWords('economy', [
  'economy',
  'economy class',
  'eco',
  'coach',
  'standard',
  'economica',
  'clase economica',
  'clase turista',
  'turista',
  'economique',
  'classe economique',
  'economy klasse',
  'economyclass',
  'touristenklasse',
  'classe economica',
  'economica',
  'classe turistica',
  'economica',
  'classe economica',
  'エコノミー',
  'エコノミークラス',
  '经济舱',
  '經濟艙',
  '経済',
  'الدرجة الاقتصادية',
  'اقتصادية',
  'economy-klasse',
  'эконом',
  'экономический',
]);
cabinWords('premium_economy', [
  'premium',
  'premium economy',
  'premium_economy',
  'premium eco',
  'premium economique',
  'economie premium',
  'premium economica',
  'turista premium',
  'turista superior',
  'premium economy klasse',
  'プレミアムエコノミー',
  '超级经济舱',
  '超級經濟艙',
  'الدرجة الاقتصادية الممتازة',
  'премиум эконом',
]);
cabinWords('business', [
  'business',
  'business class',
  'businessclass',
  'negocios',
  'clase ejecutiva',
  'ejecutiva',
  'business klasse',
  'geschaftsklasse',
  'affaires',
  'classe affaires',
  'classe business',
  'executiva',
  'classe executiva',
  'ビジネス',
  'ビジネスクラス',
  '商务舱',
  '商務艙',
  'درجة رجال الأعمال',
  'رجال الأعمال',
  'бизнес',
  'бизнес класс',
]);
cabinWords('first', [
  'first',
  'first class',
  'firstclass',
  'primera',
  'primera clase',
  'premiere',
  'premiere classe',
  'erste klasse',
  'first klasse',
  'prima',
  'prima classe',
  'primeira',
  'primeira classe',
  'ファースト',
  'ファーストクラス',
  '头等舱',
  '頭等艙',
  'الدرجة الأولى',
  'первый класс',
]);

/** Maps a cabin word to the schema's cabin, or throws `invalid_cabin`. */
export function parseCabin(input: string | undefined): Cabin {
  if (input === undefined || input.trim() === '') return 'economy';
  const cabin = CABIN_WORDS[normalizeName(input)];
  if (!cabin) {
    throw new FlightError(
      'invalid_cabin',
      `"${input}" isn't a cabin I can search. The choices are economy, premium economy, business and first.`,
      {
        details: { allowed: ['economy', 'premium_economy', 'business', 'first'] },
      },
    );
  }
  return cabin;
}

function count(value: number | undefined, fallback: number, what: string): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 0) {
    throw new FlightError(
      'invalid_passenger_count',
      `The number of ${what} has to be a whole number of zero or more, not ${value}.`,
    );
  }
  return value;
}

function describe(p: Place): string {
  const where =
    p.countryCode === 'US' || p.countryCode === 'CA'
      ? p.regionName
        ? `${p.regionName}, ${p.country}`
        : p.country
      : p.country;
  return p.kind === 'airport'
    ? `${p.name} (${p.code}) in ${p.cityName}, ${where}`
    : `${p.name}, ${where} (${p.code})`;
}

/** One end of a validated trip: the place, and the same-named places it was chosen among. */
export interface ResolvedEnd {
  place: Place;
  /** Set when the name is shared and the ranking chose (best first, `place` included). */
  rankedAmong?: Place[];
}

export function resolveOrThrow(
  input: string,
  role: 'origin' | 'destination',
  places: PlaceIndex,
  ctx: ResolveContext = {},
): ResolvedEnd {
  return endOrThrow(input, role, places.resolve(input, ctx));
}

function endOrThrow(input: string, role: 'origin' | 'destination', r: ResolveResult): ResolvedEnd {
  if (r.status === 'resolved')
    return r.rankedAmong ? { place: r.place, rankedAmong: r.rankedAmong } : { place: r.place };
  if (r.status === 'ambiguous') {
    const names = r.candidates.map(describe);
    throw new FlightError(
      'ambiguous_place',
      `There is more than one "${input}". Did you mean ${names.slice(0, -1).join(', ')} or ${names.at(-1)}?`,
      {
        details: { role, query: input, candidates: r.candidates },
      },
    );
  }
  const hint =
    r.suggestions.length > 0
      ? ` Did you mean ${r.suggestions.slice(0, 3).map(describe).join(', or ')}?`
      : ' Could you give the city or airport name another way?';
  throw new FlightError('unknown_place', `I couldn't find an airport for "${input}".${hint}`, {
    details: { role, query: input, suggestions: r.suggestions },
  });
}

/**
 * Checks a request and turns it into a provider-ready FlightQuery, or throws a
 * FlightError whose message can be read to the traveller as is.
 */
export function validateSearchRequest(
  req: FlightSearchRequest,
  ctx: ValidationContext,
): FlightQuery {
  return validateSearch(req, ctx).query;
}

/** A validated search: the query, and how each end was resolved. */
export interface ValidatedSearch {
  query: FlightQuery;
  origin: ResolvedEnd;
  destination: ResolvedEnd;
}

/**
 * Resolves both ends of a trip. A name several places share is ranked with the other end
 * (resolved on its own first) and the caller's country: from Madrid, "London" is London, United
 * Kingdom; from Toronto the traveller is asked.
 */
function resolveTrip(
  req: FlightSearchRequest,
  places: PlaceIndex,
  localeCountry: string | undefined,
): { origin: ResolvedEnd; destination: ResolvedEnd } {
  const alone = (name: string): Place | undefined => {
    const r = places.resolve(name, { localeCountry });
    return r.status === 'resolved' ? r.place : undefined;
  };
  const origin = resolveOrThrow(req.origin, 'origin', places, {
    otherEnd: alone(req.destination),
    localeCountry,
  });
  const destination = resolveOrThrow(req.destination, 'destination', places, {
    otherEnd: alone(req.origin),
    localeCountry,
  });
  return { origin, destination };
}

/** {@link validateSearchRequest}, keeping how each end was resolved (for the spoken names). */
export function validateSearch(req: FlightSearchRequest, ctx: ValidationContext): ValidatedSearch {
  if (!req.origin?.trim())
    throw new FlightError('missing_field', 'Where are you flying from?', {
      details: { field: 'origin' },
    });
  if (!req.destination?.trim())
    throw new FlightError('missing_field', 'Where would you like to fly to?', {
      details: { field: 'destination' },
    });
  if (!req.departureDate?.trim())
    throw new FlightError('missing_field', 'What day would you like to leave?', {
      details: { field: 'departureDate' },
    });

  const adults = count(req.adults, 1, 'adults');
  const children = count(req.children, 0, 'children');
  const infants = count(req.infants, 0, 'infants');
  const total = adults + children + infants;
  if (total === 0)
    throw new FlightError(
      'no_passengers',
      'A search needs at least one traveller. How many people are flying?',
    );
  if (total > MAX_PASSENGERS) {
    throw new FlightError(
      'too_many_passengers',
      `I can search for up to ${MAX_PASSENGERS} travellers at once, and this is ${total}. For bigger groups, airlines have group booking desks.`,
    );
  }
  if (adults === 0)
    throw new FlightError(
      'no_adult',
      'At least one adult has to travel: airlines do not sell tickets to children or infants flying alone online.',
    );
  if (infants > adults) {
    throw new FlightError(
      'infants_exceed_adults',
      `Each infant has to sit on an adult's lap, so ${infants} infants need at least ${infants} adults, and there ${adults === 1 ? 'is 1' : `are ${adults}`}.`,
    );
  }
  const cabin = parseCabin(req.cabin);
  const currency = (req.currency ?? ctx.defaultCurrency ?? 'USD').toUpperCase();
  if (!/^[A-Z]{3}$/.test(currency))
    throw new FlightError(
      'invalid_currency',
      `"${req.currency}" isn't a currency code like EUR or USD.`,
    );

  const places = ctx.places ?? getPlaceIndex();
  const ends = resolveTrip(req, places, ctx.localeCountry);
  const origin = ends.origin.place;
  const destination = ends.destination.place;
  if (
    origin.code === destination.code ||
    origin.airports.some((a) => destination.airports.includes(a))
  ) {
    throw new FlightError(
      'same_origin_destination',
      `${req.origin} and ${req.destination} are the same place (${origin.code}). Where would you like to fly to?`,
    );
  }

  const today = todayIn(ctx.timeZone, ctx.now);
  const horizon = ctx.bookingHorizonDays ?? BOOKING_HORIZON_DAYS;
  const departureDate = parseTravelDate(req.departureDate, ctx);
  if (daysBetween(today, departureDate) < 0) {
    throw new FlightError(
      'date_in_past',
      `${departureDate} has already passed; today is ${today}. Which date would you like to leave?`,
      { details: { today, departureDate } },
    );
  }
  if (daysBetween(today, departureDate) > horizon) {
    throw new FlightError(
      'beyond_booking_horizon',
      `Airlines only sell seats about ${horizon} days ahead, so ${departureDate} can't be booked yet. The latest date I can search is ${addDays(today, horizon)}.`,
      {
        details: { today, departureDate, lastBookable: addDays(today, horizon) },
      },
    );
  }
  let returnDate: string | undefined;
  if (req.returnDate?.trim()) {
    returnDate = parseTravelDate(req.returnDate, ctx);
    if (daysBetween(departureDate, returnDate) < 0) {
      throw new FlightError(
        'return_before_departure',
        `The return on ${returnDate} would be before the departure on ${departureDate}. When would you like to come back?`,
        {
          details: { departureDate, returnDate },
        },
      );
    }
    if (daysBetween(today, returnDate) > horizon) {
      throw new FlightError(
        'beyond_booking_horizon',
        `Airlines only sell seats about ${horizon} days ahead, so a return on ${returnDate} can't be booked yet. The latest date I can search is ${addDays(today, horizon)}.`,
        {
          details: { today, returnDate, lastBookable: addDays(today, horizon) },
        },
      );
    }
  }

  const query: FlightQuery = {
    origin: origin.code,
    destination: destination.code,
    originAirports: origin.airports,
    destinationAirports: destination.airports,
    departureDate,
    passengers: { adults, children, infants },
    cabin,
    nonstop: req.nonstop === true,
    currency,
    maxResults: Math.min(Math.max(Math.trunc(req.maxResults ?? 20), 1), 50),
  };
  if (returnDate) query.returnDate = returnDate;
  return { query, ...ends };
}
