/**
 * Microphone capture and agent playback through AudioWorklets, on one AudioContext.
 *
 * The audio itself never passes through here: the worklets exchange it with the socket through
 * the ports of {@link AudioEngine.socketPorts}. The page gets levels and the played count.
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

export class AudioEngine {
  #ctx: AudioContext | undefined;
  #mic: MediaStream | undefined;
  #capture: AudioWorkletNode | undefined;
  #playback: AudioWorkletNode | undefined;
  #events: AudioEngineEvents;
  /** Total agent audio samples (at their source rate) that reached the speaker. */
  playedSamples = 0;
  /** Milliseconds of silence heard in the middle of agent audio (its next chunk was late). */
  gapMs = 0;
  #muted = false;

  constructor(events: AudioEngineEvents) {
    this.#events = events;
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
          starvedTotal: number;
          active: boolean;
        };
        this.playedSamples = m.playedTotal;
        this.gapMs = (m.starvedTotal / ctx.sampleRate) * 1000;
        this.#events.onOutputLevel(m.level, m.active);
      };
      this.#playback.connect(ctx.destination);
      if (micPromise) {
        this.#mic = await micPromise;
        const source = ctx.createMediaStreamSource(this.#mic);
        this.#capture = new AudioWorkletNode(ctx, CAPTURE_PROCESSOR, {
          numberOfOutputs: 1,
          outputChannelCount: [1],
          processorOptions: { targetRate },
        });
        this.#capture.port.onmessage = (e: MessageEvent) => {
          if (!this.#muted) this.#events.onMicLevel((e.data as { level: number }).level);
        };
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
   * Ports for the socket (`transport/socket-core.ts`, usually in a Worker): the capture worklet
   * posts its PCM16 chunks to `capture`; the playback worklet takes segment controls and audio
   * (`start`, `pcm`, `end`, `clear`, `pause`, `resume`) from `playback` and reports each
   * finished segment on it. Call once, after `start()`; transfer the returned ports.
   */
  socketPorts(): { capture?: MessagePort; playback?: MessagePort } {
    const ports: { capture?: MessagePort; playback?: MessagePort } = {};
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
