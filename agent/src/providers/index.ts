/**
 * Chooses the speech-to-text, LLM and text-to-speech providers from configuration, in one place.
 *
 * - `OPENAI_API_KEY` alone is enough: OpenAI transcription, chat and speech.
 * - `DEEPGRAM_API_KEY` adds Deepgram Nova-3 for the languages it covers.
 * - `CARTESIA_API_KEY` adds Cartesia Sonic-3 for the languages it speaks.
 * - `POLYGLOT_TTS=espeak` selects the offline espeak-ng voice (development).
 *
 * Which provider hears and speaks each language is the language table's (`languages/`): the
 * pipeline's STT and TTS follow the conversation's language, with OpenAI as failover.
 *
 * Nothing here ever answers in a provider's place: a missing key is reported by name.
 */
import { log, stt, tokenize, tts, type llm } from '@livekit/agents';
import * as cartesia from '@livekit/agents-plugin-cartesia';
import * as deepgram from '@livekit/agents-plugin-deepgram';
import * as openai from '@livekit/agents-plugin-openai';
import type { Config } from '../config.js';
import {
  CAPABILITIES,
  capabilityOf,
  routeFor,
  type AvailableProviders,
  type LanguageRoute,
  type SttRoute,
  type TtsRoute,
} from '../languages/capabilities.js';
import { tableTag } from '../languages/resolve.js';
import { openAIClient } from './http-pool.js';
import { OpenAITTS } from './openai-tts.js';
import { ESPEAK_SAMPLE_RATE, EspeakTTS } from './espeak-tts.js';
import { RoutedSTT, type SttEngineFactory } from './routed-stt.js';
import { RoutedTTS, type TtsEngineFactory } from './routed-tts.js';

/** Cartesia's and OpenAI's output rate: a route may move between them within a session. */
const SPEECH_SAMPLE_RATE = 24_000;

export type SttProvider = 'deepgram' | 'openai';
export type TtsProvider = 'cartesia' | 'openai' | 'espeak';

export interface ProviderChoice {
  stt: SttProvider | undefined;
  llm: 'openai' | undefined;
  tts: TtsProvider | undefined;
  /** Environment variables that would complete the voice pipeline, by role. */
  missing: { role: 'stt' | 'llm' | 'tts'; variables: string[] }[];
}

export function chooseProviders(config: Config): ProviderChoice {
  const hasOpenAI = Boolean(config.openai.apiKey);
  const sttChoice: SttProvider | undefined = config.deepgram.apiKey
    ? 'deepgram'
    : hasOpenAI
      ? 'openai'
      : undefined;
  const ttsChoice: TtsProvider | undefined =
    config.ttsOverride === 'espeak'
      ? 'espeak'
      : config.cartesia.apiKey
        ? 'cartesia'
        : hasOpenAI
          ? 'openai'
          : undefined;
  const missing: ProviderChoice['missing'] = [];
  if (!hasOpenAI) missing.push({ role: 'llm', variables: ['OPENAI_API_KEY'] });
  if (!sttChoice) missing.push({ role: 'stt', variables: ['DEEPGRAM_API_KEY', 'OPENAI_API_KEY'] });
  if (!ttsChoice) missing.push({ role: 'tts', variables: ['CARTESIA_API_KEY', 'OPENAI_API_KEY'] });
  return { stt: sttChoice, llm: hasOpenAI ? 'openai' : undefined, tts: ttsChoice, missing };
}

/** The providers this deployment has keys for, as the language routes need them. */
export function availableProviders(config: Config): AvailableProviders {
  return {
    deepgram: Boolean(config.deepgram.apiKey),
    cartesia: Boolean(config.cartesia.apiKey),
    openai: Boolean(config.openai.apiKey),
    espeak: config.ttsOverride === 'espeak',
    openaiSttModel: config.openai.sttModel,
    openaiTtsModel: config.openai.ttsModel,
    openaiTtsVoice: config.openai.ttsVoice,
  };
}

export class ProvidersMissingError extends Error {
  readonly code = 'providers_missing';
  constructor(readonly variables: string[]) {
    super(
      `The voice pipeline is not configured: set ${variables.join(' or ')} ` +
        `(OPENAI_API_KEY alone runs speech-to-text, the LLM and text-to-speech).`,
    );
    this.name = 'ProvidersMissingError';
  }
}

/** One sentence per missing role, e.g. "LLM: set OPENAI_API_KEY". */
export function describeMissing(choice: ProviderChoice): string {
  const label = { llm: 'LLM', stt: 'speech-to-text', tts: 'text-to-speech' } as const;
  return choice.missing.map((m) => `${label[m.role]}: set ${m.variables.join(' or ')}`).join('; ');
}

