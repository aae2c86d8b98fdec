/**
 * A local fake of Deepgram's streaming speech-to-text WebSocket, speaking its real wire format so
 * the production `@livekit/agents-plugin-deepgram` STT runs unmodified against it (`baseUrl`).
 *
 * - `GET /v1/listen?model=nova-3&language=multi&encoding=linear16&sample_rate=16000&...` upgraded
 *   to a WebSocket, authenticated with `Authorization: Token <key>`.
 *   Source: https://developers.deepgram.com/reference/speech-to-text-api/listen-streaming
 * - Client → server: binary linear16 audio; text `{"type":"KeepAlive"}`, `{"type":"Finalize"}`,
 *   `{"type":"CloseStream"}`.
 *   Source: https://developers.deepgram.com/docs/audio-keep-alive,
 *   https://developers.deepgram.com/docs/finalize, https://developers.deepgram.com/docs/close-stream
 * - Server → client: `SpeechStarted` (with `vad_events=true`), `Results` with `is_final` /
 *   `speech_final` and `channel.alternatives[0].{transcript, confidence, words, languages}`
 *   (`languages` is present with `language=multi`), `UtteranceEnd`, and `Metadata` on close.
 *   Sources: https://developers.deepgram.com/docs/understand-endpointing-interim-results,
 *   https://developers.deepgram.com/docs/multilingual-code-switching,
 *   https://developers.deepgram.com/docs/speech-started
 *
 * Scripted like the OpenAI fake: a queue of transcripts, one per utterance that carries speech;
 * with `interim_results=true`, one interim result (the first half of the words) is sent while the
 * caller is still speaking.
 * The fake measures the RMS of the audio it receives, in `blockMs` blocks, so no speech means no
 * transcript. An utterance ends after `endpointingMs` of audio below the speech threshold
 * (Deepgram's endpointing), or on `Finalize`. It does not take the `endpointing` the client
 * asks for (the agents-js plugin asks for 25 ms): a scripted transcript is one per utterance, and
 * 25 ms of quiet inside a word would split one.
 *
 * `latencyMs` is what a latency means to a caller: from the end of speech to the final result.
 * The endpointing wait is inside it (a final is never sent before the endpoint), so a benchmark
 * that subtracts it from voice-to-voice does not charge the fake's own endpointing to the agent.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import { listenOnLoopback } from './faults.js';

export interface DeepgramTranscript {
  text: string;
  /** BCP-47 language the fake reports as detected (multi mode). Default `en`. */
  language?: string;
}

/** RMS (0..1) above which a block counts as speech, unless `speechRms` says otherwise (-40 dBFS). */
export const SPEECH_RMS = 0.01;

export interface DeepgramFakeOptions {
  transcripts?: (string | DeepgramTranscript)[];
  /** RMS (0..1) above which a block counts as speech. */
  speechRms?: number;
  /** The block the RMS is measured over, in ms of audio (default 100). */
  blockMs?: number;
  /** Silence after speech that ends an utterance (Deepgram `endpointing`), in ms of audio. */
  endpointingMs?: number;
  /** Minimum speech in an utterance for a transcript, in ms of audio. */
  minSpeechMs?: number;
  /** Speech after which one interim result (the first half of the words) is sent, in ms. */
  interimAfterMs?: number;
  /** Accepted API key (any non-empty key when unset). */
  apiKey?: string;
  /**
   * From the end of speech (the last speech block) to the final result, in ms, endpointing
   * included: the final is sent at the endpoint or this long after speech ended, whichever is
   * later (benchmarks set a fixed latency).
   */
  latencyMs?: number;
}

export interface DeepgramConnection {
  query: Record<string, string[]>;
  authorization: string | undefined;
  /** Audio received, in seconds. */
  audioSeconds: number;
  /** The largest binary message received, in bytes (how much audio the client holds back). */
  largestChunkBytes: number;
  controlMessages: string[];
  closed: boolean;
}

export interface DeepgramUtterance {
  speechSeconds: number;
  rms: number;
  returned: string;
  language: string;
  /** Wall-clock ms (Date.now()) when the fake received the utterance's last speech block. */
  speechEndHeardAt: number;
  /** Wall-clock ms when the fake decided the utterance had ended (endpoint or Finalize). */
  endpointAt: number;
  /** Silence heard after the speech at that moment, in ms of audio. */
  silenceHeardMs: number;
  /** Wall-clock ms when the final result was sent (undefined until then, or if none was). */
  finalSentAt?: number;
}

export interface DeepgramFake {
  /** For `deepgram.STT({ baseUrl })` / `DEEPGRAM_BASE_URL`. */
  baseUrl: string;
  connections: DeepgramConnection[];
  utterances: DeepgramUtterance[];
  close(): Promise<void>;
}

