/**
 * One conversation with the agent: asks the endpoint for a session descriptor, follows it to
 * the right transport, turns transport events into states, and resumes after a dropped
 * connection. Everything it opens is closed in `hostDisconnected`.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type {
  ApiError,
  FlightResultsMessage,
  KnowledgeMessage,
  HandoffMessage,
  SessionDescriptor,
  SessionRequest,
  SessionSettings,
  ToolActivityMessage,
  TranscriptSegment,
} from '../protocol/messages.js';
import type { AssistantState } from '../state/assistant-state.js';
import { StateMachine, type Signal } from '../state/state-machine.js';
import { realClock, type Clock } from '../time/clock.js';
import { LocalTransport } from '../transport/local-transport.js';
import type { AudioController } from './audio-controller.js';
import type { Transport, TransportEvents } from '../transport/transport.js';

/** Waits before each resume attempt after a drop; then the widget shows an error and Retry. */
export const RESUME_DELAYS_MS = [500, 2_000] as const;
/** How long "interrupted" shows after a barge-in unless the agent moves on first. */
export const INTERRUPTED_HOLD_MS = 1_200;

export interface SessionDeps {
  clock: Clock;
  requestSession(endpoint: string, body: SessionRequest): Promise<SessionDescriptor>;
  createLocal(events: TransportEvents): Transport;
  loadLiveKit(events: TransportEvents): Promise<Transport>;
}

export interface SessionConfig {
  endpoint: string;
  partnerKey: string;
  lang: string;
  context: Record<string, string | number | boolean> | undefined;
  /** The conversation on screen, for a session that continues it (resume, Retry). */
  history: { role: 'user' | 'assistant'; text: string }[];
}

export interface StartOptions {
  withMic: boolean;
  /** False for a text-only session: no agent audio. */
  audio: boolean;
  /** False when the conversation opens with a typed message (no greeting to talk over it). */
  greet?: boolean;
}

/** What the controller tells its host. */
export interface SessionSink {
  setState(state: AssistantState): void;
  ready(transport: SessionDescriptor['transport']): void;
  transcript(segment: TranscriptSegment): void;
  interrupted(): void;
  tool(activity: ToolActivityMessage): void;
  flightResults(results: FlightResultsMessage): void;
  knowledge(knowledge: KnowledgeMessage): void;
  handoff(handoff: HandoffMessage): void;
  /**
   * The conversation's language (BCP-47), whether replies in it are voiced, and, when no
   * recogniser covers it, the languages that are heard.
   */
  language(lang: string, voice: boolean, hears?: readonly string[]): void;
  /** Every error; `fatal` ones end the session and show Retry. */
  error(code: string, message: string, fatal: boolean): void;
  /** A new session is about to connect (first start, resume or retry). */
  opening(): void;
  /** The session that was live ended (stop, failure or drop). */
  ended(): void;
  /** Typed text that never reached the agent because the session ended first. */
  unsent(text: string): void;
  level(source: 'mic' | 'output', level: number): void;
}

export class SessionError extends Error {
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'SessionError';
  }
}

export async function requestSession(
  endpoint: string,
  body: SessionRequest,
): Promise<SessionDescriptor> {
  let res: Response;
  try {
    res = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  } catch (cause) {
    throw new SessionError('connect_failed', 'Could not reach the session endpoint.', { cause });
  }
  const json = (await res.json().catch(() => ({}))) as SessionDescriptor | ApiError;
  if (!res.ok || 'error' in json) {
    const e =
      'error' in json ? json.error : { code: `http_${res.status}`, message: res.statusText };
    throw new SessionError(e.code, e.message);
  }
  return json;
}

/** The real clock, endpoint and transports; local audio engines come from `audio`. */
export const defaultDeps = (audio: AudioController): SessionDeps => ({
  clock: realClock,
  requestSession,
  createLocal: (events) => new LocalTransport(events, (e) => audio.create(e)),
  loadLiveKit: async (events) => {
    const { LiveKitTransport } = await import('../transport/livekit-transport.js');
    return new LiveKitTransport(events);
  },
});

