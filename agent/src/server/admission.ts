/**
 * Admission to the local runtime, on the main thread: who gets a session slot, and when it is
 * given back.
 *
 * - A socket that has not sent its hello is *pending*: it holds no slot. Pending sockets have
 *   their own, tighter limits (per client address, and in all: the oldest goes when full) and a
 *   short deadline for the hello. A few addresses opening sockets and saying nothing once filled
 *   every slot.
 * - At a valid hello the session is admitted, or refused, here: the token's signature, expiry,
 *   page origin and partner; single use (a token opens one session; a resume token continues its
 *   session once); the server's session cap; the partner's concurrency and session rate. Quotas
 *   checked only when a token was issued could be outrun by tokens issued earlier or replayed.
 * - A session's slot is given back the moment its socket starts closing, from either side; its
 *   teardown (agent session, provider sockets) goes on in the background, counted separately and
 *   bounded in number and time.
 *
 * Session threads (shards.ts) host admitted sessions only: this all stays on the main thread,
 * where every socket arrives. Everything is in memory and per process (TODOS.md).
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { WebSocket } from 'ws';
import {
  CloseCode,
  PROTOCOL_VERSION,
  RESUME_WINDOW_MS,
  type ErrorCode,
  type HelloMessage,
  type ServerMessage,
} from '../../../sdk/src/protocol/messages.js';
import type { Config } from '../config.js';
import type { Partner } from '../partners.js';
import { parseClientMessage } from '../runtimes/local/protocol.js';
import { RateLimiter } from './rate-limit.js';
import { issueResumeToken, verifyToken, type SessionClaims } from './tokens.js';
import { UsedTokens } from './used-tokens.js';

/** What the runtime is handed for an admitted session (plain data: it crosses to threads). */
export interface AdmittedSession {
  sessionId: string;
  hello: HelloMessage;
  /** The checked token's claims (a resume token's name the session it continues). */
  claims: SessionClaims;
  /** Origin of the page that opened the socket (null for non-browser clients). */
  origin: string | null;
  /** Sent in `ready`: continues this session after a dropped connection. */
  resumeToken: string;
}

export interface AdmissionOptions {
  config: Pick<
    Config,
    | 'maxSessions'
    | 'sessionSecret'
    | 'partners'
    | 'helloTimeoutMs'
    | 'pendingSocketsPerIp'
    | 'pendingSockets'
  >;
  logger: Logger;
  /** Clock for token expiry, rates and the resume window (tests inject one). */
  now?: () => number;
  /** Overrides `config.helloTimeoutMs` (tests). */
  helloTimeoutMs?: number;
  /** Hosts an admitted session: from here on the socket is the session's. */
  open(ws: WebSocket, session: AdmittedSession): void;
}

/** How long a closing session's teardown may run before it stops counting (and is logged). */
export const TEARDOWN_BOUND_MS = 10_000;
/**
 * Sessions tearing down, as a multiple of the session cap, beyond which new sessions wait. Not 1:
 * after a network blip every caller may resume at once while their old sessions still close.
 */
export const TEARDOWN_LIMIT_FACTOR = 2;
/** Malformed or early messages a socket may send before its hello. */
const MAX_PENDING_STRIKES = 8;
/** Ended sessions remembered for resuming; beyond it the oldest can no longer be resumed. */
const MAX_RESUMABLE = 50_000;

export type RefusalReason =
  | 'pending_limit'
  | 'pending_evicted'
  | 'hello_timeout'
  | 'bad_message'
  | 'protocol_version'
  | 'bad_token'
  | 'token_used'
  | 'session_limit'
  | 'teardown_limit'
  | 'partner_limit'
  | 'rate_limited';

interface Pending {
  ws: WebSocket;
  address: string;
  origin: string | null;
  timer: NodeJS.Timeout;
  strikes: number;
  detach(): void;
}

interface SessionRecord {
  id: string;
  partner: string;
  origin: string | null;
  /** Its socket while it holds a slot (a resume closes the session it continues). */
  ws: WebSocket | undefined;
  /** When its slot was given back. */
  releasedAt: number | undefined;
  resumed: boolean;
  watchdog: NodeJS.Timeout | undefined;
}

