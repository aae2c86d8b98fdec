/**
 * The voice-session core: one conversation, assembled the same way for both runtimes.
 *
 * It owns everything a conversation is — the agent (instructions, page context, resumed history,
 * tools), the `AgentSession` and its turn handling, the greeting, language following, the
 * transcript and its turn numbers, tool progress and cards, provider errors told to the caller,
 * latency metrics and the session record — and says all of it as protocol messages through one
 * `send`. A runtime is only I/O around it: the local runtime carries those messages on its
 * WebSocket and plugs in socket audio; the LiveKit runtime publishes them on `polyglot.events`
 * and plugs in the room (agents-js keeps `voice/room_io` apart from `AgentSession` the same way).
 */
import { voice, type metrics, type VAD } from '@livekit/agents';
import type { Room } from '@livekit/rtc-node';
import type { Logger } from 'pino';
import type {
  ErrorCode,
  ServerMessage,
  SessionStart,
  TranscriptSegment,
} from '../../../sdk/src/protocol/messages.js';
import { createAgent, enabledTools, greetingFor, type AgentTools } from '../agent.js';
import { partnerGreeting, type Partner } from '../partners.js';
import { SESSION_CONNECT_OPTIONS, type Pipeline } from '../providers/index.js';
import type { SessionStore } from '../state/session-store.js';
import { turnHandling, type TurnInference } from '../turn-handling.js';
import { TranscriptBook } from './transcript.js';

export type RuntimeName = 'local' | 'livekit';

/** Tool progress and cards a tool set emits; the core places them in the current turn. */
export type ToolEmit = (m: ServerMessage) => void;

export interface VoiceSessionOptions {
  id: string;
  runtime: RuntimeName;
  /** The partner whose tools, greeting and default language apply. */
  partner: Partner | undefined;
  partnerKey: string;
  /** What the widget asked for when it opened the session (language, page context, resume). */
  start: SessionStart;
  pipeline: Pipeline;
  /** The runtime's channel to the widget. */
  send(message: ServerMessage): void;
  logger: Logger;
  /** Every tool the deployment has (the partner's enabled ones are kept). */
  buildTools?(emit: ToolEmit, lang: () => string): AgentTools;
  /** A greeting that replaces the partner's and the built-in one (tests). */
  greeting?: string | undefined;
  /** Where turn detection and interruption run (offline unless the worker is on LiveKit Cloud). */
  turnInference?: TurnInference | undefined;
  /** A VAD loaded ahead of time (the LiveKit worker prewarms one per job process). */
  vad?: VAD | undefined;
  /** More of the reply's text, as the runtime's text output hands it over. */
  onAssistantText?(delta: string): void;
  onMetrics?(m: metrics.AgentMetrics): void;
  /** Session records and masked transcripts. */
  store?: Pick<SessionStore, 'start' | 'append' | 'end'> | undefined;
  /** The AgentSession closed by itself (provider failure, the caller left the room). */
  onClosed?(reason: string): void;
}

/** The reply's text, handed to the core by whichever output the runtime uses. */
class CoreTextOutput extends voice.ParalellTextOutput {
  // 1.9.0 exports no bare TextOutput base class: its parallel fan-out with no sinks serves.
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

export class VoiceSession {
  readonly id: string;
  readonly agentSession: voice.AgentSession;
  /** The reply's text goes here: the runtime sets it as (or alongside) the session's output. */
  readonly textOutput: voice.ParalellTextOutput;
  #opts: VoiceSessionOptions;
  #log: Logger;
  #lang: string;
  #book = new TranscriptBook();
  #agent: voice.Agent;
  #closed = false;
  #started = false;
  /** The newest reply created, and the one whose audio is playing (or paused by the caller). */
  #lastSpeech: voice.SpeechHandle | undefined;
  #playing: voice.SpeechHandle | undefined;

