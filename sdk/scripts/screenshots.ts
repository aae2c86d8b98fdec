/**
 * Screenshots of the demo page in each widget state, light and dark, desktop and mobile, English
 * and Arabic: `npm run build && node --import tsx sdk/scripts/screenshots.ts` → docs/screenshots/.
 *
 * It serves demo/index.html and the CDN build from a throwaway static server, and drives the
 * real widget through its test seam (`sessionDeps`) with a scripted transport: no agent needed.
 * Arabic needs a font with Arabic glyphs (Debian: fonts-noto-core).
 */
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { jfkNrt, madLgw, madLhr } from '../src/testing/offers.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium.mjs';

const ROOT = new URL('../../', import.meta.url).pathname;
const OUT = join(ROOT, 'docs/screenshots');
const CDN = join(ROOT, 'sdk/dist/cdn');

const server = createServer((req, res) => {
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  const file = path === '/' ? join(ROOT, 'demo/index.html') : join(CDN, path.slice(1));
  try {
    if (!file.startsWith(ROOT) || !statSync(file).isFile()) throw new Error('no');
    const type = extname(file) === '.html' ? 'text/html' : 'text/javascript';
    res.writeHead(200, { 'content-type': `${type}; charset=utf-8` }).end(readFileSync(file));
  } catch {
    res.writeHead(404).end();
  }
});
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
const { port } = server.address() as { port: number };

/** Installs a scripted transport in the page and starts a session. */
async function connect(page: Page, hang = false): Promise<void> {
  await page.evaluate(async (hang) => {
    const el = document.querySelector('polyglot-assistant')!;
    await customElements.whenDefined('polyglot-assistant');
    const w = window as unknown as { ev: unknown; now: number };
    w.now = 0;
    const transport = (events: unknown) => {
      w.ev = events;
      return {
        stats: { playedSamples: 0, playedMs: 0, sentMs: 0, droppedChunks: 0 },
        prepareAudio: async () => {},
        connect: async () => {},
        sendText: () => {},
        selectOffer: () => {},
        setMuted: () => {},
        close: async () => {},
      };
    };
    (el as unknown as { sessionDeps: unknown }).sessionDeps = {
      clock: {
        now: () => w.now,
        setTimeout: () => 0,
        clearTimeout: () => {},
        setInterval: () => 0,
        clearInterval: () => {},
      },
      requestSession: () =>
        hang
          ? new Promise(() => {}) // the session endpoint never answers: stays "connecting"
          : Promise.resolve({ transport: 'local', url: 'ws://x', token: 't', expiresAt: 0 }),
      createLocal: transport,
    };
    const started = (el as unknown as { start(): Promise<void> }).start();
    if (!hang) await started;
  }, hang);
}

type Ev = Record<string, (...a: unknown[]) => void>;
async function emit(page: Page, fn: (ev: Ev, w: { now: number }) => void): Promise<void> {
  await page.evaluate(`(${fn.toString()})(window.ev, window)`);
  await page.evaluate(() => document.querySelector('polyglot-assistant')!.updateComplete);
}

const TEXT = {
  en: {
    hi: 'Hi! Where would you like to fly?',
    ask: 'From Madrid to London next Monday morning',
    reply: 'I found two nonstop flights. The cheapest is Iberia at 98 euros, leaving at 19:05.',
    cut: 'I found two nonstop flights. The cheapest is',
  },
  ar: {
    hi: 'مرحباً! إلى أين تود السفر؟',
    ask: 'من مدريد إلى لندن صباح الاثنين القادم',
    reply: 'وجدت رحلتين مباشرتين. الأرخص مع إيبيريا بسعر 98 يورو، تغادر الساعة 19:05.',
    cut: 'وجدت رحلتين مباشرتين. الأرخص',
  },
};

type Scene =
  | 'idle'
  | 'connecting'
  | 'listening'
  | 'searching'
  | 'cards'
  | 'interrupted'
  | 'reconnecting'
  | 'error'
  | 'thinking';

