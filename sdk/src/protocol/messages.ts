/**
 * The local runtime's WebSocket protocol (version 1), shared by the widget and the server.
 *
 * Text frames carry one JSON message each. Binary frames carry raw audio: little-endian
 * PCM16 mono, at {@link CLIENT_AUDIO_SAMPLE_RATE} from the browser and at the rate announced
 * in `audio_start` from the server. The server validates every client message (zod) and
 * answers a malformed one with an `error` message; see docs/protocol.md.
 *
 * This file holds types and constants only, so the widget bundle pays nothing for it.
 */

export const PROTOCOL_VERSION = 1;
/** Microphone audio the widget sends: 16 kHz is what the VAD and every STT provider accept. */
export const CLIENT_AUDIO_SAMPLE_RATE = 16_000;
/** Largest binary frame the server accepts (1 s of 16 kHz PCM16). */
export const MAX_AUDIO_FRAME_BYTES = 32_000;
/** Largest text frame the server accepts. */
export const MAX_TEXT_FRAME_BYTES = 16_384;
/** Largest typed message, in characters. */
export const MAX_USER_TEXT_CHARS = 2_000;
/** Most transcript lines a resumed session carries over. */
export const MAX_RESUME_HISTORY = 40;
/** Most page-context entries a session takes. */
export const MAX_CONTEXT_ENTRIES = 20;
/** The BCP-47 shape every language tag on the wire must have (`es`, `pt-BR`, `zh-Hant-TW`). */
export const LANGUAGE_TAG_PATTERN = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;
/** Longest offer id an `offer_selected` message may carry (providers' ids are ~30 characters). */
export const MAX_OFFER_ID_CHARS = 200;

/**
 * The placeholders a partner's `offerLinkTemplate` may use, filled from the selected offer (its
 * first slice's airports and local date, the return slice's date) and the search that found it.
 * Values are URL-encoded; a value the offer does not have (`returnDate` one way) is empty.
 */
export const OFFER_LINK_PLACEHOLDERS = [
  'offerId',
  'provider',
  'origin',
  'destination',
  'departureDate',
  'returnDate',
  'adults',
  'children',
  'infants',
  'cabin',
  'price',
  'currency',
] as const;
export type OfferLinkPlaceholder = (typeof OFFER_LINK_PLACEHOLDERS)[number];

/**
 * The LiveKit runtime's names, as the agents framework and we use them in a room (the local
 * runtime carries the same messages on its WebSocket).
 */
export const LIVEKIT = {
  /** Our messages to the widget: transcript, tool, flight_results, knowledge, audio_*, handoff, error. */
  TOPIC_EVENTS: 'polyglot.events',
  /** The widget's messages to the worker: `start`, then `offer_selected`. */
  TOPIC_CLIENT: 'polyglot.client',
  /** Typed text (the framework's own topic). */
  TOPIC_CHAT: 'lk.chat',
  /** The framework's transcription streams (we publish the transcript on TOPIC_EVENTS). */
  TOPIC_TRANSCRIPTION: 'lk.transcription',
  /** The agent participant's state attribute (the framework's). */
  ATTR_AGENT_STATE: 'lk.agent.state',
  /** The agent's name that our session tokens dispatch explicitly. */
  AGENT_NAME: 'polyglot',
} as const;

/**
 * Microphone audio a session may send, as a multiple of real time, once its burst allowance
 * ({@link AUDIO_BURST_MS}) is spent. Faster gets `audio_too_fast` and close 4413.
 */
export const AUDIO_MAX_SPEED = 4;
/** Audio a session may send at once beyond real time (a network hiccup delivering a backlog). */
export const AUDIO_BURST_MS = 5_000;
/**
 * How long after a session ends its `ready.resumeToken` still continues it (the widget's resume
 * attempts come 0.5 s and 2.5 s after a drop).
 */
export const RESUME_WINDOW_MS = 60_000;

/** The framework's agent states, plus ours. */
export type AgentState = 'initializing' | 'idle' | 'listening' | 'thinking' | 'speaking';

export type Role = 'user' | 'assistant';

/**
 * Who a transcript segment is from: the caller, the assistant, or a person from the partner who
 * took the conversation over in the operator console (docs/console.md).
 */
