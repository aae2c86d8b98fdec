import { parseArgs } from 'node:util';
import { FlightError } from '../tools/flights/errors.js';
import { flightSearchFromEnv, type Env } from '../tools/flights/providers/env.js';
import { localeCountry } from '../tools/flights/places/index.js';
import { spokenPlace, summarizeOffers } from '../tools/flights/summary.js';
import type { FlightOffer } from '../tools/flights/types.js';
import { validateSearch, type ValidatedSearch } from '../tools/flights/validation.js';

export interface FlightsCliIo {
  out?: (line: string) => void;
  err?: (line: string) => void;
  env?: Env;
  now?: () => Date;
  timeZone?: string;
}

const USAGE = `Usage: polyglot flights --from <place> --to <place> --date <date> [--return <date>]
         [--adults N] [--children N] [--infants N] [--cabin economy|premium|business|first]
         [--nonstop] [--currency EUR] [--lang xx] [--json]
Exit codes: 0 results, 2 a wrong command line or a request that cannot be searched, 3 no provider configured or all failed.`;

function int(value: string | undefined, what: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^-?\d+$/.test(value.trim()))
    throw new FlightError(
      'invalid_passenger_count',
      `--${what} must be a whole number, not "${value}".`,
    );
  return Number(value);
}

function hhmm(local: string): string {
  return local.slice(11, 16);
}

function offerLine(o: FlightOffer): string {
  return o.slices
    .map((s) => {
      const stops = s.stops === 0 ? 'nonstop' : `${s.stops} stop${s.stops > 1 ? 's' : ''}`;
      const h = Math.floor(s.durationMinutes / 60);
      const m = s.durationMinutes % 60;
      return `${s.origin.iata} ${s.departure.local.slice(0, 10)} ${hhmm(s.departure.local)} -> ${s.destination.iata} ${hhmm(s.arrival.local)} (${h}h${String(m).padStart(2, '0')}, ${stops}) ${s.segments.map((g) => g.flightNumber).join('/')}`;
    })
    .join('  |  ')
    .concat(`  ${o.price.amount} ${o.price.currency}  ${o.carriers.map((c) => c.name).join(', ')}`);
}

/**
 * `polyglot flights`: 0 with results, 2 for a command line without the trip (the usage) or a
 * request that cannot be searched, 3 with no provider or all failing.
 */
export async function run(argv: string[], io: FlightsCliIo = {}): Promise<number> {
  const out = io.out ?? ((s: string) => console.log(s));
  const err = io.err ?? ((s: string) => console.error(s));
  const env = io.env ?? process.env;
  let json = argv.includes('--json');
  const fail = (code: number, e: { code: string; message: string }): number => {
    if (json) out(JSON.stringify({ error: e }));
    else err(e.message);
    return code;
  };

  let values;
  try {
    values = parseArgs({
      args: argv,
      allowPositionals: false,
      options: {
        from: { type: 'string' },
        to: { type: 'string' },
        date: { type: 'string' },
        return: { type: 'string' },
        adults: { type: 'string' },
        children: { type: 'string' },
        infants: { type: 'string' },
        cabin: { type: 'string' },
        nonstop: { type: 'boolean' },
        currency: { type: 'string' },
        lang: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values;
  } catch (e) {
    return fail(2, { code: 'usage', message: `${(e as Error).message}\n${USAGE}` });
  }
  json = values.json === true;
  if (values.help) {
    out(USAGE);
    return 0;
  }
  // A command line without the trip is a usage error, not a conversation: it gets the usage.
  const missing = (['from', 'to', 'date'] as const).filter((k) => !values[k]?.trim());
  if (missing.length > 0) {
    const list = missing.map((k) => `--${k}`);
    const what = list.length === 1 ? list[0] : `${list.slice(0, -1).join(', ')} and ${list.at(-1)}`;
    return fail(2, { code: 'usage', message: `Missing ${what}.\n${USAGE}` });
  }

  const lang = values.lang ?? 'en';
  const timeZone = io.timeZone ?? (Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC');
  let search: ValidatedSearch;
  try {
    search = validateSearch(
      {
        origin: values.from ?? '',
        destination: values.to ?? '',
        departureDate: values.date ?? '',
        returnDate: values.return,
        adults: int(values.adults, 'adults'),
        children: int(values.children, 'children'),
        infants: int(values.infants, 'infants'),
        cabin: values.cabin,
        nonstop: values.nonstop,
        currency: values.currency,
      },
      { now: (io.now ?? (() => new Date()))(), timeZone, lang, localeCountry: localeCountry(lang) },
    );
  } catch (e) {
    if (e instanceof FlightError) return fail(2, { code: e.code, message: e.message });
    throw e;
  }

  const { query, origin, destination } = search;
  const { search: chain, config } = await flightSearchFromEnv(env);
  for (const p of config.problems) err(`warning: ${p}`);
  try {
    const result = await chain.search(query);
    const summary = summarizeOffers(query, result.offers, {
      lang,
      names: {
        [query.origin]: spokenPlace(values.from ?? '', origin.place, origin.rankedAmong, lang),
        [query.destination]: spokenPlace(
          values.to ?? '',
          destination.place,
          destination.rankedAmong,
          lang,
        ),
      },
    });
    if (json) {
      out(
        JSON.stringify({
          query: result.query,
          provider: result.provider,
          cached: result.cached,
          attempts: result.attempts,
          summary,
          offers: result.offers,
        }),
      );
    } else {
      out(summary);
      out('');
      for (const o of result.offers) out(offerLine(o));
      out(`(${result.offers.length} offers from ${result.provider})`);
    }
    return 0;
  } catch (e) {
    if (e instanceof FlightError) {
      const message =
        e.code === 'no_provider'
          ? `No flight provider is configured. ${config.report.map((r) => `${r.provider}: set ${r.missing.join(' and ')}`).join('; ')}.`
          : e.message;
      return fail(3, { code: e.code, message });
    }
    throw e;
  }
}
