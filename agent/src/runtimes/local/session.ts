/**
 * One browser conversation on the local runtime: a WebSocket, an `AgentSession` with our own
 * audio/text I/O, and the bookkeeping that turns framework events into protocol messages.
 *
 * Transcript ordering is decided here, once: every segment carries the turn it belongs to, so a
 * user turn sorts before the reply it caused however late its final text reaches the widget.
 */
import { voice, type metrics } from '@livekit/agents';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import {
  CloseCode,
  MAX_AUDIO_FRAME_BYTES,
  PROTOCOL_VERSION,
  type ErrorCode,
  type HelloMessage,
  type ServerMessage,
  type TranscriptSegment,
} from '../../../../sdk/src/protocol/messages.js';
import { createAgent, enabledTools, greetingFor, type AgentTools } from '../../agent.js';
import { partnerGreeting, type Partner } from '../../partners.js';
import type { SessionStore } from '../../state/session-store.js';
import { turnHandling } from '../../turn-handling.js';
import { SESSION_CONNECT_OPTIONS, type Pipeline } from '../../providers/index.js';
import type { AdmittedSession } from '../../server/admission.js';
import type { SessionClaims, TokenCheck } from '../../server/tokens.js';
import { AGENT_OUTPUT_SAMPLE_RATE, SocketAudioInput, SocketAudioOutput } from './audio-io.js';
import type { SessionSocket } from './port-socket.js';
import { parseClientMessage } from './protocol.js';

export interface LocalSessionDeps {
  verifyToken(token: string): TokenCheck;
  buildPipeline(lang: string): Pipeline;
  buildTools?(emit: (m: ServerMessage) => void, lang: () => string): AgentTools;
  greeting?(claims: SessionClaims, lang: string): string;
  /** The partner a token names: its default language, greeting and enabled tools. */
  partner?(key: string): Partner | undefined;
  /** Origin of the page that opened the socket (null for non-browser clients). */
  origin?: string | null;
  idleTimeoutMs: number;
  helloTimeoutMs?: number;
  logger: Logger;
  onClosed(session: LocalSession): void;
  /** Each `metrics_collected` event's metrics (per-turn latency). */
  onMetrics?(m: metrics.AgentMetrics): void;
  /** Session records and masked transcripts. */
  store?: Pick<SessionStore, 'start' | 'append' | 'end'>;
  /**
   * Set when the main thread has already read and checked the hello (server/admission.ts): the
   * session starts from it at once, with its id, and hands the caller its resume token.
   */
  admitted?: AdmittedSession;
}

/** Assistant text arrives through a TextOutput; 1.9.0 exports no bare TextOutput base class, so
 * we extend its exported parallel fan-out with no downstream sinks. */
class SocketTextOutput extends voice.ParalellTextOutput {
  constructor(
    private readonly onText: (delta: string) => void,
    private readonly onFlush: () => void,
  ) {
    super([]);
  }
  override async captureText(text: string | voice.TimedString): Promise<void> {
    this.onText(typeof text === 'string' ? text : text.text);
  }
  override flush(): void {
    this.onFlush();
  }
}

/** Unsent bytes above which agent audio waits (about 2.7 s of 24 kHz PCM16), and resumes below. */
export const AUDIO_HIGH_WATER_BYTES = 128 * 1024;
export const AUDIO_LOW_WATER_BYTES = 32 * 1024;

export class LocalSession {
  readonly id: string;
  #ws: SessionSocket;
  #deps: LocalSessionDeps;
  #log: Logger;
  #session: voice.AgentSession | undefined;
  #input = new SocketAudioInput();
  #output: SocketAudioOutput;
  #pipeline: Pipeline | undefined;
  #claims: SessionClaims | undefined;
  #lang = 'en';
  #closed = false;
  #idleTimer: NodeJS.Timeout | undefined;
  #lastActivity = 0;
  #helloTimer: NodeJS.Timeout | undefined;
  #drainTimers = new Set<NodeJS.Timeout>();
  #backpressureWaits = 0;

  // Transcript bookkeeping.
  #turn = 0;
  #assistantSpokeInTurn = false;
  #seq = 0;
  #openUser: TranscriptSegment | undefined;
  #openAssistant: TranscriptSegment | undefined;
  /** Assistant segments whose final (possibly truncated) text has not arrived yet. */
  #awaitingFinal: TranscriptSegment[] = [];

