/**
 * The LiveKit worker's hub: agents-js runs every job (one call) in a process of its own, but a
 * worker is one service to its operator. The worker's main process keeps what must be one per
 * process — the flight chain (one cache, one set of breakers, one in-flight de-duplication),
 * latency figures and session records for `/metrics` — and its job processes reach it over a
 * Unix socket, one newline-delimited JSON message per line. The same messages cross the local
 * runtime's session-thread ports (remote-flights.ts, shards.ts).
 */
import type { metrics } from '@livekit/agents';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Logger } from 'pino';
import type { LatencyMetrics } from '../../observability/latency.js';
import type { SessionStore } from '../../state/session-store.js';
import type { FlightSearch } from '../../tools/flights/types.js';
import {
  RemoteFlightSearch,
  serveFlightSearch,
  type FlightReply,
  type FlightRequest,
} from '../local/remote-flights.js';

/** The environment variable that hands job processes the hub's socket path. */
export const HUB_ENV = 'POLYGLOT_WORKER_HUB';

type StoreCall =
  | { op: 'start'; args: Parameters<SessionStore['start']> }
  | { op: 'append'; args: Parameters<SessionStore['append']> }
  | { op: 'end'; args: Parameters<SessionStore['end']> };

/** Job process → hub. */
export type ToHub =
  | FlightRequest
  | { type: 'metrics'; metrics: metrics.AgentMetrics }
  | ({ type: 'store' } & StoreCall)
  | { type: 'session'; state: 'started' | 'ended' };

export interface WorkerHub {
  path: string;
  /** Job sessions running now, and since start. */
  readonly active: number;
  readonly total: number;
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
  latency: LatencyMetrics;
  store: SessionStore;
  logger: Logger;
}): Promise<WorkerHub> {
  const path = join(tmpdir(), `polyglot-worker-${process.pid}.sock`);
  await rm(path, { force: true });
  let active = 0;
  let total = 0;
  const server: Server = createServer((socket) => {
    const flights = opts.flights
      ? serveFlightSearch(opts.flights, (m: FlightReply) => send(socket, m))
      : undefined;
    let sessionOpen = false;
    lines(socket, (raw) => {
      const m = raw as ToHub;
      switch (m.type) {
        case 'flights':
        case 'flights_abort':
          flights?.handle(m);
          break;
        case 'metrics':
          opts.latency.observe(m.metrics);
          break;
        case 'store':
          if (m.op === 'start') opts.store.start(...m.args);
          else if (m.op === 'append') opts.store.append(...m.args);
          else opts.store.end(...m.args);
          break;
        case 'session':
          if (m.state === 'started' && !sessionOpen) {
            sessionOpen = true;
            active++;
            total++;
          } else if (m.state === 'ended' && sessionOpen) {
            sessionOpen = false;
            active--;
          }
          break;
      }
    });
    socket.on('error', (err) => opts.logger.debug({ err }, 'job connection error'));
    socket.on('close', () => {
      flights?.abortAll();
      if (sessionOpen) active--; // the job process died mid-call
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
    async close() {
      await new Promise<void>((ok) => server.close(() => ok()));
      await rm(path, { force: true });
    },
  };
}

/** A job process's line to the hub. */
export interface HubClient {
  flights: FlightSearch;
  onMetrics(m: metrics.AgentMetrics): void;
  store: Pick<SessionStore, 'start' | 'append' | 'end'>;
  session(state: 'started' | 'ended'): void;
  close(): void;
}

export async function connectHub(path: string): Promise<HubClient> {
  const socket = createConnection(path);
  await new Promise<void>((ok, fail) => socket.once('connect', ok).once('error', fail));
  const post = (m: ToHub) => send(socket, m);
  const flights = new RemoteFlightSearch(post);
  lines(socket, (m) => flights.settle(m as FlightReply));
  // Metrics are class instances in agents-js; only their data crosses.
  const plain = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;
  return {
    flights,
    onMetrics: (metrics) => post({ type: 'metrics', metrics: plain(metrics) }),
    store: {
      start: (...args) => post({ type: 'store', op: 'start', args }),
      append: (...args) => post({ type: 'store', op: 'append', args }),
      end: (...args) => post({ type: 'store', op: 'end', args }),
    },
    session: (state) => post({ type: 'session', state }),
    close: () => socket.end(),
  };
}
