/**
 * A local fake of the OpenAI HTTP API, speaking its real wire formats so the production
 * `@livekit/agents-plugin-openai` classes run unmodified against it (via `baseURL`):
 *
 * - POST /v1/chat/completions with `stream: true`: Server-Sent Events of `chat.completion.chunk`
 *   objects, text deltas or `tool_calls` deltas, a usage chunk, then `data: [DONE]`.
 *   Source: https://platform.openai.com/docs/api-reference/chat-streaming
 * - POST /v1/audio/transcriptions (multipart/form-data, `file` = WAV): `{"text": ...}`.
 *   Source: https://platform.openai.com/docs/api-reference/audio/createTranscription
 * - POST /v1/audio/speech with `response_format: "pcm"`: raw 24 kHz 16-bit mono PCM, streamed
 *   with chunked transfer encoding (100 ms of audio per 25 ms) as the real endpoint streams it.
 *   Source: https://platform.openai.com/docs/api-reference/audio/createSpeech
 * - POST /v1/embeddings (`input` a string or an array of strings, `encoding_format` `float` or
 *   `base64`): `{object: "list", data: [{object: "embedding", index, embedding}], model, usage}`.
 *   The vectors are not a model's: each is the input's words hashed into 256 dimensions (so texts
 *   that share words are near), deterministic, enough to test fusion and its plumbing.
 *   Source: https://platform.openai.com/docs/api-reference/embeddings/create
 *
 * Behaviour is scripted per test: rules pick the LLM's reply; a queue gives the transcript of
 * each utterance that contains speech (the fake measures the audio it receives, so no audio
 * means no transcript). Speech is synthesised by espeak-ng, so playback is real audio.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { measureWav, speakPcmCached } from './audio.js';
import { listenOnLoopback } from './faults.js';

export interface ChatMessageIn {
  role: string;
  content?: string | { type: string; text?: string }[] | null;
  tool_calls?: { id: string; function: { name: string; arguments: string } }[];
  tool_call_id?: string;
}

export type LlmReply =
  | { text: string }
  | { toolCall: { name: string; arguments: Record<string, unknown> } }
  /** Spoken text and a tool call in one response (the API allows both, content first). */
  | { text: string; toolCall: { name: string; arguments: Record<string, unknown> } }
  | { error: number };

/** A tool as the request offered it to the model. */
export interface OfferedTool {
  name: string;
  description: string;
  parameters: Record<string, unknown>;
}

export interface LlmRule {
  /** Matches on the conversation so far (last user text is the usual key). */
  when: (ctx: {
    lastUser: string;
    messages: ChatMessageIn[];
    lastTool: string | undefined;
  }) => boolean;
  reply: LlmReply | ((ctx: { lastUser: string; lastTool: string | undefined }) => LlmReply);
}

export interface OpenAIFakeOptions {
  rules?: LlmRule[];
  /** Transcripts returned, in order, for each utterance that carries speech. */
  transcripts?: (string | { text: string; language?: string })[];
  /** RMS below which an uploaded utterance counts as silence. */
  speechRms?: number;
  latencyMs?: { llm?: number; stt?: number; tts?: number };
  /** Chunk size (characters) of streamed text deltas. */
  deltaChars?: number;
  /** 1-based request numbers answered with HTTP 500, per endpoint (provider outages). */
  failAt?: { llm?: number[]; stt?: number[]; tts?: number[]; embeddings?: number[] };
  /**
   * How long an idle client connection is kept, in ms (Node's server default, 5 s, otherwise);
   * 0 keeps it until the client closes it and sends no `Keep-Alive` hint, so the client's own
   * idle timeout decides.
   */
  keepAliveTimeoutMs?: number;
}

export interface TranscriptionRecord {
  seconds: number;
  rms: number;
  returned: string;
  /** The form's `model` and `language` (absent when the client sent none). */
  model: string;
  language?: string;
}