async function play(page: Page, scene: Scene, lang: 'en' | 'ar'): Promise<void> {
  if (scene === 'idle') return;
  const t = TEXT[lang];
  await connect(page, scene === 'connecting');
  if (scene === 'connecting') return;
  await emit(
    page,
    new Function(
      'ev',
      `ev.transcript({ id: 'a0', role: 'assistant', turn: 0, text: ${JSON.stringify(t.hi)}, final: true, language: '${lang}' });`,
    ) as never,
  );
  const ask = (final: boolean) =>
    `ev.transcript({ id: 'u1', role: 'user', turn: 1, text: ${JSON.stringify(final ? t.ask : t.ask.split(' ').slice(0, 4).join(' '))}, final: ${final}, language: '${lang}' });`;
  if (scene === 'listening') {
    await emit(page, new Function('ev', `${ask(false)} ev.micLevel(0.22);`) as never);
    return;
  }
  await emit(page, new Function('ev', `${ask(true)} ev.agentState('thinking');`) as never);
  if (scene === 'thinking') return;
  await emit(
    page,
    new Function(
      'ev',
      'w',
      `ev.tool({ type: 'tool', id: 'c1', tool: 'search_flights', status: 'started', turn: 1 }); w.now = 2400;`,
    ) as never,
  );
  if (scene === 'searching') return;
  const offers = JSON.stringify([madLgw, madLhr, jfkNrt].slice(0, 2));
  await emit(
    page,
    new Function(
      'ev',
      'w',
      `w.now = 3100;
       ev.tool({ type: 'tool', id: 'c1', tool: 'search_flights', status: 'finished', provider: 'duffel', turn: 1 });
       ev.flightResults({ type: 'flight_results', id: 'r1', query: {}, offers: ${offers}, provider: 'duffel', turn: 1 });
       ev.agentState('speaking');
       ev.transcript({ id: 'a2', role: 'assistant', turn: 1, text: ${JSON.stringify(scene === 'interrupted' ? t.cut : t.reply)}, final: ${scene !== 'interrupted'}, language: '${lang}' });
       ev.outputLevel(0.2, true);`,
    ) as never,
  );
  if (scene === 'interrupted') await emit(page, (ev) => ev.interrupted!());
  if (scene === 'reconnecting') {
    await emit(page, (ev) => {
      ev.agentState!('listening');
      ev.closed!(false); // the network dropped; the resume timer never fires in this page
    });
  }
  if (scene === 'error') {
    await emit(page, (ev) => {
      ev.agentState!('listening');
      ev.error!('session_limit', 'At capacity', true);
      ev.closed!(false);
    });
  }
}

interface Shot {
  name: string;
  scene: Scene;
  lang: 'en' | 'ar';
  theme: 'light' | 'dark';
  mobile?: boolean;
  layout?: 'inline' | 'floating';
  open?: boolean;
}

const shots: Shot[] = [
  { name: 'en-light-desktop-idle', scene: 'idle', lang: 'en', theme: 'light' },
  { name: 'en-light-desktop-listening', scene: 'listening', lang: 'en', theme: 'light' },
  { name: 'en-light-desktop-searching', scene: 'searching', lang: 'en', theme: 'light' },
  { name: 'en-light-desktop-cards', scene: 'cards', lang: 'en', theme: 'light' },
  { name: 'en-dark-desktop-cards', scene: 'cards', lang: 'en', theme: 'dark' },
  { name: 'en-dark-desktop-interrupted', scene: 'interrupted', lang: 'en', theme: 'dark' },
  { name: 'en-light-desktop-error', scene: 'error', lang: 'en', theme: 'light' },
  { name: 'en-light-desktop-reconnecting', scene: 'reconnecting', lang: 'en', theme: 'light' },
  {
    name: 'en-dark-mobile-connecting',
    scene: 'connecting',
    lang: 'en',
    theme: 'dark',
    mobile: true,
    layout: 'floating',
    open: true,
  },
  { name: 'en-dark-desktop-thinking', scene: 'thinking', lang: 'en', theme: 'dark' },
  {
    name: 'en-light-mobile-launcher',
    scene: 'idle',
    lang: 'en',
    theme: 'light',
    mobile: true,
    layout: 'floating',
  },
  {
    name: 'en-light-mobile-cards',
    scene: 'cards',
    lang: 'en',
    theme: 'light',
    mobile: true,
    layout: 'floating',
    open: true,
  },
  { name: 'ar-light-desktop-cards', scene: 'cards', lang: 'ar', theme: 'light' },
  {
    name: 'ar-dark-mobile-cards',
    scene: 'cards',
    lang: 'ar',
    theme: 'dark',
    mobile: true,
    layout: 'floating',
    open: true,
  },
  {
    name: 'ar-light-mobile-listening',
    scene: 'listening',
    lang: 'ar',
    theme: 'light',
    mobile: true,
  },
];

mkdirSync(OUT, { recursive: true });
const browser = await chromium.launch({
  executablePath: CHROMIUM_PATH,
  args: [...CHROMIUM_ARGS],
});
try {
  for (const shot of shots) {
    const page = await browser.newPage({
      viewport: shot.mobile ? { width: 390, height: 760 } : { width: 960, height: 640 },
      deviceScaleFactor: 1,
      reducedMotion: 'reduce', // stable frames: no animation mid-flight
    });
    // tsx compiles this file with esbuild's keepNames: functions sent to the page call __name.
    await page.addInitScript('window.__name = (f) => f');
    const q = new URLSearchParams({
      lang: shot.lang,
      theme: shot.theme,
      layout: shot.layout ?? 'inline',
    });
    await page.goto(`http://127.0.0.1:${port}/?${q}`);
    await page.evaluate(() => customElements.whenDefined('polyglot-assistant'));
    if (shot.open) await page.evaluate(() => document.querySelector('polyglot-assistant')!.open());
    await play(page, shot.scene, shot.lang);
    await page.evaluate(() => document.querySelector('polyglot-assistant')!.updateComplete);
    if (shot.mobile && !shot.layout)
      await page.locator('polyglot-assistant').scrollIntoViewIfNeeded();
    const file = join(OUT, `${shot.name}.png`);
    await page.screenshot({ path: file });
    console.log(`${shot.name}.png ${(statSync(file).size / 1024).toFixed(0)} KB`);
    await page.close();
  }
} finally {
  await browser.close();
  server.close();
}
