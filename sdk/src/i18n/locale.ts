/**
 * Which language the UI speaks, its writing direction, and its strings.
 *
 * English is in the entry bundle. Every other language is a separate chunk, listed explicitly
 * so the bundler can split it: a session loads only the one it needs.
 */
import { en, type Strings } from './strings.js';

const loaders: Record<string, () => Promise<{ default: Strings }>> = {
  ar: () => import('./locales/ar.js'),
  de: () => import('./locales/de.js'),
  el: () => import('./locales/el.js'),
  es: () => import('./locales/es.js'),
  fr: () => import('./locales/fr.js'),
  he: () => import('./locales/he.js'),
  hi: () => import('./locales/hi.js'),
  id: () => import('./locales/id.js'),
  it: () => import('./locales/it.js'),
  ja: () => import('./locales/ja.js'),
  ko: () => import('./locales/ko.js'),
  nl: () => import('./locales/nl.js'),
  pl: () => import('./locales/pl.js'),
  pt: () => import('./locales/pt.js'),
  ru: () => import('./locales/ru.js'),
  sv: () => import('./locales/sv.js'),
  th: () => import('./locales/th.js'),
  tr: () => import('./locales/tr.js'),
  uk: () => import('./locales/uk.js'),
  vi: () => import('./locales/vi.js'),
  zh: () => import('./locales/zh.js'),
};

/** Every UI language, as BCP-47 primary subtags. */
export const UI_LANGUAGES: readonly string[] = ['en', ...Object.keys(loaders)].sort();

/** Scripts written right to left, by primary subtag (we ship ar and he; fa/ur/yi fall back). */
const RTL = new Set(['ar', 'he', 'fa', 'ur', 'yi']);

/** Hebrew's legacy code still appears in some browsers' language lists. */
const ALIASES: Record<string, string> = { iw: 'he', in: 'id', nb: 'sv', no: 'sv' };

export interface Locale {
  /** The full tag used for Intl formatting and sent to the agent, e.g. "es-MX". */
  tag: string;
  /** The UI language whose strings we show, e.g. "es". */
  ui: string;
  dir: 'ltr' | 'rtl';
}

function primary(tag: string): string {
  const p = tag.toLowerCase().split(/[-_]/)[0] ?? '';
  return ALIASES[p] ?? p;
}

/**
 * Picks the UI language: the `lang` attribute unless it is empty or "auto", otherwise the first
 * of the browser's preferred languages we have strings for, otherwise English.
 */
export function resolveLocale(lang: string, preferred: readonly string[]): Locale {
  const candidates = lang && lang !== 'auto' ? [lang] : preferred;
  for (const tag of candidates) {
    const ui = primary(tag);
    if (ui === 'en' || ui in loaders) return { tag, ui, dir: RTL.has(ui) ? 'rtl' : 'ltr' };
  }
  const tag = candidates[0] ?? 'en';
  // A language we have no strings for still goes to the agent; the UI falls back to English
  // (and messages carry dir="auto", so their own text still reads the right way).
  return { tag, ui: 'en', dir: 'ltr' };
}

const cache = new Map<string, Strings>([['en', en]]);

/** The strings for `ui`, synchronously if already loaded. */
export function stringsFor(ui: string): Strings | undefined {
  return cache.get(ui);
}

/** Loads the strings for `ui` (English if unknown or on failure). */
export async function loadStrings(ui: string): Promise<Strings> {
  const hit = cache.get(ui);
  if (hit) return hit;
  const load = loaders[ui];
  if (!load) return en;
  try {
    const strings = (await load()).default;
    cache.set(ui, strings);
    return strings;
  } catch {
    return en;
  }
}
