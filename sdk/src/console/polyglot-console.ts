/** Registers `<polyglot-console>` (the operator console's page loads this bundle). */
import { defineOnce } from '../define.js';
import { VERSION } from '../version.js';
import { PolyglotConsole } from './polyglot-console.component.js';

defineOnce('polyglot-console', PolyglotConsole, VERSION);

declare global {
  interface HTMLElementTagNameMap {
    'polyglot-console': PolyglotConsole;
  }
}
