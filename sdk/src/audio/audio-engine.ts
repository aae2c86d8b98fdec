/**
 * Microphone capture and agent playback: playback through an AudioWorklet; capture by the socket
 * Worker reading the microphone track's frames (`MediaStreamTrackProcessor`, in Chromium), or
 * through a capture AudioWorklet on the same AudioContext where that is not available.
 *
 * The audio itself never passes through here: it goes between the socket and the worklets or the
 * track through what {@link AudioEngine.socketPorts} returns. The page gets levels and the
 * played count.
 *
 * Reading the track skips the AudioContext on the way in: its render callback (~10 ms) and the
 * FIFO that feeds it the microphone. In headless Chromium that path took 7 ms longer on average
 * and up to ~30 ms longer at its worst (docs/architecture.md, "Microphone capture").
 *
 * `start()` must be called from a user gesture: it creates/resumes the AudioContext and asks for
 * the microphone before its first `await`, which is what Safari and iOS require.
 */
import { CAPTURE_PROCESSOR, PLAYBACK_PROCESSOR, workletModuleUrl } from './worklet-source.js';

export interface AudioEngineEvents {
  /** The microphone's RMS level (0..1) for each 32 ms chunk, while not muted. */
  onMicLevel(level: number): void;
  /** Agent output level (0..1), ~every 20 ms while the context runs. */
  onOutputLevel(level: number, active: boolean): void;
}

/** How the microphone reaches the socket: `auto` reads the track where the browser can. */
export type CaptureMode = 'auto' | 'track' | 'worklet';

/** WebCodecs' track reader (Chromium); not in TypeScript's DOM types. */
declare const MediaStreamTrackProcessor:
  | (new (init: { track: MediaStreamTrack }) => { readonly readable: ReadableStream<AudioData> })
  | undefined;

/** Can this browser read a microphone track and hand the frames to a Worker? */
export function canReadTrack(): boolean {
  if (typeof MediaStreamTrackProcessor !== 'function') return false;
  try {
    // The frames are read in the socket's Worker: the stream must be transferable.
    const probe = new ReadableStream();
    const channel = new MessageChannel();
    channel.port1.postMessage(probe, [probe]);
    channel.port1.close();
    channel.port2.close();
    return true;
  } catch {
    return false;
  }
}

export interface SocketPorts {
  /** The capture worklet's PCM16 chunks. */
  capture?: MessagePort;
  /** Or the microphone track's frames, to chunk at `micRate` (see `pcm-chunker.ts`). */
  mic?: ReadableStream<AudioData>;
  micRate?: number;
  /** Segment controls and audio to the playback worklet, and its `finished` reports. */
  playback?: MessagePort;
}

export class AudioEngine {
  #ctx: AudioContext | undefined;
  #mic: MediaStream | undefined;
  #capture: AudioWorkletNode | undefined;
  #micFrames: ReadableStream<AudioData> | undefined;
  #micRate = 0;
  readonly #captureMode: CaptureMode;
  #playback: AudioWorkletNode | undefined;
  #events: AudioEngineEvents;
  /** Total agent audio samples (at their source rate) that reached the speaker. */
  playedSamples = 0;
  /**
   * Page time (the `performance.now()` clock) at which the speaker reaches `playedSamples`: the
   * playback worklet's audio clock mapped through `getOutputTimestamp()`, so it is exact however
   * late the main thread hears of it. It includes the device's `outputLatencyMs`. Undefined until
   * the browser tells the output time.
   */
  playedAt: number | undefined;
  /** Milliseconds of silence heard in the middle of agent audio (its next chunk was late). */
  gapMs = 0;
  #muted = false;

  constructor(events: AudioEngineEvents, options: { capture?: CaptureMode } = {}) {
    this.#events = events;
    this.#captureMode = options.capture ?? 'auto';
  }

