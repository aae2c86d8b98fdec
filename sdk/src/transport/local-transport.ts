/**
 * The local runtime's transport: our versioned WebSocket protocol plus AudioWorklets.
 */
import { AudioEngine, type AudioEngineEvents } from '../audio/audio-engine.js';
import {
  CLIENT_AUDIO_SAMPLE_RATE,
  PROTOCOL_VERSION,
  type ClientMessage,
  type SessionDescriptor,
  type ServerMessage,
} from '../protocol/messages.js';
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

export class LocalTransport implements Transport {
  #events: TransportEvents;
  #engine: AudioEngine;
  #audioReady: Promise<void> | undefined;
  #ws: WebSocket | undefined;
  #rxSegment = 0;
  #outputRate = 24_000;
  #closing = false;
  #sentSamples = 0;
  #dropped = 0;

  /** @param createEngine where the audio engine comes from (the element's AudioController). */
  constructor(
    events: TransportEvents,
    createEngine: (events: AudioEngineEvents) => AudioEngine = (e) => new AudioEngine(e),
  ) {
    this.#events = events;
    this.#engine = createEngine({
      onCapture: (pcm, level) => this.#onCapture(pcm, level),
      onSegmentFinished: (segment, played, interrupted) =>
        this.#send({ type: 'playback_finished', segment, playedSamples: played, interrupted }),
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
      sentMs: (this.#sentSamples / CLIENT_AUDIO_SAMPLE_RATE) * 1000,
      droppedChunks: this.#dropped,
    };
  }

  async connect(descriptor: SessionDescriptor, options: ConnectOptions): Promise<void> {
    if (descriptor.transport !== 'local')
      throw new Error('LocalTransport needs a local descriptor');
    if (options.audio) await this.prepareAudio(options.withMic);
    const ws = new WebSocket(descriptor.url);
    ws.binaryType = 'arraybuffer';
    this.#ws = ws;
    await new Promise<void>((resolve, reject) => {
      const fail = (message: string, code = 'connect_failed') => {
        clearTimeout(timer);
        reject(Object.assign(new Error(message), { code }));
      };
      const timer = setTimeout(
        () => fail('The assistant did not answer in time.'),
        READY_TIMEOUT_MS,
      );
      ws.onopen = () =>
        this.#send({
          type: 'hello',
          protocol: PROTOCOL_VERSION,
          token: descriptor.token,
          lang: options.lang,
          context: options.context,
          audio: options.audio,
          resume: options.resume,
        });
      ws.onerror = () => fail('Could not reach the assistant.');
      ws.onclose = () => fail('The assistant closed the connection.');
      ws.onmessage = (e: MessageEvent) => {
        if (typeof e.data !== 'string') return;
        const m = JSON.parse(e.data) as ServerMessage;
        if (m.type === 'ready') {
          clearTimeout(timer);
          this.#outputRate = m.outputSampleRate;
          resolve();
        } else if (m.type === 'error') {
          this.#events.error(m.code, m.message, m.fatal);
          if (m.fatal) fail(m.message, m.code);
        } else {
          this.#dispatch(m);
        }
      };
    });
    ws.onmessage = (e: MessageEvent) => this.#onMessage(e.data as string | ArrayBuffer);
    ws.onclose = () => {
      const expected = this.#closing;
      void this.#engine.stop();
      this.#events.closed(expected);
    };
    ws.onerror = null;
  }

  #send(m: ClientMessage): void {
    if (this.#ws?.readyState === WebSocket.OPEN) this.#ws.send(JSON.stringify(m));
  }

  #onCapture(pcm: ArrayBuffer, level: number): void {
    this.#events.micLevel(level);
    const ws = this.#ws;
    if (!ws || ws.readyState !== WebSocket.OPEN) return;
    if (ws.bufferedAmount > MAX_BUFFERED_BYTES) {
      this.#dropped++;
      return;
    }
    ws.send(pcm);
    this.#sentSamples += pcm.byteLength / 2;
  }

  #onMessage(data: string | ArrayBuffer): void {
    if (typeof data !== 'string') {
      if (this.#rxSegment) this.#engine.segmentAudio(this.#rxSegment, data);
      return;
    }
    let m: ServerMessage;
    try {
      m = JSON.parse(data) as ServerMessage;
    } catch {
      return;
    }
    this.#dispatch(m);
  }

  #dispatch(m: ServerMessage): void {
    switch (m.type) {
      case 'agent_state':
        this.#events.agentState(m.state);
        break;
      case 'user_state':
        this.#events.userState(m.state);
        break;
      case 'transcript': {
        const { type: _t, ...segment } = m;
        this.#events.transcript(segment);
        break;
      }
      case 'audio_start':
        this.#rxSegment = m.segment;
        this.#engine.segmentStart(m.segment, m.sampleRate);
        break;
      case 'audio_end':
        this.#engine.segmentEnd(m.segment);
        this.#rxSegment = 0;
        break;
      case 'audio_clear':
        this.#engine.clear();
        this.#rxSegment = 0;
        this.#events.interrupted();
        break;
      case 'audio_pause':
        this.#engine.pause();
        break;
      case 'audio_resume':
        this.#engine.resume();
        break;
      default:
        routeAppMessage(m, this.#events); // tool, flight_results, handoff, error
        break;
    }
  }

  sendText(text: string): void {
    this.#send({ type: 'user_text', text });
  }

  setMuted(muted: boolean): void {
    this.#engine.muted = muted;
  }

  async close(): Promise<void> {
    this.#closing = true;
    this.#ws?.close(1000);
    await this.#engine.stop();
  }
}
