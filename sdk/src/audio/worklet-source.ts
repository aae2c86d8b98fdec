/**
 * The AudioWorklet processors, shipped inside the bundle (no extra file for partners to host).
 *
 * `workletModule` runs in the AudioWorkletGlobalScope, not here: it must reference nothing from
 * this module. It is serialised with Function.prototype.toString and loaded from a Blob URL, with
 * the chunker it uses passed in as an argument, serialised the same way.
 */

import { makePcmChunker, type ChunkSink, type PcmChunker } from './pcm-chunker.js';

declare const sampleRate: number;
declare const currentTime: number;
declare function registerProcessor(name: string, ctor: unknown): void;
declare class AudioWorkletProcessor {
  readonly port: MessagePort;
  constructor(options?: unknown);
}

export const CAPTURE_PROCESSOR = 'polyglot-capture';
export const PLAYBACK_PROCESSOR = 'polyglot-playback';

function workletModule(makeChunker: typeof makePcmChunker): void {
  /**
   * Microphone -> PCM16 at `targetRate`, posted in 32 ms chunks (`pcm-chunker.ts`) to the
   * socket's port, with each chunk's RMS level to the page. Used where the socket Worker cannot
   * read the microphone track itself (no `MediaStreamTrackProcessor`: Firefox, Safari).
   */
  class Capture extends AudioWorkletProcessor {
    private readonly chunker: PcmChunker;
    private readonly sink: ChunkSink;

    /** The socket's port (`socket` message): chunks go there, their levels to `port`. */
    private socket: MessagePort | undefined;

    constructor(options: { processorOptions: { targetRate: number } }) {
      super();
      this.port.onmessage = (e: MessageEvent) => {
        const m = e.data as { type: string; port: MessagePort };
        if (m.type === 'socket') this.socket = m.port;
      };
      this.chunker = makeChunker(sampleRate, options.processorOptions.targetRate);
      this.sink = (pcm, level) => {
        // Before the socket is connected there is nowhere to send the audio; the level still
        // animates the microphone.
        this.socket?.postMessage(pcm.buffer, [pcm.buffer]);
        this.port.postMessage({ level });
      };
    }

    process(inputs: Float32Array[][]): boolean {
      const ch = inputs[0]?.[0];
      if (ch) this.chunker.push(ch, this.sink);
      return true;
    }
  }

  interface Segment {
    id: number;
    rate: number;
    data: Float32Array;
    length: number;
    /** Read position in source samples (fractional when resampling). */
    pos: number;
    ended: boolean;
  }

  /**
   * Agent audio playback with exact accounting: it reports, per segment, how many of the
   * segment's samples reached the output, whether the segment ran out or was cleared.
   */
  class Playback extends AudioWorkletProcessor {
    private queue: Segment[] = [];
    private paused = false;
    private quanta = 0;
    private sumSq = 0;
    private sumN = 0;
    private playedTotal = 0;
    /** Output samples left silent mid-reply because the next audio had not arrived (a gap). */
    private starvedTotal = 0;

    /**
     * The socket's port (`socket` message): segment controls and audio arrive on it in the
     * socket's order, and `finished` reports leave on it. Levels go to `port`.
     */
    private socket: MessagePort | undefined;

    constructor() {
      super();
      this.port.onmessage = (e: MessageEvent) => {
        const m = e.data as { type: string; port: MessagePort };
        if (m.type !== 'socket') return;
        this.socket = m.port;
        this.socket.onmessage = (s: MessageEvent) => this.onMessage(s.data);
      };
    }

    private find(id: number): Segment | undefined {
      for (const s of this.queue) if (s.id === id) return s;
      return undefined;
    }

    private onMessage(m: {
      type: string;
      segment?: number;
      rate?: number;
      pcm?: ArrayBuffer;
    }): void {
      switch (m.type) {
        case 'start':
          this.queue.push({
            id: m.segment!,
            rate: m.rate!,
            data: new Float32Array(m.rate!),
            length: 0,
            pos: 0,
            ended: false,
          });
          break;
        case 'pcm': {
          const seg = this.find(m.segment!);
          if (!seg) break;
          const pcm = new Int16Array(m.pcm!);
          if (seg.length + pcm.length > seg.data.length) {
            const grown = new Float32Array(Math.max(seg.data.length * 2, seg.length + pcm.length));
            grown.set(seg.data.subarray(0, seg.length));
            seg.data = grown;
          }
          for (let i = 0; i < pcm.length; i++) seg.data[seg.length + i] = pcm[i]! / 0x8000;
          seg.length += pcm.length;
          break;
        }
        case 'end': {
          const seg = this.find(m.segment!);
          if (seg) seg.ended = true;
          break;
        }
        case 'clear':
          for (const seg of this.queue) this.finish(seg, true);
          this.queue = [];
          this.paused = false;
          break;
        case 'pause':
          this.paused = true;
          break;
        case 'resume':
          this.paused = false;
          break;
      }
    }

    private finish(seg: Segment, interrupted: boolean): void {
      const played = Math.min(seg.length, Math.floor(seg.pos));
      this.socket?.postMessage({ type: 'finished', segment: seg.id, played, interrupted });
    }

    process(_inputs: Float32Array[][], outputs: Float32Array[][]): boolean {
      const out = outputs[0]![0]!;
      out.fill(0);
      let i = 0;
      while (!this.paused && i < out.length && this.queue.length > 0) {
        const seg = this.queue[0]!;
        const step = seg.rate / sampleRate;
        const before = Math.floor(seg.pos);
        while (i < out.length) {
          const k = Math.floor(seg.pos);
          if (k + 1 >= seg.length && !(seg.ended && k < seg.length)) break;
          const frac = seg.pos - k;
          const a = seg.data[k]!;
          const b = k + 1 < seg.length ? seg.data[k + 1]! : a;
          const v = a + (b - a) * frac;
          out[i++] = v;
          this.sumSq += v * v;
          seg.pos += step;
        }
        this.playedTotal += Math.min(seg.length, Math.floor(seg.pos)) - before;
        if (seg.ended && seg.pos >= seg.length) {
          seg.pos = seg.length;
          this.finish(seg, false);
          this.queue.shift();
        } else {
          // Waiting for more audio: the rest of the quantum stays silent. Once the segment has
          // started playing, that silence is a gap the listener hears.
          if (seg.pos > 0) this.starvedTotal += out.length - i;
          break;
        }
      }
      this.sumN += out.length;
      if (++this.quanta % 8 === 0) {
        this.port.postMessage({
          type: 'level',
          level: Math.sqrt(this.sumSq / this.sumN),
          playedTotal: this.playedTotal,
          // The audio clock at the end of this quantum: when the output reaches playedTotal.
          time: currentTime + out.length / sampleRate,
          starvedTotal: this.starvedTotal,
          active: this.queue.length > 0 && !this.paused,
        });
        this.sumSq = 0;
        this.sumN = 0;
      }
      return true;
    }
  }

  registerProcessor('polyglot-capture', Capture);
  registerProcessor('polyglot-playback', Playback);
}

let moduleUrl: string | undefined;

/** A Blob URL for the processors module, created once per page. */
export function workletModuleUrl(): string {
  moduleUrl ??= URL.createObjectURL(
    new Blob([`(${workletModule.toString()})(${makePcmChunker.toString()});`], {
      type: 'text/javascript',
    }),
  );
  return moduleUrl;
}
