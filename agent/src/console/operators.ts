/**
 * Operator accounts for the console: who may sign in, with which role, for which partner.
 * Configured as JSON (`POLYGLOT_OPERATORS`, or a file named by `POLYGLOT_OPERATORS_FILE`);
 * passwords are kept only as scrypt hashes, made by `polyglot operator add`.
 */
import { randomBytes, scrypt, scryptSync, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

export const OPERATOR_ROLES = ['admin', 'operator'] as const;
export type OperatorRole = (typeof OPERATOR_ROLES)[number];

export interface Operator {
  username: string;
  /** `scrypt$N$r$p$salt$hash` (salt and hash base64url). */
  passwordHash: string;
  role: OperatorRole;
  /** An operator's partner: the only sessions they see. Admins see every partner's. */
  partner?: string | undefined;
}

/** scrypt cost: 2^15 × 8 × 128 B = 32 MiB and ~0.1 s per check on this project's machine. */
const COST = { N: 32_768, r: 8, p: 1 } as const;
const KEY_BYTES = 32;
const MAX_MEM = 64 * 1024 * 1024;
const HASH_PATTERN = /^scrypt\$(\d+)\$(\d+)\$(\d+)\$([\w-]{16,})\$([\w-]{32,})$/;

export class OperatorsConfigError extends Error {
  readonly code = 'operators_invalid';
  constructor(
    readonly variable: string,
    readonly issues: string[],
  ) {
    super(`${variable}: ${issues.join('; ')} (check this variable)`);
    this.name = 'OperatorsConfigError';
  }
}

/** A new hash for `password` (synchronous: for the CLI, never on a request). */
export function hashPassword(password: string): string {
  if (password.length < 12) throw new Error('a password needs at least 12 characters');
  const salt = randomBytes(16);
  const key = scryptSync(password, salt, KEY_BYTES, { ...COST, maxmem: MAX_MEM });
  return `scrypt$${COST.N}$${COST.r}$${COST.p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

/** Whether `password` matches `stored`; off the event loop (libuv's pool), constant-time. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const m = HASH_PATTERN.exec(stored);
  if (!m) return false;
  const [, n, r, p, salt, hash] = m;
  const want = Buffer.from(hash!, 'base64url');
  const got = await new Promise<Buffer>((ok, fail) =>
    scrypt(
      password,
      Buffer.from(salt!, 'base64url'),
      want.length,
      { N: Number(n), r: Number(r), p: Number(p), maxmem: MAX_MEM },
      (err, key) => (err ? fail(err) : ok(key)),
    ),
  );
  return got.length === want.length && timingSafeEqual(got, want);
}

/** Checked against when the username is unknown, so a miss takes as long as a wrong password. */
export const DECOY_HASH = `scrypt$${COST.N}$${COST.r}$${COST.p}$${'A'.repeat(22)}$${'A'.repeat(43)}`;

const OperatorSchema = z
  .object({
    username: z
      .string()
      .regex(/^[\w.@-]{1,64}$/, 'letters, digits and . _ @ - only, at most 64 characters'),
    passwordHash: z
      .string()
      .regex(HASH_PATTERN, 'a scrypt hash from `polyglot operator add`, not a password'),
    role: z.enum(OPERATOR_ROLES),
    partner: z.string().min(1).optional(),
  })
  .strict();

/**
 * Parses the accounts; `partnerKeys` are the configured partners, which an operator's
 * `partner` must name (an admin's must be absent: admins see every partner).
 */
export function parseOperators(
  text: string,
  variable: string,
  partnerKeys: ReadonlySet<string>,
): Operator[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new OperatorsConfigError(variable, [`not valid JSON (${(err as Error).message})`]);
  }
  const parsed = z.array(OperatorSchema).safeParse(json);
  if (!parsed.success) {
    throw new OperatorsConfigError(
      variable,
      parsed.error.issues.map((i) => `${i.path.join('.') || 'the list'}: ${i.message}`),
    );
  }
  const issues: string[] = [];
  const seen = new Set<string>();
  parsed.data.forEach((o, i) => {
    if (seen.has(o.username)) issues.push(`${i}: username "${o.username}" appears twice`);
    seen.add(o.username);
    if (o.role === 'operator' && !o.partner)
      issues.push(`${i}: an operator needs the partner whose sessions they see`);
    if (o.role === 'operator' && o.partner && !partnerKeys.has(o.partner))
      issues.push(`${i}: no partner has the key "${o.partner}"`);
    if (o.role === 'admin' && o.partner)
      issues.push(`${i}: an admin sees every partner; remove "partner"`);
  });
  if (issues.length) throw new OperatorsConfigError(variable, issues);
  return parsed.data;
}

/** May this operator see (and act on) the partner's sessions? */
export function canSee(operator: Pick<Operator, 'role' | 'partner'>, partner: string): boolean {
  return operator.role === 'admin' || operator.partner === partner;
}
