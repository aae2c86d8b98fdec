import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { emit } from '../../events/events.js';
import { en } from '../../i18n/strings.js';
import type { ApiError, SessionDescriptor, TranscriptSegment } from '../../protocol/messages.js';
import type { AssistantState } from '../../state/assistant-state.js';
import { TranscriptStore } from '../../transcript/transcript-store.js';
import { LocalTransport } from '../../transport/local-transport.js';
import type { TransportEvents, TransportStats } from '../../transport/transport.js';
import { styles } from './assistant.styles.js';

/**
 * @summary A multilingual voice assistant for travel sites.
 *
 * @fires polyglot-ready - The voice session is connected.
 * @fires polyglot-state-change - The assistant's state changed: `{oldState, newState}`.
 * @fires polyglot-transcript - A transcript segment was added or updated.
 * @fires polyglot-error - Something failed: `{code, message, fatal}`.
 *
 * @csspart panel - The assistant's panel.
 * @csspart status - The state indicator.
 * @csspart transcript - The conversation list.
 * @csspart message - One message; also `message-user` or `message-assistant`.
 * @csspart mic-button - Starts and ends the voice conversation.
 * @csspart text-input - The typed-message field.
 *
 * @cssproperty --polyglot-accent - Accent colour (buttons, speaking indicator).
 * @cssproperty --polyglot-background - Panel background.
 * @cssproperty --polyglot-foreground - Text colour.
 * @cssproperty --polyglot-muted - Secondary text colour.
 * @cssproperty --polyglot-user-bubble - Background of the user's messages.
 * @cssproperty --polyglot-assistant-bubble - Background of the assistant's messages.
 * @cssproperty --polyglot-radius - Panel corner radius.
 * @cssproperty --polyglot-font-family - Font stack.
 */
export class PolyglotAssistant extends LitElement {
  static override styles = styles;

  /** Session endpoint that returns a session descriptor (POST). */
  @property() endpoint = '/api/session';
  /** UI and preferred speech language (BCP-47). */
  @property() override lang = '';
  /** Public partner key. */
  @property({ attribute: 'partner-key' }) partnerKey = '';
  /** Page context passed to the agent (home airport, currency...). */
  @property({ attribute: false }) context: Record<string, string | number | boolean> | undefined;

  /** The assistant's state, reflected as the `state` attribute. */
  @property({ reflect: true }) state: AssistantState = 'idle';

  @state() private _segments: readonly TranscriptSegment[] = [];
  @state() private _error: { code: string; message: string } | undefined;
  @state() private _level = 0;

  #store = new TranscriptStore();
  #transport: LocalTransport | undefined;
  #toolsRunning = 0;

  /** Audio accounting for diagnostics and tests. */
  get stats(): TransportStats {
    return this.#transport?.stats ?? { playedSamples: 0, playedMs: 0, sentMs: 0, droppedChunks: 0 };
  }

  /** The transcript, in display order. */
  get transcript(): readonly TranscriptSegment[] {
    return this._segments;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    void this.stop();
  }

