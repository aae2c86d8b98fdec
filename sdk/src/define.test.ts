import { expect } from '@esm-bundle/chai';
import { PolyglotAssistant } from './components/assistant/assistant.component.js';
import { defineOnce } from './define.js';
import { VERSION } from './version.js';

function captureWarnings(): { warnings: string[]; restore(): void } {
  const warnings: string[] = [];
  const original = console.warn;
  console.warn = (...args: unknown[]) => warnings.push(args.join(' '));
  return { warnings, restore: () => (console.warn = original) };
}

describe('loading the script twice', () => {
  it('keeps one definition and stays quiet when the same version loads again', async () => {
    const w = captureWarnings();
    try {
      await import('./polyglot-assistant.js');
      // A second copy of the entry module, as a second <script> with another URL would load.
      const secondCopy = './polyglot-assistant.ts?second-load'; // a variable: TS leaves it alone
      await import(secondCopy);
    } finally {
      w.restore();
    }
    expect(customElements.get('polyglot-assistant')).to.equal(PolyglotAssistant);
    expect(w.warnings).to.deep.equal([]);
  });

  it('warns, and keeps the first, when another version is already registered', () => {
    class Other extends HTMLElement {}
    const w = captureWarnings();
    try {
      expect(defineOnce('polyglot-twice-test', Other, '0.0.9')).to.equal(true);
      expect(defineOnce('polyglot-twice-test', PolyglotAssistant, VERSION)).to.equal(false);
    } finally {
      w.restore();
    }
    expect(customElements.get('polyglot-twice-test')).to.equal(Other);
    expect(w.warnings).to.have.length(1);
    expect(w.warnings[0]).to.include(`${VERSION} was loaded, but 0.0.9 is already registered`);
  });
});

describe('the CDN bundle loaded twice', () => {
  /** Loads `html` in a fresh iframe and returns its window once every script ran. */
  async function frame(html: string): Promise<Window & { warnings: string[]; errors: string[] }> {
    const iframe = document.createElement('iframe');
    const done = new Promise<void>((resolve) =>
      window.addEventListener('message', function on(e) {
        if (e.data !== 'loaded') return;
        window.removeEventListener('message', on);
        resolve();
      }),
    );
    iframe.srcdoc = `<script>
      window.warnings = []; window.errors = [];
      console.warn = (...a) => warnings.push(a.join(' '));
      addEventListener('error', (e) => errors.push(e.message));
    </script>${html}
    <script type="module">await customElements.whenDefined('polyglot-assistant'); parent.postMessage('loaded', '*');</script>`;
    document.body.append(iframe);
    await done;
    return iframe.contentWindow as Window & { warnings: string[]; errors: string[] };
  }

  before(async function () {
    const res = await fetch('/dist/cdn/polyglot-assistant.js', { method: 'HEAD' });
    if (!res.ok) {
      console.warn('sdk/dist/cdn is not built: run `npm run build` to test the CDN bundle');
      this.skip();
    }
  });
  after(() => document.querySelectorAll('iframe').forEach((f) => f.remove()));

  it('defines the tag once, without errors or warnings', async () => {
    const w = await frame(`
      <script type="module" src="/dist/cdn/polyglot-assistant.js"></script>
      <script type="module" src="/dist/cdn/polyglot-assistant.js?again"></script>
      <polyglot-assistant></polyglot-assistant>`);
    expect(w.errors).to.deep.equal([]);
    expect(w.warnings).to.deep.equal([]);
    expect(w.document.querySelector('polyglot-assistant')!.shadowRoot).to.not.equal(null);
  });

  it('warns when a different version is already registered', async () => {
    const w = await frame(`
      <script>
        class Old extends HTMLElement {}
        Old.polyglotVersion = '0.0.1';
        customElements.define('polyglot-assistant', Old);
      </script>
      <script type="module" src="/dist/cdn/polyglot-assistant.js"></script>`);
    expect(w.errors).to.deep.equal([]);
    expect(w.warnings.join('\n')).to.include('0.0.1 is already registered');
  });
});
