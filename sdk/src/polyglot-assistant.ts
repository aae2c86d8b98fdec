/**
 * Registers <polyglot-assistant>. Safe to load twice (e.g. the CDN tag and an npm import):
 * the second load skips the definition and warns if its version differs.
 */
import { PolyglotAssistant } from './components/assistant/assistant.component.js';
import { defineOnce } from './define.js';
import { VERSION } from './version.js';

defineOnce('polyglot-assistant', PolyglotAssistant, VERSION);

export { PolyglotAssistant, VERSION };

declare global {
  interface HTMLElementTagNameMap {
    'polyglot-assistant': PolyglotAssistant;
  }
}
