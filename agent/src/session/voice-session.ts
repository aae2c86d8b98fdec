/**
 * The voice-session core: one conversation, assembled the same way for both runtimes.
 *
 * It owns everything a conversation is — the agent (instructions, page context, resumed history,
 * tools), the `AgentSession` and its turn handling, the greeting, language following, the
 * transcript and its turn numbers, tool progress and cards (and the caller choosing one),
 * escalation to a person (`transfer_to_human`, repeated failures, the caller's mood), provider
 * errors told to the caller, latency metrics and the session record — and says all of it as
 * protocol messages through one `send`. A runtime is only I/O around it: the local runtime carries those messages on its
 * WebSocket and plugs in socket audio; the LiveKit runtime publishes them on `polyglot.events`
 * and plugs in the room (agents-js keeps `voice/room_io` apart from `AgentSession` the same way).
 */
import { voice, type metrics, type VAD } from '@livekit/agents';
import type { Room } from '@livekit/rtc-node';
import type { Logger } from 'pino';
import {
  LANGUAGE_TAG_PATTERN,
  MAX_HANDOFF_SUMMARY_CHARS,
  type ErrorCode,
  type HandoffReason,
  type ServerMessage,
  type SessionStart,
  type TranscriptSegment,
} from '../../../sdk/src/protocol/messages.js';
import { createAgent, enabledTools, type AgentTools } from '../agent.js';
import { greetingFor } from '../languages/greetings.js';
import { maskPii } from '../observability/pii.js';
import { createKnowledgeTool, KNOWLEDGE_TOOL } from '../knowledge/tool.js';
import type { KnowledgeSearch } from '../knowledge/library.js';
import { partnerGreeting, type Partner } from '../partners.js';
import { SESSION_CONNECT_OPTIONS, type Pipeline } from '../providers/index.js';
import type { Sentiment } from '../../../sdk/src/protocol/console.js';
import type { SessionStoreWriter } from '../state/session-store.js';
import { createHandoffTools, SENTIMENT_TOOL, transferResult } from '../tools/handoff/tools.js';
import { turnHandling, type TurnInference } from '../turn-handling.js';
import { consoleLine, flightSearchOutcome, runningTool } from './console-record.js';
import { choiceInstructions, describeChoice, OfferBook } from './offer-choice.js';
import type { OperatorAction } from './operator-control.js';
import { countRepeatedFailures } from './repeated-failures.js';
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
  /**
   * The process's knowledge bases (here, or reached from a session thread or job process): a
   * partner with a `knowledge` section gets `search_knowledge` on them.
   */
  knowledge?: KnowledgeSearch | undefined;
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
  store?: SessionStoreWriter | undefined;
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
  /** The offers this session showed as cards: what the caller may choose from. */
  #offers = new OfferBook();
  #agent: voice.Agent;
  #closed = false;
  #started = false;
  /** The newest reply created, and the one whose audio is playing (or paused by the caller). */
  #lastSpeech: voice.SpeechHandle | undefined;
  #playing: voice.SpeechHandle | undefined;
  /** The caller was handed to a person (or told no one is available) in this session. */
  #handedOff = false;
  /** A person in the operator console has the conversation: the assistant does not answer. */
  #takenOver = false;
  #operatorMessages = 0;
  /** Every voice provider of the route failed: replies stay text for the rest of the session. */
  #voiceFailed = false;

  constructor(opts: VoiceSessionOptions) {
    this.id = opts.id;
    this.#opts = opts;
    this.#log = opts.logger;
    this.#lang = opts.start.lang ?? opts.partner?.defaultLanguage ?? 'en';
    // Tool progress, cards and citations carry the turn they belong to, so the widget places
    // them in it.
    const emit: ToolEmit = (m) => {
      if (m.type === 'flight_results') this.#offers.record(m.offers);
      this.#send(
        m.type === 'tool' || m.type === 'flight_results' || m.type === 'knowledge'
          ? { ...m, turn: this.#book.turn }
          : m,
      );
    };
    const partner = opts.partner;
    const knowledge =
      partner?.knowledge && opts.knowledge
        ? { partner: { key: partner.key, name: partner.name, knowledge: partner.knowledge } }
        : undefined;
    const allTools: AgentTools | undefined =
      opts.buildTools || knowledge
        ? {
            ...opts.buildTools?.(emit, () => this.#lang),
            ...(knowledge && {
              [KNOWLEDGE_TOOL]: createKnowledgeTool({
                search: opts.knowledge!,
                ...knowledge,
                emit,
                onError: (err) => this.#log.warn({ err }, 'knowledge search failed'),
              }),
            }),
          }
        : undefined;
    const partnerTools = partner && allTools ? enabledTools(allTools, partner.tools) : allTools;
    // Escalation is every session's, whatever tools the partner enabled.
    const tools = {
      ...(partnerTools &&
        countRepeatedFailures(partnerTools, (tool, failures) =>
          this.#log.info(
            { tool, failures },
            'repeated tool failure: the model is told to offer a person',
          ),
        )),
      ...createHandoffTools({
        transfer: (req) => this.#transfer(req.reason, req.summary),
        noteSentiment: (sentiment) => this.#noteSentiment(sentiment),
      }),
    } as AgentTools;
    this.#agent = createAgent({
      lang: this.#lang,
      pageContext: opts.start.context,
      tools,
      ...(knowledge &&
        tools &&
        KNOWLEDGE_TOOL in tools && {
          knowledge: {
            partnerName: knowledge.partner.name,
            language: knowledge.partner.knowledge.language,
          },
        }),
      history: opts.start.resume?.history.filter((h) => h.text.trim()) ?? [],
      holdReplies: () => this.#takenOver,
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
    // OpenAI transcription is cut into utterances by the session's own VAD.
    opts.pipeline.stt.useVad(this.agentSession.vad);
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
    this.#log.info(
      {
        partner: this.#opts.partnerKey,
        lang: this.#lang,
        stt: this.#opts.pipeline.stt.route[0],
        tts: this.#opts.pipeline.tts.route[0] ?? 'text only',
      },
      'session started',
    );
    // A text-only widget (`audio: false`) gets no voice, whatever the language.
    if (this.#opts.start.audio === false) this.agentSession.output.setAudioEnabled(false);
    // A language no provider voices: replies are text, and the widget says so from the start;
    // one no recogniser covers: the widget tells the caller which languages are heard.
    if (!this.#opts.pipeline.voiced || !this.#opts.pipeline.hearsLanguage(this.#lang))
      this.#followVoice(this.#lang, this.#opts.pipeline.voiced);
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
    if (this.#takenOver) {
      // The person in the console answers; the assistant learns of it for after the hand-back.
      this.#addToContext('user', text);
      return;
    }
    this.agentSession.interrupt();
    this.agentSession.generateReply({ userInput: text });
  }

  /** Whether a person in the operator console has the conversation. */
  get takenOver(): boolean {
    return this.#takenOver;
  }

  /**
   * A person in the operator console acts on the conversation (`end` is the runtime's: it closes
   * the session). Their messages reach the caller as `operator` segments, the session record
   * (masked) and the agent's context, so the assistant knows what was said if it is handed back.
   */
  operator(action: OperatorAction): void {
    if (this.#closed) return;
    switch (action.type) {
      case 'take_over':
        this.#takeOver(action.operator);
        break;
      case 'say': {
        this.#takeOver(action.operator);
        this.#sendSegment({
          id: `operator-${++this.#operatorMessages}`,
          role: 'operator',
          turn: this.#book.turn,
          text: action.text,
          final: true,
        });
        this.#addToContext('assistant', `(A person from the support team wrote:) ${action.text}`);
        break;
      }
      case 'hand_back':
        if (!this.#takenOver) return;
        this.#takenOver = false;
        this.#log.info({ operator: action.operator }, 'handed back to the assistant');
        break;
      case 'end':
        break;
    }
  }

  /** Adds a line to the agent's context without asking for a reply (a taken-over conversation). */
  #addToContext(role: 'user' | 'assistant', content: string): void {
    const ctx = this.#agent.chatCtx.copy();
    ctx.addMessage({ role, content });
    this.#agent
      .updateChatCtx(ctx)
      .catch((err: unknown) => this.#log.warn({ err }, 'line not added to the agent context'));
  }

  #takeOver(operator: string): void {
    if (this.#takenOver) return;
    this.#takenOver = true;
    this.agentSession.interrupt();
    this.#log.info({ operator }, 'taken over by a person');
  }

  /**
   * The caller chose a card: an offer this session showed is told to the model as the caller's
   * turn, and the model's reply confirms it (interrupting any reply, as typing does). An id the
   * session never showed gets `unknown_offer`, and the model hears nothing. Returns whether the
   * choice was taken.
   */
  offerSelected(offerId: string): boolean {
    if (this.#closed) return false;
    const offer = this.#offers.get(offerId);
    if (!offer) {
      this.#log.warn(
        { offerId: offerId.slice(0, 64) },
        'choice of an offer this session never showed',
      );
      this.#error(
        'unknown_offer',
        'That offer is not one this conversation found. Please choose a card from this conversation.',
      );
      return false;
    }
    this.agentSession.interrupt();
    this.agentSession.generateReply({
      userInput: describeChoice(offer),
      instructions: choiceInstructions(this.#lang),
    });
    return true;
  }

  /**
   * `transfer_to_human`: the widget gets `handoff` with the reason, the partner's targets and the
   * model's summary with personal data masked; the session record and the console queue get it
   * too. Returns what the model is told to say (or that no person is available). A second call
   * sends the message again (the widget shows it again) but is recorded once.
   */
  #transfer(reason: HandoffReason, summary: string): string {
    const partner = this.#opts.partner;
    const targets = partner?.handoff;
    const masked = maskPii(summary.trim()).slice(0, MAX_HANDOFF_SUMMARY_CHARS);
    const again = this.#handedOff;
    this.#handedOff = true;
    if (targets) {
      this.#send({
        type: 'handoff',
        reason,
        summary: masked,
        ...(targets.url && { url: targets.url }),
        ...(targets.phone && { phone: targets.phone }),
        ...(targets.queue && { queued: true }),
      });
    }
    if (!again) {
      this.#log.info(
        { reason, targets: targets ? Object.keys(targets) : [], summary: masked },
        targets ? 'handed to a person' : 'handoff asked for, no person available',
      );
      this.#opts.store?.handoff(this.id, {
        reason,
        summary: masked,
        targets: { ...targets },
        turn: this.#book.turn,
      });
    }
    return transferResult({
      targets,
      partnerName: partner?.name ?? 'this site',
      lang: this.#lang,
      again,
    });
  }

  #noteSentiment(sentiment: Sentiment): void {
    this.#log.debug({ sentiment }, 'caller mood noted');
    this.#opts.store?.sentiment(this.id, { sentiment, turn: this.#book.turn });
  }

  /**
   * Every message to the widget goes out here, and the session record (the operator console's
   * view) is written from the same messages: what the caller was shown is what the console shows.
   * A final line that arrives while the session closes is still recorded.
   */
  #send(m: ServerMessage): void {
    if (!this.#closed) this.#opts.send(m);
    const store = this.#opts.store;
    if (!store) return;
    const line = consoleLine(m, this.#book.turn);
    if (line) store.append(this.id, line);
    const call = runningTool(m);
    if (call) store.tool(this.id, call);
    const outcome = flightSearchOutcome(m);
    if (outcome) store.flightSearch(this.id, outcome);
  }

  #error(code: ErrorCode, message: string): void {
    this.#send({ type: 'error', code, message, fatal: false });
  }

  #sendSegment(seg: TranscriptSegment): void {
    this.#send({ type: 'transcript', ...seg });
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
      if (ev.isFinal && ev.language && ev.language !== this.#lang)
        this.#switchLanguage(ev.language);
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
        if (code === 'tts_failed') {
          this.#voiceFailed = true;
          session.output.setAudioEnabled(false);
        }
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
    // A response that only noted the caller's mood said nothing, and a tool that returns nothing
    // asks for no reply: ask for the reply the caller is waiting for.
    session.on(E.FunctionToolsExecuted, (ev) => {
      const calls = ev.functionCalls;
      if (this.#closed || !calls.length || !calls.every((c) => c.name === SENTIMENT_TOOL)) return;
      const spoke = this.#lastSpeech?.chatItems.some(
        (i) => i.type === 'message' && i.role === 'assistant' && Boolean(i.textContent?.trim()),
      );
      if (!spoke) this.agentSession.generateReply();
    });
    session.on(E.MetricsCollected, (ev) => this.#opts.onMetrics?.(ev.metrics));
    session.on(E.Close, (ev) => {
      if (ev.error) this.#log.warn({ reason: ev.reason }, 'agent session closed with an error');
      this.#opts.onClosed?.(String(ev.reason ?? 'agent session closed'));
    });
  }

  /**
   * The conversation moves to `lang`: recognition and the voice take that language's routes
   * (the audio that follows goes to the new recogniser; the next reply is voiced by the new
   * provider, or not at all), and the widget's cards and labels follow it.
   */
  #switchLanguage(lang: string): void {
    this.#lang = lang;
    const change = this.#opts.pipeline.setLanguage(lang);
    if (!change) this.#log.warn({ lang }, 'language not in the table: routes unchanged');
    this.#followVoice(lang, change?.voiced ?? this.#opts.pipeline.voiced);
  }

  /**
   * Audio on or off for a language with or without a voice, and the widget told which, and,
   * for a language no recogniser covers (the routes stay on the last one that is: English's at
   * the start), which languages are heard.
   */
  #followVoice(lang: string, voiced: boolean): void {
    // A voice that failed for good stays off (the caller was told), as does a text-only
    // widget's; otherwise it follows the language.
    if (!this.#voiceFailed && this.#opts.start.audio !== false)
      this.agentSession.output.setAudioEnabled(voiced);
    if (!LANGUAGE_TAG_PATTERN.test(lang)) return;
    const heard = this.#opts.pipeline.hearsLanguage(lang);
    if (!heard) this.#log.info({ lang }, 'no recogniser for the language: the caller is told');
    this.#send({
      type: 'language',
      lang,
      ...(!voiced && { voice: false }),
      ...(!heard && { hears: [...this.#opts.pipeline.hears] }),
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
   *
   * The output is cleared here too. The framework clears it only once the reply's audio
   * forwarding has stopped, and LiveKit's room output holds that forwarding at its pause gate
   * (the caller's voice paused the reply) until it is cleared: the framework then waited its
   * 2 s cancel timeout, the cut reply joined the chat context after the final transcript, and
   * the answer was asked of the LLM twice (agents 1.9.0). Clearing first lets the forwarding end
   * at once; the framework's own clear after it finds nothing left to clear.
   */
  #wordsOverReply(): void {
    const reply = this.#playing;
    if (!reply || reply.done() || reply.interrupted || !reply.allowInterruptions) return;
    this.agentSession.interrupt();
    this.agentSession.output.audio?.clearBuffer();
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
