/**
 * Flight tool progress and results as the widget receives them, in both runtimes: the local
 * WebSocket sends these messages as they are; the LiveKit worker publishes the same JSON on the
 * room topic {@link POLYGLOT_EVENTS_TOPIC}.
 */
import type { ServerMessage } from '../../../sdk/src/protocol/messages.js';
import type { FlightToolEvent } from '../tools/flights/index.js';

export const POLYGLOT_EVENTS_TOPIC = 'polyglot.events';

export type ToolEventMessage = Extract<ServerMessage, { type: 'tool' | 'flight_results' }>;

export function toolMessage(e: FlightToolEvent): ToolEventMessage {
  switch (e.type) {
    case 'tool_started':
      return { type: 'tool', id: e.id, tool: e.tool, status: 'started' };
    case 'tool_finished':
      return {
        type: 'tool',
        id: e.id,
        tool: e.tool,
        status: e.ok ? 'finished' : 'failed',
        provider: e.provider,
      };
    case 'flight_results':
      return {
        type: 'flight_results',
        id: e.id,
        query: { ...e.query },
        offers: e.offers,
        provider: e.provider,
      };
  }
}
