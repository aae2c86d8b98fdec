/**
 * The LiveKit worker's hub: agents-js runs every job (one call) in a process of its own, but a
 * worker is one service to its operator. The worker's main process keeps what must be one per
 * process — the flight chain (one cache, one set of breakers, one in-flight de-duplication),
 * latency figures and session records for `/metrics` and the operator console, which it serves,
 * relaying the console's actions back to the job that runs the session — and its job processes
 * reach it over a Unix socket, one newline-delimited JSON message per line. The same messages
 * cross the local runtime's session-thread ports (remote-flights.ts, shards.ts).
 */
import type { metrics } from '@livekit/agents';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Logger } from 'pino';
import type { LatencyMetrics } from '../../observability/latency.js';
import type { Partner } from '../../partners.js';
import type { OperatorAction } from '../../session/operator-control.js';
import { RateLimiter } from '../../server/rate-limit.js';
import { UsedTokens } from '../../server/used-tokens.js';
import {
  applyStoreCall,
  forwardingWriter,
  type SessionStore,
  type SessionStoreWriter,
  type StoreCall,
} from '../../state/session-store.js';
import type { FlightSearch } from '../../tools/flights/types.js';
import {
  RemoteFlightSearch,
  serveFlightSearch,
  type FlightReply,
  type FlightRequest,
} from '../local/remote-flights.js';
import {
  RemoteKnowledgeSearch,
  serveKnowledgeSearch,
  type KnowledgeReply,
  type KnowledgeRequest,
} from '../local/remote-knowledge.js';
import type { KnowledgeSearch } from '../../knowledge/library.js';

/** The environment variable that hands job processes the hub's socket path. */
export const HUB_ENV = 'POLYGLOT_WORKER_HUB';

/** Job process → hub. */
export type ToHub =
  | FlightRequest
  | KnowledgeRequest
  | { type: 'metrics'; metrics: metrics.AgentMetrics }
  | ({ type: 'store' } & StoreCall)
  /**
   * A job asks to open a session for `partner` in `room`: the partner's concurrency and rate
   * apply (the room is where the console's operator joins by voice).
   */
  | { type: 'admit'; partner: string; room?: string }
  | { type: 'session'; state: 'ended' };

/** Hub → job process. */
export type FromHub =
  | FlightReply
  | KnowledgeReply
  | { type: 'admitted'; ok: true }
  | AdmitRefusal
  /** A person in the operator console acts on the job's session. */
  | { type: 'operator'; action: OperatorAction };

/** A session the partner's plan does not allow now, with what to tell the caller. */
export interface AdmitRefusal {
  type: 'admitted';
  ok: false;
  reason: 'partner_limit' | 'rate_limited';
  message: string;
}

export interface WorkerHub {
  path: string;
  /** Job sessions running now, and since start. */
  readonly active: number;
  readonly total: number;
  /** Sessions refused: by a partner's concurrency or rate, or a replayed token. */
  readonly refused: number;
  /**
   * Claims a job's room, in the worker's main process before the job is accepted: every session
   * token names a room of its own (tokens.ts), so a room served before means a replayed token
   * (the room ended and the token, still valid, opened it again). False refuses the job, and no
   * job process is spent on it.
   */
  claimRoom(room: string): boolean;
  /**
   * Relays an operator's action to the job process that runs `sessionId`; false when no job here
   * has that session open (it ended, or it is another worker's).
   */
  operator(sessionId: string, action: OperatorAction): boolean;
  /** The LiveKit room of a session open here. */
  room(sessionId: string): string | undefined;
  close(): Promise<void>;
}

function lines(socket: Socket, onMessage: (m: unknown) => void): void {
  createInterface({ input: socket }).on('line', (line) => {
    let m: unknown;
    try {
      m = JSON.parse(line);
    } catch {
      return; // a torn line from a dying process: nothing to act on
    }
    onMessage(m);
  });
}

function send(socket: Socket, m: unknown): void {
  if (!socket.destroyed) socket.write(JSON.stringify(m) + '\n');
}

