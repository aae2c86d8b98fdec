/**
 * Microphone capture and agent playback for the local runtime, owned by the element: one
 * AudioEngine (one AudioContext, two worklets) per session. Mic and playback share the context
 * on purpose: one clock, and the browser's echo canceller sees what is played.
 *
 * The transport stops its engine when the session ends; this controller also stops whatever is
 * still running when the element leaves the page. The LiveKit transport captures and plays
 * through WebRTC itself and does not use it.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { AudioEngine, type AudioEngineEvents } from '../audio/audio-engine.js';

export class AudioController implements ReactiveController {
  #engines = new Set<AudioEngine>();

  constructor(host: ReactiveControllerHost) {
    host.addController(this);
  }

  /** A new engine for a session. */
  create(events: AudioEngineEvents): AudioEngine {
    // Forget engines that were stopped (or never started: text-only sessions).
    for (const e of this.#engines) if (!e.context) this.#engines.delete(e);
    const engine = new AudioEngine(events);
    this.#engines.add(engine);
    return engine;
  }

  /** Engines holding an AudioContext (and maybe the microphone) right now. */
  get running(): number {
    let n = 0;
    for (const e of this.#engines) if (e.context) n++;
    return n;
  }

  hostDisconnected(): void {
    for (const engine of this.#engines) void engine.stop();
    this.#engines.clear();
  }
}
