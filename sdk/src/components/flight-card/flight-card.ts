/**
 * Flight offers as cards, rendered inside the assistant's transcript (same shadow root, so no
 * extra custom element to register). Each card is one offer: airline, price, a row per slice
 * (outbound, return) with local times and zones, duration and stops, and a button that chooses
 * the offer (the host decides what choosing does: see the assistant's `polyglot-offer-select`).
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { FlightResultsEntry } from '../../controllers/transcript-controller.js';
import { formatFlightCount, offerView, type SliceView } from '../../flights/format.js';
import type { Strings } from '../../i18n/strings.js';
import type { FlightOffer } from '../../protocol/flight-offer.js';

/** What the cards ask of their host. */
export interface CardActions {
  /** The offer chosen last, as `${results.id} ${offer.id}`. */
  selected: string | undefined;
  select(results: FlightResultsEntry, offer: FlightOffer): void;
}

export const selectionKey = (results: FlightResultsEntry, offer: FlightOffer): string =>
  `${results.id} ${offer.id}`;

// Durations, times and codes are isolated (<bdi>) and kept on one line: in a right-to-left card
// "2 س و15 د" must neither wrap nor pick up the direction of the Latin codes beside it.
function renderSlice(v: SliceView, s: Strings): TemplateResult {
  return html`<div class="slice">
    <div class="end">
      <bdi class="time">${v.depart.time}</bdi>
      <bdi class="zone">${v.depart.zone}</bdi>
      <span class="place"><abbr title=${v.depart.city}>${v.depart.iata}</abbr></span>
      <bdi class="date">${v.depart.date}</bdi>
    </div>
    <div class="path">
      <bdi class="duration">${v.duration}</bdi>
      <span class="line" aria-hidden="true"></span>
      <bdi class="stops" data-stops=${v.stops === s.nonstop ? '0' : 'n'}>${v.stops}</bdi>
    </div>
    <div class="end arrive">
      <bdi class="time"
        >${v.arrive.time}${v.dayOffset
          ? html`<sup class="offset">${v.dayOffset > 0 ? '+' : ''}${v.dayOffset}</sup>`
          : nothing}</bdi
      >
      <bdi class="zone">${v.arrive.zone}</bdi>
      <span class="place"><abbr title=${v.arrive.city}>${v.arrive.iata}</abbr></span>
      <bdi class="date">${v.arrive.date}</bdi>
    </div>
  </div>`;
}

export function renderFlightResults(
  results: FlightResultsEntry,
  tag: string,
  s: Strings,
  actions: CardActions,
): TemplateResult {
  return html`<li part="flight-results" class="flight-results">
    <p class="count">${formatFlightCount(results.offers.length, tag, s)}</p>
    <ul aria-label=${s.flights}>
      ${results.offers.map((offer, i) => {
        const v = offerView(offer, tag, s);
        const chosen = actions.selected === selectionKey(results, offer);
        // The button's description is the card's one-sentence summary.
        const id = `offer-${encodeURIComponent(results.id)}-${i}`;
        return html`<li>
          <article
            part="flight-card"
            class="flight-card"
            id=${id}
            aria-label=${v.label}
            data-offer=${v.id}
            ?data-selected=${chosen}
          >
            <header>
              <span class="airline">${v.airline}</span>
              <bdi class="price">${v.price}</bdi>
            </header>
            ${v.slices.map((sl) => renderSlice(sl, s))}
            <button
              part="select-button"
              class="select"
              type="button"
              aria-pressed=${chosen ? 'true' : 'false'}
              aria-describedby=${id}
              @click=${() => actions.select(results, offer)}
            >
              ${chosen ? s.selected : s.select}
            </button>
          </article>
        </li>`;
      })}
    </ul>
  </li>`;
}
