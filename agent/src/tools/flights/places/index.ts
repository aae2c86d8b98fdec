import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AGENT_ROOT } from '../../../paths.js';
import { ALIASES, AMBIGUOUS_NAMES } from './aliases.js';
import { METROS } from './metros.js';
import { normalizeName, stripAirportWords } from './normalize.js';

export { normalizeName } from './normalize.js';

export interface Place {
  /** IATA code to search with: a metropolitan code (LON), or an airport code (JFK). */
  code: string;
  /** "city" for a city or metropolitan area, "airport" for one airport named or coded directly. */
  kind: 'city' | 'airport';
  /** English display name: "London", "Heathrow Airport". */
  name: string;
  /** City the place belongs to (same as name for cities). */
  cityName: string;
  countryCode: string;
  country: string;
  /** ISO 3166-2 region, "CA-ON". */
  region?: string;
  regionName?: string;
  /** IANA zone of the main airport. */
  timeZone: string;
  /** Airports covered, busiest first. */
  airports: string[];
}

export type ResolveResult =
  | {
      status: 'resolved';
      query: string;
      place: Place;
      alternatives: Place[];
      /**
       * Set when the name is shared by well-known places and the ranking chose this one (the
       * other end of the trip, size, the caller's country): every place it chose among, best
       * first. Say which one was meant ("London, United Kingdom"), so a wrong pick is caught.
       */
      rankedAmong?: Place[];
    }
  | { status: 'ambiguous'; query: string; candidates: Place[] }
  | { status: 'not_found'; query: string; suggestions: Place[] };

/** What ranks places that share a name. */
export interface ResolveContext {
  /** The other end of the trip, when it is known. */
  otherEnd?: Place | undefined;
  /** ISO 3166-1 alpha-2 country of the caller's locale ("en-CA" -> "CA"). */
  localeCountry?: string | undefined;
}

/**
 * Points by which same-named places are ranked; the best is taken when it leads the next by
 * `lead`, otherwise the traveller is asked. Size comes first, so from nowhere in particular
 * "London" is London, United Kingdom; the other end's country (or continent) can bring a smaller
 * place level, so from Toronto the traveller is asked; the caller's country only breaks near ties.
 */
export const RANKING = {
  /** A city with an IATA metropolitan code (LON, NYC, PAR: several airports). */
  metro: 4,
  /** A place with a large airport. */
  major: 2,
  /** A place with medium airports only. */
  minor: 1,
  sameCountry: 2,
  /** In the other end's continent, but another country. */
  sameContinent: 1,
  localeCountry: 0.5,
  /** How far the best must lead the next to be chosen without asking. */
  lead: 1.5,
} as const;

export interface AirportInfo {
  iata: string;
  name: string;
  city: string;
  countryCode: string;
  region: string;
  timeZone: string;
  weight: number;
}

interface AirportsFile {
  airports: [string, string, string, string, string, string, number][];
  countries: Record<string, string>;
  regions: Record<string, string>;
  /** Country -> continent (AF, AN, AS, EU, NA, OC, SA). */
  continents?: Record<string, string>;
}

interface Entry {
  place: Place;
  /** Size (3 per large airport, 1 per medium) plus 10 per curated name line. */
  weight: number;
  /** Size alone: how the ranking of same-named places sees it. */
  size: 'metro' | 'major' | 'minor';
}

/** Country words people say after a city ("London UK", "Paris, Francia"). Folded. */
const COUNTRY_WORDS: Record<string, string> = {
  uk: 'GB',
  'u k': 'GB',
  england: 'GB',
  scotland: 'GB',
  wales: 'GB',
  'great britain': 'GB',
  britain: 'GB',
  'reino unido': 'GB',
  'royaume uni': 'GB',
  angleterre: 'GB',
  inglaterra: 'GB',
  england_: 'GB',
  us: 'US',
  usa: 'US',
  'u s': 'US',
  'u s a': 'US',
  america: 'US',
  'united states': 'US',
  'estados unidos': 'US',
  'etats unis': 'US',
  eeuu: 'US',
  'ee uu': 'US',
  'stati uniti': 'US',
  usa_: 'US',
  canada: 'CA',
  kanada: 'CA',
  'canada ': 'CA',
  australia: 'AU',
  australie: 'AU',
  australien: 'AU',
  spain: 'ES',
  espana: 'ES',
  espagne: 'ES',
  spanien: 'ES',
  france: 'FR',
  francia: 'FR',
  frankreich: 'FR',
  mexico: 'MX',
  mexique: 'MX',
  colombia: 'CO',
  argentina: 'AR',
  chile: 'CL',
  bolivia: 'BO',
  venezuela: 'VE',
  india: 'IN',
  pakistan: 'PK',
  russia: 'RU',
  rusia: 'RU',
  jamaica: 'JM',
  libya: 'LY',
  lebanon: 'LB',
  libano: 'LB',
};

