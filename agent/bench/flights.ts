/**
 * Flight-search benchmark. Prints figures; asserts nothing.
 *
 *   npm run bench:flights
 *
 * - place resolution latency (p50/p99) over the 1,000 busiest names: the curated
 *   multilingual aliases first, then city names of large airports;
 * - chain overhead: the Duffel provider alone vs the chain uncached vs a cache hit,
 *   all against the in-process Duffel protocol fake;
 * - heap held by the place index.
 */
import { readFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { startDuffelFake } from '../../test/fakes/duffel.js';
import { FlightSearchChain } from '../src/tools/flights/chain.js';
import { ALIASES } from '../src/tools/flights/places/aliases.js';
import { PlaceIndex } from '../src/tools/flights/places/index.js';
import { DuffelProvider } from '../src/tools/flights/providers/duffel.js';
import type { FlightQuery } from '../src/tools/flights/types.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}
const fmt = (ms: number): string =>
  ms < 1 ? `${(ms * 1000).toFixed(1)} µs` : `${ms.toFixed(2)} ms`;

// Heap held by the place data.
const file = new URL('../data/airports.json', import.meta.url);
gc();
const heapBefore = process.memoryUsage().heapUsed;
const t0 = performance.now();
const index = new PlaceIndex(JSON.parse(readFileSync(file, 'utf8')));
const buildMs = performance.now() - t0;
gc();
const heapAfter = process.memoryUsage().heapUsed;

// The 1,000 busiest names.
const names: string[] = [];
for (const line of ALIASES.split('\n'))
  if (line[3] === ':') names.push(...line.slice(4).split('|'));
const data = JSON.parse(readFileSync(file, 'utf8')) as {
  airports: [string, string, string, string, string, string, number][];
};
for (const a of data.airports) if (a[6] === 3) names.push(a[2]);
const busiest = [...new Set(names)].slice(0, 1000);

for (const n of busiest) index.resolve(n); // warm-up
const samples: number[] = [];
let resolved = 0;
for (let round = 0; round < 20; round++) {
  for (const n of busiest) {
    const s = performance.now();
    const r = index.resolve(n);
    samples.push(performance.now() - s);
    if (round === 0 && r.status !== 'not_found') resolved++;
  }
}
samples.sort((a, b) => a - b);

console.log('# place resolution');
console.log(
  `airports ${index.airportCount}, distinct names ${index.nameCount}, index build ${buildMs.toFixed(1)} ms`,
);
console.log(
  `heap held by the place index: ${((heapAfter - heapBefore) / 1024 / 1024).toFixed(1)} MiB (airports.json on disk: ${(readFileSync(file).length / 1024).toFixed(0)} KiB)`,
);
console.log(
  `${busiest.length} busiest names (${resolved} found), ${samples.length} lookups: p50 ${fmt(pct(samples, 50))}, p99 ${fmt(pct(samples, 99))}, max ${fmt(samples.at(-1) ?? NaN)}`,
);

// Chain overhead against the in-process Duffel fake.
const fake = await startDuffelFake({ token: 'bench' });
const provider = new DuffelProvider({ accessToken: 'bench', baseUrl: fake.url });
const query: FlightQuery = {
  origin: 'LON',
  destination: 'NYC',
  originAirports: ['LHR'],
  destinationAirports: ['JFK'],
  departureDate: '2026-12-10',
  passengers: { adults: 1, children: 0, infants: 0 },
  cabin: 'economy',
  nonstop: false,
  currency: 'EUR',
  maxResults: 20,
};
const N = 200;
async function time(label: string, fn: (i: number) => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 20; i++) await fn(i);
  const t: number[] = [];
  for (let i = 0; i < N; i++) {
    const s = performance.now();
    await fn(i);
    t.push(performance.now() - s);
  }
  t.sort((a, b) => a - b);
  console.log(
    `${label.padEnd(34)} p50 ${fmt(pct(t, 50)).padStart(10)}  p99 ${fmt(pct(t, 99)).padStart(10)}`,
  );
  return pct(t, 50);
}
console.log(`\n# search overhead (Duffel fake in-process, ${N} sequential searches each)`);
const signal = new AbortController().signal;
const base = await time('provider alone (baseline)', () => provider.search(query, signal));
const uncachedChain = new FlightSearchChain({ providers: [provider], cacheTtlMs: 0 });
const uncached = await time('chain, uncached', () => uncachedChain.search(query));
const cachedChain = new FlightSearchChain({ providers: [provider] });
await cachedChain.search(query);
const cached = await time('chain, cache hit', () => cachedChain.search(query));
console.log(
  `ratios vs baseline: uncached ${(uncached / base).toFixed(2)}x, cache hit ${(cached / base).toFixed(4)}x`,
);
await fake.close();
