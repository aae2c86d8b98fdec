/**
 * The session tokens that have opened a session, each kept until it expires: a token opens at
 * most one session. In memory and per process, like every other limit here (TODOS.md).
 *
 * Bounded: once full of unexpired ids it refuses to record more, and the admission then refuses
 * the session. Forgetting an id early instead would make that token replayable.
 */
export const MAX_USED_TOKENS = 100_000;
/** Expired ids are swept this often, or once a second while the ledger is full. */
const SWEEP_EVERY_MS = 60_000;
const SWEEP_WHEN_FULL_MS = 1_000;

export class UsedTokens {
  /** Token id → its expiry (ms since the epoch). */
  #used = new Map<string, number>();
  #sweptAt = 0;

  constructor(
    private readonly now: () => number = Date.now,
    private readonly max = MAX_USED_TOKENS,
  ) {}

  get size(): number {
    return this.#used.size;
  }

  has(id: string): boolean {
    const exp = this.#used.get(id);
    return exp !== undefined && exp > this.now();
  }

  /** Is there room for one more id (after dropping expired ones)? */
  hasRoom(): boolean {
    this.#sweep(this.#used.size >= this.max);
    return this.#used.size < this.max;
  }

  /** Records `id` as spent until `exp`; false when the ledger is full. */
  add(id: string, exp: number): boolean {
    if (!this.hasRoom()) return false;
    this.#used.set(id, exp);
    return true;
  }

  #sweep(force: boolean): void {
    const t = this.now();
    if (t - this.#sweptAt < (force ? SWEEP_WHEN_FULL_MS : SWEEP_EVERY_MS)) return;
    this.#sweptAt = t;
    for (const [id, exp] of this.#used) if (exp <= t) this.#used.delete(id);
  }
}
