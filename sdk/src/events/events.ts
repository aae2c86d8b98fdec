/**
 * Typed, bubbling, composed events for host pages. Each is added to
 * `GlobalEventHandlersEventMap`, so `el.addEventListener('polyglot-…', e => e.detail…)` is typed.
 */
import type { FlightOffer } from '../protocol/flight-offer.js';
import type { HandoffReason, KnowledgeCitation, TranscriptSegment } from '../protocol/messages.js';
import type { AssistantState } from '../state/assistant-state.js';

export interface PolyglotStateChangeDetail {
  oldState: AssistantState;
  newState: AssistantState;
}
export interface PolyglotErrorDetail {
  /** Stable code: `connect_failed`, `mic_denied`, `connection_lost`, or a server code. */
  code: string;
  message: string;
  /** True when the session ended; the widget shows Retry. */
  fatal: boolean;
}
export type PolyglotTranscriptDetail = TranscriptSegment;
export interface PolyglotReadyDetail {
  transport: 'local' | 'livekit';
}
export interface PolyglotFlightResultsDetail {
  id: string;
  /** The search as the agent ran it (origin, destination, dates, passengers...). */
  query: Record<string, unknown>;
  /** The offers shown as cards (the agent's normalised schema). */
  offers: FlightOffer[];
  provider: string;
}
export interface PolyglotCitationsDetail {
  /** The conversation turn whose answer the sources support (as the widget numbers turns). */
  turn: number;
  /** The sources of this search: the partner's documents, `{title, section?, url?}`. */
  citations: KnowledgeCitation[];
}
export interface PolyglotHandoffDetail {
  /** Why: `human_requested`, `frustrated`, `repeated_failure` or `no_answer`. */
  reason: HandoffReason;
  /** Your chat or contact page (from your partner configuration), if you set one. */
  url?: string | undefined;
  /** Your support number in E.164 form (`+34911234567`), if you set one. */
  phone?: string | undefined;
  /** True when the conversation was put in your operator-console queue. */
  queued?: boolean | undefined;
  /** What the conversation established, for the person who takes over; personal data masked. */
  summary?: string | undefined;
}

export interface PolyglotOfferSelectDetail {
  /** The offer the traveller chose (the agent's normalised schema, as in the cards). */
  offer: FlightOffer;
  /**
   * The partner's deep link for it, from the `offerLinkTemplate` in the partner's configuration;
   * undefined without one.
   */
  link?: string | undefined;
  /** The search that found it, as in `polyglot-flight-results`. */
  query: Record<string, unknown>;
}

export type PolyglotStateChangeEvent = CustomEvent<PolyglotStateChangeDetail>;
export type PolyglotErrorEvent = CustomEvent<PolyglotErrorDetail>;
export type PolyglotTranscriptEvent = CustomEvent<PolyglotTranscriptDetail>;
export type PolyglotReadyEvent = CustomEvent<PolyglotReadyDetail>;
export type PolyglotFlightResultsEvent = CustomEvent<PolyglotFlightResultsDetail>;
/** The agent's answer cites the partner's documents (the widget lists them under it). */
export type PolyglotCitationsEvent = CustomEvent<PolyglotCitationsDetail>;
/** Cancelable: call `preventDefault()` to handle the handoff yourself (no link is shown). */
export type PolyglotHandoffEvent = CustomEvent<PolyglotHandoffDetail>;
/**
 * Cancelable: call `preventDefault()` to take the traveller to your checkout yourself (the
 * widget then does not open `link`). The assistant confirms the choice either way.
 */
export type PolyglotOfferSelectEvent = CustomEvent<PolyglotOfferSelectDetail>;

export interface PolyglotEventMap {
  'polyglot-state-change': PolyglotStateChangeEvent;
  'polyglot-error': PolyglotErrorEvent;
  'polyglot-transcript': PolyglotTranscriptEvent;
  'polyglot-ready': PolyglotReadyEvent;
  'polyglot-flight-results': PolyglotFlightResultsEvent;
  'polyglot-citations': PolyglotCitationsEvent;
  'polyglot-handoff': PolyglotHandoffEvent;
  'polyglot-offer-select': PolyglotOfferSelectEvent;
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface GlobalEventHandlersEventMap extends PolyglotEventMap {}
}

type DetailOf<K extends keyof PolyglotEventMap> =
  PolyglotEventMap[K] extends CustomEvent<infer D> ? D : never;

/** Dispatches from `el` with bubbles and composed on by default; returns false if canceled. */
export function emit<K extends keyof PolyglotEventMap>(
  el: HTMLElement,
  name: K,
  detail: DetailOf<K>,
  init?: CustomEventInit,
): boolean {
  return el.dispatchEvent(
    new CustomEvent(name, { bubbles: true, composed: true, cancelable: false, ...init, detail }),
  );
}
