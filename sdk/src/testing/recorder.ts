/** TransportEvents that record what a transport delivered. */
import type {
  AgentState,
  FlightResultsMessage,
  KnowledgeMessage,
  ToolActivityMessage,
  TranscriptSegment,
} from '../protocol/messages.js';
import type { TransportEvents } from '../transport/transport.js';

export interface Recorder {
  events: TransportEvents;
  states: AgentState[];
  segments: TranscriptSegment[];
  tools: ToolActivityMessage[];
  flights: FlightResultsMessage[];
  knowledge: KnowledgeMessage[];
  /** Each `language` event: the tag and whether replies in it are voiced. */
  languages: { lang: string; voice: boolean }[];
  interruptions: number;
  closed: boolean[];
}

export function recorder(): Recorder {
  const r: Recorder = {
    states: [],
    segments: [],
    tools: [],
    flights: [],
    knowledge: [],
    languages: [],
    interruptions: 0,
    closed: [],
    events: {
      agentState: (s) => r.states.push(s),
      userState: () => {},
      transcript: (s) => r.segments.push({ ...s }),
      interrupted: () => r.interruptions++,
      tool: (t) => r.tools.push(t),
      flightResults: (f) => r.flights.push(f),
      knowledge: (k) => r.knowledge.push(k),
      handoff: () => {},
      language: (lang, voice) => r.languages.push({ lang, voice }),
      error: () => {},
      micLevel: () => {},
      outputLevel: () => {},
      closed: (expected) => r.closed.push(expected),
    },
  };
  return r;
}

export const flightResultsOf = (r: Recorder) =>
  r.flights.map((f) => `${f.id}:${(f.offers as { id: string }[]).map((o) => o.id).join(',')}`);
