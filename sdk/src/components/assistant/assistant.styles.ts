import { css } from 'lit';
import { flightCardStyles } from '../flight-card/flight-card.styles.js';
import { citationStyles } from '../citations/citations.styles.js';

/**
 * Public `--polyglot-*` properties feed private `--_*` tokens on :host; every rule below uses
 * only the private ones. assistant.test.ts fails on a token used but never defined.
 */
const lightDefaults = css`
  --_accent: var(--polyglot-accent, #0b63ce);
  --_accent-text: var(--polyglot-accent, #0a58b8);
  --_on-accent: var(--polyglot-on-accent, #ffffff);
  --_bg: var(--polyglot-background, #ffffff);
  --_surface: var(--polyglot-surface, #f7f8fa);
  --_fg: var(--polyglot-foreground, #14181f);
  --_muted: var(--polyglot-muted, #545d6b);
  --_border: var(--polyglot-border, #d5dae1);
  --_user-bg: var(--polyglot-user-bubble, #e3edfb);
  --_agent-bg: var(--polyglot-assistant-bubble, #f1f3f5);
  --_danger: var(--polyglot-danger, #c0261f);
  --_ok: #17803d;
  --_warn: #a85d00;
  --_error-bg: #fdecea;
  --_on-status: #ffffff;
  --_shadow: 0 10px 32px rgb(15 23 42 / 0.18), 0 2px 6px rgb(15 23 42 / 0.08);
`;

const darkDefaults = css`
  --_accent: var(--polyglot-accent, #6aa8ff);
  --_accent-text: var(--polyglot-accent, #8dbcff);
  --_on-accent: var(--polyglot-on-accent, #0b1526);
  --_bg: var(--polyglot-background, #161a21);
  --_surface: var(--polyglot-surface, #1f242d);
  --_fg: var(--polyglot-foreground, #e9ecf1);
  --_muted: var(--polyglot-muted, #a6afbc);
  --_border: var(--polyglot-border, #343b47);
  --_user-bg: var(--polyglot-user-bubble, #1f3a5f);
  --_agent-bg: var(--polyglot-assistant-bubble, #242a34);
  --_danger: var(--polyglot-danger, #ff7b72);
  --_ok: #56d27f;
  --_warn: #f0b040;
  --_error-bg: #3b1f22;
  --_on-status: #0b1526;
  --_shadow: 0 10px 32px rgb(0 0 0 / 0.5), 0 2px 6px rgb(0 0 0 / 0.3);
`;

