import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { AudioController } from '../../controllers/audio-controller.js';
import { loudness, PresenceController } from '../../controllers/presence-controller.js';
import {
  defaultDeps,
  SessionController,
  type SessionConfig,
  type SessionDeps,
  type SessionSink,
} from '../../controllers/session-controller.js';
import {
  TranscriptController,
  type ConversationItem,
  type FlightResultsEntry,
  type ToolEntry,
} from '../../controllers/transcript-controller.js';
import { emit } from '../../events/events.js';
import { offerLink } from '../../flights/offer-link.js';
import {
  formatTag,
  loadStrings,
  resolveLocale,
  stringsFor,
  type Locale,
} from '../../i18n/locale.js';
import { en, fill, type ErrorKey, type Strings } from '../../i18n/strings.js';
import type { FlightOffer } from '../../protocol/flight-offer.js';
import type {
  ApiErrorCode,
  ErrorCode,
  HandoffMessage,
  TranscriptSegment,
} from '../../protocol/messages.js';
import type { AssistantState } from '../../state/assistant-state.js';
import type { Clock } from '../../time/clock.js';
import { resumeHistory } from '../../transcript/resume-history.js';
import { NO_STATS, type TransportStats } from '../../transport/transport.js';
import type * as CardsModule from '../flight-card/flight-card.js';
import { renderCitations } from '../citations/citations.js';
import { styles } from './assistant.styles.js';

/** Languages named as examples of those heard after the caller's own (most speakers first). */
const WIDELY_SPOKEN = ['en', 'zh', 'hi', 'es', 'fr', 'ar'];

export type AssistantMode = 'voice' | 'text' | 'both';
export type AssistantLayout = 'inline' | 'floating';
export type AssistantTheme = 'light' | 'dark' | 'auto';

const MIC_ICON = html`<svg viewBox="0 0 24 24" aria-hidden="true">
  <path
    d="M12 14a3 3 0 0 0 3-3V5a3 3 0 0 0-6 0v6a3 3 0 0 0 3 3Zm5-3a5 5 0 0 1-10 0H5a7 7 0 0 0 6 6.92V21h2v-3.08A7 7 0 0 0 19 11h-2Z"
  />
</svg>`;
/** The microphone, struck through: muted. */
const MIC_OFF_ICON = html`<svg viewBox="0 0 24 24" aria-hidden="true">
  <path
    d="M12 14a3 3 0 0 0 3-3V5a3 3 0 0 0-6 0v6a3 3 0 0 0 3 3Zm5-3a5 5 0 0 1-10 0H5a7 7 0 0 0 6 6.92V21h2v-3.08A7 7 0 0 0 19 11h-2Z"
    opacity=".45"
  />
  <path d="m3.5 4.9 1.4-1.4 15.6 15.6-1.4 1.4Z" />
</svg>`;
const STOP_ICON = html`<svg viewBox="0 0 24 24" aria-hidden="true">
  <rect x="6" y="6" width="12" height="12" rx="2" />
</svg>`;
const CHAT_ICON = html`<svg viewBox="0 0 24 24" aria-hidden="true">
  <path
    d="M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H8l-4 4V6a2 2 0 0 1 2-2Zm3 6v2h2v-2H7Zm4 0v2h2v-2h-2Zm4 0v2h2v-2h-2Z"
  />
</svg>`;
const CLOSE_ICON = html`<svg viewBox="0 0 24 24" aria-hidden="true">
  <path
    d="m6.4 5 5.6 5.6L17.6 5 19 6.4 13.4 12l5.6 5.6-1.4 1.4-5.6-5.6L6.4 19 5 17.6l5.6-5.6L5 6.4Z"
  />
</svg>`;
const SEND_ICON = html`<svg viewBox="0 0 24 24" aria-hidden="true">
  <path d="M3 20.5 21 12 3 3.5v6.6l12 1.9-12 1.9Z" />
</svg>`;

/** A language's name in the UI language (`Intl.DisplayNames`), or its tag where there is none. */
function languageName(tag: string, ui: string): string {
  try {
    return new Intl.DisplayNames([ui], { type: 'language' }).of(tag) ?? tag;
  } catch {
    return tag; // a browser without DisplayNames, or a tag it refuses
  }
}

