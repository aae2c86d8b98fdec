import { css } from 'lit';

/** Card styles; included in the assistant's shadow root. Uses the assistant's private tokens. */
export const flightCardStyles = css`
  .flight-results {
    list-style: none;
    align-self: stretch;
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
    grid-template-columns: auto 1fr auto;
    align-items: center;
    gap: 10px;
  }
  .slice + .slice {
    border-top: 1px dashed var(--_border);
    padding-top: 8px;
  }
  .end {
    display: grid;
    grid-template-columns: auto auto;
    column-gap: 4px;
    align-items: baseline;
  }
  .end.arrive {
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
    min-width: 0;
    font-size: 0.72rem;
    color: var(--_muted);
  }
  .path .line {
    width: 100%;
    height: 2px;
    border-radius: 2px;
    background: var(--_border);
  }
  .stops[data-stops='0'] {
    color: var(--_ok);
  }
`;
