import { expect } from '@esm-bundle/chai';
import { cleanup, mount } from '../testing/mount.js';
import { loadStrings, resolveLocale, UI_LANGUAGES } from './locale.js';
import { en, type Strings } from './strings.js';

afterEach(cleanup);

/** Every leaf string of a strings table, by dotted key. */
function leaves(s: Strings): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (o: object, prefix: string) => {
    for (const [k, v] of Object.entries(o))
      if (typeof v === 'string') out.set(prefix + k, v);
      else walk(v as object, `${prefix}${k}.`);
  };
  walk(s, '');
  return out;
}

describe('i18n', () => {
  it('ships at least 20 UI languages, each complete and actually translated', async () => {
    expect(UI_LANGUAGES.length).to.be.at.least(20);
    const english = leaves(en);
    for (const lang of UI_LANGUAGES) {
      const strings = leaves(await loadStrings(lang));
      expect([...strings.keys()], lang).to.deep.equal([...english.keys()]);
      for (const [k, v] of strings) {
        expect(v.trim(), `${lang} ${k}`).to.not.equal('');
        if (english.get(k)!.includes('{n}')) expect(v, `${lang} ${k}`).to.include('{n}');
      }
      if (lang !== 'en')
        expect(strings.get('start'), `${lang} is not English`).to.not.equal(english.get('start'));
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
