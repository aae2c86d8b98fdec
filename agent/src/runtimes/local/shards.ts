/**
 * Session threads: local conversations spread over worker threads, one per core.
 *
 * One thread could hold about 25 talking sessions on this project's 2-core benchmark machine: the
 * framework's per-frame stream plumbing, not the models, fills its event loop. The main thread
 * keeps what must be shared (HTTP, the sockets, admission, rate limits, the session store and
 * the metrics); each shard runs `LocalSession`s, unchanged, on sockets relayed over a
 * `MessagePort` (port-socket.ts). Everything stays in one process and in memory.
 *
 * A shard that dies takes only its own sessions with it: their callers are told and their sockets
 * closed, and a fresh shard replaces it.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import type { metrics } from '@livekit/agents';
import type { Logger } from 'pino';
import { CloseCode, type ServerMessage } from '../../../../sdk/src/protocol/messages.js';
import type { Config } from '../../config.js';
import { DIST_DIR, RUNNING_BUILD } from '../../paths.js';
import type { EventLoopSummary } from '../../observability/event-loop.js';
import type { LatencyMetrics } from '../../observability/latency.js';
import type { AdmittedSession } from '../../server/admission.js';
import { applyStoreCall, type SessionStore, type StoreCall } from '../../state/session-store.js';
import type { FlightSearch } from '../../tools/flights/types.js';
import type { OperatorAction } from '../../session/operator-control.js';
import { relaySocket, type RelayedSocket } from './port-socket.js';
import { serveFlightSearch, type FlightReply, type FlightRequest } from './remote-flights.js';
import {
  serveKnowledgeSearch,
  type KnowledgeReply,
  type KnowledgeRequest,
} from './remote-knowledge.js';
import type { KnowledgeSearch } from '../../knowledge/library.js';

/** What a shard is started with (structured-cloned into the thread). */
export interface ShardData {
  index: number;
  /** The environment the main thread's config came from. */
  env: Record<string, string | undefined>;
  /** The main thread's token secret: random per process when unset, so it must be shared. */
  sessionSecret: Uint8Array;
  prettyLogs: boolean;
  /** The main thread's log level (its logger's, which tests may set apart from the config). */
  logLevel: string;
  /** Whether the main thread runs a flight chain for the thread's tools. */
  flights: boolean;
  /** Whether the main thread has knowledge bases for the thread's `search_knowledge`. */
  knowledge: boolean;
}

/** Main thread → shard. */
export type ToShardControl =
  | { type: 'open'; id: string; admitted: AdmittedSession; port: MessagePort }
  | { type: 'shutdown' }
  /** A person in the operator console acts on a session (by its session id). */
  | { type: 'operator'; sessionId: string; action: OperatorAction }
  | FlightReply
  | KnowledgeReply;

/** Shard → main thread. */
export type FromShard =
  | { type: 'ready' }
  | { type: 'closed'; id: string }
  /** A session's metrics (`sessionId`: its store record, for the console's history). */
  | { type: 'metrics'; sessionId: string; metrics: metrics.AgentMetrics }
  | ({ type: 'store' } & StoreCall)
  | { type: 'stats'; eventLoop: EventLoopSummary }
  | { type: 'drained' }
  | FlightRequest
  | KnowledgeRequest;

export interface ShardStats {
  index: number;
  sessions: number;
  /** The shard's own event loop (null until its first window completes). */
  eventLoop: EventLoopSummary | null;
  restarts: number;
}

export interface ShardPoolOptions {
  threads: number;
  config: Config;
  logger: Logger;
  latency: LatencyMetrics;
  store: SessionStore;
  /** The process's flight chain: every thread's searches run on it, here. */
  flights?: FlightSearch;
  /** The process's knowledge bases: every thread's searches run on them, here. */
  knowledge?: KnowledgeSearch;
  /** The thread's entry module (tests substitute one that can be made to fail). */
  entry?: URL;
}

interface Relay {
  /** The conversation's session id (the store's, the console's). */
  sessionId: string;
  ws: RelayedSocket;
  onEnded(): void;
}

