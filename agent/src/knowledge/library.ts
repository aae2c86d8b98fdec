/**
 * Every partner's knowledge base, in memory, per process. Loaded at start and again on demand
 * (SIGHUP, `POST /admin/knowledge/reload`): a reload builds new indexes beside the old ones and
 * swaps them in once built, so sessions search the old documents until then and none is dropped.
 */
import type { Logger } from 'pino';
import type { Partner } from '../partners.js';
import type { Embedder } from './embeddings.js';
import { DEFAULT_LIMITS, loadSources, type KnowledgeLimits } from './loader.js';
import { SearchIndex } from './search-index.js';
import type { LoadedFile, Passage, SkippedFile } from './types.js';

/** How a session's tool searches: here, or from a session thread or job process (remote.ts). */
export interface KnowledgeSearch {
  /** The best passages for `query` in `partner`'s documents; empty when nothing matches. */
  search(partner: string, query: string, signal?: AbortSignal): Promise<Passage[]>;
}

/** Asked of a partner without a knowledge base (its configuration has no `knowledge`). */
export class NoKnowledgeBaseError extends Error {
  readonly code = 'no_knowledge_base';
  constructor(partner: string) {
    super(`partner "${partner}" has no knowledge base`);
    this.name = 'NoKnowledgeBaseError';
  }
}

export type EmbeddingState =
  | { state: 'off' }
  | { state: 'ready'; model: string }
  | { state: 'failed'; reason: string };

export interface KnowledgeReport {
  partner: string;
  sources: string[];
  files: LoadedFile[];
  skipped: SkippedFile[];
  chunks: number;
  embeddings: EmbeddingState;
  loadedAt: string;
  loadMs: number;
}

interface Base {
  index: SearchIndex;
  maxPassages: number;
}

export interface KnowledgeLibraryOptions {
  /** The partners, read again at each load. */
  partners: () => readonly Partner[];
  /** Embeddings for partners that ask for them (none: keyword search only). */
  embedder?: Embedder | undefined;
  /** Why there is no embedder, for the report ("OPENAI_API_KEY is not set"). */
  embedderMissing?: string;
  logger?: Logger | undefined;
  limits?: KnowledgeLimits;
  /** Cosine similarity an embedding neighbour needs (default MIN_SIMILARITY, search-index.ts). */
  minSimilarity?: number;
  /** How long a search waits for its query's embedding before going on with keywords alone. */
  queryEmbeddingTimeoutMs?: number;
}

export class KnowledgeLibrary implements KnowledgeSearch {
  #opts: KnowledgeLibraryOptions;
  #bases = new Map<string, Base>();
  #reports: KnowledgeReport[] = [];
  /** Loads run one after another: a reload asked during one runs after it (files may have changed). */
  #queue: Promise<unknown> = Promise.resolve();

  constructor(opts: KnowledgeLibraryOptions) {
    this.#opts = opts;
  }

  get reports(): readonly KnowledgeReport[] {
    return this.#reports;
  }
  /** What `/healthz` says of each partner's knowledge base (both runtimes). */
  health(): {
    partner: string;
    files: number;
    passages: number;
    skipped: number;
    loadedAt: string;
  }[] {
    return this.reports.map((r) => ({
      partner: r.partner,
      files: r.files.length,
      passages: r.chunks,
      skipped: r.skipped.length,
      loadedAt: r.loadedAt,
    }));
  }

  /** Partners with a knowledge base loaded. */
  has(partner: string): boolean {
    return this.#bases.has(partner);
  }

  /** Loads (or reloads) every partner's documents; never rejects for a bad file (see reports). */
  load(): Promise<KnowledgeReport[]> {
    const run = this.#queue.then(() => this.#loadAll());
    this.#queue = run.catch(() => {});
    return run;
  }

  async #loadAll(): Promise<KnowledgeReport[]> {
    const bases = new Map<string, Base>();
    const reports: KnowledgeReport[] = [];
    for (const partner of this.#opts.partners()) {
      const k = partner.knowledge;
      if (!k) continue;
      const started = performance.now();
      const loaded = await loadSources(k.sources, this.#opts.limits ?? DEFAULT_LIMITS);
      const index = new SearchIndex(loaded.chunks, {
        ...(this.#opts.minSimilarity !== undefined && { minSimilarity: this.#opts.minSimilarity }),
      });
      const embeddings = k.embeddings ? await this.#embed(index) : { state: 'off' as const };
      bases.set(partner.key, { index, maxPassages: k.maxPassages });
      const report: KnowledgeReport = {
        partner: partner.key,
        sources: [...k.sources],
        files: loaded.files,
        skipped: loaded.skipped,
        chunks: loaded.chunks.length,
        embeddings,
        loadedAt: new Date().toISOString(),
        loadMs: Math.round(performance.now() - started),
      };
      reports.push(report);
      this.#opts.logger?.info(
        {
          partner: partner.key,
          files: report.files.length,
          passages: report.chunks,
          skipped: report.skipped.length,
          embeddings: embeddings.state,
          ms: report.loadMs,
        },
        'knowledge base loaded',
      );
      for (const s of loaded.skipped)
        this.#opts.logger?.warn(
          { partner: partner.key, file: s.path, reason: s.reason },
          'knowledge file skipped',
        );
    }
    // The swap: searches from here on use the new documents.
    this.#bases = bases;
    this.#reports = reports;
    return reports;
  }

  async #embed(index: SearchIndex): Promise<EmbeddingState> {
    const embedder = this.#opts.embedder;
    if (!embedder) return { state: 'failed', reason: this.#opts.embedderMissing ?? 'no embedder' };
    if (index.chunks.length === 0) return { state: 'ready', model: embedder.model };
    try {
      const vectors = await embedder.embed(index.chunks.map(embeddingText));
      index.setVectors(vectors);
      return { state: 'ready', model: embedder.model };
    } catch (err) {
      this.#opts.logger?.warn({ err }, 'knowledge embeddings failed: keyword search only');
      return { state: 'failed', reason: (err as Error).message };
    }
  }

  async search(partner: string, query: string, signal?: AbortSignal): Promise<Passage[]> {
    const base = this.#bases.get(partner);
    if (!base) throw new NoKnowledgeBaseError(partner);
    const q = query.slice(0, 500);
    let queryVector: Float32Array | undefined;
    if (base.index.hasVectors && this.#opts.embedder) {
      const timeout = AbortSignal.timeout(this.#opts.queryEmbeddingTimeoutMs ?? 2_000);
      try {
        [queryVector] = await this.#opts.embedder.embed(
          [q],
          signal ? AbortSignal.any([signal, timeout]) : timeout,
        );
      } catch (err) {
        signal?.throwIfAborted();
        this.#opts.logger?.warn({ err }, 'query embedding failed: keyword search only');
      }
    }
    return base.index.search(q, { limit: base.maxPassages, queryVector });
  }

  /** Search without the embedding call (the benchmark's keyword and fusion timings). */
  index(partner: string): SearchIndex | undefined {
    return this.#bases.get(partner)?.index;
  }
}

/** What is embedded for a passage: where it is, then what it says. */
function embeddingText(c: { title: string; section: string; text: string }): string {
  return [c.title, c.section, c.text].filter(Boolean).join('\n');
}
