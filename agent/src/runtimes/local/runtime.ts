/**
 * Hosts local sessions: admission (server/admission.ts), audio pacing, bookkeeping and metrics, on
 * the main thread. The conversations themselves run either here or, with session threads, on a
 * {@link ShardPool}.
 */
import type { Logger } from 'pino';
import type { WebSocket } from 'ws';
import type { Config } from '../../config.js';
import { buildPipeline } from '../../providers/index.js';
import { LatencyMetrics } from '../../observability/latency.js';
import { sessionMetrics } from '../../observability/session-metrics.js';
import { Admission, type AdmittedSession, type RefusalReason } from '../../server/admission.js';
import { AudioPacer } from '../../server/audio-pacing.js';
import { verifyToken } from '../../server/tokens.js';
import type { OperatorAction } from '../../session/operator-control.js';
import { SessionStore } from '../../state/session-store.js';
import type { FlightSearch } from '../../tools/flights/types.js';
import type { KnowledgeSearch } from '../../knowledge/library.js';
import { flightToolsFor } from '../tool-events.js';
import { AdmittedSocket } from './admitted-socket.js';
import { LocalSession, type LocalSessionDeps } from './session.js';
import { ShardPool, type ShardStats } from './shards.js';

export interface LocalRuntimeOptions {
  config: Config;
  logger: Logger;
  /** Overrides for tests (e.g. a scripted tool set); they keep sessions on this thread. */
  deps?: Partial<LocalSessionDeps>;
  /** The flight chain every session's tools search with, on whichever thread it runs. */
  flights?: FlightSearch;
  /** The process's knowledge bases, which every session's `search_knowledge` searches. */
  knowledge?: KnowledgeSearch;
  /** Shared with the LiveKit worker when both run in one process. */
  latency?: LatencyMetrics;
  store?: SessionStore;
  /** Session threads' entry module (tests only). */
  shardEntry?: URL;
  /** Clock for token expiry, partner rates and the resume window (tests inject one). */
  now?: () => number;
}

/**
 * What every local session needs from configuration, on whichever thread it runs: token checks,
 * its own provider pipeline, the partner list and (given a flight chain) the flight tools.
 */
export function sessionDeps(
  config: Config,
  logger: Logger,
  flights: FlightSearch | undefined,
  knowledge?: KnowledgeSearch,
): Omit<LocalSessionDeps, 'onClosed'> {
  return {
    verifyToken: (t) => verifyToken(config.sessionSecret, t),
    buildPipeline: (lang) => buildPipeline(config, { language: lang }),
    partner: (key) => config.partners.get(key),
    idleTimeoutMs: config.idleTimeoutMs,
    logger,
    ...(flights && { buildTools: flightToolsFor(flights, logger) }),
    ...(knowledge && { knowledge }),
  };
}

const REFUSAL_REASONS: readonly RefusalReason[] = [
  'pending_limit',
  'pending_evicted',
  'hello_timeout',
  'bad_message',
  'protocol_version',
  'bad_token',
  'token_used',
  'session_limit',
  'teardown_limit',
  'partner_limit',
  'rate_limited',
];

export class LocalRuntime {
  /** Sessions on this thread (without session threads). */
  #sessions = new Set<LocalSession>();
  #pool: ShardPool | undefined;
  #opts: LocalRuntimeOptions;
  #admission: Admission;
  #audioTooFast = 0;
  readonly latency: LatencyMetrics;
  readonly store: SessionStore;