export type SegmentRole = Role | 'operator';

/** One transcript segment. `turn` orders conversation turns; segments update in place by `id`. */
export interface TranscriptSegment {
  id: string;
  role: SegmentRole;
  /** The turn this segment belongs to: a user turn and the reply it caused share a number. */
  turn: number;
  text: string;
  final: boolean;
  /** BCP-47 language the STT detected (user) or the reply's language (assistant), if known. */
  language?: string | undefined;
  /** Set on an assistant segment whose audio was cut by the user: `text` is what was heard. */
  interrupted?: boolean | undefined;
}

// ---------------------------------------------------------------------------
// Client -> server
// ---------------------------------------------------------------------------

/**
 * How the widget opens a conversation, in either runtime: inside `hello` on the local socket,
 * as a `start` message on {@link LIVEKIT}.TOPIC_CLIENT in a LiveKit room.
 */
export interface SessionStart {
  /** BCP-47 UI language, used for the greeting and as a hint to the agent. */
  lang?: string | undefined;
  /** Partner page context (home airport, currency, ...), passed to the agent. */
  context?: Record<string, string | number | boolean> | undefined;
  /** False for a text-only session: the server sends no audio. */
  audio?: boolean | undefined;
  /**
   * Set when the widget continues a conversation (after a dropped connection, or Retry): the
   * agent skips its greeting and goes on from `history` (≤ 40 lines of ≤ 2,000 characters).
   */
  resume?: { history: { role: Role; text: string }[] } | undefined;
  /**
   * False when the caller opened the conversation by typing: their message follows at once, and
   * a greeting would only be cut off by it (or answer a question nobody asked). Default true.
   */
  greet?: boolean | undefined;
}

export interface HelloMessage extends SessionStart {
  type: 'hello';
  protocol: number;
  /**
   * A session token from `POST /api/session` (opens one session, once), or the `resumeToken` of
   * the session this one continues (once, while that session is open or within
   * {@link RESUME_WINDOW_MS} of its end).
   */
  token: string;
}

/** LiveKit runtime: the widget's first message in the room (the room token authenticated it). */
export interface StartMessage extends SessionStart {
  type: 'start';
  protocol: number;
}

export interface UserTextMessage {
  type: 'user_text';
  text: string;
}

/** The playback worklet's report for one agent audio segment. */
export interface PlaybackFinishedMessage {
  type: 'playback_finished';
  segment: number;
  /** Samples of the segment that actually reached the speaker, at the segment's sample rate. */
  playedSamples: number;
  interrupted: boolean;
}

export interface PingMessage {
  type: 'ping';
  t: number;
}

/**
 * The caller chose one of the offers shown as cards (on the local socket, and on
 * {@link LIVEKIT}.TOPIC_CLIENT in a LiveKit room). The agent checks it is an offer it returned in
 * this session (otherwise `unknown_offer`) and has the model confirm the choice.
 */
export interface OfferSelectedMessage {
  type: 'offer_selected';
  offerId: string;
}

export type ClientMessage =
  | HelloMessage
  | UserTextMessage
  | PlaybackFinishedMessage
  | PingMessage
  | OfferSelectedMessage;

// ---------------------------------------------------------------------------
// Server -> client
// ---------------------------------------------------------------------------

export interface ReadyMessage {
  type: 'ready';
  protocol: number;
  sessionId: string;
  /** Sample rate of the agent audio that follows `audio_start`. */
  outputSampleRate: number;
  /**
   * Continues this conversation on a new socket if this one drops: send it as `hello.token`
   * (with `resume.history`). Single use, bound to this session's partner and page origin.
   */
  resumeToken?: string | undefined;
}

export interface AgentStateMessage {
  type: 'agent_state';
  state: AgentState;
}

export interface UserStateMessage {
  type: 'user_state';
  state: 'speaking' | 'listening' | 'away';
}

export interface TranscriptMessage extends TranscriptSegment {
  type: 'transcript';
}

