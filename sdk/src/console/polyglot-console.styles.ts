import { css } from 'lit';

export const styles = css`
  :host {
    --_bg: var(--polyglot-console-bg, #ffffff);
    --_fg: var(--polyglot-console-fg, #1b1f24);
    --_muted: var(--polyglot-console-muted, #5b6470);
    --_panel: var(--polyglot-console-panel, #f3f5f8);
    --_line: var(--polyglot-console-line, #d5dae1);
    --_accent: var(--polyglot-console-accent, #0b63ce);
    --_danger: var(--polyglot-console-danger, #b42318);
    display: block;
    min-height: 100vh;
    background: var(--_bg);
    color: var(--_fg);
    font:
      15px/1.45 system-ui,
      sans-serif;
    color-scheme: light;
  }
  @media (prefers-color-scheme: dark) {
    :host(:not([theme='light'])) {
      --_bg: var(--polyglot-console-bg, #111418);
      --_fg: var(--polyglot-console-fg, #e7eaee);
      --_muted: var(--polyglot-console-muted, #9aa4b0);
      --_panel: var(--polyglot-console-panel, #1b2027);
      --_line: var(--polyglot-console-line, #313843);
      --_accent: var(--polyglot-console-accent, #6aa8ff);
      --_danger: var(--polyglot-console-danger, #ff8a80);
      color-scheme: dark;
    }
  }
  :host([theme='dark']) {
    --_bg: #111418;
    --_fg: #e7eaee;
    --_muted: #9aa4b0;
    --_panel: #1b2027;
    --_line: #313843;
    --_accent: #6aa8ff;
    --_danger: #ff8a80;
    color-scheme: dark;
  }
  header {
    display: flex;
    align-items: center;
    justify-content: space-between;
    padding: 10px 16px;
    border-bottom: 1px solid var(--_line);
  }
  h1 {
    font-size: 1.1rem;
    margin: 0;
  }
  h2 {
    font-size: 1rem;
    margin: 0 0 8px;
  }
  main {
    display: grid;
    grid-template-columns: minmax(260px, 1fr) minmax(320px, 2fr);
    gap: 16px;
    padding: 16px;
  }
  @media (max-width: 760px) {
    main {
      grid-template-columns: 1fr;
    }
  }
  section {
    background: var(--_panel);
    border: 1px solid var(--_line);
    border-radius: 8px;
    padding: 12px;
  }
  ul {
    list-style: none;
    margin: 0;
    padding: 0;
  }
  li + li {
    margin-top: 8px;
  }
  button,
  input {
    font: inherit;
    color: inherit;
  }
  button {
    background: transparent;
    border: 1px solid var(--_line);
    border-radius: 6px;
    padding: 6px 10px;
    cursor: pointer;
  }
  button.primary {
    background: var(--_accent);
    border-color: var(--_accent);
    color: var(--_bg);
  }
  button.danger {
    border-color: var(--_danger);
    color: var(--_danger);
  }
  button:focus-visible,
  input:focus-visible {
    outline: 3px solid var(--_accent);
    outline-offset: 2px;
  }
  input {
    background: var(--_bg);
    border: 1px solid var(--_line);
    border-radius: 6px;
    padding: 6px 8px;
  }
  .muted {
    color: var(--_muted);
  }
  .entry {
    display: grid;
    gap: 4px;
    width: 100%;
    text-align: start;
  }
  .entry[aria-current='true'] {
    border-color: var(--_accent);
    border-width: 2px;
  }
  form.sign-in {
    display: grid;
    gap: 10px;
    max-width: 320px;
    margin: 15vh auto;
  }
  .error {
    color: var(--_danger);
  }
  .transcript {
    max-height: 50vh;
    overflow-y: auto;
    margin: 8px 0;
  }
  .transcript [data-role='operator'] {
    border-inline-start: 3px solid var(--_accent);
    padding-inline-start: 6px;
  }
  .transcript [data-role='flights'],
  .transcript [data-role='citations'] {
    color: var(--_muted);
    font-size: 0.92em;
  }
  .transcript [data-role='error'] {
    color: var(--_danger);
    font-size: 0.92em;
  }
  .transcript a {
    color: var(--_accent);
  }
  .entry .tool {
    color: var(--_accent);
    font-weight: 600;
  }
  .who {
    font-weight: 600;
  }
  .actions,
  form.say {
    display: flex;
    gap: 8px;
    flex-wrap: wrap;
    margin-top: 8px;
  }
  form.say input {
    flex: 1;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
  @media (prefers-reduced-motion: no-preference) {
    .entry {
      transition: border-color 120ms;
    }
  }
  nav {
    display: flex;
    gap: 6px;
  }
  nav button[aria-pressed='true'] {
    background: var(--_panel);
    border-color: var(--_accent);
    font-weight: 600;
  }
  a.button {
    display: inline-block;
    border: 1px solid var(--_line);
    border-radius: 6px;
    padding: 6px 10px;
    color: inherit;
    text-decoration: none;
  }
  a.button:focus-visible {
    outline: 3px solid var(--_accent);
    outline-offset: 2px;
  }
  .history {
    padding: 16px;
  }
  .notice {
    margin: 0 0 12px;
    padding: 8px 12px;
    border-inline-start: 4px solid var(--_accent);
    background: var(--_panel);
  }
  .figures {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(320px, 1fr));
    gap: 16px;
    margin-top: 12px;
  }
  h3 {
    font-size: 0.95rem;
    margin: 12px 0 6px;
  }
  table.bars {
    inline-size: 100%;
    border-collapse: collapse;
  }
  table.bars th,
  table.bars td {
    text-align: start;
    font-weight: normal;
    padding: 2px 6px 2px 0;
    white-space: nowrap;
  }
  table.bars td {
    inline-size: 100%;
  }
  .bar {
    display: inline-block;
    block-size: 0.8em;
    max-inline-size: calc(100% - 3em);
    margin-inline-end: 6px;
    background: var(--_accent);
    border-radius: 2px;
    vertical-align: middle;
  }
  dl {
    display: grid;
    grid-template-columns: fit-content(45%) 1fr;
    gap: 4px 12px;
    margin: 0;
  }
  dt {
    color: var(--_muted);
  }
  dd {
    margin: 0;
  }
  table.latency {
    inline-size: 100%;
    border-collapse: collapse;
    margin: 0 0 12px;
    font-size: 0.85rem;
    font-variant-numeric: tabular-nums;
  }
  table.latency caption {
    text-align: start;
    color: var(--_muted);
    margin-bottom: 4px;
  }
  table.latency th,
  table.latency td {
    text-align: end;
    font-weight: normal;
    padding: 1px 0 1px 10px;
    white-space: nowrap;
  }
  table.latency thead th {
    color: var(--_muted);
  }
  table.latency thead th:first-child {
    text-align: start;
    padding-inline-start: 0;
  }
  table.latency tbody th {
    inline-size: 100%;
    text-align: start;
    padding-inline-start: 0;
  }
  .stack {
    display: inline-flex;
    inline-size: calc(100% - 4em);
    block-size: 0.7em;
    margin-inline-end: 6px;
    vertical-align: middle;
  }
  .stack i,
  .key i {
    display: inline-block;
    block-size: 0.7em;
  }
  .key {
    margin-inline-start: 8px;
  }
  .key i {
    inline-size: 0.7em;
    margin: 0 3px 0 8px;
  }
  i.eou {
    background: var(--_muted);
  }
  i.llm {
    background: var(--_accent);
  }
  i.tts {
    background: var(--_danger);
    opacity: 0.75;
  }
`;
