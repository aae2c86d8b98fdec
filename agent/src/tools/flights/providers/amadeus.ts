import Amadeus from 'amadeus';
import type { AmadeusResponseError } from 'amadeus';
import * as http from 'node:http';
import * as https from 'node:https';
import { ProviderError } from '../errors.js';
import type { Cabin, FlightOffer, FlightQuery, FlightSegment } from '../types.js';
import type { FlightProvider } from './provider.js';
import {
  airportRef,
  airportTimeZone,
  finishOffer,
  isoDurationMinutes,
  localTime,
  sliceFromSegments,
  sortOffers,
  titleCase,
} from './normalize.js';

export interface AmadeusProviderOptions {
  clientId: string;
  clientSecret: string;
  /** Enterprise API host, default api.amadeus.com (the Self-Service test host closed on 2026-07-17). */
  host?: string;
  port?: number;
  /** Default true. False only for local fakes. */
  ssl?: boolean;
}

const TRAVEL_CLASS: Record<Cabin, string> = {
  economy: 'ECONOMY',
  premium_economy: 'PREMIUM_ECONOMY',
  business: 'BUSINESS',
  first: 'FIRST',
};

interface AmadeusSegment {
  departure: { iataCode: string; at: string };
  arrival: { iataCode: string; at: string };
  carrierCode: string;
  number: string;
  aircraft?: { code?: string };
  operating?: { carrierCode?: string };
  duration?: string;
  id?: string;
}
interface AmadeusOffer {
  id: string;
  itineraries: { duration?: string; segments: AmadeusSegment[] }[];
  price: { currency: string; total: string; grandTotal?: string };
  travelerPricings?: { fareDetailsBySegment?: { cabin?: string }[] }[];
}
interface AmadeusSearchResult {
  data?: AmadeusOffer[];
  dictionaries?: { carriers?: Record<string, string>; aircraft?: Record<string, string> };
}

export class AmadeusProvider implements FlightProvider {
  readonly name = 'amadeus' as const;
  private readonly amadeus: Amadeus;
  private tokenInFlight: Promise<string> | undefined;

  constructor(opts: AmadeusProviderOptions) {
    this.amadeus = new Amadeus({
      clientId: opts.clientId,
      clientSecret: opts.clientSecret,
      host: opts.host ?? 'api.amadeus.com',
      ...(opts.port ? { port: opts.port } : {}),
      logLevel: 'silent',
    });
    // The SDK reads `ssl: false` as "not given" (options.ssl || env || true), so
    // set the transport after construction.
    const ssl = opts.ssl ?? true;
    this.amadeus.client.ssl = ssl;
    this.amadeus.client.http = ssl ? https : http;
    this.amadeus.client.port = opts.port ?? (ssl ? 443 : 80);
  }

  /**
   * Concurrent first calls would each fetch their own OAuth token; share one
   * fetch. Once the SDK has a token cached, this resolves from its cache.
   */
  private token(): Promise<string> {
    if (!this.tokenInFlight) {
      const client = this.amadeus.client;
      this.tokenInFlight = client.accessToken.bearerToken(client).finally(() => {
        this.tokenInFlight = undefined;
      });
    }
    return this.tokenInFlight;
  }

  async search(query: FlightQuery, signal: AbortSignal): Promise<FlightOffer[]> {
    const params: Record<string, string | number | boolean> = {
      originLocationCode: query.origin,
      destinationLocationCode: query.destination,
      departureDate: query.departureDate,
      adults: query.passengers.adults,
      travelClass: TRAVEL_CLASS[query.cabin],
      nonStop: query.nonstop,
      currencyCode: query.currency,
      max: query.maxResults,
    };
    if (query.returnDate) params.returnDate = query.returnDate;
    if (query.passengers.children) params.children = query.passengers.children;
    if (query.passengers.infants) params.infants = query.passengers.infants;

    let result: AmadeusSearchResult;
    try {
      signal.throwIfAborted();
      await this.token();
      const res = await this.amadeus.shopping.flightOffersSearch.get(params);
      result = res.result as AmadeusSearchResult;
    } catch (err) {
      throw toProviderError(err);
    }
    if (!result || !Array.isArray(result.data))
      throw new ProviderError('amadeus', 'bad_response', 'flight-offers response without data');
    const carriers = result.dictionaries?.carriers ?? {};
    const aircraft = result.dictionaries?.aircraft ?? {};
    const offers: FlightOffer[] = [];
    for (const o of result.data) {
      const mapped = mapOffer(o, carriers, aircraft, query.cabin);
      if (mapped) offers.push(mapped);
    }
    return sortOffers(offers).slice(0, query.maxResults);
  }