  constructor(opts: VoiceSessionOptions) {
    this.id = opts.id;
    this.#opts = opts;
    this.#log = opts.logger;
    this.#lang = opts.start.lang ?? opts.partner?.defaultLanguage ?? 'en';
    // Tool progress and cards carry the turn they belong to, so the widget places them in it.
    const allTools = opts.buildTools?.(
      (m) =>
        opts.send(
          m.type === 'tool' || m.type === 'flight_results' ? { ...m, turn: this.#book.turn } : m,
        ),
      () => this.#lang,
    );
    const tools = opts.partner && allTools ? enabledTools(allTools, opts.partner.tools) : allTools;
    this.#agent = createAgent({
      lang: this.#lang,
      pageContext: opts.start.context,
      tools,
      history: opts.start.resume?.history.filter((h) => h.text.trim()) ?? [],
    });
    this.agentSession = new voice.AgentSession({
      ...(opts.vad && { vad: opts.vad }),
      stt: opts.pipeline.stt,
      llm: opts.pipeline.llm,
      tts: opts.pipeline.tts,
      turnHandling: turnHandling(opts.turnInference ?? 'offline'),
      connOptions: SESSION_CONNECT_OPTIONS,
      // Cartesia sends word timestamps (words with their spaces), so the LiveKit room's
      // transcript can follow the voice. Sentence-aligned StreamAdapter transcripts (OpenAI,
      // espeak) lose the spaces between sentences in agents 1.9, and the local runtime cuts
      // interrupted text itself (SocketAudioOutput): those follow the LLM's own text.
      useTtsAlignedTranscript:
        opts.runtime === 'livekit' && opts.pipeline.choice.tts === 'cartesia',
    });
    this.textOutput = new CoreTextOutput(
      (delta) => this.#onAssistantText(delta),
      () => this.#book.assistantFlushed(),
    );
    this.#wireEvents();
  }

  /** The conversation's language now (the caller's last, or the page's). */
  get lang(): string {
    return this.#lang;
  }

