/**
 * The partner's deep link for a selected offer, from its `offerLinkTemplate` (validated by the
 * server: an https URL whose host has no placeholder). Each placeholder's value is URL-encoded,
 * so an offer's data can add to the path or query but never change where the link goes.
 */
import type { FlightOffer } from '../protocol/flight-offer.js';
import type { OfferLinkPlaceholder } from '../protocol/messages.js';

const text = (v: unknown): string =>
  typeof v === 'string' || typeof v === 'number' ? String(v) : '';

/** The values each placeholder stands for, for `offer` found by `query`. */
export function offerLinkValues(
  offer: FlightOffer,
  query: Record<string, unknown>,
): Record<OfferLinkPlaceholder, string> {
  const [out, back] = offer.slices;
  const pax = (query.passengers ?? {}) as Record<string, unknown>;
  return {
    offerId: offer.id,
    provider: offer.provider,
    origin: out?.origin.iata ?? text(query.origin),
    destination: out?.destination.iata ?? text(query.destination),
    departureDate: out?.departure.local.slice(0, 10) ?? text(query.departureDate),
    returnDate: back?.departure.local.slice(0, 10) ?? text(query.returnDate),
    adults: text(pax.adults),
    children: text(pax.children),
    infants: text(pax.infants),
    cabin: offer.cabin,
    price: offer.price.amount,
    currency: offer.price.currency,
  };
}

/** The link for `offer`, or undefined without a template or when the result is not https. */
export function offerLink(
  template: string | undefined,
  offer: FlightOffer,
  query: Record<string, unknown>,
): string | undefined {
  if (!template) return undefined;
  const values: Record<string, string> = offerLinkValues(offer, query);
  const link = template.replace(/\{(\w+)\}/g, (m, k: string) =>
    Object.hasOwn(values, k) ? encodeURIComponent(values[k]!) : m,
  );
  try {
    return new URL(link).protocol === 'https:' ? link : undefined;
  } catch {
    return undefined;
  }
}
