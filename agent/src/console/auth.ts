/**
 * Console sign-in: operator accounts checked against their scrypt hashes, sign-ins rate-limited
 * per address and per username, and signed-in sessions held in memory behind an HttpOnly,
 * SameSite=Strict cookie. Each session has its own CSRF token, which every state-changing
 * request must echo in a header (compared in constant time) from one of the server's own origins.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { RateLimiter } from '../server/rate-limit.js';
import type { AuditLog } from './audit.js';
import { DECOY_HASH, verifyPassword, type Operator } from './operators.js';

export const COOKIE_NAME = 'polyglot_console';
export const CSRF_HEADER = 'x-polyglot-csrf';

export interface ConsoleSession {
  id: string;
  operator: Operator;
  csrf: string;
  expiresAt: number;
}

export interface ConsoleAuthOptions {
  operators: readonly Operator[];
  audit: AuditLog;
  /** A signed-in session lasts this long (default 8 h: one shift). */
  ttlMs?: number;
  /** Sign-in attempts per minute: per username (default 5), per address (four times that). */
  attemptsPerMinute?: number;
  now?: () => number;
}

export type SignInResult =
  | { ok: true; session: ConsoleSession }
  | { ok: false; status: 401 | 429; message: string };

export class ConsoleAuth {
  #byName: Map<string, Operator>;
  #sessions = new Map<string, ConsoleSession>();
  #opts: ConsoleAuthOptions;
  #now: () => number;
  #perAddress: RateLimiter;
  #perUser: RateLimiter;
  readonly ttlMs: number;

  constructor(opts: ConsoleAuthOptions) {
    this.#opts = opts;
    this.#now = opts.now ?? Date.now;
    this.ttlMs = opts.ttlMs ?? 8 * 3_600_000;
    this.#byName = new Map(opts.operators.map((o) => [o.username, o]));
    const rate = opts.attemptsPerMinute ?? 5;
    // An office shares one address: it gets room for a few colleagues' attempts.
    this.#perAddress = new RateLimiter(4 * rate, (4 * rate) / 60_000, this.#now);
    this.#perUser = new RateLimiter(rate, rate / 60_000, this.#now);
  }

  async signIn(username: string, password: string, address: string): Promise<SignInResult> {
    const actor = username.slice(0, 64);
    if (!this.#perAddress.take(address) || !this.#perUser.take(actor)) {
      this.#opts.audit.record({
        actor,
        action: 'sign-in',
        outcome: 'refused',
        detail: 'rate limited',
      });
      return { ok: false, status: 429, message: 'Too many sign-in attempts; wait a minute.' };
    }
    const operator = this.#byName.get(username);
    // An unknown name costs the same scrypt work as a wrong password: timing says nothing.
    const good = await verifyPassword(password, operator?.passwordHash ?? DECOY_HASH);
    if (!operator || !good) {
      this.#opts.audit.record({
        actor,
        action: 'sign-in',
        outcome: 'refused',
        detail: 'bad credentials',
      });
      return { ok: false, status: 401, message: 'Wrong username or password.' };
    }
    const session: ConsoleSession = {
      id: randomBytes(32).toString('base64url'),
      operator,
      csrf: randomBytes(32).toString('base64url'),
      expiresAt: this.#now() + this.ttlMs,
    };
    this.#sweep();
    this.#sessions.set(session.id, session);
    this.#opts.audit.record({ actor, action: 'sign-in', outcome: 'ok' });
    return { ok: true, session };
  }

  /** The signed-in session the request's cookie names, if it is current. */
  fromRequest(req: IncomingMessage): ConsoleSession | undefined {
    const id = readCookie(req.headers.cookie, COOKIE_NAME);
    if (!id) return undefined;
    const s = this.#sessions.get(id);
    if (!s) return undefined;
    if (s.expiresAt <= this.#now()) {
      this.#sessions.delete(id);
      return undefined;
    }
    return s;
  }

  /** Does the request carry the session's CSRF token? */
  csrfMatches(req: IncomingMessage, session: ConsoleSession): boolean {
    const header = req.headers[CSRF_HEADER];
    const given = Buffer.from(typeof header === 'string' ? header : '');
    const want = Buffer.from(session.csrf);
    return given.length === want.length && timingSafeEqual(given, want);
  }

  signOut(session: ConsoleSession): void {
    this.#sessions.delete(session.id);
    this.#opts.audit.record({
      actor: session.operator.username,
      action: 'sign-out',
      outcome: 'ok',
    });
  }

  #sweep(): void {
    const t = this.#now();
    for (const [id, s] of this.#sessions) if (s.expiresAt <= t) this.#sessions.delete(id);
  }
}

/** One cookie's value from a Cookie header. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** The Set-Cookie value for a signed-in session (`secure`: off only on plain-http loopback). */
export function sessionCookie(id: string, maxAgeMs: number, secure: boolean): string {
  return [
    `${COOKIE_NAME}=${id}`,
    'Path=/console',
    'HttpOnly',
    'SameSite=Strict',
    `Max-Age=${Math.floor(maxAgeMs / 1000)}`,
    ...(secure ? ['Secure'] : []),
  ].join('; ');
}
