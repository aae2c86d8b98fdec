import type { Place } from './places/index.js';
import type { FlightOffer, FlightQuery } from './types.js';

/** Languages with hand-written phrasing; others fall back to English. */
export const SUMMARY_LANGUAGES = ['en', 'es', 'fr', 'de', 'it', 'pt', 'ja', 'zh', 'ar'] as const;
type Lang = (typeof SUMMARY_LANGUAGES)[number];

interface Phrases {
  /** The count, the trip and its date(s): "5 flights from Madrid to London on Friday, December 11." */
  found(n: number, from: string, to: string, dates: string, roundTrip: boolean): string;
  none(from: string, to: string, date: string): string;
  nonstop: string;
  stops(n: number): string;
  /** One offer in a clause: "Iberia, nonstop, leaving 8:10 AM, 2 hours 25 minutes, €89". */
  option(carrier: string, stops: string, depart: string, duration: string, price: string): string;
  /** The cheapest of several. */
  cheapest(option: string): string;
  /** The only one. */
  only(option: string): string;
  /** The next ones, asked for ("tell me more"). */
  next(options: string[]): string;
  list(items: string[]): string;
}

const joinWith =
  (and: string) =>
  (items: string[]): string =>
    items.length <= 1
      ? (items[0] ?? '')
      : `${items.slice(0, -1).join(', ')} ${and} ${items.at(-1)}`;

/**
 * Arabic counts by the language's plural categories (`Intl.PluralRules('ar')`): one, two, few
 * (3–10) take their own forms; many (11–99) and other (100…) the singular noun.
 */
export function arabicCount(
  n: number,
  noun: { one: string; two: string; few: string; other: string },
): string {
  switch (new Intl.PluralRules('ar').select(n)) {
    case 'one':
      return noun.one;
    case 'two':
      return noun.two;
    case 'few':
      return `${n} ${noun.few}`;
    default:
      return `${n} ${noun.other}`;
  }
}

const AR_FLIGHTS = { one: 'رحلة واحدة', two: 'رحلتان', few: 'رحلات', other: 'رحلة' };
const AR_STOPS = { one: 'توقف واحد', two: 'توقفان', few: 'توقفات', other: 'توقفًا' };