export class PlaceIndex {
  readonly airportCount: number;
  private readonly airports = new Map<string, AirportInfo>();
  private readonly byCode = new Map<string, Entry>();
  private readonly byName = new Map<string, Entry[]>();
  private readonly curated = new Map<string, Set<string>>();
  private readonly ambiguous: Set<string>;
  private readonly countryNames = new Map<string, string>();
  private readonly continents = new Map<string, string>();
  private sortedNames: string[] | undefined;

  constructor(data: AirportsFile) {
    for (const [cc, continent] of Object.entries(data.continents ?? {}))
      this.continents.set(cc, continent);
    this.ambiguous = new Set(AMBIGUOUS_NAMES.map(normalizeName));
    for (const [code, name] of Object.entries(data.countries))
      this.countryNames.set(normalizeName(name), code);
    for (const [iata, name, city, countryCode, region, timeZone, weight] of data.airports) {
      this.airports.set(iata, { iata, name, city, countryCode, region, timeZone, weight });
    }
    this.airportCount = this.airports.size;
    const country = (cc: string): string => data.countries[cc] ?? cc;
    const regionName = (r: string): string | undefined => data.regions[r];

    // Airports, reachable by code and by their own name ("Heathrow").
    const airportEntries = new Map<string, Entry>();
    for (const a of this.airports.values()) {
      const place: Place = {
        code: a.iata,
        kind: 'airport',
        name: a.name,
        cityName: a.city,
        countryCode: a.countryCode,
        country: country(a.countryCode),
        region: a.region,
        timeZone: a.timeZone,
        airports: [a.iata],
      };
      const rn = regionName(a.region);
      if (rn) place.regionName = rn;
      const entry: Entry = { place, weight: a.weight, size: a.weight >= 3 ? 'major' : 'minor' };
      airportEntries.set(a.iata, entry);
      this.byCode.set(a.iata, entry);
      const n = normalizeName(a.name);
      this.addName(n, entry);
      const stripped = stripAirportWords(n);
      if (stripped && stripped !== n) this.addName(stripped, entry);
    }

    // Metropolitan areas win the code over a same-coded airport (SHA, BKK, IST…).
    const inMetro = new Set<string>();
    for (const m of METROS) {
      const airports = m.airports.filter((c) => this.airports.has(c));
      const main = airports[0] ? this.airports.get(airports[0]) : undefined;
      if (!main) continue;
      for (const c of airports) inMetro.add(c);
      const place: Place = {
        code: m.code,
        kind: 'city',
        name: m.name,
        cityName: m.name,
        countryCode: m.country,
        country: country(m.country),
        timeZone: main.timeZone,
        airports,
      };
      const entry: Entry = {
        place,
        weight: airports.reduce((s, c) => s + (this.airports.get(c)?.weight ?? 0), 0) + 10,
        size: 'metro',
      };
      this.byCode.set(m.code, entry);
      this.addName(normalizeName(m.name), entry);
    }

    // Cities from the municipality column, one per (municipality, region).
    const groups = new Map<string, AirportInfo[]>();
    for (const a of this.airports.values()) {
      if (inMetro.has(a.iata)) {
        // "Narita", "Newark": the municipality names the airport, not the metro.
        const entry = airportEntries.get(a.iata);
        if (entry) this.addName(normalizeName(a.city), entry);
        continue;
      }
      const key = `${a.city}|${a.region}`;
      let g = groups.get(key);
      if (!g) groups.set(key, (g = []));
      g.push(a);
    }
    for (const g of groups.values()) {
      g.sort((x, y) => y.weight - x.weight || x.iata.localeCompare(y.iata));
      const main = g[0];
      if (!main) continue;
      const place: Place = {
        code: main.iata,
        kind: 'city',
        name: main.city,
        cityName: main.city,
        countryCode: main.countryCode,
        country: country(main.countryCode),
        region: main.region,
        timeZone: main.timeZone,
        airports: g.map((a) => a.iata),
      };
      const rn = regionName(main.region);
      if (rn) place.regionName = rn;
      const entry: Entry = {
        place,
        weight: g.reduce((s, a) => s + a.weight, 0),
        size: g.some((a) => a.weight >= 3) ? 'major' : 'minor',
      };
      this.addName(normalizeName(main.city), entry);
      // A city with one airport is searched by that airport code; "MAD" the city and
      // "MAD" the airport are then the same place.
      if (!this.byCode.has(main.iata) || this.byCode.get(main.iata)?.place.kind === 'airport') {
        if (g.length === 1) this.cityForAirport.set(main.iata, entry);
      }
    }

    // Curated multilingual names.
    for (const line of ALIASES.split('\n')) {
      const sep = line.indexOf(':');
      if (sep !== 3) continue;
      const code = line.slice(0, 3);
      const entry = this.cityForAirport.get(code) ?? this.byCode.get(code);
      if (!entry) {
        this.unknownAliasCodes.push(code);
        continue;
      }
      entry.weight += 10;
      for (const alias of line.slice(4).split('|')) {
        const n = normalizeName(alias);
        if (!n) continue;
        this.addName(n, entry);
        let set = this.curated.get(n);
        if (!set) this.curated.set(n, (set = new Set()));
        set.add(key(entry.place));
      }
    }
  }

