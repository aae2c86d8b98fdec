import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { REPO_ROOT } from '../paths.js';
import { ALL_PROVIDERS, CAPABILITIES, capabilityOf, routeFor } from './capabilities.js';
import { languagesMarkdown } from './doc.js';
import { resolveLanguage, UnknownLanguageError } from './resolve.js';
import {
  CARTESIA_SONIC3,
  DEEPGRAM_NOVA3_MULTI,
  OPENAI_SUPPORTED,
  PROVIDER_LISTS,
} from './sources.js';

const only = (p: Partial<typeof ALL_PROVIDERS>) => ({
  ...ALL_PROVIDERS,
  deepgram: false,
  cartesia: false,
  openai: false,
  ...p,
});

describe('the language table', () => {
  it('hears and answers 90+ languages, 60+ with a natural voice', () => {
    const routes = CAPABILITIES.map((c) => routeFor(c, ALL_PROVIDERS));
    assert.ok(routes.filter((r) => r.stt.length > 0).length >= 90);
    assert.ok(routes.filter((r) => r.tts.length > 0).length >= 60);
    assert.equal(new Set(CAPABILITIES.map((c) => c.tag)).size, CAPABILITIES.length, 'tags repeat');
  });

  it('sends a language to a provider only when its published list names it', () => {
    for (const c of CAPABILITIES) {
      for (const s of c.stt)
        if (s.provider === 'deepgram' && s.language === 'multi')
          assert.ok(DEEPGRAM_NOVA3_MULTI.codes.includes(c.tag === 'yue' ? 'zh-HK' : c.tag), c.tag);
      for (const t of c.tts) {
        if (t.provider === 'cartesia') assert.ok(CARTESIA_SONIC3.codes.includes(t.language), c.tag);
        if (t.provider === 'openai') assert.ok(OPENAI_SUPPORTED.codes.includes(t.language), c.tag);
      }
    }
    for (const l of PROVIDER_LISTS) assert.match(l.taken, /^\d{4}-\d{2}-\d{2}$/);
  });

  it('routes Deepgram languages to multi, others to a monolingual model or OpenAI', () => {
    const route = (tag: string) => routeFor(capabilityOf(tag)!, ALL_PROVIDERS);
    assert.deepEqual(route('pl').stt[0], {
      provider: 'deepgram',
      model: 'nova-3',
      language: 'multi',
      detects: true,
    });
    assert.deepEqual(route('pl').stt[1], {
      provider: 'openai',
      model: 'gpt-4o-transcribe',
      language: 'pl',
      quality: 'supported',
    });
    assert.equal(route('pa').stt[0]?.language, 'pa', 'Punjabi has a Nova-3 monolingual model');
    assert.equal(route('zh-TW').stt[0]?.language, 'zh-TW');
    assert.deepEqual(
      route('sw').stt.map((s) => s.provider),
      ['openai'],
    );
    const am = route('am').stt[0];
    assert.ok(am?.provider === 'openai' && am.quality === 'limited', 'Amharic: OpenAI, limited');
  });

  it('voices with Cartesia, falls back to OpenAI, and answers in text when neither speaks it', () => {
    const tts = (tag: string, p = ALL_PROVIDERS) => routeFor(capabilityOf(tag)!, p).tts;
    assert.deepEqual(
      tts('th').map((t) => t.provider),
      ['cartesia', 'openai'],
    );
    assert.deepEqual(
      tts('sw').map((t) => t.provider),
      ['openai'],
      'Cartesia lacks Swahili',
    );
    assert.deepEqual(
      tts('ka').map((t) => t.provider),
      ['cartesia'],
      'OpenAI does not list Georgian',
    );
    assert.deepEqual(tts('am'), [], 'Amharic: text only');
    assert.deepEqual(tts('sw', only({ cartesia: true })), [], 'no OpenAI key: Swahili in text');
    assert.deepEqual(
      tts('am', only({ openai: true, espeak: true })).map((t) => t.provider),
      ['espeak'],
      'espeak-ng only when asked for',
    );
  });

  it('uses only the providers with keys', () => {
    const r = routeFor(capabilityOf('pl')!, only({ openai: true, openaiSttModel: 'whisper-1' }));
    assert.deepEqual(r.stt, [
      { provider: 'openai', model: 'whisper-1', language: 'pl', quality: 'supported' },
    ]);
    assert.deepEqual(routeFor(capabilityOf('xh')!, only({ openai: true })).stt, []);
  });
});

describe('resolveLanguage', () => {
  const tagOf = (t: string) => resolveLanguage(t).capability.tag;
  it('resolves regional, script and legacy variants', () => {
    assert.equal(tagOf('pt-BR'), 'pt');
    assert.equal(tagOf('es-419'), 'es');
    assert.equal(tagOf('en_GB'), 'en');
    assert.equal(tagOf('zh-TW'), 'zh-TW');
    assert.equal(tagOf('zh-Hant'), 'zh-TW');
    assert.equal(tagOf('zh-CN'), 'zh');
    assert.equal(tagOf('zh-HK'), 'yue');
    assert.equal(tagOf('fil'), 'tl');
    assert.equal(tagOf('iw'), 'he');
    assert.equal(tagOf('in'), 'id');
    assert.equal(tagOf('nb-NO'), 'no');
    const sr = resolveLanguage('sr-Latn');
    assert.equal(sr.capability.tag, 'sr');
    assert.equal(sr.script, 'Latn');
    assert.equal(resolveLanguage('sr').script, 'Cyrl');
  });

  it('gives each right-to-left language its direction', () => {
    for (const t of ['ar', 'he', 'fa', 'ur', 'yi', 'ps'])
      assert.equal(resolveLanguage(t).dir, 'rtl', t);
    for (const t of ['en', 'th', 'hi', 'ja']) assert.equal(resolveLanguage(t).dir, 'ltr', t);
  });

  it('refuses unknown and malformed tags with a clear error', () => {
    for (const bad of ['xx', 'tlh', 'la'])
      assert.throws(
        () => resolveLanguage(bad),
        (e: unknown) =>
          e instanceof UnknownLanguageError &&
          e.code === 'unknown_language' &&
          /no route/.test(e.message),
      );
    for (const bad of ['', 'english please', '12'])
      assert.throws(() => resolveLanguage(bad), /not a BCP-47 language tag/);
  });
});

describe('docs/languages.md', () => {
  it('is what `npm run docs:languages` writes from the table', () => {
    const onDisk = readFileSync(join(REPO_ROOT, 'docs', 'languages.md'), 'utf8');
    assert.equal(
      onDisk,
      languagesMarkdown(),
      'docs/languages.md is stale: run `npm run docs:languages` and commit it',
    );
  });
});
