/**
 * Short-lived, HMAC-signed session tokens for the local runtime's WebSocket.
 * Format: base64url(JSON payload) + '.' + base64url(HMAC-SHA256(payload)).
 */
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';

export const TOKEN_TTL_MS = 10 * 60_000;

export interface SessionClaims {
  sid: string;
  partner: string;
  origin: string | null;
  lang: string | undefined;
  /** Expiry, ms since the epoch. */
  exp: number;
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
  if (typeof claims.exp !== 'number' || claims.exp <= now) return { ok: false, reason: 'expired' };
  return { ok: true, claims };
}

function sign(secret: Buffer, body: string): string {
  return createHmac('sha256', secret).update(body).digest('base64url');
}
