/**
 * UI strings. English ships in the entry bundle; every other language is its own small chunk
 * under `locales/`, loaded when the widget first needs it (see locale.ts).
 *
 * Placeholders: `{n}` a number. Counted things ({@link Plural}) have a form per plural category
 * of the language (`Intl.PluralRules`: Arabic has six, Russian four, Japanese one).
 */
import type { AssistantState } from '../state/assistant-state.js';

/**
 * A counted phrase, one form per `Intl.PluralRules` category the language has; `other` is the
 * fallback. `{n}` is the number, formatted for the language (a form may spell it out instead:
 * Arabic's dual "رحلتان").
 */
export type Plural = { other: string } & Partial<
  Record<Exclude<Intl.LDMLPluralRule, 'other'>, string>
>;

export interface Strings {
  title: string;
  /** Launcher button (floating layout). */
  open: string;
  close: string;
  start: string;
  stop: string;
  /** The microphone button while a microphone is open (a toggle: pressed = muted). */
  mute: string;
  /** Status while the microphone is muted. */
  muted: string;
  /** Status while the agent writes its reply in a session without its voice (text mode). */
  replying: string;
  send: string;
  inputLabel: string;
  inputPlaceholder: string;
  transcriptLabel: string;
  you: string;
  assistant: string;
  /** Label of a message from a person who took the conversation over (operator console). */
  person: string;
  interrupted: string;
  retry: string;
  /** Shown before the first message, voice modes. */
  empty: string;
  /** Shown before the first message, text mode. */
  emptyText: string;
  /** `ready` shows the `idle` label ("Ready"), or `muted`. */
  states: Record<Exclude<AssistantState, 'ready'>, string>;
  toolRunning: string;
  toolDone: string;
  toolFailed: string;
  /** The tool needs the traveller to choose or add something first (not a failure). */
  toolQuestion: string;
  flights: string;
  /** How many offers a search shows ("5 flights"). */
  flightCount: Plural;
  /** Zero stops. */
  nonstop: string;
  stops: Plural;
  /** A card's button that chooses the offer, and its state once chosen. */
  select: string;
  selected: string;
  departs: string;
  arrives: string;
  handoff: string;
  /** Heading of the links under an answer drawn from the partner's documents. */
  sources: string;
  /**
   * Shown while the conversation's language has no voice (the agent's `language` message with
   * `voice: false`): replies come as text only. `{language}` is that language's name in the UI
   * language (`Intl.DisplayNames`, nominative: put it where the grammar does not inflect it).
   */
  textOnly: string;
  /**
   * Shown while the conversation's language is one no recogniser covers (the `language` message
   * with `hears`). `{language}`: its name in the UI language (nominative, as for `textOnly`);
   * `{count}`: how many languages are heard (a number: put it where no plural agrees with it);
   * `{examples}`: a few of them, named in the UI language and listed by `Intl.ListFormat`.
   */
  notHeard: string;
  errors: {
    connect_failed: string;
    mic_denied: string;
    connection_lost: string;
    session_limit: string;
    provider_unavailable: string;
    /** The page's origin is not on the server's allowed list (an embedding mistake). */
    origin_not_allowed: string;
    generic: string;
  };
}

export type ErrorKey = keyof Strings['errors'];

/**
 * Where a UI language's strings come from (each module under `locales/` exports it as `meta`).
 * `machine`: written by a language model for this project and not reviewed by a native speaker;
 * `reviewed`: checked by a native speaker since (say who in docs/embedding.md § Languages).
 */
export interface LocaleMeta {
  translation: 'machine' | 'reviewed';
}

export const en: Strings = {
  title: 'Travel assistant',
  open: 'Open the travel assistant',
  close: 'Close',
  start: 'Start voice conversation',
  stop: 'End conversation',
  mute: 'Mute microphone',
  muted: 'Microphone muted',
  replying: 'Replying…',
  send: 'Send',
  inputLabel: 'Type a message',
  inputPlaceholder: 'Type a message…',
  transcriptLabel: 'Conversation',
  you: 'You',
  assistant: 'Assistant',
  person: 'Support agent',
  interrupted: 'interrupted',
  retry: 'Try again',
  empty: 'Press the microphone and say where you want to fly.',
  emptyText: 'Type where you want to fly.',
  states: {
    idle: 'Ready',
    connecting: 'Connecting…',
    listening: 'Listening',
    thinking: 'Thinking…',
    searching: 'Searching flights…',
    speaking: 'Speaking',
    interrupted: 'Interrupted',
    reconnecting: 'Reconnecting…',
    error: 'Something went wrong',
  },
  toolRunning: 'Searching flights',
  toolDone: 'Search done',
  toolFailed: 'Search failed',
  toolQuestion: 'One question first',
  flights: 'Flight offers',
  flightCount: { one: '{n} flight', other: '{n} flights' },
  nonstop: 'Nonstop',
  stops: { one: '{n} stop', other: '{n} stops' },
  select: 'Select',
  selected: 'Selected',
  departs: 'Departs',
  arrives: 'Arrives',
  handoff: 'Talk to a person',
  sources: 'Sources',
  textOnly: 'Replies in {language} are text only: no voice speaks this language yet.',
  notHeard: 'Not understood yet: {language}. Languages understood ({count}): {examples}…',
  errors: {
    connect_failed: 'Could not reach the assistant. Check your connection and try again.',
    mic_denied: 'Microphone access is blocked. Allow it in your browser, or type instead.',
    connection_lost: 'The connection to the assistant was lost.',
    session_limit: 'The assistant is busy right now. Please try again in a minute.',
    provider_unavailable: 'The assistant is unavailable right now. Please try again later.',
    origin_not_allowed: 'This site is not allowed to use the assistant.',
    generic: 'Something went wrong. Please try again.',
  },
};

/** Fills `{n}`-style placeholders. */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => String(values[k] ?? m));
}

/** `n` things in the language `tag`: the form its plural rules pick, with `n` formatted. */
export function plural(forms: Plural, n: number, tag: string): string {
  const form = forms[new Intl.PluralRules(tag).select(n)] ?? forms.other;
  return fill(form, { n: new Intl.NumberFormat(tag).format(n) });
}
