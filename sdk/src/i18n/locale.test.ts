import { expect } from '@esm-bundle/chai';
import { cleanup, mount } from '../testing/mount.js';
import { loadStrings, resolveLocale, UI_LANGUAGES } from './locale.js';
import { en, type LocaleMeta, type Plural, type Strings } from './strings.js';

afterEach(cleanup);

/** A counted phrase: one form per plural category (see `Plural`). */
const isPlural = (v: object): v is Plural => 'other' in v;

/** Every leaf string of a strings table, by dotted key, and its plural tables apart. */
function leaves(s: Strings): { strings: Map<string, string>; plurals: Map<string, Plural> } {
  const strings = new Map<string, string>();
  const plurals = new Map<string, Plural>();
  const walk = (o: object, prefix: string) => {
    for (const [k, v] of Object.entries(o))
      if (typeof v === 'string') strings.set(prefix + k, v);
      else if (isPlural(v as object)) plurals.set(prefix + k, v as Plural);
      else walk(v as object, `${prefix}${k}.`);
  };
  walk(s, '');
  return { strings, plurals };
}

describe('i18n', () => {
  it('ships at least 40 UI languages, each complete, actually translated and marked machine-written', async () => {
    expect(UI_LANGUAGES.length).to.be.at.least(40);
    const english = leaves(en);
    const placeholders = (v: string) => [...v.matchAll(/\{\w+\}/g)].map((m) => m[0]).sort();
    for (const lang of UI_LANGUAGES) {
      const { strings, plurals } = leaves(await loadStrings(lang));
      expect([...strings.keys()], lang).to.deep.equal([...english.strings.keys()]);
      expect([...plurals.keys()], lang).to.deep.equal([...english.plurals.keys()]);
      for (const [k, v] of strings) {
        expect(v.trim(), `${lang} ${k}`).to.not.equal('');
        expect(placeholders(v), `${lang} ${k}`).to.deep.equal(
          placeholders(english.strings.get(k)!),
        );
      }
      if (lang === 'en') continue;
      expect(strings.get('start'), `${lang} is not English`).to.not.equal(
        english.strings.get('start'),
      );
      // Where the strings come from is said in the module (docs/embedding.md § Languages).
      const { meta } = (await import(`./locales/${lang}.ts`)) as { meta: LocaleMeta };
      expect(meta.translation, `${lang} meta`).to.be.oneOf(['machine', 'reviewed']);
    }
  });

  it('has a form for every plural category of every language (no "Stops: {n}" workarounds)', async () => {
    for (const lang of UI_LANGUAGES) {
      const categories = new Intl.PluralRules(lang).resolvedOptions().pluralCategories;
      for (const [k, forms] of leaves(await loadStrings(lang)).plurals) {
        for (const c of categories) expect(forms[c], `${lang} ${k}.${c}`).to.be.a('string');
        // A form that spells its number out ("رحلتان") may drop {n}; `other` never can.
        expect(forms.other, `${lang} ${k}.other`).to.include('{n}');
        for (const form of Object.values(forms) as string[])
          expect(form, `${lang} ${k}`).to.not.match(/:\s*\{n\}/);
      }
    }
  });

  it('lang="auto" follows navigator.languages to the first language we have', () => {
    expect(resolveLocale('auto', ['gd-GB', 'fr-CA', 'en'])).to.deep.equal({
      tag: 'fr-CA',
      ui: 'fr',
      dir: 'ltr',
    });
    expect(resolveLocale('', ['iw-IL'])).to.include({ ui: 'he', dir: 'rtl' });
    expect(resolveLocale('auto', ['xx'])).to.include({ ui: 'en' });
    expect(resolveLocale('ar-EG', ['de'])).to.deep.equal({ tag: 'ar-EG', ui: 'ar', dir: 'rtl' });
  });

  it('resolves regional and script variants to their UI language', () => {
    const ui = (tag: string) => resolveLocale(tag, []).ui;
    expect(['zh-TW', 'zh-HK', 'zh-Hant', 'zh-Hant-CN', 'zh_MO', 'yue'].map(ui)).to.deep.equal(
      Array(6).fill('zh-Hant'),
    );
    expect(['zh', 'zh-CN', 'zh-Hans-TW', 'zh-SG'].map(ui)).to.deep.equal(Array(4).fill('zh'));
    expect(['nb', 'no', 'nn-NO', 'nb-NO'].map(ui)).to.deep.equal(Array(4).fill('nb'));
    expect(['fil', 'tl', 'fil-PH'].map(ui)).to.deep.equal(Array(3).fill('fil'));
    expect(resolveLocale('fa-IR', [])).to.deep.equal({ tag: 'fa-IR', ui: 'fa', dir: 'rtl' });
    expect(resolveLocale('ur-PK', [])).to.deep.equal({ tag: 'ur-PK', ui: 'ur', dir: 'rtl' });
  });

  it('lays out Arabic, Hebrew, Persian and Urdu right to left, every other language left to right', async () => {
    const rtl = ['ar', 'fa', 'he', 'ur'];
    for (const lang of UI_LANGUAGES) {
      const m = await mount({ lang });
      const root = m.$('.root')!;
      const dir = rtl.includes(lang) ? 'rtl' : 'ltr';
      expect(root.getAttribute('dir'), lang).to.equal(dir);
      expect(root.getAttribute('lang'), lang).to.equal(lang);
      expect(getComputedStyle(m.$('[part="panel"]')!).direction, lang).to.equal(dir);
      expect(m.$('h2')!.textContent, lang).to.equal((await loadStrings(lang)).title);
      cleanup();
    }
    expect(rtl.every((l) => UI_LANGUAGES.includes(l))).to.equal(true);
  });

  it('renders Arabic right to left with Arabic labels', async () => {
    const m = await mount({ lang: 'ar' });
    const root = m.$('.root')!;
    expect(root.getAttribute('dir')).to.equal('rtl');
    expect(root.getAttribute('lang')).to.equal('ar');
    expect(getComputedStyle(m.$('[part="panel"]')!).direction).to.equal('rtl');
    expect(m.$('[part="mic-button"]')!.getAttribute('aria-label')).to.equal('ابدأ محادثة صوتية');
    expect(m.$('h2')!.textContent).to.equal('مساعد السفر');
  });

  it('renders Hebrew right to left and switches back when lang changes', async () => {
    const m = await mount({ lang: 'he' });
    expect(m.$('.root')!.getAttribute('dir')).to.equal('rtl');
    expect(m.$('h2')!.textContent).to.equal('עוזר נסיעות');
    m.el.lang = 'de';
    await m.el.updateComplete;
    expect(m.$('.root')!.getAttribute('dir')).to.equal('ltr');
    expect(m.$('h2')!.textContent).to.equal('Reiseassistent');
  });

  it('follows a change of the browser languages when lang is auto', async () => {
    const m = await mount();
    Object.defineProperty(navigator, 'languages', { value: ['ja-JP', 'en'], configurable: true });
    try {
      window.dispatchEvent(new Event('languagechange'));
      await m.el.updateComplete;
      expect(m.$('h2')!.textContent).to.equal('旅行アシスタント');
      m.el.lang = 'fr';
      await m.el.updateComplete;
      Object.defineProperty(navigator, 'languages', { value: ['ko'], configurable: true });
      window.dispatchEvent(new Event('languagechange'));
      await m.el.updateComplete;
      expect(m.$('h2')!.textContent, 'an explicit lang wins').to.equal('Assistant de voyage');
    } finally {
      delete (navigator as unknown as { languages?: unknown }).languages;
    }
  });

  it('sends the full language tag to the agent', async () => {
    const m = await mount({ lang: 'es-MX' });
    await m.el.start();
    expect(m.t.options!.lang).to.equal('es-MX');
  });
});