export class Admission {
  readonly #opts: AdmissionOptions;
  readonly #now: () => number;
  readonly #log: Logger;
  /** Sockets without a hello yet, oldest first. */
  #pending = new Map<WebSocket, Pending>();
  #pendingPerAddress = new Map<string, number>();
  /** Sessions holding a slot. */
  #live = new Map<string, SessionRecord>();
  #livePerPartner = new Map<string, number>();
  /** Sessions that gave their slot back and are still tearing down. */
  #closing = new Map<string, SessionRecord>();
  /** Sessions that gave their slot back, in that order: resumable for RESUME_WINDOW_MS. */
  #released = new Map<string, SessionRecord>();
  #used: UsedTokens;
  #partnerRates = new Map<string, RateLimiter>();
  #refused = new Map<RefusalReason, number>();
  #admitted = 0;

  constructor(opts: AdmissionOptions) {
    this.#opts = opts;
    this.#now = opts.now ?? Date.now;
    this.#log = opts.logger;
    this.#used = new UsedTokens(this.#now);
  }

  /** Sessions holding a slot. */
  get live(): number {
    return this.#live.size;
  }

  /** Sockets open without a hello yet. */
  get pending(): number {
    return this.#pending.size;
  }

  /** Sessions that gave their slot back and are still tearing down. */
  get closing(): number {
    return this.#closing.size;
  }

  /** Sessions admitted since start. */
  get admitted(): number {
    return this.#admitted;
  }

  /** Refusals since start, by reason. */
  refusals(): ReadonlyMap<RefusalReason, number> {
    return this.#refused;
  }

  /** May `address` open one more socket? (Checked before the upgrade, to refuse it cheaply.) */
  pendingAllowed(address: string): boolean {
    return (this.#pendingPerAddress.get(address) ?? 0) < this.#opts.config.pendingSocketsPerIp;
  }

  /** A socket just opened: it waits for its hello, holding no session slot. */
  accept(ws: WebSocket, peer: { origin: string | null; address: string }): void {
    const { config } = this.#opts;
    if (!this.pendingAllowed(peer.address)) {
      this.#count('pending_limit');
      refuse(
        ws,
        'session_limit',
        'Too many connections from this address are waiting to start; try again shortly.',
        CloseCode.sessionLimit,
      );
      return;
    }
    if (this.#pending.size >= config.pendingSockets) {
      // Full: the oldest goes. A real caller sends its hello within a round trip of opening, so
      // a flood must open more than the whole pool in that time to push it out.
      const oldest = this.#pending.values().next().value;
      if (oldest) {
        this.#count('pending_evicted');
        this.#refusePending(
          oldest,
          'hello_timeout',
          'The server is busy; connect again and send hello at once.',
          CloseCode.protocolError,
        );
      }
    }
    const onMessage = (data: Buffer, isBinary: boolean) =>
      this.#onPendingMessage(p, data, isBinary);
    const onClose = () => this.#removePending(p);
    const p: Pending = {
      ws,
      address: peer.address,
      origin: peer.origin,
      strikes: 0,
      timer: setTimeout(() => {
        this.#count('hello_timeout');
        this.#refusePending(
          p,
          'hello_timeout',
          'No hello message received in time.',
          CloseCode.protocolError,
        );
      }, this.#opts.helloTimeoutMs ?? config.helloTimeoutMs),
      detach: () => {
        ws.off('message', onMessage);
        ws.off('close', onClose);
      },
    };
    ws.on('message', onMessage);
    ws.on('close', onClose);
    // Stays for the socket's life: `ws` throws an 'error' nobody listens to.
    ws.on('error', (err: Error) => this.#log.debug({ err: err.message }, 'socket error'));
    this.#pending.set(ws, p);
    this.#pendingPerAddress.set(p.address, (this.#pendingPerAddress.get(p.address) ?? 0) + 1);
  }

  #onPendingMessage(p: Pending, data: Buffer, isBinary: boolean): void {
    if (isBinary) {
      // Audio before the hello is dropped, as a session drops audio before it is ready.
      this.#strike(p, undefined);
      return;
    }
    const parsed = parseClientMessage(data.toString('utf8'));
    if (!parsed.ok) {
      this.#strike(p, `Malformed message: ${parsed.reason}.`);
      return;
    }
    const msg = parsed.message;
    if (msg.type === 'hello') this.#hello(p, msg);
    else if (msg.type === 'ping') send(p.ws, { type: 'pong', t: msg.t });
    else this.#strike(p, 'Send hello before anything else.');
  }

