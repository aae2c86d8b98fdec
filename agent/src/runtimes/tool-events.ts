/**
 * Flight tool progress and results as the widget receives them, in both runtimes: the local
 * WebSocket sends these messages as they are; the LiveKit worker publishes the same JSON on the
 * room topic `polyglot.events`.
 */
import type { Logger } from 'pino';
import type { ServerMessage } from '../../../sdk/src/protocol/messages.js';
import type { AgentTools } from '../agent.js';
import type { ToolEmit } from '../session/voice-session.js';
import { createFlightTools, type FlightToolEvent } from '../tools/flights/index.js';
import type { FlightSearch } from '../tools/flights/types.js';

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
        status: e.outcome,
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

/**
 * The flight tools a session gets, in either runtime: searches run on `search` (the process's one
 * chain, or a proxy to it), and progress and cards go to the widget through the core's `emit`.
 */
export function flightToolsFor(
  search: FlightSearch,
  logger: Logger,
): (emit: ToolEmit, lang: () => string) => AgentTools {
  return (emit, lang) =>
    createFlightTools({
      search,
      // The page's locale at the start ("en-CA"): later switches follow the speech, which has
      // no country.
      locale: lang(),
      onEvent: (e) => {
        // A question for the traveller is an ordinary turn of the conversation, not an error.
        if (e.type === 'tool_finished' && e.outcome === 'clarify')
          logger.info({ tool: e.tool, code: e.error?.code }, 'flight tool asks the traveller');
        emit(toolMessage(e));
      },
      onError: (err) => logger.warn({ err }, 'flight tool failed'),
    });
}
