/**
 * The operator console's queue of conversations handed to a person, in memory like the rest of
 * the process's state. A partner whose handoff targets name a `queue` gets an entry here each time
 * its assistant calls `transfer_to_human`; the console (a later issue) reads `waiting()` and
 * claims an entry with `take()`. Entries are per process (per ECS task), as every other record.
 */
import type { QueuedHandoff } from '../../../sdk/src/protocol/console.js';

/** What the console reads. */
export interface HandoffQueueReader {
  /** Entries no one has taken, oldest first; optionally one partner's, or one queue's. */
  waiting(filter?: { partner?: string; queue?: string }): QueuedHandoff[];
  /** Claims an entry for a person: it leaves the queue. Undefined when gone or taken. */
  take(ticket: string): QueuedHandoff | undefined;
}

export interface HandoffQueueOptions {
  /** Most entries kept; beyond it the oldest waiting entry is dropped (and counted). */
  maxEntries: number;
  /** An entry whose session ended this long ago is dropped: nobody is left to take over. */
  endedTtlMs: number;
  now?: () => number;
}

export class HandoffQueue implements HandoffQueueReader {
  #entries = new Map<string, QueuedHandoff>();
  #opts: HandoffQueueOptions;
  #now: () => number;
  dropped = 0;

  constructor(opts: HandoffQueueOptions) {
    this.#opts = opts;
    this.#now = opts.now ?? Date.now;
  }

  /** Queues a session (again: its entry is replaced, keeping its place). */
  enqueue(e: Omit<QueuedHandoff, 'ticket' | 'queuedAt' | 'sessionEndedAt'>): QueuedHandoff {
    this.#sweep();
    const previous = this.#entries.get(e.sessionId);
    const entry: QueuedHandoff = {
      ...e,
      ticket: e.sessionId,
      queuedAt: previous?.queuedAt ?? this.#now(),
      sessionEndedAt: undefined,
    };
    this.#entries.set(entry.ticket, entry);
    for (const ticket of this.#entries.keys()) {
      if (this.#entries.size <= this.#opts.maxEntries) break;
      this.#entries.delete(ticket);
      this.dropped++;
    }
    return entry;
  }

  /** The caller's session ended: its entry stays a while for the console to see, then goes. */
  sessionEnded(sessionId: string): void {
    const e = this.#entries.get(sessionId);
    if (e && e.sessionEndedAt === undefined) e.sessionEndedAt = this.#now();
  }

  waiting(filter: { partner?: string; queue?: string } = {}): QueuedHandoff[] {
    this.#sweep();
    return [...this.#entries.values()].filter(
      (e) =>
        (filter.partner === undefined || e.partner === filter.partner) &&
        (filter.queue === undefined || e.queue === filter.queue),
    );
  }

  take(ticket: string): QueuedHandoff | undefined {
    this.#sweep();
    const e = this.#entries.get(ticket);
    this.#entries.delete(ticket);
    return e;
  }

  get size(): number {
    return this.#entries.size;
  }

  #sweep(): void {
    const cutoff = this.#now() - this.#opts.endedTtlMs;
    for (const [ticket, e] of this.#entries) {
      if (e.sessionEndedAt !== undefined && e.sessionEndedAt <= cutoff)
        this.#entries.delete(ticket);
    }
  }
}
