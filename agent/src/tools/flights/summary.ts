import type { FlightOffer, FlightQuery } from './types.js';

/** Languages with hand-written phrasing; others fall back to English. */
export const SUMMARY_LANGUAGES = ['en', 'es', 'fr', 'de', 'it', 'pt', 'ja', 'zh', 'ar'] as const;
type Lang = (typeof SUMMARY_LANGUAGES)[number];

interface Phrases {
  found(n: number, from: string, to: string, date: string): string;
  none(from: string, to: string, date: string): string;
  nonstop: string;
  stops(n: number): string;
  option(
    rank: number,
    carrier: string,
    price: string,
    depart: string,
    arrive: string,
    duration: string,
    stops: string,
  ): string;
  returnNote: string;
  list(items: string[]): string;
}

const joinWith =
  (and: string) =>
  (items: string[]): string =>
    items.length <= 1
      ? (items[0] ?? '')
      : `${items.slice(0, -1).join(', ')} ${and} ${items.at(-1)}`;

const PHRASES: Record<Lang, Phrases> = {
  en: {
    found: (n, f, t, d) =>
      `I found ${n} ${n === 1 ? 'flight' : 'flights'} from ${f} to ${t} on ${d}.`,
    none: (f, t, d) =>
      `I couldn't find any flights from ${f} to ${t} on ${d}. Another date or a nearby airport might work.`,
    nonstop: 'nonstop',
    stops: (n) => (n === 1 ? '1 stop' : `${n} stops`),
    option: (r, c, p, dep, arr, dur, s) =>
      `${['The cheapest', 'Next', 'Then'][r] ?? 'Then'}: ${c}, ${p}, leaving at ${dep} and arriving at ${arr}, ${dur}, ${s}.`,
    returnNote: 'Prices include the return flight.',
    list: joinWith('and'),
  },
  es: {
    found: (n, f, t, d) =>
      `He encontrado ${n} ${n === 1 ? 'vuelo' : 'vuelos'} de ${f} a ${t} el ${d}.`,
    none: (f, t, d) =>
      `No he encontrado vuelos de ${f} a ${t} el ${d}. Quizá otra fecha u otro aeropuerto cercano.`,
    nonstop: 'directo',
    stops: (n) => (n === 1 ? '1 escala' : `${n} escalas`),
    option: (r, c, p, dep, arr, dur, s) =>
      `${['El más barato', 'Después', 'Luego'][r] ?? 'Luego'}: ${c}, ${p}, sale a las ${dep} y llega a las ${arr}, ${dur}, ${s}.`,
    returnNote: 'Los precios incluyen la vuelta.',
    list: joinWith('y'),
  },
  fr: {
    found: (n, f, t, d) => `J'ai trouvé ${n} vol${n === 1 ? '' : 's'} de ${f} à ${t} le ${d}.`,
    none: (f, t, d) =>
      `Je n'ai trouvé aucun vol de ${f} à ${t} le ${d}. Une autre date ou un aéroport proche pourrait marcher.`,
    nonstop: 'direct',
    stops: (n) => (n === 1 ? '1 escale' : `${n} escales`),
    option: (r, c, p, dep, arr, dur, s) =>
      `${['Le moins cher', 'Ensuite', 'Puis'][r] ?? 'Puis'} : ${c}, ${p}, départ à ${dep}, arrivée à ${arr}, ${dur}, ${s}.`,
    returnNote: 'Les prix comprennent le retour.',
    list: joinWith('et'),
  },
  de: {
    found: (n, f, t, d) =>
      `Ich habe ${n} ${n === 1 ? 'Flug' : 'Flüge'} von ${f} nach ${t} am ${d} gefunden.`,
    none: (f, t, d) =>
      `Ich habe keine Flüge von ${f} nach ${t} am ${d} gefunden. Vielleicht klappt ein anderes Datum oder ein Flughafen in der Nähe.`,
    nonstop: 'Direktflug',
    stops: (n) => (n === 1 ? '1 Umstieg' : `${n} Umstiege`),
    option: (r, c, p, dep, arr, dur, s) =>
      `${['Am günstigsten', 'Danach', 'Außerdem'][r] ?? 'Außerdem'}: ${c}, ${p}, Abflug ${dep}, Ankunft ${arr}, ${dur}, ${s}.`,
    returnNote: 'Die Preise enthalten den Rückflug.',
    list: joinWith('und'),
  },
  it: {
    found: (n, f, t, d) => `Ho trovato ${n} ${n === 1 ? 'volo' : 'voli'} da ${f} a ${t} per ${d}.`,
    none: (f, t, d) =>
      `Non ho trovato voli da ${f} a ${t} per ${d}. Forse un'altra data o un aeroporto vicino.`,
    nonstop: 'diretto',
    stops: (n) => (n === 1 ? '1 scalo' : `${n} scali`),
    option: (r, c, p, dep, arr, dur, s) =>
      `${['Il più economico', 'Poi', 'Infine'][r] ?? 'Poi'}: ${c}, ${p}, parte alle ${dep} e arriva alle ${arr}, ${dur}, ${s}.`,
    returnNote: 'I prezzi includono il ritorno.',
    list: joinWith('e'),
  },
  pt: {
    found: (n, f, t, d) => `Encontrei ${n} ${n === 1 ? 'voo' : 'voos'} de ${f} para ${t} em ${d}.`,
    none: (f, t, d) =>
      `Não encontrei voos de ${f} para ${t} em ${d}. Talvez outra data ou um aeroporto próximo.`,
    nonstop: 'direto',
    stops: (n) => (n === 1 ? '1 escala' : `${n} escalas`),
    option: (r, c, p, dep, arr, dur, s) =>
      `${['O mais barato', 'Depois', 'Em seguida'][r] ?? 'Depois'}: ${c}, ${p}, sai às ${dep} e chega às ${arr}, ${dur}, ${s}.`,
    returnNote: 'Os preços incluem a volta.',
    list: joinWith('e'),
  },
  ja: {
    found: (n, f, t, d) => `${d}の${f}発${t}行きの便が${n}件見つかりました。`,
    none: (f, t, d) =>
      `${d}の${f}発${t}行きの便は見つかりませんでした。別の日付や近くの空港をお試しください。`,
    nonstop: '直行便',
    stops: (n) => `乗り継ぎ${n}回`,
    option: (r, c, p, dep, arr, dur, s) =>
      `${['最安値は', '次は', 'その次は'][r] ?? '次は'}${c}、${p}、${dep}発、${arr}着、所要${dur}、${s}です。`,
    returnNote: '料金は復路を含みます。',
    list: (items) => items.join('、'),
  },
  zh: {
    found: (n, f, t, d) => `我找到了${d}从${f}到${t}的${n}个航班。`,
    none: (f, t, d) => `没有找到${d}从${f}到${t}的航班。可以试试其他日期或附近的机场。`,
    nonstop: '直飞',
    stops: (n) => `经停${n}次`,
    option: (r, c, p, dep, arr, dur, s) =>
      `${['最便宜的是', '其次是', '还有'][r] ?? '还有'}${c}，${p}，${dep}起飞，${arr}到达，${dur}，${s}。`,
    returnNote: '价格包含返程。',
    list: (items) => items.join('、'),
  },
  ar: {
    found: (n, f, t, d) => `وجدت ${n} رحلة من ${f} إلى ${t} يوم ${d}.`,
    none: (f, t, d) =>
      `لم أجد رحلات من ${f} إلى ${t} يوم ${d}. ربما يناسبك تاريخ آخر أو مطار قريب.`,
    nonstop: 'مباشرة',
    stops: (n) => (n === 1 ? 'توقف واحد' : `${n} توقفات`),
    option: (r, c, p, dep, arr, dur, s) =>
      `${['الأرخص', 'ثم', 'وأيضًا'][r] ?? 'ثم'}: ${c}، ${p}، تغادر ${dep} وتصل ${arr}، ${dur}، ${s}.`,
    returnNote: 'الأسعار تشمل رحلة العودة.',
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

export interface SummaryOptions {
  lang?: string;
  /** Display names for the codes, e.g. { LON: 'London' }. */
  names?: Record<string, string>;
  /** How many offers to read out (default 3). */
  top?: number;
}

/**
 * A short, speakable summary of the best offers (cheapest first) in the
 * traveller's language. Times are local to each airport.
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
  const date = speakDate(query.departureDate, lang);
  if (offers.length === 0) return p.none(from, to, date);
  const best = offers.slice(0, opts.top ?? 3);
  const parts = [p.found(offers.length, from, to, date)];
  best.forEach((o, i) => {
    const out = o.slices[0];
    if (!out) return;
    const carriers = p.list(o.carriers.map((c) => c.name));
    parts.push(
      p.option(
        i,
        carriers,
        speakPrice(o.price.amount, o.price.currency, lang),
        speakTime(out.departure.local, lang),
        speakTime(out.arrival.local, lang),
        speakDuration(out.durationMinutes, lang),
        out.stops === 0 ? p.nonstop : p.stops(out.stops),
      ),
    );
  });
  if (query.returnDate) parts.push(p.returnNote);
  return parts.join(lang === 'ja' || lang === 'zh' ? '' : ' ');
}
