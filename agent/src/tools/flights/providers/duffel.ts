import { Duffel, DuffelError } from '@duffel/api';
import type { CreateOfferRequestPassenger, Offer, OfferRequest } from '@duffel/api/types';
import { ProviderError } from '../errors.js';
import type { Cabin, FlightOffer, FlightQuery, FlightSegment } from '../types.js';
import type { FlightProvider } from './provider.js';
import {
  airportTimeZone,
  finishOffer,
  isoDurationMinutes,
  localTime,
  sliceFromSegments,
  sortOffers,
} from './normalize.js';

export interface DuffelProviderOptions {
  accessToken: string;
  /** Default https://api.duffel.com; point it at a fake in tests. */
  baseUrl?: string;
  /** How long Duffel waits for airlines, ms (Duffel allows 2,000–60,000). */
  supplierTimeoutMs?: number;
}

/** Ages Duffel needs for non-adults; we do not ask travellers for exact ages. */
const CHILD_AGE = 8;
const INFANT_AGE = 1;

export class DuffelProvider implements FlightProvider {
  readonly name = 'duffel' as const;
  private readonly client: Duffel;
  private readonly supplierTimeoutMs: number;

  constructor(opts: DuffelProviderOptions) {
    this.client = new Duffel({
      token: opts.accessToken,
      ...(opts.baseUrl ? { basePath: opts.baseUrl } : {}),
      source: 'polyglot',
    });
    this.supplierTimeoutMs = opts.supplierTimeoutMs ?? 10_000;
  }

  async search(query: FlightQuery, signal: AbortSignal): Promise<FlightOffer[]> {
    const passengers: CreateOfferRequestPassenger[] = [
      ...Array.from({ length: query.passengers.adults }, () => ({ type: 'adult' as const })),
      ...Array.from({ length: query.passengers.children }, () => ({ age: CHILD_AGE })),
      ...Array.from({ length: query.passengers.infants }, () => ({ age: INFANT_AGE })),
    ];
    const slices = [
      {
        origin: query.origin,
        destination: query.destination,
        departure_date: query.departureDate,
        arrival_time: null,
        departure_time: null,
      },
    ];
    if (query.returnDate) {
      slices.push({
        origin: query.destination,
        destination: query.origin,
        departure_date: query.returnDate,
        arrival_time: null,
        departure_time: null,
      });
    }
    let request: OfferRequest;
    try {
      // The SDK has no abort support; the chain's timeout stops waiting for it.
      signal.throwIfAborted();
      const res = await this.client.offerRequests.create({
        slices,
        passengers,
        cabin_class: query.cabin,
        ...(query.nonstop ? { max_connections: 0 as const } : {}),
        return_offers: true,
        supplier_timeout: this.supplierTimeoutMs,
      });
      request = res.data as OfferRequest;
    } catch (err) {
      throw toProviderError(err);
    }
    if (!request || !Array.isArray(request.offers))
      throw new ProviderError('duffel', 'bad_response', 'offer request without offers');
    const offers: FlightOffer[] = [];
    for (const o of request.offers) {
      const mapped = mapOffer(o, query.cabin);
      if (mapped) offers.push(mapped);
    }
    return sortOffers(offers).slice(0, query.maxResults);
  }
}

function toProviderError(err: unknown): ProviderError {
  if (err instanceof ProviderError) return err;
  if (err instanceof DuffelError) {
    const status = err.status ?? err.meta?.status;
    const first = err.errors?.[0];
    const detail = first ? `${first.code}: ${first.message}` : `HTTP ${status}`;
    const reason =
      status === 401 || status === 403 ? 'auth' : status ? `http_${status}` : 'bad_response';
    return new ProviderError('duffel', reason, detail, {
      ...(status ? { status } : {}),
      cause: err,
    });
  }
  const message = err instanceof Error ? err.message : String(err);
  return new ProviderError(
    'duffel',
    err instanceof Error && err.name === 'AbortError' ? 'aborted' : 'network',
    message,
    { cause: err },
  );
}

function mapOffer(
  o: Omit<Offer, 'available_services'>,
  fallbackCabin: Cabin,
): FlightOffer | undefined {
  try {
    const slices = o.slices.map((s) => {
      const segments: FlightSegment[] = s.segments.map((seg) => {
        const departure = localTime(
          seg.departing_at,
          seg.origin.time_zone ?? airportTimeZone(seg.origin.iata_code ?? ''),
        );
        const arrival = localTime(
          seg.arriving_at,
          seg.destination.time_zone ?? airportTimeZone(seg.destination.iata_code ?? ''),
        );
        const segment: FlightSegment = {
          carrier: {
            iata: seg.marketing_carrier.iata_code ?? '',
            name: seg.marketing_carrier.name,
          },
          flightNumber:
            `${seg.marketing_carrier.iata_code ?? ''} ${seg.marketing_carrier_flight_number}`.trim(),
          origin: {
            iata: seg.origin.iata_code ?? '',
            name: seg.origin.name,
            ...(seg.origin.city_name ? { cityName: seg.origin.city_name } : {}),
          },
          destination: {
            iata: seg.destination.iata_code ?? '',
            name: seg.destination.name,
            ...(seg.destination.city_name ? { cityName: seg.destination.city_name } : {}),
          },
          departure,
          arrival,
          durationMinutes:
            isoDurationMinutes(seg.duration) ??
            Math.round((Date.parse(arrival.utc) - Date.parse(departure.utc)) / 60_000),
        };
        if (
          seg.operating_carrier?.iata_code &&
          seg.operating_carrier.iata_code !== seg.marketing_carrier.iata_code
        ) {
          segment.operatingCarrier = {
            iata: seg.operating_carrier.iata_code,
            name: seg.operating_carrier.name,
          };
        }
        if (seg.aircraft?.name) segment.aircraft = seg.aircraft.name;
        return segment;
      });
      return sliceFromSegments(segments, isoDurationMinutes(s.duration));
    });
    const cabin =
      (o.slices[0]?.segments[0]?.passengers[0]?.cabin_class as Cabin | undefined) ?? fallbackCabin;
    return finishOffer({
      id: o.id,
      provider: 'duffel',
      price: { amount: o.total_amount, currency: o.total_currency },
      cabin,
      slices,
      slicesComplete: true,
    });
  } catch {
    return undefined;
  }
}
