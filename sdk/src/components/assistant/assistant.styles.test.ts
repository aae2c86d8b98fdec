import { expect } from '@esm-bundle/chai';
import { setViewport } from '@web/test-runner-commands';
import type { CSSResult } from 'lit';
import { UI_LANGUAGES } from '../../i18n/locale.js';
import { cleanup, mount } from '../../testing/mount.js';
import { madLhr } from '../../testing/offers.js';
import { styles } from './assistant.styles.js';

afterEach(cleanup);

const cssText = (styles as CSSResult[]).map((s) => s.cssText).join('\n');
const used = (prefix: string) =>
  new Set([...cssText.matchAll(new RegExp(`var\\(\\s*(${prefix}[\\w-]+)`, 'g'))].map((m) => m[1]!));
const defined = new Set([...cssText.matchAll(/(--_[\w-]+)\s*:/g)].map((m) => m[1]!));

interface Manifest {
  modules: { declarations?: { tagName?: string; cssProperties?: { name: string }[] }[] }[];
}

describe('theming tokens', () => {
  it('defines every private --_* token it uses', () => {
    const missing = [...used('--_')].filter((t) => !defined.has(t));
    expect(missing).to.deep.equal([]);
  });

  it('documents exactly the --polyglot-* properties the styles read', async () => {
    const manifest = (await (await fetch('/custom-elements.json')).json()) as Manifest;
    const el = manifest.modules
      .flatMap((m) => m.declarations ?? [])
      .find((d) => d.tagName === 'polyglot-assistant')!;
    const documented = el.cssProperties!.map((p) => p.name).sort();
    expect([...used('--polyglot-')].sort()).to.deep.equal(documented);
  });

  it('documents every ::part it renders', async () => {
    const manifest = (await (await fetch('/custom-elements.json')).json()) as {
      modules: { declarations?: { tagName?: string; cssParts?: { name: string }[] }[] }[];
    };
    const documented = new Set(
      manifest.modules
        .flatMap((m) => m.declarations ?? [])
        .find((d) => d.tagName === 'polyglot-assistant')!
        .cssParts!.map((p) => p.name),
    );
    // Everything at once: floating, a conversation with a cut reply, a search, cards, an error.
    const m = await mount({ layout: 'floating', open: '', lang: 'en' });
    await m.el.start();
    const ev = m.t.events;
    ev.transcript({ id: 'u', role: 'user', turn: 1, text: 'Rome', final: true });
    ev.tool({ type: 'tool', id: 't', tool: 'search_flights', status: 'started', turn: 1 });
    ev.flightResults({
      type: 'flight_results',
      id: 'r',
      query: {},
      offers: [madLhr],
      provider: 'duffel',
      turn: 1,
    });
    ev.transcript({ id: 'a', role: 'assistant', turn: 1, text: 'One', final: false });
    ev.interrupted();
    ev.handoff({ type: 'handoff', reason: 'human_requested', url: 'https://example.com/' });
    ev.language('en', false);
    ev.error('session_limit', 'busy', true);
    m.t.drop();
    await m.el.updateComplete;
    const rendered = new Set(m.$$('[part]').flatMap((el) => el.getAttribute('part')!.split(/\s+/)));
    expect(rendered.size).to.be.at.least(18);
    expect([...rendered].filter((p) => !documented.has(p))).to.deep.equal([]);
  });

  it('lets the page restyle it with --polyglot-* properties, and nothing else leaks in', async () => {
    const style = document.createElement('style');
    style.textContent = `
      polyglot-assistant { --polyglot-accent: rgb(1, 2, 3); --polyglot-z-index: 77; }
      button { background: rgb(255, 0, 0) !important; }`;
    document.head.append(style);
    try {
      const m = await mount({ layout: 'floating' });
      const launcher = m.$('[part="launcher"]')!;
      expect(getComputedStyle(launcher).backgroundColor).to.equal('rgb(1, 2, 3)');
      expect(getComputedStyle(launcher).zIndex).to.equal('77');
    } finally {
      style.remove();
    }
  });

  it('has a dark theme, and auto follows the system', async () => {
    const light = await mount({ theme: 'light' });
    const dark = await mount({ theme: 'dark' });
    const bg = (m: typeof light) => getComputedStyle(m.$('[part="panel"]')!).backgroundColor;
    expect(bg(light)).to.equal('rgb(255, 255, 255)');
    expect(bg(dark)).to.equal('rgb(22, 26, 33)');
    const { emulateMedia } = await import('@web/test-runner-commands');
    const auto = await mount({ theme: 'auto' });
    await emulateMedia({ colorScheme: 'dark' });
    try {
      expect(bg(auto)).to.equal('rgb(22, 26, 33)');
    } finally {
      await emulateMedia({ colorScheme: 'light' });
    }
    expect(bg(auto)).to.equal('rgb(255, 255, 255)');
  });
});

