/**
 * Inbound audio pacing: a token bucket on the bytes of microphone audio (16 kHz PCM16) one session
 * sends. A microphone produces audio in real time; a client pushing audio much faster only makes
 * the server buffer it and run voice activity detection and speech-to-text on it (19 MB in 0.2 s
 * once cost ~110 MB of memory). The bucket holds {@link AUDIO_BURST_MS} of audio, for a backlog a
 * network hiccup delivers at once, and refills at {@link AUDIO_MAX_SPEED} times real time.
 *
 * It runs on the main thread, where frames arrive, before they are relayed to a session thread:
 * a flood is cut where it lands, and no other session's thread or queue sees it.
 */
import {
  AUDIO_BURST_MS,
  AUDIO_MAX_SPEED,
  CLIENT_AUDIO_SAMPLE_RATE,
} from '../../../sdk/src/protocol/messages.js';

/** Bytes of 16 kHz PCM16 mono per millisecond of audio. */
export const AUDIO_BYTES_PER_MS = (CLIENT_AUDIO_SAMPLE_RATE * 2) / 1000;

export interface AudioPacerOptions {
  /** Sustained rate, as a multiple of real time. */
  speed?: number;
  /** Audio that may arrive at once, in ms. */
  burstMs?: number;
  /** A monotonic clock in ms (tests inject one). */
  now?: () => number;
}

export class AudioPacer {
  readonly #capacity: number;
  readonly #refillPerMs: number;
  readonly #now: () => number;
  #tokens: number;
  #at: number;

  constructor(opts: AudioPacerOptions = {}) {
    this.#capacity = (opts.burstMs ?? AUDIO_BURST_MS) * AUDIO_BYTES_PER_MS;
    this.#refillPerMs = (opts.speed ?? AUDIO_MAX_SPEED) * AUDIO_BYTES_PER_MS;
    this.#now = opts.now ?? (() => performance.now());
    this.#tokens = this.#capacity;
    this.#at = this.#now();
  }

  /** Accounts for a frame of `bytes`; false when it would exceed the pace (nothing is taken). */
  take(bytes: number): boolean {
    const t = this.#now();
    this.#tokens = Math.min(this.#capacity, this.#tokens + (t - this.#at) * this.#refillPerMs);
    this.#at = t;
    if (bytes > this.#tokens) return false;
    this.#tokens -= bytes;
    return true;
  }
}