const PHRASES: Record<Lang, Phrases> = {
  en: {
    found: (n, f, t, d, rt) =>
      rt
        ? `${n} ${n === 1 ? 'round trip' : 'round trips'} from ${f} to ${t}, ${d}.`
        : `${n} ${n === 1 ? 'flight' : 'flights'} from ${f} to ${t} on ${d}.`,
    none: (f, t, d) =>
      `I couldn't find any flights from ${f} to ${t} on ${d}. Another date or a nearby airport might work.`,
    nonstop: 'nonstop',
    stops: (n) => (n === 1 ? '1 stop' : `${n} stops`),
    option: (c, s, dep, dur, p) => `${c}, ${s}, leaving ${dep}, ${dur}, ${p}`,
    cheapest: (o) => `The cheapest is ${o}.`,
    only: (o) => `It is ${o}.`,
    next: (os) => `Next: ${os.join('; ')}.`,
    list: joinWith('and'),
  },
  es: {
    found: (n, f, t, d, rt) =>
      rt
        ? `${n} ${n === 1 ? 'viaje' : 'viajes'} de ida y vuelta de ${f} a ${t}, ${d}.`
        : `${n} ${n === 1 ? 'vuelo' : 'vuelos'} de ${f} a ${t} el ${d}.`,
    none: (f, t, d) =>
      `No he encontrado vuelos de ${f} a ${t} el ${d}. Quizá otra fecha u otro aeropuerto cercano.`,
    nonstop: 'directo',
    stops: (n) => (n === 1 ? '1 escala' : `${n} escalas`),
    option: (c, s, dep, dur, p) => `${c}, ${s}, a las ${dep}, ${dur}, ${p}`,
    cheapest: (o) => `El más barato: ${o}.`,
    only: (o) => `Es ${o}.`,
    next: (os) => `Después: ${os.join('; ')}.`,
    list: joinWith('y'),
  },
  fr: {
    found: (n, f, t, d, rt) =>
      rt
        ? `${n} ${n === 1 ? 'aller-retour' : 'allers-retours'} de ${f} à ${t}, ${d}.`
        : `${n} vol${n === 1 ? '' : 's'} de ${f} à ${t} le ${d}.`,
    none: (f, t, d) =>
      `Je n'ai trouvé aucun vol de ${f} à ${t} le ${d}. Une autre date ou un aéroport proche pourrait marcher.`,
    nonstop: 'direct',
    stops: (n) => (n === 1 ? '1 escale' : `${n} escales`),
    option: (c, s, dep, dur, p) => `${c}, ${s}, départ à ${dep}, ${dur}, ${p}`,
    cheapest: (o) => `Le moins cher : ${o}.`,
    only: (o) => `C'est ${o}.`,
    next: (os) => `Ensuite : ${os.join(' ; ')}.`,
    list: joinWith('et'),
  },
  de: {
    found: (n, f, t, d, rt) =>
      rt
        ? `${n} ${n === 1 ? 'Hin- und Rückflug' : 'Hin- und Rückflüge'} von ${f} nach ${t}, ${d}.`
        : `${n} ${n === 1 ? 'Flug' : 'Flüge'} von ${f} nach ${t} am ${d}.`,
    none: (f, t, d) =>
      `Ich habe keine Flüge von ${f} nach ${t} am ${d} gefunden. Vielleicht klappt ein anderes Datum oder ein Flughafen in der Nähe.`,
    nonstop: 'Direktflug',
    stops: (n) => (n === 1 ? '1 Umstieg' : `${n} Umstiege`),
    option: (c, s, dep, dur, p) => `${c}, ${s}, Abflug ${dep}, ${dur}, ${p}`,
    cheapest: (o) => `Am günstigsten: ${o}.`,
    only: (o) => `Verbindung: ${o}.`,
    next: (os) => `Außerdem: ${os.join('; ')}.`,
    list: joinWith('und'),
  },
  it: {
    found: (n, f, t, d, rt) =>
      rt
        ? `${n} ${n === 1 ? 'volo' : 'voli'} di andata e ritorno da ${f} a ${t}, ${d}.`
        : `${n} ${n === 1 ? 'volo' : 'voli'} da ${f} a ${t} per ${d}.`,
    none: (f, t, d) =>
      `Non ho trovato voli da ${f} a ${t} per ${d}. Forse un'altra data o un aeroporto vicino.`,
    nonstop: 'diretto',
    stops: (n) => (n === 1 ? '1 scalo' : `${n} scali`),
    option: (c, s, dep, dur, p) => `${c}, ${s}, parte alle ${dep}, ${dur}, ${p}`,
    cheapest: (o) => `Il più economico è ${o}.`,
    only: (o) => `È ${o}.`,
    next: (os) => `Poi: ${os.join('; ')}.`,
    list: joinWith('e'),
  },
  pt: {
    found: (n, f, t, d, rt) =>
      rt
        ? `${n} ${n === 1 ? 'voo' : 'voos'} de ida e volta de ${f} para ${t}, ${d}.`
        : `${n} ${n === 1 ? 'voo' : 'voos'} de ${f} para ${t} em ${d}.`,
    none: (f, t, d) =>
      `Não encontrei voos de ${f} para ${t} em ${d}. Talvez outra data ou um aeroporto próximo.`,
    nonstop: 'direto',
    stops: (n) => (n === 1 ? '1 escala' : `${n} escalas`),
    option: (c, s, dep, dur, p) => `${c}, ${s}, às ${dep}, ${dur}, ${p}`,
    cheapest: (o) => `O mais barato: ${o}.`,
    only: (o) => `É ${o}.`,
    next: (os) => `Depois: ${os.join('; ')}.`,
    list: joinWith('e'),
  },
  ja: {
    found: (n, f, t, d, rt) =>
      rt ? `${d}の${f}発${t}行きの往復は${n}件です。` : `${d}の${f}発${t}行きは${n}便です。`,
    none: (f, t, d) =>
      `${d}の${f}発${t}行きの便は見つかりませんでした。別の日付や近くの空港をお試しください。`,
    nonstop: '直行便',
    stops: (n) => `乗り継ぎ${n}回`,
    option: (c, s, dep, dur, p) => `${c}、${s}、${dep}発、所要${dur}、${p}`,
    cheapest: (o) => `最安値は${o}です。`,
    only: (o) => `${o}です。`,
    next: (os) => `次は${os.join('。その次は')}です。`,
    list: (items) => items.join('、'),
  },
  zh: {
    found: (n, f, t, d, rt) =>
      rt ? `${d}从${f}到${t}的往返有${n}个。` : `${d}从${f}到${t}有${n}个航班。`,
    none: (f, t, d) => `没有找到${d}从${f}到${t}的航班。可以试试其他日期或附近的机场。`,
    nonstop: '直飞',
    stops: (n) => `经停${n}次`,
    option: (c, s, dep, dur, p) => `${c}，${s}，${dep}起飞，${dur}，${p}`,
    cheapest: (o) => `最便宜的是${o}。`,
    only: (o) => `是${o}。`,
    next: (os) => `其次：${os.join('；')}。`,
    list: (items) => items.join('、'),
  },
  ar: {
    found: (n, f, t, d, rt) =>
      rt
        ? `${arabicCount(n, AR_FLIGHTS)} ذهاب وعودة من ${f} إلى ${t}، ${d}.`
        : `${arabicCount(n, AR_FLIGHTS)} من ${f} إلى ${t} يوم ${d}.`,
    none: (f, t, d) =>
      `لم أجد رحلات من ${f} إلى ${t} يوم ${d}. ربما يناسبك تاريخ آخر أو مطار قريب.`,
    nonstop: 'مباشرة',
    stops: (n) => arabicCount(n, AR_STOPS),
    option: (c, s, dep, dur, p) => `${c}، ${s}، تغادر ${dep}، ${dur}، ${p}`,
    cheapest: (o) => `الأرخص: ${o}.`,
    only: (o) => `وهي ${o}.`,
    next: (os) => `التالي: ${os.join('؛ ')}.`,
    list: (items) => items.join(' و'),
  },
};

