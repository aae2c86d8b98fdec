/**
 * Short-lived, HMAC-signed session tokens for the local runtime's WebSocket.
 * Format: base64url(JSON payload) + '.' + base64url(HMAC-SHA256(payload)).
 *
 * Two kinds share the format: a session token from `POST /api/session`, and a resume token the
 * server hands a session in `ready` so the widget can continue it after a dropped connection
 * (`resumes` names that session). Both are single use; the admission (admission.ts) enforces it,
 * since a signature alone cannot say whether a token was already spent.
 */
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';

export const TOKEN_TTL_MS = 10 * 60_000;
/**
 * A resume token's signed lifetime. It is only a backstop: the admission accepts one while its
 * session is open or within RESUME_WINDOW_MS of its end, once; a conversation longer than this
 * resumes with a fresh session token instead.
 */
export const RESUME_TOKEN_TTL_MS = 12 * 3_600_000;

export interface SessionClaims {
  /** The token's own id, unique per token: the admission records it once used. */
  sid: string;
  partner: string;
  origin: string | null;
  lang: string | undefined;
  /** Expiry, ms since the epoch. */
  exp: number;
  /** On a resume token only: the id of the session it continues. */
  resumes?: string | undefined;
}

export function issueToken(
  secret: Buffer,
  claims: Omit<SessionClaims, 'sid' | 'exp'>,
  now = Date.now(),
): { token: string; claims: SessionClaims } {
  const full: SessionClaims = { ...claims, sid: randomUUID(), exp: now + TOKEN_TTL_MS };
  const body = Buffer.from(JSON.stringify(full)).toString('base64url');
  return { token: `${body}.${sign(secret, body)}`, claims: full };
}

/** A resume token for session `session`, carrying that session's partner, origin and language. */
export function issueResumeToken(
  secret: Buffer,
  session: string,
  claims: Pick<SessionClaims, 'partner' | 'origin' | 'lang'>,
  now = Date.now(),
): string {
  const full: SessionClaims = {
    partner: claims.partner,
    origin: claims.origin,
    lang: claims.lang,
    sid: randomUUID(),
    exp: now + RESUME_TOKEN_TTL_MS,
    resumes: session,
  };
  const body = Buffer.from(JSON.stringify(full)).toString('base64url');
  return `${body}.${sign(secret, body)}`;
}

export type TokenCheck = { ok: true; claims: SessionClaims } | { ok: false; reason: string };

export function verifyToken(secret: Buffer, token: string, now = Date.now()): TokenCheck {
  const [body, sig, extra] = token.split('.');
  if (!body || !sig || extra !== undefined) return { ok: false, reason: 'malformed token' };
  const expected = Buffer.from(sign(secret, body));
  const given = Buffer.from(sig);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    return { ok: false, reason: 'bad signature' };
  }
  let claims: SessionClaims;
  try {
    claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as SessionClaims;
  } catch {
    return { ok: false, reason: 'malformed token' };
  }
  if (typeof claims !== 'object' || claims === null || typeof claims.sid !== 'string') {
    return { ok: false, reason: 'malformed token' };
  }
  if (typeof claims.exp !== 'number' || claims.exp <= now) return { ok: false, reason: 'expired' };
  return { ok: true, claims };
}

function sign(secret: Buffer, body: string): string {
  return createHmac('sha256', secret).update(body).digest('base64url');
}