export interface OpenAIFake {
  url: string;
  baseURL: string;
  /** Chat completion requests in arrival order, with when each arrived (Date.now()). */
  chatRequests: {
    messages: ChatMessageIn[];
    tools: string[];
    /** The tools with their descriptions and JSON schemas, as the model would read them. */
    toolSpecs: OfferedTool[];
    receivedAt: number;
    /** Wall-clock ms when the reply's first chunk was written (after `latencyMs.llm`). */
    repliedAt?: number;
  }[];
  transcriptions: TranscriptionRecord[];
  speechRequests: { input: string; voice: string; model: string }[];
  /** Embedding requests: the model and how many inputs each carried. */
  embeddingRequests: { model: string; inputs: string[] }[];
  /** TCP connections clients have opened. */
  readonly connections: number;
  options: OpenAIFakeOptions;
  /** Synthesise these texts now, so later speech requests answer without synthesis time. */
  prewarm(texts: string[]): Promise<void>;
  close(): Promise<void>;
}

export async function startOpenAIFake(options: OpenAIFakeOptions = {}): Promise<OpenAIFake> {
  const transcriptQueue = [...(options.transcripts ?? [])];
  let sttCalls = 0;
  const fake: Omit<OpenAIFake, 'url' | 'baseURL' | 'close' | 'prewarm' | 'connections'> = {
    chatRequests: [],
    transcriptions: [],
    speechRequests: [],
    embeddingRequests: [],
    options,
  };
  let connections = 0;

  const server = createServer((req, res) => {
    route(req, res).catch((err: unknown) => {
      if (!res.headersSent)
        sendJson(res, 500, { error: { message: String(err), type: 'server_error' } });
      else res.end();
    });
  });

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (req.method === 'POST' && path === '/v1/chat/completions')
      return chat(JSON.parse(body.toString()), res);
    if (req.method === 'POST' && path === '/v1/audio/transcriptions')
      return transcribe(req, body, res);
    if (req.method === 'POST' && path === '/v1/audio/speech')
      return speech(JSON.parse(body.toString()), res);
    if (req.method === 'POST' && path === '/v1/embeddings')
      return embeddings(JSON.parse(body.toString()), res);
    sendJson(res, 404, {
      error: { message: `Unknown path ${path}`, type: 'invalid_request_error' },
    });
  }

  async function chat(
    body: {
      messages: ChatMessageIn[];
      tools?: {
        function: { name: string; description?: string; parameters?: Record<string, unknown> };
      }[];
    },
    res: ServerResponse,
  ): Promise<void> {
    const messages = body.messages;
    const record: OpenAIFake['chatRequests'][number] = {
      messages,
      tools: (body.tools ?? []).map((t) => t.function.name),
      toolSpecs: (body.tools ?? []).map((t) => ({
        name: t.function.name,
        description: t.function.description ?? '',
        parameters: t.function.parameters ?? {},
      })),
      receivedAt: Date.now(),
    };
    fake.chatRequests.push(record);
    const lastUser = [...messages].reverse().find((m) => m.role === 'user');
    const last = messages.at(-1);
    const ctx = {
      lastUser: textOf(lastUser?.content),
      messages,
      lastTool: last?.role === 'tool' ? textOf(last.content) : undefined,
    };
    const rule = (options.rules ?? []).find((r) => r.when(ctx));
    const reply: LlmReply = rule
      ? typeof rule.reply === 'function'
        ? rule.reply(ctx)
        : rule.reply
      : { text: `You said: ${ctx.lastUser}` };
    await delay(options.latencyMs?.llm);
    if (options.failAt?.llm?.includes(fake.chatRequests.length)) {
      return sendJson(res, 500, {
        error: { message: 'The server had an error', type: 'server_error' },
      });
    }
    if ('error' in reply) {
      return sendJson(res, reply.error, {
        error: { message: 'fake failure', type: 'server_error' },
      });
    }
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    record.repliedAt = Date.now();
    const id = `chatcmpl-fake${fake.chatRequests.length}`;
    const chunk = (delta: object, finish: string | null) =>
      `data: ${JSON.stringify({
        id,
        object: 'chat.completion.chunk',
        created: Math.floor(Date.now() / 1000),
        model: 'gpt-4o',
        choices: [{ index: 0, delta, finish_reason: finish }],
      })}\n\n`;
    res.write(chunk({ role: 'assistant', content: '' }, null));
    if ('text' in reply) {
      const n = options.deltaChars ?? 12;
      for (let i = 0; i < reply.text.length; i += n)
        res.write(chunk({ content: reply.text.slice(i, i + n) }, null));
    }
    if (!('toolCall' in reply)) {
      res.write(chunk({}, 'stop'));
    } else {
      const args = JSON.stringify(reply.toolCall.arguments);
      res.write(
        chunk(
          {
            tool_calls: [
              {
                index: 0,
                id: `call_${fake.chatRequests.length}`,
                type: 'function',
                function: { name: reply.toolCall.name, arguments: '' },
              },
            ],
          },
          null,
        ),
      );
      res.write(chunk({ tool_calls: [{ index: 0, function: { arguments: args } }] }, null));
      res.write(chunk({}, 'tool_calls'));
    }
    res.write(
      `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created: 0, model: 'gpt-4o', choices: [], usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 } })}\n\n`,
    );
    res.end('data: [DONE]\n\n');
  }

  async function transcribe(
    req: IncomingMessage,
    body: Buffer,
    res: ServerResponse,
  ): Promise<void> {
    const form = await new Request('http://x/', {
      method: 'POST',
      headers: { 'content-type': req.headers['content-type'] ?? '' },
      body: new Uint8Array(body),
    }).formData();
    const file = form.get('file');
    if (!(file instanceof Blob)) {
      return sendJson(res, 400, {
        error: { message: 'file is required', type: 'invalid_request_error' },
      });
    }
    const wav = new Uint8Array(await file.arrayBuffer());
    const { seconds, rms } = measureWav(wav);
    const language = form.get('language');
    const sent = {
      model: String(form.get('model') ?? ''),
      ...(typeof language === 'string' && language && { language }),
    };
    await delay(options.latencyMs?.stt);
    sttCalls++;
    if (options.failAt?.stt?.includes(sttCalls)) {
      fake.transcriptions.push({ seconds, rms, returned: '<500>', ...sent });
      return sendJson(res, 500, {
        error: { message: 'The server had an error', type: 'server_error' },
      });
    }
    const hasSpeech = rms >= (options.speechRms ?? 0.01) && seconds >= 0.3;
    const next = hasSpeech ? transcriptQueue.shift() : undefined;
    const t = typeof next === 'string' ? { text: next } : (next ?? { text: '' });
    fake.transcriptions.push({ seconds, rms, returned: t.text, ...sent });
    // The plugin reads the detected language from `languages[0].code`.
    sendJson(res, 200, {
      text: t.text,
      ...(t.language ? { languages: [{ code: t.language }] } : {}),
    });
  }

  async function speech(
    body: { input: string; voice: string; model: string },
    res: ServerResponse,
  ): Promise<void> {
    fake.speechRequests.push({ input: body.input, voice: body.voice, model: body.model });
    const failing = options.failAt?.tts?.includes(fake.speechRequests.length);
    // Synthesis runs during the configured latency: the first byte comes at that latency.
    const synthesis = failing
      ? undefined
      : speakPcmCached(body.input, voiceFor(body.input), 24_000);
    await delay(options.latencyMs?.tts);
    if (!synthesis) {
      return sendJson(res, 500, {
        error: { message: 'The server had an error', type: 'server_error' },
      });
    }
    const pcm = await synthesis;
    // Streamed like the real endpoint (chunked transfer): 100 ms of audio every 25 ms, i.e. the
    // first byte at the configured latency and the rest at 4x real time.
    res.writeHead(200, { 'content-type': 'audio/pcm' });
    const CHUNK = 4_800;
    for (let at = 0; at < pcm.length; at += CHUNK) {
      if (res.destroyed) return;
      if (at > 0) await delay(25);
      res.write(pcm.subarray(at, at + CHUNK));
    }
    res.end();
  }

  function embeddings(
    body: { model: string; input: string | string[]; encoding_format?: string },
    res: ServerResponse,
  ): void {
    const inputs = typeof body.input === 'string' ? [body.input] : body.input;
    fake.embeddingRequests.push({ model: body.model, inputs });
    if (options.failAt?.embeddings?.includes(fake.embeddingRequests.length)) {
      return sendJson(res, 500, {
        error: { message: 'The server had an error', type: 'server_error' },
      });
    }
    sendJson(res, 200, {
      object: 'list',
      data: inputs.map((text, index) => {
        const v = hashedEmbedding(text);
        return {
          object: 'embedding',
          index,
          embedding:
            body.encoding_format === 'base64' ? Buffer.from(v.buffer).toString('base64') : [...v],
        };
      }),
      model: body.model,
      usage: { prompt_tokens: inputs.length, total_tokens: inputs.length },
    });
  }

  if (options.keepAliveTimeoutMs !== undefined)
    server.keepAliveTimeout = options.keepAliveTimeoutMs;
  server.on('connection', () => connections++);
  const { url, close } = await listenOnLoopback(server);
  return {
    ...fake,
    url,
    baseURL: `${url}/v1`,
    get connections() {
      return connections;
    },
    async prewarm(texts: string[]) {
      for (const t of texts) await speakPcmCached(t, voiceFor(t), 24_000);
    },
    close,
  };
}

