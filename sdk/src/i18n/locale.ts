/**
 * Which language the UI speaks, its writing direction, and its strings.
 *
 * English is in the entry bundle. Every other language is a separate chunk, listed explicitly
 * so the bundler can split it: a session loads only the one it needs.
 */
import { en, type LocaleMeta, type Strings } from './strings.js';

const loaders: Record<string, () => Promise<{ default: Strings; meta: LocaleMeta }>> = {
  ar: () => import('./locales/ar.js'),
  bg: () => import('./locales/bg.js'),
  bn: () => import('./locales/bn.js'),
  ca: () => import('./locales/ca.js'),
  cs: () => import('./locales/cs.js'),
  da: () => import('./locales/da.js'),
  de: () => import('./locales/de.js'),
  el: () => import('./locales/el.js'),
  es: () => import('./locales/es.js'),
  fa: () => import('./locales/fa.js'),
  fi: () => import('./locales/fi.js'),
  fil: () => import('./locales/fil.js'),
  fr: () => import('./locales/fr.js'),
  he: () => import('./locales/he.js'),
  hi: () => import('./locales/hi.js'),
  hr: () => import('./locales/hr.js'),
  hu: () => import('./locales/hu.js'),
  id: () => import('./locales/id.js'),
  it: () => import('./locales/it.js'),
  ja: () => import('./locales/ja.js'),
  ko: () => import('./locales/ko.js'),
  lt: () => import('./locales/lt.js'),
  ms: () => import('./locales/ms.js'),
  nb: () => import('./locales/nb.js'),
  nl: () => import('./locales/nl.js'),
  pl: () => import('./locales/pl.js'),
  pt: () => import('./locales/pt.js'),
  ro: () => import('./locales/ro.js'),
  ru: () => import('./locales/ru.js'),
  sk: () => import('./locales/sk.js'),
  sv: () => import('./locales/sv.js'),
  sw: () => import('./locales/sw.js'),
  ta: () => import('./locales/ta.js'),
  th: () => import('./locales/th.js'),
  tr: () => import('./locales/tr.js'),
  uk: () => import('./locales/uk.js'),
  ur: () => import('./locales/ur.js'),
  vi: () => import('./locales/vi.js'),
  zh: () => import('./locales/zh.js'),
  'zh-Hant': () => import('./locales/zh-Hant.js'),
};

/** Every UI language, as BCP-47 tags (a primary subtag, or `zh-Hant`). */
export const UI_LANGUAGES: readonly string[] = ['en', ...Object.keys(loaders)].sort();

/** UI languages written right to left. */
const RTL = new Set(['ar', 'fa', 'he', 'ur']);

/**
 * Codes that name a UI language another way: legacy codes some browsers still report (iw, in),
 * Norwegian (Nynorsk readers read Bokmål), Tagalog for Filipino, Cantonese in Traditional
 * characters.
 */
const ALIASES: Record<string, string> = {
  iw: 'he',
  in: 'id',
  no: 'nb',
  nn: 'nb',
  tl: 'fil',
  yue: 'zh-Hant',
};

export interface Locale {
  /** The full tag used for Intl formatting and sent to the agent, e.g. "es-MX". */
  tag: string;
  /** The UI language whose strings we show, e.g. "es". */
  ui: string;
  dir: 'ltr' | 'rtl';
}

/** The UI language for a tag: its primary subtag, except Chinese, which goes by script. */
function uiLanguage(tag: string): string {
  const [first = '', ...rest] = tag.toLowerCase().split(/[-_]/);
  const p = ALIASES[first] ?? first;
  // Traditional characters: zh-Hant, and Taiwan, Hong Kong and Macau unless Hans is named.
  if (
    p === 'zh' &&
    (rest.includes('hant') || (!rest.includes('hans') && rest.some((x) => /^(tw|hk|mo)$/.test(x))))
  )
    return 'zh-Hant';
  return p;
}

/**
 * Picks the UI language: the `lang` attribute unless it is empty or "auto", otherwise the first
 * of the browser's preferred languages we have strings for, otherwise English.
 */
export function resolveLocale(lang: string, preferred: readonly string[]): Locale {
  const candidates = lang && lang !== 'auto' ? [lang] : preferred;
  for (const tag of candidates) {
    const ui = uiLanguage(tag);
    if (ui === 'en' || ui in loaders) return { tag, ui, dir: RTL.has(ui) ? 'rtl' : 'ltr' };
  }
  const tag = candidates[0] ?? 'en';
  // A language we have no strings for still goes to the agent; the UI falls back to English
  // (and messages carry dir="auto", so their own text still reads the right way).
  return { tag, ui: 'en', dir: 'ltr' };
}

/**
 * The tag to format dates, prices and counts with: the locale's own where the browser has its
 * data, else its UI language's (Chromium has none for Cantonese `yue`: its cards would be dated
 * in the browser's default language under Traditional Chinese labels).
 */
export function formatTag({ tag, ui }: Locale): string {
  try {
    return Intl.DateTimeFormat.supportedLocalesOf(tag).length ? tag : ui;
  } catch {
    return ui; // not a tag Intl accepts
  }
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