export async function startWorkerHub(opts: {
  flights: FlightSearch | undefined;
  /** The worker's knowledge bases: one copy per worker, reloaded there (SIGHUP). */
  knowledge?: KnowledgeSearch | undefined;
  latency: LatencyMetrics;
  store: SessionStore;
  logger: Logger;
  /** The partners, for their session quotas (`maxConcurrentSessions`, `sessionsPerMinute`). */
  partners?: { get(key: string): Partner | undefined };
  /** How long a session token can open its room: a served room is remembered this long. */
  roomTtlMs: number;
  now?: () => number;
}): Promise<WorkerHub> {
  const path = join(tmpdir(), `polyglot-worker-${process.pid}.sock`);
  await rm(path, { force: true });
  let active = 0;
  let total = 0;
  let refused = 0;
  const livePerPartner = new Map<string, number>();
  const rates = new Map<string, RateLimiter>();
  const now = opts.now ?? Date.now;
  const servedRooms = new UsedTokens(now);
  /** Sessions open in this worker's jobs: their job's connection and room. */
  const jobs = new Map<string, { socket: Socket; room: string | undefined }>();
  /**
   * The partner's plan, checked when a job opens its session (the token was minted earlier,
   * perhaps long before, and may have been saved up): as `serve` checks it at the hello.
   */
  const admit = (key: string): FromHub => {
    const p = opts.partners?.get(key);
    const live = livePerPartner.get(key) ?? 0;
    if (p?.maxConcurrentSessions !== undefined && live >= p.maxConcurrentSessions) {
      refused++;
      return {
        type: 'admitted',
        ok: false,
        reason: 'partner_limit',
        message:
          'This site has as many conversations open as its plan allows; please try again in a minute.',
      };
    }
    if (p) {
      let rate = rates.get(key);
      if (!rate) {
        rate = new RateLimiter(p.sessionsPerMinute, p.sessionsPerMinute / 60_000, opts.now);
        rates.set(key, rate);
      }
      if (!rate.take(key)) {
        refused++;
        return {
          type: 'admitted',
          ok: false,
          reason: 'rate_limited',
          message:
            'Too many conversations were started on this site just now; please try again in a minute.',
        };
      }
    }
    return { type: 'admitted', ok: true };
  };
  const server: Server = createServer((socket) => {
    const flights = opts.flights
      ? serveFlightSearch(opts.flights, (m: FlightReply) => send(socket, m))
      : undefined;
    const knowledge = opts.knowledge
      ? serveKnowledgeSearch(opts.knowledge, (m: KnowledgeReply) => send(socket, m))
      : undefined;
    let sessionOpen: string | undefined; // the partner of the session this job opened
    let sessionId: string | undefined; // its store record
    let room: string | undefined;
    const close = () => {
      if (sessionId !== undefined) jobs.delete(sessionId);
      if (sessionOpen === undefined) return;
      livePerPartner.set(sessionOpen, (livePerPartner.get(sessionOpen) ?? 1) - 1);
      sessionOpen = undefined;
      active--;
    };
    lines(socket, (raw) => {
      const m = raw as ToHub;
      switch (m.type) {
        case 'flights':
        case 'flights_abort':
          flights?.handle(m);
          break;
        case 'knowledge':
        case 'knowledge_abort':
          knowledge?.handle(m);
          break;
        case 'metrics': {
          const turn = opts.latency.observe(m.metrics);
          if (turn && sessionId) opts.store.turnLatency(sessionId, turn);
          break;
        }
        case 'store':
          if (m.op === 'start') {
            sessionId = m.args[0].id;
            jobs.set(sessionId, { socket, room });
          }
          applyStoreCall(opts.store, m);
          break;
        case 'admit': {
          if (sessionOpen !== undefined) break; // one session per job
          room = typeof m.room === 'string' ? m.room : undefined;
          const verdict = admit(m.partner);
          if (verdict.type === 'admitted' && verdict.ok) {
            sessionOpen = m.partner;
            livePerPartner.set(m.partner, (livePerPartner.get(m.partner) ?? 0) + 1);
            active++;
            total++;
          }
          send(socket, verdict);
          break;
        }
        case 'session':
          close();
          break;
      }
    });
    socket.on('error', (err) => opts.logger.debug({ err }, 'job connection error'));
    socket.on('close', () => {
      flights?.abortAll();
      knowledge?.abortAll();
      close(); // the job process ended (or died) with its session open
    });
  });
  await new Promise<void>((ok, fail) => server.once('error', fail).listen(path, ok));
  return {
    path,
    get active() {
      return active;
    },
    get total() {
      return total;
    },
    get refused() {
      return refused;
    },
    claimRoom(room: string): boolean {
      if (!room || servedRooms.has(room) || !servedRooms.add(room, now() + opts.roomTtlMs)) {
        refused++;
        return false;
      }
      return true;
    },
    operator(sessionId, action) {
      const job = jobs.get(sessionId);
      if (!job || job.socket.destroyed) return false;
      send(job.socket, { type: 'operator', action } satisfies FromHub);
      return true;
    },
    room: (sessionId) => jobs.get(sessionId)?.room,
    async close() {
      await new Promise<void>((ok) => server.close(() => ok()));
      await rm(path, { force: true });
    },
  };
}

/** A job process's line to the hub. */
export interface HubClient {
  flights: FlightSearch;
  knowledge: KnowledgeSearch;
  onMetrics(m: metrics.AgentMetrics): void;
  store: SessionStoreWriter;
  /** Opens this job's session in `room` if the partner's plan allows it now. */
  admit(partner: string, room: string): Promise<{ ok: true } | AdmitRefusal>;
  /** Where the operator console's actions on this job's session arrive. */
  onOperator(handler: (action: OperatorAction) => void): void;
  session(state: 'ended'): void;
  close(): void;
}

export async function connectHub(path: string): Promise<HubClient> {
  const socket = createConnection(path);
  await new Promise<void>((ok, fail) => socket.once('connect', ok).once('error', fail));
  const post = (m: ToHub) => send(socket, m);
  const flights = new RemoteFlightSearch(post);
  const knowledge = new RemoteKnowledgeSearch(post);
  let admitted: ((v: { ok: true } | AdmitRefusal) => void) | undefined;
  let onOperator: ((action: OperatorAction) => void) | undefined;
  lines(socket, (raw) => {
    const m = raw as FromHub;
    if (m.type === 'admitted') admitted?.(m.ok ? { ok: true } : m);
    else if (m.type === 'operator') onOperator?.(m.action);
    else if (m.type === 'knowledge_result') knowledge.settle(m);
    else flights.settle(m);
  });
  // Metrics are class instances in agents-js; only their data crosses.
  const plain = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;
  return {
    flights,
    knowledge,
    onMetrics: (metrics) => post({ type: 'metrics', metrics: plain(metrics) }),
    store: forwardingWriter((call) => post({ type: 'store', ...call })),
    admit: (partner, room) =>
      new Promise((ok) => {
        admitted = ok;
        post({ type: 'admit', partner, room });
      }),
    onOperator: (handler) => {
      onOperator = handler;
    },
    session: (state) => post({ type: 'session', state }),
    close: () => socket.end(),
  };
}
