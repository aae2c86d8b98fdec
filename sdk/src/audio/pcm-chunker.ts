/**
 * Microphone samples -> the PCM16 chunks the server takes, for both capture paths: the capture
 * AudioWorklet (`worklet-source.ts`) and the socket Worker reading the microphone track directly
 * (`socket-core.ts`, where `MediaStreamTrackProcessor` exists).
 *
 * Both run where this module cannot be imported (an AudioWorkletGlobalScope, a Blob Worker), so
 * the functions here reference nothing outside themselves: they are serialised with
 * Function.prototype.toString and handed to the code that uses them as arguments (never looked
 * up by name, which a bundler may change).
 */

/** Called with each full chunk (its buffer may be transferred) and the chunk's RMS level (0..1). */
export type ChunkSink = (pcm: Int16Array, level: number) => void;

export interface PcmChunker {
  /** Feeds float samples (-1..1) at the input rate; calls `sink` for every chunk completed. */
  push(samples: Float32Array, sink: ChunkSink): void;
}

/**
 * Downsamples `inputRate` -> `targetRate` and cuts 32 ms chunks: the server's VAD window at
 * 16 kHz (512 samples), so each message is one frame. Downsampling averages the input samples
 * that fall in each output sample (a box filter), which is enough anti-aliasing for speech
 * recognition.
 */
export function makePcmChunker(inputRate: number, targetRate: number): PcmChunker {
  const ratio = inputRate / targetRate;
  const size = Math.round(targetRate * 0.032);
  let chunk = new Int16Array(size);
  let fill = 0;
  let acc = 0;
  let accN = 0;
  let pos = 0;
  let sumSq = 0;
  return {
    push(samples, sink) {
      for (let i = 0; i < samples.length; i++) {
        acc += samples[i]!;
        accN++;
        pos += 1;
        if (pos < ratio) continue;
        pos -= ratio;
        const v = Math.max(-1, Math.min(1, acc / accN));
        acc = 0;
        accN = 0;
        sumSq += v * v;
        chunk[fill++] = v < 0 ? v * 0x8000 : v * 0x7fff;
        if (fill === size) {
          const full = chunk;
          // A fresh buffer each time: the sink may transfer (detach) the one it gets.
          chunk = new Int16Array(size);
          const level = Math.sqrt(sumSq / size);
          fill = 0;
          sumSq = 0;
          sink(full, level);
        }
      }
    },
  };
}

/** The part of WebCodecs' AudioData the microphone reader uses. */
interface MicFrame {
  readonly sampleRate: number;
  readonly numberOfFrames: number;
  allocationSize(options: { planeIndex: number; format: 'f32-planar' }): number;
  copyTo(dest: Float32Array, options: { planeIndex: number; format: 'f32-planar' }): void;
  close(): void;
}

/**
 * Reads a microphone track's frames (the `readable` of a `MediaStreamTrackProcessor`) into chunks
 * until the track ends or `signal` aborts. The first channel is the microphone; each
 * frame is closed as soon as it is copied (frames hold media buffers the browser recycles).
 *
 * Frames come as the device captures them (~10 ms each), with no AudioContext in between: that
 * context would add its render callback and its input FIFO to the latency of every word.
 */
export async function pumpMicFrames(
  frames: ReadableStream<MicFrame>,
  targetRate: number,
  makeChunker: typeof makePcmChunker,
  sink: ChunkSink,
  signal?: AbortSignal,
): Promise<void> {
  const reader = frames.getReader();
  signal?.addEventListener('abort', () => void reader.cancel().catch(() => {}), { once: true });
  let chunker: PcmChunker | undefined;
  let rate = 0;
  let buf = new Float32Array(0);
  for (;;) {
    let frame: MicFrame | undefined;
    try {
      const r = await reader.read();
      if (r.done) return;
      frame = r.value;
      const opts = { planeIndex: 0, format: 'f32-planar' } as const;
      const n = frame.allocationSize(opts) / 4;
      if (buf.length < n) buf = new Float32Array(n);
      const view = buf.subarray(0, n);
      frame.copyTo(view, opts);
      // A device that changes rate (a headset plugged in) starts a new chunker.
      if (frame.sampleRate !== rate) {
        rate = frame.sampleRate;
        chunker = makeChunker(rate, targetRate);
      }
      chunker!.push(view, sink);
    } catch {
      return; // the stream was cancelled or errored: capture is over
    } finally {
      frame?.close();
    }
  }
}
