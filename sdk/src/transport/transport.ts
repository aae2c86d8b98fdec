/**
 * What every transport (local WebSocket, LiveKit) delivers to the widget: one event stream.
 * Everything above this interface (state machine, transcript, cards) is transport-agnostic.
 */
import {
  LANGUAGE_TAG_PATTERN,
  type AgentState,
  type FlightResultsMessage,
  type HandoffMessage,
  type KnowledgeCitation,
  type KnowledgeMessage,
  MAX_CITATIONS,
  type ServerMessage,
  type SessionDescriptor,
  type ToolActivityMessage,
  type TranscriptSegment,
} from '../protocol/messages.js';

export interface TransportEvents {
  agentState(state: AgentState): void;
  userState(state: 'speaking' | 'listening' | 'away'): void;
  transcript(segment: TranscriptSegment): void;
  /** The agent's audio was cut (barge-in). */
  interrupted(): void;
  tool(activity: ToolActivityMessage): void;
  flightResults(results: FlightResultsMessage): void;
  /** The sources the agent's answer in this turn rests on (the partner's documents). */
  knowledge(knowledge: KnowledgeMessage): void;
  handoff(handoff: HandoffMessage): void;
  /**
   * The conversation's language is `lang` (a BCP-47 tag): the agent followed the caller, or a
   * session starts in a language without a voice. `voice` is false when replies in it are text
   * only (no provider voices it). `hears`, when given: no recogniser covers `lang`, and these
   * are the languages (BCP-47) that are heard.
   */
  language(lang: string, voice: boolean, hears?: readonly string[]): void;
  error(code: string, message: string, fatal: boolean): void;
  /** The server ended the conversation on purpose (`session_ended`): no reconnecting. */
  sessionEnded?(reason: string): void;
  micLevel(level: number): void;
  outputLevel(level: number, active: boolean): void;
  /**
   * The transport is repairing its own connection (LiveKit's ICE/signal reconnect): true while
   * it tries, false once it is back. A failed repair ends with `closed(false)`.
   */
  reconnecting?(active: boolean): void;
  /** The connection ended; `expected` is false for a drop. */
  closed(expected: boolean): void;
}

/**
 * Routes the messages both transports carry the same way: the voice-session core's messages, on
 * the local socket and on `polyglot.events` in a LiveKit room alike (transcript with its turns,
 * states, barge-in, tool progress, flight results, handoffs, errors). Returns false for anything
 * transport-specific (audio framing, pong), which the caller handles.
 */
export function routeAppMessage(m: ServerMessage, events: TransportEvents): boolean {
  switch (m.type) {
    case 'agent_state':
      events.agentState(m.state);
      return true;
    case 'user_state':
      events.userState(m.state);
      return true;
    case 'transcript': {
      const { type: _t, ...segment } = m;
      events.transcript(segment);
      return true;
    }
    case 'audio_clear':
      // The agent's audio was cut: the local socket core already dropped its playback; LiveKit's
      // framework stopped the track.
      events.interrupted();
      return true;
    case 'tool':
      events.tool(m);
      return true;
    case 'flight_results':
      events.flightResults(m);
      return true;
    case 'knowledge': {
      const citations = Array.isArray(m.citations)
        ? m.citations.filter(isCitation).slice(0, MAX_CITATIONS)
        : [];
      if (typeof m.id === 'string' && citations.length) events.knowledge({ ...m, citations });
      return true;
    }
    case 'handoff':
      events.handoff(m);
      return true;
    case 'language':
      if (typeof m.lang === 'string' && LANGUAGE_TAG_PATTERN.test(m.lang))
        events.language(
          m.lang,
          m.voice !== false,
          Array.isArray(m.hears)
            ? m.hears.filter(
                (t): t is string => typeof t === 'string' && LANGUAGE_TAG_PATTERN.test(t),
              )
            : undefined,
        );
      return true;
    case 'error':
      events.error(m.code, m.message, m.fatal);
      return true;
    case 'session_ended':
      events.sessionEnded?.(m.reason);
      return true;
    default:
      return false;
  }
}