const base = css`
  :host {
    ${lightDefaults}
    --_radius: var(--polyglot-radius, 16px);
    --_font: var(
      --polyglot-font-family,
      system-ui,
      -apple-system,
      'Segoe UI',
      'Noto Sans',
      sans-serif
    );
    --_z: var(--polyglot-z-index, 10000);
    --_panel-width: var(--polyglot-panel-width, 400px);
    --_panel-height: var(--polyglot-panel-height, 560px);
    --_offset: var(--polyglot-offset, 20px);
    --_level: 0;
    --_mic: 0;
    display: block;
    /* In a page's grid or flex column, shrink with it instead of widening it (phones). */
    min-width: 0;
    font-family: var(--_font);
    font-size: 15px;
    line-height: 1.4;
    color: var(--_fg);
    color-scheme: light;
    text-align: start;
  }
  :host([theme='dark']) {
    ${darkDefaults}
    color-scheme: dark;
  }
  @media (prefers-color-scheme: dark) {
    :host([theme='auto']) {
      ${darkDefaults}
      color-scheme: dark;
    }
  }
  :host([layout='floating']) {
    display: contents;
  }
  [hidden] {
    display: none !important;
  }
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }

  /* ---- panel ---- */
  [part='panel'] {
    display: flex;
    flex-direction: column;
    background: var(--_bg);
    color: var(--_fg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    box-shadow: var(--_shadow);
    width: 100%;
    max-width: var(--_panel-width);
    height: var(--_panel-height);
    overflow: hidden;
  }
  :host([layout='floating']) [part='panel'] {
    position: fixed;
    z-index: var(--_z);
    inset-block-end: calc(var(--_offset) + 72px);
    inset-inline-end: var(--_offset);
    width: min(var(--_panel-width), calc(100vw - 2 * var(--_offset)));
    height: min(var(--_panel-height), calc(100vh - var(--_offset) - 96px));
    animation: rise 180ms ease-out;
  }
  @keyframes rise {
    from {
      opacity: 0;
      transform: translateY(12px);
    }
  }
  [part='header'] {
    display: flex;
    align-items: center;
    gap: 12px;
    padding: 10px 14px 10px 16px;
    border-bottom: 1px solid var(--_border);
  }
  /* The title over the state: their text never sets the panel's width (ellipsis instead). */
  .heading {
    flex: 1;
    width: 0;
    display: grid;
  }
  [part='header'] h2,
  [part='status'] {
    margin: 0;
    white-space: nowrap;
    overflow: hidden;
    text-overflow: ellipsis;
  }
  [part='header'] h2 {
    font-size: 1rem;
    line-height: 1.3;
  }
  [part='status'] {
    font-size: 0.82rem;
    color: var(--_muted);
  }

  /*
   * ---- presence: an orb whose colour and motion say the state, and whose size and halo
   * breathe with the real level (--_level: the microphone while listening, the agent's voice
   * while speaking; written once per animation frame by PresenceController) ----
   */
  .indicator {
    --_c: var(--_muted);
    position: relative;
    flex: none;
    width: 34px;
    height: 34px;
    /* Room for the halo at full level, clear of the title. */
    margin-inline: 2px 4px;
    border-radius: 50%;
    background: radial-gradient(
      circle at 35% 30%,
      color-mix(in srgb, var(--_c) 40%, #fff),
      var(--_c) 72%
    );
    box-shadow: 0 0 0 calc(var(--_level) * 7px) color-mix(in srgb, var(--_c) 30%, transparent);
    transform: scale(calc(0.76 + var(--_level) * 0.3));
    transition:
      transform 60ms linear,
      box-shadow 60ms linear;
  }
  .indicator::before,
  .indicator::after {
    content: '';
    position: absolute;
    inset: -5px;
    border-radius: 50%;
    border: 2px solid transparent;
  }
  /* Waiting with no microphone heard: a calm ring, breathing slowly. */
  :host([state='ready']) .indicator {
    animation: breathe 4s ease-in-out infinite;
  }
  :host([state='ready']) .indicator::after {
    border-color: color-mix(in srgb, var(--_c) 45%, transparent);
  }
  :host([state='listening']) .indicator {
    --_c: var(--_ok);
  }
  :host([state='speaking']) .indicator {
    --_c: var(--_accent);
  }
  :host([state='thinking']) .indicator,
  :host([state='searching']) .indicator,
  :host([state='interrupted']) .indicator,
  :host([state='reconnecting']) .indicator {
    --_c: var(--_warn);
  }
  :host([state='error']) .indicator {
    --_c: var(--_danger);
  }
  :host([state='connecting']) .indicator,
  :host([state='reconnecting']) .indicator {
    animation: pulse 1.2s ease-in-out infinite;
  }
  /* Thinking: an arc going round. Searching: the arc, and a ping going out. */
  :host([state='thinking']) .indicator::before,
  :host([state='searching']) .indicator::before {
    border-block-start-color: var(--_c);
    animation: spin 1.1s linear infinite;
  }
  :host([state='searching']) .indicator::before {
    animation-duration: 0.6s;
  }
  :host([state='searching']) .indicator::after {
    border-color: var(--_c);
    animation: ping 1.2s ease-out infinite;
  }
  /* Cut off: shrunk, behind a broken ring. */
  :host([state='interrupted']) .indicator {
    transform: scale(0.6);
  }
  :host([state='interrupted']) .indicator::before {
    border: 2px dashed var(--_c);
  }
  @keyframes breathe {
    50% {
      transform: scale(0.88);
    }
  }
  @keyframes ping {
    from {
      transform: scale(0.8);
      opacity: 0.9;
    }
    to {
      transform: scale(1.5);
      opacity: 0;
    }
  }
  @keyframes pulse {
    50% {
      opacity: 0.3;
    }
  }
  @keyframes spin {
    to {
      transform: rotate(1turn);
    }
  }

  /* ---- conversation ---- */
  [part='transcript'] {
    flex: 1;
    overflow-y: auto;
    margin: 0;
    padding: 14px 16px;
    list-style: none;
    display: flex;
    flex-direction: column;
    gap: 8px;
    overscroll-behavior: contain;
  }
  [part~='message'] {
    max-width: 85%;
    padding: 8px 12px;
    border-radius: 14px;
    overflow-wrap: anywhere;
  }
  [part~='message'] .text {
    white-space: pre-wrap;
  }
  [part~='message'][data-role='user'] {
    align-self: flex-end;
    background: var(--_user-bg);
    border-end-end-radius: 4px;
  }
  [part~='message'][data-role='assistant'] {
    align-self: flex-start;
    background: var(--_agent-bg);
    border-end-start-radius: 4px;
  }
  /* A person who took the conversation over (operator console): named, on the agent's side. */
  [part~='message'][data-role='operator'] {
    align-self: flex-start;
    background: var(--_agent-bg);
    border-inline-start: 3px solid var(--_accent);
  }
  [part~='message'] .who {
    display: block;
    font-size: 0.8em;
    font-weight: 600;
  }
  [part~='message'][data-final='false'] {
    opacity: 0.72;
  }
  /* An interrupted reply: cut where playback stopped, marked so nobody thinks it finished. */
  [part~='message'][data-interrupted] {
    border-inline-end: 3px dashed var(--_warn);
  }
  [part~='message'][data-interrupted] .text::after {
    content: '…';
  }
  .tag {
    display: inline-block;
    font-size: 0.72rem;
    color: var(--_warn);
    border: 1px solid currentColor;
    border-radius: 999px;
    padding: 0 6px;
    margin-inline-start: 6px;
    vertical-align: 1px;
  }
  [part='tool'] {
    align-self: center;
    display: inline-flex;
    align-items: center;
    gap: 6px;
    font-size: 0.8rem;
    color: var(--_muted);
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: 999px;
    padding: 3px 10px;
  }
  .tool-icon {
    width: 12px;
    height: 12px;
    border-radius: 50%;
    border: 2px solid var(--_ok);
  }
  [part='tool'][data-status='started'] .tool-icon {
    border-color: var(--_warn);
    border-block-start-color: transparent;
    animation: spin 0.8s linear infinite;
  }
  [part='tool'][data-status='failed'] .tool-icon {
    border-color: var(--_danger);
  }
  /* A question for the traveller before searching: information, not a failure. */
  [part='tool'][data-status='clarify'] .tool-icon {
    border-color: var(--_accent);
  }
  .elapsed {
    font-variant-numeric: tabular-nums;
  }
  .empty {
    color: var(--_muted);
    text-align: center;
    margin: auto;
    padding: 24px;
    max-width: 30ch;
  }
  .error {
    display: flex;
    align-items: center;
    gap: 10px;
    margin: 0 16px 10px;
    padding: 8px 8px 8px 12px;
    border-radius: 10px;
    background: var(--_error-bg);
    color: var(--_danger);
    font-size: 0.88rem;
  }
  .error span {
    flex: 1;
  }
  /* Replies in this language are text only, or it is not heard: information, not an error. */
  .notice {
    display: flex;
    align-items: flex-start;
    gap: 8px;
    margin: 0 16px 10px;
    padding: 8px 12px;
    border-radius: 10px;
    border: 1px solid var(--_border);
    background: var(--_surface);
    color: var(--_fg);
    font-size: 0.88rem;
    line-height: 1.35;
  }
  .notice svg {
    flex: none;
    width: 18px;
    height: 18px;
    fill: var(--_muted);
  }
  .handoff {
    margin: 0 16px 10px;
    color: var(--_accent-text);
    font-weight: 600;
  }

  /* ---- controls ---- */
  [part='footer'] {
    display: flex;
    gap: 8px;
    padding: 12px 14px;
    border-top: 1px solid var(--_border);
    align-items: center;
  }
  form {
    display: flex;
    flex: 1;
    gap: 6px;
    min-width: 0;
  }
  input {
    flex: 1;
    /* An input's default width (~20 characters) would otherwise be the panel's minimum. */
    width: 0;
    min-width: 0;
    font: inherit;
    padding: 9px 14px;
    border-radius: 999px;
    border: 1px solid var(--_border);
    background: var(--_surface);
    color: var(--_fg);
  }
  input::placeholder {
    color: var(--_muted);
  }
  button {
    font: inherit;
    cursor: pointer;
    border: none;
    border-radius: 999px;
    padding: 8px 14px;
    background: var(--_accent);
    color: var(--_on-accent);
  }
  button:focus-visible,
  input:focus-visible,
  a:focus-visible {
    outline: 3px solid var(--_accent);
    outline-offset: 2px;
  }
  .icon-button {
    width: 40px;
    height: 40px;
    padding: 0;
    display: grid;
    place-items: center;
    flex: none;
  }
  [part='close-button'] {
    width: 32px;
    height: 32px;
    background: transparent;
    color: var(--_muted);
  }
  .send svg {
    transform: scaleX(var(--_flip, 1));
  }
  .root[dir='rtl'] .send {
    --_flip: -1;
  }
  [part='mic-button'] {
    width: 48px;
    height: 48px;
    padding: 0;
    display: grid;
    place-items: center;
    flex: none;
    transition: box-shadow 90ms linear;
  }
  /* Open and heard: green, with a ring that follows the microphone's real level. */
  [part='mic-button'][data-mic='on'] {
    background: var(--_ok);
    color: var(--_on-status);
    box-shadow: 0 0 0 calc(2px + var(--_mic) * 10px) color-mix(in srgb, var(--_ok) 30%, transparent);
  }
  [part='mic-button'][data-mic='muted'] {
    background: var(--_surface);
    color: var(--_danger);
    box-shadow: inset 0 0 0 1px var(--_border);
  }
  [part='end-button'] {
    background: var(--_danger);
    color: var(--_on-status);
  }
  [part='launcher'] {
    position: fixed;
    z-index: var(--_z);
    inset-block-end: var(--_offset);
    inset-inline-end: var(--_offset);
    width: 60px;
    height: 60px;
    padding: 0;
    display: grid;
    place-items: center;
    box-shadow: var(--_shadow);
  }
  [part='launcher'] .indicator {
    position: absolute;
    inset-block-start: -4px;
    inset-inline-end: -4px;
    width: 22px;
    height: 22px;
    border: 2px solid var(--_bg);
  }
  :host([state='idle']) [part='launcher'] .indicator {
    display: none;
  }
  svg {
    width: 22px;
    height: 22px;
    fill: currentColor;
  }
  [part='launcher'] > svg {
    width: 28px;
    height: 28px;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }

  /* ---- small screens: the floating panel takes the screen ---- */
  @media (max-width: 480px) {
    :host([layout='floating']) [part='panel'] {
      inset: 0;
      width: 100%;
      height: 100%;
      max-width: none;
      border-radius: 0;
      border: none;
    }
    [part='panel'] {
      max-width: none;
    }
    [part~='message'] {
      max-width: 92%;
    }
  }

  /* ---- reduced motion: no movement; levels show as opacity instead of size ---- */
  @media (prefers-reduced-motion: reduce) {
    *,
    *::before,
    *::after {
      animation: none !important;
      transition: none !important;
    }
    /* The orb keeps its size; the level shows in its halo's strength instead. */
    .indicator {
      transform: none;
      box-shadow: 0 0 0 6px color-mix(in srgb, var(--_c) calc(var(--_level) * 60%), transparent);
    }
    :host([state='interrupted']) .indicator {
      transform: scale(0.6);
    }
    [part='mic-button'][data-mic='on'] {
      box-shadow: 0 0 0 6px color-mix(in srgb, var(--_ok) calc(var(--_mic) * 60%), transparent);
    }
  }
`;

export const styles = [base, flightCardStyles, citationStyles];