  constructor(opts: LocalRuntimeOptions) {
    this.#opts = opts;
    this.latency = opts.latency ?? new LatencyMetrics();
    this.store =
      opts.store ??
      new SessionStore({
        ttlMs: opts.config.stateTtlMs,
        maxBytes: opts.config.stateMaxBytes,
        historyTtlMs: opts.config.historyTtlMs,
      });
    if (opts.config.sessionThreads > 0 && !opts.deps) {
      this.#pool = new ShardPool({
        threads: opts.config.sessionThreads,
        config: opts.config,
        logger: opts.logger,
        latency: this.latency,
        store: this.store,
        ...(opts.flights && { flights: opts.flights }),
        ...(opts.knowledge && { knowledge: opts.knowledge }),
        ...(opts.shardEntry && { entry: opts.shardEntry }),
      });
    }
    this.#admission = new Admission({
      config: opts.config,
      logger: opts.logger,
      ...(opts.now && { now: opts.now }),
      ...(opts.deps?.helloTimeoutMs !== undefined && { helloTimeoutMs: opts.deps.helloTimeoutMs }),
      open: (ws, admitted) => this.#open(ws, admitted),
    });
  }

  /** Resolves once every session thread can take sessions (at once without threads). */
  async ready(): Promise<void> {
    await this.#pool?.ready();
  }

  /** Sessions holding a slot (admitted, not yet closing). */
  get activeSessions(): number {
    return this.#admission.live;
  }

  /** Sockets open without a hello yet (they hold no slot). */
  get pendingSockets(): number {
    return this.#admission.pending;
  }

  /** Sessions that gave their slot back and are still tearing down. */
  get closingSessions(): number {
    return this.#admission.closing;
  }

  /** Per session thread: its sessions and event loop (empty without threads). */
  shards(): ShardStats[] {
    return this.#pool?.stats() ?? [];
  }

  /** May `address` (server/rate-limit.ts `addressKey`) open one more socket? */
  pendingAllowed(address: string): boolean {
    return this.#admission.pendingAllowed(address);
  }

  /** A browser socket opened: admission waits for its hello (admission.ts). */
  accept(ws: WebSocket, peer: { origin: string | null; address: string }): void {
    this.#admission.accept(ws, peer);
  }

  /** Hosts a session the admission let in, here or on a session thread. */
  #open(ws: WebSocket, admitted: AdmittedSession): void {
    const { config, logger } = this.#opts;
    const id = admitted.sessionId;
    const socket = new AdmittedSocket(ws, {
      pacer: new AudioPacer(),
      onClosing: () => this.#admission.release(id),
      onTooFast: () => {
        this.#audioTooFast++;
        logger.warn({ session: id }, 'session closed: audio far faster than real time');
      },
    });
    let ended = false;
    const onEnded = () => {
      if (ended) return;
      ended = true;
      this.#admission.ended(id);
    };
    if (this.#pool) {
      this.#pool.open(socket, admitted, onEnded);
      return;
    }
    const session = new LocalSession(socket, {
      ...sessionDeps(config, logger, this.#opts.flights, this.#opts.knowledge),
      origin: admitted.origin,
      onMetrics: (m) => {
        const turn = this.latency.observe(m);
        if (turn) this.store.turnLatency(admitted.sessionId, turn);
      },
      store: this.store,
      ...this.#opts.deps,
      admitted,
      onClosed: (s) => {
        this.#sessions.delete(s);
        onEnded();
      },
    });
    this.#sessions.add(session);
  }

  /**
   * A person in the operator console acts on a live session, here or on its thread. False when
   * no live session has the id (it ended, or runs elsewhere).
   */
  operator(sessionId: string, action: OperatorAction): boolean {
    if (this.#pool) return this.#pool.operator(sessionId, action);
    for (const s of this.#sessions) if (s.id === sessionId) return s.operator(action);
    return false;
  }

  async closeAll(): Promise<void> {
    this.#admission.closeAll();
    await Promise.all([
      ...[...this.#sessions].map((s) => s.close('server shutting down')),
      this.#pool?.close(),
    ]);
  }

  metrics(): string {
    const refused = this.#admission.refusals();
    const atCapacity = (['session_limit', 'teardown_limit'] as const).reduce(
      (n, r) => n + (refused.get(r) ?? 0),
      0,
    );
    const counts = {
      active: this.#admission.live,
      total: this.#admission.admitted,
      rejected: atCapacity,
    };
    return [
      ...sessionMetrics(counts, this.store, this.latency),
      '# HELP polyglot_sessions_closing Local sessions that gave their slot back and are still shutting down.',
      '# TYPE polyglot_sessions_closing gauge',
      `polyglot_sessions_closing ${this.#admission.closing}`,
      '# HELP polyglot_sockets_pending Sockets open without a hello yet (they hold no slot).',
      '# TYPE polyglot_sockets_pending gauge',
      `polyglot_sockets_pending ${this.#admission.pending}`,
      '# HELP polyglot_admission_refused_total Sockets refused or closed before a session, by reason.',
      '# TYPE polyglot_admission_refused_total counter',
      ...REFUSAL_REASONS.map(
        (r) => `polyglot_admission_refused_total{reason="${r}"} ${refused.get(r) ?? 0}`,
      ),
      '# HELP polyglot_sessions_audio_too_fast_total Sessions closed for sending audio far faster than real time.',
      '# TYPE polyglot_sessions_audio_too_fast_total counter',
      `polyglot_sessions_audio_too_fast_total ${this.#audioTooFast}`,
      ...this.#shardMetrics(),
    ].join('\n');
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
