import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import type {
  ConsoleAction as Action,
  ConsoleMe as Me,
  HistoryAnalytics,
  LatencyEvent,
  LineEvent,
  QueuedHandoff,
  SessionDetail,
  SessionSummary,
  Snapshot,
  TranscriptLine,
  TurnLatency,
} from '../protocol/console.js';
import type { KnowledgeCitation } from '../protocol/messages.js';
import type { Room } from 'livekit-client';
import { consoleApi, ConsoleApiError } from './console-api.js';
import { styles } from './polyglot-console.styles.js';

/**
 * @summary The operator console: sign in, watch live sessions and the handoff queue (by
 * server-sent events), read a session's masked transcript as it happens, take it over by text,
 * hand it back to the assistant, or end it. Served by `polyglot serve` at `/console`.
 *
 * @cssproperty --polyglot-console-bg - Page background.
 * @cssproperty --polyglot-console-fg - Text colour.
 * @cssproperty --polyglot-console-accent - Buttons, focus rings, operator lines.
 */
export class PolyglotConsole extends LitElement {
  static override styles = styles;

  /** `light` or `dark` forces a theme; unset follows the system's. */
  @property({ reflect: true }) theme: 'light' | 'dark' | undefined;

  @state() private _me: Me | null | undefined = undefined;
  @state() private _snapshot: Snapshot = { now: 0, sessions: [], queue: [] };
  @state() private _selected: SessionDetail | undefined;
  @state() private _ended = false;
  @state() private _error = '';
  @state() private _now = Date.now();
  /** What the queue's live region says when an entry arrives. */
  @state() private _announce = '';
  @state() private _view: 'live' | 'history' = 'live';
  /** The LiveKit session whose room the operator is in by voice. */
  @state() private _voice: string | undefined;
  #room: Room | undefined;
  @state() private _analytics: HistoryAnalytics | undefined;

  #events: EventSource | undefined;
  #ticker: ReturnType<typeof setInterval> | undefined;
  /** Server clock minus the page's, from the last snapshot (durations and waits). */
  #skew = 0;
  #seenTickets = new Set<string>();

  override connectedCallback(): void {
    super.connectedCallback();
    this.#ticker = setInterval(() => (this._now = Date.now()), 1000);
    consoleApi.me().then(
      (me) => this.#signedIn(me),
      () => (this._me = null),
    );
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.#ticker);
    this.#events?.close();
    void this.#leaveVoice();
  }

  /**
   * Joins a LiveKit session's room with the operator's microphone (the console mints the token).
   * livekit-client loads only now, as a chunk of its own.
   */
  async #joinVoice(id: string): Promise<void> {
    const me = this._me;
    if (!me) return;
    try {
      await this.#leaveVoice();
      const { url, token } = await consoleApi.joinVoice(me, id);
      const { Room, RoomEvent } = await import('livekit-client');
      const room = new Room();
      this.#room = room;
      room
        .on(RoomEvent.TrackSubscribed, (track) => {
          if (track.kind === 'audio') document.body.append(track.attach());
        })
        .on(RoomEvent.TrackUnsubscribed, (track) => track.detach().forEach((el) => el.remove()))
        .on(RoomEvent.Disconnected, () => {
          if (this.#room === room) this._voice = undefined;
        });
      await room.connect(url, token);
      await room.localParticipant.setMicrophoneEnabled(true);
      this._voice = id;
      this._error = '';
    } catch (err) {
      await this.#leaveVoice();
      this._error = err instanceof Error ? err.message : 'Could not join by voice.';
    }
  }