  #setState(next: AssistantState): void {
    const old = this.state;
    if (old === next) return;
    this.state = next;
    emit(this, 'polyglot-state-change', { oldState: old, newState: next });
  }

  #uiLang(): string {
    return this.lang || navigator.language || 'en';
  }

  /** Starts a voice conversation. Call from a user gesture (a click). */
  async start(): Promise<void> {
    if (this.#transport) return;
    this._error = undefined;
    this.#setState('connecting');
    const events: TransportEvents = {
      agentState: (s) => {
        if (s === 'speaking') this.#setState('speaking');
        else if (s === 'thinking')
          this.#setState(this.#toolsRunning > 0 ? 'searching' : 'thinking');
        else if (s === 'listening' || s === 'idle') this.#setState('listening');
      },
      userState: () => {},
      transcript: (seg) => {
        this.#store.apply(seg);
        this._segments = this.#store.entries;
        emit(this, 'polyglot-transcript', seg);
      },
      interrupted: () => this.#setState('interrupted'),
      tool: (t) => {
        this.#toolsRunning = Math.max(0, this.#toolsRunning + (t.status === 'started' ? 1 : -1));
        if (t.status === 'started') this.#setState('searching');
      },
      flightResults: () => {},
      error: (code, message, fatal) => this.#fail(code, message, fatal),
      micLevel: (level) => {
        if (this.state === 'listening') this._level = Math.min(1, level * 4);
      },
      outputLevel: (level, active) => {
        if (this.state === 'speaking') this._level = active ? Math.min(1, level * 3) : 0;
      },
      closed: (expected) => {
        this.#transport = undefined;
        if (!expected)
          this.#fail('connection_lost', 'The connection to the assistant was lost.', true);
        else this.#setState('idle');
      },
    };
    const transport = (this.#transport = new LocalTransport(events));
    // Audio first, synchronously inside the click (Safari/iOS), then the network.
    const audio = transport.prepareAudio(true);
    try {
      const descriptor = await this.#requestSession();
      await audio;
      await transport.connect(descriptor, {
        lang: this.#uiLang(),
        context: this.context,
        withMic: true,
      });
      emit(this, 'polyglot-ready', { transport: descriptor.transport });
      if (this.state === 'connecting') this.#setState('listening');
    } catch (err) {
      this.#transport = undefined;
      await transport.close();
      const e = err as Error & { code?: string };
      this.#fail(
        e.code ?? (e.name === 'NotAllowedError' ? 'mic_denied' : 'connect_failed'),
        e.message,
        true,
      );
    }
  }

  async #requestSession(): Promise<SessionDescriptor> {
    const res = await fetch(this.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ lang: this.#uiLang(), partnerKey: this.partnerKey || undefined }),
    });
    const body = (await res.json().catch(() => ({}))) as SessionDescriptor | ApiError;
    if (!res.ok || 'error' in body) {
      const e =
        'error' in body ? body.error : { code: `http_${res.status}`, message: res.statusText };
      throw Object.assign(new Error(e.message), { code: e.code });
    }
    return body;
  }

  /** Ends the conversation and releases the microphone. */
  async stop(): Promise<void> {
    const t = this.#transport;
    this.#transport = undefined;
    await t?.close();
    if (this.state !== 'error') this.#setState('idle');
  }

  /** Sends a typed message. */
  sendText(text: string): void {
    const trimmed = text.trim();
    if (!trimmed || !this.#transport) return;
    this.#transport.sendText(trimmed);
  }

  #fail(code: string, message: string, fatal: boolean): void {
    this._error = { code, message };
    emit(this, 'polyglot-error', { code, message, fatal });
    if (fatal) this.#setState('error');
  }

  #onSubmit(e: SubmitEvent): void {
    e.preventDefault();
    const input = this.renderRoot.querySelector('input');
    if (!input) return;
    this.sendText(input.value);
    input.value = '';
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('_segments' as keyof PolyglotAssistant)) {
      const list = this.renderRoot.querySelector('[part="transcript"]');
      list?.scrollTo({ top: list.scrollHeight });
    }
  }

  override render() {
    const s = en;
    const active = Boolean(this.#transport);
    return html`
      <section part="panel" aria-label=${s.title}>
        <header>
          <h2>${s.title}</h2>
          <span part="status" role="status">
            <span class="dot" style="--_level:${this._level.toFixed(2)}" aria-hidden="true"></span>
            ${s.states[this.state]}
          </span>
        </header>
        <ol part="transcript" aria-live="polite" aria-label=${s.transcriptLabel}>
          ${this._segments.length === 0
            ? html`<li class="empty">${s.empty}</li>`
            : repeat(
                this._segments,
                (seg) => seg.id,
                (seg) =>
                  html`<li
                    part="message message-${seg.role}"
                    data-role=${seg.role}
                    data-final=${String(seg.final)}
                    lang=${seg.language ?? nothing}
                  >
                    <span class="visually-hidden"
                      >${seg.role === 'user' ? s.you : s.assistant}: </span
                    >${seg.text}${seg.interrupted
                      ? html`<span class="tag">(${s.interrupted})</span>`
                      : nothing}
                  </li>`,
              )}
        </ol>
        ${this._error ? html`<p class="error" role="alert">${this._error.message}</p>` : nothing}
        <footer>
          <button
            part="mic-button"
            aria-pressed=${active ? 'true' : 'false'}
            aria-label=${active ? s.stop : s.start}
            @click=${() => (active ? this.stop() : this.start())}
          >
            <svg viewBox="0 0 24 24" aria-hidden="true">
              <path
                d="M12 14a3 3 0 0 0 3-3V5a3 3 0 0 0-6 0v6a3 3 0 0 0 3 3Zm5-3a5 5 0 0 1-10 0H5a7 7 0 0 0 6 6.92V21h2v-3.08A7 7 0 0 0 19 11h-2Z"
              />
            </svg>
          </button>
          <form @submit=${this.#onSubmit}>
            <input
              part="text-input"
              aria-label=${s.inputLabel}
              placeholder=${s.inputPlaceholder}
              maxlength="2000"
              ?disabled=${!active}
            />
            <button type="submit" ?disabled=${!active}>${s.send}</button>
          </form>
        </footer>
      </section>
    `;
  }
}
