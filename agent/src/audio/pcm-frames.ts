/**
 * Cuts a PCM16 little-endian byte stream (network or pipe chunks of any length, at any byte
 * offset) into mono `AudioFrame`s of a fixed size, carrying the remainder across chunks.
 *
 * agents-js 1.9's `AudioByteStream` does this job with `new Int8Array([...buf, ...bytes])`, which
 * boxes every byte: a 3 s OpenAI reply (144 KB) held the event loop for ~7 ms and fed the GC, per
 * reply. This copies each byte once.
 */
import { AudioFrame } from '@livekit/rtc-node';

export class PcmFramer {
  readonly #rate: number;
  readonly #frameBytes: number;
  #buf: Uint8Array;
  #fill = 0;

  constructor(sampleRate: number, samplesPerFrame: number) {
    this.#rate = sampleRate;
    this.#frameBytes = samplesPerFrame * 2;
    this.#buf = new Uint8Array(this.#frameBytes);
  }

  /** The whole frames completed by `chunk`. */
  push(chunk: Uint8Array): AudioFrame[] {
    const frames: AudioFrame[] = [];
    let at = 0;
    while (at < chunk.length) {
      const n = Math.min(chunk.length - at, this.#frameBytes - this.#fill);
      this.#buf.set(chunk.subarray(at, at + n), this.#fill);
      this.#fill += n;
      at += n;
      if (this.#fill === this.#frameBytes) {
        frames.push(this.#frame(this.#buf, this.#frameBytes / 2));
        this.#buf = new Uint8Array(this.#frameBytes);
        this.#fill = 0;
      }
    }
    return frames;
  }

  /** The last, shorter frame (an odd trailing byte is not a sample and is dropped). */
  flush(): AudioFrame[] {
    const samples = Math.floor(this.#fill / 2);
    this.#fill = 0;
    if (samples === 0) return [];
    return [this.#frame(this.#buf.slice(0, samples * 2), samples)];
  }

  #frame(bytes: Uint8Array, samples: number): AudioFrame {
    return new AudioFrame(
      new Int16Array(bytes.buffer, bytes.byteOffset, samples),
      this.#rate,
      1,
      samples,
    );
  }
}

/**
 * Hands a synthesis's frames on one behind, so the last one can be marked final (what a TTS
 * `ChunkedStream` queue expects) without knowing in advance which frame is last.
 */
export class FinalFrameMarker {
  readonly #put: (frame: AudioFrame, final: boolean) => void;
  #pending: AudioFrame | undefined;

  constructor(put: (frame: AudioFrame, final: boolean) => void) {
    this.#put = put;
  }

  push(frames: Iterable<AudioFrame>): void {
    for (const frame of frames) {
      if (this.#pending) this.#put(this.#pending, false);
      this.#pending = frame;
    }
  }

  /** The synthesis is complete: the frame held back goes out as the final one. */
  end(): void {
    if (this.#pending) this.#put(this.#pending, true);
    this.#pending = undefined;
  }
}
