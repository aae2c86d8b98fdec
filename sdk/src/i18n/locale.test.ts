import { expect } from '@esm-bundle/chai';
import { cleanup, mount } from '../testing/mount.js';
import { loadStrings, resolveLocale, UI_LANGUAGES } from './locale.js';
import { en, type Plural, type Strings } from './strings.js';

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
  it('ships at least 20 UI languages, each complete and actually translated', async () => {
    expect(UI_LANGUAGES.length).to.be.at.least(20);
    const english = leaves(en);
    for (const lang of UI_LANGUAGES) {
      const { strings, plurals } = leaves(await loadStrings(lang));
      expect([...strings.keys()], lang).to.deep.equal([...english.strings.keys()]);
      expect([...plurals.keys()], lang).to.deep.equal([...english.plurals.keys()]);
      for (const [k, v] of strings) {
        expect(v.trim(), `${lang} ${k}`).to.not.equal('');
        if (english.strings.get(k)!.includes('{n}')) expect(v, `${lang} ${k}`).to.include('{n}');
      }
      if (lang !== 'en')
        expect(strings.get('start'), `${lang} is not English`).to.not.equal(
          english.strings.get('start'),
        );
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
