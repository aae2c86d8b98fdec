/**
 * One browser conversation on the local runtime: the WebSocket I/O around a voice-session core.
 * This file owns the socket — hello and its token, audio frames in and out, backpressure, idle
 * and hello deadlines — and nothing of the conversation itself: the core (session/voice-session)
 * assembles the agent, numbers the transcript's turns and says everything as protocol messages,
 * which go out on the socket as they are.
 */
import type { metrics } from '@livekit/agents';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import {
  CloseCode,
  MAX_AUDIO_FRAME_BYTES,
  PROTOCOL_VERSION,
  type ErrorCode,
  type HelloMessage,
  type ServerMessage,
} from '../../../../sdk/src/protocol/messages.js';
import type { AgentTools } from '../../agent.js';
import type { Partner } from '../../partners.js';
import type { Pipeline } from '../../providers/index.js';
import type { SessionStoreWriter } from '../../state/session-store.js';
import type { AdmittedSession } from '../../server/admission.js';
import type { SessionClaims, TokenCheck } from '../../server/tokens.js';
import type { OperatorAction } from '../../session/operator-control.js';
import { VoiceSession, type ToolEmit } from '../../session/voice-session.js';
import type { KnowledgeSearch } from '../../knowledge/library.js';
import { AGENT_OUTPUT_SAMPLE_RATE, SocketAudioInput, SocketAudioOutput } from './audio-io.js';
import type { SessionSocket } from './port-socket.js';
import { parseClientMessage } from './protocol.js';

export interface LocalSessionDeps {
  verifyToken(token: string): TokenCheck;
  buildPipeline(lang: string): Pipeline;
  buildTools?(emit: ToolEmit, lang: () => string): AgentTools;
  /** The knowledge bases a partner's `search_knowledge` searches. */
  knowledge?: KnowledgeSearch | undefined;
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
  store?: SessionStoreWriter;
  /**
   * Set when the main thread has already read and checked the hello (server/admission.ts): the
   * session starts from it at once, with its id, and hands the caller its resume token.
   */
  admitted?: AdmittedSession;
}

/** Unsent bytes above which agent audio waits (about 2.7 s of 24 kHz PCM16), and resumes below. */
export const AUDIO_HIGH_WATER_BYTES = 128 * 1024;
export const AUDIO_LOW_WATER_BYTES = 32 * 1024;

export class LocalSession {
  readonly id: string;
  #ws: SessionSocket;
  #deps: LocalSessionDeps;
  #log: Logger;
  #core: VoiceSession | undefined;
  #input = new SocketAudioInput();
  #output: SocketAudioOutput;
  #claims: SessionClaims | undefined;
  #closed = false;
  #idleTimer: NodeJS.Timeout | undefined;
  #lastActivity = 0;
  #helloTimer: NodeJS.Timeout | undefined;
  #drainTimers = new Set<NodeJS.Timeout>();
  #backpressureWaits = 0;

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
      if (!this.#core) return; // audio before the session is ready is dropped
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
      case 'offer_selected':
        if (this.#core) this.#core.offerSelected(msg.offerId);
        else this.#error('bad_message', 'Send hello before anything else.');
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
    const lang = hello.lang ?? check.claims.lang ?? partner?.defaultLanguage ?? 'en';
    let pipeline: Pipeline;
    try {
      pipeline = this.#deps.buildPipeline(lang);
    } catch (err) {
      this.#fail('provider_unavailable', (err as Error).message, CloseCode.providerUnavailable);
      return;
    }
    const core = new VoiceSession({
      id: this.id,
      runtime: 'local',
      partner,
      partnerKey: check.claims.partner,
      start: { ...hello, lang },
      pipeline,
      send: (m) => this.send(m),
      logger: this.#log,
      buildTools: this.#deps.buildTools,
      knowledge: this.#deps.knowledge,
      greeting: this.#deps.greeting?.(check.claims, lang),
      // The reply's text rides with its audio segment, to be cut where playback stopped.
      onAssistantText: (delta) => this.#output.appendText(delta),
      onMetrics: this.#deps.onMetrics,
      store: this.#deps.store,
      onClosed: () => void this.close('agent session closed'),
    });
    this.#core = core;
    core.agentSession.input.audio = this.#input;
    core.agentSession.output.audio = hello.audio === false ? null : this.#output;
    core.agentSession.output.transcription = core.textOutput;
    try {
      await core.start();
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
    core.greet();
  }

  #onUserText(text: string): void {
    if (!this.#core) {
      this.#error('bad_message', 'Send hello before anything else.');
      return;
    }
    this.#core.userText(text);
  }

  /**
   * A person in the operator console acts on this conversation; false when it has not started
   * or has ended. `end` closes the caller's socket normally: the widget shows the call ended.
   */
  operator(action: OperatorAction): boolean {
    if (this.#closed || !this.#core) return false;
    if (action.type === 'end') {
      this.#log.info({ operator: action.operator }, 'ended by a person in the console');
      // Said first, so the widget takes the close that follows as the end, not a drop.
      this.send({ type: 'session_ended', reason: 'operator' });
      void this.close('ended by operator');
      return true;
    }
    this.#core.operator(action);
    return true;
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
    await this.#core?.close(reason);
    await this.#input.close().catch(() => {});
    this.#deps.onClosed(this);
  }
}
