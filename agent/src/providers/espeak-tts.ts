/**
 * Offline development voice: espeak-ng run as a separate process (it is GPL; we never link it).
 * Robotic, but it lets the whole voice loop run with no TTS account and no network.
 */
import { spawn } from 'node:child_process';
import { shortuuid, tts, type APIConnectOptions } from '@livekit/agents';
import { FinalFrameMarker, PcmFramer } from '../audio/pcm-frames.js';

export const ESPEAK_SAMPLE_RATE = 22_050;
const WAV_HEADER_BYTES = 44;

export class EspeakTTS extends tts.TTS {
  label = 'polyglot.EspeakTTS';
  #voice: string;

  constructor(opts: { language?: string } = {}) {
    super(ESPEAK_SAMPLE_RATE, 1, { streaming: false });
    this.#voice = espeakVoice(opts.language ?? 'en');
  }

  override get model(): string {
    return 'espeak-ng';
  }
  override get provider(): string {
    return 'espeak-ng';
  }

  /** Follow the language the user speaks (called every turn by the agent). */
  setLanguage(language: string): void {
    this.#voice = espeakVoice(language);
  }

  synthesize(
    text: string,
    connOptions?: APIConnectOptions,
    abortSignal?: AbortSignal,
  ): tts.ChunkedStream {
    return new EspeakChunkedStream(this, text, this.#voice, connOptions, abortSignal);
  }

  stream(): tts.SynthesizeStream {
    throw new Error('espeak-ng synthesis is not streaming; the framework wraps it per sentence');
  }
}

class EspeakChunkedStream extends tts.ChunkedStream {
  label = 'polyglot.EspeakChunkedStream';
  readonly #voice: string;
  readonly #signal: AbortSignal | undefined;

  constructor(
    engine: EspeakTTS,
    text: string,
    voice: string,
    connOptions?: APIConnectOptions,
    abortSignal?: AbortSignal,
  ) {
    super(text, engine, connOptions, abortSignal);
    this.#voice = voice;
    this.#signal = abortSignal;
  }

  protected async run(): Promise<void> {
    const requestId = shortuuid();
    const child = spawn('espeak-ng', ['-v', this.#voice, '--stdout'], {
      stdio: ['pipe', 'pipe', 'pipe'],
      signal: this.#signal,
    });
    child.stdin.end(this.inputText);
    const bytes = new PcmFramer(ESPEAK_SAMPLE_RATE, ESPEAK_SAMPLE_RATE / 10);
    let headerLeft = WAV_HEADER_BYTES;
    const out = new FinalFrameMarker((frame, final) =>
      this.queue.put({ requestId, segmentId: requestId, frame, final }),
    );
    try {
      for await (const chunk of child.stdout as AsyncIterable<Buffer>) {
        let data = chunk;
        if (headerLeft > 0) {
          const skip = Math.min(headerLeft, data.length);
          headerLeft -= skip;
          data = data.subarray(skip);
        }
        if (data.length === 0) continue;
        out.push(bytes.push(data));
      }
      out.push(bytes.flush());
      out.end();
    } catch (err) {
      if ((err as Error).name !== 'AbortError') throw err;
    } finally {
      this.queue.close();
    }
  }
}

/** espeak-ng voice names for BCP-47 tags (the few that differ from the tag itself). */
function espeakVoice(language: string): string {
  const base = language.toLowerCase().split(/[-_]/)[0] ?? 'en';
  const special: Record<string, string> = { zh: 'cmn', no: 'nb', he: 'he' };
  return special[base] ?? base;
}
