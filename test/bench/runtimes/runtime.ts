/**
 * What the browser phase needs from a runtime (the way the widget reaches the agent): a server
 * that serves the demo page and starts its sessions, a session to warm it with, and a clock for
 * the page's playback. `local.ts` is the WebSocket runtime, the only one so far. Under LiveKit the
 * widget joins a room and WebRTC plays the audio, so the widget counts no played samples: that
 * runtime brings its own server and its own `PlaybackClock`.
 */
import type { Page } from 'playwright-core';
import type { LatencySummary } from '../../../agent/src/observability/latency.js';
import type { PlayedMark } from '../../sim/mic.js';

export interface BenchRuntime {
  /** Starts the server, pointed at the fakes by `env` (their URLs and keys). */
  start(env: Record<string, string>): Promise<RuntimeServer>;
  /** Where the page's playback is timed under this runtime. */
  playback: PlaybackClock;
}

export interface RuntimeServer {
  /** The demo page. */
  url: string;
  /**
   * One headless session (its greeting and one typed turn) before anything is measured: a
   * deployed server has long since compiled its hot paths; `first_audio_ms` is "warm server,
   * fresh page".
   */
  warmUp(): Promise<void>;
  /** The server's per-stage latencies over its recent turns. */
  latency(): Promise<LatencySummary | undefined>;
  close(): Promise<void>;
}

/** When the page played the agent's audio. */
export interface PlaybackClock {
  /** The widget's state and the agent audio played so far (ms), in one read of the page. */
  progress(page: Page): Promise<{ state: string; playedMs: number }>;
  /**
   * Each change in the audio played since the page loaded: [page time seen, samples, ms, page
   * time the speaker reached it], as `firstPlayedAfter` and `bargeInTimes` (test/sim/mic.ts) read.
   */
  marks(page: Page): Promise<PlayedMark[]>;
}
