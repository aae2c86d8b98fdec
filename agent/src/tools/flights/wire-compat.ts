/**
 * The widget reads flight offers through its own copy of the schema
 * (sdk/src/protocol/flight-offer.ts: the SDK must not depend on the agent). This file makes the
 * two copies unable to drift apart silently: every offer the agent sends must be a valid offer
 * for the widget's cards, or the typecheck fails here.
 */
import type { FlightOffer as WidgetOffer } from '../../../../sdk/src/protocol/flight-offer.js';
import type { FlightOffer } from './types.js';

type Holds<T extends true> = T;
export type OffersFitTheWidget = Holds<FlightOffer extends WidgetOffer ? true : false>;
