/**
 * Flight tool events as the widget and the operator's log receive them, in both runtimes: a
 * question for the traveller goes out as its own kind (`clarify`) and is logged at info, not as
 * a failure.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ServerMessage } from '../../../sdk/src/protocol/messages.js';
import { recordingLogger } from '../observability/test-logger.js';
import type { FlightSearch } from '../tools/flights/types.js';
import { flightToolsFor } from './tool-events.js';

const search: FlightSearch = {
  search: () => Promise.reject(new Error('no search expected')),
};

describe('flight tool events', () => {
  it('sends a clarification as status clarify and logs it at info, not as an error', async () => {
    const { logger, lines } = recordingLogger();
    const sent: ServerMessage[] = [];
    const tools = flightToolsFor(search, logger)(
      (m) => sent.push(m),
      () => 'en-CA',
    ) as unknown as Record<
      'search_flights',
      { execute(args: object, opts: object): Promise<unknown> }
    >;
    const out = await tools.search_flights.execute(
      { origin: 'Toronto', destination: 'London', departure_date: 'tomorrow' },
      { toolCallId: 't1', abortSignal: new AbortController().signal, ctx: undefined },
    );
    assert.match(String(out), /Ask the traveller: There is more than one "London"/);
    assert.deepEqual(
      sent.map((m) => (m.type === 'tool' ? m.status : m.type)),
      ['started', 'clarify'],
    );
    assert.deepEqual(
      lines.map((l) => [l.level, l.msg, l.code]),
      [[30, 'flight tool asks the traveller', 'ambiguous_place']],
    );
  });
});
