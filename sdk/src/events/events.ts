/** Typed, bubbling, composed events for host pages. */
import type { TranscriptSegment } from '../protocol/messages.js';
import type { AssistantState } from '../state/assistant-state.js';

export interface PolyglotStateChangeDetail {
  oldState: AssistantState;
  newState: AssistantState;
}
export interface PolyglotErrorDetail {
  code: string;
  message: string;
  fatal: boolean;
}
export type PolyglotTranscriptDetail = TranscriptSegment;
export interface PolyglotReadyDetail {
  transport: 'local' | 'livekit';
}

export type PolyglotStateChangeEvent = CustomEvent<PolyglotStateChangeDetail>;
export type PolyglotErrorEvent = CustomEvent<PolyglotErrorDetail>;
export type PolyglotTranscriptEvent = CustomEvent<PolyglotTranscriptDetail>;
export type PolyglotReadyEvent = CustomEvent<PolyglotReadyDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'polyglot-state-change': PolyglotStateChangeEvent;
    'polyglot-error': PolyglotErrorEvent;
    'polyglot-transcript': PolyglotTranscriptEvent;
    'polyglot-ready': PolyglotReadyEvent;
  }
}

/** Dispatches from `el` with bubbles and composed on by default. */
export function emit<T>(
  el: HTMLElement,
  name: keyof GlobalEventHandlersEventMap,
  detail: T,
  init?: CustomEventInit,
): boolean {
  return el.dispatchEvent(
    new CustomEvent(name, { bubbles: true, composed: true, cancelable: false, ...init, detail }),
  );
}
