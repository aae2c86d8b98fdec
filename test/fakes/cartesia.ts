/**
 * A local fake of Cartesia's text-to-speech WebSocket, speaking its real wire format so the
 * production `@livekit/agents-plugin-cartesia` TTS runs unmodified against it (`baseUrl`).
 *
 * - `GET /tts/websocket` upgraded to a WebSocket, with headers `X-API-Key` and
 *   `Cartesia-Version`.
 *   Source: https://docs.cartesia.ai/api-reference/tts/websocket
 * - Client → server: generation requests `{model_id, transcript, voice:{mode:'id', id},
 *   language, context_id, output_format:{container:'raw', encoding:'pcm_s16le', sample_rate},
 *   add_timestamps?, continue, max_buffer_delay_ms?}`, several per `context_id` (continuations,
 *   the last with `continue: false`), and `{context_id, cancel: true}`.
 *   Source: https://docs.cartesia.ai/api-reference/tts/working-with-web-sockets/contexts
 * - Server → client: `{type:'chunk', data:<base64 PCM>, done:false, status_code:206, step_time,
 *   context_id}`, `{type:'timestamps', word_timestamps:{words, start, end}, ...}` when
 *   `add_timestamps` is set, and `{type:'done', done:true, status_code:206, context_id}` after the
 *   last continuation. Errors: `{type:'error', error, status_code, done:true, context_id}`.
 *   Source: https://docs.cartesia.ai/api-reference/tts/websocket (response messages)
 *
 * Audio is real speech synthesised by espeak-ng (a separate process) in the requested language,
 * so what the listener hears follows the `language` field on the wire.
 */
import { createServer } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import { speakPcmCached } from './audio.js';
import { listenOnLoopback } from './faults.js';

export interface CartesiaRequest {
  context_id: string;
  transcript: string;
  language: string;
  model_id: string;
  voice: { mode: string; id?: string };
  output_format: { container: string; encoding: string; sample_rate: number };
  add_timestamps?: boolean;
  continue?: boolean;
}

/** A generation request as the fake saw it: when it arrived and when its audio started (Date.now()). */
export type CartesiaRecord = CartesiaRequest & { receivedAt: number; firstAudioAt?: number };

export interface CartesiaFakeOptions {
  /** Accepted API key (any non-empty key when unset). */
  apiKey?: string;
  /** Bytes of PCM per `chunk` message. */
  chunkBytes?: number;
  /** Time to first audio of each context, in ms (benchmarks set a fixed provider latency). */
  latencyMs?: number;
}

export interface CartesiaFake {
  /** For `cartesia.TTS({ baseUrl })` / `CARTESIA_BASE_URL`. */
  baseUrl: string;
  /** Every generation request, in arrival order, with when it arrived (Date.now()). */
  requests: CartesiaRecord[];
  /** Handshake headers seen, one entry per connection. */
  connections: { apiKey: string | undefined; version: string | undefined }[];
  cancelled: string[];
  /** WebSockets open now. */
  readonly open: number;
  close(): Promise<void>;
}

/**
 * espeak-ng voices for the languages Cartesia's multilingual models speak. espeak-ng has no
 * Tagalog: the fake reads it with the Indonesian voice (Latin script, similar spelling), since
 * Cartesia itself speaks it and what is tested is the request, not the accent.
 */
function espeakVoice(language: string): string {
  const base = language.toLowerCase().split('-')[0] ?? 'en';
  return ({ en: 'en-us', zh: 'cmn', tl: 'id' } as Record<string, string>)[base] ?? base;
}

