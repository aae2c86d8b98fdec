import { css } from 'lit';

/** Under the answer, in the assistant's column; logical properties keep it right in RTL. */
export const citationStyles = css`
  [part='citations'] {
    align-self: flex-start;
    max-inline-size: 85%;
    margin-block-start: -4px;
    font-size: 0.8125rem;
    color: var(--_muted);
  }
  [part='citations'] ul {
    margin: 2px 0 0;
    padding-inline-start: 1.1em;
  }
  [part='citations'] a {
    color: var(--_accent-text);
    overflow-wrap: anywhere;
  }
`;
