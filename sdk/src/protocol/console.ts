/**
 * The operator console's wire types, shared by the server (agent/src/console, agent/src/state)
 * and the console page (sdk/src/console): the JSON of `/console/api/*` and its event stream.
 * See docs/console.md.
 *
 * This file holds types and constants only, so the page's bundle pays nothing for it.
 */
import type { ErrorCode, HandoffReason, KnowledgeCitation } from './messages.js';

/** The caller's mood, as the model judges it (the `note_sentiment` tool). */
export const SENTIMENTS = ['positive', 'neutral', 'confused', 'frustrated', 'angry'] as const;
export type Sentiment = (typeof SENTIMENTS)[number];

export type SessionRuntime = 'local' | 'livekit';

/** The signed-in operator, as `GET /console/api/me` and sign-in answer. */
export interface ConsoleMe {
  username: string;
  role: 'admin' | 'operator';
  partner: string | null;
  csrf: string;
}

/**
 * A line of a session's transcript in the console: what someone said (`user`, `assistant`, or
 * `operator`: a person in the console, who took the conversation over), or what the caller was
 * shown in that turn besides words, from the same messages the widget got: `flights` (a summary
 * of the flight offers shown as cards), `citations` (the sources of the knowledge passages the
 * answer used), `error` (a problem the caller was told about: an `error` message).
 */
export interface TranscriptLine {
  role: 'user' | 'assistant' | 'operator' | 'flights' | 'citations' | 'error';
  turn: number;
  /**
   * Masked text: the words; for `flights` a summary of the offers shown as cards ("3 offers,
   * MAD → LHR, 2026-05-01, cheapest 123.45 EUR (duffel)"); for `citations` the titles; for
   * `error` what the caller was told.
   */
  text: string;
  language: string | undefined;
  at: number;
  /** `citations`: each source (title and section masked; the page links http(s) URLs only). */
  citations?: KnowledgeCitation[] | undefined;
  /** `error`: the message's code. */
  code?: ErrorCode | undefined;
}

export interface HandoffRecord {
  reason: HandoffReason;
  /** The model's summary, masked. */
  summary: string;
  /** Where the caller was handed; none means no person was available (the caller was told). */
  targets: { url?: string | undefined; phone?: string | undefined; queue?: string | undefined };
  turn: number;
  at: number;
}

export interface SentimentRecord {
  sentiment: Sentiment;
  turn: number;
  at: number;
}

/**
 * One turn's latency breakdown (ms), as `/metrics` counts it: `voiceToVoiceMs` is
 * `eouMs + llmMs + ttsMs` (end of utterance delay, LLM time to first token, TTS time to first
 * byte); `sttMs` (end of speech to the final transcript) runs inside the end-of-utterance wait.
 */
export interface TurnLatency {
  eouMs: number;
  sttMs: number | undefined;
  llmMs: number;
  ttsMs: number;
  voiceToVoiceMs: number;
  at: number;
}

/** The `latency` event of `GET /console/api/events`: a turn of a session was timed. */
export interface LatencyEvent {
  sessionId: string;
  latency: TurnLatency;
}

/** One live session as the console lists it. */
export interface SessionSummary {
  id: string;
  partner: string;
  lang: string;
  runtime: SessionRuntime;
  startedAt: number;
  /** The caller's latest mood, as the model noted it. */
  mood: Sentiment | undefined;
  /** The latest handoff's reason, if the model handed the caller over. */
  handoff: string | undefined;
  /** The username of the person who has the conversation, if someone took it over. */
  takenOverBy: string | undefined;
  /** The last timed turn's voice-to-voice, ms. */
  lastTurnMs: number | undefined;
  /** The tool running now (`search_flights`, `search_knowledge`, …), if one is. */
  tool: string | undefined;
}

/** A conversation handed to a person, waiting in the console's queue. */
export interface QueuedHandoff {
  /** Stable id of this entry (the session id: a session is queued once). */
  ticket: string;
  sessionId: string;
  partner: string;
  /** The partner's queue name (`handoff.queue` in its configuration). */
  queue: string;
  reason: HandoffReason;
  /** The model's summary, personal data masked. */
  summary: string;
  /** The conversation's language when it was handed over. */
  lang: string;
  queuedAt: number;
  /** Set when the caller's session ended while the entry still waited. */
  sessionEndedAt: number | undefined;
}

/** The `snapshot` event of `GET /console/api/events`. */
export interface Snapshot {
  now: number;
  sessions: SessionSummary[];
  /** Waiting handoffs, oldest first. */
  queue: QueuedHandoff[];
}

/** The `line` event of `GET /console/api/events`. */
export interface LineEvent {
  sessionId: string;
  line: TranscriptLine;
}

/** `GET /console/api/sessions/:id`: a session's record so far. */
export interface SessionDetail {
  id: string;
  partner: string;
  lang: string;
  runtime: SessionRuntime;
  startedAt: number;
  endedAt: number | undefined;
  endReason: string | undefined;
  transcript: TranscriptLine[];
  /** Each time the model handed the caller to a person (or found no one to hand to). */
  handoffs: HandoffRecord[];
  /** The caller's mood as the model noted it, oldest first (the last is the latest). */
  sentiments: SentimentRecord[];
  /** The latest timed turns' latency breakdowns, oldest first (the last 50). */
  latencies: TurnLatency[];
  takenOverBy: string | undefined;
}

/** The actions on a live session, `POST /console/api/sessions/:id/<action>`. */
export type ConsoleAction = 'take-over' | 'message' | 'hand-back' | 'end';

/**
 * One session in the history (`GET /console/api/history`, and a row of its CSV export): what the
 * analytics count, without the transcript. Live sessions appear with `endedAt` unset.
 */
export interface HistoryEntry {
  id: string;
  partner: string;
  runtime: SessionRuntime;
  startedAt: number;
  endedAt: number | undefined;
  endReason: string | undefined;
  /** Every language the conversation used, the starting one first. */
  languages: string[];
  /** The caller's turns (spoken or typed lines). */
  turns: number;
  /** Each handoff's reason, in order. */
  handoffs: HandoffReason[];
  /** Flight searches that found offers, and those that failed (no offers, or an error). */
  flightSearches: { succeeded: number; failed: number };
  /** Voice-to-voice of each timed turn, in ms (the same figures as `/metrics`). */
  voiceToVoiceMs: number[];
  /** The caller's latest mood, as the model noted it. */
  mood: Sentiment | undefined;
}

/** `GET /console/api/analytics`: the history's figures over the window. */
export interface HistoryAnalytics {
  now: number;
  /** How far back the history reaches (`POLYGLOT_HISTORY_TTL_HOURS`). */
  windowMs: number;
  /** When this process started: nothing before it is known. */
  since: number;
  sessions: number;
  /** Sessions started per hour (the hour's start, epoch ms), oldest first, empty hours included. */
  perHour: { hour: number; sessions: number }[];
  /** Sessions per language (a session that used two counts for both), most first. */
  languages: { lang: string; sessions: number }[];
  handoffs: {
    /** Sessions with at least one handoff. */
    sessions: number;
    /** `sessions` over all sessions; null with no sessions. */
    rate: number | null;
    /** Handoffs per reason, most first. */
    reasons: { reason: HandoffReason; count: number }[];
  };
  flightSearches: { succeeded: number; failed: number; successRate: number | null };
  voiceToVoice: { turns: number; p50Ms: number | null; p95Ms: number | null };
}