  /**
   * Starts the agent; `room` for the LiveKit runtime (the framework's room I/O), nothing for the
   * local one (its audio I/O is set on `agentSession` before). Then {@link greet}.
   */
  async start(
    io: { room?: Room; roomOptions?: Partial<voice.RoomInputOptions> } = {},
  ): Promise<void> {
    const { room, roomOptions } = io;
    await this.agentSession.start({
      agent: this.#agent,
      ...(room && {
        room,
        inputOptions: {
          ...roomOptions,
          // Typed text (`lk.chat`) gets a user line and a turn of its own, as on the socket.
          textInputCallback: (_session: voice.AgentSession, ev: { text: string }) =>
            this.userText(ev.text),
        },
      }),
    });
    this.#started = true;
    this.#log.info({ partner: this.#opts.partnerKey, lang: this.#lang }, 'session started');
    this.#opts.store?.start({
      id: this.id,
      partner: this.#opts.partnerKey,
      lang: this.#lang,
      runtime: this.#opts.runtime,
    });
  }

  /**
   * Says the partner's greeting, unless the session resumes a conversation or the caller opened
   * it by typing (their message is answered instead of being talked over).
   */
  greet(): void {
    if (this.#closed || this.#opts.start.resume || this.#opts.start.greet === false) return;
    const greeting =
      this.#opts.greeting ??
      (this.#opts.partner && partnerGreeting(this.#opts.partner, this.#lang)) ??
      greetingFor(this.#lang);
    this.agentSession.say(greeting);
  }

  /** A typed message: shown as the caller's line, and answered (interrupting any reply). */
  userText(text: string): void {
    if (this.#closed) return;
    this.#sendSegment(this.#book.userTyped(text));
    this.agentSession.interrupt();
    this.agentSession.generateReply({ userInput: text });
  }

  #send(m: ServerMessage): void {
    if (!this.#closed) this.#opts.send(m);
  }

  #error(code: ErrorCode, message: string): void {
    this.#send({ type: 'error', code, message, fatal: false });
  }

  #sendSegment(seg: TranscriptSegment): void {
    this.#send({ type: 'transcript', ...seg });
    if (seg.final && seg.text) {
      this.#opts.store?.append(this.id, {
        role: seg.role,
        turn: seg.turn,
        text: seg.text,
        language: seg.language,
      });
    }
  }

  #onAssistantText(delta: string): void {
    this.#sendSegment(this.#book.assistantText(delta, this.#lang));
    this.#opts.onAssistantText?.(delta);
  }

  #wireEvents(): void {
    const session = this.agentSession;
    const E = voice.AgentSessionEventTypes;
    session.on(E.AgentStateChanged, (ev) => {
      if (ev.newState === 'speaking') this.#playing = this.#lastSpeech;
      this.#send({ type: 'agent_state', state: ev.newState });
    });
    session.on(E.SpeechCreated, (ev) => (this.#lastSpeech = ev.speechHandle));
    session.on(E.UserStateChanged, (ev) => this.#send({ type: 'user_state', state: ev.newState }));
    session.on(E.UserInputTranscribed, (ev) => {
      const seg = this.#book.userTranscribed(ev.transcript, ev.isFinal, ev.language ?? undefined);
      if (!seg) return;
      if (ev.transcript.trim()) this.#wordsOverReply();
      // The caller switched language: the next reply is spoken, and recognised, in theirs.
      if (ev.isFinal && ev.language && ev.language !== this.#lang) {
        this.#lang = ev.language;
        this.#opts.pipeline.setLanguage(ev.language);
      }
      this.#sendSegment(seg);
    });
    session.on(E.ConversationItemAdded, (ev) => {
      const item = ev.item;
      if (item.type !== 'message' || item.role !== 'assistant') return;
      this.#sendSegment(
        this.#book.assistantCommitted(item.textContent, item.interrupted, this.#lang),
      );
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
        // transcript; the widget shows the message above. (A new session tries the voice again.)
        if (code === 'tts_failed') session.output.setAudioEnabled(false);
      }
    });
    // The HTTP transcription path drops a failed utterance without an `error` event.
    let lastSttNotice = 0;
    this.#opts.pipeline.onSttFailure((err) => {
      this.#log.warn({ err }, 'speech-to-text request failed');
      if (Date.now() - lastSttNotice < 10_000) return; // one notice per outage, not per utterance
      lastSttNotice = Date.now();
      this.#error('stt_failed', providerMessage('stt_failed'));
    });
    session.on(E.MetricsCollected, (ev) => this.#opts.onMetrics?.(ev.metrics));
    session.on(E.Close, (ev) => {
      if (ev.error) this.#log.warn({ reason: ev.reason }, 'agent session closed with an error');
      this.#opts.onClosed?.(String(ev.reason ?? 'agent session closed'));
    });
  }

  /**
   * The caller said words over a reply: it is a real interruption, not a cough, so the reply is
   * interrupted now rather than when the caller's turn ends. The framework only pauses a reply
   * the caller talks over (it resumes it if no words follow) and interrupts it at the end of the
   * turn; until then it starts no preemptive reply, and one started at the final transcript is
   * thrown away when the cut reply joins the chat context just after. Interrupted at the first
   * words (an interim transcript), the cut reply is committed before the final transcript, and
   * the answer to a barge-in is prepared as early as any other answer.
   */
  #wordsOverReply(): void {
    const reply = this.#playing;
    if (!reply || reply.done() || reply.interrupted || !reply.allowInterruptions) return;
    this.agentSession.interrupt();
  }

  /** Ends the conversation: the agent, the providers' connections, the session record. */
  async close(reason: string): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    try {
      await this.agentSession.close();
    } catch (err) {
      this.#log.warn({ err }, 'error while closing the agent session');
    }
    // The pipeline is built per session: its sockets (Deepgram stream, Cartesia pool, HTTP
    // keep-alive) go with it.
    const p = this.#opts.pipeline;
    const results = await Promise.allSettled([p.stt.close(), p.tts.close(), p.llm.aclose()]);
    for (const r of results) {
      if (r.status === 'rejected') this.#log.warn({ err: r.reason }, 'error closing a provider');
    }
    if (this.#started) this.#opts.store?.end(this.id, reason);
  }
}

export function providerMessage(code: ErrorCode): string {
  switch (code) {
    case 'stt_failed':
      return 'Speech recognition is unavailable right now. You can still type your message.';
    case 'tts_failed':
      return 'The assistant’s voice is unavailable right now; replies will appear as text.';
    default:
      return 'The assistant could not answer right now. Please try again in a moment.';
  }
}
