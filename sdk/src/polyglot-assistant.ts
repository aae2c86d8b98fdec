/**
 * Registers <polyglot-assistant>. Safe to load twice (e.g. the CDN tag and an npm import):
 * the second load skips the definition and warns if its version differs.
 */
import { PolyglotAssistant } from './components/assistant/assistant.component.js';

export const VERSION = '0.1.0';
const TAG = 'polyglot-assistant';

type Versioned = CustomElementConstructor & { polyglotVersion?: string };

const existing = customElements.get(TAG) as Versioned | undefined;
if (!existing) {
  (PolyglotAssistant as unknown as Versioned).polyglotVersion = VERSION;
  customElements.define(TAG, PolyglotAssistant);
} else if (existing.polyglotVersion !== VERSION) {
  console.warn(
    `<${TAG}> ${VERSION} was loaded, but ${existing.polyglotVersion ?? 'another version'} is already registered; keeping that one.`,
  );
}

export { PolyglotAssistant };

declare global {
  interface HTMLElementTagNameMap {
    'polyglot-assistant': PolyglotAssistant;
  }
}
