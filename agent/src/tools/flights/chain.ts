import { type Clock, systemClock } from './clock.js';
import { allProvidersFailed, FlightError, ProviderError } from './errors.js';
import type { FlightProvider } from './providers/provider.js';
import type {
  FlightOffer,
  FlightQuery,
  FlightSearch,
  FlightSearchResult,
  ProviderAttempt,
  ProviderName,
} from './types.js';

export interface FlightSearchChainOptions {
  /** Tried in this order. */
  providers: FlightProvider[];
  /** Per-provider time limit, ms. */
  timeoutMs?: number;
  /** Consecutive failures that open a provider's circuit. */
  failureThreshold?: number;
  /** How long an open circuit skips the provider before one trial call (half-open), ms. */
  cooldownMs?: number;
  cacheTtlMs?: number;
  cacheMaxEntries?: number;
  clock?: Clock;
  /** Told about every provider failure (log it in full; the model only hears a generic message). */
  onProviderError?: (provider: ProviderName, error: ProviderError) => void;
  /** Used in the no_provider message. */
  missingConfigHint?: string;
}

export type BreakerState = 'closed' | 'open' | 'half_open';

export interface ProviderStatus {
  provider: ProviderName;
  state: BreakerState;
  consecutiveFailures: number;
}

class Breaker {
  state: BreakerState = 'closed';
  failures = 0;
  private openedAt = 0;
  private trialInFlight = false;

  constructor(
    private readonly threshold: number,
    private readonly cooldownMs: number,
    private readonly clock: Clock,
  ) {}

  /** May a call go through now? Moves open -> half_open after the cooldown. */
  tryAcquire(): boolean {
    if (this.state === 'open' && this.clock.now() - this.openedAt >= this.cooldownMs) {
      this.state = 'half_open';
      this.trialInFlight = false;
    }
    if (this.state === 'closed') return true;
    if (this.state === 'half_open' && !this.trialInFlight) {
      this.trialInFlight = true;
      return true;
    }
    return false;
  }

  success(): void {
    this.state = 'closed';
    this.failures = 0;
    this.trialInFlight = false;
  }

  failure(): void {
    this.failures++;
    this.trialInFlight = false;
    if (this.state === 'half_open' || this.failures >= this.threshold) {
      this.state = 'open';
      this.openedAt = this.clock.now();
    }
  }

  /** A call that ended without a verdict (the caller aborted). */
  release(): void {
    this.trialInFlight = false;
  }
}

export function queryKey(q: FlightQuery): string {
  return JSON.stringify([
    q.origin,
    q.destination,
    q.departureDate,
    q.returnDate ?? '',
    q.passengers.adults,
    q.passengers.children,
    q.passengers.infants,
    q.cabin,
    q.nonstop,
    q.currency,
    q.maxResults,
  ]);
}

/**
 * One provider chain run that identical searches share. It has its own abort signal: a caller
 * who goes away (a barge-in, a hang-up) stops waiting for it, and the run is aborted only when
 * every caller waiting for it has gone, so one session's abort never cancels another's search.
 */
interface SharedRun {
  result: Promise<FlightSearchResult>;
  controller: AbortController;
  waiting: number;
}

/**
 * Tries providers in order, each with a timeout and a circuit breaker; caches
 * answers for a while and shares one provider call between identical searches
 * that arrive while it is running.
 */
export class FlightSearchChain implements FlightSearch {
  readonly providers: readonly FlightProvider[];
  private readonly timeoutMs: number;
  private readonly cacheTtlMs: number;
  private readonly cacheMax: number;
  private readonly clock: Clock;
  private readonly breakers = new Map<ProviderName, Breaker>();
  private readonly cache = new Map<string, { expiresAt: number; result: FlightSearchResult }>();
  private readonly inFlight = new Map<string, SharedRun>();
  private readonly onProviderError: FlightSearchChainOptions['onProviderError'];
  private readonly missingConfigHint: string;

  constructor(opts: FlightSearchChainOptions) {
    this.providers = opts.providers;
    this.timeoutMs = opts.timeoutMs ?? 12_000;
    this.cacheTtlMs = opts.cacheTtlMs ?? 5 * 60_000;
    this.cacheMax = opts.cacheMaxEntries ?? 500;
    this.clock = opts.clock ?? systemClock;
    this.onProviderError = opts.onProviderError;
    this.missingConfigHint =
      opts.missingConfigHint ??
      'Set DUFFEL_ACCESS_TOKEN, or AMADEUS_CLIENT_ID and AMADEUS_CLIENT_SECRET, or SERPAPI_API_KEY.';
    for (const p of this.providers)
      this.breakers.set(
        p.name,
        new Breaker(opts.failureThreshold ?? 3, opts.cooldownMs ?? 30_000, this.clock),
      );
  }

  status(): ProviderStatus[] {
    return this.providers.map((p) => {
      const b = this.breakers.get(p.name);
      return {
        provider: p.name,
        state: b?.state ?? 'closed',
        consecutiveFailures: b?.failures ?? 0,
      };
    });
  }

  /** Entries currently cached (expired ones are dropped lazily). */
  get cacheSize(): number {
    return this.cache.size;
  }

