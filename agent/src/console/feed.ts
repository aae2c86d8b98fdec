/**
 * The console's live view, by server-sent events: each signed-in page gets a snapshot of the live
 * sessions and the handoff queue it may see whenever either changes (a session's running tool
 * included), and each new masked transcript line and timed turn of its partner's sessions as it
 * is written. No polling.
 */
import type { ServerResponse } from 'node:http';
import type {
  LatencyEvent,
  LineEvent,
  SessionSummary,
  Snapshot,
} from '../../../sdk/src/protocol/console.js';
import type { SessionRecord, SessionStore, StoreChange } from '../state/session-store.js';
import type { ConsoleSession } from './auth.js';
import { canSee } from './operators.js';

interface Client {
  res: ServerResponse;
  session: ConsoleSession;
}

export class ConsoleFeed {
  #clients = new Set<Client>();
  #store: SessionStore;
  #takenOver: ReadonlyMap<string, string>;
  #now: () => number;
  #unsubscribe: () => void;
  #heartbeat: NodeJS.Timeout;
  #pending = false;

  constructor(
    store: SessionStore,
    takenOver: ReadonlyMap<string, string>,
    now: () => number = Date.now,
  ) {
    this.#store = store;
    this.#takenOver = takenOver;
    this.#now = now;
    this.#unsubscribe = store.onChange((c, rec) => this.#onChange(c, rec));
    // A comment line now and then keeps proxies from closing an idle stream.
    this.#heartbeat = setInterval(() => {
      for (const c of this.#clients) c.res.write(': keep-alive\n\n');
    }, 15_000).unref();
  }

  /** What `session`'s operator may see now. */
  snapshot(session: ConsoleSession): Snapshot {
    const op = session.operator;
    return {
      now: this.#now(),
      sessions: this.#store
        .live()
        .filter((r) => canSee(op, r.partner))
        .map((r) => this.#summary(r)),
      queue: this.#store.queue
        .waiting(op.role === 'admin' ? {} : { partner: op.partner ?? '' })
        .filter((e) => e.sessionEndedAt === undefined),
    };
  }

  /** Starts an event stream on `res` for a signed-in operator. */
  attach(res: ServerResponse, session: ConsoleSession): void {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      'x-accel-buffering': 'no',
    });
    // An idle stream is normal here: the server's idle-socket timeout must not cut it (the
    // heartbeat below finds a client that went away).
    res.socket?.setTimeout(0);
    const client = { res, session };
    this.#clients.add(client);
    res.on('close', () => this.#clients.delete(client));
    send(res, 'snapshot', this.snapshot(session));
  }

  /** Something the store does not see changed (a take-over): every page gets a new snapshot. */
  changed(): void {
    if (this.#pending) return;
    // Writes come in bursts (a handoff is a record and a line): one snapshot per tick.
    this.#pending = true;
    queueMicrotask(() => {
      this.#pending = false;
      for (const c of this.#clients) send(c.res, 'snapshot', this.snapshot(c.session));
    });
  }

  /** Ends a signed-out operator's streams. */
  signedOut(session: ConsoleSession): void {
    for (const c of this.#clients) if (c.session.id === session.id) c.res.end();
  }

  close(): void {
    this.#unsubscribe();
    clearInterval(this.#heartbeat);
    for (const c of this.#clients) c.res.end();
    this.#clients.clear();
  }

  #onChange(change: StoreChange, record: SessionRecord | undefined): void {
    if (change.type !== 'line' && change.type !== 'latency') return this.changed();
    if (!record) return;
    if (change.type === 'line') {
      this.#toPartner(record.partner, 'line', { sessionId: change.id, line: change.line });
    } else {
      this.#toPartner(record.partner, 'latency', { sessionId: change.id, latency: change.latency });
    }
  }

  /** An event about one session, to every page allowed to see its partner. */
  #toPartner(partner: string, event: 'line', data: LineEvent): void;
  #toPartner(partner: string, event: 'latency', data: LatencyEvent): void;
  #toPartner(partner: string, event: string, data: unknown): void {
    for (const c of this.#clients) {
      if (canSee(c.session.operator, partner)) send(c.res, event, data);
    }
  }

  #summary(r: SessionRecord): SessionSummary {
    return {
      id: r.id,
      partner: r.partner,
      lang: r.lang,
      runtime: r.runtime,
      startedAt: r.startedAt,
      mood: r.sentiments.at(-1)?.sentiment,
      handoff: r.handoffs.at(-1)?.reason,
      takenOverBy: this.#takenOver.get(r.id),
      lastTurnMs: r.voiceToVoiceMs.at(-1),
      tool: r.tools.at(-1)?.tool,
    };
  }
}

function send(res: ServerResponse, event: string, data: unknown): void {
  res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}
