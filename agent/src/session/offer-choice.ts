/**
 * The caller choosing a flight card, as the model hears of it. The core keeps the offers its
 * tools showed in this session; a choice is checked against them (an id the session never showed
 * is refused, nothing is made up for it) and told to the model as the caller's turn, built only
 * from the offer the search returned, so the model confirms what is really on the card.
 */
import type { FlightOffer } from '../tools/flights/types.js';

/** Offers kept per session: searches are a few a call, of ≤ 10 offers each. */
const MAX_OFFERS = 200;

/** The offers this session's tools showed as cards, by id (the newest kept). */
export class OfferBook {
  readonly #offers = new Map<string, FlightOffer>();

  /** Offers a `flight_results` message carried to the widget. */
  record(offers: readonly unknown[]): void {
    for (const o of offers) {
      if (!isOffer(o)) continue;
      this.#offers.delete(o.id);
      this.#offers.set(o.id, o);
    }
    for (const id of this.#offers.keys()) {
      if (this.#offers.size <= MAX_OFFERS) break;
      this.#offers.delete(id);
    }
  }

  get(id: string): FlightOffer | undefined {
    return this.#offers.get(id);
  }
}

function isOffer(v: unknown): v is FlightOffer {
  const o = v as Partial<FlightOffer> | null;
  return (
    typeof o === 'object' &&
    o !== null &&
    typeof o.id === 'string' &&
    typeof o.price?.amount === 'string' &&
    Array.isArray(o.slices) &&
    Array.isArray(o.carriers)
  );
}

const when = (local: string) => local.slice(0, 16).replace('T', ' ');

/**
 * The caller's turn for a chosen offer: airlines, each slice's airports, local times, stops and
 * flight numbers, and the total price, as the provider gave them.
 */
export function describeChoice(offer: FlightOffer): string {
  const airlines = offer.carriers.map((c) => c.name).join(' / ') || 'the airline';
  const slices = offer.slices.map((s, i) => {
    const stops = s.stops === 0 ? 'nonstop' : `${s.stops} stop${s.stops === 1 ? '' : 's'}`;
    const flights = s.segments.map((g) => g.flightNumber).join(', ');
    return (
      `${i === 0 ? 'outbound' : 'return'} ${s.origin.iata} ${when(s.departure.local)} → ` +
      `${s.destination.iata} ${when(s.arrival.local)} local time, ${stops}` +
      (flights ? ` (${flights})` : '')
    );
  });
  return (
    `[Chosen on screen] I choose this flight offer: ${airlines}, ${slices.join('; ')}; ` +
    `${offer.price.amount} ${offer.price.currency} in total.`
  );
}

/** What the model is asked for that one reply. */
export function choiceInstructions(lang: string): string {
  return (
    'The caller has just chosen a flight offer on screen; their last message describes it. ' +
    `Confirm the choice in one short sentence in the conversation's language (${lang}), ` +
    'naming only details from that message. Do not search again, and do not say it is booked.'
  );
}
