/**
 * Flight searches from session threads, run by the main thread's one flight chain: one cache, one
 * set of circuit breakers and one in-flight de-duplication for the whole process, whichever
 * thread a conversation runs on. A search crosses as a plain query; its result or its error
 * (a `FlightError` keeps its code, message and details, so the tool still explains it) comes back.
 */
import { FlightError, type FlightErrorCode } from '../../tools/flights/errors.js';
import type { FlightQuery, FlightSearch, FlightSearchResult } from '../../tools/flights/types.js';

/** Shard → main thread. */
export type FlightRequest =
  | { type: 'flights'; id: number; query: FlightQuery }
  | { type: 'flights_abort'; id: number };

interface SerializedError {
  name: string;
  message: string;
  code?: FlightErrorCode;
  details?: Record<string, unknown>;
}

/** Main thread → shard. */
export type FlightReply =
  | { type: 'flights_result'; id: number; result: FlightSearchResult }
  | { type: 'flights_result'; id: number; error: SerializedError };

/** The session thread's side: a `FlightSearch` whose searches run on the main thread. */
export class RemoteFlightSearch implements FlightSearch {
  #post: (m: FlightRequest) => void;
  #next = 1;
  #pending = new Map<number, { ok(r: FlightSearchResult): void; fail(e: Error): void }>();

  constructor(post: (m: FlightRequest) => void) {
    this.#post = post;
  }

  search(query: FlightQuery, signal?: AbortSignal): Promise<FlightSearchResult> {
    signal?.throwIfAborted();
    const id = this.#next++;
    const onAbort = () => this.#post({ type: 'flights_abort', id });
    signal?.addEventListener('abort', onAbort, { once: true });
    return new Promise<FlightSearchResult>((ok, fail) => {
      this.#pending.set(id, { ok, fail });
      this.#post({ type: 'flights', id, query });
    }).finally(() => signal?.removeEventListener('abort', onAbort));
  }

  /** A reply from the main thread. */
  settle(m: FlightReply): void {
    const p = this.#pending.get(m.id);
    if (!p) return;
    this.#pending.delete(m.id);
    if ('result' in m) p.ok(m.result);
    else p.fail(deserialize(m.error));
  }
}

/**
 * The main thread's side: runs one thread's searches on `search` and posts each outcome back.
 * Returns a handler for the thread's requests and a function that aborts what is still running
 * (the thread died).
 */
export function serveFlightSearch(
  search: FlightSearch,
  reply: (m: FlightReply) => void,
): { handle(m: FlightRequest): void; abortAll(): void } {
  const running = new Map<number, AbortController>();
  return {
    handle(m) {
      if (m.type === 'flights_abort') {
        running.get(m.id)?.abort();
        return;
      }
      const controller = new AbortController();
      running.set(m.id, controller);
      search
        .search(m.query, controller.signal)
        .then(
          (result) => reply({ type: 'flights_result', id: m.id, result }),
          (err: unknown) => reply({ type: 'flights_result', id: m.id, error: serialize(err) }),
        )
        .finally(() => running.delete(m.id));
    },
    abortAll() {
      for (const c of running.values()) c.abort();
      running.clear();
    },
  };
}

function serialize(err: unknown): SerializedError {
  if (err instanceof FlightError) {
    return {
      name: err.name,
      message: err.message,
      code: err.code,
      // Details are JSON-safe by contract; a round trip drops anything that is not.
      ...(err.details && {
        details: JSON.parse(JSON.stringify(err.details)) as Record<string, unknown>,
      }),
    };
  }
  if (err instanceof Error) return { name: err.name, message: err.message };
  return { name: 'Error', message: String(err) };
}

function deserialize(e: SerializedError): Error {
  if (e.name === 'FlightError' && e.code) {
    return new FlightError(e.code, e.message, e.details ? { details: e.details } : undefined);
  }
  const err = new Error(e.message);
  err.name = e.name;
  return err;
}
