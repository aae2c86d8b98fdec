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
  localeCountry,
  PlaceIndex,
  RANKING,
  type Place,
  type ResolveContext,
  type ResolveResult,
} from './places/index.js';
export { parseTravelDate, todayIn, type DateContext } from './dates.js';
export {
  validateSearch,
  validateSearchRequest,
  parseCabin,
  type FlightSearchRequest,
  type ValidatedSearch,
  type ValidationContext,
} from './validation.js';
export {
  summarizeOffers,
  summarizeMore,
  spokenPlace,
  speakPrice,
  SUMMARY_LANGUAGES,
} from './summary.js';
export {
  createFlightTools,
  CLARIFY_CODES,
  type FlightToolEvent,
  type FlightToolOutcome,
  type FlightToolsOptions,
} from './tools.js';
