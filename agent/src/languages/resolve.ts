/**
 * A caller's or page's BCP-47 tag to a row of the table: regional and script variants resolve to
 * the language they are (`pt-BR` → pt, `es-419` → es, `sr-Latn` → sr), deprecated and alternative
 * codes to the current one (`iw` → he, `in` → id, `fil` → tl, `nb` → no), and Chinese by script
 * or region (`zh-Hant`, `zh-TW` → Mandarin in Traditional characters; `zh-HK`, `zh-MO` →
 * Cantonese). A tag that is not BCP-47, or names a language the table lacks, is an error.
 */
import { capabilityOf, type LanguageCapability } from './capabilities.js';
import { directionOf, type Direction } from './catalog.js';

export class UnknownLanguageError extends Error {
  readonly code = 'unknown_language';
  constructor(
    readonly tag: string,
    reason: 'invalid' | 'unsupported',
  ) {
    super(
      reason === 'invalid'
        ? `"${tag}" is not a BCP-47 language tag (e.g. en, pt-BR, zh-Hant, sr-Latn).`
        : `Polyglot has no route for the language "${tag}"; \`polyglot languages\` lists the ones it has.`,
    );
    this.name = 'UnknownLanguageError';
  }
}

/** Codes CLDR keeps as languages of their own that the table files under another. */
const ALIASES: Record<string, string> = {
  fil: 'tl',
  jw: 'jv',
  nb: 'no',
  cmn: 'zh',
  mo: 'ro',
  sh: 'sr',
  zsm: 'ms',
  pes: 'fa',
  arb: 'ar',
};

export interface ResolvedLanguage {
  /** The tag as asked, canonicalised (`iw-IL` → `he-IL`). */
  requested: string;
  capability: LanguageCapability;
  /** The script the tag names, or the language's usual one. */
  script: string;
  dir: Direction;
}

export function resolveLanguage(tag: string): ResolvedLanguage {
  let locale: Intl.Locale;
  try {
    // getCanonicalLocales applies CLDR's aliases (iw → he, in → id, ji → yi).
    const [canonical] = Intl.getCanonicalLocales(tag.trim().replaceAll('_', '-'));
    if (!canonical) throw new RangeError('empty');
    locale = new Intl.Locale(canonical);
  } catch {
    throw new UnknownLanguageError(tag, 'invalid');
  }
  const language = ALIASES[locale.language] ?? locale.language;
  const key = chineseVariant(language, locale) ?? language;
  const capability = capabilityOf(key);
  if (!capability) throw new UnknownLanguageError(tag, 'unsupported');
  const script = locale.script ?? capability.script;
  return { requested: locale.toString(), capability, script, dir: directionOf(script) };
}

function chineseVariant(language: string, locale: Intl.Locale): string | undefined {
  if (language !== 'zh') return undefined;
  if (locale.region === 'HK' || locale.region === 'MO') return 'yue';
  if (locale.script === 'Hant' || (!locale.script && locale.region === 'TW')) return 'zh-TW';
  return 'zh';
}

/** The table tag for any tag the widget or a provider sends, or undefined when it has none. */
export function tableTag(tag: string): string | undefined {
  try {
    return resolveLanguage(tag).capability.tag;
  } catch {
    return undefined;
  }
}