/** Agent audio segment boundaries. Binary frames between start and end belong to `segment`. */
export interface AudioStartMessage {
  type: 'audio_start';
  segment: number;
  sampleRate: number;
}
export interface AudioEndMessage {
  type: 'audio_end';
  segment: number;
}
/** Stop playback now (barge-in): the widget drops what is queued and reports the position. */
export interface AudioClearMessage {
  type: 'audio_clear';
}
/** Pause/resume playback (false-interruption handling). */
export interface AudioPauseMessage {
  type: 'audio_pause';
}
export interface AudioResumeMessage {
  type: 'audio_resume';
}

/**
 * A tool call's progress: running, or how it ended. `clarify` is not a failure: the tool needs the
 * traveller to choose or add something first (which London, which day), and the assistant asks.
 */
export type ToolStatus = 'started' | 'finished' | 'clarify' | 'failed';

export interface ToolActivityMessage {
  type: 'tool';
  id: string;
  tool: string;
  status: ToolStatus;
  /** Provider that answered, for a finished search. */
  provider?: string | undefined;
  /** The conversation turn the call belongs to (places the progress line in the transcript). */
  turn?: number | undefined;
}

/** Structured flight results for the cards; the offers' shape is the agent's normalised schema. */
export interface FlightResultsMessage {
  type: 'flight_results';
  id: string;
  query: Record<string, unknown>;
  offers: unknown[];
  provider: string;
  /** The conversation turn the search belongs to (places the cards in the transcript). */
  turn?: number | undefined;
}

/** Most citations one `knowledge` message carries. */
export const MAX_CITATIONS = 10;

/** Where a passage the assistant used comes from: a partner's document. */
export interface KnowledgeCitation {
  /** The document's title. */
  title: string;
  /** The section inside it ("Checked baggage › Weight"), if it has headings. */
  section?: string | undefined;
  /** Where to read it: an http(s) URL, or absent (the widget links only http(s) URLs). */
  url?: string | undefined;
}

/**
 * The sources of the passages the knowledge search gave the model in this turn: the widget
 * shows them as links under the answer and fires `polyglot-citations`.
 */
export interface KnowledgeMessage {
  type: 'knowledge';
  /** The tool call's id (as in `tool`). */
  id: string;
  citations: KnowledgeCitation[];
  /** The conversation turn the search belongs to (places the citations under its answer). */
  turn?: number | undefined;
}

/**
 * Why the agent handed the caller to a person (`handoff.reason`, the `transfer_to_human` tool's
 * `reason`, the `reason` label of `polyglot_handoffs_total`): the caller asked for one, in any
 * language; the caller is frustrated; the assistant failed the same request twice; the assistant
 * has no answer (a policy question the knowledge base does not cover).
 */
export const HANDOFF_REASONS = [
  'human_requested',
  'frustrated',
  'repeated_failure',
  'no_answer',
] as const;
export type HandoffReason = (typeof HANDOFF_REASONS)[number];

/** Longest `handoff.summary`, in characters. */
export const MAX_HANDOFF_SUMMARY_CHARS = 500;

/**
 * The agent hands the traveller to a person. Sent once the model called `transfer_to_human` and
 * the partner has somewhere to hand over to (a partner with none gets no message: the assistant
 * tells the caller no person is available). The widget fires a cancelable `polyglot-handoff`;
 * unless the page cancels it, `url` is shown as a link and `phone` as a call link.
 */
export interface HandoffMessage {
  type: 'handoff';
  reason: HandoffReason;
  /** The partner's chat or contact page (https), when it has one. */
  url?: string | undefined;
  /** The partner's support number (E.164, `+34911234567`), when it has one. */
  phone?: string | undefined;
  /**
   * Set when the conversation was put in the partner's operator-console queue: a person from
   * the partner's team will pick it up there.
   */
  queued?: boolean | undefined;
  /**
   * What the conversation established, for the person who takes over: written by the model,
   * personal data (emails, phone, card and passport numbers) masked. ≤ {@link MAX_HANDOFF_SUMMARY_CHARS}.
   */
  summary?: string | undefined;
}

/**
 * The conversation's language changed: the agent follows the caller into `lang` (BCP-47), and
 * the widget's cards and labels follow the conversation.
 */
export interface LanguageMessage {
  type: 'language';
  lang: string;
  /**
   * `false`: no provider voices this language, so replies in it are text only (the widget says
   * so). Absent: replies are voiced.
   */
  voice?: false;
  /**
   * Present when no recogniser this deployment has covers `lang` (a language the table lacks,
   * e.g. the page's): the caller's words are heard as whichever of these languages they speak
   * (table tags), and the widget tells the caller so. Absent: `lang` is heard.
   */
  hears?: string[];
}