export function summaryLanguage(lang: string | undefined): Lang {
  const base = (lang ?? 'en').toLowerCase().split(/[-_]/)[0] ?? 'en';
  return (SUMMARY_LANGUAGES as readonly string[]).includes(base) ? (base as Lang) : 'en';
}

/** Price read the way people say it in that language: "€432.50", "432,50 €", "￥54,000". */
export function speakPrice(amount: string, currency: string, lang: string): string {
  const value = Number(amount);
  if (!Number.isFinite(value)) return `${amount} ${currency}`;
  try {
    const whole = Number.isInteger(value);
    return new Intl.NumberFormat(lang, {
      style: 'currency',
      currency,
      ...(whole ? { maximumFractionDigits: 0 } : {}),
    }).format(value);
  } catch {
    return `${amount} ${currency}`;
  }
}

function speakDuration(minutes: number, lang: string): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  const unit = (u: 'hour' | 'minute', v: number): string =>
    new Intl.NumberFormat(lang, { style: 'unit', unit: u, unitDisplay: 'long' }).format(v);
  if (h === 0) return unit('minute', m);
  return m === 0 ? unit('hour', h) : `${unit('hour', h)} ${unit('minute', m)}`;
}

function speakTime(local: string, lang: string): string {
  const [datePart, timePart] = local.split('T');
  const [y, mo, d] = (datePart ?? '').split('-').map(Number) as [number, number, number];
  const [h, mi] = (timePart ?? '').split(':').map(Number) as [number, number];
  return new Intl.DateTimeFormat(lang, {
    hour: 'numeric',
    minute: '2-digit',
    timeZone: 'UTC',
  }).format(new Date(Date.UTC(y, mo - 1, d, h, mi)));
}

export function speakDate(date: string, lang: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Intl.DateTimeFormat(lang, {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    timeZone: 'UTC',
  }).format(new Date(Date.UTC(y, m - 1, d)));
}

