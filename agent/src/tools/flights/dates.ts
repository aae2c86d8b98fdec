import * as chrono from 'chrono-node';
import { FlightError } from './errors.js';

export interface DateContext {
  /** The current instant (inject a fixed one in tests). */
  now: Date;
  /** The traveller's IANA time zone: "tomorrow" is tomorrow where they are. */
  timeZone: string;
  /** BCP 47 language of the request ("es", "fr-CA"); English is always tried too. */
  lang?: string;
}

type ChronoParser = Pick<typeof chrono, 'parse'>;
const PARSERS: Record<string, ChronoParser> = {
  en: chrono.en,
  es: chrono.es,
  fr: chrono.fr,
  de: chrono.de,
  it: chrono.it,
  pt: chrono.pt,
  nl: chrono.nl,
  ja: chrono.ja,
  zh: chrono.zh,
  ru: chrono.ru,
  sv: chrono.sv,
  uk: chrono.uk,
};

/** Words chrono gets wrong or lacks: "pasado mañana" it reads as "mañana". Offsets in days. */
const RELATIVE_DAYS: [RegExp, number][] = [
  [
    /\b(pasado\s+manana|apres\s*-?\s*demain|ubermorgen|dopodomani|depois\s+de\s+amanha|day\s+after\s+tomorrow|overmorgen|poslezavtra)\b|明後日|あさって|后天|後天|모레|بعد\s*غد|послезавтра|післязавтра/u,
    2,
  ],
  [/^(?:غدا|غداً|بكرة|بكره)$|^내일$/u, 1],
  [/^(?:اليوم|오늘)$/u, 0],
];

const NEXT_WEEK_DAY =
  /(?:下个?(?:周|星期|礼拜|禮拜|週)|来週の?|來週の?)([一二三四五六日天月火水木金土])/u;
const WEEKDAY_CHARS: Record<string, number> = {
  一: 1,
  二: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  日: 7,
  天: 7,
  月: 1,
  火: 2,
  水: 3,
  木: 4,
  金: 5,
  土: 6,
};

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeap(year) ? 29 : (MONTH_DAYS[month - 1] ?? 31);
}

/** Wall-clock parts of an instant in a zone. */
export function zonedParts(
  instant: Date,
  timeZone: string,
): { year: number; month: number; day: number; hour: number; minute: number } {
  const fmt = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    hourCycle: 'h23',
  });
  const parts: Record<string, number> = {};
  for (const p of fmt.formatToParts(instant))
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return {
    year: parts.year ?? 1970,
    month: parts.month ?? 1,
    day: parts.day ?? 1,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
  };
}

function iso(y: number, m: number, d: number): string {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Today's calendar date in the zone, "YYYY-MM-DD". */
export function todayIn(timeZone: string, now: Date): string {
  const p = zonedParts(now, timeZone);
  return iso(p.year, p.month, p.day);
}

/** Adds days to a "YYYY-MM-DD" date. */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y, m - 1, d + days));
  return iso(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

/** Whole days from a to b (both "YYYY-MM-DD"). */
export function daysBetween(a: string, b: string): number {
  const ms = (s: string): number => {
    const [y, m, d] = s.split('-').map(Number) as [number, number, number];
    return Date.UTC(y, m - 1, d);
  };
  return Math.round((ms(b) - ms(a)) / 86_400_000);
}

function fold(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .trim();
}

function monthName(month: number, lang: string): string {
  return new Intl.DateTimeFormat(lang, { month: 'long', timeZone: 'UTC' }).format(
    new Date(Date.UTC(2001, month - 1, 1)),
  );
}

/**
 * Turns what the traveller said ("next Friday", "el próximo lunes", "下周五",
 * "2026-12-24") into a calendar date "YYYY-MM-DD" in their time zone.
 * Throws FlightError `invalid_date` or `invalid_calendar_date` (Feb 30).
 */
export function parseTravelDate(text: string, ctx: DateContext): string {
  const raw = text.trim();
  const lang = (ctx.lang ?? 'en').toLowerCase().split(/[-_]/)[0] ?? 'en';
  if (!raw) throw new FlightError('invalid_date', 'I need a travel date.');

  const isoMatch = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(raw);
  if (isoMatch) {
    const [y, m, d] = [Number(isoMatch[1]), Number(isoMatch[2]), Number(isoMatch[3])];
    checkCalendar(y, m, d, lang, raw);
    return iso(y, m, d);
  }

  const today = todayIn(ctx.timeZone, ctx.now);
  const folded = fold(raw);
  for (const [re, offset] of RELATIVE_DAYS)
    if (re.test(folded) || re.test(raw)) return addDays(today, offset);

  const nextWeek = NEXT_WEEK_DAY.exec(raw);
  if (nextWeek?.[1]) {
    const weekday = WEEKDAY_CHARS[nextWeek[1]] ?? 0;
    if (weekday) {
      // Chinese and Japanese weeks start on Monday: "下周五" on a Sunday is five days away.
      const [y, m, d] = today.split('-').map(Number) as [number, number, number];
      const isoWeekday = ((new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7) + 1;
      return addDays(today, 8 - isoWeekday + weekday - 1);
    }
  }

  // chrono works in the process's zone: give it the traveller's wall clock as a local Date.
  const p = zonedParts(ctx.now, ctx.timeZone);
  const ref = new Date(p.year, p.month - 1, p.day, p.hour, p.minute);
  const order = [lang, 'en', ...Object.keys(PARSERS).filter((l) => l !== lang && l !== 'en')];

  // chrono rejects impossible dates silently (and reads "Feb 30" as February 2030).
  // Find out whether one was asked for: put day 1 in its place and see whether a month comes out.
  const day = /(?:^|\D)(29|30|31)(?=\D|$)/.exec(raw);
  if (day?.[1]) {
    const patched = raw.replace(day[1], '1');
    for (const l of order) {
      const found = PARSERS[l]?.parse(patched, ref, { forwardDate: true })[0];
      if (
        found &&
        found.start.isCertain('month') &&
        found.start.isCertain('day') &&
        found.start.get('day') === 1
      ) {
        const dt = found.start.date();
        checkCalendar(dt.getFullYear(), dt.getMonth() + 1, Number(day[1]), lang, raw);
        break;
      }
    }
  }

  for (const l of order) {
    const parser = PARSERS[l];
    if (!parser) continue;
    const found = parser.parse(raw, ref, { forwardDate: true })[0];
    if (found) {
      const dt = found.start.date();
      return iso(dt.getFullYear(), dt.getMonth() + 1, dt.getDate());
    }
  }

  throw new FlightError(
    'invalid_date',
    `I couldn't understand "${raw}" as a date. Could you say the day and month?`,
  );
}

function checkCalendar(y: number, m: number, d: number, lang: string, raw: string): void {
  if (m < 1 || m > 12 || d < 1)
    throw new FlightError('invalid_date', `"${raw}" is not a valid date.`);
  const max = daysInMonth(y, m);
  if (d > max) {
    let name: string;
    try {
      name = monthName(m, 'en');
    } catch {
      name = `month ${m}`;
    }
    void lang;
    throw new FlightError(
      'invalid_calendar_date',
      `${name} ${y} has only ${max} days, so ${name} ${d} doesn't exist. Which date did you mean?`,
      {
        details: { year: y, month: m, day: d, daysInMonth: max },
      },
    );
  }
}
