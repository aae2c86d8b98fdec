import { expect } from '@esm-bundle/chai';
import type { CSSResult } from 'lit';
import { cleanup, mount } from '../../testing/mount.js';
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
