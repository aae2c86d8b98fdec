import { getPlaceIndex, localeCountry, type Place } from '../tools/flights/places/index.js';
import { parseCommand, type CliIo } from './args.js';

export type { CliIo } from './args.js';

const USAGE = 'Usage: polyglot resolve "<place>" [--lang xx] [--json]';

function line(p: Place): string {
  const where =
    p.regionName && (p.countryCode === 'US' || p.countryCode === 'CA')
      ? `${p.regionName}, ${p.country}`
      : p.country;
  const kind =
    p.kind === 'airport'
      ? `airport in ${p.cityName}`
      : p.airports.length > 1
        ? `city, airports ${p.airports.join(' ')}`
        : 'city';
  return `${p.code}  ${p.name}, ${where} (${kind}; ${p.timeZone})`;
}

/** `polyglot resolve`: 0 resolved, 2 ambiguous / not found / bad usage. */
export async function run(argv: string[], io: CliIo = {}): Promise<number> {
  const out = io.out ?? ((s: string) => console.log(s));
  const err = io.err ?? ((s: string) => console.error(s));
  const parsed = parseCommand(
    {
      args: argv,
      allowPositionals: true,
      options: {
        lang: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    },
    USAGE,
    { out, err },
  );
  if (typeof parsed === 'number') return parsed;
  const name = parsed.positionals.join(' ').trim();
  const json = parsed.values.json === true;
  if (!name) {
    if (json)
      out(
        JSON.stringify({
          error: { code: 'missing_field', message: 'Give a place name to resolve.' },
        }),
      );
    else err(USAGE);
    return 2;
  }
  // A locale's country (--lang en-CA) breaks near ties between places that share the name.
  const r = getPlaceIndex().resolve(name, { localeCountry: localeCountry(parsed.values.lang) });
  if (json) {
    if (r.status === 'resolved')
      out(
        JSON.stringify({
          status: r.status,
          query: name,
          place: r.place,
          alternatives: r.alternatives,
        }),
      );
    else if (r.status === 'ambiguous')
      out(
        JSON.stringify({
          status: r.status,
          query: name,
          error: { code: 'ambiguous_place', message: `"${name}" matches several places.` },
          candidates: r.candidates,
        }),
      );
    else
      out(
        JSON.stringify({
          status: r.status,
          query: name,
          error: { code: 'unknown_place', message: `No airport found for "${name}".` },
          suggestions: r.suggestions,
        }),
      );
    return r.status === 'resolved' ? 0 : 2;
  }
  if (r.status === 'resolved') {
    out(`${name} -> ${line(r.place)}`);
    if (r.alternatives.length)
      out(`  also: ${r.alternatives.map((p) => `${p.code} ${p.name}, ${p.country}`).join('; ')}`);
    return 0;
  }
  if (r.status === 'ambiguous') {
    err(`"${name}" is ambiguous. Candidates:`);
    for (const p of r.candidates) err(`  ${line(p)}`);
    return 2;
  }
  err(`No airport found for "${name}".${r.suggestions.length ? ' Did you mean:' : ''}`);
  for (const p of r.suggestions) err(`  ${line(p)}`);
  return 2;
}
