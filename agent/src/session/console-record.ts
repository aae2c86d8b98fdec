/**
 * What the operator console keeps of the messages the voice-session core sends the widget. The
 * core hands every message it sends to {@link consoleLine}, {@link runningTool} and
 * {@link flightSearchOutcome}, so the console's transcript shows what the caller's widget showed,
 * from the same messages, in the same turns: the final words of each side, a summary of the
 * flight offers shown as cards, the sources the answer cited, and the errors the caller was told
 * about; its sessions list shows the tool running now, and its history counts the flight searches
 * that found offers and those that failed. The store masks the text (docs/console.md).
 */
import type { TranscriptLine } from '../../../sdk/src/protocol/console.js';
import { isFlightOffer, type FlightOffer } from '../../../sdk/src/protocol/flight-offer.js';
import { MAX_CITATIONS, type ServerMessage } from '../../../sdk/src/protocol/messages.js';

/** A console transcript line as the core writes it (the store dates and masks it). */
export type ConsoleLine = Omit<TranscriptLine, 'at'>;

/**
 * The console's transcript line for a message the widget was sent, if it makes one. `turn` is the
 * current turn, for a message that does not carry its own.
 */
export function consoleLine(m: ServerMessage, turn: number): ConsoleLine | undefined {
  switch (m.type) {
    case 'transcript':
      if (!m.final || !m.text) return undefined;
      return { role: m.role, turn: m.turn, text: m.text, language: m.language };
    case 'flight_results':
      return {
        role: 'flights',
        turn: m.turn ?? turn,
        text: flightsSummary(m.query, m.offers.filter(isFlightOffer), m.provider),
        language: undefined,
      };
    case 'knowledge': {
      const citations = m.citations.slice(0, MAX_CITATIONS);
      if (!citations.length) return undefined;
      return {
        role: 'citations',
        turn: m.turn ?? turn,
        text: citations.map((c) => (c.section ? `${c.title} › ${c.section}` : c.title)).join('; '),
        language: undefined,
        citations,
      };
    }
    case 'error':
      return { role: 'error', turn, text: m.message, language: undefined, code: m.code };
    default:
      return undefined;
  }
}

/** A tool call that started (`running`) or ended, from the widget's `tool` progress message. */
export function runningTool(
  m: ServerMessage,
): { call: string; tool: string; running: boolean } | undefined {
  if (m.type !== 'tool') return undefined;
  return { call: m.id, tool: m.tool, running: m.status === 'started' };
}

/** How a flight search ended, from its `tool` progress message (the history's success rate). */
export function flightSearchOutcome(m: ServerMessage): 'succeeded' | 'failed' | undefined {
  if (m.type !== 'tool' || m.tool !== 'search_flights') return undefined;
  if (m.status === 'finished') return 'succeeded';
  return m.status === 'failed' ? 'failed' : undefined;
}

/**
 * "3 offers, MAD → LHR, 2026-05-01, back 2026-05-08, cheapest 123.45 EUR (duffel)". No hyphen
 * between the dates: a masker reads "2026-05-01 - 2026-05-08" as a phone number.
 */
function flightsSummary(
  query: Record<string, unknown>,
  offers: FlightOffer[],
  provider: string,
): string {
  const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
  const first = offers[0]?.slices[0];
  const from = str(query.origin) ?? first?.origin.iata ?? '?';
  const to = str(query.destination) ?? first?.destination.iata ?? '?';
  const parts = [offers.length === 1 ? '1 offer' : `${offers.length} offers`, `${from} → ${to}`];
  const out = str(query.departureDate);
  const back = str(query.returnDate);
  if (out) parts.push(out);
  if (back) parts.push(`back ${back}`);
  const cheapest = cheapestOf(offers);
  if (cheapest) parts.push(`cheapest ${cheapest.price.amount} ${cheapest.price.currency}`);
  return `${parts.join(', ')} (${provider})`;
}

/** The lowest-priced offer (offers of one search share a currency; others are not compared). */
function cheapestOf(offers: FlightOffer[]): FlightOffer | undefined {
  const currency = offers[0]?.price.currency;
  let best: FlightOffer | undefined;
  for (const o of offers) {
    if (o.price.currency !== currency) continue;
    if (!best || Number(o.price.amount) < Number(best.price.amount)) best = o;
  }
  return best;
}
