/**
 * Text-to-speech that follows the reply's language: one `tts.TTS` for the session whose engine is
 * the route's (Cartesia Sonic-3, OpenAI TTS, or espeak-ng in development), with the route's
 * failover behind it in the framework's `tts.FallbackAdapter`. The framework opens one stream
 * per reply, so a route change takes effect from the next reply; the reply being spoken finishes
 * in its voice.
 *
 * A language no provider voices has an empty route: the session turns the audio output off and
 * the reply is text (the core tells the widget); this TTS is then never asked to speak.
 */
import { tts, type APIConnectOptions } from '@livekit/agents';
import type { TtsRoute } from '../languages/capabilities.js';

export type TtsEngineFactory = (route: TtsRoute[]) => tts.TTS;

const routeKey = (route: TtsRoute[]) => JSON.stringify(route);

export class RoutedTTS extends tts.TTS {
  label = 'polyglot.RoutedTTS';
  #route: TtsRoute[];
  #factory: TtsEngineFactory;
  #engines = new Map<string, tts.TTS>();

  constructor(route: TtsRoute[], factory: TtsEngineFactory, sampleRate: number) {
    super(sampleRate, 1, { streaming: true });
    this.#route = route;
    this.#factory = factory;
  }

  get route(): TtsRoute[] {
    return this.#route;
  }

  /** Whether the current language has a voice (else replies are text only). */
  get voiced(): boolean {
    return this.#route.length > 0;
  }

  override get provider(): string {
    return this.#route[0]?.provider ?? 'none';
  }

  override get model(): string {
    const r = this.#route[0];
    return r && 'model' in r ? r.model : (r?.provider ?? 'none');
  }

  /** Speaks the next reply through `route`; returns whether anything changed. */
  setRoute(route: TtsRoute[]): boolean {
    if (routeKey(route) === routeKey(this.#route)) return false;
    this.#route = route;
    return true;
  }

  /** @internal The current route's engine, built on first use. */
  engine(): tts.TTS {
    if (this.#route.length === 0)
      throw new Error('no voice for this language: the reply is text only');
    const key = routeKey(this.#route);
    let engine = this.#engines.get(key);
    if (!engine) {
      engine = this.#factory(this.#route);
      if (engine.sampleRate !== this.sampleRate)
        throw new Error(
          `${engine.label} speaks at ${engine.sampleRate} Hz, the session at ${this.sampleRate}`,
        );
      // A fallback adapter re-emits each provider's failure as its own; the session hears only
      // the adapter's (every provider failed), the failover itself is logged where it is built.
      const chain = engine instanceof tts.FallbackAdapter;
      engine.on('error', (e) => {
        if (!chain || e.label === engine!.label) this.emit('error', e);
      });
      engine.on('metrics_collected', (m) => this.emit('metrics_collected', m));
      this.#engines.set(key, engine);
    }
    return engine;
  }

  override synthesize(
    text: string,
    connOptions?: APIConnectOptions,
    abortSignal?: AbortSignal,
  ): tts.ChunkedStream {
    return this.engine().synthesize(text, connOptions, abortSignal);
  }

  override stream(options?: { connOptions?: APIConnectOptions }): tts.SynthesizeStream {
    return this.engine().stream(options);
  }

  override async close(): Promise<void> {
    await Promise.allSettled([...this.#engines.values()].map((e) => e.close()));
  }
}
