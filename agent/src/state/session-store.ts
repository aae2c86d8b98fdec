/**
 * What the process remembers about sessions, in memory only (there is no database): a record per
 * session, its transcript with personal data masked, its handoffs to a person (with their reason)
 * and the caller's mood as the model noted it. Ended sessions are evicted after a TTL; the whole
 * store stays under a byte bound by dropping the oldest ended sessions first, then the oldest
 * transcript lines of live ones. Handoffs are also counted by reason for `/metrics` (counts
 * survive eviction), and a handoff to a console queue is queued for the operator console.
 */
import {
  HANDOFF_REASONS,
  MAX_HANDOFF_SUMMARY_CHARS,
  type HandoffReason,
} from '../../../sdk/src/protocol/messages.js';
import type {
  HandoffRecord,
  HistoryEntry,
  SentimentRecord,
  SessionDetail,
  TranscriptLine,
  TurnLatency,
} from '../../../sdk/src/protocol/console.js';
import { maskPii } from '../observability/pii.js';
import { HandoffQueue } from './handoff-queue.js';
import { SessionHistory } from './history.js';

/** Most mood notes kept per session (the newest). */
const MAX_SENTIMENTS = 50;
/** Most voice-to-voice figures kept per session (the oldest go). */
const MAX_TIMED_TURNS = 500;
/** Most turn breakdowns kept per session, for the console's chart (the newest). */
const MAX_TURN_BREAKDOWNS = 50;

export interface SessionRecord extends Omit<SessionDetail, 'takenOverBy'> {
  /** Every language the conversation used, the starting one first. */
  languages: string[];
  flightSearches: { succeeded: number; failed: number };
  /** Voice-to-voice of each timed turn, ms (from the process's LatencyMetrics). */
  voiceToVoiceMs: number[];
  /** The caller's lines (turns). */
  turns: number;
  /** Tool calls running now, oldest first (the console lists the newest). */
  tools: { call: string; tool: string }[];
  /** Approximate bytes held (UTF-16 strings plus fixed overhead). */
  bytes: number;
}

const RECORD_OVERHEAD = 256;
const LINE_OVERHEAD = 64;

export interface SessionStoreOptions {
  ttlMs: number;
  maxBytes: number;
  now?: () => number;
  /** The console's queue (one is made when not given). */
  queue?: HandoffQueue;
  /** How long an ended session stays in the history (its summary, no transcript); default 24 h. */
  historyTtlMs?: number;
  /** Most ended sessions the history keeps; default 50,000. */
  historyMaxEntries?: number;
}

/** What sessions write, in the process that runs them (forwarded when that is another). */
export type SessionStoreWriter = Pick<
  SessionStore,
  'start' | 'append' | 'end' | 'handoff' | 'sentiment' | 'flightSearch' | 'tool'
>;

/** One write, as it crosses from a session thread or a job process to the store's process. */
export type StoreCall = {
  [K in keyof SessionStoreWriter]: { op: K; args: Parameters<SessionStoreWriter[K]> };
}[keyof SessionStoreWriter];

/** A writer that hands every call to `post` (a thread port, the worker's hub socket). */
export function forwardingWriter(post: (call: StoreCall) => void): SessionStoreWriter {
  return {
    start: (...args) => post({ op: 'start', args }),
    append: (...args) => post({ op: 'append', args }),
    end: (...args) => post({ op: 'end', args }),
    handoff: (...args) => post({ op: 'handoff', args }),
    sentiment: (...args) => post({ op: 'sentiment', args }),
    flightSearch: (...args) => post({ op: 'flightSearch', args }),
    tool: (...args) => post({ op: 'tool', args }),
  };
}

/** Applies a forwarded call to the process's store. */
export function applyStoreCall(store: SessionStoreWriter, call: StoreCall): void {
  switch (call.op) {
    case 'start':
      return store.start(...call.args);
    case 'append':
      return store.append(...call.args);
    case 'end':
      return store.end(...call.args);
    case 'handoff':
      return store.handoff(...call.args);
    case 'sentiment':
      return store.sentiment(...call.args);
    case 'flightSearch':
      return store.flightSearch(...call.args);
    case 'tool':
      return store.tool(...call.args);
  }
}

/** What changed in the store, for the console's live view (ids only, except a line or timing). */
export type StoreChange =
  | { type: 'started' | 'ended' | 'handoff' | 'sentiment' | 'tool'; id: string }
  | { type: 'line'; id: string; line: TranscriptLine }
  | { type: 'latency'; id: string; latency: TurnLatency };