export type ErrorCode =
  | 'bad_message'
  | 'frame_too_large'
  | 'bad_token'
  /** The session token already opened a session (tokens are single use). */
  | 'token_used'
  | 'protocol_version'
  | 'hello_timeout'
  | 'session_limit'
  /** The partner's site is opening sessions faster than its plan allows. */
  | 'rate_limited'
  /** Microphone audio arrived faster than {@link AUDIO_MAX_SPEED} times real time. */
  | 'audio_too_fast'
  /** `offer_selected` named an offer this session never showed. */
  | 'unknown_offer'
  | 'idle_timeout'
  | 'provider_unavailable'
  | 'stt_failed'
  | 'llm_failed'
  | 'tts_failed'
  | 'internal';

export interface ErrorMessage {
  type: 'error';
  code: ErrorCode;
  message: string;
  /** True when the server closes the session after this message. */
  fatal: boolean;
}

export interface PongMessage {
  type: 'pong';
  t: number;
}

/**
 * The server ended the conversation on purpose (a person in the operator console ended it): the
 * widget ends the session as if the caller had, and does not reconnect. The socket closes next.
 */
export interface SessionEndedMessage {
  type: 'session_ended';
  reason: 'operator';
}

export type ServerMessage =
  | ReadyMessage
  | SessionEndedMessage
  | AgentStateMessage
  | UserStateMessage
  | TranscriptMessage
  | AudioStartMessage
  | AudioEndMessage
  | AudioClearMessage
  | AudioPauseMessage
  | AudioResumeMessage
  | ToolActivityMessage
  | FlightResultsMessage
  | KnowledgeMessage
  | HandoffMessage
  | LanguageMessage
  | ErrorMessage
  | PongMessage;

// ---------------------------------------------------------------------------
// Session endpoint (POST /api/session)
// ---------------------------------------------------------------------------

export interface SessionRequest {
  partnerKey?: string | undefined;
  lang?: string | undefined;
}

/** What the partner configured for the widget, delivered with each session descriptor. */
export interface SessionSettings {
  /**
   * The partner's deep link for a selected offer: an https URL with
   * {@link OFFER_LINK_PLACEHOLDERS} in braces (`https://acme.example/book?offer={offerId}`).
   */
  offerLinkTemplate?: string | undefined;
}

export type SessionDescriptor = SessionSettings &
  (
    | { transport: 'local'; url: string; token: string; expiresAt: number }
    | { transport: 'livekit'; url: string; token: string; expiresAt: number }
  );

/** Codes of the session endpoint's (and the server's other HTTP routes') JSON errors. */
export type ApiErrorCode =
  | 'bad_request'
  /** The request's Host is not one this server answers for (421): see POLYGLOT_ALLOWED_HOSTS. */
  | 'host_not_allowed'
  /** The request body did not arrive in time (408). */
  | 'request_timeout'
  | 'method_not_allowed'
  /** An admin route without its token (POLYGLOT_ADMIN_TOKEN), or the console signed out. */
  | 'unauthorized'
  /** The console: a state-changing request without its CSRF token or from another origin. */
  | 'forbidden'
  | 'not_found'
  | 'unknown_partner'
  | 'origin_not_allowed'
  | 'rate_limited'
  | 'providers_missing'
  | 'internal';

export interface ApiError {
  error: { code: ApiErrorCode; message: string; missing?: string[] | undefined };
}

/** WebSocket close codes the server uses (4000-4999 is the application range). */
export const CloseCode = {
  normal: 1000,
  protocolError: 4400,
  badToken: 4401,
  /** The session token was already used, or the resume token's session was already resumed. */
  tokenUsed: 4409,
  /** At capacity (the server's or the partner's) or over the partner's session rate. */
  sessionLimit: 4429,
  idleTimeout: 4408,
  /** Microphone audio far faster than real time. */
  audioTooFast: 4413,
  providerUnavailable: 4503,
  /** The server failed (WebSocket's standard 1011). */
  internalError: 1011,
} as const;
