/**
 * What each provider can do with each language, and the route a session takes for one, given the
 * providers this deployment has keys for. The one place that decides which provider, model and
 * language parameter a language gets.
 *
 * - Speech-to-text: Deepgram Nova-3 `multi` for the languages it covers (it detects the language
 *   per utterance, so a caller who switches is followed); a Deepgram Nova-3 monolingual model where
 *   one exists; OpenAI transcription otherwise. OpenAI is also every Deepgram route's failover.
 * - Text-to-speech: Cartesia Sonic-3 for its languages, OpenAI TTS for the ones it lists, and
 *   otherwise none: the answer is text only. espeak-ng (`POLYGLOT_TTS=espeak`) is a development
 *   voice for every language and is never chosen by this table.
 */
import { LANGUAGES, type Language } from './catalog.js';
import {
  CARTESIA_SONIC3,
  DEEPGRAM_NOVA3_MONOLINGUAL,
  DEEPGRAM_NOVA3_MULTI,
  OPENAI_SUPPORTED,
  OPENAI_WHISPER_TRAINED,
} from './sources.js';

export const DEEPGRAM_MODEL = 'nova-3';
export const CARTESIA_MODEL = 'sonic-3';

/** One way to recognise a language: the provider, and the `language` it is sent. */
export type SttOption =
  | {
      provider: 'deepgram';
      model: typeof DEEPGRAM_MODEL;
      /** `multi`, or the monolingual model's code. */
      language: string;
      /** Whether the model tells which language it heard (only `multi` does). */
      detects: boolean;
    }
  | {
      provider: 'openai';
      /** The ISO 639-1 hint sent as `language` (Whisper's own code where it has no ISO one). */
      language: string;
      /** `supported`: in OpenAI's list (WER < 50%); `limited`: trained on, nothing promised. */
      quality: 'supported' | 'limited';
    };

/** One way to voice a language: the provider and the `language` it is sent. */
export type TtsOption =
  | { provider: 'cartesia'; model: typeof CARTESIA_MODEL; language: string }
  /** OpenAI's speech endpoint takes no language: the voice reads the text it is given. */
  | { provider: 'openai'; language: string };

export interface LanguageCapability extends Language {
  /** Best first. */
  stt: SttOption[];
  /** Best first; empty: no natural voice, answers are text. */
  tts: TtsOption[];
}

const has = (list: { codes: readonly string[] }, code: string) => list.codes.includes(code);

/** The code each provider knows a table tag by, where it differs from the tag. */
const DEEPGRAM_CODE: Record<string, string> = { yue: 'zh-HK' };
const WHISPER_CODE: Record<string, string> = { jv: 'jw', 'zh-TW': 'zh' };
/** OpenAI's `language` parameter is ISO 639-1: Cantonese is sent as Chinese. */
const OPENAI_HINT: Record<string, string> = { yue: 'zh', 'zh-TW': 'zh' };
const CARTESIA_CODE: Record<string, string> = { 'zh-TW': 'zh' };

function sttOptions(tag: string): SttOption[] {
  const options: SttOption[] = [];
  const dg = DEEPGRAM_CODE[tag] ?? tag;
  if (has(DEEPGRAM_NOVA3_MULTI, dg) && tag !== 'zh-TW')
    options.push({ provider: 'deepgram', model: DEEPGRAM_MODEL, language: 'multi', detects: true });
  else if (has(DEEPGRAM_NOVA3_MONOLINGUAL, dg))
    options.push({ provider: 'deepgram', model: DEEPGRAM_MODEL, language: dg, detects: false });
  const whisper = WHISPER_CODE[tag] ?? tag;
  const hint = OPENAI_HINT[tag] ?? whisper;
  if (has(OPENAI_SUPPORTED, whisper))
    options.push({ provider: 'openai', language: hint, quality: 'supported' });
  else if (has(OPENAI_WHISPER_TRAINED, whisper))
    options.push({ provider: 'openai', language: hint, quality: 'limited' });
  return options;
}

function ttsOptions(tag: string): TtsOption[] {
  const options: TtsOption[] = [];
  const cartesia = CARTESIA_CODE[tag] ?? tag;
  if (has(CARTESIA_SONIC3, cartesia))
    options.push({ provider: 'cartesia', model: CARTESIA_MODEL, language: cartesia });
  // Cantonese is not Chinese to a voice: OpenAI's list says "Chinese" and means Mandarin.
  const openai = WHISPER_CODE[tag] ?? tag;
  if (tag !== 'yue' && has(OPENAI_SUPPORTED, openai))
    options.push({ provider: 'openai', language: openai });
  return options;
}

export const CAPABILITIES: readonly LanguageCapability[] = LANGUAGES.map((l) => ({
  ...l,
  stt: sttOptions(l.tag),
  tts: ttsOptions(l.tag),
}));

const BY_TAG = new Map(CAPABILITIES.map((c) => [c.tag, c]));

/** The row for a table tag (resolve a caller's tag with `resolveLanguage` first). */
export function capabilityOf(tag: string): LanguageCapability | undefined {
  return BY_TAG.get(tag);
}

/** The providers a deployment has keys for (and models it chose), as the route needs them. */
export interface AvailableProviders {
  deepgram: boolean;
  cartesia: boolean;
  openai: boolean;
  /** `POLYGLOT_TTS=espeak`: every language voiced by espeak-ng (development only). */
  espeak: boolean;
  openaiSttModel: string;
  openaiTtsModel: string;
  openaiTtsVoice: string;
}

export type SttRoute =
  | { provider: 'deepgram'; model: string; language: string; detects: boolean }
  | { provider: 'openai'; model: string; language: string; quality: 'supported' | 'limited' };

export type TtsRoute =
  | { provider: 'cartesia'; model: string; language: string }
  | { provider: 'openai'; model: string; voice: string; language: string }
  | { provider: 'espeak'; language: string };

/** What a session does for one language with this deployment's providers. */
export interface LanguageRoute {
  tag: string;
  /** The first is used; the next is its failover. Empty: this language is not heard here. */
  stt: SttRoute[];
  /** The first is used; the next is its failover. Empty: answers are text only. */
  tts: TtsRoute[];
}

export function routeFor(cap: LanguageCapability, p: AvailableProviders): LanguageRoute {
  const stt: SttRoute[] = [];
  for (const o of cap.stt) {
    if (o.provider === 'deepgram' && p.deepgram) stt.push({ ...o });
    if (o.provider === 'openai' && p.openai) stt.push({ ...o, model: p.openaiSttModel });
  }
  const tts: TtsRoute[] = [];
  if (p.espeak) tts.push({ provider: 'espeak', language: cap.tag });
  else
    for (const o of cap.tts) {
      if (o.provider === 'cartesia' && p.cartesia) tts.push({ ...o });
      if (o.provider === 'openai' && p.openai)
        tts.push({ ...o, model: p.openaiTtsModel, voice: p.openaiTtsVoice });
    }
  return { tag: cap.tag, stt, tts };
}

/** Every key set: the best each language can get (what `polyglot languages` and the docs show). */
export const ALL_PROVIDERS: AvailableProviders = {
  deepgram: true,
  cartesia: true,
  openai: true,
  espeak: false,
  openaiSttModel: 'gpt-4o-transcribe',
  openaiTtsModel: 'gpt-4o-mini-tts',
  openaiTtsVoice: 'alloy',
};