  async #leaveVoice(): Promise<void> {
    const room = this.#room;
    this.#room = undefined;
    this._voice = undefined;
    if (!room) return;
    for (const p of room.remoteParticipants.values())
      for (const pub of p.audioTrackPublications.values())
        pub.track?.detach().forEach((el) => el.remove());
    await room.disconnect();
  }

  protected override updated(changed: PropertyValues): void {
    if (changed.has('_me') && this._me === null)
      this.renderRoot.querySelector<HTMLInputElement>('input[name="username"]')?.focus();
  }

  #signedIn(me: Me): void {
    this._me = me;
    this._error = '';
    this.#events?.close();
    const events = consoleApi.events();
    this.#events = events;
    events.addEventListener('snapshot', (e) =>
      this.#onSnapshot(JSON.parse((e as MessageEvent<string>).data) as Snapshot),
    );
    events.addEventListener('line', (e) => {
      const { sessionId, line } = JSON.parse((e as MessageEvent<string>).data) as LineEvent;
      const sel = this._selected;
      if (sel?.id === sessionId && !sel.transcript.some((l) => sameLine(l, line)))
        this._selected = { ...sel, transcript: [...sel.transcript, line] };
    });
    events.addEventListener('latency', (e) => {
      const { sessionId, latency } = JSON.parse((e as MessageEvent<string>).data) as LatencyEvent;
      const snap = this._snapshot;
      this._snapshot = {
        ...snap,
        sessions: snap.sessions.map((x) =>
          x.id === sessionId ? { ...x, lastTurnMs: latency.voiceToVoiceMs } : x,
        ),
      };
      const sel = this._selected;
      if (sel?.id === sessionId && !sel.latencies.some((l) => l.at === latency.at))
        this._selected = { ...sel, latencies: [...sel.latencies, latency].slice(-50) };
    });
  }

  #onSnapshot(s: Snapshot): void {
    this.#skew = s.now - Date.now();
    const fresh = s.queue.filter((q) => !this.#seenTickets.has(q.ticket));
    for (const q of s.queue) this.#seenTickets.add(q.ticket);
    if (fresh.length)
      this._announce = fresh
        .map((q) => `New handoff: ${q.partner}, ${q.reason}. ${q.summary}`)
        .join(' ');
    this._snapshot = s;
    const sel = this._selected;
    if (sel) {
      const live = s.sessions.find((x) => x.id === sel.id);
      this._ended = !live;
      if (live && live.takenOverBy !== sel.takenOverBy)
        this._selected = { ...sel, takenOverBy: live.takenOverBy };
    }
  }

  async #signIn(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const form = new FormData(e.target as HTMLFormElement);
    try {
      this.#signedIn(
        await consoleApi.signIn(String(form.get('username')), String(form.get('password'))),
      );
    } catch (err) {
      this._error = err instanceof Error ? err.message : 'Sign-in failed.';
    }
  }

  async #signOut(): Promise<void> {
    if (this._me) await consoleApi.signOut(this._me).catch(() => {});
    this.#events?.close();
    this._me = null;
    this._selected = undefined;
  }

  async #open(id: string): Promise<void> {
    try {
      const detail = await consoleApi.session(id);
      // Lines that arrived on the stream while the record was fetched stay.
      const pending = this._selected?.id === id ? this._selected.transcript : [];
      const transcript = [...detail.transcript];
      for (const l of pending) if (!transcript.some((t) => sameLine(t, l))) transcript.push(l);
      this._selected = { ...detail, transcript };
      this._ended = false;
      this._error = '';
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('#session-heading')?.focus();
    } catch (err) {
      this._error = err instanceof Error ? err.message : 'Could not open the session.';
    }
  }

  async #act(action: Action, text?: string): Promise<boolean> {
    const me = this._me;
    const sel = this._selected;
    if (!me || !sel) return false;
    try {
      const r = await consoleApi.act(me, sel.id, action, text);
      // Lines that arrived on the stream during the request stay (the message's own among them).
      const now = this._selected;
      if (now?.id === sel.id) this._selected = { ...now, takenOverBy: r.takenOverBy ?? undefined };
      if (action === 'end') this._ended = true;
      this._error = '';
      return true;
    } catch (err) {
      if (err instanceof ConsoleApiError && err.status === 409) this._ended = true;
      this._error = err instanceof Error ? err.message : 'The action failed.';
      return false;
    }
  }

  async #say(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const input = (e.target as HTMLFormElement).elements.namedItem('text') as HTMLInputElement;
    const text = input.value.trim();
    if (text && (await this.#act('message', text))) input.value = '';
  }

  async #showHistory(): Promise<void> {
    this._view = 'history';
    try {
      this._analytics = await consoleApi.analytics();
      this._error = '';
    } catch (err) {
      this._error = err instanceof Error ? err.message : 'Could not read the history.';
    }
  }

  override render(): TemplateResult {
    if (this._me === undefined) return html`<p class="muted" role="status">Loading…</p>`;
    if (this._me === null) return this.#renderSignIn();
    const me = this._me;
    return html`
      <header>
        <h1>Polyglot console</h1>
        <nav aria-label="Views">
          <button
            part="view-live"
            aria-pressed=${String(this._view === 'live')}
            @click=${() => (this._view = 'live')}
          >
            Live
          </button>
          <button
            part="view-history"
            aria-pressed=${String(this._view === 'history')}
            @click=${() => void this.#showHistory()}
          >
            History
          </button>
        </nav>
        <span
          >${me.username} (${me.role}${me.partner ? `, ${me.partner}` : ''})
          <button @click=${() => void this.#signOut()}>Sign out</button></span
        >
      </header>
      ${this._error ? html`<p class="error" role="alert">${this._error}</p>` : nothing}
      ${this._view === 'history' ? this.#renderHistory() : this.#renderLive()}
    `;
  }

  #renderHistory(): TemplateResult {
    const a = this._analytics;
    if (!a) return html`<p class="muted history" role="status">Loading the history…</p>`;
    const hours = Math.round(a.windowMs / 3_600_000);
    const max = Math.max(1, ...a.perHour.map((h) => h.sessions));
    return html`<div class="history" part="history">
      <p class="notice" part="history-notice">
        History is kept in this server process's memory only, ${hours} hours after each session: a
        restart or a deploy loses it, and each server task keeps its own. This process started at
        ${clock(a.since)}.
      </p>
      <div class="actions">
        <button @click=${() => void this.#showHistory()}>Refresh</button>
        <a class="button" href=${consoleApi.exportUrl('csv')} download>Export CSV</a>
        <a class="button" href=${consoleApi.exportUrl('json')} download>Export JSON</a>
      </div>
      <div class="figures">
        <section aria-labelledby="h-sessions">
          <h2 id="h-sessions">Sessions per hour (${a.sessions} in all)</h2>
          <table class="bars" part="per-hour">
            <thead>
              <tr>
                <th scope="col">Hour</th>
                <th scope="col">Sessions</th>
              </tr>
            </thead>
            <tbody>
              ${a.perHour.map(
                (h) =>
                  html`<tr>
                    <th scope="row">${clock(h.hour)}</th>
                    <td>
                      <span class="bar" style="inline-size: ${(h.sessions / max) * 100}%"></span
                      >${h.sessions}
                    </td>
                  </tr>`,
              )}
            </tbody>
          </table>
        </section>
        <section aria-labelledby="h-figures">
          <h2 id="h-figures">Quality</h2>
          <dl part="figures">
            <dt>Voice to voice</dt>
            <dd>
              ${a.voiceToVoice.turns
                ? `p50 ${a.voiceToVoice.p50Ms} ms · p95 ${a.voiceToVoice.p95Ms} ms (${count(a.voiceToVoice.turns, 'turn')})`
                : 'no timed turns yet'}
            </dd>
            <dt>Flight searches that found offers</dt>
            <dd>
              ${a.flightSearches.successRate === null
                ? 'no searches yet'
                : `${percent(a.flightSearches.successRate)} (${a.flightSearches.succeeded} of ${a.flightSearches.succeeded + a.flightSearches.failed})`}
            </dd>
            <dt>Handed to a person</dt>
            <dd>
              ${a.handoffs.rate === null
                ? 'no sessions yet'
                : `${percent(a.handoffs.rate)} of sessions (${a.handoffs.sessions})`}
            </dd>
          </dl>
          <h3>Handoff reasons</h3>
          ${a.handoffs.reasons.length
            ? html`<ul part="reasons">
                ${a.handoffs.reasons.map(
                  (r) => html`<li>${r.reason.replace(/_/g, ' ')}: ${r.count}</li>`,
                )}
              </ul>`
            : html`<p class="muted">None.</p>`}
          <h3>Languages</h3>
          ${a.languages.length
            ? html`<ul part="languages">
                ${a.languages.map((l) => html`<li>${l.lang}: ${l.sessions}</li>`)}
              </ul>`
            : html`<p class="muted">None.</p>`}
        </section>
      </div>
    </div>`;
  }

  #renderLive(): TemplateResult {
    return html`
      <main>
        <div>
          <section aria-labelledby="queue-heading">
            <h2 id="queue-heading">Handoff queue (${this._snapshot.queue.length})</h2>
            <p class="visually-hidden" aria-live="polite">${this._announce}</p>
            ${this._snapshot.queue.length
              ? html`<ul part="queue">
                  ${this._snapshot.queue.map((q) => this.#renderQueued(q))}
                </ul>`
              : html`<p class="muted">Nobody is waiting.</p>`}
          </section>
          <section aria-labelledby="sessions-heading" style="margin-top: 16px">
            <h2 id="sessions-heading">Active sessions (${this._snapshot.sessions.length})</h2>
            ${this._snapshot.sessions.length
              ? html`<ul part="sessions">
                  ${this._snapshot.sessions.map((s) => this.#renderSession(s))}
                </ul>`
              : html`<p class="muted">No live sessions.</p>`}
          </section>
        </div>
        <section aria-labelledby="session-heading" part="session">
          ${this._selected
            ? this.#renderSelected(this._selected)
            : html`<h2 id="session-heading">Session</h2>
                <p class="muted">Open a session or a queued handoff to read it.</p>`}
        </section>
      </main>
    `;
  }

  #renderSignIn(): TemplateResult {
    return html`<form class="sign-in" @submit=${(e: SubmitEvent) => void this.#signIn(e)}>
      <h1>Polyglot console</h1>
      <label>Username <input name="username" autocomplete="username" required /></label>
      <label
        >Password <input name="password" type="password" autocomplete="current-password" required
      /></label>
      <button class="primary" type="submit">Sign in</button>
      ${this._error ? html`<p class="error" role="alert">${this._error}</p>` : nothing}
    </form>`;
  }

  #renderQueued(q: QueuedHandoff): TemplateResult {
    return html`<li>
      <button
        class="entry"
        part="queue-entry"
        data-session=${q.sessionId}
        aria-current=${String(this._selected?.id === q.sessionId)}
        @click=${() => void this.#open(q.sessionId)}
      >
        <strong>${q.partner} · ${q.reason.replace(/_/g, ' ')}</strong>
        <span>${q.summary}</span>
        <span class="muted"
          >${q.lang} · queue ${q.queue} · waiting ${duration(this.#serverNow() - q.queuedAt)}</span
        >
      </button>
    </li>`;
  }

  #renderSession(s: SessionSummary): TemplateResult {
    const state = s.takenOverBy ? `with ${s.takenOverBy}` : s.handoff ? 'handed off' : 'assistant';
    return html`<li>
      <button
        class="entry"
        part="session-entry"
        data-session=${s.id}
        aria-current=${String(this._selected?.id === s.id)}
        @click=${() => void this.#open(s.id)}
      >
        <strong>${s.partner} · ${s.lang}</strong>
        <span class="muted"
          >${state} ·
          ${duration(this.#serverNow() - s.startedAt)}${s.lastTurnMs !== undefined
            ? ` · last turn ${s.lastTurnMs} ms`
            : ''}${s.mood ? ` · mood: ${s.mood}` : ''}</span
        >${s.tool
          ? html`<span class="tool" part="session-tool">${toolLabel(s.tool)}…</span>`
          : nothing}
      </button>
    </li>`;
  }

  #renderSelected(sel: SessionDetail): TemplateResult {
    const mine = sel.takenOverBy === this._me?.username;
    return html`
      <h2 id="session-heading" tabindex="-1">${sel.partner} · ${sel.lang}</h2>
      <p class="muted" part="session-state">
        ${this._ended
          ? 'This session has ended.'
          : sel.takenOverBy
            ? `Taken over by ${sel.takenOverBy}: the assistant is not answering.`
            : 'The assistant is answering.'}
      </p>
      ${this.#renderLatencies(sel.latencies)}
      <ol class="transcript" part="transcript" aria-label="Transcript (personal data masked)">
        ${sel.transcript.map(
          (l) =>
            html`<li data-role=${l.role} lang=${l.language ?? nothing} dir="auto">
              <span class="who">${ROLE_LABEL[l.role]}:</span> ${l.role === 'citations' &&
              l.citations
                ? l.citations.map(
                    (c, i) =>
                      html`${i ? '; ' : ''}${/^https?:\/\//i.test(c.url ?? '')
                        ? html`<a href=${c.url!} target="_blank" rel="noopener noreferrer"
                            >${citationTitle(c)}</a
                          >`
                        : citationTitle(c)}`,
                  )
                : l.text}
            </li>`,
        )}
      </ol>
      ${this._ended
        ? nothing
        : html`<div class="actions">
              ${mine
                ? html`<button @click=${() => void this.#act('hand-back')}>
                    Hand back to the assistant
                  </button>`
                : html`<button class="primary" @click=${() => void this.#act('take-over')}>
                    Take over
                  </button>`}
              ${sel.runtime === 'livekit'
                ? this._voice === sel.id
                  ? html`<button aria-pressed="true" @click=${() => void this.#leaveVoice()}>
                      Leave the call
                    </button>`
                  : html`<button @click=${() => void this.#joinVoice(sel.id)}>
                      Join by voice
                    </button>`
                : nothing}
              <button class="danger" @click=${() => void this.#act('end')}>End session</button>
            </div>
            <form class="say" @submit=${(e: SubmitEvent) => void this.#say(e)}>
              <label class="visually-hidden" for="say">Message to the caller</label>
              <input id="say" name="text" maxlength="2000" placeholder="Message to the caller…" />
              <button type="submit">Send</button>
            </form>`}
    `;
  }

  /**
   * The latest timed turns as a small chart: one stacked bar per turn (end of utterance, LLM to
   * first token, voice to first audio; together voice-to-voice), in a table that a screen reader
   * reads as numbers. Speech-to-text runs inside the end-of-utterance wait: a number only.
   */
  #renderLatencies(turns: TurnLatency[]): TemplateResult | typeof nothing {
    if (!turns.length) return nothing;
    const shown = turns.slice(-8);
    const max = Math.max(...shown.map((t) => t.voiceToVoiceMs));
    const w = (ms: number) => `inline-size: ${(ms / max) * 100}%`;
    return html`<table class="latency" part="latency">
      <caption>
        Latency of the last ${shown.length === 1 ? 'turn' : `${shown.length} turns`}, ms
        <span class="key"
          ><i class="eou"></i>end of utterance <i class="llm"></i>LLM <i class="tts"></i>voice</span
        >
      </caption>
      <thead>
        <tr>
          <th scope="col">Voice to voice</th>
          <th scope="col">End of utterance (STT)</th>
          <th scope="col">LLM</th>
          <th scope="col">Voice</th>
        </tr>
      </thead>
      <tbody>
        ${shown.map(
          (t) =>
            html`<tr>
              <th scope="row">
                <span class="stack" aria-hidden="true"
                  ><i class="eou" style=${w(t.eouMs)}></i><i class="llm" style=${w(t.llmMs)}></i
                  ><i class="tts" style=${w(t.ttsMs)}></i></span
                >${t.voiceToVoiceMs}
              </th>
              <td>${t.eouMs}${t.sttMs === undefined ? '' : ` (${t.sttMs})`}</td>
              <td>${t.llmMs}</td>
              <td>${t.ttsMs}</td>
            </tr>`,
        )}
      </tbody>
    </table>`;
  }

  #serverNow(): number {
    return this._now + this.#skew;
  }
}

const ROLE_LABEL = {
  user: 'Caller',
  assistant: 'Assistant',
  operator: 'Operator',
  flights: 'Flights shown',
  citations: 'Sources cited',
  error: 'Told the caller',
} as const;

/** What the sessions list says a session is doing while one of its tools runs. */
const TOOL_LABEL: Record<string, string> = {
  search_flights: 'Searching flights',
  resolve_place: 'Looking up a place',
  search_knowledge: 'Searching the documents',
};

function toolLabel(tool: string): string {
  return TOOL_LABEL[tool] ?? `Running ${tool.replace(/_/g, ' ')}`;
}

function citationTitle(c: KnowledgeCitation): string {
  return c.section ? `${c.title} › ${c.section}` : c.title;
}

const sameLine = (a: TranscriptLine, b: TranscriptLine) =>
  a.at === b.at && a.role === b.role && a.text === b.text;

/** A time of day, in the operator's own time zone. */
function clock(t: number): string {
  return new Date(t).toLocaleString(undefined, {
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function percent(x: number): string {
  return `${Math.round(x * 100)}%`;
}

function duration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}
