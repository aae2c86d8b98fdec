/**
 * What operators did in the console, newest last: every sign-in (and refusal), every action on a
 * session. In memory, bounded, and each entry also logged, so the process's logs keep the record
 * past a restart.
 */
import type { Logger } from 'pino';

export interface AuditEntry {
  at: number;
  /** The username (as typed, for a refused sign-in). */
  actor: string;
  action: string;
  /** The session acted on, if any. */
  session?: string | undefined;
  outcome: 'ok' | 'refused';
  detail?: string | undefined;
}

export class AuditLog {
  #entries: AuditEntry[] = [];
  constructor(
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
    private readonly max = 10_000,
  ) {}

  record(e: Omit<AuditEntry, 'at'>): AuditEntry {
    const entry: AuditEntry = { at: this.now(), ...e };
    this.#entries.push(entry);
    if (this.#entries.length > this.max) this.#entries.shift();
    this.logger.info({ audit: entry }, `console ${e.action} by ${e.actor}: ${e.outcome}`);
    return entry;
  }

  entries(): readonly AuditEntry[] {
    return this.#entries;
  }
}
