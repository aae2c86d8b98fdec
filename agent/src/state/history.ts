/**
 * The console's history: one small entry per session (no transcript), kept in memory for
 * `POLYGLOT_HISTORY_TTL_HOURS` after the session ended, longer than the transcripts
 * (`POLYGLOT_STATE_TTL_MS`), and the analytics over it. Per process, lost on restart: there is no
 * database (docs/console.md § History).
 */
import type { HistoryAnalytics, HistoryEntry } from '../../../sdk/src/protocol/console.js';
import type { HandoffReason } from '../../../sdk/src/protocol/messages.js';

const HOUR_MS = 3_600_000;

export interface SessionHistoryOptions {
  ttlMs: number;
  /** Most ended entries kept; beyond it the oldest go (an entry is ~0.5 KB). */
  maxEntries: number;
  now?: () => number;
}

export class SessionHistory {
  /** Ended sessions, oldest ending first (insertion order). */
  #ended = new Map<string, HistoryEntry>();
  #opts: SessionHistoryOptions;
  #now: () => number;
  readonly since: number;

  constructor(opts: SessionHistoryOptions) {
    this.#opts = opts;
    this.#now = opts.now ?? Date.now;
    this.since = this.#now();
  }

  get ttlMs(): number {
    return this.#opts.ttlMs;
  }

  add(e: HistoryEntry): void {
    this.sweep();
    this.#ended.set(e.id, e);
    for (const id of this.#ended.keys()) {
      if (this.#ended.size <= this.#opts.maxEntries) break;
      this.#ended.delete(id);
    }
  }

  /** Ended entries within the window, oldest ending first. */
  ended(): HistoryEntry[] {
    this.sweep();
    return [...this.#ended.values()];
  }

  sweep(): void {
    const cutoff = this.#now() - this.#opts.ttlMs;
    for (const [id, e] of this.#ended) {
      if ((e.endedAt ?? Infinity) > cutoff) break; // the rest ended later
      this.#ended.delete(id);
    }
  }
}

/** The figures the console's history tab shows, over `entries`. */
export function analyse(
  entries: readonly HistoryEntry[],
  window: { now: number; windowMs: number; since: number },
): HistoryAnalytics {
  const { now, windowMs } = window;
  const firstHour = floorHour(Math.max(now - windowMs, window.since));
  const perHour = new Map<number, number>();
  for (let h = firstHour; h <= floorHour(now); h += HOUR_MS) perHour.set(h, 0);
  const languages = new Map<string, number>();
  const reasons = new Map<HandoffReason, number>();
  let handedOff = 0;
  let succeeded = 0;
  let failed = 0;
  const v2v: number[] = [];
  for (const e of entries) {
    const h = floorHour(e.startedAt);
    perHour.set(h, (perHour.get(h) ?? 0) + 1);
    for (const l of e.languages) languages.set(l, (languages.get(l) ?? 0) + 1);
    if (e.handoffs.length) handedOff++;
    for (const r of e.handoffs) reasons.set(r, (reasons.get(r) ?? 0) + 1);
    succeeded += e.flightSearches.succeeded;
    failed += e.flightSearches.failed;
    v2v.push(...e.voiceToVoiceMs);
  }
  v2v.sort((a, b) => a - b);
  const n = entries.length;
  return {
    now,
    windowMs,
    since: window.since,
    sessions: n,
    perHour: [...perHour].sort(([a], [b]) => a - b).map(([hour, sessions]) => ({ hour, sessions })),
    languages: mostFirst(languages).map(([lang, sessions]) => ({ lang, sessions })),
    handoffs: {
      sessions: handedOff,
      rate: n ? handedOff / n : null,
      reasons: mostFirst(reasons).map(([reason, count]) => ({ reason, count })),
    },
    flightSearches: {
      succeeded,
      failed,
      successRate: succeeded + failed ? succeeded / (succeeded + failed) : null,
    },
    voiceToVoice: { turns: v2v.length, p50Ms: quantile(v2v, 0.5), p95Ms: quantile(v2v, 0.95) },
  };
}

/** The q-quantile of sorted values (nearest rank), rounded to the ms; null when empty. */
export function quantile(sorted: readonly number[], q: number): number | null {
  if (!sorted.length) return null;
  return Math.round(sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!);
}

function floorHour(t: number): number {
  return t - (t % HOUR_MS);
}

function mostFirst<K>(m: Map<K, number>): [K, number][] {
  return [...m].sort((a, b) => b[1] - a[1]);
}

export const CSV_COLUMNS = [
  'id',
  'partner',
  'runtime',
  'started_at',
  'ended_at',
  'end_reason',
  'languages',
  'turns',
  'handoffs',
  'flight_searches_succeeded',
  'flight_searches_failed',
  'voice_to_voice_turns',
  'voice_to_voice_p50_ms',
  'voice_to_voice_max_ms',
  'mood',
] as const;

/** The history as CSV (RFC 4180, CRLF line ends), one row per session. */
export function toCsv(entries: readonly HistoryEntry[]): string {
  const rows = [CSV_COLUMNS.join(',')];
  for (const e of entries) {
    const v2v = [...e.voiceToVoiceMs].sort((a, b) => a - b);
    rows.push(
      [
        e.id,
        e.partner,
        e.runtime,
        new Date(e.startedAt).toISOString(),
        e.endedAt === undefined ? '' : new Date(e.endedAt).toISOString(),
        e.endReason ?? '',
        e.languages.join(' '),
        e.turns,
        e.handoffs.join(' '),
        e.flightSearches.succeeded,
        e.flightSearches.failed,
        v2v.length,
        quantile(v2v, 0.5) ?? '',
        v2v.length ? Math.round(v2v.at(-1)!) : '',
        e.mood ?? '',
      ]
        .map(csvCell)
        .join(','),
    );
  }
  return rows.join('\r\n') + '\r\n';
}

/**
 * One CSV field. A text that a spreadsheet would read as a formula (starting with `=`, `+`, `-`,
 * `@`, a tab or a carriage return) gets a leading `'` (OWASP's advice on CSV injection); a field
 * holding a quote, comma or line break is quoted, its quotes doubled. Numbers are written as they
 * are.
 */
export function csvCell(v: string | number): string {
  if (typeof v === 'number') return String(v);
  let s = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  if (/[",\r\n]/.test(s)) s = `"${s.replace(/"/g, '""')}"`;
  return s;
}
