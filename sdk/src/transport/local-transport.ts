/**
 * The local runtime's transport: our versioned WebSocket protocol plus AudioWorklets.
 */
import { AudioEngine, transferables, type AudioEngineEvents } from '../audio/audio-engine.js';
import {
  CLIENT_AUDIO_SAMPLE_RATE,
  PROTOCOL_VERSION,
  RESUME_WINDOW_MS,
  type ClientMessage,
  type SessionDescriptor,
  type ServerMessage,
} from '../protocol/messages.js';
import { startSocketCore, type CoreLink, type FromCore } from './socket-core.js';
import {
  routeAppMessage,
  type ConnectOptions,
  type Transport,
  type TransportEvents,
  type TransportStats,
} from './transport.js';

/** Above this much unsent data we drop microphone chunks rather than build latency. */
const MAX_BUFFERED_BYTES = 64 * 1024;
const READY_TIMEOUT_MS = 15_000;
/** How long `close()` waits for the socket's closing handshake before stopping its thread. */
const CLOSE_WAIT_MS = 1_000;

export class LocalTransport implements Transport {
  #events: TransportEvents;
  #engine: AudioEngine;
  #audioReady: Promise<void> | undefined;
  #link: CoreLink | undefined;
  #outputRate = 24_000;
  #closing = false;
  #closed: Promise<void> | undefined;
  #sentSamples = 0;
  #dropped = 0;
  /** The socket URL and the `ready.resumeToken` that continue this session after a drop. */
  #resume: { url: string; token: string } | undefined;

  /** @param createEngine where the audio engine comes from (the element's AudioController). */
  constructor(
    events: TransportEvents,
    createEngine: (events: AudioEngineEvents) => AudioEngine = (e) => new AudioEngine(e),
  ) {
    this.#events = events;
    // The audio itself goes between the worklets and the socket core (`socket-core.ts`).
    this.#engine = createEngine({
      onMicLevel: (level) => this.#events.micLevel(level),
      onOutputLevel: (level, active) => this.#events.outputLevel(level, active),
    });
  }

  /** Starts audio inside the user's gesture, before any network round trip. */
  prepareAudio(withMic: boolean): Promise<void> {
    this.#audioReady ??= this.#engine.start(CLIENT_AUDIO_SAMPLE_RATE, withMic);
    return this.#audioReady;
  }

  get stats(): TransportStats {
    const played = this.#engine.playedSamples;
    return {
      playedSamples: played,
      playedMs: (played / this.#outputRate) * 1000,
      playedAt: this.#engine.playedAt,
      outputLatencyMs: this.#engine.outputLatencyMs,
      sentMs: (this.#sentSamples / CLIENT_AUDIO_SAMPLE_RATE) * 1000,
      droppedChunks: this.#dropped,
      gapMs: this.#engine.gapMs,
      audioOffMainThread: this.#link?.isolated ?? false,
      micCapture: this.#engine.capturePath ?? 'none',
    };
  }

  async connect(descriptor: SessionDescriptor, options: ConnectOptions): Promise<void> {
    if (descriptor.transport !== 'local')
      throw new Error('LocalTransport needs a local descriptor');
    // The socket's Worker starts while the microphone is being granted.
    const core = startSocketCore();
    if (options.audio) await this.prepareAudio(options.withMic);
    const link = (this.#link = await core);
    if (this.#closing) return void link.terminate();
    const ports = options.audio ? this.#engine.socketPorts() : {};
    link.post({ type: 'ports', ...ports }, transferables(ports));
    const hello: ClientMessage = {
      type: 'hello',
      protocol: PROTOCOL_VERSION,
      token: descriptor.token,
      lang: options.lang,
      context: options.context,
      audio: options.audio,
      resume: options.resume,
      greet: options.greet,
    };
    // A Worker resolves URLs against its Blob URL, not the page: hand it an absolute one.
    const url = new URL(descriptor.url, location.href).href;
    await new Promise<void>((resolve, reject) => {
      const fail = (message: string, code = 'connect_failed') => {
        clearTimeout(timer);
        reject(Object.assign(new Error(message), { code }));
      };
      const timer = setTimeout(
        () => fail('The assistant did not answer in time.'),
        READY_TIMEOUT_MS,
      );
      link.onmessage = (m) => {
        if (this.#onFigures(m)) return;
        if (m.type === 'error') fail('Could not reach the assistant.');
        else if (m.type === 'closed') fail('The assistant closed the connection.');
        else if (m.type === 'message') {
          const msg = m.message as ServerMessage;
          if (msg.type === 'ready') {
            clearTimeout(timer);
            this.#outputRate = msg.outputSampleRate;
            this.#resume = msg.resumeToken
              ? { url: descriptor.url, token: msg.resumeToken }
              : undefined;
            resolve();
          } else if (msg.type === 'error') {
            this.#events.error(msg.code, msg.message, msg.fatal);
            if (msg.fatal) fail(msg.message, msg.code);
          } else {
            this.#dispatch(msg);
          }
        }
      };
      link.post({
        type: 'open',
        url,
        hello: JSON.stringify(hello),
        maxBufferedBytes: MAX_BUFFERED_BYTES,
      });
    });
    let closed!: () => void;
    this.#closed = new Promise<void>((r) => (closed = r));
    link.onmessage = (m) => {
      if (this.#onFigures(m)) return;
      if (m.type === 'message') this.#dispatch(m.message as ServerMessage);
      else if (m.type === 'closed') {
        const expected = this.#closing;
        closed();
        link.terminate();
        void this.#engine.stop();
        this.#events.closed(expected);
      }
    };
  }

  resumeDescriptor(): SessionDescriptor | undefined {
    if (!this.#resume) return undefined;
    const { url, token } = this.#resume;
    return { transport: 'local', url, token, expiresAt: Date.now() + RESUME_WINDOW_MS };
  }

  /** The core's figures (sent and dropped audio, microphone levels), before and after `ready`. */
  #onFigures(m: FromCore): boolean {
    if (m.type === 'stats') {
      this.#sentSamples = m.sentSamples;
      this.#dropped = m.dropped;
    } else if (m.type === 'level') {
      this.#engine.reportMicLevel(m.level);
    } else {
      return false;
    }
    return true;
  }

  #send(m: ClientMessage): void {
    this.#link?.post({ type: 'send', text: JSON.stringify(m) });
  }

  #dispatch(m: ServerMessage): void {
    // Audio framing (audio_start/end/pause/resume) is handled by the socket core, next to the
    // audio itself; everything else is the core's, routed as in LiveKit.
    routeAppMessage(m, this.#events);
  }

  sendText(text: string): void {
    this.#send({ type: 'user_text', text });
  }

  selectOffer(offerId: string): void {
    this.#send({ type: 'offer_selected', offerId });
  }

  setMuted(muted: boolean): void {
    this.#engine.muted = muted;
    this.#link?.post({ type: 'mute', muted });
  }

  async close(): Promise<void> {
    this.#closing = true;
    const link = this.#link;
    if (link) {
      link.post({ type: 'close', code: 1000 });
      // Let the closing handshake finish (the server sees 1000, not a dropped socket).
      const closed = this.#closed ?? Promise.resolve();
      await Promise.race([closed, new Promise((r) => setTimeout(r, CLOSE_WAIT_MS))]);
      link.terminate();
    }
    await this.#engine.stop();
  }
}