export class SessionController implements ReactiveController {
  readonly #sink: SessionSink;
  readonly #config: () => SessionConfig;
  deps: SessionDeps;
  readonly machine = new StateMachine();
  #transport: Transport | undefined;
  /** Bumped by every start/stop: events from an older transport are ignored. */
  #generation = 0;
  #options: StartOptions = { withMic: true, audio: true };
  #fatal: { code: string; message: string } | undefined;
  #resumeTimer: number | undefined;
  /**
   * The dropped session's own credential (`Transport.resumeDescriptor`): resume attempts use it
   * until the server refuses it, then ask the endpoint for a new session.
   */
  #resumeWith: SessionDescriptor | undefined;
  /** A transport's connect() is running: a close now is its failure, which #open reports. */
  #connecting = false;
  /** Typed before the session was up (text mode starts a session on the first message). */
  #pending: string[] = [];
  #holdTimer: number | undefined;
  #settings: SessionSettings = {};
  #muted = false;

  constructor(
    host: ReactiveControllerHost,
    config: () => SessionConfig,
    sink: SessionSink,
    deps: SessionDeps,
  ) {
    this.#config = config;
    this.#sink = sink;
    this.deps = deps;
    host.addController(this);
  }

  /** True from start() until the session ends (including while connecting or resuming). */
  get active(): boolean {
    return this.machine.phase !== 'idle' && this.machine.phase !== 'error';
  }

  get transport(): Transport | undefined {
    return this.#transport;
  }

  /**
   * What the partner configured for the widget, from the last session descriptor the endpoint
   * gave (a resumed session keeps them).
   */
  get settings(): SessionSettings {
    return this.#settings;
  }

  /** Whether the live session has a microphone. */
  get withMic(): boolean {
    return this.active && this.#options.withMic;
  }

  /** Whether the traveller muted the session's microphone. */
  get muted(): boolean {
    return this.#muted;
  }

  /** Whether the session plays the agent's voice (false in a text-only session). */
  get audio(): boolean {
    return this.#options.audio;
  }