/** A speaker struck through: replies without a voice. */
const NO_VOICE_ICON = html`<svg viewBox="0 0 24 24" aria-hidden="true">
  <path
    d="M4 9v6h4l5 4V5L8 9Zm12.5 3 2.5-2.5-1-1-2.5 2.5L13 8.5l-1 1 2.5 2.5-2.5 2.5 1 1 2.5-2.5 2.5 2.5 1-1Z"
  />
</svg>`;

const FLIGHT_SEARCH_TOOL = 'search_flights';

type Cards = typeof CardsModule;
/**
 * The flight cards' renderer and formatting: their own chunk, loaded when a conversation's first
 * offers arrive (a page that loads the widget does not wait for it).
 */
let cards: Cards | undefined;
let cardsLoad: Promise<unknown> | undefined;
const loadCards = (): Promise<unknown> =>
  (cardsLoad ??= import('../flight-card/flight-card.js').then(
    (m) => (cards = m),
    () => (cardsLoad = undefined), // offline for a moment: the next offers try again
  ));

/** Codes the widget raises itself: no answer from the server, the microphone, a lost socket. */
type ClientErrorCode = 'connect_failed' | 'http_0' | 'mic_denied' | 'connection_lost';

/**
 * The message each error code shows (any other code shows the generic one). Keyed by the
 * protocol's own code types, so a code the server does not send fails the typecheck.
 */
const ERROR_KEYS: Partial<Record<ErrorCode | ApiErrorCode | ClientErrorCode, ErrorKey>> = {
  connect_failed: 'connect_failed',
  http_0: 'connect_failed',
  hello_timeout: 'connect_failed',
  request_timeout: 'connect_failed',
  token_used: 'connect_failed',
  mic_denied: 'mic_denied',
  connection_lost: 'connection_lost',
  session_limit: 'session_limit',
  rate_limited: 'session_limit',
  provider_unavailable: 'provider_unavailable',
  providers_missing: 'provider_unavailable',
  // Embedding mistakes: the visitor can do nothing about them (the event carries the detail).
  unknown_partner: 'provider_unavailable',
  origin_not_allowed: 'origin_not_allowed',
  host_not_allowed: 'provider_unavailable',
  protocol_version: 'provider_unavailable',
};

/** Errors a new session cannot mend (server configuration, embedding): no "Try again" for them. */
const NOT_RETRYABLE: ReadonlySet<string> = new Set<ErrorCode | ApiErrorCode>([
  'providers_missing',
  'unknown_partner',
  'origin_not_allowed',
  'host_not_allowed',
  'protocol_version',
]);