interface Shard {
  index: number;
  worker: Worker;
  sessions: Map<string, Relay>;
  ready: Promise<void>;
  eventLoop: EventLoopSummary | null;
  restarts: number;
  isReady: boolean;
  /** Exited; a replacement takes its index when it is spawned. */
  dead: boolean;
  flights: ReturnType<typeof serveFlightSearch> | undefined;
  knowledge: ReturnType<typeof serveKnowledgeSearch> | undefined;
  drained?: () => void;
}

/** A session thread's module: the build's, or the sources' (which registers tsx first). */
const ENTRY = RUNNING_BUILD
  ? pathToFileURL(join(DIST_DIR, 'shard.js'))
  : new URL('./shard-entry.mjs', import.meta.url);

/** What a caller on a shard that died is told. */
const SHARD_LOST: ServerMessage = {
  type: 'error',
  code: 'internal',
  message: 'The assistant stopped unexpectedly. Please start a new conversation.',
  fatal: true,
};

/** Tells a caller their thread is gone, and closes their socket (1011). */
function tellShardLost(ws: RelayedSocket): void {
  ws.send(JSON.stringify(SHARD_LOST));
  ws.close(CloseCode.internalError, 'internal');
}

export class ShardPool {
  #opts: ShardPoolOptions;
  #shards: Shard[] = [];
  #closing = false;

  constructor(opts: ShardPoolOptions) {
    this.#opts = opts;
    for (let i = 0; i < opts.threads; i++) this.#shards.push(this.#spawn(i, 0));
  }

