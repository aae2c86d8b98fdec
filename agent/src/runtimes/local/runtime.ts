/**
 * Hosts local sessions: admission (a session cap), bookkeeping and metrics, on the main thread.
 * The conversations themselves run either here or, with session threads, on a {@link ShardPool}.
 */
import type { Logger } from 'pino';
import type { WebSocket } from 'ws';
import { CloseCode } from '../../../../sdk/src/protocol/messages.js';
import type { Config } from '../../config.js';
import { buildPipeline } from '../../providers/index.js';
import { LatencyMetrics } from '../../observability/latency.js';
import { sessionMetrics } from '../../observability/session-metrics.js';
import { verifyToken } from '../../server/tokens.js';
import { SessionStore } from '../../state/session-store.js';
import type { FlightSearch } from '../../tools/flights/types.js';
import { flightToolsFor } from '../tool-events.js';
import { LocalSession, type LocalSessionDeps } from './session.js';
import { ShardPool, type ShardStats } from './shards.js';

export interface LocalRuntimeOptions {
  config: Config;
  logger: Logger;
  /** Overrides for tests (e.g. a scripted tool set); they keep sessions on this thread. */
  deps?: Partial<LocalSessionDeps>;
  /** The flight chain every session's tools search with, on whichever thread it runs. */
  flights?: FlightSearch;
  /** Shared with the LiveKit worker when both run in one process. */
  latency?: LatencyMetrics;
  store?: SessionStore;
  /** Session threads' entry module (tests only). */
  shardEntry?: URL;
}

/**
 * What every local session needs from configuration, on whichever thread it runs: token checks,
 * its own provider pipeline, the partner list and (given a flight chain) the flight tools.
 */
export function sessionDeps(
  config: Config,
  logger: Logger,
  flights: FlightSearch | undefined,
): Omit<LocalSessionDeps, 'onClosed'> {
  return {
    verifyToken: (t) => verifyToken(config.sessionSecret, t),
    buildPipeline: (lang) => buildPipeline(config, { language: lang }),
    partner: (key) => config.partners.get(key),
    idleTimeoutMs: config.idleTimeoutMs,
    logger,
    ...(flights && { buildTools: flightToolsFor(flights, logger) }),
  };
}

export class LocalRuntime {
  /** Sessions on this thread (without session threads). */
  #sessions = new Set<LocalSession>();
  #pool: ShardPool | undefined;
  #active = 0;
  #opts: LocalRuntimeOptions;
  #total = 0;
  #rejected = 0;
  readonly latency: LatencyMetrics;
  readonly store: SessionStore;

  constructor(opts: LocalRuntimeOptions) {
    this.#opts = opts;
    this.latency = opts.latency ?? new LatencyMetrics();
    this.store =
      opts.store ??
      new SessionStore({ ttlMs: opts.config.stateTtlMs, maxBytes: opts.config.stateMaxBytes });
    if (opts.config.sessionThreads > 0 && !opts.deps) {
      this.#pool = new ShardPool({
        threads: opts.config.sessionThreads,
        config: opts.config,
        logger: opts.logger,
        latency: this.latency,
        store: this.store,
        ...(opts.flights && { flights: opts.flights }),
        ...(opts.shardEntry && { entry: opts.shardEntry }),
      });
    }
  }

  /** Resolves once every session thread can take sessions (at once without threads). */
  async ready(): Promise<void> {
    await this.#pool?.ready();
  }

  get activeSessions(): number {
    return this.#active;
  }

  /** Per session thread: its sessions and event loop (empty without threads). */
  shards(): ShardStats[] {
    return this.#pool?.stats() ?? [];
  }

  accept(ws: WebSocket, origin: string | null = null): void {
    const { config, logger } = this.#opts;
    if (this.#active >= config.maxSessions) {
      this.#rejected++;
      ws.send(
        JSON.stringify({
          type: 'error',
          code: 'session_limit',
          message: 'The assistant is at capacity; please try again in a minute.',
          fatal: true,
        }),
      );
      ws.close(CloseCode.sessionLimit, 'session_limit');
      return;
    }
    this.#total++;
    this.#active++;
    let ended = false;
    const onEnded = () => {
      if (ended) return;
      ended = true;
      this.#active--;
    };
    if (this.#pool) {
      this.#pool.open(ws, origin, onEnded);
      return;
    }
    const session = new LocalSession(ws, {
      ...sessionDeps(config, logger, this.#opts.flights),
      origin,
      onMetrics: (m) => this.latency.observe(m),
      store: this.store,
      ...this.#opts.deps,
      onClosed: (s) => {
        this.#sessions.delete(s);
        onEnded();
      },
    });
    this.#sessions.add(session);
  }

  async closeAll(): Promise<void> {
    await Promise.all([
      ...[...this.#sessions].map((s) => s.close('server shutting down')),
      this.#pool?.close(),
    ]);
  }

  metrics(): string {
    const counts = { active: this.#active, total: this.#total, rejected: this.#rejected };
    return [...sessionMetrics(counts, this.store, this.latency), ...this.#shardMetrics()].join(
      '\n',
    );
  }

  #shardMetrics(): string[] {
    const shards = this.shards();
    if (shards.length === 0) return [];
    const each = (name: string, help: string, type: string, value: (s: ShardStats) => unknown) => [
      `# HELP ${name} ${help}`,
      `# TYPE ${name} ${type}`,
      ...shards
        .filter((s) => value(s) !== null && value(s) !== undefined)
        .map((s) => `${name}{thread="${s.index}"} ${value(s)}`),
    ];
    return [
      ...each(
        'polyglot_thread_sessions',
        'Sessions on each session thread.',
        'gauge',
        (s) => s.sessions,
      ),
      ...each(
        'polyglot_thread_event_loop_utilization',
        "Share of the last window each session thread's event loop was busy.",
        'gauge',
        (s) => s.eventLoop?.utilization,
      ),
      ...each(
        'polyglot_thread_event_loop_delay_p99_seconds',
        "Each session thread's event-loop delay p99 over the last window.",
        'gauge',
        (s) => (s.eventLoop?.delayP99Ms == null ? null : s.eventLoop.delayP99Ms / 1000),
      ),
      ...each(
        'polyglot_thread_restarts_total',
        'Times each session thread died and was replaced.',
        'counter',
        (s) => s.restarts,
      ),
    ];
  }
}