  /** A message a session would answer with a non-fatal error; enough of them close the socket. */
  #strike(p: Pending, message: string | undefined): void {
    if (++p.strikes > MAX_PENDING_STRIKES) {
      this.#count('bad_message');
      this.#refusePending(p, 'bad_message', 'Send hello first.', CloseCode.protocolError);
      return;
    }
    if (message) send(p.ws, { type: 'error', code: 'bad_message', message, fatal: false });
  }

  #hello(p: Pending, hello: HelloMessage): void {
    const { config } = this.#opts;
    const no = (reason: RefusalReason, code: ErrorCode, message: string, close: number) => {
      this.#count(reason);
      this.#refusePending(p, code, message, close);
    };
    if (hello.protocol !== PROTOCOL_VERSION) {
      return no(
        'protocol_version',
        'protocol_version',
        `Protocol ${hello.protocol} is not supported; this server speaks ${PROTOCOL_VERSION}.`,
        CloseCode.protocolError,
      );
    }
    const now = this.#now();
    const check = verifyToken(config.sessionSecret, hello.token, now);
    if (!check.ok) {
      return no(
        'bad_token',
        'bad_token',
        `Session token rejected (${check.reason}).`,
        CloseCode.badToken,
      );
    }
    const claims = check.claims;
    // A token is bound to the page origin it was issued to: it cannot be replayed from another.
    if (claims.origin && p.origin && claims.origin !== p.origin) {
      return no(
        'bad_token',
        'bad_token',
        'Session token rejected (issued to another origin).',
        CloseCode.badToken,
      );
    }
    const partner = config.partners.get(claims.partner);
    if (!partner) {
      return no(
        'bad_token',
        'bad_token',
        'Session token rejected (unknown partner).',
        CloseCode.badToken,
      );
    }

    let continues: SessionRecord | undefined;
    if (claims.resumes !== undefined) {
      this.#pruneReleased(now);
      continues = this.#live.get(claims.resumes) ?? this.#released.get(claims.resumes);
      if (
        !continues ||
        continues.partner !== claims.partner ||
        continues.origin !== claims.origin
      ) {
        return no(
          'bad_token',
          'bad_token',
          'This conversation can no longer be resumed; start a new one.',
          CloseCode.badToken,
        );
      }
      if (continues.resumed) {
        return no(
          'token_used',
          'token_used',
          'This conversation was already resumed on another connection.',
          CloseCode.tokenUsed,
        );
      }
    } else if (this.#used.has(claims.sid)) {
      return no(
        'token_used',
        'token_used',
        'This session token was already used; request a new session.',
        CloseCode.tokenUsed,
      );
    }

    // A session continued while still open hands its slot to its successor.
    const handsOver = continues && this.#live.has(continues.id) ? 1 : 0;
    const busy = 'The assistant is at capacity; please try again in a minute.';
    if (this.#live.size - handsOver >= config.maxSessions) {
      return no('session_limit', 'session_limit', busy, CloseCode.sessionLimit);
    }
    if (this.#closing.size >= TEARDOWN_LIMIT_FACTOR * config.maxSessions) {
      // Teardowns are piling up faster than they finish: the host is not keeping up.
      return no('teardown_limit', 'session_limit', busy, CloseCode.sessionLimit);
    }
    const partnerLive = (this.#livePerPartner.get(partner.key) ?? 0) - handsOver;
    if (
      partner.maxConcurrentSessions !== undefined &&
      partnerLive >= partner.maxConcurrentSessions
    ) {
      return no(
        'partner_limit',
        'session_limit',
        'This site has as many conversations open as its plan allows; please try again in a minute.',
        CloseCode.sessionLimit,
      );
    }
    if (continues) {
      continues.resumed = true;
      const old = continues.ws;
      if (old) {
        // The caller holds the session's own credential: its old socket is the one that dropped
        // (or it is being taken over). Close it now rather than wait for its close handshake.
        this.release(continues.id);
        old.terminate();
      }
    } else {
      if (!this.#used.hasRoom()) {
        this.#log.warn('too many session tokens in use to record another; refusing sessions');
        return no('session_limit', 'session_limit', busy, CloseCode.sessionLimit);
      }
      // Continuing a conversation is not a new session, so only fresh tokens spend the rate.
      if (!this.#partnerRate(partner).take(partner.key)) {
        return no(
          'rate_limited',
          'rate_limited',
          'This site is opening sessions faster than its plan allows; try again shortly.',
          CloseCode.sessionLimit,
        );
      }
      this.#used.add(claims.sid, claims.exp);
    }

    this.#removePending(p);
    const id = randomUUID();
    // The resume token is bound to the page that holds the session.
    const origin = p.origin ?? claims.origin;
    this.#live.set(id, {
      id,
      partner: partner.key,
      origin,
      ws: p.ws,
      releasedAt: undefined,
      resumed: false,
      watchdog: undefined,
    });
    this.#livePerPartner.set(partner.key, (this.#livePerPartner.get(partner.key) ?? 0) + 1);
    this.#admitted++;
    const resumeToken = issueResumeToken(config.sessionSecret, id, { ...claims, origin }, now);
    this.#opts.open(p.ws, { sessionId: id, hello, claims, origin: p.origin, resumeToken });
  }

  /**
   * The session's socket started closing (either side): its slot is free from now. Its teardown
   * is counted until {@link ended}, for at most {@link TEARDOWN_BOUND_MS}.
   */
  release(id: string): void {
    const rec = this.#live.get(id);
    if (!rec) return;
    this.#live.delete(id);
    const n = (this.#livePerPartner.get(rec.partner) ?? 1) - 1;
    if (n > 0) this.#livePerPartner.set(rec.partner, n);
    else this.#livePerPartner.delete(rec.partner);
    rec.ws = undefined;
    rec.releasedAt = this.#now();
    rec.watchdog = setTimeout(() => {
      if (!this.#closing.delete(id)) return;
      this.#log.warn(
        { session: id, afterMs: TEARDOWN_BOUND_MS },
        'session teardown still running; no longer counted against the teardown bound',
      );
    }, TEARDOWN_BOUND_MS);
    rec.watchdog.unref();
    this.#closing.set(id, rec);
    this.#released.set(id, rec);
    this.#pruneReleased(rec.releasedAt);
  }

  /** The session finished tearing down (or its thread died). */
  ended(id: string): void {
    this.release(id);
    const rec = this.#closing.get(id);
    if (!rec) return;
    clearTimeout(rec.watchdog);
    this.#closing.delete(id);
  }

  /** Closes every socket still waiting for its hello (server shutdown). */
  closeAll(): void {
    for (const p of [...this.#pending.values()]) {
      this.#removePending(p);
      p.ws.close(CloseCode.normal, 'bye');
    }
  }

  #partnerRate(p: Partner): RateLimiter {
    let l = this.#partnerRates.get(p.key);
    if (!l) {
      l = new RateLimiter(p.sessionsPerMinute, p.sessionsPerMinute / 60_000, this.#now);
      this.#partnerRates.set(p.key, l);
    }
    return l;
  }

  #pruneReleased(now: number): void {
    for (const [id, rec] of this.#released) {
      const stale = now - (rec.releasedAt ?? now) > RESUME_WINDOW_MS;
      if (!stale && this.#released.size <= MAX_RESUMABLE) break;
      this.#released.delete(id);
    }
  }

  #refusePending(p: Pending, code: ErrorCode, message: string, close: number): void {
    this.#removePending(p);
    refuse(p.ws, code, message, close);
  }

  #removePending(p: Pending): void {
    if (!this.#pending.delete(p.ws)) return;
    clearTimeout(p.timer);
    p.detach();
    const n = (this.#pendingPerAddress.get(p.address) ?? 1) - 1;
    if (n > 0) this.#pendingPerAddress.set(p.address, n);
    else this.#pendingPerAddress.delete(p.address);
  }

  #count(reason: RefusalReason): void {
    this.#refused.set(reason, (this.#refused.get(reason) ?? 0) + 1);
  }
}

function send(ws: WebSocket, m: ServerMessage): void {
  if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(m));
}

/** Tells the caller why, then closes (a fatal error always precedes its close code). */
function refuse(ws: WebSocket, code: ErrorCode, message: string, close: number): void {
  if (ws.listenerCount('error') === 0) ws.on('error', () => {}); // a refused socket's last words
  send(ws, { type: 'error', code, message, fatal: true });
  if (ws.readyState === ws.OPEN) ws.close(close, code);
}
