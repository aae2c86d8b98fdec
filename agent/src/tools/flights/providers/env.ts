import type { FlightSearchChain, FlightSearchChainOptions } from '../chain.js';
import { PROVIDER_NAMES, type ProviderName } from '../types.js';
import { AmadeusProvider } from './amadeus.js';
import { DuffelProvider } from './duffel.js';
import type { FlightProvider } from './provider.js';
import { SerpApiProvider } from './serpapi.js';

export type Env = Record<string, string | undefined>;

export interface ProviderConfigReport {
  provider: ProviderName;
  configured: boolean;
  /** Required variables that are unset (empty when configured). */
  missing: string[];
  /** Optional variables that apply to this provider. */
  optional: string[];
}

export interface FlightProvidersFromEnv {
  /** Configured providers in FLIGHT_PROVIDERS order (default duffel,amadeus,serpapi). */
  providers: FlightProvider[];
  order: ProviderName[];
  configured: ProviderName[];
  report: ProviderConfigReport[];
  /** Invalid values found (unknown provider names, bad port…). Each names its variable. */
  problems: string[];
  /** One line for logs and `polyglot config check`. */
  summary: string;
}

const REQUIRED: Record<ProviderName, string[]> = {
  duffel: ['DUFFEL_ACCESS_TOKEN'],
  amadeus: ['AMADEUS_CLIENT_ID', 'AMADEUS_CLIENT_SECRET'],
  serpapi: ['SERPAPI_API_KEY'],
};
const OPTIONAL: Record<ProviderName, string[]> = {
  duffel: ['DUFFEL_BASE_URL'],
  amadeus: ['AMADEUS_HOST', 'AMADEUS_PORT', 'AMADEUS_SSL'],
  serpapi: ['SERPAPI_BASE_URL'],
};

export const NO_PROVIDER_HINT =
  'Set DUFFEL_ACCESS_TOKEN (Duffel), or AMADEUS_CLIENT_ID and AMADEUS_CLIENT_SECRET (Amadeus Enterprise), or SERPAPI_API_KEY (SerpApi Google Flights).';

function set(env: Env, name: string): string | undefined {
  const v = env[name]?.trim();
  return v ? v : undefined;
}

/**
 * Builds the flight providers the environment configures, and says which are
 * missing and why. Never throws: problems are reported for /healthz and
 * `polyglot config check`.
 */
export function flightProvidersFromEnv(env: Env = process.env): FlightProvidersFromEnv {
  const problems: string[] = [];
  let order: ProviderName[] = [...PROVIDER_NAMES];
  const orderVar = set(env, 'FLIGHT_PROVIDERS');
  if (orderVar) {
    order = [];
    for (const raw of orderVar.split(',')) {
      const name = raw.trim().toLowerCase();
      if (!name) continue;
      if ((PROVIDER_NAMES as readonly string[]).includes(name)) {
        if (!order.includes(name as ProviderName)) order.push(name as ProviderName);
      } else {
        problems.push(
          `FLIGHT_PROVIDERS: unknown provider "${raw.trim()}" (use ${PROVIDER_NAMES.join(', ')})`,
        );
      }
    }
  }

  const report: ProviderConfigReport[] = PROVIDER_NAMES.map((provider) => {
    const missing = REQUIRED[provider].filter((v) => !set(env, v));
    return { provider, configured: missing.length === 0, missing, optional: OPTIONAL[provider] };
  });

  const providers: FlightProvider[] = [];
  for (const name of order) {
    if (!report.find((r) => r.provider === name)?.configured) continue;
    try {
      if (name === 'duffel') {
        const baseUrl = set(env, 'DUFFEL_BASE_URL');
        providers.push(
          new DuffelProvider({
            accessToken: set(env, 'DUFFEL_ACCESS_TOKEN') ?? '',
            ...(baseUrl ? { baseUrl } : {}),
          }),
        );
      } else if (name === 'amadeus') {
        const host = set(env, 'AMADEUS_HOST');
        const portVar = set(env, 'AMADEUS_PORT');
        const sslVar = set(env, 'AMADEUS_SSL');
        const port = portVar === undefined ? undefined : Number(portVar);
        if (port !== undefined && (!Number.isInteger(port) || port <= 0 || port > 65535)) {
          problems.push(`AMADEUS_PORT: "${portVar}" is not a port number`);
          continue;
        }
        if (sslVar !== undefined && !/^(true|false|1|0|yes|no)$/i.test(sslVar)) {
          problems.push(`AMADEUS_SSL: "${sslVar}" should be true or false`);
          continue;
        }
        providers.push(
          new AmadeusProvider({
            clientId: set(env, 'AMADEUS_CLIENT_ID') ?? '',
            clientSecret: set(env, 'AMADEUS_CLIENT_SECRET') ?? '',
            ...(host ? { host } : {}),
            ...(port ? { port } : {}),
            ...(sslVar ? { ssl: /^(true|1|yes)$/i.test(sslVar) } : {}),
          }),
        );
      } else {
        const baseUrl = set(env, 'SERPAPI_BASE_URL');
        providers.push(
          new SerpApiProvider({
            apiKey: set(env, 'SERPAPI_API_KEY') ?? '',
            ...(baseUrl ? { baseUrl } : {}),
          }),
        );
      }
    } catch (err) {
      problems.push(`${name}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  const configured = providers.map((p) => p.name);
  const summary =
    configured.length > 0
      ? `flight providers: ${configured.join(' -> ')}`
      : `no flight provider configured. ${NO_PROVIDER_HINT}`;
  return { providers, order, configured, report, problems, summary };
}

/**
 * The provider chain for this environment, plus the configuration report.
 * With no provider configured the chain still exists and answers every search
 * with FlightError `no_provider` (never sample data).
 */
export async function flightSearchFromEnv(
  env: Env = process.env,
  opts: Omit<FlightSearchChainOptions, 'providers'> = {},
): Promise<{ search: FlightSearchChain; config: FlightProvidersFromEnv }> {
  const { FlightSearchChain } = await import('../chain.js');
  const config = flightProvidersFromEnv(env);
  return {
    search: new FlightSearchChain({
      missingConfigHint: NO_PROVIDER_HINT,
      ...opts,
      providers: config.providers,
    }),
    config,
  };
}
