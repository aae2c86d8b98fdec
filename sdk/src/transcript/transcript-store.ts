/**
 * The conversation as the widget shows it: ordered by turn and segment identity, never by
 * arrival time. A user turn sorts before the reply it caused even when its final text arrives
 * after the reply started; interim text updates its segment in place.
 */
import type { SegmentRole, TranscriptSegment } from '../protocol/messages.js';

export interface TranscriptEntry extends TranscriptSegment {
  /** Arrival order of the segment's first update, the last tie-breaker. */
  order: number;
}

// A person's message follows the assistant's words of the same turn.
const ROLE_RANK = { user: 0, assistant: 1, operator: 2 } as const;

export class TranscriptStore {
  #byId = new Map<string, TranscriptEntry>();
  #arrivals = 0;
  #sorted: TranscriptEntry[] = [];

  /** Apply one segment update; returns the entry as now stored. */
  apply(segment: TranscriptSegment): TranscriptEntry {
    const existing = this.#byId.get(segment.id);
    // A final segment never regresses to interim text that arrives late.
    if (existing?.final && !segment.final) return existing;
    const entry: TranscriptEntry = { ...segment, order: existing?.order ?? this.#arrivals++ };
    // A cut the widget saw locally (audio_clear) stays marked through interim updates; the
    // server's final update decides (it says whether the audio really was cut).
    if (existing?.interrupted && !segment.final) entry.interrupted = true;
    this.#byId.set(segment.id, entry);
    this.#sorted = [...this.#byId.values()].sort(compare);
    return entry;
  }

  get entries(): readonly TranscriptEntry[] {
    return this.#sorted;
  }

  /** The highest turn seen so far (-1 when empty). */
  get lastTurn(): number {
    return this.#sorted.at(-1)?.turn ?? -1;
  }

  /** An arrival number for something placed among the segments (tool progress, cards). */
  nextOrder(): number {
    return this.#arrivals++;
  }

  /**
   * Marks the latest assistant segment as interrupted (barge-in seen by the widget before the
   * server's cut text arrives). Returns the entry, if any.
   */
  markInterrupted(): TranscriptEntry | undefined {
    let last: TranscriptEntry | undefined;
    for (const e of this.#byId.values())
      if (e.role === 'assistant' && (!last || e.order > last.order)) last = e;
    if (!last || last.interrupted) return undefined;
    const marked = { ...last, interrupted: true };
    this.#byId.set(marked.id, marked);
    this.#sorted = [...this.#byId.values()].sort(compare);
    return marked;
  }

  clear(): void {
    this.#byId.clear();
    this.#sorted = [];
  }
}

/** Orders anything placed in the conversation: by turn, then user before assistant, then arrival. */
export function compare(
  a: { turn: number; role: SegmentRole; order: number },
  b: { turn: number; role: SegmentRole; order: number },
): number {
  return a.turn - b.turn || ROLE_RANK[a.role] - ROLE_RANK[b.role] || a.order - b.order;
}