/** The outbound dates as said: "Friday, December 11", or "December 11 – 20" for a round trip. */
function speakDates(query: FlightQuery, lang: string): string {
  if (!query.returnDate) return speakDate(query.departureDate, lang);
  const day = (d: string) => {
    const [y, m, dd] = d.split('-').map(Number) as [number, number, number];
    return new Date(Date.UTC(y, m - 1, dd));
  };
  const format = new Intl.DateTimeFormat(lang, { day: 'numeric', month: 'long', timeZone: 'UTC' });
  const [from, to] = [day(query.departureDate), day(query.returnDate)];
  // ICU's ranges in Japanese and Chinese are numeric ("12/11～12/20"): say both dates instead.
  if (lang === 'ja') return `${format.format(from)}～${format.format(to)}`;
  if (lang === 'zh') return `${format.format(from)}至${format.format(to)}`;
  return format.formatRange(from, to);
}

export interface SummaryOptions {
  lang?: string;
  /** Display names for the codes, e.g. { LON: 'London' }. */
  names?: Record<string, string>;
}

/**
 * Carriers named for one offer: the first (the outbound's first flight) in the short summary, up
 * to two when the traveller asks for more; the cards list them all.
 */
function speakOption(o: FlightOffer, p: Phrases, lang: Lang, carriers: number): string | undefined {
  const out = o.slices[0];
  if (!out) return undefined;
  return p.option(
    p.list(o.carriers.slice(0, carriers).map((c) => c.name)),
    out.stops === 0 ? p.nonstop : p.stops(out.stops),
    speakTime(out.departure.local, lang),
    speakDuration(out.durationMinutes, lang),
    speakPrice(o.price.amount, o.price.currency, lang),
  );
}

const joinSentences = (lang: Lang, parts: string[]): string =>
  parts.join(lang === 'ja' || lang === 'zh' ? '' : ' ');

/**
 * What the assistant says about a result set, in the traveller's language: the count and the
 * cheapest offer (offers come cheapest first), in under 30 words. The cards carry the rest;
 * {@link summarizeMore} reads the next ones when the traveller asks. Times are local to each
 * airport; a round trip's price is for both ways, which "round trip" in the count says.
 */
export function summarizeOffers(
  query: FlightQuery,
  offers: FlightOffer[],
  opts: SummaryOptions = {},
): string {
  const lang = summaryLanguage(opts.lang);
  const p = PHRASES[lang];
  const from = opts.names?.[query.origin] ?? query.origin;
  const to = opts.names?.[query.destination] ?? query.destination;
  if (offers.length === 0) return p.none(from, to, speakDate(query.departureDate, lang));
  const parts = [
    p.found(offers.length, from, to, speakDates(query, lang), query.returnDate !== undefined),
  ];
  const first = offers[0] && speakOption(offers[0], p, lang, 1);
  if (first) parts.push(offers.length === 1 ? p.only(first) : p.cheapest(first));
  return joinSentences(lang, parts);
}

/**
 * The offers after the first `shown` ones (at most `count`), for "tell me more": read from the
 * result set already found, never a new search.
 */
export function summarizeMore(
  offers: FlightOffer[],
  shown: number,
  count: number,
  opts: { lang?: string } = {},
): string {
  const lang = summaryLanguage(opts.lang);
  const p = PHRASES[lang];
  const items = offers
    .slice(shown, shown + count)
    .map((o) => speakOption(o, p, lang, 2))
    .filter((s): s is string => s !== undefined);
  return items.length > 0 ? p.next(items) : '';
}

/**
 * A place said back to the traveller: as they said it, plus where, when the name is shared and
 * the ranking chose for them ("Londres (Reino Unido)", "Portland (Oregon)"), so a wrong choice is
 * heard at once. The country is named in the traveller's language; a state or province (when
 * the places it chose among share a country) in English, as the airport table has it.
 */
export function spokenPlace(
  said: string,
  place: Place,
  rankedAmong: readonly Place[] | undefined,
  lang: string,
): string {
  if (!rankedAmong || rankedAmong.length < 2) return said;
  const sameCountry = rankedAmong.some((p) => p !== place && p.countryCode === place.countryCode);
  let where: string | undefined;
  if (sameCountry) where = place.regionName;
  else {
    try {
      where = new Intl.DisplayNames([lang, 'en'], { type: 'region' }).of(place.countryCode);
    } catch {
      where = place.country;
    }
  }
  return where ? `${said} (${where})` : said;
}
