export * from './types.js';
export * from './errors.js';
export {
  FlightSearchChain,
  queryKey,
  type FlightSearchChainOptions,
  type ProviderStatus,
  type BreakerState,
} from './chain.js';
export { type Clock, systemClock, ManualClock } from './clock.js';
export {
  flightProvidersFromEnv,
  flightSearchFromEnv,
  NO_PROVIDER_HINT,
  type FlightProvidersFromEnv,
  type ProviderConfigReport,
  type Env,
} from './providers/env.js';
export type { FlightProvider } from './providers/provider.js';
export { DuffelProvider } from './providers/duffel.js';
export { AmadeusProvider } from './providers/amadeus.js';
export { SerpApiProvider } from './providers/serpapi.js';
export {
  getPlaceIndex,
  resolvePlace,
  PlaceIndex,
  type Place,
  type ResolveResult,
} from './places/index.js';
export { parseTravelDate, todayIn, type DateContext } from './dates.js';
export {
  validateSearchRequest,
  parseCabin,
  type FlightSearchRequest,
  type ValidationContext,
} from './validation.js';
export { summarizeOffers, speakPrice, SUMMARY_LANGUAGES } from './summary.js';
export { createFlightTools, type FlightToolEvent, type FlightToolsOptions } from './tools.js';
