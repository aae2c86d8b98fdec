import type { ProviderAttempt, ProviderName } from './types.js';

/**
 * Stable codes for requests that cannot be searched as asked. The message of a
 * FlightRequestError is written to be read aloud by the assistant.
 */
export type FlightRequestErrorCode =
  | 'missing_field'
  | 'invalid_date'
  | 'invalid_calendar_date'
  | 'date_in_past'
  | 'beyond_booking_horizon'
  | 'return_before_departure'
  | 'same_origin_destination'
  | 'unknown_place'
  | 'ambiguous_place'
  | 'no_passengers'
  | 'too_many_passengers'
  | 'invalid_passenger_count'
  | 'infants_exceed_adults'
  | 'no_adult'
  | 'invalid_currency'
  | 'invalid_cabin';

/** Codes for searches that were valid but could not be answered. */
export type FlightServiceErrorCode = 'no_provider' | 'all_providers_failed';

export type FlightErrorCode = FlightRequestErrorCode | FlightServiceErrorCode;

export class FlightError extends Error {
  readonly code: FlightErrorCode;
  /** Extra machine-readable detail (place candidates, attempts…). JSON-safe. */
  readonly details?: Record<string, unknown>;

  constructor(
    code: FlightErrorCode,
    message: string,
    options?: { cause?: unknown; details?: Record<string, unknown> },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'FlightError';
    this.code = code;
    if (options?.details) this.details = options.details;
  }

  /** True for problems with what was asked (exit 2 / tell the user), false for service outages. */
  get isRequestError(): boolean {
    return this.code !== 'no_provider' && this.code !== 'all_providers_failed';
  }

  toJSON(): { code: FlightErrorCode; message: string; details?: Record<string, unknown> } {
    return this.details
      ? { code: this.code, message: this.message, details: this.details }
      : { code: this.code, message: this.message };
  }
}

/** Why one provider call failed; the chain records `reason` in its attempts. */
export class ProviderError extends Error {
  readonly provider: ProviderName;
  /** "timeout", "http_429", "http_500", "network", "bad_response", "auth"… */
  readonly reason: string;
  readonly status?: number;

  constructor(
    provider: ProviderName,
    reason: string,
    message: string,
    options?: { status?: number; cause?: unknown },
  ) {
    super(
      `${provider}: ${message}`,
      options?.cause === undefined ? undefined : { cause: options.cause },
    );
    this.name = 'ProviderError';
    this.provider = provider;
    this.reason = reason;
    if (options?.status !== undefined) this.status = options.status;
  }
}

export function allProvidersFailed(attempts: ProviderAttempt[]): FlightError {
  const list = attempts.map((a) => `${a.provider} (${a.error ?? 'failed'})`).join(', ');
  return new FlightError(
    'all_providers_failed',
    `The flight search services are not answering right now (${list}). Please try again in a moment.`,
    { details: { attempts } },
  );
}
