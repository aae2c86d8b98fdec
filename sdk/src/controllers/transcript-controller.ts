/**
 * The conversation as the widget shows it: transcript segments, tool progress and flight cards,
 * ordered by turn and identity (TranscriptStore), across reconnects.
 *
 * A resumed session starts its own segment ids and turns from zero, so each session after the
 * first is an "epoch": its ids are prefixed and its turns offset past everything shown so far.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { isFlightOffer, type FlightOffer } from '../protocol/flight-offer.js';
import type {
  FlightResultsMessage,
  KnowledgeCitation,
  KnowledgeMessage,
  SegmentRole,
  ToolActivityMessage,
  TranscriptSegment,
} from '../protocol/messages.js';
import type { CitationsEntry } from '../components/citations/citations.js';
import type { Clock } from '../time/clock.js';
import { compare, TranscriptStore, type TranscriptEntry } from '../transcript/transcript-store.js';

export interface ToolEntry {
  id: string;
  tool: string;
  status: ToolActivityMessage['status'];
  provider?: string | undefined;
  startedAt: number;
  endedAt?: number | undefined;
}

export interface FlightResultsEntry {
  id: string;
  provider: string;
  query: Record<string, unknown>;
  offers: FlightOffer[];
}

interface Placed {
  turn: number;
  role: 'assistant';
  order: number;
}

export type ConversationItem =
  | { kind: 'message'; key: string; entry: TranscriptEntry }
  | { kind: 'tool'; key: string; tool: ToolEntry }
  | { kind: 'flights'; key: string; results: FlightResultsEntry }
  | { kind: 'citations'; key: string; citations: CitationsEntry };

export class TranscriptController implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  readonly #clock: () => Clock;
  #store = new TranscriptStore();
  #tools = new Map<string, ToolEntry & Placed>();
  #flights: (FlightResultsEntry & Placed)[] = [];
  /** Sources per turn (the widget's turn numbers): one list under each answer. */
  #citations = new Map<number, CitationsEntry & Placed>();
  #epoch = 0;
  #turnOffset = 0;
  #ticker: number | undefined;

  constructor(host: ReactiveControllerHost, clock: () => Clock) {
    this.#host = host;
    this.#clock = clock;
    host.addController(this);
  }

  /** Transcript segments in display order (what `el.transcript` returns). */
  get segments(): readonly TranscriptEntry[] {
    return this.#store.entries;
  }

  /** Everything shown in the conversation, in order. */
  get items(): ConversationItem[] {
    const placed: {
      turn: number;
      role: SegmentRole;
      order: number;
      item: ConversationItem;
    }[] = this.#store.entries.map((entry) => ({
      turn: entry.turn,
      role: entry.role,
      order: entry.order,
      item: { kind: 'message', key: `m:${entry.id}`, entry },
    }));
    for (const t of this.#tools.values())
      placed.push({ ...t, item: { kind: 'tool', key: `t:${t.id}`, tool: t } });
    for (const f of this.#flights)
      placed.push({ ...f, item: { kind: 'flights', key: `f:${f.id}`, results: f } });
    for (const c of this.#citations.values())
      placed.push({ ...c, item: { kind: 'citations', key: `c:${c.id}`, citations: c } });
    return placed.sort(compare).map((p) => p.item);
  }

  get toolsRunning(): number {
    let n = 0;
    for (const t of this.#tools.values()) if (t.status === 'started') n++;
    return n;
  }

  /** Call when a new session resumes the conversation (after a drop, or Retry). */
  beginEpoch(): void {
    if (
      this.#store.entries.length === 0 &&
      this.#tools.size === 0 &&
      !this.#flights.length &&
      !this.#citations.size
    )
      return;
    this.#epoch++;
    this.#turnOffset = this.#lastTurn() + 1;
  }

  #lastTurn(): number {
    let last = this.#store.lastTurn;
    for (const t of this.#tools.values()) last = Math.max(last, t.turn);
    for (const f of this.#flights) last = Math.max(last, f.turn);
    for (const c of this.#citations.values()) last = Math.max(last, c.turn);
    return last;
  }

  #id(id: string): string {
    return this.#epoch ? `${this.#epoch}~${id}` : id;
  }

  #place(turn: number | undefined): Placed {
    return {
      turn:
        turn === undefined ? Math.max(this.#lastTurn(), this.#turnOffset) : turn + this.#turnOffset,
      role: 'assistant',
      order: this.#store.nextOrder(),
    };
  }

  /** Applies a segment update; returns it as the widget now shows it. */
  applySegment(segment: TranscriptSegment): TranscriptEntry {
    const entry = this.#store.apply({
      ...segment,
      id: this.#id(segment.id),
      turn: segment.turn + this.#turnOffset,
    });
    this.#host.requestUpdate();
    return entry;
  }

  /** Barge-in: mark the reply being played as cut. */
  markInterrupted(): void {
    if (this.#store.markInterrupted()) this.#host.requestUpdate();
  }

  applyTool(m: ToolActivityMessage): void {
    const id = this.#id(m.id);
    const now = this.#clock().now();
    const existing = this.#tools.get(id);
    const entry = existing ?? {
      ...this.#place(m.turn),
      id,
      tool: m.tool,
      status: m.status,
      startedAt: now,
    };
    entry.status = m.status;
    if (m.provider) entry.provider = m.provider;
    if (m.status !== 'started') entry.endedAt = now;
    this.#tools.set(id, entry);
    this.#syncTicker();
    this.#host.requestUpdate();
  }

  /** Adds a result set; returns the offers the cards can show (malformed ones are skipped). */
  applyFlights(m: FlightResultsMessage): FlightResultsEntry {
    const entry = {
      ...this.#place(m.turn),
      id: this.#id(m.id),
      provider: m.provider,
      query: m.query,
      offers: m.offers.filter(isFlightOffer),
    };
    this.#flights = [...this.#flights.filter((f) => f.id !== entry.id), entry];
    this.#host.requestUpdate();
    return entry;
  }

  /**
   * Adds the sources of a knowledge search to its turn's list (each source once). The list sorts
   * after every line of its turn, so it sits under the answer even though the search comes first.
   */
  applyCitations(m: KnowledgeMessage): CitationsEntry {
    const placed = this.#place(m.turn);
    const entry = this.#citations.get(placed.turn) ?? {
      ...placed,
      order: Number.MAX_SAFE_INTEGER,
      id: String(placed.turn),
      citations: [],
    };
    const key = (c: KnowledgeCitation) => JSON.stringify([c.title, c.section, c.url]);
    const seen = new Set(entry.citations.map(key));
    entry.citations = [...entry.citations, ...m.citations.filter((c) => !seen.has(key(c)))];
    this.#citations.set(placed.turn, entry);
    this.#host.requestUpdate();
    return { id: entry.id, citations: entry.citations };
  }

  /** A tool still running when its session ended will never finish. */
  abandonTools(): void {
    const now = this.#clock().now();
    for (const t of this.#tools.values())
      if (t.status === 'started') Object.assign(t, { status: 'failed', endedAt: now });
    this.#syncTicker();
  }

  clear(): void {
    this.#store.clear();
    this.#tools.clear();
    this.#flights = [];
    this.#citations.clear();
    this.#epoch = this.#turnOffset = 0;
    this.#syncTicker();
    this.#host.requestUpdate();
  }

  /** Re-renders once a second while a tool runs, so its elapsed time moves. */
  #syncTicker(): void {
    const clock = this.#clock();
    if (this.toolsRunning > 0 && this.#ticker === undefined)
      this.#ticker = clock.setInterval(() => this.#host.requestUpdate(), 1000);
    else if (this.toolsRunning === 0 && this.#ticker !== undefined) {
      clock.clearInterval(this.#ticker);
      this.#ticker = undefined;
    }
  }

  hostDisconnected(): void {
    if (this.#ticker !== undefined) this.#clock().clearInterval(this.#ticker);
    this.#ticker = undefined;
  }
}