/** The sum of the squared samples (-1..1) of linear16 audio. */
function sumOfSquares(pcm: Buffer): number {
  let sum = 0;
  for (let i = 0; i + 1 < pcm.length; i += 2) {
    const v = pcm.readInt16LE(i) / 32768;
    sum += v * v;
  }
  return sum;
}

export async function startDeepgramFake(options: DeepgramFakeOptions = {}): Promise<DeepgramFake> {
  const queue = [...(options.transcripts ?? [])];
  const threshold = options.speechRms ?? SPEECH_RMS;
  const endpointingMs = options.endpointingMs ?? 300;
  const blockMs = options.blockMs ?? 100;
  const minSpeechMs = options.minSpeechMs ?? 300;
  const interimAfterMs = options.interimAfterMs ?? 600;
  const connections: DeepgramConnection[] = [];
  const utterances: DeepgramUtterance[] = [];

  const server = createServer((_req, res) => {
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ err_code: 'NOT_FOUND', err_msg: 'Use the WebSocket on /v1/listen' }));
  });
  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const auth = req.headers.authorization;
    const keyOk =
      auth?.startsWith('Token ') && (!options.apiKey || auth === `Token ${options.apiKey}`);
    if (url.pathname !== '/v1/listen' || !keyOk) {
      const status = url.pathname !== '/v1/listen' ? '404 Not Found' : '401 Unauthorized';
      socket.end(`HTTP/1.1 ${status}\r\ncontent-length: 0\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => serve(ws, req, url));
  });

  function serve(ws: WebSocket, req: IncomingMessage, url: URL): void {
    const query: Record<string, string[]> = {};
    for (const [k, v] of url.searchParams) (query[k] ??= []).push(v);
    const conn: DeepgramConnection = {
      query,
      authorization: req.headers.authorization,
      audioSeconds: 0,
      largestChunkBytes: 0,
      controlMessages: [],
      closed: false,
    };
    connections.push(conn);
    const sampleRate = Number(url.searchParams.get('sample_rate') ?? 16_000);
    const multi = url.searchParams.get('language') === 'multi';
    const model = url.searchParams.get('model') ?? 'nova-3';
    const requestId = randomUUID();

    // Current utterance, in seconds of stream audio.
    let speechStart: number | undefined;
    let speechSeconds = 0;
    let silenceAfter = 0;
    let sumSquares = 0;
    let samples = 0;
    let interimSent = false;
    let speechEndHeardAt = 0;
    let endpointReached = false;
    let leftover = Buffer.alloc(0);
    const interims = url.searchParams.get('interim_results') === 'true';

    const send = (m: object) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(m));
    };
    const results = (
      t: DeepgramTranscript,
      start: number,
      duration: number,
      isFinal: boolean,
      speechFinal: boolean,
      fromFinalize: boolean,
    ) => {
      const words = t.text.split(/\s+/).filter(Boolean);
      const step = duration / Math.max(1, words.length);
      const language = t.language ?? 'en';
      send({
        type: 'Results',
        channel_index: [0, 1],
        duration,
        start,
        is_final: isFinal,
        speech_final: speechFinal,
        from_finalize: fromFinalize,
        channel: {
          alternatives: [
            {
              transcript: t.text,
              confidence: 0.98,
              words: words.map((w, i) => ({
                word: w.toLowerCase().replace(/[^\p{L}\p{N}']/gu, ''),
                punctuated_word: w,
                start: start + i * step,
                end: start + (i + 1) * step,
                confidence: 0.98,
                ...(multi ? { language } : {}),
              })),
              ...(multi ? { languages: [language] } : {}),
            },
          ],
        },
        metadata: {
          request_id: requestId,
          model_info: { name: `general-${model}`, version: '2025-01-01.0', arch: model },
          model_uuid: randomUUID(),
        },
      });
    };

    /**
     * `quietTail`: seconds of audio heard after the last whole block, too short to be a block of
     * its own, and quiet; it counts toward the latency like the silence before it.
     */
    const endUtterance = (fromFinalize: boolean, quietTail = 0) => {
      endpointReached = false;
      if (speechStart === undefined) return;
      const start = speechStart;
      const duration = speechSeconds + silenceAfter;
      const silence = silenceAfter;
      const rms = samples ? Math.sqrt(sumSquares / samples) : 0;
      const enough = speechSeconds * 1000 >= minSpeechMs;
      const next = enough ? queue.shift() : undefined;
      const t: DeepgramTranscript =
        typeof next === 'string' ? { text: next } : (next ?? { text: '' });
      const utterance: DeepgramUtterance = {
        speechSeconds,
        rms,
        returned: t.text,
        language: t.language ?? 'en',
        speechEndHeardAt,
        endpointAt: Date.now(),
        silenceHeardMs: (silence + quietTail) * 1000,
      };
      utterances.push(utterance);
      speechStart = undefined;
      speechSeconds = 0;
      silenceAfter = 0;
      sumSquares = 0;
      samples = 0;
      interimSent = false;
      if (!t.text) return;
      const final = () => {
        utterance.finalSentAt = Date.now();
        results(t, start, duration, true, true, fromFinalize);
        send({ type: 'UtteranceEnd', channel: [0, 1], last_word_end: start + duration });
      };
      // The silence already heard since speech ended counts toward the latency.
      const wait = (options.latencyMs ?? 0) - (silence + quietTail) * 1000;
      if (wait > 0) setTimeout(final, wait);
      else final();
    };

    const onAudio = (chunk: Buffer) => {
      conn.largestChunkBytes = Math.max(conn.largestChunkBytes, chunk.length);
      const data = Buffer.concat([leftover, chunk]);
      const block = Math.max(1, Math.floor((sampleRate * blockMs) / 1000)) * 2;
      let off = 0;
      for (; off + block <= data.length; off += block) measure(data.subarray(off, off + block));
      leftover = Buffer.from(data.subarray(off));
      // The endpoint is decided once the whole message is heard: the silence it carries after
      // the endpoint block arrived with it, so it counts toward the latency too. (Deciding at
      // the block left out the whole blocks after it, up to 20 ms of a 32 ms message, and the
      // final came that much later than `latencyMs` after the end of speech.) So is the part of
      // a block at the message's end, if it is quiet: a 32 ms message holds 3.2 blocks of 10 ms,
      // and leaving the 0.2 out made the final up to a block late.
      if (endpointReached) endUtterance(false, quietSeconds(leftover));
    };

    const quietSeconds = (part: Buffer) => {
      const n = part.length >> 1;
      return n > 0 && Math.sqrt(sumOfSquares(part) / n) < threshold ? n / sampleRate : 0;
    };

    const measure = (block: Buffer) => {
      const n = block.length / 2;
      const sum = sumOfSquares(block);
      const seconds = n / sampleRate;
      const blockStart = conn.audioSeconds;
      conn.audioSeconds += seconds;
      const speech = Math.sqrt(sum / n) >= threshold;
      // Speech after the endpoint in the same message starts the next utterance.
      if (speech && endpointReached) endUtterance(false);
      if (speech) {
        if (speechStart === undefined) {
          speechStart = blockStart;
          if (url.searchParams.get('vad_events') === 'true') {
            send({ type: 'SpeechStarted', channel: [0, 1], timestamp: blockStart });
          }
        }
        speechSeconds += seconds + silenceAfter;
        silenceAfter = 0;
        speechEndHeardAt = Date.now();
        sumSquares += sum;
        samples += n;
        // Interim results while the caller is still speaking: the words so far (half of them).
        const next = queue[0];
        if (interims && !interimSent && next && speechSeconds * 1000 >= interimAfterMs) {
          interimSent = true;
          const t = typeof next === 'string' ? { text: next } : next;
          const words = t.text.split(/\s+/);
          const partial = { ...t, text: words.slice(0, Math.ceil(words.length / 2)).join(' ') };
          results(partial, speechStart, speechSeconds, false, false, false);
        }
      } else if (speechStart !== undefined) {
        silenceAfter += seconds;
        if (silenceAfter * 1000 >= endpointingMs) endpointReached = true;
      }
    };

    ws.on('message', (data, isBinary) => {
      if (isBinary) return onAudio(data as Buffer);
      const text = (data as Buffer).toString('utf8');
      let type = '';
      try {
        type = String((JSON.parse(text) as { type?: unknown }).type);
      } catch {
        // Deepgram closes with 1008 (DATA-0000) on an unparseable text frame.
        ws.close(1008, 'DATA-0000');
        return;
      }
      conn.controlMessages.push(type);
      if (type === 'Finalize') endUtterance(true);
      if (type === 'CloseStream') {
        endUtterance(true);
        send({
          type: 'Metadata',
          transaction_key: 'deprecated',
          request_id: requestId,
          sha256: '0'.repeat(64),
          created: new Date().toISOString(),
          duration: conn.audioSeconds,
          channels: 1,
          models: [randomUUID()],
          model_info: {},
        });
        ws.close(1000);
      }
    });
    ws.on('close', () => {
      conn.closed = true;
    });
  }

  const { port, close } = await listenOnLoopback(server, wss);
  return {
    baseUrl: `ws://127.0.0.1:${port}`,
    connections,
    utterances,
    close,
  };
}