/**
 * @tagname polyglot-assistant
 * @summary A multilingual voice assistant for travel sites: talk or type, hear the answer, see
 * flight offers as cards.
 *
 * @fires polyglot-ready - The session is connected: `{transport}`.
 * @fires polyglot-state-change - The assistant's state changed: `{oldState, newState}`.
 * @fires polyglot-transcript - A transcript segment was added or updated.
 * @fires polyglot-flight-results - Flight offers arrived: `{id, query, offers, provider}`.
 * @fires polyglot-error - Something failed: `{code, message, fatal}`.
 * @fires polyglot-citations - An answer rests on the partner's documents: `{turn, citations}`, each citation `{title, section?, url?}` (shown as links under the answer).
 * @fires polyglot-handoff - The agent hands over to a person (cancelable): `{reason, url?, phone?, queued?, summary?}`.
 * @fires polyglot-offer-select - The traveller chose a flight card (cancelable): `{offer, link?, query}`. Unless canceled, the partner's `link` opens in a new tab; the assistant confirms the choice either way.
 *
 * @csspart launcher - The round button that opens the panel (floating layout).
 * @csspart panel - The assistant's panel.
 * @csspart header - The panel's title bar.
 * @csspart close-button - Closes the panel (floating layout).
 * @csspart status - The state's name, under the title (a polite live region).
 * @csspart indicator - The presence orb: its colour and motion show the state, and its size and halo follow the real microphone or voice level.
 * @csspart transcript - The conversation list.
 * @csspart message - One message (either side).
 * @csspart message-user - A message from the traveller (with `message`).
 * @csspart message-assistant - A message from the assistant (with `message`).
 * @csspart message-operator - A message from a person who took the conversation over in the operator console (with `message`).
 * @csspart interrupted-tag - The "interrupted" mark on a reply the traveller cut off.
 * @csspart tool - A tool progress line (e.g. a flight search with its elapsed time).
 * @csspart flight-results - A set of flight offers.
 * @csspart flight-card - One flight offer.
 * @csspart select-button - A card's button that chooses its offer.
 * @csspart citations - The sources under an answer drawn from the partner's documents.
 * @csspart citations-label - The "Sources" label of that list.
 * @csspart citation - One source: a link (opens in a new tab) or, without an http(s) URL, text.
 * @csspart text-only - The notice that replies in the conversation's language are text only (no voice speaks it).
 * @csspart not-heard - The notice that the conversation's language is not understood, with how many languages are and a few of them.
 * @csspart error - The error message.
 * @csspart retry-button - Starts a new session after an error a retry can mend.
 * @csspart handoff - The link to continue with a person.
 * @csspart handoff-phone - The partner's support number, as a call link.
 * @csspart footer - The controls row.
 * @csspart mic-button - The microphone: starts talking when off; mutes and unmutes while open (`data-mic` is `off`, `on` or `muted`).
 * @csspart end-button - Ends the conversation (shown while one is open).
 * @csspart text-input - The typed-message field.
 * @csspart send-button - Sends the typed message.
 *
 * @cssproperty --polyglot-accent - Accent colour (buttons, speaking indicator).
 * @cssproperty --polyglot-on-accent - Text and icons on the accent colour.
 * @cssproperty --polyglot-background - Panel background.
 * @cssproperty --polyglot-surface - Raised surfaces (cards, input).
 * @cssproperty --polyglot-foreground - Text colour.
 * @cssproperty --polyglot-muted - Secondary text colour.
 * @cssproperty --polyglot-border - Hairlines and outlines.
 * @cssproperty --polyglot-user-bubble - Background of the user's messages.
 * @cssproperty --polyglot-assistant-bubble - Background of the assistant's messages.
 * @cssproperty --polyglot-danger - Error and stop colour.
 * @cssproperty --polyglot-radius - Panel corner radius.
 * @cssproperty --polyglot-font-family - Font stack.
 * @cssproperty --polyglot-z-index - Stacking order of the floating launcher and panel.
 * @cssproperty --polyglot-panel-width - Panel width (floating and inline).
 * @cssproperty --polyglot-panel-height - Panel height.
 * @cssproperty --polyglot-offset - Distance of the floating launcher from the viewport edges.
 */
export class PolyglotAssistant extends LitElement {
  static override styles = styles;

  /** Session endpoint that returns a session descriptor (POST). */
  @property() endpoint = '/api/session';
  /** UI and speech language (BCP-47). Empty or `auto` follows `navigator.languages`. */
  @property() override lang = '';
  /** Public partner key. */
  @property({ attribute: 'partner-key' }) partnerKey = '';
  /** Page context passed to the agent (home airport, currency...). */
  @property({ attribute: false }) context: Record<string, string | number | boolean> | undefined;
  /** `voice` (microphone only), `text` (typing only) or `both`. */
  @property({ reflect: true }) mode: AssistantMode = 'both';
  /** `inline` (a panel where you put the tag) or `floating` (a launcher button in the corner). */
  @property({ reflect: true }) layout: AssistantLayout = 'inline';
  /** `light`, `dark`, or `auto` (follows `prefers-color-scheme`). */
  @property({ reflect: true }) theme: AssistantTheme = 'light';
  /**
   * Whether the floating panel is open (attribute `open`). Named `opened` because `open()` is
   * a method. An inline panel is always shown.
   */
  @property({ type: Boolean, reflect: true, attribute: 'open' }) opened = false;

