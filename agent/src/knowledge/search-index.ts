/**
 * One partner's passages in memory: a BM25 keyword index (MiniSearch), and optionally their
 * embeddings, the two rankings fused by reciprocal rank fusion (RRF). See docs/knowledge.md for
 * why MiniSearch, and for the thresholds below.
 */
import MiniSearch, { type SearchResult } from 'minisearch';
import type { Chunk, Passage } from './types.js';

/** RRF's constant (Cormack et al. 2009): damps the head of each ranking. */
const RRF_K = 60;
/** Candidates taken from each ranking before fusion. */
const CANDIDATES = 50;
/** Keyword hits scoring under this share of the best one are noise (a single common word). */
const MIN_RELATIVE_SCORE = 0.2;
/** Hits scoring at least this share of the best one are listed as the answer's sources. */
const CITE_RELATIVE_SCORE = 0.5;
/**
 * Cosine similarity under which an embedding neighbour is not a match. text-embedding-3-small
 * puts unrelated English text around 0.05–0.2 and paraphrases above 0.4: a judgement, not tuned
 * on partners' data.
 */
export const MIN_SIMILARITY = 0.3;

// Words that say nothing about which passage is meant, in the documents' usual language
// (English); without them "what is the pet policy" matches every passage with "what" or "is".
const STOP_WORDS = new Set(
  (
    'a an and are as at be by can could do does for from how i if in is it its may me my of on or ' +
    'our should so that the their them there these they this to was we what when where which who ' +
    'will with would you your'
  ).split(' '),
);

/** Lower case, accents off ("equipaje" = "équipaje"), stop words out, a plural's "s" off. */
export function processTerm(term: string): string | null {
  const t = term.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '');
  if (!t || STOP_WORDS.has(t)) return null;
  return t.length > 3 && t.endsWith('s') && !t.endsWith('ss') ? t.slice(0, -1) : t;
}

export interface SearchOptions {
  limit: number;
  /** The query's embedding, when the index has embeddings. */
  queryVector?: Float32Array | undefined;
}

export class SearchIndex {
  readonly chunks: readonly Chunk[];
  readonly #keyword: MiniSearch<Chunk>;
  /**
   * Unit-length embeddings, one row of `#dim` per chunk, in one contiguous array (a scan over
   * 2,000 × 1,536 floats stays in a few milliseconds), when the partner uses them.
   */
  #matrix: Float32Array | undefined;
  #dim = 0;

  readonly #minSimilarity: number;

  constructor(chunks: readonly Chunk[], opts: { minSimilarity?: number } = {}) {
    this.chunks = chunks;
    this.#minSimilarity = opts.minSimilarity ?? MIN_SIMILARITY;
    this.#keyword = new MiniSearch<Chunk>({
      fields: ['title', 'section', 'text'],
      storeFields: [],
      processTerm,
      searchOptions: {
        processTerm,
        // The section names the topic ("Checked baggage"): a match there says more than one in
        // running text.
        boost: { section: 2, title: 1.5 },
        prefix: (term) => term.length >= 4,
        fuzzy: (term) => (term.length >= 6 ? 0.15 : false),
        combineWith: 'OR',
      },
    });
    this.#keyword.addAll(chunks as Chunk[]);
  }

  get hasVectors(): boolean {
    return this.#matrix !== undefined;
  }

  /** Adds the passages' embeddings (in chunk order); they are normalised here. */
  setVectors(vectors: Float32Array[]): void {
    if (vectors.length !== this.chunks.length)
      throw new Error(`${vectors.length} embeddings for ${this.chunks.length} passages`);
    const dim = vectors[0]?.length ?? 0;
    const matrix = new Float32Array(vectors.length * dim);
    vectors.forEach((v, i) => {
      if (v.length !== dim)
        throw new Error(`embedding ${i} has ${v.length} dimensions, not ${dim}`);
      matrix.set(normalise(v), i * dim);
    });
    this.#matrix = matrix;
    this.#dim = dim;
  }

  /** Keyword ranking alone: chunk ids, best first. */
  keywordRanking(query: string): number[] {
    return this.#keywordHits(query).map((h) => h.id as number);
  }

  #keywordHits(query: string): SearchResult[] {
    const hits: SearchResult[] = this.#keyword.search(query);
    const best = hits[0]?.score ?? 0;
    return hits.filter((h) => h.score >= best * MIN_RELATIVE_SCORE).slice(0, CANDIDATES);
  }

  /** Embedding ranking alone: chunk ids by cosine similarity, best first, over the threshold. */
  vectorRanking(queryVector: Float32Array): number[] {
    const m = this.#matrix;
    const dim = this.#dim;
    if (!m || queryVector.length !== dim) return [];
    const q = normalise(queryVector);
    const scored: { id: number; sim: number }[] = [];
    for (let i = 0, off = 0; off < m.length; i++, off += dim) {
      // Four running sums: independent additions the CPU can overlap (about twice as fast here).
      let a = 0;
      let b = 0;
      let c = 0;
      let e = 0;
      let d = 0;
      for (; d + 3 < dim; d += 4) {
        a += m[off + d]! * q[d]!;
        b += m[off + d + 1]! * q[d + 1]!;
        c += m[off + d + 2]! * q[d + 2]!;
        e += m[off + d + 3]! * q[d + 3]!;
      }
      for (; d < dim; d++) a += m[off + d]! * q[d]!;
      const dot = a + b + c + e;
      if (dot >= this.#minSimilarity) scored.push({ id: i, sim: dot });
    }
    scored.sort((a, b) => b.sim - a.sim);
    return scored.slice(0, CANDIDATES).map((s) => s.id);
  }

  /** The best passages for `query`: keyword ranks, fused with embedding ranks when given. */
  search(query: string, opts: SearchOptions): Passage[] {
    const hits = this.#keywordHits(query);
    const best = hits[0]?.score ?? 0;
    const strong = new Set(
      hits.filter((h) => h.score >= best * CITE_RELATIVE_SCORE).map((h) => h.id as number),
    );
    const rankings = [hits.map((h) => h.id as number)];
    if (opts.queryVector && this.#matrix) rankings.push(this.vectorRanking(opts.queryVector));
    return fuse(rankings)
      .slice(0, opts.limit)
      .map(({ id, score }, rank) => {
        const c = this.chunks[id]!;
        return {
          text: c.text,
          title: c.title,
          section: c.section,
          ...(c.url && { url: c.url }),
          source: c.source,
          score: Number(score.toFixed(5)),
          cited: strong.size > 0 ? strong.has(id) : rank === 0,
        };
      });
  }
}

/** Reciprocal rank fusion: each ranking gives 1 / (k + rank); ties keep the first ranking's order. */
export function fuse(rankings: number[][]): { id: number; score: number }[] {
  const scores = new Map<number, number>();
  for (const ranking of rankings)
    ranking.forEach((id, rank) => scores.set(id, (scores.get(id) ?? 0) + 1 / (RRF_K + rank + 1)));
  return [...scores].map(([id, score]) => ({ id, score })).sort((a, b) => b.score - a.score);
}

function normalise(v: Float32Array): Float32Array {
  let norm = 0;
  for (const x of v) norm += x * x;
  norm = Math.sqrt(norm) || 1;
  const out = new Float32Array(v.length);
  for (let i = 0; i < v.length; i++) out[i] = v[i]! / norm;
  return out;
}