  private readonly cityForAirport = new Map<string, Entry>();
  /** Alias lines whose code is in neither the airport table nor metros.ts (a test keeps this empty). */
  readonly unknownAliasCodes: string[] = [];

  private addName(n: string, entry: Entry): void {
    if (!n) return;
    const list = this.byName.get(n);
    if (!list) this.byName.set(n, [entry]);
    else if (!list.includes(entry)) list.push(entry);
  }

  /** Airport facts by IATA code (time zone, city), or undefined. */
  airport(iata: string): AirportInfo | undefined {
    return this.airports.get(iata.toUpperCase());
  }

  /** A place by IATA city or airport code. */
  byIata(code: string): Place | undefined {
    const c = code.toUpperCase();
    return (this.cityForAirport.get(c) ?? this.byCode.get(c))?.place;
  }

  /** Number of distinct folded names in the index. */
  get nameCount(): number {
    return this.byName.size;
  }

  /** All folded names, for benchmarks and suggestions. */
  names(): string[] {
    return (this.sortedNames ??= [...this.byName.keys()].sort());
  }

  /** The continent a country is on (AF, AN, AS, EU, NA, OC, SA), if known. */
  continent(countryCode: string): string | undefined {
    return this.continents.get(countryCode);
  }

  /**
   * A place name or code in any language. A name several well-known places share is ranked with
   * `ctx` (see {@link RANKING}): resolved when one clearly leads, else the candidates to ask about.
   */
  resolve(input: string, ctx: ResolveContext = {}): ResolveResult {
    const query = input.trim();
    if (!query) return { status: 'not_found', query, suggestions: [] };
    if (/^[A-Z]{3}$/.test(query)) {
      const place = this.byIata(query);
      if (place) return { status: 'resolved', query, place, alternatives: [] };
    }
    const n = normalizeName(query);
    let found = this.lookup(n);
    if (found.length === 0) found = this.lookupWithHint(query);
    if (found.length === 0 && /^[a-z]{3}$/.test(n)) {
      const place = this.byIata(n);
      if (place) return { status: 'resolved', query, place, alternatives: [] };
    }
    if (found.length === 0) {
      const stripped = stripAirportWords(n);
      if (stripped && stripped !== n) found = this.lookup(stripped);
    }
    if (found.length === 0) return { status: 'not_found', query, suggestions: this.suggest(n) };
    return this.decide(query, n, found, ctx);
  }

  private lookup(n: string): Entry[] {
    return dedupe(this.byName.get(n) ?? []);
  }