  /** The assistant's state, reflected as the `state` attribute. Read-only. */
  @property({ reflect: true }) state: AssistantState = 'idle';

  @state() private _locale: Locale = { tag: 'en', ui: 'en', dir: 'ltr' };
  @state() private _strings: Strings = en;
  @state() private _error: { code: string; message: string } | undefined;
  @state() private _handoff: HandoffMessage | undefined;
  /** The card chosen last (`selectionKey`). */
  @state() private _selected: string | undefined;
  /** The conversation's language, once the agent says it (it follows the caller). */
  #conversationLang: string | undefined;
  /** The conversation's language while no voice speaks it (replies are text only). */
  @state() private _textOnly: string | undefined;
  /** The conversation's language while no recogniser covers it, and the languages that are heard. */
  @state() private _notHeard: { lang: string; hears: readonly string[] } | undefined;
  @state() private _muted = false;

  @query('.root') private _root!: HTMLElement | null;

  /** The UI language's strings or the cards' chunk, while either loads. */
  #loading: Promise<unknown> = Promise.resolve();

  #audio = new AudioController(this);
  /** Levels change ~50 times a second: CSS variables written once per frame, no re-render. */
  #presence = new PresenceController(this, () => this._root);
  #transcript: TranscriptController = new TranscriptController(
    this,
    (): Clock => this.#session.deps.clock,
  );
  #sink: SessionSink = {
    setState: (s) => this.#setState(s),
    ready: (transport) => emit(this, 'polyglot-ready', { transport }),
    opening: () => {
      this.#transcript.beginEpoch();
      // A new session says again if its language has no voice or is not heard.
      this._textOnly = undefined;
      this._notHeard = undefined;
    },
    transcript: (seg) => emit(this, 'polyglot-transcript', this.#transcript.applySegment(seg)),
    interrupted: () => this.#transcript.markInterrupted(),
    tool: (t) => this.#transcript.applyTool(t),
    flightResults: (m) => {
      if (!cards) {
        const load = loadCards().then(() => this.requestUpdate());
        this.#loading = Promise.all([this.#loading, load]);
      }
      const r = this.#transcript.applyFlights(m);
      emit(this, 'polyglot-flight-results', {
        id: m.id,
        query: m.query,
        offers: r.offers,
        provider: m.provider,
      });
    },
    knowledge: (m) => {
      const entry = this.#transcript.applyCitations(m);
      emit(this, 'polyglot-citations', { turn: Number(entry.id), citations: m.citations });
    },
    language: (lang, voice, hears) => {
      // A language that is not heard does not move the UI: it stays in the page's language or
      // the last one heard (the closest the caller is known to read).
      if (!hears) this.#conversationLang = lang;
      this._textOnly = voice ? undefined : lang;
      this._notHeard = hears ? { lang, hears } : undefined;
      this.#resolveLocale();
    },
    handoff: (m) => {
      const detail = {
        reason: m.reason,
        url: m.url,
        phone: m.phone,
        queued: m.queued,
        summary: m.summary,
      };
      if (!emit(this, 'polyglot-handoff', detail, { cancelable: true })) return;
      // Only links that lead to a page or a call are shown: a message is data, never script.
      const url = m.url && /^https?:\/\//i.test(m.url) ? m.url : undefined;
      const phone = m.phone && /^\+[1-9]\d{6,14}$/.test(m.phone) ? m.phone : undefined;
      if (url || phone) this._handoff = { ...m, url, phone };
    },
    error: (code, message, fatal) => {
      emit(this, 'polyglot-error', { code, message, fatal });
      if (fatal) this._error = { code, message };
    },
    ended: () => {
      this.#transcript.abandonTools();
      this.#presence.reset('--_level');
      this.#presence.reset('--_mic');
    },
    unsent: (text) => {
      // Back into the field, ahead of anything typed since, so nothing typed is lost.
      const input = this.renderRoot.querySelector<HTMLInputElement>('[part="text-input"]');
      if (input) input.value = input.value ? `${text} ${input.value}` : text;
    },
    level: (source, level) => {
      // The microphone button shows what the microphone hears, whatever the agent is doing.
      if (source === 'mic' && !this._muted) this.#presence.set('--_mic', loudness(level));
      const s = this.state;
      if ((source === 'mic' && s === 'listening') || (source === 'output' && s === 'speaking'))
        this.#presence.set('--_level', loudness(level));
    },
  };
  #session: SessionController = new SessionController(
    this,
    (): SessionConfig => ({
      endpoint: this.endpoint,
      partnerKey: this.partnerKey,
      lang: this._locale.tag,
      context: this.context,
      history: resumeHistory(this.#transcript.segments),
    }),
    this.#sink,
    defaultDeps(this.#audio),
  );

  /** @internal Test seam: replaces the clock, the session request and the transports. */
  set sessionDeps(deps: Partial<SessionDeps>) {
    this.#session.deps = { ...this.#session.deps, ...deps };
  }

  /** Audio accounting for diagnostics and tests. */
  get stats(): TransportStats {
    return this.#session.transport?.stats ?? { ...NO_STATS };
  }

  /** The transcript, in display order. */
  get transcript(): readonly TranscriptSegment[] {
    return this.#transcript.segments;
  }

  #setState(next: AssistantState): void {
    const old = this.state;
    if (old === next) return;
    console.debug(`[polyglot] ${old} -> ${next}`);
    this.state = next;
    if (next === 'connecting') this._error = undefined;
    if (next !== 'listening' && next !== 'speaking') this.#presence.reset('--_level');
    emit(this, 'polyglot-state-change', { oldState: old, newState: next });
  }

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('languagechange', this.#onLanguageChange);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('languagechange', this.#onLanguageChange);
  }

  /** The browser's language list changed: follow it when `lang` is auto. */
  #onLanguageChange = (): void => {
    if (!this.#conversationLang && (!this.lang || this.lang === 'auto')) this.#resolveLocale();
  };

  /** The conversation's language, else the `lang` attribute, else the browser's. */
  #resolveLocale(): void {
    const locale = resolveLocale(
      this.#conversationLang ?? this.lang,
      navigator.languages ?? [navigator.language],
    );
    this._locale = locale;
    this._strings = stringsFor(locale.ui) ?? this._strings;
    if (!stringsFor(locale.ui))
      this.#loading = Promise.all([
        this.#loading,
        loadStrings(locale.ui).then((s) => {
          if (this._locale.ui === locale.ui) this._strings = s;
        }),
      ]);
  }

  /** Whether the conversation was scrolled to its end before this update (then it follows). */
  #atEnd = true;

  protected override willUpdate(changed: PropertyValues<this>): void {
    // The page setting `lang` now wins, until the conversation changes language again.
    if (changed.has('lang') && this.hasUpdated) this.#conversationLang = undefined;
    if (changed.has('lang') || !this.hasUpdated) this.#resolveLocale();
    const list = this.renderRoot?.querySelector?.('[part="transcript"]');
    this.#atEnd = !list || list.scrollHeight - list.scrollTop - list.clientHeight < 48;
  }

  /** Also waits for the UI language's strings and the cards, so tests and hosts see them. */
  protected override async getUpdateComplete(): Promise<boolean> {
    let result = await super.getUpdateComplete();
    for (;;) {
      const pending = this.#loading;
      await pending;
      if (pending === this.#loading && !this.isUpdatePending) return result;
      result = await super.getUpdateComplete();
    }
  }

  /** Starts a voice conversation (text-only in `text` mode). Call from a user gesture. */
  start(): Promise<void> {
    const withMic = this.mode !== 'text';
    this._muted = false;
    return this.#session.start({ withMic, audio: withMic });
  }

  /** Ends the conversation and releases the microphone. */
  stop(): Promise<void> {
    return this.#session.stop();
  }

  /** Sends a typed message, starting a session first if none is running. */
  sendText(text: string): void {
    const trimmed = text.trim().slice(0, 2000);
    if (!trimmed) return;
    // Typing starts a session without the microphone; replies are spoken unless mode is text.
    // The agent answers the message instead of greeting (a greeting would be cut off by it).
    if (!this.#session.active)
      void this.#session.start({ withMic: false, audio: this.mode !== 'text', greet: false });
    this.#session.sendText(trimmed);
  }

  /** Opens the floating panel and moves focus into it. */
  open(): void {
    this.opened = true;
  }

  /** Closes the floating panel (the conversation goes on) and returns focus to the launcher. */
  close(): void {
    this.opened = false;
  }

  protected override updated(changed: PropertyValues<this>): void {
    const root = this.renderRoot;
    if (changed.has('opened') && this.layout === 'floating' && this.hasUpdated) {
      const was = changed.get('opened');
      if (this.opened && was === false) {
        const target = root.querySelector<HTMLElement>('[part="mic-button"], [part="text-input"]');
        target?.focus();
      } else if (!this.opened && was === true) {
        root.querySelector<HTMLElement>('[part="launcher"]')?.focus();
      }
    }
    // Follow the conversation, unless the traveller scrolled up to read (e.g. the cards).
    const list = root.querySelector('[part="transcript"]');
    if (this.#atEnd) list?.scrollTo({ top: list.scrollHeight });
  }

  #onSubmit(e: SubmitEvent): void {
    e.preventDefault();
    const input = this.renderRoot.querySelector<HTMLInputElement>('[part="text-input"]');
    if (!input) return;
    this.sendText(input.value);
    input.value = '';
  }

  /**
   * The microphone button: opens the microphone (a new conversation, or a typed one turned to
   * voice, which keeps its lines), or mutes and unmutes an open one.
   */
  #onMic(): void {
    const session = this.#session;
    if (!session.active) void this.start();
    else if (!session.withMic) {
      this._muted = false;
      void session.start({ withMic: true, audio: true }, true);
    } else {
      session.setMuted(!session.muted);
      this._muted = session.muted;
      if (this._muted) this.#presence.reset('--_mic');
    }
  }

  #onKeydown(e: KeyboardEvent): void {
    if (e.key === 'Escape' && this.layout === 'floating' && this.opened) {
      e.stopPropagation();
      this.close();
    }
  }

  /**
   * A card's Select: the page may take over (cancel the event), else the partner's link opens in
   * a new tab; either way the agent is told, and its model confirms the choice.
   */
  #selectOffer = (results: FlightResultsEntry, offer: FlightOffer): void => {
    const link = offerLink(this.#session.settings.offerLinkTemplate, offer, results.query);
    const detail = { offer, link, query: results.query };
    if (emit(this, 'polyglot-offer-select', detail, { cancelable: true }) && link)
      window.open(link, '_blank', 'noopener');
    const key = cards?.selectionKey(results, offer);
    if (!key || key === this._selected) return; // chosen already: confirmed once is enough
    this._selected = key;
    this.#session.selectOffer(offer.id);
  };

  #errorText(code: string): string {
    return this._strings.errors[ERROR_KEYS[code as keyof typeof ERROR_KEYS] ?? 'generic'];
  }

  #renderItem(item: ConversationItem, s: Strings): TemplateResult {
    switch (item.kind) {
      case 'message': {
        const seg = item.entry;
        // The label and the tag are in the UI's language and direction, and carry `dir` so
        // that the message's dir="auto" skips them: its direction comes from its own words
        // (an English reply in a Persian panel reads left to right).
        const { dir, ui } = this._locale;
        return html`<li
          part="message message-${seg.role}"
          data-role=${seg.role}
          data-final=${String(seg.final)}
          ?data-interrupted=${seg.interrupted}
          lang=${seg.language ?? nothing}
          dir="auto"
        >
          <span class=${seg.role === 'operator' ? 'who' : 'visually-hidden'} dir=${dir} lang=${ui}
            >${seg.role === 'user' ? s.you : seg.role === 'operator' ? s.person : s.assistant}: </span
          ><span class="text">${seg.text}</span>${seg.interrupted
            ? html`<span class="tag" part="interrupted-tag" dir=${dir} lang=${ui}
                >${s.interrupted}</span
              >`
            : nothing}
        </li>`;
      }
      case 'tool':
        return this.#renderTool(item.tool, s);
      case 'citations':
        return renderCitations(item.citations, s.sources);
      case 'flights':
        if (!cards) return html``;
        return cards.renderFlightResults(item.results, formatTag(this._locale), s, {
          selected: this._selected,
          select: this.#selectOffer,
        });
    }
  }

  #renderTool(t: ToolEntry, s: Strings): TemplateResult {
    const clock = this.#session.deps.clock;
    const ms = (t.endedAt ?? clock.now()) - t.startedAt;
    const running = t.status === 'started';
    const seconds = new Intl.NumberFormat(formatTag(this._locale), {
      style: 'unit',
      unit: 'second',
      unitDisplay: 'narrow',
      maximumFractionDigits: running ? 0 : 1,
      minimumFractionDigits: running ? 0 : 1,
    }).format(running ? Math.floor(ms / 1000) : ms / 1000);
    const label = running
      ? s.toolRunning
      : t.status === 'finished'
        ? s.toolDone
        : t.status === 'clarify'
          ? s.toolQuestion
          : s.toolFailed;
    return html`<li part="tool" data-status=${t.status} data-tool=${t.tool}>
      <span class="tool-icon" aria-hidden="true"></span>
      <span>${label}</span>
      <span class="elapsed">${seconds}</span>
    </li>`;
  }

  /** "Listening" only while a microphone is heard; a typed conversation has its own words. */
  #stateLabel(s: Strings): string {
    const state = this.state;
    if (state === 'ready') return this._muted ? s.muted : s.states.idle;
    if (state === 'speaking' && (!this.#session.audio || this._textOnly)) return s.replying;
    return s.states[state];
  }

  /**
   * Replies in the conversation's language are text only: said in the UI language, naming the
   * language in it. Not in text mode, where nothing is voiced anyway.
   */
  #renderTextOnly(s: Strings): TemplateResult | typeof nothing {
    const lang = this._textOnly;
    if (!lang || this.mode === 'text') return nothing;
    const language = languageName(lang, this._locale.ui);
    return html`<p part="text-only" class="notice" role="status" data-lang=${lang}>
      ${NO_VOICE_ICON}<span>${fill(s.textOnly, { language })}</span>
    </p>`;
  }

  /**
   * The conversation's language is not understood: said in the UI language, with how many
   * languages are and a few of them, the caller's own first (the UI's, then the browser's).
   */
  #renderNotHeard(s: Strings): TemplateResult | typeof nothing {
    const unheard = this._notHeard;
    if (!unheard) return nothing;
    const ui = this._locale.ui;
    const hears = new Set(unheard.hears);
    const heardTag = (tag: string) => {
      if (hears.has(tag)) return tag;
      const base = tag.split('-')[0]!.toLowerCase();
      return hears.has(base) ? base : undefined;
    };
    const candidates = [ui, ...(navigator.languages ?? []), ...WIDELY_SPOKEN];
    const examples = [...new Set(candidates.map(heardTag).filter((t) => t !== undefined))];
    const names = examples.slice(0, 4).map((t) => languageName(t, ui));
    let list: string;
    try {
      list = new Intl.ListFormat(ui, { style: 'short', type: 'unit' }).format(names);
    } catch {
      // A browser without ListFormat.
      list = names.join(', ');
    }
    const language = languageName(unheard.lang, ui);
    const count = new Intl.NumberFormat(ui).format(unheard.hears.length);
    return html`<p part="not-heard" class="notice" role="status" data-lang=${unheard.lang}>
      <span>${fill(s.notHeard, { language, count, examples: list })}</span>
    </p>`;
  }

  #renderIndicator(): TemplateResult {
    return html`<span part="indicator" class="indicator" aria-hidden="true"></span>`;
  }

  /** Off (no microphone open), on (heard: a ring follows its level) or muted. */
  #renderMic(s: Strings): TemplateResult {
    const open = this.#session.withMic;
    const mic = !open ? 'off' : this._muted ? 'muted' : 'on';
    return html`<button
      part="mic-button"
      class="mic"
      data-mic=${mic}
      aria-label=${open ? s.mute : s.start}
      aria-pressed=${open ? String(this._muted) : nothing}
      @click=${() => this.#onMic()}
    >
      ${mic === 'muted' ? MIC_OFF_ICON : MIC_ICON}
    </button>`;
  }

  override render() {
    const s = this._strings;
    const { dir, ui } = this._locale;
    const floating = this.layout === 'floating';
    const active = this.#session.active;
    const hidden = floating && !this.opened;
    // Only the flight search gets a progress line; quick lookups (resolve_place) show as state.
    const items = this.#transcript.items.filter(
      (i) => i.kind !== 'tool' || i.tool.tool === FLIGHT_SEARCH_TOOL,
    );
    const canType = this.mode !== 'voice';
    const canTalk = this.mode !== 'text';
    return html`
      <div class="root" dir=${dir} lang=${ui} @keydown=${this.#onKeydown}>
        ${floating
          ? html`<button
              part="launcher"
              class="launcher"
              aria-label=${s.open}
              aria-expanded=${String(this.opened)}
              aria-controls="panel"
              @click=${() => (this.opened ? this.close() : this.open())}
            >
              ${this.#renderIndicator()} ${canTalk ? MIC_ICON : CHAT_ICON}
            </button>`
          : nothing}
        <section
          id="panel"
          part="panel"
          role=${floating ? 'dialog' : 'region'}
          aria-label=${s.title}
          ?hidden=${hidden}
        >
          <header part="header">
            ${this.#renderIndicator()}
            <div class="heading">
              <h2>${s.title}</h2>
              <span part="status" role="status">${this.#stateLabel(s)}</span>
            </div>
            ${floating
              ? html`<button
                  part="close-button"
                  class="icon-button"
                  aria-label=${s.close}
                  @click=${() => this.close()}
                >
                  ${CLOSE_ICON}
                </button>`
              : nothing}
          </header>
          <ol part="transcript" aria-live="polite" aria-label=${s.transcriptLabel}>
            ${items.length === 0
              ? this._error
                ? nothing
                : html`<li class="empty">${canTalk ? s.empty : s.emptyText}</li>`
              : repeat(
                  items,
                  (i) => i.key,
                  (i) => this.#renderItem(i, s),
                )}
          </ol>
          ${this.#renderNotHeard(s)} ${this.#renderTextOnly(s)}
          ${this._error
            ? html`<div part="error" class="error" role="alert">
                <span>${this.#errorText(this._error.code)}</span>
                ${NOT_RETRYABLE.has(this._error.code)
                  ? nothing
                  : html`<button part="retry-button" @click=${() => this.start()}>
                      ${s.retry}
                    </button>`}
              </div>`
            : nothing}
          ${this._handoff?.url
            ? html`<a
                part="handoff"
                class="handoff"
                href=${this._handoff.url}
                target="_blank"
                rel="noopener"
                >${s.handoff}</a
              >`
            : nothing}
          ${this._handoff?.phone
            ? html`<a
                part="handoff-phone"
                class="handoff"
                href=${`tel:${this._handoff.phone}`}
                aria-label=${`${s.handoff}: ${this._handoff.phone}`}
                dir="ltr"
                >${this._handoff.phone}</a
              >`
            : nothing}
          <footer part="footer">
            ${canTalk ? this.#renderMic(s) : nothing}
            ${active
              ? html`<button
                  part="end-button"
                  class="icon-button"
                  aria-label=${s.stop}
                  @click=${() => this.stop()}
                >
                  ${STOP_ICON}
                </button>`
              : nothing}
            ${canType
              ? html`<form @submit=${this.#onSubmit}>
                  <input
                    part="text-input"
                    aria-label=${s.inputLabel}
                    placeholder=${s.inputPlaceholder}
                    maxlength="2000"
                    autocomplete="off"
                    enterkeyhint="send"
                  />
                  <button
                    part="send-button"
                    class="icon-button send"
                    type="submit"
                    aria-label=${s.send}
                  >
                    ${SEND_ICON}
                  </button>
                </form>`
              : nothing}
          </footer>
        </section>
      </div>
    `;
  }
}
