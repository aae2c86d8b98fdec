/**
 * Flight offers as cards, rendered inside the assistant's transcript (same shadow root, so no
 * extra custom element to register). Each card is one offer: airline, price, and a row per
 * slice (outbound, return) with local times and zones, duration and stops.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { FlightResultsEntry } from '../../controllers/transcript-controller.js';
import { offerView, type SliceView } from '../../flights/format.js';
import type { Strings } from '../../i18n/strings.js';

function renderSlice(v: SliceView, s: Strings): TemplateResult {
  return html`<div class="slice">
    <div class="end">
      <span class="time">${v.depart.time}</span>
      <span class="zone">${v.depart.zone}</span>
      <span class="place"><abbr title=${v.depart.city}>${v.depart.iata}</abbr></span>
      <span class="date">${v.depart.date}</span>
    </div>
    <div class="path">
      <span class="duration">${v.duration}</span>
      <span class="line" aria-hidden="true"></span>
      <span class="stops" data-stops=${v.stops === s.nonstop ? '0' : 'n'}>${v.stops}</span>
    </div>
    <div class="end arrive">
      <span class="time"
        >${v.arrive.time}${v.dayOffset
          ? html`<sup class="offset">${v.dayOffset > 0 ? '+' : ''}${v.dayOffset}</sup>`
          : nothing}</span
      >
      <span class="zone">${v.arrive.zone}</span>
      <span class="place"><abbr title=${v.arrive.city}>${v.arrive.iata}</abbr></span>
      <span class="date">${v.arrive.date}</span>
    </div>
  </div>`;
}

export function renderFlightResults(
  results: FlightResultsEntry,
  tag: string,
  s: Strings,
): TemplateResult {
  return html`<li part="flight-results" class="flight-results">
    <ul aria-label=${s.flights}>
      ${results.offers.map((offer) => {
        const v = offerView(offer, tag, s);
        return html`<li>
          <article part="flight-card" class="flight-card" aria-label=${v.label} data-offer=${v.id}>
            <header>
              <span class="airline">${v.airline}</span>
              <span class="price">${v.price}</span>
            </header>
            ${v.slices.map((sl) => renderSlice(sl, s))}
          </article>
        </li>`;
      })}
    </ul>
  </li>`;
}
