/**
 * Speech-to-text that follows the conversation's language: one `stt.STT` for the session, whose
 * engine is the route's (Deepgram Nova-3 `multi` or a monolingual model, or OpenAI transcription),
 * with the route's failover behind it in the framework's `stt.FallbackAdapter`.
 *
 * A route change opens a stream on the new engine for the audio that follows and ends the old
 * stream's input: what the old engine still has (the end of an utterance, its final transcript)
 * is flushed and forwarded, so no audio and no transcript are dropped at the switch. Engines are
 * built per route and kept until the session closes (a caller who switches back reuses them).
 */
import { stt, type APIConnectOptions, type VAD } from '@livekit/agents';
import type { AudioFrame } from '@livekit/rtc-node';
import type { SttRoute } from '../languages/capabilities.js';

/** Builds the engine for one route (first: the provider, then its failover). */
export type SttEngineFactory = (route: SttRoute[], vad: VAD | undefined) => stt.STT;

const routeKey = (route: SttRoute[]) => JSON.stringify(route);

/**
 * How long a recogniser whose input has ended may take to deliver what it still has. Deepgram
 * ends its stream itself once flushed; the framework's VAD-cut HTTP stream (OpenAI) never ends on
 * its own (agents-js 1.9's VAD stream does not close its output when its input ends), so it gets
 * this long to finish a transcription in flight, then is closed.
 */
export const RETIRE_GRACE_MS = 3_000;

export class RoutedSTT extends stt.STT {
  label = 'polyglot.RoutedSTT';
  #route: SttRoute[];
  #factory: SttEngineFactory;
  #vad: VAD | undefined;
  #engines = new Map<string, stt.STT>();
  #streams = new Set<RoutedSpeechStream>();

  constructor(route: SttRoute[], factory: SttEngineFactory) {
    // Streaming whatever the route: an HTTP engine is wrapped with the VAD in the factory.
    super({ streaming: true, interimResults: true });
    this.#route = route;
    this.#factory = factory;
  }

  /** The route in use (the first entry is the provider, the next its failover). */
  get route(): SttRoute[] {
    return this.#route;
  }

  override get provider(): string {
    return this.#route[0]?.provider ?? 'none';
  }

  override get model(): string {
    return this.#route[0]?.model ?? 'none';
  }

  /**
   * The VAD that segments speech for an HTTP transcription engine (OpenAI): the session's own,
   * given once the `AgentSession` exists.
   */
  useVad(vad: VAD | undefined): void {
    this.#vad = vad;
  }

  /** Moves to `route` for the audio that follows; returns whether anything changed. */
  setRoute(route: SttRoute[]): boolean {
    if (routeKey(route) === routeKey(this.#route)) return false;
    this.#route = route;
    for (const s of this.#streams) s.switchEngine();
    return true;
  }

  /** @internal The current route's engine, built on first use. */
  engine(): stt.STT {
    if (this.#route.length === 0) throw new Error('no speech-to-text provider for this language');
    const key = routeKey(this.#route);
    let engine = this.#engines.get(key);
    if (!engine) {
      engine = this.#factory(this.#route, this.#vad);
      // The session listens on this STT: the engines' failures and metrics are its.
      engine.on('error', (e) => this.emit('error', e));
      engine.on('metrics_collected', (m) => this.emit('metrics_collected', m));
      this.#engines.set(key, engine);
    }
    return engine;
  }

  protected override async _recognize(
    frame: Parameters<stt.STT['recognize']>[0],
    abortSignal?: AbortSignal,
  ): Promise<stt.SpeechEvent> {
    return this.engine().recognize(frame, abortSignal);
  }

  override stream(options?: { connOptions?: APIConnectOptions }): stt.SpeechStream {
    const s = new RoutedSpeechStream(this, options?.connOptions, () => this.#streams.delete(s));
    this.#streams.add(s);
    return s;
  }

  override async close(): Promise<void> {
    for (const s of this.#streams) s.close();
    await Promise.allSettled([...this.#engines.values()].map((e) => e.close()));
  }
}

class RoutedSpeechStream extends stt.SpeechStream {
  label = 'polyglot.RoutedSpeechStream';
  #owner: RoutedSTT;
  #connOptions: APIConnectOptions | undefined;
  #inner: stt.SpeechStream | undefined;
  #forwarded = new Map<stt.SpeechStream, Promise<void>>();
  /**
   * Inner streams already closed. A stream is closed once: agents-js 1.9's VAD stream (inside
   * the OpenAI route's `StreamAdapter`) closes its output's WritableStream on every `close()`,
   * and a second close rejects a promise nobody holds.
   */
  #closedInners = new WeakSet<stt.SpeechStream>();
  #onDone: () => void;

  constructor(owner: RoutedSTT, connOptions: APIConnectOptions | undefined, onDone: () => void) {
    super(owner, undefined, connOptions);
    this.#owner = owner;
    this.#connOptions = connOptions;
    this.#onDone = onDone;
  }

  /** The route changed: later audio goes to a stream of the new engine. */
  switchEngine(): void {
    if (!this.#inner) return; // not started: run() opens the current route's
    const old = this.#inner;
    this.#open();
    void this.#retire(old);
  }

  /** Ends a recogniser's input (it flushes what it heard) and forwards what it still sends. */
  async #retire(inner: stt.SpeechStream): Promise<void> {
    // The framework's VAD-cut stream cannot end its input (its VAD stream throws), so it is only
    // given the grace period to finish a transcription in flight, then closed.
    if (!inner.label.includes('StreamAdapter'))
      try {
        inner.endInput();
      } catch {
        // already ended or failed
      }
    const forwarded = this.#forwarded.get(inner);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      forwarded,
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, RETIRE_GRACE_MS);
      }),
    ]);
    clearTimeout(timer);
    this.#closeInner(inner);
  }

  #closeInner(inner: stt.SpeechStream): void {
    if (this.#closedInners.has(inner)) return;
    this.#closedInners.add(inner);
    inner.close();
  }

  #open(): void {
    const inner = this.#owner.engine().stream({
      ...(this.#connOptions && { connOptions: this.#connOptions }),
    });
    inner.startTimeOffset = this.startTimeOffset;
    this.#inner = inner;
    this.#forwarded.set(
      inner,
      (async () => {
        for await (const ev of inner) if (!this.queue.closed) this.queue.put(ev);
      })(),
    );
  }

  protected override async run(): Promise<void> {
    try {
      this.#open();
      for await (const item of this.input) {
        const inner = this.#inner!;
        try {
          if (item === RoutedSpeechStream.FLUSH_SENTINEL) inner.flush();
          else inner.pushFrame(item as AudioFrame);
        } catch {
          // an engine that failed for good: its FallbackAdapter has said so on `error`
        }
      }
      // The input ended: the current recogniser flushes what it heard, unless the stream was
      // closed (then close() has closed every inner stream already).
      if (this.#inner && !this.closed) await this.#retire(this.#inner);
      await Promise.allSettled(this.#forwarded.values());
    } finally {
      this.#onDone();
    }
  }

  override close(): void {
    super.close();
    for (const inner of this.#forwarded.keys()) this.#closeInner(inner);
    this.#onDone();
  }
}