  /** How the microphone is captured in this session (after `start()` with a microphone). */
  get capturePath(): 'track' | 'worklet' | undefined {
    if (this.#micFrames) return 'track';
    return this.#capture ? 'worklet' : undefined;
  }

  /**
   * A microphone chunk's level, from the capture worklet or the socket core that reads the track:
   * `onMicLevel`, unless muted.
   */
  reportMicLevel(level: number): void {
    if (!this.#muted) this.#events.onMicLevel(level);
  }

  /**
   * What the audio device adds after the page renders agent audio, in ms (`outputLatency`; 32
   * in headless Chromium, whose output device is a fake). Undefined where the browser does not
   * say.
   */
  get outputLatencyMs(): number | undefined {
    const latency = this.#ctx?.outputLatency;
    return latency ? latency * 1000 : undefined;
  }

  get context(): AudioContext | undefined {
    return this.#ctx;
  }

  /**
   * @param targetRate microphone rate to deliver
   * @param withMic false for a listen-only (text) session
   */
  async start(targetRate: number, withMic: boolean): Promise<void> {
    // Both calls happen synchronously inside the gesture; only then do we await.
    const ctx = (this.#ctx = new AudioContext({ latencyHint: 'interactive' }));
    const resumed = ctx.resume();
    const micPromise = withMic
      ? navigator.mediaDevices.getUserMedia({
          audio: {
            echoCancellation: true,
            noiseSuppression: true,
            autoGainControl: true,
            channelCount: 1,
          },
        })
      : undefined;
    try {
      await ctx.audioWorklet.addModule(workletModuleUrl());
      await resumed;
      this.#playback = new AudioWorkletNode(ctx, PLAYBACK_PROCESSOR, {
        numberOfInputs: 0,
        outputChannelCount: [1],
      });
      this.#playback.port.onmessage = (e: MessageEvent) => {
        const m = e.data as {
          level: number;
          playedTotal: number;
          time: number;
          starvedTotal: number;
          active: boolean;
        };
        if (m.playedTotal !== this.playedSamples) {
          this.playedSamples = m.playedTotal;
          const out = ctx.getOutputTimestamp();
          if (out.performanceTime && out.contextTime !== undefined)
            this.playedAt = out.performanceTime + (m.time - out.contextTime) * 1000;
        }
        this.gapMs = (m.starvedTotal / ctx.sampleRate) * 1000;
        this.#events.onOutputLevel(m.level, m.active);
      };
      this.#playback.connect(ctx.destination);
      if (micPromise) {
        this.#mic = await micPromise;
        const track = this.#mic.getAudioTracks()[0];
        const useTrack =
          this.#captureMode === 'track' || (this.#captureMode === 'auto' && canReadTrack());
        if (track && useTrack) {
          try {
            this.#micFrames = new MediaStreamTrackProcessor!({ track }).readable;
            this.#micRate = targetRate;
            return;
          } catch {
            // A browser whose reader takes no audio tracks: the worklet captures instead.
          }
        }
        const source = ctx.createMediaStreamSource(this.#mic);
        this.#capture = new AudioWorkletNode(ctx, CAPTURE_PROCESSOR, {
          numberOfOutputs: 1,
          outputChannelCount: [1],
          processorOptions: { targetRate },
        });
        this.#capture.port.onmessage = (e: MessageEvent) =>
          this.reportMicLevel((e.data as { level: number }).level);
        // A silent sink keeps the capture node in the rendered graph.
        const sink = ctx.createGain();
        sink.gain.value = 0;
        source.connect(this.#capture).connect(sink).connect(ctx.destination);
      }
    } catch (err) {
      await this.stop();
      throw err;
    }
  }

  set muted(value: boolean) {
    this.#muted = value;
    this.#mic?.getAudioTracks().forEach((t) => (t.enabled = !value));
  }

  get muted(): boolean {
    return this.#muted;
  }

  /**
   * What the socket (`transport/socket-core.ts`, usually in a Worker) needs: the microphone
   * track's frames (`mic`, chunked there at `micRate`), or the port the capture worklet posts its
   * PCM16 chunks to (`capture`); and the port the playback worklet takes segment controls and
   * audio from (`start`, `pcm`, `end`, `clear`, `pause`, `resume`) and reports each finished
   * segment on (`playback`). Call once, after `start()`; transfer what it returns
   * ({@link transferables}).
   */
  socketPorts(): SocketPorts {
    const ports: SocketPorts = {};
    if (this.#micFrames) {
      ports.mic = this.#micFrames;
      ports.micRate = this.#micRate;
    }
    for (const [node, key] of [
      [this.#capture, 'capture'],
      [this.#playback, 'playback'],
    ] as const) {
      if (!node) continue;
      const channel = new MessageChannel();
      node.port.postMessage({ type: 'socket', port: channel.port1 }, [channel.port1]);
      ports[key] = channel.port2;
    }
    return ports;
  }

  async stop(): Promise<void> {
    // Stopping the track ends its frame stream, wherever that was transferred to.
    this.#micFrames = undefined;
    this.#mic?.getTracks().forEach((t) => t.stop());
    this.#mic = undefined;
    this.#capture?.disconnect();
    this.#playback?.disconnect();
    this.#capture = this.#playback = undefined;
    const ctx = this.#ctx;
    this.#ctx = undefined;
    if (ctx && ctx.state !== 'closed') await ctx.close().catch(() => {});
  }
}

/** The objects in `ports` to transfer with the message that carries them. */
export function transferables(ports: SocketPorts): Transferable[] {
  return [ports.capture, ports.mic, ports.playback].filter((t) => t !== undefined);
}