  async search(query: FlightQuery, signal?: AbortSignal): Promise<FlightSearchResult> {
    if (this.providers.length === 0) {
      throw new FlightError(
        'no_provider',
        `Flight search is not configured on this server. ${this.missingConfigHint}`,
      );
    }
    const key = queryKey(query);
    const hit = this.cache.get(key);
    if (hit) {
      if (hit.expiresAt > this.clock.now()) {
        this.cache.delete(key);
        this.cache.set(key, hit);
        return { ...hit.result, cached: true, attempts: [] };
      }
      this.cache.delete(key);
    }
    signal?.throwIfAborted();
    let run = this.inFlight.get(key);
    if (!run) {
      const controller = new AbortController();
      const shared: SharedRun = {
        controller,
        waiting: 0,
        result: this.runChain(query, controller.signal).finally(() => {
          if (this.inFlight.get(key) === shared) this.inFlight.delete(key);
        }),
      };
      run = shared;
      this.inFlight.set(key, run);
    }
    return this.join(key, run, signal);
  }

  /** Waits for a shared run on behalf of one caller, who may stop waiting on their own. */
  private join(key: string, run: SharedRun, signal?: AbortSignal): Promise<FlightSearchResult> {
    run.waiting++;
    return new Promise((resolve, reject) => {
      const leave = (): void => {
        run.waiting--;
        signal?.removeEventListener('abort', onAbort);
      };
      const onAbort = (): void => {
        leave();
        reject(signal?.reason);
        if (run.waiting > 0) return;
        // Nobody waits any more: stop the providers, and let the next identical search start
        // afresh rather than join a run that is being aborted.
        if (this.inFlight.get(key) === run) this.inFlight.delete(key);
        run.controller.abort(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      run.result.then(
        (result) => {
          if (signal?.aborted) return;
          leave();
          resolve(result);
        },
        (err: unknown) => {
          if (signal?.aborted) return;
          leave();
          reject(err);
        },
      );
    });
  }

  private async runChain(query: FlightQuery, signal?: AbortSignal): Promise<FlightSearchResult> {
    const attempts: ProviderAttempt[] = [];
    for (const provider of this.providers) {
      signal?.throwIfAborted();
      const breaker = this.breakers.get(provider.name);
      if (breaker && !breaker.tryAcquire()) {
        attempts.push({ provider: provider.name, ok: false, error: 'circuit_open', durationMs: 0 });
        continue;
      }
      const started = this.clock.now();
      try {
        const offers = await this.withTimeout(provider, query, signal);
        breaker?.success();
        attempts.push({
          provider: provider.name,
          ok: true,
          durationMs: this.clock.now() - started,
        });
        const result: FlightSearchResult = {
          query,
          offers,
          provider: provider.name,
          cached: false,
          attempts,
        };
        this.remember(queryKey(query), result);
        return result;
      } catch (err) {
        if (signal?.aborted) {
          breaker?.release();
          throw signal.reason ?? err;
        }
        breaker?.failure();
        const pe =
          err instanceof ProviderError
            ? err
            : new ProviderError(
                provider.name,
                'error',
                err instanceof Error ? err.message : String(err),
                { cause: err },
              );
        this.onProviderError?.(provider.name, pe);
        attempts.push({
          provider: provider.name,
          ok: false,
          error: pe.reason,
          durationMs: this.clock.now() - started,
        });
      }
    }
    throw allProvidersFailed(attempts);
  }

  private withTimeout(
    provider: FlightProvider,
    query: FlightQuery,
    outer?: AbortSignal,
  ): Promise<FlightOffer[]> {
    const controller = new AbortController();
    const onOuterAbort = (): void => controller.abort(outer?.reason);
    outer?.addEventListener('abort', onOuterAbort, { once: true });
    return new Promise((resolve, reject) => {
      const timer = this.clock.setTimeout(() => {
        const err = new ProviderError(
          provider.name,
          'timeout',
          `no answer within ${this.timeoutMs} ms`,
        );
        controller.abort(err);
        reject(err);
      }, this.timeoutMs);
      if (outer?.aborted) controller.abort(outer.reason);
      provider.search(query, controller.signal).then(
        (offers) => {
          this.clock.clearTimeout(timer);
          outer?.removeEventListener('abort', onOuterAbort);
          resolve(offers);
        },
        (err: unknown) => {
          this.clock.clearTimeout(timer);
          outer?.removeEventListener('abort', onOuterAbort);
          reject(err);
        },
      );
      controller.signal.addEventListener('abort', () => {
        if (outer?.aborted) reject(outer.reason);
      });
    });
  }

  private remember(key: string, result: FlightSearchResult): void {
    if (this.cacheTtlMs <= 0 || this.cacheMax <= 0) return;
    this.cache.delete(key);
    this.cache.set(key, { expiresAt: this.clock.now() + this.cacheTtlMs, result });
    while (this.cache.size > this.cacheMax) {
      const oldest = this.cache.keys().next().value;
      if (oldest === undefined) break;
      this.cache.delete(oldest);
    }
  }
}
