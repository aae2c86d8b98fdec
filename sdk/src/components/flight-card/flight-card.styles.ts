import { css } from 'lit';

/**
 * Card styles; included in the assistant's shadow root. Uses the assistant's private tokens (and
 * its button styles for Select). Times, durations and stops never wrap, and the path column is
 * never narrower than its duration (an Arabic "20 س و30 د" used to wrap over four lines). Each
 * end is two rows, time and zone over airport and date (the ::before breaks the line), and a row
 * wraps in itself only when the card is too narrow.
 */
export const flightCardStyles = css`
  .flight-results {
    list-style: none;
    align-self: stretch;
  }
  .flight-results > .count {
    margin: 0 0 6px;
    font-size: 0.75rem;
    color: var(--_muted);
  }
  .flight-results > ul {
    list-style: none;
    margin: 0;
    padding: 0;
    display: flex;
    flex-direction: column;
    gap: 8px;
  }
  .flight-card {
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: 12px;
    padding: 10px 12px;
    display: flex;
    flex-direction: column;
    gap: 8px;
  }
  .flight-card[data-selected] {
    border-color: var(--_ok);
  }
  .flight-card header {
    display: flex;
    align-items: baseline;
    justify-content: space-between;
    gap: 8px;
  }
  .airline {
    font-weight: 600;
    font-size: 0.9rem;
  }
  .price {
    font-weight: 700;
    font-size: 1.05rem;
    color: var(--_accent-text);
    white-space: nowrap;
  }
  .slice {
    display: grid;
    grid-template-columns: auto minmax(min-content, 1fr) auto;
    align-items: center;
    gap: 10px;
  }
  .slice + .slice {
    border-top: 1px dashed var(--_border);
    padding-top: 8px;
  }
  .end {
    display: flex;
    flex-wrap: wrap;
    column-gap: 4px;
    align-items: baseline;
  }
  .end::before {
    content: '';
    order: 3;
    flex-basis: 100%;
  }
  .end .place,
  .end .date {
    order: 4;
  }
  .end.arrive {
    justify-content: flex-end;
    text-align: end;
  }

  .time {
    font-size: 1.05rem;
    font-weight: 600;
    font-variant-numeric: tabular-nums;
  }
  .zone,
  .date {
    font-size: 0.7rem;
    color: var(--_muted);
  }
  .place {
    font-size: 0.8rem;
    font-weight: 600;
  }
  .place abbr {
    text-decoration: none;
  }
  .offset {
    font-size: 0.65rem;
    color: var(--_danger);
    margin-inline-start: 2px;
  }
  .path {
    display: flex;
    flex-direction: column;
    align-items: center;
    gap: 2px;
    font-size: 0.72rem;
    color: var(--_muted);
  }
  .path .line {
    width: 100%;
    height: 2px;
    border-radius: 2px;
    background: var(--_border);
  }
  .time,
  .duration,
  .stops {
    white-space: nowrap;
  }
  .stops[data-stops='0'] {
    color: var(--_ok);
  }
  .select {
    align-self: flex-end;
    padding: 4px 14px;
  }
  .select[aria-pressed='true'] {
    background: var(--_ok);
  }
`;
