/**
 * Embeddings for the knowledge base, from OpenAI's embeddings endpoint (or any compatible
 * `OPENAI_BASE_URL`), `text-embedding-3-small` unless `OPENAI_EMBEDDING_MODEL` says otherwise.
 * Documents are embedded once per load, in batches; each search embeds its query.
 */
import OpenAI from 'openai';

export interface Embedder {
  readonly model: string;
  embed(texts: string[], signal?: AbortSignal): Promise<Float32Array[]>;
}

/** Inputs per request: the endpoint takes up to 2,048, but smaller batches fail smaller. */
const BATCH = 128;

export class OpenAIEmbedder implements Embedder {
  readonly model: string;
  #client: OpenAI;
  #timeoutMs: number;

  constructor(opts: {
    apiKey: string;
    baseURL?: string | undefined;
    model: string;
    timeoutMs?: number;
  }) {
    this.model = opts.model;
    this.#timeoutMs = opts.timeoutMs ?? 10_000;
    this.#client = new OpenAI({
      apiKey: opts.apiKey,
      ...(opts.baseURL && { baseURL: opts.baseURL }),
      maxRetries: 1,
    });
  }

  async embed(texts: string[], signal?: AbortSignal): Promise<Float32Array[]> {
    const out: Float32Array[] = [];
    for (let i = 0; i < texts.length; i += BATCH) {
      const batch = texts.slice(i, i + BATCH);
      const res = await this.#client.embeddings.create(
        { model: this.model, input: batch, encoding_format: 'float' },
        { timeout: this.#timeoutMs, ...(signal && { signal }) },
      );
      if (res.data.length !== batch.length)
        throw new Error(`the embeddings endpoint returned ${res.data.length} of ${batch.length}`);
      for (const d of [...res.data].sort((a, b) => a.index - b.index))
        out.push(Float32Array.from(d.embedding));
    }
    return out;
  }
}
