/**
 * Each speech provider's published language list, as data, with where and when we read it.
 *
 * These lists decide every route in `capabilities.ts`: a language is sent to a provider only when
 * the provider's own list names it. `seen` says how we read the list: `provider` (the provider's
 * page itself), `mirror` (a copy of the provider's page on another site, the original not being
 * reachable from here), `secondary` (a partner's documentation that restates it). Update a list by
 * editing it here and running `npm run docs:languages`.
 */

/** A list written as the provider's codes separated by spaces. */
function codes(list: string): readonly string[] {
  return list.split(/\s+/).filter(Boolean);
}

export type SourceSeen = 'provider' | 'mirror' | 'secondary';

export interface ProviderList {
  /** What the list is, in a few words. */
  title: string;
  url: string;
  /** The day we read it (YYYY-MM-DD). */
  taken: string;
  seen: SourceSeen;
  /** What we could not check, said plainly. */
  note?: string;
  /** BCP-47 tags as the provider writes them. */
  codes: readonly string[];
}

/** `model=nova-3&language=multi`: one streaming model, code-switching, per-word languages. */
export const DEEPGRAM_NOVA3_MULTI: ProviderList = {
  title: 'Deepgram Nova-3 multilingual (language=multi), 55 languages',
  url: 'https://developers.deepgram.com/docs/nova-3-language-prompting',
  taken: '2026-12-07',
  seen: 'provider',
  note: 'Expanded to 55 languages on 2026-10-23 (changelog). The language_hint parameter is not sent: the LiveKit plugin (1.9.0) has no option for it.',
  codes: codes(`
    af ar be bn bs bg ca zh-HK zh hr cs da nl en et fi nl-BE fr gl de el gu he hi hu id
    it ja kn ko lv lt mk ms mr no fa pl pt ro ru sr sk sl es sv tl ta te th tr uk vi xh
    zu
  `),
};

/**
 * Monolingual Nova-3 models for languages `multi` does not cover (or covers in another form:
 * `zh-TW` is Mandarin written in Traditional characters; `multi`'s `zh` writes Simplified).
 */
export const DEEPGRAM_NOVA3_MONOLINGUAL: ProviderList = {
  title: 'Deepgram Nova-3 monolingual models outside multi',
  url: 'https://developers.deepgram.com/changelog/2026/8/5',
  taken: '2026-12-07',
  seen: 'provider',
  note: "pa and ne from the 2026-08-05 changelog, zh-TW from the 2026-03-31 changelog (https://developers.deepgram.com/changelog/2026/3/31). A third-party release note also names Nova-3 af, hy and ka (August 2026); not found on Deepgram's pages, so hy and ka are not routed to Deepgram.",
  codes: codes('pa ne zh-TW'),
};

/** Nova-2: every language it has is now in Nova-3 `multi` or a Nova-3 monolingual model. */
export const DEEPGRAM_NOVA2: ProviderList = {
  title: 'Deepgram Nova-2, 36 languages (no route uses it: Nova-3 covers each)',
  url: 'https://developers.deepgram.com/changelog/2024/5/14',
  taken: '2026-12-07',
  seen: 'provider',
  codes: codes(`
    bg ca zh zh-TW cs da nl en et fi nl-BE fr de de-CH el hi hu id it ja ko lv lt ms no
    pl pt ro ru sk es sv th tr uk vi
  `),
};

/**
 * The 57 languages OpenAI lists as supported for transcription (word error rate under 50%), and
 * says its speech model "generally follows" for text-to-speech.
 */
export const OPENAI_SUPPORTED: ProviderList = {
  title: 'OpenAI speech-to-text and text-to-speech supported languages (57)',
  url: 'https://platform.openai.com/docs/guides/speech-to-text#supported-languages',
  taken: '2026-12-07',
  seen: 'mirror',
  note: 'Read from copies of OpenAI\'s guides (the speech-to-text and text-to-speech pages give the same list); platform.openai.com itself was not reachable from here. That the list holds for gpt-4o-transcribe and gpt-4o-mini-tts, not only whisper-1 and tts-1, is OpenAI\'s wording ("generally follows"), not measured.',
  codes: codes(`
    af ar hy az be bs bg ca zh hr cs da nl en et fi fr gl de el he hi hu is id it ja kn
    kk ko lv lt mk ms mr mi ne no fa pl pt ro ru sr sk sl es sw sv tl ta th tr uk ur vi
    cy
  `),
};

/**
 * The languages Whisper was trained on (OpenAI's model card): OpenAI's transcription accepts them,
 * but outside the supported list above it does not promise a word error rate under 50%.
 */
export const OPENAI_WHISPER_TRAINED: ProviderList = {
  title: 'Whisper training languages (99): accepted, quality not promised outside the 57',
  url: 'https://github.com/openai/whisper#available-models-and-languages',
  taken: '2026-12-07',
  seen: 'mirror',
  note: "Whisper writes Javanese `jw`; we send `jv`'s Whisper code when routing. Latin and Sanskrit are left out of the table (no callers expected).",
  codes: codes(`
    en zh de es ru ko fr ja pt tr pl ca nl ar sv it id hi fi vi he uk el ms cs ro da hu
    ta no th ur hr bg lt la mi ml cy sk te fa lv bn sr az sl kn et mk br eu is hy ne mn
    bs kk sq sw gl mr pa si km sn yo so af oc ka be tg sd gu am yi lo uz fo ht ps tk nn
    mt sa lb my bo tl mg as tt haw ln ha ba jw su yue
  `),
};

/** Cartesia Sonic-3: the `language` field of a generation request. */
export const CARTESIA_SONIC3: ProviderList = {
  title: 'Cartesia Sonic-3, 42 languages',
  url: 'https://docs.livekit.io/agents/models/tts/inference/cartesia',
  taken: '2026-12-07',
  seen: 'secondary',
  note: "The codes are LiveKit's list for cartesia/sonic-3; Cartesia's own Sonic 3.5 page (https://docs.cartesia.ai/build-with-cartesia/tts-models/sonic-3-5) gives the same count, 42, with Hebrew among them, but its list itself was not read.",
  codes: codes(`
    en de es fr ja pt zh hi ko it nl pl ru sv tr tl bg ro ar cs el fi hr ms sk da ta uk
    hu no vi bn th he ka id te gu kn ml mr pa
  `),
};

export const PROVIDER_LISTS = [
  DEEPGRAM_NOVA3_MULTI,
  DEEPGRAM_NOVA3_MONOLINGUAL,
  DEEPGRAM_NOVA2,
  OPENAI_SUPPORTED,
  OPENAI_WHISPER_TRAINED,
  CARTESIA_SONIC3,
] as const;