export async function startCartesiaFake(options: CartesiaFakeOptions = {}): Promise<CartesiaFake> {
  const fake: Omit<CartesiaFake, 'baseUrl' | 'close' | 'open'> = {
    requests: [],
    connections: [],
    cancelled: [],
  };
  const chunkBytes = options.chunkBytes ?? 4_800;

  const server = createServer((_req, res) => {
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: 'not found' }));
  });
  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const key = req.headers['x-api-key'];
    const keyOk = typeof key === 'string' && key && (!options.apiKey || key === options.apiKey);
    if (url.pathname !== '/tts/websocket' || !keyOk) {
      const status = url.pathname !== '/tts/websocket' ? '404 Not Found' : '401 Unauthorized';
      socket.end(`HTTP/1.1 ${status}\r\ncontent-length: 0\r\n\r\n`);
      return;
    }
    fake.connections.push({
      apiKey: key,
      version: req.headers['cartesia-version'] as string | undefined,
    });
    wss.handleUpgrade(req, socket, head, (ws) => serve(ws));
  });

  function serve(ws: WebSocket): void {
    // Each context is synthesised in order; continuations queue behind earlier ones.
    const contexts = new Map<string, Promise<void>>();
    const cancelled = new Set<string>();
    const firstAudioSent = new Set<string>();
    const send = (m: object) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(m));
    };

    const generate = async (r: CartesiaRecord) => {
      const text = r.transcript.trim();
      if (!text || cancelled.has(r.context_id)) return;
      const started = Date.now();
      // Synthesis runs during the configured latency, so the first byte comes at that latency
      // (espeak-ng permitting) and not at latency + synthesis time.
      const synthesis = speakPcmCached(text, espeakVoice(r.language), r.output_format.sample_rate);
      if (options.latencyMs && !firstAudioSent.has(r.context_id)) {
        await new Promise((ok) => setTimeout(ok, options.latencyMs));
      }
      firstAudioSent.add(r.context_id);
      const pcm = await synthesis;
      if (cancelled.has(r.context_id)) return;
      if (pcm.length) r.firstAudioAt = Date.now();
      for (let i = 0; i < pcm.length; i += chunkBytes) {
        send({
          type: 'chunk',
          data: pcm.subarray(i, i + chunkBytes).toString('base64'),
          done: false,
          status_code: 206,
          step_time: Date.now() - started,
          context_id: r.context_id,
        });
      }
      if (r.add_timestamps) {
        const words = text.split(/\s+/);
        const total = pcm.length / 2 / r.output_format.sample_rate;
        const step = total / words.length;
        send({
          type: 'timestamps',
          done: false,
          status_code: 206,
          context_id: r.context_id,
          word_timestamps: {
            words,
            start: words.map((_, i) => i * step),
            end: words.map((_, i) => (i + 1) * step),
          },
        });
      }
    };

    ws.on('message', (data) => {
      let msg: Partial<CartesiaRequest> & { cancel?: boolean };
      try {
        msg = JSON.parse((data as Buffer).toString('utf8')) as typeof msg;
      } catch {
        send({
          type: 'error',
          error: 'invalid JSON',
          status_code: 400,
          done: true,
          context_id: '',
        });
        return;
      }
      const id = msg.context_id ?? '';
      if (msg.cancel) {
        cancelled.add(id);
        fake.cancelled.push(id);
        return;
      }
      const req = msg as CartesiaRequest;
      if (typeof req.transcript !== 'string' || !req.model_id || !req.output_format || !id) {
        send({
          type: 'error',
          error: 'transcript, model_id, output_format and context_id are required',
          status_code: 400,
          done: true,
          context_id: id,
        });
        return;
      }
      const record: CartesiaRecord = { ...req, receivedAt: Date.now() };
      fake.requests.push(record);
      const prev = contexts.get(id) ?? Promise.resolve();
      const next = prev
        .then(() => generate(record))
        .then(() => {
          if (req.continue === false && !cancelled.has(id)) {
            send({ type: 'done', done: true, status_code: 206, context_id: id });
          }
        })
        .catch((err: unknown) => {
          send({
            type: 'error',
            error: String(err),
            status_code: 500,
            done: true,
            context_id: id,
          });
        });
      contexts.set(id, next);
      if (req.continue === false) void next.then(() => contexts.delete(id));
    });
  }

  const { port, close } = await listenOnLoopback(server, wss);
  return {
    ...fake,
    get open() {
      return wss.clients.size;
    },
    baseUrl: `http://127.0.0.1:${port}`,
    close,
  };
}
