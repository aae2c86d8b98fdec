/**
 * What the process remembers about sessions, in memory only (there is no database): a record per
 * session and its transcript with personal data masked. Ended sessions are evicted after a TTL;
 * the whole store stays under a byte bound by dropping the oldest ended sessions first, then the
 * oldest transcript lines of live ones.
 */
import { maskPii } from '../observability/pii.js';

export interface TranscriptLine {
  role: 'user' | 'assistant';
  turn: number;
  /** Masked text. */
  text: string;
  language: string | undefined;
  at: number;
}

export interface SessionRecord {
  id: string;
  partner: string;
  lang: string;
  runtime: 'local' | 'livekit';
  startedAt: number;
  endedAt: number | undefined;
  endReason: string | undefined;
  transcript: TranscriptLine[];
  /** Approximate bytes held (UTF-16 strings plus fixed overhead). */
  bytes: number;
}

const RECORD_OVERHEAD = 256;
const LINE_OVERHEAD = 64;

export interface SessionStoreOptions {
  ttlMs: number;
  maxBytes: number;
  now?: () => number;
}

export class SessionStore {
  #records = new Map<string, SessionRecord>();
  #bytes = 0;
  #opts: SessionStoreOptions;
  #now: () => number;
  evicted = 0;

  constructor(opts: SessionStoreOptions) {
    this.#opts = opts;
    this.#now = opts.now ?? Date.now;
  }

  start(r: Pick<SessionRecord, 'id' | 'partner' | 'lang' | 'runtime'>): void {
    this.sweep();
    const rec: SessionRecord = {
      ...r,
      startedAt: this.#now(),
      endedAt: undefined,
      endReason: undefined,
      transcript: [],
      bytes: RECORD_OVERHEAD,
    };
    this.#records.set(r.id, rec);
    this.#bytes += rec.bytes;
    this.#bound();
  }

  /** Adds a final transcript line, masked. Unknown or evicted sessions are ignored. */
  append(id: string, line: Omit<TranscriptLine, 'at' | 'text'> & { text: string }): void {
    const rec = this.#records.get(id);
    if (!rec) return;
    const text = maskPii(line.text);
    const l: TranscriptLine = { ...line, text, at: this.#now() };
    const size = LINE_OVERHEAD + text.length * 2;
    rec.transcript.push(l);
    rec.bytes += size;
    this.#bytes += size;
    this.#bound();
  }

  end(id: string, reason: string): void {
    const rec = this.#records.get(id);
    if (!rec || rec.endedAt !== undefined) return;
    rec.endedAt = this.#now();
    rec.endReason = reason;
    this.sweep();
  }

  get(id: string): SessionRecord | undefined {
    return this.#records.get(id);
  }

  /** Drops ended sessions older than the TTL. */
  sweep(): void {
    const cutoff = this.#now() - this.#opts.ttlMs;
    for (const rec of this.#records.values()) {
      if (rec.endedAt !== undefined && rec.endedAt <= cutoff) this.#drop(rec);
    }
  }

  stats(): { sessions: number; live: number; bytes: number; maxBytes: number; evicted: number } {
    let live = 0;
    for (const r of this.#records.values()) if (r.endedAt === undefined) live++;
    return {
      sessions: this.#records.size,
      live,
      bytes: this.#bytes,
      maxBytes: this.#opts.maxBytes,
      evicted: this.evicted,
    };
  }

  #drop(rec: SessionRecord): void {
    this.#records.delete(rec.id);
    this.#bytes -= rec.bytes;
    this.evicted++;
  }

  #bound(): void {
    if (this.#bytes <= this.#opts.maxBytes) return;
    // Oldest ended sessions first (Map order is insertion order: oldest first).
    for (const rec of this.#records.values()) {
      if (this.#bytes <= this.#opts.maxBytes) return;
      if (rec.endedAt !== undefined) this.#drop(rec);
    }
    // Then the oldest lines of live sessions, oldest session first.
    for (const rec of this.#records.values()) {
      while (this.#bytes > this.#opts.maxBytes && rec.transcript.length > 0) {
        const line = rec.transcript.shift()!;
        const size = LINE_OVERHEAD + line.text.length * 2;
        rec.bytes -= size;
        this.#bytes -= size;
      }
      if (this.#bytes <= this.#opts.maxBytes) return;
    }
  }
}
