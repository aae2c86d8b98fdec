/**
 * How much of a remote voice the page actually plays. In a LiveKit room WebRTC plays the agent
 * in a media element (`track.attach()`), so there is no playback worklet to count samples in:
 * the meter listens to the same track instead.
 *
 * The tracks go into an AudioContext of the meter's own, through an AudioWorklet that measures
 * each 10 ms block's RMS and counts the blocks above {@link AUDIBLE_RMS}: `playedSamples` grows
 * only while the voice is audible, not through the silence a WebRTC track carries between
 * replies or after a barge-in cut the agent off. The graph's output is silent (the element
 * plays the voice). Chromium delivers a remote WebRTC track to Web Audio only while the track is
 * also attached to a media element, so the caller keeps that element.
 *
 * A worklet rather than an AnalyserNode polled by a timer: it sees every block however late a
 * busy or background page runs its timers, and it dates each count by the audio clock.
 */

declare const sampleRate: number;
declare const currentTime: number;
declare function registerProcessor(name: string, ctor: unknown): void;
declare class AudioWorkletProcessor {
  readonly port: MessagePort;
  constructor(options?: unknown);
}

const METER_PROCESSOR = 'polyglot-voice-meter';

/** A 10 ms block counts as heard when its RMS is above this: -50 dBFS. */
export const AUDIBLE_RMS = 10 ** (-50 / 20);

/** Runs in the AudioWorkletGlobalScope: it must reference nothing from this module. */
function meterModule(): void {
  class Meter extends AudioWorkletProcessor {
    private readonly block: number;
    private readonly threshold: number;
    private blockSq = 0;
    private blockN = 0;
    /** Samples in blocks above the threshold. */
    private heard = 0;
    /** The audio clock at the end of the last block counted. */
    private heardAt = 0;
    private loud = false;
    private reportSq = 0;
    private reportN = 0;
    private quanta = 0;

    constructor(options: { processorOptions: { threshold: number } }) {
      super();
      this.block = Math.round(sampleRate / 100);
      this.threshold = options.processorOptions.threshold;
    }

    process(inputs: Float32Array[][], outputs: Float32Array[][]): boolean {
      // No channels while nothing is connected: count that as silence.
      const channels = inputs[0] ?? [];
      const n = outputs[0]?.[0]?.length ?? 128;
      for (let i = 0; i < n; i++) {
        let sq = 0;
        for (const ch of channels) sq += (ch[i] ?? 0) ** 2;
        if (channels.length > 1) sq /= channels.length;
        this.blockSq += sq;
        this.reportSq += sq;
        if (++this.blockN === this.block) {
          this.loud = Math.sqrt(this.blockSq / this.block) > this.threshold;
          if (this.loud) {
            this.heard += this.block;
            this.heardAt = currentTime + (i + 1) / sampleRate;
          }
          this.blockSq = this.blockN = 0;
        }
      }
      this.reportN += n;
      if (++this.quanta % 8 === 0) {
        this.port.postMessage({
          level: Math.sqrt(this.reportSq / this.reportN),
          heard: this.heard,
          time: this.heardAt,
          active: this.loud,
        });
        this.reportSq = this.reportN = 0;
      }
      return true;
    }
  }

  registerProcessor('polyglot-voice-meter', Meter);
}

let moduleUrl: string | undefined;

function meterModuleUrl(): string {
  moduleUrl ??= URL.createObjectURL(
    new Blob([`(${meterModule.toString()})();`], { type: 'text/javascript' }),
  );
  return moduleUrl;
}

export class VoiceMeter {
  /** Samples (at the meter's context rate) of the 10 ms blocks in which the voice was audible. */
  playedSamples = 0;
  /**
   * Page time (`performance.now()`) at which the last counted block was played: the worklet's
   * audio clock mapped through `getOutputTimestamp()` (which includes the device's output
   * latency), or when the page heard of it where the browser does not tell the output time.
   */
  playedAt: number | undefined;
  readonly #onLevel: (level: number, active: boolean) => void;
  #ctx: AudioContext | undefined;
  #node: Promise<AudioWorkletNode> | undefined;
  #sources = new Map<MediaStreamTrack, MediaStreamAudioSourceNode>();
  #closed: Promise<void> | undefined;

  /** @param onLevel the voice's RMS level (0..1) ~every 20 ms, and whether it is audible now */
  constructor(onLevel: (level: number, active: boolean) => void) {
    this.#onLevel = onLevel;
  }

  get playedMs(): number {
    return this.#ctx ? (this.playedSamples / this.#ctx.sampleRate) * 1000 : 0;
  }

  /** What the audio device adds after the meter's context renders, in ms, where known. */
  get outputLatencyMs(): number | undefined {
    const latency = this.#ctx?.outputLatency;
    return latency ? latency * 1000 : undefined;
  }

  /** Starts listening to `track` (the meter's context and worklet start with the first one). */
  async add(track: MediaStreamTrack): Promise<void> {
    const node = await (this.#node ??= this.#start());
    const ctx = this.#ctx;
    if (this.#closed || !ctx || this.#sources.has(track)) return;
    const source = ctx.createMediaStreamSource(new MediaStream([track]));
    source.connect(node);
    this.#sources.set(track, source);
  }

  async #start(): Promise<AudioWorkletNode> {
    const ctx = (this.#ctx = new AudioContext());
    // The session started from a click: the page has the activation a context needs to run.
    const resumed = ctx.resume();
    await ctx.audioWorklet.addModule(meterModuleUrl());
    await resumed;
    const node = new AudioWorkletNode(ctx, METER_PROCESSOR, {
      numberOfInputs: 1,
      numberOfOutputs: 1,
      outputChannelCount: [1],
      processorOptions: { threshold: AUDIBLE_RMS },
    });
    node.port.onmessage = (e: MessageEvent) => {
      if (this.#closed) return;
      const m = e.data as { level: number; heard: number; time: number; active: boolean };
      if (m.heard !== this.playedSamples) {
        this.playedSamples = m.heard;
        const out = ctx.getOutputTimestamp();
        this.playedAt =
          out.performanceTime && out.contextTime !== undefined
            ? out.performanceTime + (m.time - out.contextTime) * 1000
            : performance.now();
      }
      this.#onLevel(m.level, m.active);
    };
    // A silent sink keeps the meter in the rendered graph.
    const sink = ctx.createGain();
    sink.gain.value = 0;
    node.connect(sink).connect(ctx.destination);
    return node;
  }

  /** Stops listening and closes the context; the counts stay readable. */
  close(): Promise<void> {
    this.#closed ??= (async () => {
      for (const source of this.#sources.values()) source.disconnect();
      this.#sources.clear();
      const ctx = this.#ctx;
      if (ctx && ctx.state !== 'closed') await ctx.close().catch(() => {});
    })();
    return this.#closed;
  }
}