/** The speech endpoint gets no language: pick an espeak-ng voice from the text's script. */
function voiceFor(text: string): string {
  if (/[\u3040-\u30ff]/.test(text)) return 'ja';
  if (/[\u4e00-\u9fff]/.test(text)) return 'cmn';
  if (/[\u0600-\u06ff]/.test(text)) return 'ar';
  if (/[\u0590-\u05ff]/.test(text)) return 'he';
  if (/[\u0400-\u04ff]/.test(text)) return 'ru';
  if (/[\u0370-\u03ff]/.test(text)) return 'el';
  if (/[\u0530-\u058f]/.test(text)) return 'hy';
  if (/[\u10a0-\u10ff]/.test(text)) return 'ka';
  if (/[\u1200-\u137f]/.test(text)) return 'am';
  if (/[\u0e00-\u0e7f]/.test(text)) return 'th';
  if (/[\u0900-\u097f]/.test(text)) return 'hi';
  if (/[\uac00-\ud7af]/.test(text)) return 'ko';
  return 'en-us';
}

/** Words hashed into 256 dimensions, unit length: a stand-in for a model's embedding. */
export function hashedEmbedding(text: string): Float32Array {
  const v = new Float32Array(256);
  for (const word of text.toLowerCase().match(/\p{L}+/gu) ?? []) {
    let h = 2166136261;
    for (const c of word) h = Math.imul(h ^ c.codePointAt(0)!, 16777619);
    v[(h >>> 0) % 256]! += 1;
  }
  const norm = Math.hypot(...v) || 1;
  return v.map((x) => x / norm);
}

function textOf(content: ChatMessageIn['content']): string {
  if (!content) return '';
  if (typeof content === 'string') return content;
  return content.map((c) => c.text ?? '').join('');
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req as AsyncIterable<Buffer>) chunks.push(c);
  return Buffer.concat(chunks);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function delay(ms: number | undefined): Promise<void> {
  return ms ? new Promise((r) => setTimeout(r, ms)) : Promise.resolve();
}
