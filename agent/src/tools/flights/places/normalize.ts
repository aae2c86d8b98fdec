const FOLD: Record<string, string> = {
  ß: 'ss',
  ł: 'l',
  ø: 'o',
  æ: 'ae',
  œ: 'oe',
  đ: 'd',
  ı: 'i',
  þ: 'th',
  ς: 'σ',
};

/**
 * Folds a place name for matching: Unicode compatibility decomposition, marks
 * (accents, Greek tonos, Arabic harakat) removed, case folded,
 * punctuation turned into single spaces. "Zürich" and "ZURICH" both give "zurich".
 */
export function normalizeName(input: string): string {
  return (
    input
      .normalize('NFKD')
      // Latin/Greek/Cyrillic accents, Hebrew points, Arabic harakat. Kana voicing
      // marks stay: パリ (Paris) and バリ (Bali) are different places.
      .replace(/[\u0300-\u036f\u0591-\u05c7\u064b-\u065f\u0670]+/g, '')
      .normalize('NFC')
      .toLowerCase()
      .replace(/[ßłøæœđıþς]/g, (c) => FOLD[c] ?? c)
      .replace(/[\p{P}\p{S}]+/gu, ' ')
      .replace(/\s+/g, ' ')
      .trim()
  );
}

const AIRPORT_WORDS = new Set([
  'airport',
  'airports',
  'aeropuerto',
  'aeroport',
  'aeroporto',
  'flughafen',
  'luchthaven',
  'lotnisko',
  'international',
  'internacional',
  'internationaal',
  'internazionale',
  'intl',
  'regional',
  'municipal',
  'the',
  'de',
  'di',
  'do',
  'da',
]);
const CJK_AIRPORT_SUFFIX = /(国際空港|国际机场|國際機場|国际机场|空港|机场|機場|국제공항|공항)$/u;
const AIRPORT_PREFIX_WORDS = /^(مطار)\s*/u;

/** "London Heathrow Airport" -> "london heathrow"; "羽田空港" -> "羽田". Returns "" when nothing is left. */
export function stripAirportWords(normalized: string): string {
  const s = normalized.replace(CJK_AIRPORT_SUFFIX, '').replace(AIRPORT_PREFIX_WORDS, '');
  const words = s.split(' ').filter((w) => w && !AIRPORT_WORDS.has(w));
  return words.join(' ');
}
