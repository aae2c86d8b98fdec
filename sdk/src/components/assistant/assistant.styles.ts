import { css } from 'lit';

export const styles = css`
  :host {
    --_accent: var(--polyglot-accent, #0b63ce);
    --_bg: var(--polyglot-background, #ffffff);
    --_fg: var(--polyglot-foreground, #14181f);
    --_muted: var(--polyglot-muted, #5b6472);
    --_user-bg: var(--polyglot-user-bubble, #e8f0fc);
    --_agent-bg: var(--polyglot-assistant-bubble, #f3f4f6);
    --_radius: var(--polyglot-radius, 14px);
    --_font: var(--polyglot-font-family, system-ui, -apple-system, 'Segoe UI', sans-serif);
    display: block;
    font-family: var(--_font);
    color: var(--_fg);
    contain: content;
  }
  [part='panel'] {
    display: flex;
    flex-direction: column;
    background: var(--_bg);
    border-radius: var(--_radius);
    box-shadow: 0 6px 24px rgb(0 0 0 / 0.12);
    width: 100%;
    max-width: 420px;
    height: 520px;
    overflow: hidden;
  }
  header {
    display: flex;
    align-items: center;
    gap: 10px;
    padding: 14px 16px;
    border-bottom: 1px solid rgb(0 0 0 / 0.08);
  }
  header h2 {
    font-size: 1rem;
    margin: 0;
    flex: 1;
  }
  [part='status'] {
    display: inline-flex;
    align-items: center;
    gap: 6px;
    font-size: 0.85rem;
    color: var(--_muted);
  }
  .dot {
    width: 10px;
    height: 10px;
    border-radius: 50%;
    background: var(--_muted);
    transform: scale(calc(1 + var(--_level, 0) * 1.5));
    transition: transform 80ms linear;
  }
  :host([state='listening']) .dot {
    background: #1a9d5a;
  }
  :host([state='thinking']) .dot,
  :host([state='searching']) .dot {
    background: #d98a00;
    animation: pulse 1s ease-in-out infinite;
  }
  :host([state='speaking']) .dot {
    background: var(--_accent);
  }
  :host([state='interrupted']) .dot {
    background: #b54708;
  }
  :host([state='error']) .dot {
    background: #c62828;
  }
  @keyframes pulse {
    50% {
      opacity: 0.35;
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .dot {
      animation: none !important;
      transition: none;
      transform: none;
    }
  }
  [part='transcript'] {
    flex: 1;
    overflow-y: auto;
    margin: 0;
    padding: 12px 16px;
    list-style: none;
    display: flex;
    flex-direction: column;
    gap: 8px;
  }
  [part~='message'] {
    max-width: 85%;
    padding: 8px 12px;
    border-radius: 12px;
    line-height: 1.4;
    white-space: pre-wrap;
  }
  [part~='message'][data-role='user'] {
    align-self: flex-end;
    background: var(--_user-bg);
  }
  [part~='message'][data-role='assistant'] {
    align-self: flex-start;
    background: var(--_agent-bg);
  }
  [part~='message'][data-final='false'] {
    opacity: 0.7;
  }
  .tag {
    font-size: 0.75rem;
    color: var(--_muted);
    margin-inline-start: 6px;
  }
  .empty {
    color: var(--_muted);
    text-align: center;
    margin: auto;
    padding: 24px;
  }
  .error {
    margin: 0 16px 8px;
    padding: 8px 12px;
    border-radius: 8px;
    background: #fdecea;
    color: #8a1c1c;
    font-size: 0.9rem;
  }
  footer {
    display: flex;
    gap: 8px;
    padding: 12px 16px;
    border-top: 1px solid rgb(0 0 0 / 0.08);
    align-items: center;
  }
  form {
    display: flex;
    flex: 1;
    gap: 8px;
  }
  input {
    flex: 1;
    min-width: 0;
    font: inherit;
    padding: 8px 12px;
    border-radius: 999px;
    border: 1px solid rgb(0 0 0 / 0.2);
    background: var(--_bg);
    color: var(--_fg);
  }
  button {
    font: inherit;
    cursor: pointer;
    border: none;
    border-radius: 999px;
    padding: 8px 14px;
    background: var(--_accent);
    color: #fff;
  }
  button:focus-visible,
  input:focus-visible {
    outline: 3px solid color-mix(in srgb, var(--_accent) 50%, transparent);
    outline-offset: 2px;
  }
  [part='mic-button'] {
    width: 44px;
    height: 44px;
    padding: 0;
    display: grid;
    place-items: center;
  }
  [part='mic-button'][aria-pressed='true'] {
    background: #c62828;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }
  svg {
    width: 22px;
    height: 22px;
    fill: currentColor;
  }
`;
