/**
 * Our Prometheus figures as CloudWatch embedded metric format (EMF) log lines, which the alarms
 * in `infra/` read (docs/operations.md § Alarms).
 *
 * Why here and not the CloudWatch agent: the agent's Prometheus scraper drops histograms, and
 * voice-to-voice is one. So the process reads its own `/metrics` (the same text a Prometheus
 * server would scrape, for `serve` and for the worker alike) once a minute and logs one JSON line
 * with an `_aws` directive; the ECS log driver ships it to CloudWatch Logs, which turns the named
 * fields into metrics. Counters become the increase since the previous line. p95 voice-to-voice
 * is judged from the histogram's buckets: "p95 over the budget" is the same statement as "more
 * than 5% of turns slower than the budget", and that share adds up over any period, where a
 * quantile per minute would not. The budget must therefore be one of the buckets' bounds.
 *
 * Nothing here imports the agents framework: `infra/` imports these names to build its alarms.
 */
import { BUCKETS } from './latency.js';

export const EMF_NAMESPACE = 'Polyglot';
/** The one dimension: `serve` or `worker` (POLYGLOT_EMF_SERVICE). */
export const EMF_DIMENSION = 'Service';
export const EMF_METRICS = {
  /** Gauge: sessions holding a slot at the scrape. */
  sessionsActive: 'SessionsActive',
  /** Sessions admitted since the previous line. */
  sessionsStarted: 'SessionsStarted',
  /** Sessions refused at the process's cap since the previous line. */
  sessionsRejected: 'SessionsRejected',
  /** Session threads that died and were replaced since the previous line (`serve` only). */
  threadRestarts: 'SessionThreadRestarts',
  /** Turns with a voice-to-voice figure since the previous line. */
  voiceToVoiceTurns: 'VoiceToVoiceTurns',
  /** Of those, turns slower than the budget (POLYGLOT_VOICE_TO_VOICE_BUDGET_MS). */
  voiceToVoiceSlowTurns: 'VoiceToVoiceSlowTurns',
} as const;

/** Budgets the histogram can judge exactly: its bucket bounds, in ms. */
export const VOICE_TO_VOICE_BUDGETS_MS: readonly number[] = BUCKETS.map((s) =>
  Math.round(s * 1000),
);

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Prometheus text exposition (the subset our `/metrics` writes: no timestamps, no escapes). */
export function parsePrometheus(text: string): Sample[] {
  const out: Sample[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{([^}]*)\})?\s+(\S+)$/.exec(line);
    if (!m) continue;
    const labels: Record<string, string> = {};
    for (const pair of (m[2] ?? '').split(',')) {
      const eq = pair.indexOf('=');
      if (eq > 0)
        labels[pair.slice(0, eq).trim()] = pair
          .slice(eq + 1)
          .trim()
          .replace(/^"|"$/g, '');
    }
    const value = Number(m[3]);
    if (!Number.isNaN(value)) out.push({ name: m[1]!, labels, value });
  }
  return out;
}

interface Totals {
  sessionsStarted: number;
  sessionsRejected: number;
  threadRestarts: number;
  voiceToVoiceTurns: number;
  voiceToVoiceWithinBudget: number;
}

const ZERO: Totals = {
  sessionsStarted: 0,
  sessionsRejected: 0,
  threadRestarts: 0,
  voiceToVoiceTurns: 0,
  voiceToVoiceWithinBudget: 0,
};

/**
 * Turns successive `/metrics` texts into EMF records. It starts from zero, as the process's
 * counters do, so the first record counts everything since the process started.
 */
export class EmfFigures {
  #prev: Totals = ZERO;
  readonly #le: string;

  constructor(
    readonly service: string,
    readonly voiceToVoiceBudgetMs: number,
  ) {
    if (!VOICE_TO_VOICE_BUDGETS_MS.includes(voiceToVoiceBudgetMs)) {
      throw new RangeError(
        `voice-to-voice budget ${voiceToVoiceBudgetMs} ms is not a histogram bound (${VOICE_TO_VOICE_BUDGETS_MS.join(', ')})`,
      );
    }
    this.#le = String(voiceToVoiceBudgetMs / 1000);
  }

  next(metricsText: string, nowMs: number): Record<string, unknown> {
    const samples = parsePrometheus(metricsText);
    const sum = (pred: (s: Sample) => boolean) =>
      samples.filter(pred).reduce((a, s) => a + s.value, 0);
    const v2v = (s: Sample) => s.labels.stage === 'voice_to_voice';
    const cur: Totals = {
      sessionsStarted: sum((s) => s.name === 'polyglot_sessions_total'),
      sessionsRejected: sum((s) => s.name === 'polyglot_sessions_rejected_total'),
      threadRestarts: sum((s) => s.name === 'polyglot_thread_restarts_total'),
      voiceToVoiceTurns: sum((s) => s.name === 'polyglot_turn_latency_seconds_count' && v2v(s)),
      voiceToVoiceWithinBudget: sum(
        (s) =>
          s.name === 'polyglot_turn_latency_seconds_bucket' && v2v(s) && s.labels.le === this.#le,
      ),
    };
    // A counter below its previous value means it restarted: count it from zero.
    const delta = (k: keyof Totals) => (cur[k] >= this.#prev[k] ? cur[k] - this.#prev[k] : cur[k]);
    const turns = delta('voiceToVoiceTurns');
    const record = {
      _aws: {
        Timestamp: nowMs,
        CloudWatchMetrics: [
          {
            Namespace: EMF_NAMESPACE,
            Dimensions: [[EMF_DIMENSION]],
            Metrics: Object.values(EMF_METRICS).map((Name) => ({ Name, Unit: 'Count' })),
          },
        ],
      },
      [EMF_DIMENSION]: this.service,
      [EMF_METRICS.sessionsActive]: sum((s) => s.name === 'polyglot_sessions_active'),
      [EMF_METRICS.sessionsStarted]: delta('sessionsStarted'),
      [EMF_METRICS.sessionsRejected]: delta('sessionsRejected'),
      [EMF_METRICS.threadRestarts]: delta('threadRestarts'),
      [EMF_METRICS.voiceToVoiceTurns]: turns,
      [EMF_METRICS.voiceToVoiceSlowTurns]: Math.max(0, turns - delta('voiceToVoiceWithinBudget')),
    };
    this.#prev = cur;
    return record;
  }
}

export interface EmfReporterOptions {
  /** This process's own `/metrics` (loopback). */
  url: string;
  service: string;
  voiceToVoiceBudgetMs: number;
  /** One line per interval; CloudWatch's alarms here read 1-minute periods. */
  intervalMs?: number;
  /** Writes the record as one JSON log line (pino puts its fields at the root, as EMF wants). */
  write: (record: Record<string, unknown>) => void;
  onError: (err: unknown) => void;
  fetch?: typeof fetch;
}

/** Reads `/metrics` every interval and writes an EMF record; `stop()` ends it. */
export function startEmfReporter(opts: EmfReporterOptions): { stop(): void } {
  const figures = new EmfFigures(opts.service, opts.voiceToVoiceBudgetMs);
  const get = opts.fetch ?? fetch;
  const tick = async () => {
    try {
      const res = await get(opts.url, { signal: AbortSignal.timeout(5_000) });
      if (!res.ok) throw new Error(`GET ${opts.url}: ${res.status}`);
      opts.write(figures.next(await res.text(), Date.now()));
    } catch (err) {
      opts.onError(err);
    }
  };
  const timer = setInterval(() => void tick(), opts.intervalMs ?? 60_000);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
