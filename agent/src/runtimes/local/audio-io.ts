/**
 * The local runtime's audio I/O: `AgentSession` input and output over our WebSocket, with no Room.
 *
 * Output is segmented the framework's way (`captureFrame`... `flush()` | `clearBuffer()`); each
 * segment is announced to the browser, whose playback worklet counts the samples it really played
 * and reports them back. That count is what `onPlaybackFinished` receives, so an interrupted
 * reply is cut where the listener stopped hearing it, not where generation stopped.
 */
import { voice } from '@livekit/agents';
import type { AudioFrame } from '@livekit/rtc-node';
import { PcmFramer } from '../../audio/pcm-frames.js';
import { ReadableStream } from 'node:stream/web';
import { CLIENT_AUDIO_SAMPLE_RATE } from '../../../../sdk/src/protocol/messages.js';
import type { ServerMessage } from '../../../../sdk/src/protocol/messages.js';

export const AGENT_OUTPUT_SAMPLE_RATE = 24_000;

/**
 * Input frames are re-cut to the VAD's inference window (512 samples, 32 ms at 16 kHz). Every
 * frame costs the same framework plumbing (web streams, the VAD, the STT stream), so fewer frames
 * is less CPU per session, and this size delays nothing: the VAD cannot decide on a window before
 * its 512th sample arrives anyway.
 */
export const INPUT_FRAME_SAMPLES = 512;

/** Microphone audio from the browser, as 16 kHz mono frames of `INPUT_FRAME_SAMPLES`. */
export class SocketAudioInput extends voice.AudioInput {
  #controller: ReadableStreamDefaultController<AudioFrame> | undefined;
  #closed = false;
  #framer = new PcmFramer(CLIENT_AUDIO_SAMPLE_RATE, INPUT_FRAME_SAMPLES);

  constructor() {
    super();
    const stream = new ReadableStream<AudioFrame>({
      start: (controller) => {
        this.#controller = controller;
      },
    });
    this.multiStream.addInputStream(stream);
  }

  /** Push one PCM16 little-endian chunk received from the socket (any length). */
  pushPcm16(bytes: Uint8Array): void {
    if (this.#closed || bytes.byteLength < 2) return;
    // Whole samples only: a stray odd byte is not carried into the next chunk's first sample.
    const whole = bytes.subarray(0, bytes.byteLength & ~1);
    for (const frame of this.#framer.push(whole)) this.#controller?.enqueue(frame);
  }

  override async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    try {
      this.#controller?.close();
    } catch {
      // already closed by a reader cancel
    }
    await super.close();
  }
}

export interface AudioSink {
  send(message: ServerMessage): void;
  sendBinary(data: Uint8Array): void;
  /** A promise while the transport is over its high-water mark; undefined when it can take more. */
  writable?(): Promise<void> | undefined;
}

interface OpenSegment {
  id: number;
  pushedSamples: number;
  flushed: boolean;
  interrupted: boolean;
  /** Text the assistant generated for this segment, to cut at the played position. */
  text: string;
}

/** Agent speech to the browser, with playback accounting from the browser's worklet. */
export class SocketAudioOutput extends voice.AudioOutput {
  #sink: AudioSink;
  #nextSegment = 1;
  #current: OpenSegment | undefined;
  /** Segments sent and not yet reported finished by the browser, oldest first. */
  #pending = new Map<number, OpenSegment>();
  /** Total samples of agent audio the browser reported as played (for stats). */
  playedSamples = 0;

  constructor(sink: AudioSink) {
    super(AGENT_OUTPUT_SAMPLE_RATE, undefined, { pause: true });
    this.#sink = sink;
  }

  /** LLM text that arrived before its segment's first audio frame (text runs ahead of TTS). */
  #textAhead = '';

  /** The assistant text that goes with the segment being captured (from the TextOutput). */
  appendText(text: string): void {
    if (this.#current) this.#current.text += text;
    else this.#textAhead += text;
  }

  override async captureFrame(frame: AudioFrame): Promise<void> {
    await super.captureFrame(frame);
    if (!this.#current) {
      const seg: OpenSegment = {
        id: this.#nextSegment++,
        pushedSamples: 0,
        flushed: false,
        interrupted: false,
        text: this.#textAhead,
      };
      this.#textAhead = '';
      this.#current = seg;
      this.#pending.set(seg.id, seg);
      this.#sink.send({ type: 'audio_start', segment: seg.id, sampleRate: frame.sampleRate });
      this.onPlaybackStarted(Date.now());
    }
    const seg = this.#current;
    const wait = this.#sink.writable?.();
    if (wait) {
      await wait;
      if (this.#current !== seg) return; // cleared (barge-in) while waiting: drop the frame
    }
    seg.pushedSamples += frame.samplesPerChannel;
    const d = frame.data;
    this.#sink.sendBinary(new Uint8Array(d.buffer, d.byteOffset, d.byteLength));
  }

  override flush(): void {
    super.flush();
    const seg = this.#current;
    this.#current = undefined;
    if (!seg) return;
    seg.flushed = true;
    this.#sink.send({ type: 'audio_end', segment: seg.id });
  }

  override clearBuffer(): void {
    this.#textAhead = ''; // text whose audio never started is not heard
    if (this.#pending.size === 0) return;
    for (const seg of this.#pending.values()) seg.interrupted = true;
    if (this.#current) {
      // The framework treats clearBuffer() as the end of the open segment.
      super.flush();
      this.#current.flushed = true;
      this.#current = undefined;
    }
    this.#sink.send({ type: 'audio_clear' });
  }

  override pause(): void {
    this.#sink.send({ type: 'audio_pause' });
  }

  override resume(): void {
    this.#sink.send({ type: 'audio_resume' });
  }

  /** The browser's report for one segment. */
  playbackFinished(segment: number, playedSamples: number, interrupted: boolean): void {
    const seg = this.#pending.get(segment);
    if (!seg) return; // unknown or already reported: ignore, never double-count
    this.#pending.delete(segment);
    const played = Math.max(0, Math.min(playedSamples, seg.pushedSamples));
    this.playedSamples += played;
    const wasInterrupted = interrupted || seg.interrupted;
    this.onPlaybackFinished({
      playbackPosition: played / AGENT_OUTPUT_SAMPLE_RATE,
      interrupted: wasInterrupted,
      ...(wasInterrupted && seg.text
        ? { synchronizedTranscript: cutText(seg.text, played / Math.max(1, seg.pushedSamples)) }
        : {}),
    });
  }

  /** Settle every outstanding segment, e.g. when the socket closes. */
  abandonAll(): void {
    for (const seg of [...this.#pending.values()]) this.playbackFinished(seg.id, 0, true);
    this.#current = undefined;
    this.#textAhead = '';
  }
}

/**
 * The part of `text` heard after `fraction` of its audio played, ending on a word boundary.
 * Providers give us no word timings on this path, so position is proportional to characters;
 * docs/architecture.md explains the estimate and its error.
 */
export function cutText(text: string, fraction: number): string {
  if (fraction >= 1) return text;
  if (fraction <= 0) return '';
  const target = Math.floor(text.length * fraction);
  const boundary = text.lastIndexOf(' ', target);
  return text.slice(0, boundary > 0 ? boundary : target).trimEnd();
}