/** WCAG contrast ratio of two computed `rgb(...)` colours. */
function contrast(a: string, b: string): number {
  const lum = (c: string) => {
    const [r, g, bl] = c
      .match(/[\d.]+/g)!
      .slice(0, 3)
      .map(Number)
      .map((v) => {
        const s = v / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

describe('contrast (WCAG AA, 4.5:1 for text)', () => {
  it('measures like WCAG does', () => {
    expect(contrast('rgb(0, 0, 0)', 'rgb(255, 255, 255)')).to.be.closeTo(21, 0.01);
    expect(contrast('rgb(119, 119, 119)', 'rgb(255, 255, 255)')).to.be.below(4.5); // #777 fails
  });

  for (const theme of ['light', 'dark']) {
    it(`${theme} theme: text, secondary text, bubbles, buttons and errors are readable`, async () => {
      const m = await mount({ theme, lang: 'en' });
      await m.el.start();
      m.t.events.transcript({ id: 'u', role: 'user', turn: 1, text: 'Paris', final: true });
      m.t.events.transcript({ id: 'a', role: 'assistant', turn: 1, text: 'Sure', final: true });
      await m.el.updateComplete;
      // The microphone open, then muted, and the End button, while the session is live.
      const mic = m.$('[part="mic-button"]')!;
      const live: [string, Element][] = [
        ['mic button (open)', mic],
        ['end button', m.$('[part="end-button"]')!],
      ];
      for (const [name, el] of live) {
        const style = getComputedStyle(el);
        expect(contrast(style.color, style.backgroundColor), `${theme} ${name}`).to.be.at.least(
          4.5,
        );
      }
      mic.click();
      await m.el.updateComplete;
      expect(mic.dataset.mic).to.equal('muted');
      const muted = getComputedStyle(mic);
      expect(contrast(muted.color, muted.backgroundColor), `${theme} muted mic`).to.be.at.least(
        4.5,
      );
      m.t.events.error('session_limit', 'busy', true);
      m.t.drop();
      await m.el.updateComplete;
      const panelBg = getComputedStyle(m.$('[part="panel"]')!).backgroundColor;
      const pairs: [string, Element, string][] = [
        ['title', m.$('h2')!, panelBg],
        ['status', m.$('[part="status"]')!, panelBg],
        ['user bubble', m.$('[part~="message-user"]')!, ''],
        ['assistant bubble', m.$('[part~="message-assistant"]')!, ''],
        ['mic button', m.$('[part="mic-button"]')!, ''],
        ['send button', m.$('[part="send-button"]')!, ''],
        ['retry button', m.$('[part="retry-button"]')!, ''],
        ['error', m.$('[part="error"]')!, ''],
      ];
      for (const [name, el, bg] of pairs) {
        const style = getComputedStyle(el);
        const ratio = contrast(style.color, bg || style.backgroundColor);
        expect(
          ratio,
          `${theme} ${name}: ${style.color} on ${bg || style.backgroundColor}`,
        ).to.be.at.least(4.5);
      }
    });
  }
});

/**
 * What sticks out sideways: the document wider than the viewport, a clipping box inside the
 * widget wider than itself (a hidden horizontal scroll), or a part beyond the panel's edges.
 */
function horizontalOverflow(m: Awaited<ReturnType<typeof mount>>): string[] {
  const found: string[] = [];
  const doc = document.documentElement;
  if (doc.scrollWidth > doc.clientWidth)
    found.push(`document ${doc.scrollWidth}/${doc.clientWidth}`);
  const panel = m.$('[part="panel"]')!.getBoundingClientRect();
  if (panel.left < 0 || panel.right > doc.clientWidth)
    found.push(`panel ${panel.left}..${panel.right}`);
  for (const el of m.$$('[part="panel"] *')) {
    if (el.closest('.visually-hidden')) continue;
    const name = el.getAttribute('part') ?? `${el.tagName.toLowerCase()}.${el.className}`;
    const style = getComputedStyle(el);
    // A line shortened with an ellipsis (the title) is meant to clip.
    const clips = style.overflowX !== 'visible' && style.textOverflow !== 'ellipsis';
    if (clips && el.scrollWidth > el.clientWidth + 1)
      found.push(`${name} scrolls ${el.scrollWidth}/${el.clientWidth}`);
    const r = el.getBoundingClientRect();
    if (r.width && (r.left < panel.left - 0.5 || r.right > panel.right + 0.5))
      found.push(`${name} at ${r.left.toFixed(0)}..${r.right.toFixed(0)}`);
  }
  return found;
}

describe('phone widths (320 to 390 px)', () => {
  afterEach(async () => {
    document.body.removeAttribute('style');
    await setViewport({ width: 800, height: 600 });
  });

  /** A conversation with every kind of line, and the controls of a live session. */
  async function busy(attrs: Record<string, string>) {
    const m = await mount({ lang: 'en', ...attrs });
    await m.el.start();
    const ev = m.t.events;
    ev.transcript({
      id: 'a0',
      role: 'assistant',
      turn: 0,
      text: 'Hi! Where would you like to fly?',
      final: true,
    });
    ev.transcript({
      id: 'u1',
      role: 'user',
      turn: 1,
      text: 'Llanfairpwllgwyngyllgogerychwyrndrobwllllantysiliogogogoch to London',
      final: true,
    });
    ev.tool({ type: 'tool', id: 't', tool: 'search_flights', status: 'started', turn: 1 });
    ev.flightResults({
      type: 'flight_results',
      id: 'r',
      query: {},
      offers: [madLhr],
      provider: 'duffel',
      turn: 1,
    });
    ev.transcript({
      id: 'a1',
      role: 'assistant',
      turn: 1,
      text: 'One nonstop flight at 08:30.',
      final: true,
    });
    ev.tool({ type: 'tool', id: 't', tool: 'search_flights', status: 'started', turn: 1 });
    ev.agentState('thinking');
    await m.el.updateComplete;
    return m;
  }

  for (const width of [320, 360, 390]) {
    it(`${width} px: the inline panel fits a page column, in block and grid layouts`, async () => {
      await setViewport({ width, height: 740 });
      document.body.style.margin = '0';
      document.body.style.padding = '0 16px';
      const block = await busy({});
      expect(horizontalOverflow(block), 'in a block column').to.deep.equal([]);
      cleanup();
      // A page laid out with a grid column (the demo page's, and many partners'): a track that
      // fits its content would take the widget's widest line as its width.
      document.body.style.display = 'grid';
      document.body.style.gridTemplateColumns = '1fr';
      const grid = await busy({});
      expect(horizontalOverflow(grid), 'in a grid column').to.deep.equal([]);
      expect(grid.$('[part="panel"]')!.getBoundingClientRect().width).to.equal(width - 32);
    });

    it(`${width} px: the floating panel takes the screen and fits it`, async () => {
      await setViewport({ width, height: 740 });
      const m = await busy({ layout: 'floating', open: '' });
      expect(horizontalOverflow(m)).to.deep.equal([]);
      expect(m.$('[part="panel"]')!.getBoundingClientRect().width).to.equal(width);
    });
  }

  it('320 px: every UI language fits, its text-only and not-heard notices too', async () => {
    await setViewport({ width: 320, height: 740 });
    document.body.style.margin = '0';
    document.body.style.padding = '0 16px';
    for (const lang of UI_LANGUAGES) {
      const m = await busy({ lang });
      // Both notices at once (a language neither heard nor voiced), four examples named.
      m.t.events.language(lang, false, UI_LANGUAGES);
      await m.el.updateComplete;
      expect(m.$('[part="text-only"]'), lang).to.not.equal(null);
      expect(m.$('[part="not-heard"]'), lang).to.not.equal(null);
      expect(horizontalOverflow(m), lang).to.deep.equal([]);
      cleanup();
    }
  });
});
