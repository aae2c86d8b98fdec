/**
 * Hosts local sessions in this process: admission (a session cap), bookkeeping, and metrics.
 */
import type { Logger } from 'pino';
import type { WebSocket } from 'ws';
import { CloseCode } from '../../../../sdk/src/protocol/messages.js';
import type { Config } from '../../config.js';
import { buildPipeline } from '../../providers/index.js';
import { verifyToken } from '../../server/tokens.js';
import { LocalSession, type LocalSessionDeps } from './session.js';

export interface LocalRuntimeOptions {
  config: Config;
  logger: Logger;
  /** Overrides for tests (e.g. a scripted tool set). */
  deps?: Partial<LocalSessionDeps>;
}

export class LocalRuntime {
  #sessions = new Set<LocalSession>();
  #opts: LocalRuntimeOptions;
  #total = 0;
  #rejected = 0;

  constructor(opts: LocalRuntimeOptions) {
    this.#opts = opts;
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
      '',
    ].join('\n');
  }
}