  #signal(signal: Signal): void {
    this.#sink.setState(this.machine.apply(signal));
  }

  /**
   * Starts a conversation. Call it synchronously from a click: the audio is prepared before the
   * first await, which Safari and iOS require.
   *
   * `replace` ends the conversation's live session and opens one with `options` instead (a typed
   * conversation that turns to voice): the new session gets the conversation on screen, as a
   * resume does, so the agent goes on without greeting again.
   */
  async start(options: StartOptions, replace = false): Promise<void> {
    if (this.active && !replace) return;
    if (this.active) {
      this.#generation++; // the old session's events are ignored from here on
      this.#clearTimers();
      const old = this.#transport;
      this.#transport = undefined;
      this.#sink.ended();
      void old?.close();
    }
    this.#options = options;
    this.#muted = false;
    this.#fatal = undefined;
    this.#resumeWith = undefined;
    const generation = ++this.#generation;
    this.#signal({ type: 'connect' });
    const local = this.deps.createLocal(this.#events(generation));
    const prepared = options.audio ? local.prepareAudio?.(options.withMic) : undefined;
    prepared?.catch(() => {}); // awaited below; this only silences the unhandled rejection
    try {
      await this.#open(generation, local, prepared);
    } catch (err) {
      if (generation !== this.#generation) return;
      await this.#closeTransport();
      const e = err as Error & { code?: string };
      const code = e.code ?? (e.name === 'NotAllowedError' ? 'mic_denied' : 'connect_failed');
      this.#fail(code, e.message);
    }
  }

  async #open(
    generation: number,
    local: Transport,
    prepared: Promise<void> | undefined,
    resumeWith?: SessionDescriptor,
  ): Promise<void> {
    const config = this.#config();
    let transport = local;
    this.#transport = local;
    // A resume credential continues the session without a new token (tokens are single use).
    const descriptor =
      resumeWith ??
      (await this.deps.requestSession(config.endpoint, {
        lang: config.lang,
        partnerKey: config.partnerKey || undefined,
      }));
    if (generation !== this.#generation) return void local.close();
    if (!resumeWith) this.#settings = { offerLinkTemplate: descriptor.offerLinkTemplate };
    if (descriptor.transport === 'livekit') {
      // LiveKit captures and plays audio itself: release what the local engine prepared.
      await local.close();
      transport = await this.deps.loadLiveKit(this.#events(generation));
      this.#transport = transport;
    } else if (prepared) {
      await prepared;
    }
    if (generation !== this.#generation) return void transport.close();
    this.#sink.opening();
    this.#connecting = true;
    await transport
      .connect(descriptor, {
        lang: config.lang,
        context: config.context,
        withMic: this.#options.withMic,
        audio: this.#options.audio,
        greet: this.#options.greet,
        resume: config.history.length > 0 ? { history: config.history } : undefined,
      })
      .finally(() => (this.#connecting = false));
    if (resumeWith) this.#resumeWith = undefined; // spent
    if (generation !== this.#generation) return void transport.close();
    if (this.#muted) transport.setMuted(true); // muted while it connected
    this.#connected();
    this.#sink.ready(descriptor.transport);
    for (const text of this.#pending.splice(0)) transport.sendText(text);
  }

  #events(generation: number): TransportEvents {
    const live = () => generation === this.#generation;
    return {
      agentState: (state) => live() && this.#signal({ type: 'agent', state }),
      userState: () => {},
      transcript: (segment) => live() && this.#sink.transcript(segment),
      interrupted: () => {
        if (!live()) return;
        this.#sink.interrupted();
        this.#signal({ type: 'interrupted' });
        const clock = this.deps.clock;
        if (this.#holdTimer !== undefined) clock.clearTimeout(this.#holdTimer);
        this.#holdTimer = clock.setTimeout(() => {
          this.#holdTimer = undefined;
          this.#signal({ type: 'settled' });
        }, INTERRUPTED_HOLD_MS);
      },
      tool: (activity) => {
        if (!live()) return;
        this.#sink.tool(activity);
        this.#signal({ type: 'tool', id: activity.id, status: activity.status });
      },
      flightResults: (results) => live() && this.#sink.flightResults(results),
      knowledge: (knowledge) => live() && this.#sink.knowledge(knowledge),
      handoff: (handoff) => live() && this.#sink.handoff(handoff),
      language: (lang, voice, hears) => live() && this.#sink.language(lang, voice, hears),
      error: (code, message, fatal) => {
        if (!live()) return;
        // A fatal error is followed by the server closing: remember it, so the close is not
        // mistaken for a network drop. connect() rejects with it while connecting.
        if (fatal) this.#fatal = { code, message };
        else this.#sink.error(code, message, false);
      },
      // Ended by a person in the operator console: over, as if the caller had ended it.
      sessionEnded: () => live() && void this.stop(),
      micLevel: (level) => live() && this.#sink.level('mic', level),
      outputLevel: (level, active) => live() && this.#sink.level('output', active ? level : 0),
      reconnecting: (active) => {
        if (!live()) return;
        if (active && this.machine.phase === 'live') this.#signal({ type: 'dropped' });
        else if (!active && this.machine.phase === 'reconnecting') this.#connected();
      },
      closed: (expected) => {
        if (!live() || expected) return;
        const resumeWith = this.#transport?.resumeDescriptor?.();
        this.#transport = undefined;
        if (this.#connecting) return; // connect() is failing: #open reports it
        if (this.machine.phase !== 'live' && this.machine.phase !== 'reconnecting') return;
        const fatal = this.#fatal;
        if (fatal) this.#fail(fatal.code, fatal.message);
        else this.#dropped(resumeWith);
      },
    };
  }

  /** The session is up: the agent hears the traveller if a microphone is open and not muted. */
  #connected(): void {
    this.machine.apply({ type: 'mic', hearing: this.#options.withMic && !this.#muted });
    this.#signal({ type: 'connected' });
  }

  #dropped(resumeWith: SessionDescriptor | undefined): void {
    this.#resumeWith = resumeWith;
    this.#sink.ended();
    this.#signal({ type: 'dropped' });
    this.#resume(0);
  }

  /** Tries a fresh session after a drop, keeping the conversation on screen. */
  #resume(attempt: number): void {
    const delay = RESUME_DELAYS_MS[attempt];
    if (delay === undefined) {
      this.#fail('connection_lost', 'The connection to the assistant was lost.');
      return;
    }
    const generation = ++this.#generation;
    this.#resumeTimer = this.deps.clock.setTimeout(() => {
      this.#resumeTimer = undefined;
      const local = this.deps.createLocal(this.#events(generation));
      const prepared = this.#options.audio
        ? local.prepareAudio?.(this.#options.withMic)
        : undefined;
      prepared?.catch(() => {});
      this.#open(generation, local, prepared, this.#resumeWith).catch(async (err: unknown) => {
        if (generation !== this.#generation) return;
        // Refused by the server (spent, too late, another server process): ask for a new session
        // next time. A network failure keeps it: the server may never have seen it.
        if ((err as { code?: string }).code !== 'connect_failed') this.#resumeWith = undefined;
        await this.#closeTransport();
        this.#resume(attempt + 1);
      });
    }, delay);
  }

  #fail(code: string, message: string): void {
    this.#returnPending();
    this.#sink.ended();
    this.#sink.error(code, message, true);
    this.#signal({ type: 'failed' });
  }

  async #closeTransport(): Promise<void> {
    const t = this.#transport;
    this.#transport = undefined;
    await t?.close();
  }

  /** Gives back what was typed but not sent: a Retry must not send it unseen. */
  #returnPending(): void {
    const text = this.#pending.splice(0).join(' ');
    if (text) this.#sink.unsent(text);
  }

  /** Ends the conversation and releases the microphone. */
  async stop(): Promise<void> {
    this.#generation++;
    this.#returnPending();
    this.#resumeWith = undefined;
    this.#clearTimers();
    const wasActive = this.active;
    await this.#closeTransport();
    if (wasActive) this.#sink.ended();
    if (this.machine.phase !== 'error') this.#signal({ type: 'stopped' });
  }

  /** Sends now, or as soon as the session is up. */
  sendText(text: string): void {
    if (this.machine.phase === 'live' && this.#transport) this.#transport.sendText(text);
    else if (this.active) this.#pending.push(text);
  }

  /** Tells the live session's agent the caller chose an offer; false when there is none. */
  selectOffer(offerId: string): boolean {
    if (this.machine.phase !== 'live' || !this.#transport) return false;
    this.#transport.selectOffer(offerId);
    return true;
  }

  /** Mutes or unmutes the microphone: the agent stops hearing it (state `ready`), or hears it again. */
  setMuted(muted: boolean): void {
    if (!this.withMic || muted === this.#muted) return;
    this.#muted = muted;
    this.#transport?.setMuted(muted);
    if (this.machine.phase === 'live') this.#signal({ type: 'mic', hearing: !muted });
  }

  #clearTimers(): void {
    const clock = this.deps.clock;
    if (this.#resumeTimer !== undefined) clock.clearTimeout(this.#resumeTimer);
    if (this.#holdTimer !== undefined) clock.clearTimeout(this.#holdTimer);
    this.#resumeTimer = this.#holdTimer = undefined;
  }

  hostDisconnected(): void {
    void this.stop();
  }
}
