/**
 * OpenAI text-to-speech (`POST /v1/audio/speech`, `response_format: "pcm"`: 24 kHz mono PCM16)
 * that plays the reply as it downloads.
 *
 * `@livekit/agents-plugin-openai` 1.9's TTS awaits `response.arrayBuffer()`, so no audio leaves
 * until the whole sentence is synthesised and downloaded, then frames it with the framework's
 * byte-boxing `AudioByteStream`. This reads the body as a stream and frames each chunk as it
 * arrives (`PcmFramer`), so time to first audio is the provider's time to first byte.
 * Errors are rethrown unchanged, as the plugin does, so the framework's retry and error reporting
 * see the same failures.
 */
import { shortuuid, tts, type APIConnectOptions } from '@livekit/agents';
import { OpenAI } from 'openai';
import { FinalFrameMarker, PcmFramer } from '../audio/pcm-frames.js';

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
    this.#client = new OpenAI({ apiKey: opts.apiKey, baseURL: opts.baseURL, maxRetries: 0 });
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
  }

  protected async run(): Promise<void> {
    const requestId = shortuuid();
    const framer = new PcmFramer(SAMPLE_RATE, FRAME_SAMPLES);
    const out = new FinalFrameMarker((frame, final) =>
      this.queue.put({ requestId, segmentId: requestId, frame, final }),
    );
    try {
      const res = await this.#request(this.abortController.signal);
      if (!res.body) throw new Error('OpenAI speech response has no body');
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        out.push(framer.push(chunk));
      }
      out.push(framer.flush());
      out.end();
    } catch (err) {
      if (err instanceof Error && err.name === 'AbortError') return;
      throw err;
    } finally {
      this.queue.close();
    }
  }
}