  /** "London, Ontario", "London (UK)", "Portland Oregon", "Paris France". */
  private lookupWithHint(query: string): Entry[] {
    const m = /^(.+?)\s*(?:,|\(|\s-\s)\s*([^)]+)\)?\s*$/.exec(query);
    const tries: [string, string][] = [];
    if (m?.[1] && m[2]) tries.push([normalizeName(m[1]), normalizeName(m[2])]);
    const words = normalizeName(query).split(' ');
    for (let i = words.length - 1; i >= 1; i--)
      tries.push([words.slice(0, i).join(' '), words.slice(i).join(' ')]);
    for (const [name, hint] of tries) {
      const list = this.byName.get(name);
      if (!list) continue;
      const matching = list.filter((e) => this.matchesHint(e.place, hint));
      if (matching.length > 0) return dedupe(matching);
    }
    return [];
  }

  private matchesHint(p: Place, hint: string): boolean {
    if (!hint) return false;
    const cc = p.countryCode.toLowerCase();
    if (
      hint === cc ||
      COUNTRY_WORDS[hint] === p.countryCode ||
      this.countryNames.get(hint) === p.countryCode
    )
      return true;
    const regionNames = p.airports.map((c) => this.airports.get(c)).filter((a) => a !== undefined);
    for (const a of regionNames) {
      const sub = a.region.split('-')[1]?.toLowerCase();
      if (sub && hint === sub) return true;
      const rn = p.regionName ?? (p.region ? undefined : undefined);
      if (rn && normalizeName(rn) === hint) return true;
    }
    if (p.regionName && normalizeName(p.regionName) === hint) return true;
    return false;
  }

  private decide(query: string, n: string, found: Entry[], ctx: ResolveContext): ResolveResult {
    const sorted = [...found].sort((a, b) => b.weight - a.weight);
    const places = sorted.map((e) => e.place);
    const [top, second] = sorted;
    if (!top) return { status: 'not_found', query, suggestions: [] };
    if (!second) return { status: 'resolved', query, place: top.place, alternatives: [] };
    if (!this.ambiguous.has(n)) {
      const curated = this.curated.get(n);
      const curatedHits = curated ? sorted.filter((e) => curated.has(key(e.place))) : [];
      const pick =
        curatedHits.length === 1
          ? curatedHits[0]
          : top.weight >= 3 * second.weight
            ? top
            : undefined;
      if (pick)
        return {
          status: 'resolved',
          query,
          place: pick.place,
          alternatives: places.filter((p) => p !== pick.place).slice(0, 4),
        };
    }
    // Well-known places share the name: rank them by size and by where the trip goes.
    const ranked = sorted
      .map((e) => ({ place: e.place, score: this.score(e, ctx) }))
      .sort((a, b) => b.score - a.score);
    const [best, next] = ranked;
    const among = ranked.map((r) => r.place);
    if (best && next && best.score - next.score >= RANKING.lead)
      return {
        status: 'resolved',
        query,
        place: best.place,
        alternatives: among.slice(1, 5),
        rankedAmong: among.slice(0, 5),
      };
    return { status: 'ambiguous', query, candidates: among.slice(0, 5) };
  }

  private score(e: Entry, ctx: ResolveContext): number {
    let score = RANKING[e.size];
    const cc = e.place.countryCode;
    const other = ctx.otherEnd;
    if (other) {
      const continent = this.continents.get(cc);
      if (cc === other.countryCode) score += RANKING.sameCountry;
      else if (continent && continent === this.continents.get(other.countryCode))
        score += RANKING.sameContinent;
    }
    if (ctx.localeCountry && ctx.localeCountry.toUpperCase() === cc) score += RANKING.localeCountry;
    return score;
  }

  private suggest(n: string): Place[] {
    if (n.length < 3) return [];
    const prefix = n.slice(0, Math.min(4, n.length));
    const names = this.names();
    let lo = 0;
    let hi = names.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((names[mid] ?? '') < prefix) lo = mid + 1;
      else hi = mid;
    }
    const out: Entry[] = [];
    for (let i = lo; i < names.length && out.length < 5; i++) {
      const name = names[i];
      if (!name?.startsWith(prefix)) break;
      for (const e of this.byName.get(name) ?? []) if (!out.includes(e)) out.push(e);
    }
    return dedupe(out)
      .sort((a, b) => b.weight - a.weight)
      .slice(0, 5)
      .map((e) => e.place);
  }
}

function key(p: Place): string {
  return `${p.kind}:${p.code}`;
}

/** Drops an airport when a city in the same list already covers it ("Dubai" city and DXB airport). */
function dedupe(entries: Entry[]): Entry[] {
  const unique = [...new Set(entries)];
  const covered = new Set<string>();
  for (const e of unique)
    if (e.place.kind === 'city') for (const a of e.place.airports) covered.add(a);
  return unique.filter((e) => e.place.kind === 'city' || !covered.has(e.place.code));
}

let shared: PlaceIndex | undefined;

/** The process-wide index, built on first use from agent/data/airports.json (~20 ms). */
export function getPlaceIndex(): PlaceIndex {
  if (!shared) {
    const file = join(AGENT_ROOT, 'data', 'airports.json');
    shared = new PlaceIndex(JSON.parse(readFileSync(file, 'utf8')) as AirportsFile);
  }
  return shared;
}

export function resolvePlace(input: string, ctx?: ResolveContext): ResolveResult {
  return getPlaceIndex().resolve(input, ctx);
}

/** The country of a BCP-47 locale ("en-CA" -> "CA"; "es-419" and "fr" have none). */
export function localeCountry(tag: string | undefined): string | undefined {
  if (!tag) return undefined;
  try {
    const region = new Intl.Locale(tag).region;
    return region && /^[A-Z]{2}$/.test(region) ? region : undefined;
  } catch {
    return undefined;
  }
}
