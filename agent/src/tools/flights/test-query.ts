/** For tests that need a valid flight search and do not care which one. */
import type { FlightQuery } from './types.js';

/** Madrid to London (Heathrow or Gatwick), one adult, economy, on 7 December 2026. */
export const MADRID_TO_LONDON: FlightQuery = {
  origin: 'MAD',
  destination: 'LON',
  originAirports: ['MAD'],
  destinationAirports: ['LHR', 'LGW'],
  departureDate: '2026-12-07',
  passengers: { adults: 1, children: 0, infants: 0 },
  cabin: 'economy',
  nonstop: false,
  currency: 'EUR',
  maxResults: 5,
};
