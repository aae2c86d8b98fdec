/**
 * Chooses the speech-to-text, LLM and text-to-speech providers from configuration, in one place.
 *
 * - `OPENAI_API_KEY` alone is enough: OpenAI transcription, chat and speech.
 * - `DEEPGRAM_API_KEY` switches speech-to-text to Deepgram nova-3 (`multi`).
 * - `CARTESIA_API_KEY` switches text-to-speech to Cartesia Sonic (multilingual).
 * - `POLYGLOT_TTS=espeak` selects the offline espeak-ng voice (development).
 *
 * Nothing here ever answers in a provider's place: a missing key is reported by name.
 */
import { tokenize, tts, type llm, type stt } from '@livekit/agents';
import * as cartesia from '@livekit/agents-plugin-cartesia';
import * as deepgram from '@livekit/agents-plugin-deepgram';
import * as openai from '@livekit/agents-plugin-openai';
import type { Config } from '../config.js';
import type { AvailableProviders } from '../languages/capabilities.js';
import { openAIClient } from './http-pool.js';
import { OpenAITTS } from './openai-tts.js';
import { EspeakTTS } from './espeak-tts.js';

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

export interface Pipeline {
  stt: stt.STT;
  llm: llm.LLM;
  tts: tts.TTS;
  choice: ProviderChoice;
  /** Point the voice at the language the user is speaking, where the provider supports it. */
  setLanguage(language: string): void;
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
  failureListener: ((err: unknown) => void) | undefined;
  override async _recognize(
    ...args: Parameters<openai.STT['_recognize']>
  ): ReturnType<openai.STT['_recognize']> {
    try {
      return await super._recognize(...args);
    } catch (err) {
      this.failureListener?.(err);
      throw err;
    }
  }
}

export function buildPipeline(config: Config, opts: { language?: string } = {}): Pipeline {
  const choice = chooseProviders(config);
  if (choice.missing.length > 0) throw new ProvidersMissingError(missingVariables(choice));
  const language = opts.language ?? 'en';

  const sttInstance: stt.STT =
    choice.stt === 'deepgram'
      ? new deepgram.STT({
          apiKey: config.deepgram.apiKey,
          model: 'nova-3',
          language: 'multi',
          ...(config.deepgram.baseUrl ? { baseUrl: config.deepgram.baseUrl } : {}),
        })
      : new ReportingOpenAISTT({
          // Not on the pooled client: transcription uploads a multipart form, and the OpenAI SDK
          // builds it with the global FormData, which undici's own fetch does not accept.
          apiKey: config.openai.apiKey,
          baseURL: config.openai.baseURL,
          model: config.openai.sttModel,
          // The HTTP transcription endpoint: the session's VAD segments speech and each utterance
          // is transcribed whole, with the language detected by the model.
          useRealtime: false,
          detectLanguage: true,
        });

  const llmInstance = new openai.LLM({
    client: openAIClient(config.openai),
    apiKey: config.openai.apiKey,
    baseURL: config.openai.baseURL,
    model: config.openai.llmModel,
    temperature: 0.4,
  });

  let setLanguage: (language: string) => void = () => {};
  let ttsInstance: tts.TTS;
  if (choice.tts === 'espeak') {
    const espeak = new EspeakTTS({ language });
    setLanguage = (l) => espeak.setLanguage(l);
    ttsInstance = espeak;
  } else if (choice.tts === 'cartesia') {
    const c = new cartesia.TTS({
      apiKey: config.cartesia.apiKey,
      model: 'sonic-2',
      language,
      ...(config.cartesia.baseUrl ? { baseUrl: config.cartesia.baseUrl } : {}),
    });
    setLanguage = (l) => c.updateOptions({ language: l.split('-')[0] ?? l });
    ttsInstance = c;
  } else {
    ttsInstance = new OpenAITTS({
      apiKey: config.openai.apiKey!,
      baseURL: config.openai.baseURL,
      model: config.openai.ttsModel,
      voice: config.openai.ttsVoice,
    });
  }

  const onSttFailure = (listener: (err: unknown) => void) => {
    if (sttInstance instanceof ReportingOpenAISTT) sttInstance.failureListener = listener;
    // Deepgram's streaming STT reports failures through the session's `error` event.
  };
  return {
    stt: sttInstance,
    llm: llmInstance,
    tts: streamingTTS(ttsInstance),
    choice,
    setLanguage,
    onSttFailure,
  };
}
