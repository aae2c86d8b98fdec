/**
 * The languages Polyglot hears and answers in: one row per language, with its English and native
 * names and the script it is written in. What each provider does with it is `capabilities.ts`'s.
 *
 * The set is every language OpenAI's transcription was trained on (less Latin and Sanskrit), plus
 * the two Deepgram hears that Whisper does not (Xhosa, Zulu), and Mandarin in Traditional
 * characters as a row of its own (its recognition model differs). Names come from CLDR (ICU in
 * Node 20), written out here so the table does not move with a Node upgrade.
 */

/** [tag, English name, native name, ISO 15924 script] */
type Row = readonly [tag: string, name: string, native: string, script: string];

const ROWS: readonly Row[] = [
  ['af', 'Afrikaans', 'Afrikaans', 'Latn'],
  ['am', 'Amharic', 'አማርኛ', 'Ethi'],
  ['ar', 'Arabic', 'العربية', 'Arab'],
  ['as', 'Assamese', 'অসমীয়া', 'Beng'],
  ['az', 'Azerbaijani', 'azərbaycan', 'Latn'],
  ['ba', 'Bashkir', 'башҡорт', 'Cyrl'],
  ['be', 'Belarusian', 'беларуская', 'Cyrl'],
  ['bg', 'Bulgarian', 'български', 'Cyrl'],
  ['bn', 'Bengali', 'বাংলা', 'Beng'],
  ['bo', 'Tibetan', 'བོད་སྐད་', 'Tibt'],
  ['br', 'Breton', 'brezhoneg', 'Latn'],
  ['bs', 'Bosnian', 'bosanski', 'Latn'],
  ['ca', 'Catalan', 'català', 'Latn'],
  ['cs', 'Czech', 'čeština', 'Latn'],
  ['cy', 'Welsh', 'Cymraeg', 'Latn'],
  ['da', 'Danish', 'dansk', 'Latn'],
  ['de', 'German', 'Deutsch', 'Latn'],
  ['el', 'Greek', 'Ελληνικά', 'Grek'],
  ['en', 'English', 'English', 'Latn'],
  ['es', 'Spanish', 'español', 'Latn'],
  ['et', 'Estonian', 'eesti', 'Latn'],
  ['eu', 'Basque', 'euskara', 'Latn'],
  ['fa', 'Persian', 'فارسی', 'Arab'],
  ['fi', 'Finnish', 'suomi', 'Latn'],
  ['fo', 'Faroese', 'føroyskt', 'Latn'],
  ['fr', 'French', 'français', 'Latn'],
  ['gl', 'Galician', 'galego', 'Latn'],
  ['gu', 'Gujarati', 'ગુજરાતી', 'Gujr'],
  ['ha', 'Hausa', 'Hausa', 'Latn'],
  ['haw', 'Hawaiian', 'ʻŌlelo Hawaiʻi', 'Latn'],
  ['he', 'Hebrew', 'עברית', 'Hebr'],
  ['hi', 'Hindi', 'हिन्दी', 'Deva'],
  ['hr', 'Croatian', 'hrvatski', 'Latn'],
  ['ht', 'Haitian Creole', 'Kreyòl ayisyen', 'Latn'],
  ['hu', 'Hungarian', 'magyar', 'Latn'],
  ['hy', 'Armenian', 'հայերեն', 'Armn'],
  ['id', 'Indonesian', 'Bahasa Indonesia', 'Latn'],
  ['is', 'Icelandic', 'íslenska', 'Latn'],
  ['it', 'Italian', 'italiano', 'Latn'],
  ['ja', 'Japanese', '日本語', 'Jpan'],
  ['jv', 'Javanese', 'Basa Jawa', 'Latn'],
  ['ka', 'Georgian', 'ქართული', 'Geor'],
  ['kk', 'Kazakh', 'қазақ тілі', 'Cyrl'],
  ['km', 'Khmer', 'ខ្មែរ', 'Khmr'],
  ['kn', 'Kannada', 'ಕನ್ನಡ', 'Knda'],
  ['ko', 'Korean', '한국어', 'Kore'],
  ['lb', 'Luxembourgish', 'Lëtzebuergesch', 'Latn'],
  ['ln', 'Lingala', 'lingála', 'Latn'],
  ['lo', 'Lao', 'ລາວ', 'Laoo'],
  ['lt', 'Lithuanian', 'lietuvių', 'Latn'],
  ['lv', 'Latvian', 'latviešu', 'Latn'],
  ['mg', 'Malagasy', 'Malagasy', 'Latn'],
  ['mi', 'Māori', 'Māori', 'Latn'],
  ['mk', 'Macedonian', 'македонски', 'Cyrl'],
  ['ml', 'Malayalam', 'മലയാളം', 'Mlym'],
  ['mn', 'Mongolian', 'монгол', 'Cyrl'],
  ['mr', 'Marathi', 'मराठी', 'Deva'],
  ['ms', 'Malay', 'Bahasa Melayu', 'Latn'],
  ['mt', 'Maltese', 'Malti', 'Latn'],
  ['my', 'Burmese', 'မြန်မာ', 'Mymr'],
  ['ne', 'Nepali', 'नेपाली', 'Deva'],
  ['nl', 'Dutch', 'Nederlands', 'Latn'],
  ['nn', 'Norwegian Nynorsk', 'norsk nynorsk', 'Latn'],
  ['no', 'Norwegian', 'norsk', 'Latn'],
  ['oc', 'Occitan', 'occitan', 'Latn'],
  ['pa', 'Punjabi', 'ਪੰਜਾਬੀ', 'Guru'],
  ['pl', 'Polish', 'polski', 'Latn'],
  ['ps', 'Pashto', 'پښتو', 'Arab'],
  ['pt', 'Portuguese', 'português', 'Latn'],
  ['ro', 'Romanian', 'română', 'Latn'],
  ['ru', 'Russian', 'русский', 'Cyrl'],
  ['sd', 'Sindhi', 'سنڌي', 'Arab'],
  ['si', 'Sinhala', 'සිංහල', 'Sinh'],
  ['sk', 'Slovak', 'slovenčina', 'Latn'],
  ['sl', 'Slovenian', 'slovenščina', 'Latn'],
  ['sn', 'Shona', 'chiShona', 'Latn'],
  ['so', 'Somali', 'Soomaali', 'Latn'],
  ['sq', 'Albanian', 'shqip', 'Latn'],
  ['sr', 'Serbian', 'српски', 'Cyrl'],
  ['su', 'Sundanese', 'Basa Sunda', 'Latn'],
  ['sv', 'Swedish', 'svenska', 'Latn'],
  ['sw', 'Swahili', 'Kiswahili', 'Latn'],
  ['ta', 'Tamil', 'தமிழ்', 'Taml'],
  ['te', 'Telugu', 'తెలుగు', 'Telu'],
  ['tg', 'Tajik', 'тоҷикӣ', 'Cyrl'],
  ['th', 'Thai', 'ไทย', 'Thai'],
  ['tk', 'Turkmen', 'türkmen dili', 'Latn'],
  ['tl', 'Tagalog (Filipino)', 'Filipino', 'Latn'],
  ['tr', 'Turkish', 'Türkçe', 'Latn'],
  ['tt', 'Tatar', 'татар', 'Cyrl'],
  ['uk', 'Ukrainian', 'українська', 'Cyrl'],
  ['ur', 'Urdu', 'اردو', 'Arab'],
  ['uz', 'Uzbek', 'o‘zbek', 'Latn'],
  ['vi', 'Vietnamese', 'Tiếng Việt', 'Latn'],
  ['xh', 'Xhosa', 'IsiXhosa', 'Latn'],
  ['yi', 'Yiddish', 'ייִדיש', 'Hebr'],
  ['yo', 'Yoruba', 'Èdè Yorùbá', 'Latn'],
  ['yue', 'Cantonese', '粵語', 'Hant'],
  ['zh', 'Chinese (Mandarin, Simplified)', '中文', 'Hans'],
  ['zh-TW', 'Chinese (Mandarin, Traditional)', '中文（繁體）', 'Hant'],
  ['zu', 'Zulu', 'isiZulu', 'Latn'],
];

/** Scripts written right to left, among those in the table. */
const RTL_SCRIPTS = new Set(['Arab', 'Hebr', 'Thaa', 'Syrc', 'Nkoo', 'Adlm']);

export type Direction = 'ltr' | 'rtl';

export interface Language {
  /** BCP-47: a base language, or language-region where the region changes the route (zh-TW). */
  tag: string;
  name: string;
  native: string;
  script: string;
  dir: Direction;
}

export function directionOf(script: string): Direction {
  return RTL_SCRIPTS.has(script) ? 'rtl' : 'ltr';
}

export const LANGUAGES: readonly Language[] = ROWS.map(([tag, name, native, script]) => ({
  tag,
  name,
  native,
  script,
  dir: directionOf(script),
}));