  constructor(ws: SessionSocket, deps: LocalSessionDeps) {
    this.id = deps.admitted?.sessionId ?? randomUUID();
    this.#ws = ws;
    this.#deps = deps;
    this.#log = deps.logger.child({ session: this.id });
    this.#output = new SocketAudioOutput({
      send: (m) => this.send(m),
      sendBinary: (d) => this.#sendBinary(d),
      writable: () => this.#writable(),
    });
    ws.on('message', (data: Buffer, isBinary: boolean) => this.#onMessage(data, isBinary));
    ws.on('close', () => void this.close('socket closed'));
    ws.on('error', (err: Error) => this.#log.warn({ err: err.message }, 'socket error'));
    const admitted = deps.admitted;
    if (admitted) {
      this.#touch();
      // After the constructor: whoever created the session has it before it can end.
      queueMicrotask(() => void this.#start(admitted.hello));
      return;
    }
    this.#helloTimer = setTimeout(
      () =>
        this.#fail('hello_timeout', 'No hello message received in time.', CloseCode.protocolError),
      deps.helloTimeoutMs ?? 10_000,
    );
  }

  get claims(): SessionClaims | undefined {
    return this.#claims;
  }

  /** Agent audio samples the browser reported as played. */
  get playedSamples(): number {
    return this.#output.playedSamples;
  }

  send(message: ServerMessage): void {
    if (this.#closed || this.#ws.readyState !== this.#ws.OPEN) return;
    this.#ws.send(JSON.stringify(message));
  }

  #sendBinary(data: Uint8Array): void {
    if (this.#closed || this.#ws.readyState !== this.#ws.OPEN) return;
    this.#ws.send(data, { binary: true });
  }

  /**
   * Backpressure on agent audio: resolves once the socket's unsent bytes are under the low-water
   * mark (or the session ended). The framework awaits `captureFrame`, so a slow reader slows
   * synthesis down instead of growing our buffer without bound.
   */
  #writable(): Promise<void> | undefined {
    if (this.#ws.bufferedAmount <= AUDIO_HIGH_WATER_BYTES) return undefined;
    this.#backpressureWaits++;
    return new Promise<void>((ok) => {
      const check = () => {
        if (this.#closed || this.#ws.bufferedAmount <= AUDIO_LOW_WATER_BYTES) {
          this.#drainTimers.delete(timer);
          ok();
        } else {
          timer = setTimeout(check, 10);
          this.#drainTimers.add(timer);
        }
      };
      let timer = setTimeout(check, 10);
      this.#drainTimers.add(timer);
    });
  }

  /** Times audio output waited for the socket to drain. */
  get backpressureWaits(): number {
    return this.#backpressureWaits;
  }

  /**
   * Activity (audio or a message) pushes the idle deadline back. Audio arrives ~31 times a
   * second, so this only stamps the time; the timer re-arms itself for the remainder when it
   * fires early.
   */
  #touch(): void {
    this.#lastActivity = performance.now();
    if (this.#idleTimer) return;
    const arm = (ms: number) => {
      this.#idleTimer = setTimeout(() => {
        const left = this.#lastActivity + this.#deps.idleTimeoutMs - performance.now();
        if (left > 0) return arm(left);
        this.#fail('idle_timeout', 'Session closed after a long silence.', CloseCode.idleTimeout);
      }, ms);
    };
    arm(this.#deps.idleTimeoutMs);
  }

  #error(code: ErrorCode, message: string, fatal = false): void {
    this.send({ type: 'error', code, message, fatal });
  }

  #fail(code: ErrorCode, message: string, closeCode: number): void {
    this.#error(code, message, true);
    this.#ws.close(closeCode, code);
    void this.close(code);
  }

  #onMessage(data: Buffer, isBinary: boolean): void {
    if (this.#closed) return;
    if (isBinary) {
      if (!this.#session) return; // audio before the session is ready is dropped
      if (data.byteLength > MAX_AUDIO_FRAME_BYTES) {
        this.#error(
          'frame_too_large',
          `Audio frames are limited to ${MAX_AUDIO_FRAME_BYTES} bytes.`,
        );
        return;
      }
      this.#touch();
      this.#input.pushPcm16(data);
      return;
    }
    const parsed = parseClientMessage(data.toString('utf8'));
    if (!parsed.ok) {
      this.#error('bad_message', `Malformed message: ${parsed.reason}.`);
      return;
    }
    const msg = parsed.message;
    this.#touch();
    switch (msg.type) {
      case 'hello':
        void this.#start(msg);
        break;
      case 'user_text':
        this.#onUserText(msg.text);
        break;
      case 'playback_finished':
        this.#output.playbackFinished(msg.segment, msg.playedSamples, msg.interrupted);
        break;
      case 'ping':
        this.send({ type: 'pong', t: msg.t });
        break;
    }
  }

  async #start(hello: HelloMessage): Promise<void> {
    if (this.#claims) {
      this.#error('bad_message', 'The session has already started.');
      return;
    }
    clearTimeout(this.#helloTimer);
    if (hello.protocol !== PROTOCOL_VERSION) {
      this.#fail(
        'protocol_version',
        `Protocol ${hello.protocol} is not supported; this server speaks ${PROTOCOL_VERSION}.`,
        CloseCode.protocolError,
      );
      return;
    }
    const admitted = this.#deps.admitted;
    const check: TokenCheck = admitted
      ? { ok: true, claims: admitted.claims }
      : this.#deps.verifyToken(hello.token);
    if (!check.ok) {
      this.#fail('bad_token', `Session token rejected (${check.reason}).`, CloseCode.badToken);
      return;
    }
    // A token is bound to the page origin it was issued to: it cannot be replayed from another.
    const origin = this.#deps.origin ?? null;
    if (check.claims.origin && origin && check.claims.origin !== origin) {
      this.#fail(
        'bad_token',
        'Session token rejected (issued to another origin).',
        CloseCode.badToken,
      );
      return;
    }
    const partner = this.#deps.partner?.(check.claims.partner);
    if (this.#deps.partner && !partner) {
      this.#fail('bad_token', 'Session token rejected (unknown partner).', CloseCode.badToken);
      return;
    }
    this.#claims = check.claims;
    this.#lang = hello.lang ?? check.claims.lang ?? partner?.defaultLanguage ?? 'en';
    try {
      this.#pipeline = this.#deps.buildPipeline(this.#lang);
    } catch (err) {
      this.#fail('provider_unavailable', (err as Error).message, CloseCode.providerUnavailable);
      return;
    }
    // Tool progress and cards carry the turn they belong to, so the widget places them in it.
    const allTools = this.#deps.buildTools?.(
      (m) =>
        this.send(
          m.type === 'tool' || m.type === 'flight_results' ? { ...m, turn: this.#turn } : m,
        ),
      () => this.#lang,
    );
    const tools = partner && allTools ? enabledTools(allTools, partner.tools) : allTools;
    const resumed = hello.resume?.history.filter((h) => h.text.trim()) ?? [];
    const agent = createAgent({
      lang: this.#lang,
      pageContext: hello.context,
      tools,
      history: resumed,
    });
    const session = new voice.AgentSession({
      stt: this.#pipeline.stt,
      llm: this.#pipeline.llm,
      tts: this.#pipeline.tts,
      turnHandling: turnHandling('local'),
      connOptions: SESSION_CONNECT_OPTIONS,
      // Forward the LLM's own text: the per-sentence strings a wrapped TTS aligns lose the spaces
      // between sentences, and this runtime cuts interrupted text itself (SocketAudioOutput).
      useTtsAlignedTranscript: false,
    });
    this.#session = session;
    session.input.audio = this.#input;
    session.output.audio = hello.audio === false ? null : this.#output;
    session.output.transcription = new SocketTextOutput(
      (delta) => this.#onAssistantText(delta),
      () => this.#onAssistantFlush(),
    );
    this.#wireEvents(session);
    try {
      await session.start({ agent });
    } catch (err) {
      this.#log.error({ err }, 'agent session failed to start');
      this.#fail('internal', 'The assistant could not start.', CloseCode.internalError);
      return;
    }
    if (this.#closed) return;
    this.send({
      type: 'ready',
      protocol: PROTOCOL_VERSION,
      sessionId: this.id,
      outputSampleRate: AGENT_OUTPUT_SAMPLE_RATE,
      resumeToken: admitted?.resumeToken,
    });
    this.#log.info({ partner: check.claims.partner, lang: this.#lang }, 'session started');
    this.#deps.store?.start({
      id: this.id,
      partner: check.claims.partner,
      lang: this.#lang,
      runtime: 'local',
    });
    if (hello.resume) return; // a resumed conversation goes on without a second greeting
    const greeting =
      this.#deps.greeting?.(check.claims, this.#lang) ??
      (partner && partnerGreeting(partner, this.#lang)) ??
      greetingFor(this.#lang);
    session.say(greeting);
  }

  #wireEvents(session: voice.AgentSession): void {
    const E = voice.AgentSessionEventTypes;
    session.on(E.AgentStateChanged, (ev) => this.send({ type: 'agent_state', state: ev.newState }));
    session.on(E.UserStateChanged, (ev) => this.send({ type: 'user_state', state: ev.newState }));
    session.on(E.UserInputTranscribed, (ev) => {
      if (!ev.transcript.trim() && !ev.isFinal) return;
      const seg = this.#openUser ?? this.#newSegment('user');
      this.#openUser = ev.isFinal ? undefined : seg;
      seg.text = ev.transcript;
      seg.final = ev.isFinal;
      if (ev.language) {
        seg.language = ev.language;
        if (ev.isFinal && ev.language !== this.#lang) {
          this.#lang = ev.language;
          this.#pipeline?.setLanguage(ev.language);
        }
      }
      this.#sendSegment(seg);
    });
    session.on(E.ConversationItemAdded, (ev) => {
      const item = ev.item;
      if (item.type !== 'message' || item.role !== 'assistant') return;
      const seg = this.#awaitingFinal.shift() ?? this.#newSegment('assistant');
      if (seg === this.#openAssistant) this.#openAssistant = undefined;
      seg.text = item.textContent ?? seg.text;
      seg.final = true;
      seg.interrupted = item.interrupted || undefined;
      this.#sendSegment(seg);
    });
    session.on(E.Error, (ev) => {
      const source = ev.error.type;
      const code: ErrorCode =
        source === 'stt_error'
          ? 'stt_failed'
          : source === 'tts_error'
            ? 'tts_failed'
            : 'llm_failed';
      this.#log.warn(
        { err: ev.error, source, recoverable: ev.error.recoverable },
        'provider error',
      );
      if (!ev.error.recoverable) {
        this.#error(code, providerMessage(code));
        // No voice: carry on in text rather than go silent. Later replies still reach the
        // transcript; the browser shows the message above. (A new session tries the voice again.)
        if (code === 'tts_failed') session.output.setAudioEnabled(false);
      }
    });
    // The HTTP transcription path drops a failed utterance without an `error` event.
    let lastSttNotice = 0;
    this.#pipeline?.onSttFailure((err) => {
      this.#log.warn({ err }, 'speech-to-text request failed');
      if (Date.now() - lastSttNotice < 10_000) return; // one notice per outage, not per utterance
      lastSttNotice = Date.now();
      this.#error('stt_failed', providerMessage('stt_failed'));
    });
    session.on(E.MetricsCollected, (ev) => this.#deps.onMetrics?.(ev.metrics));
    session.on(E.Close, (ev) => {
      if (ev.error) this.#log.warn({ reason: ev.reason }, 'agent session closed with an error');
      void this.close('agent session closed');
    });
  }

  #newSegment(role: 'user' | 'assistant'): TranscriptSegment {
    if (role === 'user' && this.#assistantSpokeInTurn) {
      this.#turn++;
      this.#assistantSpokeInTurn = false;
    }
    if (role === 'assistant') this.#assistantSpokeInTurn = true;
    this.#seq++;
    return {
      id: `${role === 'user' ? 'u' : 'a'}${this.#seq}`,
      role,
      turn: this.#turn,
      text: '',
      final: false,
      language: role === 'assistant' ? this.#lang : undefined,
    };
  }

  #sendSegment(seg: TranscriptSegment): void {
    this.send({ type: 'transcript', ...seg });
    if (seg.final && seg.text) {
      this.#deps.store?.append(this.id, {
        role: seg.role,
        turn: seg.turn,
        text: seg.text,
        language: seg.language,
      });
    }
  }

  #onAssistantText(delta: string): void {
    if (!this.#openAssistant) {
      this.#openAssistant = this.#newSegment('assistant');
      this.#awaitingFinal.push(this.#openAssistant);
    }
    this.#openAssistant.text += delta;
    this.#output.appendText(delta);
    this.#sendSegment(this.#openAssistant);
  }

  #onAssistantFlush(): void {
    this.#openAssistant = undefined;
  }

  #onUserText(text: string): void {
    if (!this.#session) {
      this.#error('bad_message', 'Send hello before anything else.');
      return;
    }
    const seg = this.#newSegment('user');
    seg.text = text;
    seg.final = true;
    this.#sendSegment(seg);
    this.#session.interrupt();
    this.#session.generateReply({ userInput: text });
  }

  async close(reason: string): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    clearTimeout(this.#idleTimer);
    clearTimeout(this.#helloTimer);
    for (const t of this.#drainTimers) clearTimeout(t);
    this.#drainTimers.clear();
    this.#log.info({ reason, playedSamples: this.#output.playedSamples }, 'session closing');
    this.#output.abandonAll();
    if (this.#ws.readyState === this.#ws.OPEN) this.#ws.close(CloseCode.normal, 'bye');
    try {
      await this.#session?.close();
    } catch (err) {
      this.#log.warn({ err }, 'error while closing the agent session');
    }
    await this.#input.close().catch(() => {});
    // The pipeline is built per session: its sockets (Deepgram stream, Cartesia pool, HTTP
    // keep-alive) go with it.
    const p = this.#pipeline;
    if (p) {
      const results = await Promise.allSettled([p.stt.close(), p.tts.close(), p.llm.aclose()]);
      for (const r of results) {
        if (r.status === 'rejected') this.#log.warn({ err: r.reason }, 'error closing a provider');
      }
    }
    this.#deps.store?.end(this.id, reason);
    this.#deps.onClosed(this);
  }
}

function providerMessage(code: ErrorCode): string {
  switch (code) {
    case 'stt_failed':
      return 'Speech recognition is unavailable right now. You can still type your message.';
    case 'tts_failed':
      return 'The assistant’s voice is unavailable right now; replies will appear as text.';
    default:
      return 'The assistant could not answer right now. Please try again in a moment.';
  }
}