  /** Resolves when every shard has loaded and can take sessions. */
  async ready(): Promise<void> {
    await Promise.all(this.#shards.map((s) => s.ready));
  }

  #spawn(index: number, restarts: number): Shard {
    const { config, logger } = this.#opts;
    const data: ShardData = {
      index,
      env: { ...config.env },
      sessionSecret: new Uint8Array(config.sessionSecret),
      prettyLogs: Boolean(process.stdout.isTTY),
      logLevel: logger.level,
      flights: Boolean(this.#opts.flights),
      knowledge: Boolean(this.#opts.knowledge),
    };
    const worker = new Worker(this.#opts.entry ?? ENTRY, {
      workerData: data,
      name: `polyglot-shard-${index}`,
    });
    let ready!: () => void;
    let failed!: (err: Error) => void;
    const shard: Shard = {
      index,
      worker,
      sessions: new Map(),
      ready: new Promise<void>((ok, fail) => {
        ready = ok;
        failed = fail;
      }),
      eventLoop: null,
      restarts,
      isReady: false,
      dead: false,
      flights: this.#opts.flights
        ? serveFlightSearch(this.#opts.flights, (m) => worker.postMessage(m))
        : undefined,
      knowledge: this.#opts.knowledge
        ? serveKnowledgeSearch(this.#opts.knowledge, (m) => worker.postMessage(m))
        : undefined,
    };
    shard.ready.catch(() => {}); // a shard that fails to start is reported through `exit`
    worker.on('message', (m: FromShard) => this.#onMessage(shard, m, ready));
    worker.on('error', (err) => logger.error({ err, shard: index }, 'session thread failed'));
    worker.on('exit', (code) => {
      failed(new Error(`session thread ${index} exited (${code}) before it was ready`));
      this.#onExit(shard, code);
    });
    return shard;
  }

  #onMessage(shard: Shard, m: FromShard, ready: () => void): void {
    const { latency, store } = this.#opts;
    switch (m.type) {
      case 'ready':
        shard.isReady = true;
        ready();
        break;
      case 'closed': {
        const relay = shard.sessions.get(m.id);
        shard.sessions.delete(m.id);
        relay?.onEnded();
        break;
      }
      case 'metrics': {
        const turn = latency.observe(m.metrics);
        if (turn) store.turnLatency(m.sessionId, turn);
        break;
      }
      case 'store':
        applyStoreCall(store, m);
        break;
      case 'stats':
        shard.eventLoop = m.eventLoop;
        break;
      case 'drained':
        shard.drained?.();
        break;
      case 'flights':
      case 'flights_abort':
        shard.flights?.handle(m);
        break;
      case 'knowledge':
      case 'knowledge_abort':
        shard.knowledge?.handle(m);
        break;
    }
  }

  /** A shard ended: its callers are told, and unless the server is closing, it is replaced. */
  #onExit(shard: Shard, code: number): void {
    const wasReady = shard.isReady;
    shard.dead = true;
    shard.isReady = false;
    const lost = [...shard.sessions.values()];
    shard.sessions.clear();
    shard.flights?.abortAll();
    shard.knowledge?.abortAll();
    for (const relay of lost) {
      if (relay.ws.readyState === relay.ws.OPEN) {
        if (this.#closing) {
          relay.ws.close(CloseCode.normal, 'bye');
        } else {
          tellShardLost(relay.ws);
        }
      }
      relay.onEnded();
    }
    shard.drained?.();
    if (this.#closing) return;
    if (!wasReady && shard.restarts === 0) {
      // It never started: a broken install or configuration, which a restart will not mend.
      // `ready()` rejects, and the server does not start.
      this.#closing = true;
      return;
    }
    // Restarts back off (1 s, 2 s, 4 s ... 30 s) so a thread that cannot start does not spin.
    const delay = wasReady ? 0 : Math.min(30_000, 1000 * 2 ** (shard.restarts - 1));
    this.#opts.logger.error(
      { shard: shard.index, code, sessionsLost: lost.length, restartInMs: delay },
      'session thread exited; starting a new one',
    );
    const replace = () => {
      if (!this.#closing) this.#shards[shard.index] = this.#spawn(shard.index, shard.restarts + 1);
    };
    // At once (no window in which a new session finds no thread) unless it is backing off.
    if (delay === 0) replace();
    else setTimeout(replace, delay).unref();
  }

  /**
   * Hands an admitted session's socket to the least busy shard that is up (a replacement still
   * loading gets sessions only if no shard is up; they wait in its queue until it listens).
   */
  open(ws: RelayedSocket, admitted: AdmittedSession, onEnded: () => void): void {
    const alive = this.#shards.filter((s) => !s.dead);
    const up = alive.filter((s) => s.isReady);
    const pool = up.length > 0 ? up : alive;
    if (pool.length === 0) {
      // Every thread is down and waiting to be replaced: say so rather than leave the caller
      // waiting on a thread that is gone.
      tellShardLost(ws);
      onEnded();
      return;
    }
    const shard = pool.reduce((a, b) => (b.sessions.size < a.sessions.size ? b : a));
    const id = randomUUID();
    const { port1, port2 } = new MessageChannel();
    shard.sessions.set(id, { sessionId: admitted.sessionId, ws, onEnded });
    relaySocket(
      ws,
      port1,
      () => {},
      (err) => this.#opts.logger.warn({ err: err.message }, 'socket error'),
    );
    shard.worker.postMessage({ type: 'open', id, admitted, port: port2 } satisfies ToShardControl, [
      port2,
    ]);
  }

  /** Relays an operator's action to the thread running the session; false when none does. */
  operator(sessionId: string, action: OperatorAction): boolean {
    for (const shard of this.#shards) {
      if (shard.dead) continue;
      for (const relay of shard.sessions.values()) {
        if (relay.sessionId !== sessionId) continue;
        shard.worker.postMessage({ type: 'operator', sessionId, action } satisfies ToShardControl);
        return true;
      }
    }
    return false;
  }

  stats(): ShardStats[] {
    return this.#shards.map((s) => ({
      index: s.index,
      sessions: s.sessions.size,
      eventLoop: s.eventLoop,
      restarts: s.restarts,
    }));
  }

  /**
   * Closes every session (their callers get a normal close) and stops the threads: each drains,
   * then ends on its own; one still running 2 s after draining (or 5 s without) is terminated.
   */
  async close(): Promise<void> {
    this.#closing = true;
    const wait = (p: Promise<unknown>, ms: number) =>
      Promise.race([p, new Promise((ok) => setTimeout(ok, ms).unref())]);
    await Promise.all(
      this.#shards.map(async (shard) => {
        const exited = new Promise((ok) => shard.worker.once('exit', ok));
        const drained = new Promise<void>((ok) => (shard.drained = ok));
        shard.worker.postMessage({ type: 'shutdown' } satisfies ToShardControl);
        await wait(drained, 5_000);
        await wait(exited, 2_000);
        await shard.worker.terminate();
      }),
    );
  }
}
