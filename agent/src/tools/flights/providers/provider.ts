import type { FlightOffer, FlightQuery, ProviderName } from '../types.js';

/** One flight-search backend. Implementations throw ProviderError on failure. */
export interface FlightProvider {
  readonly name: ProviderName;
  /**
   * Offers for the query, cheapest first, at most query.maxResults. An empty list
   * is an answer ("no flights"), not a failure. `signal` aborts when the chain
   * gives up on this provider (timeout); SDKs without abort support ignore it.
   */
  search(query: FlightQuery, signal: AbortSignal): Promise<FlightOffer[]>;
}