export interface HandoffCount {
  reason: HandoffReason;
  /** Handed to a person (some target configured). */
  handedOff: number;
  /** Asked for, with no person to hand to. */
  unavailable: number;
}

export class SessionStore {
  #records = new Map<string, SessionRecord>();
  #bytes = 0;
  #opts: SessionStoreOptions;
  #now: () => number;
  #handedOff = new Map<HandoffReason, number>();
  #unavailable = new Map<HandoffReason, number>();
  evicted = 0;
  #listeners = new Set<(change: StoreChange, record: SessionRecord | undefined) => void>();
  /** Conversations handed to the operator console, waiting for a person. */
  readonly queue: HandoffQueue;
  /** Ended sessions' summaries, kept longer than their transcripts (the console's history). */
  readonly history: SessionHistory;

  constructor(opts: SessionStoreOptions) {
    this.#opts = opts;
    this.#now = opts.now ?? Date.now;
    this.queue =
      opts.queue ?? new HandoffQueue({ maxEntries: 1000, endedTtlMs: opts.ttlMs, now: this.#now });
    this.history = new SessionHistory({
      ttlMs: opts.historyTtlMs ?? 24 * 3_600_000,
      maxEntries: opts.historyMaxEntries ?? 50_000,
      now: this.#now,
    });
  }

  start(r: Pick<SessionRecord, 'id' | 'partner' | 'lang' | 'runtime'>): void {
    this.sweep();
    const rec: SessionRecord = {
      ...r,
      startedAt: this.#now(),
      endedAt: undefined,
      endReason: undefined,
      transcript: [],
      handoffs: [],
      sentiments: [],
      languages: [r.lang],
      flightSearches: { succeeded: 0, failed: 0 },
      voiceToVoiceMs: [],
      latencies: [],
      turns: 0,
      tools: [],
      bytes: RECORD_OVERHEAD,
    };
    this.#records.set(r.id, rec);
    this.#bytes += rec.bytes;
    this.#bound();
    this.#emit({ type: 'started', id: r.id });
  }

  /**
   * Adds a transcript line (final words, or what the caller was shown), masked: its text and its
   * citations' titles and sections. Unknown or evicted sessions are ignored.
   */
  append(id: string, line: Omit<TranscriptLine, 'at'>): void {
    const rec = this.#records.get(id);
    if (!rec) return;
    const text = maskPii(line.text);
    const citations = line.citations?.map((c) => ({
      title: maskPii(c.title),
      ...(c.section !== undefined && { section: maskPii(c.section) }),
      ...(c.url !== undefined && { url: c.url }),
    }));
    const l: TranscriptLine = {
      ...line,
      text,
      ...(citations && { citations }),
      at: this.#now(),
    };
    const size = LINE_OVERHEAD + (text.length + citationChars(citations)) * 2;
    rec.transcript.push(l);
    if (l.language && !rec.languages.includes(l.language)) rec.languages.push(l.language);
    if (l.role === 'user') rec.turns++;
    rec.bytes += size;
    this.#bytes += size;
    this.#bound();
    this.#emit({ type: 'line', id, line: l });
  }

  end(id: string, reason: string): void {
    const rec = this.#records.get(id);
    if (!rec || rec.endedAt !== undefined) return;
    rec.endedAt = this.#now();
    rec.endReason = reason;
    this.history.add(historyEntry(rec));
    this.queue.sessionEnded(id);
    this.sweep();
    this.#emit({ type: 'ended', id });
  }

  /**
   * The model handed the caller to a person (`targets` says where; none: nobody was available).
   * Counted by reason even when the session's record is gone; queued for the console when the
   * targets name a queue.
   */
  handoff(id: string, h: Omit<HandoffRecord, 'at'>): void {
    const available = Boolean(h.targets.url || h.targets.phone || h.targets.queue);
    const counts = available ? this.#handedOff : this.#unavailable;
    counts.set(h.reason, (counts.get(h.reason) ?? 0) + 1);
    const summary = maskPii(h.summary).slice(0, MAX_HANDOFF_SUMMARY_CHARS);
    const rec = this.#records.get(id);
    if (rec) {
      rec.handoffs.push({ ...h, summary, at: this.#now() });
      const size = LINE_OVERHEAD + summary.length * 2;
      rec.bytes += size;
      this.#bytes += size;
    }
    if (h.targets.queue) {
      this.queue.enqueue({
        sessionId: id,
        partner: rec?.partner ?? 'unknown',
        queue: h.targets.queue,
        reason: h.reason,
        summary,
        lang: rec?.lang ?? 'en',
      });
    }
    this.#bound();
    this.#emit({ type: 'handoff', id });
  }

  /** The model's judgement of the caller's mood this turn. */
  sentiment(id: string, s: Omit<SentimentRecord, 'at'>): void {
    const rec = this.#records.get(id);
    if (!rec) return;
    rec.sentiments.push({ ...s, at: this.#now() });
    if (rec.sentiments.length > MAX_SENTIMENTS) rec.sentiments.shift();
    this.#emit({ type: 'sentiment', id });
  }

  /** A flight search of the session finished: it found offers, or it failed. */
  flightSearch(id: string, outcome: 'succeeded' | 'failed'): void {
    const rec = this.#records.get(id);
    if (rec) rec.flightSearches[outcome]++;
  }

  /** A tool call of the session started (`running`) or ended: the console lists the running one. */
  tool(id: string, call: { call: string; tool: string; running: boolean }): void {
    const rec = this.#records.get(id);
    if (!rec || rec.endedAt !== undefined) return;
    const had = rec.tools.at(-1)?.tool;
    rec.tools = rec.tools.filter((t) => t.call !== call.call);
    if (call.running) rec.tools.push({ call: call.call, tool: call.tool });
    if (rec.tools.at(-1)?.tool !== had) this.#emit({ type: 'tool', id });
  }

  /**
   * A turn's latency breakdown, as the process's LatencyMetrics composed it from the session's
   * metrics (the same voice-to-voice figure `/metrics` counts).
   */
  turnLatency(id: string, t: TurnLatency): void {
    const rec = this.#records.get(id);
    if (!rec || rec.endedAt !== undefined) return;
    rec.voiceToVoiceMs.push(t.voiceToVoiceMs);
    if (rec.voiceToVoiceMs.length > MAX_TIMED_TURNS) rec.voiceToVoiceMs.shift();
    rec.latencies.push(t);
    if (rec.latencies.length > MAX_TURN_BREAKDOWNS) rec.latencies.shift();
    this.#emit({ type: 'latency', id, latency: t });
  }

  /** The history's sessions, live ones included (ended first, oldest ending first). */
  historyEntries(): HistoryEntry[] {
    return [...this.history.ended(), ...this.live().map(historyEntry)];
  }

  /** Calls `listener` after every write (the console's live view); returns the unsubscriber. */
  onChange(listener: (change: StoreChange, record: SessionRecord | undefined) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Sessions not yet ended, oldest first. */
  live(): SessionRecord[] {
    return [...this.#records.values()].filter((r) => r.endedAt === undefined);
  }

  #emit(change: StoreChange): void {
    const rec = this.#records.get(change.id);
    for (const l of this.#listeners) l(change, rec);
  }

  /** Handoffs since the process started, per reason (every reason, zeros included). */
  handoffCounts(): HandoffCount[] {
    return HANDOFF_REASONS.map((reason) => ({
      reason,
      handedOff: this.#handedOff.get(reason) ?? 0,
      unavailable: this.#unavailable.get(reason) ?? 0,
    }));
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
        const size = LINE_OVERHEAD + (line.text.length + citationChars(line.citations)) * 2;
        rec.bytes -= size;
        this.#bytes -= size;
      }
      if (this.#bytes <= this.#opts.maxBytes) return;
    }
  }
}

function citationChars(citations: TranscriptLine['citations']): number {
  let n = 0;
  for (const c of citations ?? [])
    n += c.title.length + (c.section?.length ?? 0) + (c.url?.length ?? 0);
  return n;
}

function historyEntry(r: SessionRecord): HistoryEntry {
  return {
    id: r.id,
    partner: r.partner,
    runtime: r.runtime,
    startedAt: r.startedAt,
    endedAt: r.endedAt,
    endReason: r.endReason,
    languages: [...r.languages],
    turns: r.turns,
    handoffs: r.handoffs.map((h) => h.reason),
    flightSearches: { ...r.flightSearches },
    voiceToVoiceMs: [...r.voiceToVoiceMs],
    mood: r.sentiments.at(-1)?.sentiment,
  };
}
