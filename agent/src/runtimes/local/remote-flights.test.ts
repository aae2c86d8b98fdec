/**
 * Flight searches from a session thread run on the main thread's chain: results cross intact, a
 * request the chain refuses keeps its code and spoken explanation, and a search the session
 * abandons is aborted where it runs.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MessageChannel } from 'node:worker_threads';
import { FlightError } from '../../tools/flights/errors.js';
import { MADRID_TO_LONDON } from '../../tools/flights/test-query.js';
import type { FlightQuery, FlightSearch, FlightSearchResult } from '../../tools/flights/types.js';
import {
  RemoteFlightSearch,
  serveFlightSearch,
  type FlightReply,
  type FlightRequest,
} from './remote-flights.js';

const QUERY = MADRID_TO_LONDON;

/** The two halves joined by a real MessageChannel, as between a thread and the main thread. */
function connect(chain: FlightSearch) {
  const { port1, port2 } = new MessageChannel();
  const remote = new RemoteFlightSearch((m) => port1.postMessage(m));
  port1.on('message', (m: FlightReply) => remote.settle(m));
  const served = serveFlightSearch(chain, (m) => port2.postMessage(m));
  port2.on('message', (m: FlightRequest) => served.handle(m));
  return {
    remote,
    served,
    close() {
      port1.close();
    },
  };
}

describe('flight searches from session threads', () => {
  it('returns what the main chain found', async () => {
    const result: FlightSearchResult = {
      query: QUERY,
      offers: [],
      provider: 'duffel',
      cached: false,
      attempts: [{ provider: 'duffel', ok: true, durationMs: 120 }],
    };
    const seen: FlightQuery[] = [];
    const link = connect({
      search: async (q) => {
        seen.push(q);
        return result;
      },
    });
    try {
      assert.deepEqual(await link.remote.search(QUERY), result);
      assert.deepEqual(seen, [QUERY]);
    } finally {
      link.close();
    }
  });

  it('keeps a refused request a FlightError with its code, explanation and details', async () => {
    const link = connect({
      search: async () => {
        throw new FlightError('ambiguous_place', 'There is more than one "London".', {
          details: { candidates: ['LON', 'YXU'] },
        });
      },
    });
    try {
      await assert.rejects(link.remote.search(QUERY), (err: unknown) => {
        assert.ok(err instanceof FlightError);
        assert.equal(err.code, 'ambiguous_place');
        assert.equal(err.message, 'There is more than one "London".');
        assert.deepEqual(err.details, { candidates: ['LON', 'YXU'] });
        return true;
      });
    } finally {
      link.close();
    }
  });

  it('aborts the search on the main thread when the session abandons it', async () => {
    let aborted!: () => void;
    const abortedThere = new Promise<void>((ok) => (aborted = ok));
    const link = connect({
      search: (_q, signal) =>
        new Promise((_ok, fail) =>
          signal?.addEventListener('abort', () => {
            aborted();
            fail(new Error('aborted'));
          }),
        ),
    });
    try {
      const controller = new AbortController();
      const pending = link.remote.search(QUERY, controller.signal);
      await new Promise((r) => setTimeout(r, 20));
      controller.abort();
      await abortedThere;
      await assert.rejects(pending, /aborted/);
    } finally {
      link.close();
    }
  });
});