/**
 * A non-streaming TTS, wrapped once for the whole session.
 *
 * agents-js 1.9's `ttsNode` otherwise wraps it in a fresh `tts.StreamAdapter` for every reply; that
 * adapter re-emits the TTS's `error` event on itself, where nothing listens, and Node turns an
 * unheard `error` into an exception that kills the process — every session with it. Wrapped here,
 * the session attaches its own error handler to our adapter and never builds another.
 */
function streamingTTS(engine: tts.TTS): tts.TTS {
  if (engine.capabilities.streaming) return engine;
  return new tts.StreamAdapter(engine, new tokenize.basic.SentenceTokenizer());
}

/** Every variable named in `missing`, once, in a stable order. */
export function missingVariables(choice: ProviderChoice): string[] {
  return [...new Set(choice.missing.flatMap((m) => m.variables))];
}

/**
 * Retries of the LLM and the voice within a conversation (`AgentSession`'s `connOptions`). The
 * framework's default, 3 retries 2 s apart, leaves a caller in silence for over 4 s before they
 * are told the voice or the assistant failed; here a failing provider is given up after two quick
 * retries (~0.6 s), and a voice that has not started answering after 5 s counts as failed.
 * Speech-to-text keeps the default: its WebSocket reconnects while the caller talks.
 */
export const SESSION_CONNECT_OPTIONS = {
  llmConnOptions: { maxRetry: 2, retryIntervalMs: 500 },
  ttsConnOptions: { maxRetry: 2, retryIntervalMs: 500, timeoutMs: 5_000 },
} as const;

export interface LanguageChange {
  /** The table tag the conversation moved to. */
  tag: string;
  /** Whether replies in it are voiced (false: text only). */
  voiced: boolean;
  stt: SttRoute[];
  tts: TtsRoute[];
}

export interface Pipeline {
  stt: RoutedSTT;
  llm: llm.LLM;
  tts: RoutedTTS;
  choice: ProviderChoice;
  /**
   * Route recognition and the voice for the language the caller speaks (a table tag or any
   * BCP-47 tag): returns the new routes, or undefined for a language the table lacks (the routes
   * stay as they were).
   */
  setLanguage(language: string): LanguageChange | undefined;
  /** Whether replies in the current language are voiced. */
  readonly voiced: boolean;
  /** Whether a recogniser covers `language` (any BCP-47 tag): false for a tag the table lacks. */
  hearsLanguage(language: string): boolean;
  /** The table tags this deployment's recognisers cover, in the table's order. */
  readonly hears: readonly string[];
  /**
   * Failures the framework logs but does not report to the session: the HTTP transcription path
   * (VAD + one request per utterance) swallows a failed request and goes on listening.
   */
  onSttFailure(listener: (err: unknown) => void): void;
}

/**
 * OpenAI's HTTP transcription, reporting each failed utterance. agents-js 1.9's stream adapter
 * logs a failed `recognize` and drops the utterance without an `error` event, so without this
 * the caller would never learn that nothing was heard.
 */
class ReportingOpenAISTT extends openai.STT {
  constructor(
    opts: ConstructorParameters<typeof openai.STT>[0],
    private readonly report: (err: unknown) => void,
  ) {
    super(opts);
  }
  override async _recognize(
    ...args: Parameters<openai.STT['_recognize']>
  ): ReturnType<openai.STT['_recognize']> {
    try {
      return await super._recognize(...args);
    } catch (err) {
      this.report(err);
      throw err;
    }
  }
}

/**
 * Failover between speech providers (the framework's fallback adapters): a provider is given up
 * after one failed attempt and the next one takes the same utterance or reply, so a caller waits
 * well under 2 s (the STT attempt times out at 1.5 s; a refused connection fails at once).
 */
export const SPEECH_FAILOVER = {
  sttAttemptTimeoutMs: 1_500,
  sttRetryIntervalMs: 500,
} as const;

/** The table's route for a tag, with this deployment's providers; undefined if not in the table. */
export function languageRoute(config: Config, language: string): LanguageRoute | undefined {
  const tag = tableTag(language);
  const cap = tag && capabilityOf(tag);
  return cap ? routeFor(cap, availableProviders(config)) : undefined;
}

