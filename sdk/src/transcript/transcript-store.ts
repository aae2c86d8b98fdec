/**
 * The conversation as the widget shows it: ordered by turn and segment identity, never by
 * arrival time. A user turn sorts before the reply it caused even when its final text arrives
 * after the reply started; interim text updates its segment in place.
 */
import type { TranscriptSegment } from '../protocol/messages.js';

export interface TranscriptEntry extends TranscriptSegment {
  /** Arrival order of the segment's first update, the last tie-breaker. */
  order: number;
}

const ROLE_RANK = { user: 0, assistant: 1 } as const;

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
    this.#byId.set(segment.id, entry);
    this.#sorted = [...this.#byId.values()].sort(compare);
    return entry;
  }

  get entries(): readonly TranscriptEntry[] {
    return this.#sorted;
  }

  clear(): void {
    this.#byId.clear();
    this.#sorted = [];
  }
}

function compare(a: TranscriptEntry, b: TranscriptEntry): number {
  return a.turn - b.turn || ROLE_RANK[a.role] - ROLE_RANK[b.role] || a.order - b.order;
}
