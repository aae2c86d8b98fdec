/**
 * What the operator still has to set before the demo works end to end, for `/healthz` (the demo
 * page turns it into a banner). Names of settings only: never a value, not even whether a value
 * looks wrong.
 */
import type { ProviderChoice } from '../providers/index.js';
import type { FlightProvidersFromEnv } from '../tools/flights/index.js';

export interface SetupNeed {
  role: 'llm' | 'stt' | 'tts' | 'flights';
  /** Met by any one alternative: all the variables it lists (Amadeus needs two). */
  anyOf: string[][];
}

export function setupNeeded(choice: ProviderChoice, flights: FlightProvidersFromEnv): SetupNeed[] {
  const needs: SetupNeed[] = choice.missing.map((m) => ({
    role: m.role,
    anyOf: m.variables.map((v) => [v]),
  }));
  if (flights.configured.length === 0) {
    // In the order the server would try them (FLIGHT_PROVIDERS).
    const missing = (p: string) => flights.report.find((r) => r.provider === p)?.missing ?? [];
    needs.push({ role: 'flights', anyOf: flights.order.map(missing) });
  }
  return needs;
}