export function buildPipeline(config: Config, opts: { language?: string } = {}): Pipeline {
  const choice = chooseProviders(config);
  if (choice.missing.length > 0) throw new ProvidersMissingError(missingVariables(choice));
  const logger = log().child({ component: 'speech' });
  // A tag the table lacks starts on English's routes (Deepgram multi still detects the caller).
  const initial = languageRoute(config, opts.language ?? 'en') ?? languageRoute(config, 'en')!;
  let sttFailureListener: ((err: unknown) => void) | undefined;
  const hears = CAPABILITIES.filter(
    (c) => routeFor(c, availableProviders(config)).stt.length > 0,
  ).map((c) => c.tag);

  const sttEngine: SttEngineFactory = (route, vad) => {
    const engines = route.map((r): stt.STT => {
      if (r.provider === 'deepgram')
        return new deepgram.STT({
          apiKey: config.deepgram.apiKey,
          model: r.model,
          language: r.language,
          ...(config.deepgram.baseUrl ? { baseUrl: config.deepgram.baseUrl } : {}),
        });
      const http = new ReportingOpenAISTT(
        {
          // Not on the pooled client: transcription uploads a multipart form, and the OpenAI SDK
          // builds it with the global FormData, which undici's own fetch does not accept.
          apiKey: config.openai.apiKey,
          baseURL: config.openai.baseURL,
          model: r.model,
          // The HTTP transcription endpoint: the session's VAD segments speech and each
          // utterance is transcribed whole, with the language as a hint (ISO 639-1).
          useRealtime: false,
          language: r.language,
        },
        (err) => sttFailureListener?.(err),
      );
      if (!vad) throw new Error('OpenAI transcription needs the session VAD (useVad first)');
      return new stt.StreamAdapter(http, vad);
    });
    if (engines.length === 1) return engines[0]!;
    for (const e of engines)
      e.on('error', (ev) =>
        logger.warn({ err: ev.error, stt: ev.label }, 'speech-to-text failed over'),
      );
    return new stt.FallbackAdapter({
      sttInstances: engines,
      maxRetryPerSTT: 0,
      attemptTimeoutMs: SPEECH_FAILOVER.sttAttemptTimeoutMs,
      retryIntervalMs: SPEECH_FAILOVER.sttRetryIntervalMs,
    });
  };

  const ttsEngine: TtsEngineFactory = (route) => {
    const engines = route.map((r): tts.TTS => {
      switch (r.provider) {
        case 'cartesia':
          return new cartesia.TTS({
            apiKey: config.cartesia.apiKey,
            model: r.model,
            language: r.language,
            ...(config.cartesia.baseUrl ? { baseUrl: config.cartesia.baseUrl } : {}),
          });
        case 'openai':
          return streamingTTS(
            new OpenAITTS({
              apiKey: config.openai.apiKey!,
              baseURL: config.openai.baseURL,
              model: r.model,
              voice: r.voice,
            }),
          );
        case 'espeak':
          return streamingTTS(new EspeakTTS({ language: r.language }));
      }
    });
    if (engines.length === 1) return engines[0]!;
    const adapter = new tts.FallbackAdapter({
      ttsInstances: engines,
      maxRetryPerTTS: 0,
      // The recovery probe synthesizes a test sentence: every 5 s, not every second.
      recoveryDelayMs: 5_000,
    });
    // The adapter re-emits its providers' failures as its own: only its own (every provider
    // failed) reach the session; one provider failing over is logged.
    for (const e of engines)
      e.on('error', (ev) => logger.warn({ err: ev.error, tts: ev.label }, 'voice failed over'));
    return adapter;
  };

  const routedStt = new RoutedSTT(initial.stt, sttEngine);
  const routedTts = new RoutedTTS(
    initial.tts,
    ttsEngine,
    choice.tts === 'espeak' ? ESPEAK_SAMPLE_RATE : SPEECH_SAMPLE_RATE,
  );

  const llmInstance = new openai.LLM({
    client: openAIClient(config.openai),
    apiKey: config.openai.apiKey,
    baseURL: config.openai.baseURL,
    model: config.openai.llmModel,
    temperature: 0.4,
  });

  return {
    stt: routedStt,
    llm: llmInstance,
    tts: routedTts,
    choice,
    get voiced() {
      return routedTts.voiced;
    },
    hears,
    hearsLanguage(language) {
      return (languageRoute(config, language)?.stt.length ?? 0) > 0;
    },
    setLanguage(language) {
      const route = languageRoute(config, language);
      if (!route) return undefined;
      const sttMoved = routedStt.setRoute(route.stt);
      const ttsMoved = routedTts.setRoute(route.tts);
      if (sttMoved || ttsMoved)
        logger.info(
          { language: route.tag, stt: route.stt[0], tts: route.tts[0] ?? 'text only' },
          'speech route changed',
        );
      return { tag: route.tag, voiced: route.tts.length > 0, stt: route.stt, tts: route.tts };
    },
    onSttFailure(listener) {
      sttFailureListener = listener;
    },
  };
}
