/**
 * OpenAI text-to-speech (`POST /v1/audio/speech`, `response_format: "pcm"`: 24 kHz mono PCM16)
 * that plays the reply as it downloads.
 *
 * `@livekit/agents-plugin-openai` 1.9's TTS awaits `response.arrayBuffer()`, so no audio leaves
 * until the whole sentence is synthesised and downloaded, then frames it with the framework's
 * byte-boxing `AudioByteStream`. This reads the body as a stream and frames each chunk as it
 * arrives (`PcmFramer`), so time to first audio is the provider's time to first byte.
 * Failures before the first audio byte are mapped to the framework's `APIStatusError` and
 * `APIConnectionError`, so it retries the ones worth retrying (5xx, 408, 429, a dropped
 * connection, no answer within `connOptions.timeoutMs`) and gives up on the rest (401, 400). The
 * plugin rethrew OpenAI's own errors, which the framework never retries. A failure after audio
 * has started is not retried: the retry would play the sentence again from its start.
 */
import {
  APIConnectionError,
  APIError,
  APIStatusError,
  APITimeoutError,
  DEFAULT_API_CONNECT_OPTIONS,
  shortuuid,
  tts,
  type APIConnectOptions,
} from '@livekit/agents';
import { OpenAI } from 'openai';
import { FinalFrameMarker, PcmFramer } from '../audio/pcm-frames.js';
import { openAIClient } from './http-pool.js';

const SAMPLE_RATE = 24_000;
/** 100 ms frames, as the plugin made: each frame costs the framework the same plumbing, so fewer is cheaper. */
const FRAME_SAMPLES = 2_400;

export interface OpenAITTSOptions {
  apiKey: string;
  baseURL?: string | undefined;
  model: string;
  voice: string;
  instructions?: string;
  speed?: number;
}

export class OpenAITTS extends tts.TTS {
  label = 'openai.TTS';
  readonly #opts: OpenAITTSOptions;
  readonly #client: OpenAI;
  readonly #closed = new AbortController();

  constructor(opts: OpenAITTSOptions) {
    super(SAMPLE_RATE, 1, { streaming: false });
    this.#opts = opts;
    this.#client = openAIClient(opts);
  }

  override get model(): string {
    return this.#opts.model;
  }

  override get provider(): string {
    try {
      return new URL(this.#client.baseURL).host;
    } catch {
      return 'api.openai.com';
    }
  }

  synthesize(
    text: string,
    connOptions?: APIConnectOptions,
    abortSignal?: AbortSignal,
  ): tts.ChunkedStream {
    const signal = abortSignal
      ? AbortSignal.any([abortSignal, this.#closed.signal])
      : this.#closed.signal;
    const request = (s: AbortSignal) =>
      this.#client.audio.speech.create(
        {
          input: text,
          model: this.#opts.model,
          voice: this.#opts.voice,
          response_format: 'pcm',
          ...(this.#opts.instructions ? { instructions: this.#opts.instructions } : {}),
          ...(this.#opts.speed ? { speed: this.#opts.speed } : {}),
        },
        { signal: s },
      );
    return new OpenAIChunkedStream(this, text, request, connOptions, signal);
  }

  stream(): tts.SynthesizeStream {
    throw new Error('OpenAI speech is not streaming input; the framework wraps it per sentence');
  }

  override async close(): Promise<void> {
    this.#closed.abort();
  }
}

class OpenAIChunkedStream extends tts.ChunkedStream {
  label = 'openai.ChunkedStream';
  readonly #request: (signal: AbortSignal) => Promise<Response>;
  /** How long to wait for the response to start, per attempt. */
  readonly #timeoutMs: number;

  constructor(
    engine: OpenAITTS,
    text: string,
    request: (signal: AbortSignal) => Promise<Response>,
    connOptions: APIConnectOptions | undefined,
    signal: AbortSignal,
  ) {
    // The base class aborts `this.abortController` when `signal` aborts later, not if it already has.
    super(text, engine, connOptions, signal);
    if (signal.aborted) this.abortController.abort();
    this.#request = request;
    this.#timeoutMs = connOptions?.timeoutMs ?? DEFAULT_API_CONNECT_OPTIONS.timeoutMs;
  }

  protected async run(): Promise<void> {
    const requestId = shortuuid();
    const framer = new PcmFramer(SAMPLE_RATE, FRAME_SAMPLES);
    const out = new FinalFrameMarker((frame, final) =>
      this.queue.put({ requestId, segmentId: requestId, frame, final }),
    );
    let audioStarted = false;
    // The timeout covers the wait for the response to start; the body then streams at its pace.
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(), this.#timeoutMs);
    try {
      const res = await this.#request(
        AbortSignal.any([this.abortController.signal, timeout.signal]),
      ).finally(() => clearTimeout(timer));
      if (!res.body) throw new Error('OpenAI speech response has no body');
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        audioStarted = true;
        out.push(framer.push(chunk));
      }
      out.push(framer.flush());
      out.end();
    } catch (err) {
      if (this.abortController.signal.aborted) return; // the reply was cut or the voice closed
      throw toFrameworkError(
        err,
        audioStarted,
        timeout.signal.aborted ? this.#timeoutMs : undefined,
      );
    } finally {
      this.queue.close();
    }
  }
}

/** An OpenAI client error as the framework's error type, retryable where a retry can help. */
function toFrameworkError(err: unknown, audioStarted: boolean, timedOutMs?: number): unknown {
  const message = `OpenAI speech: ${err instanceof Error ? err.message : String(err)}`;
  if (audioStarted) return new APIError(message, { retryable: false });
  if (timedOutMs !== undefined) {
    return new APITimeoutError({ message: `OpenAI speech: no answer within ${timedOutMs} ms` });
  }
  if (err instanceof OpenAI.APIConnectionError) return new APIConnectionError({ message });
  if (err instanceof OpenAI.APIError && err.status !== undefined) {
    return new APIStatusError({
      message,
      options: {
        statusCode: err.status,
        requestId: err.requestID ?? null,
        body: err.error ?? null,
      },
    });
  }
  return err;
}
