/**
 * Hosts local sessions in this process: admission (a session cap), bookkeeping, and metrics.
 */
import type { Logger } from 'pino';
import type { WebSocket } from 'ws';
import { CloseCode } from '../../../../sdk/src/protocol/messages.js';
import type { Config } from '../../config.js';
import { buildPipeline } from '../../providers/index.js';
import { LatencyMetrics } from '../../observability/latency.js';
import { verifyToken } from '../../server/tokens.js';
import { SessionStore } from '../../state/session-store.js';
import { LocalSession, type LocalSessionDeps } from './session.js';

export interface LocalRuntimeOptions {
  config: Config;
  logger: Logger;
  /** Overrides for tests (e.g. a scripted tool set). */
  deps?: Partial<LocalSessionDeps>;
  /** Shared with the LiveKit worker when both run in one process. */
  latency?: LatencyMetrics;
  store?: SessionStore;
}

export class LocalRuntime {
  #sessions = new Set<LocalSession>();
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
  }

  get activeSessions(): number {
    return this.#sessions.size;
  }

  accept(ws: WebSocket, origin: string | null = null): void {
    const { config, logger } = this.#opts;
    if (this.#sessions.size >= config.maxSessions) {
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
    const session = new LocalSession(ws, {
      verifyToken: (t) => verifyToken(config.sessionSecret, t),
      buildPipeline: (lang) => buildPipeline(config, { language: lang }),
      partner: (key) => config.partners.get(key),
      origin,
      onMetrics: (m) => this.latency.observe(m),
      store: this.store,
      idleTimeoutMs: config.idleTimeoutMs,
      logger,
      ...this.#opts.deps,
      onClosed: (s) => this.#sessions.delete(s),
    });
    this.#sessions.add(session);
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.#sessions].map((s) => s.close('server shutting down')));
  }

  metrics(): string {
    const st = this.store.stats();
    return [
      '# HELP polyglot_sessions_active Local sessions open now.',
      '# TYPE polyglot_sessions_active gauge',
      `polyglot_sessions_active ${this.#sessions.size}`,
      '# HELP polyglot_sessions_total Local sessions accepted since start.',
      '# TYPE polyglot_sessions_total counter',
      `polyglot_sessions_total ${this.#total}`,
      '# HELP polyglot_sessions_rejected_total Sessions refused at capacity.',
      '# TYPE polyglot_sessions_rejected_total counter',
      `polyglot_sessions_rejected_total ${this.#rejected}`,
      '# HELP polyglot_state_sessions Session records held in memory (live and recently ended).',
      '# TYPE polyglot_state_sessions gauge',
      `polyglot_state_sessions ${st.sessions}`,
      '# HELP polyglot_state_bytes Approximate bytes of session records and masked transcripts.',
      '# TYPE polyglot_state_bytes gauge',
      `polyglot_state_bytes ${st.bytes}`,
      '# HELP polyglot_state_evicted_total Session records evicted (TTL or memory bound).',
      '# TYPE polyglot_state_evicted_total counter',
      `polyglot_state_evicted_total ${st.evicted}`,
      this.latency.prometheus(),
    ].join('\n');
  }
}