/** A citation the widget can show: a title; its URL is checked again where it is linked. */
const isCitation = (c: KnowledgeCitation | null): c is KnowledgeCitation =>
  typeof c?.title == 'string' && typeof (c.url ?? '') == 'string';

export interface TransportStats {
  /**
   * Agent audio samples that reached the speaker: at their source rate (local); at the voice
   * meter's context rate, and only those of 10 ms blocks above -50 dBFS (LiveKit, where WebRTC
   * plays the voice and `audio/voice-meter.ts` listens to it).
   */
  playedSamples: number;
  /** Agent audio played, in milliseconds (LiveKit: while the voice was audible). */
  playedMs: number;
  /**
   * When the speaker reached `playedSamples`, in page time (`performance.now()`), from the audio
   * clock rather than from when the page heard of it (it learns every ~23 ms, later if its main
   * thread is busy); `outputLatencyMs` included. Undefined before any output, or where the
   * browser does not tell the output time (local).
   */
  playedAt?: number;
  /**
   * What the audio device adds between the page rendering agent audio and the listener hearing
   * it, in ms (the AudioContext's `outputLatency`). Undefined where unknown.
   */
  outputLatencyMs?: number;
  /** Microphone audio sent, in milliseconds. */
  sentMs: number;
  /** Microphone chunks dropped because the network could not keep up. */
  droppedChunks: number;
  /**
   * Silence heard in the middle of agent audio because its next chunk arrived late, in ms
   * (0 where the transport plays audio natively, as LiveKit's does).
   */
  gapMs: number;
  /**
   * True when microphone and agent audio bypass the page's main thread (the local transport's
   * socket runs in a Worker), or are played natively (LiveKit). False for the local transport's
   * fallback where the page's CSP forbids Blob workers.
   */
  audioOffMainThread: boolean;
  /**
   * How the microphone is captured: `track` (its frames read directly, off the AudioContext:
   * Chromium, local transport), `worklet` (a capture AudioWorklet), `native` (LiveKit publishes
   * the track over WebRTC), `none` (no microphone, or not started yet).
   */
  micCapture: 'track' | 'worklet' | 'native' | 'none';
}

/** Stats before any audio moved (no transport yet, or a test double). */
export const NO_STATS: Readonly<TransportStats> = Object.freeze({
  playedSamples: 0,
  playedMs: 0,
  sentMs: 0,
  droppedChunks: 0,
  gapMs: 0,
  audioOffMainThread: false,
  micCapture: 'none',
});

export interface ConnectOptions {
  lang: string;
  context?: Record<string, string | number | boolean> | undefined;
  withMic: boolean;
  /** False for a text-only session: no agent audio, no AudioContext. */
  audio: boolean;
  /** The conversation so far, when this session continues one (no second greeting). */
  resume?: { history: { role: 'user' | 'assistant'; text: string }[] } | undefined;
  /** False when the conversation opens with a typed message: the agent answers it, no greeting. */
  greet?: boolean | undefined;
}

export interface Transport {
  /** Starts audio inside the user's gesture, before any network round trip (Safari/iOS). */
  prepareAudio?(withMic: boolean): Promise<void>;
  connect(descriptor: SessionDescriptor, options: ConnectOptions): Promise<void>;
  /**
   * What continues this session on a new connection after a drop: the server's single-use resume
   * credential (local transport), or undefined where there is none (LiveKit: a new session).
   * Read it when the connection drops; the server honours it for `RESUME_WINDOW_MS` from then.
   */
  resumeDescriptor?(): SessionDescriptor | undefined;
  sendText(text: string): void;
  /** Tells the agent the caller chose one of the offers it showed (`offer_selected`). */
  selectOffer(offerId: string): void;
  setMuted(muted: boolean): void;
  close(): Promise<void>;
  readonly stats: TransportStats;
}