  /** Amadeus' own airport/city search (Airport & City Search API), for diagnostics. */
  async locations(keyword: string): Promise<{ iataCode: string; name: string; subType: string }[]> {
    try {
      await this.token();
      const res = await this.amadeus.referenceData.locations.get({
        keyword,
        subType: 'AIRPORT,CITY',
      });
      const data =
        (res.result as { data?: { iataCode: string; name: string; subType: string }[] }).data ?? [];
      return data.map((d) => ({ iataCode: d.iataCode, name: d.name, subType: d.subType }));
    } catch (err) {
      throw toProviderError(err);
    }
  }
}

function isAmadeusError(err: unknown): err is AmadeusResponseError {
  return (
    typeof err === 'object' &&
    err !== null &&
    'code' in err &&
    typeof (err as { code: unknown }).code === 'string' &&
    !(err instanceof Error)
  );
}

function toProviderError(err: unknown): ProviderError {
  if (err instanceof ProviderError) return err;
  if (isAmadeusError(err)) {
    const status = err.response?.statusCode;
    const described = Array.isArray(err.description)
      ? (err.description as { title?: string; detail?: string }[])
          .map((d) => d.detail ?? d.title)
          .join('; ')
      : typeof err.description === 'string'
        ? err.description
        : '';
    const reason =
      err.code === 'NetworkError'
        ? 'network'
        : err.code === 'ParserError'
          ? 'bad_response'
          : err.code === 'AuthenticationError'
            ? 'auth'
            : status
              ? `http_${status}`
              : err.code;
    return new ProviderError(
      'amadeus',
      reason,
      `${err.code}${status ? ` ${status}` : ''}${described ? `: ${described}` : ''}`,
      {
        ...(status ? { status } : {}),
        cause: err,
      },
    );
  }
  const e = err as { name?: string; message?: string } | undefined;
  return new ProviderError(
    'amadeus',
    e?.name === 'AbortError' ? 'aborted' : 'network',
    e?.message ?? String(err),
    { cause: err },
  );
}

function mapOffer(
  o: AmadeusOffer,
  carriers: Record<string, string>,
  aircraft: Record<string, string>,
  fallbackCabin: Cabin,
): FlightOffer | undefined {
  try {
    const slices = o.itineraries.map((it) => {
      const segments: FlightSegment[] = it.segments.map((s) => {
        const departure = localTime(s.departure.at, airportTimeZone(s.departure.iataCode));
        const arrival = localTime(s.arrival.at, airportTimeZone(s.arrival.iataCode));
        const segment: FlightSegment = {
          carrier: {
            iata: s.carrierCode,
            name: titleCase(carriers[s.carrierCode] ?? s.carrierCode),
          },
          flightNumber: `${s.carrierCode} ${s.number}`,
          origin: airportRef(s.departure.iataCode),
          destination: airportRef(s.arrival.iataCode),
          departure,
          arrival,
          durationMinutes:
            isoDurationMinutes(s.duration) ??
            Math.round((Date.parse(arrival.utc) - Date.parse(departure.utc)) / 60_000),
        };
        const op = s.operating?.carrierCode;
        if (op && op !== s.carrierCode)
          segment.operatingCarrier = { iata: op, name: titleCase(carriers[op] ?? op) };
        const ac = s.aircraft?.code;
        if (ac) segment.aircraft = titleCase(aircraft[ac] ?? ac);
        return segment;
      });
      return sliceFromSegments(segments, isoDurationMinutes(it.duration));
    });
    const cabinWord = o.travelerPricings?.[0]?.fareDetailsBySegment?.[0]?.cabin?.toLowerCase();
    const cabin: Cabin =
      cabinWord === 'economy' ||
      cabinWord === 'premium_economy' ||
      cabinWord === 'business' ||
      cabinWord === 'first'
        ? cabinWord
        : fallbackCabin;
    return finishOffer({
      id: o.id,
      provider: 'amadeus',
      price: { amount: o.price.grandTotal ?? o.price.total, currency: o.price.currency },
      cabin,
      slices,
      slicesComplete: true,
    });
  } catch {
    return undefined;
  }
}
