/** The benchmark's arithmetic: percentiles, rounding, and how much of the CPU the machine had. */
import { readFileSync } from 'node:fs';
import type { LatencySummary } from '../../agent/src/observability/latency.js';

/** The nearest-rank percentile `p` of `xs` (NaN when there are none). */
export const pct = (xs: number[], p: number) => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};

/** One decimal: what every figure is printed with. */
export const r1 = (x: number) => Math.round(x * 10) / 10;

/** The server's per-stage latencies (its /healthz), as `stage p50/p95` pairs. */
export const stages = (latency: LatencySummary | undefined) =>
  Object.entries(latency?.stages ?? {})
    .map(([k, q]) => `${k} ${q.p50Ms}/${q.p95Ms}`)
    .join(', ');

/**
 * The machine's CPU time from /proc/stat (all cores, in clock ticks): `busy` is time spent
 * running something, on any core; `steal` is time the
 * hypervisor gave this VM's virtual CPUs to someone else. This VM's speed moves from run to run;
 * the share stolen during a measurement says whether a slow figure was the machine.
 */
export function machineCpu(): { steal: number; total: number; busy: number } {
  const f = readFileSync('/proc/stat', 'utf8')
    .split('\n')[0]!
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  // user nice system idle iowait irq softirq steal (guest time is already inside user and nice)
  const total = f.slice(0, 8).reduce((a, b) => a + b, 0);
  // busy: neither idle nor waiting for I/O, nor stolen.
  const busy = total - (f[3] ?? 0) - (f[4] ?? 0) - (f[7] ?? 0);
  return { steal: f[7] ?? 0, total, busy };
}

/** Percent of the machine's CPU time stolen since `from` (a `machineCpu()` reading). */
export const stolenPct = (from: ReturnType<typeof machineCpu>) => {
  const to = machineCpu();
  return to.total > from.total
    ? r1(((to.steal - from.steal) / (to.total - from.total)) * 100)
    : NaN;
};
