/**
 * The docs' screenshots, from live sessions: `npm run build && npm run screenshots` writes
 * docs/screenshots/*.png (1280 and 390 px wide, light, dark and Arabic).
 *
 *   npm run screenshots -- --only en-light-1280      one run (names below)
 *   npm run screenshots -- --presence after          docs/screenshots/presence-after.png
 *   npm run screenshots -- --presence before --cdn DIR   the same with an older build's CDN files
 *   npm run screenshots -- --console                 docs/screenshots/console-*.png only
 *
 * Each run starts the real server against the protocol fakes and talks to the real widget in
 * Chromium (live.ts). Text in other scripts needs fonts: Debian's fonts-noto-core (Arabic) and
 * fonts-droid-fallback (the demo page's 日本語).
 */
import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { initializeLogger, log } from '@livekit/agents';
import type { Browser, Page } from 'playwright-core';
import { loadConfig } from '../../agent/src/config.js';
import { startServer } from '../../agent/src/server/http.js';
import { launchBrowser } from '../e2e/harness.js';
import {
  CALLER,
  CONSOLE,
  loud,
  openDemo,
  POLICY,
  say,
  startLive,
  startConsoleLive,
  startPolicyLive,
  startSaying,
  until,
  type Lang,
  type PageOptions,
} from './live.js';

const OUT = new URL('../../docs/screenshots/', import.meta.url).pathname;

type Scene =
  | 'idle'
  | 'listening'
  | 'thinking'
  | 'searching'
  | 'speaking'
  | 'interrupted'
  | 'muted'
  | 'text'
  | 'setup'
  | 'policy'
  /** The caller speaks a language no provider voices: the reply is written, and the UI says so. */
  | 'text-only';

interface Run extends PageOptions {
  name: string;
  scenes: Scene[];
  /** A server without any key: the demo's banner, and what a visitor who types is told. */
  noKeys?: boolean;
  /** The caller's language when it is not the page's (the conversation follows the caller). */
  caller?: Lang;
}

const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

const RUNS: Run[] = [
  {
    name: 'en-light-1280',
    lang: 'en',
    theme: 'light',
    ...DESKTOP,
    scenes: ['idle', 'listening', 'thinking', 'searching', 'speaking', 'interrupted', 'muted'],
  },
  {
    name: 'en-dark-1280',
    lang: 'en',
    theme: 'dark',
    ...DESKTOP,
    scenes: ['listening', 'speaking'],
  },
  { name: 'en-light-390', lang: 'en', theme: 'light', ...PHONE, scenes: ['listening', 'speaking'] },
  { name: 'en-dark-390', lang: 'en', theme: 'dark', ...PHONE, scenes: ['searching', 'speaking'] },
  {
    name: 'ar-light-1280',
    lang: 'ar',
    theme: 'light',
    ...DESKTOP,
    scenes: ['listening', 'speaking'],
  },
  { name: 'ar-dark-390', lang: 'ar', theme: 'dark', ...PHONE, scenes: ['speaking', 'interrupted'] },
  // Issue 24's UI languages: Persian and Urdu (right to left) and Thai, each in its own voice.
  { name: 'fa-light-390', lang: 'fa', theme: 'light', ...PHONE, scenes: ['speaking'] },
  { name: 'ur-dark-1280', lang: 'ur', theme: 'dark', ...DESKTOP, scenes: ['speaking'] },
  { name: 'th-light-390', lang: 'th', theme: 'light', ...PHONE, scenes: ['speaking'] },
  // An English page, a caller speaking Amharic: answered in writing, and the widget says why.
  {
    name: 'am-light-390',
    lang: 'en',
    caller: 'am',
    theme: 'light',
    ...PHONE,
    scenes: ['text-only'],
  },
  {
    name: 'yue-light-390',
    lang: 'en',
    caller: 'yue',
    theme: 'light',
    ...PHONE,
    scenes: ['text-only'],
  },
  {
    name: 'en-light-390-floating',
    lang: 'en',
    theme: 'light',
    ...PHONE,
    layout: 'floating',
    scenes: ['speaking'],
  },
  {
    name: 'en-light-390-text',
    lang: 'en',
    theme: 'light',
    ...PHONE,
    mode: 'text',
    scenes: ['text'],
  },
  {
    name: 'en-light-1280',
    lang: 'en',
    theme: 'light',
    ...DESKTOP,
    noKeys: true,
    scenes: ['setup'],
  },
  { name: 'en-dark-390', lang: 'en', theme: 'dark', ...PHONE, noKeys: true, scenes: ['setup'] },
];

/** A typed policy question answered from the demo's policies, with its source under the answer. */
const POLICY_RUNS: Run[] = [
  {
    name: 'en-light-1280-policy',
    lang: 'en',
    theme: 'light',
    ...DESKTOP,
    mode: 'text',
    scenes: [],
  },
  { name: 'en-dark-390-policy', lang: 'en', theme: 'dark', ...PHONE, mode: 'text', scenes: [] },
];

async function shot(page: Page, file: string): Promise<void> {
  await page.screenshot({ path: join(OUT, file) });
  console.log(`${file} ${(statSync(join(OUT, file)).size / 1024).toFixed(0)} KB`);
}

/** One live conversation, photographed at each scene `run` asks for, in the order they happen. */
async function voice(browser: Browser, run: Run): Promise<void> {
  const live = await startLive(run.caller ?? run.lang);
  const page = await openDemo(browser, live.url, run);
  const c = CALLER[run.caller ?? run.lang];
  const want = new Set(run.scenes);
  const name = (scene: Scene) => `${run.name}-${scene}.png`;
  try {
    if (want.has('idle')) await shot(page, name('idle'));
    await page.locator('polyglot-assistant [part="mic-button"]').click();
    // The greeting is written and has been played out.
    await until(page, "w.finals >= 1 && w.state === 'listening'");
    const greeted = await played(page);
    if (want.has('text-only')) {
      await say(page, c.ask, c.voice);
      // The reply to the search, written: nothing more is played.
      await page.locator('polyglot-assistant [part="text-only"]').waitFor();
      await page.locator('polyglot-assistant [part="flight-card"]').first().waitFor();
      await until(page, "w.finals >= 2 && w.state === 'listening'", 60_000);
      await shot(page, name('text-only'));
      return;
    }
    if (want.has('listening')) {
      await startSaying(page, c.ask, c.voice, 800); // mid-sentence: the microphone's level
      await loud(page);
      await shot(page, name('listening'));
    } else {
      await say(page, c.ask, c.voice);
    }
    if (want.has('thinking')) {
      await until(page, "w.state === 'thinking'");
      await shot(page, name('thinking'));
    }
    if (want.has('searching')) {
      await until(page, "w.state === 'searching'");
      await page.waitForTimeout(1_100); // the search line's clock has ticked
      await shot(page, name('searching'));
    }
    // The reply, with its cards, heard for a second and a half.
    await until(page, `w.state === 'speaking' && w.playedMs > ${greeted + 1_500}`);
    if (want.has('speaking')) {
      await loud(page);
      await shot(page, name('speaking'));
    }
    if (want.has('interrupted')) {
      await startSaying(page, c.cut, c.voice, 0);
      await until(page, "w.state === 'interrupted'");
      await shot(page, name('interrupted'));
    }
    if (want.has('muted')) {
      await until(page, "w.state === 'listening'", 60_000);
      await page.locator('polyglot-assistant [part="mic-button"]').click();
      await until(page, "w.state === 'ready'");
      await shot(page, name('muted'));
    }
  } finally {
    await page.close();
    await live.close();
  }
}

/** A conversation opened by typing (text mode), answered: no greeting, "Ready", no microphone. */
async function typed(browser: Browser, run: Run): Promise<void> {
  const live = await startLive(run.lang);
  const page = await openDemo(browser, live.url, run);
  try {
    const input = page.locator('polyglot-assistant [part="text-input"]');
    await input.fill(CALLER[run.lang as Lang].typed);
    await input.press('Enter');
    await until(page, "w.finals >= 1 && w.state === 'ready'", 30_000);
    await shot(page, `${run.name}.png`);
  } finally {
    await page.close();
    await live.close();
  }
}

/** A policy question typed, answered from the demo's policies: the source listed under it. */
async function policy(browser: Browser, run: Run): Promise<void> {
  const live = await startPolicyLive();
  const page = await openDemo(browser, live.url, run);
  try {
    const input = page.locator('polyglot-assistant [part="text-input"]');
    await input.fill(POLICY.ask);
    await input.press('Enter');
    await page.locator('polyglot-assistant [part~="citation"]').first().waitFor();
    await until(page, "w.finals >= 1 && w.state === 'ready'", 30_000);
    await shot(page, `${run.name}.png`);
  } finally {
    await page.close();
    await live.close();
  }
}

/** A server with no keys: the banner, and a visitor who types anyway. */
async function noKeys(browser: Browser, run: Run): Promise<void> {
  const env = { PORT: '0', POLYGLOT_SESSION_THREADS: '0' };
  const server = await startServer({
    config: loadConfig(env),
    env,
    logger: log(),
    version: 'docs',
  });
  const page = await openDemo(browser, server.url, run);
  try {
    const input = page.locator('polyglot-assistant [part="text-input"]');
    await input.fill(CALLER[run.lang as Lang].typed);
    await input.press('Enter');
    await page.locator('polyglot-assistant [part="error"]').waitFor();
    await shot(page, `${run.name}-setup.png`);
  } finally {
    await page.close();
    await server.close();
  }
}

/** A tablet, held upright (iPad Air's CSS viewport). */
const TABLET = { width: 820, height: 1180 };

/**
 * The operator console during a live call: a caller on the demo page asks for flights by voice,
 * then types that they want a person; operators signed in at 1280 px and on a tablet, light and
 * dark, see it queued and open it; one takes over and writes to the caller; then the history.
 */
async function consoleShots(browser: Browser): Promise<void> {
  const live = await startConsoleLive();
  const caller = await openDemo(browser, live.url, { lang: 'en', theme: 'light', ...DESKTOP });
  const views = [
    { name: 'console-light-1280', theme: 'light', ...DESKTOP },
    { name: 'console-dark-1280', theme: 'dark', ...DESKTOP },
    { name: 'console-light-820', theme: 'light', ...TABLET },
    { name: 'console-dark-820', theme: 'dark', ...TABLET },
  ] as const;
  const operators: Page[] = [];
  try {
    // An operator watching while the flight search runs (the Duffel fake holds its answer).
    const watching = await browser.newPage({ viewport: DESKTOP, colorScheme: 'light' });
    operators.push(watching);
    await signInConsole(watching, live.url);
    const release = live.holdSearch();
    await caller.locator('polyglot-assistant [part="mic-button"]').click();
    await until(caller, "w.finals >= 1 && w.state === 'listening'");
    await say(caller, CALLER.en.ask, CALLER.en.voice);
    await watching.locator('[part="session-tool"]').waitFor({ timeout: 60_000 });
    await watching.locator('[part="session-entry"]').click();
    await watching.locator('[part="transcript"]').getByText(CALLER.en.ask).waitFor();
    await shot(watching, 'console-light-1280-searching.png');
    release();
    await until(caller, "w.finals >= 2 && w.state === 'listening'", 60_000);
    const input = caller.locator('polyglot-assistant [part="text-input"]');
    await input.fill(CONSOLE.askPerson);
    await input.press('Enter');
    await until(caller, 'w.finals >= 3', 30_000);

    for (const v of views) {
      const page = await browser.newPage({
        viewport: { width: v.width, height: v.height },
        colorScheme: v.theme,
      });
      operators.push(page);
      await signInConsole(page, live.url);
      await page.locator('[part="queue-entry"]').click();
      await page.locator('[part="transcript"]').getByText(CONSOLE.handed).waitFor();
      await shot(page, `${v.name}-live.png`);
    }
    // The first operator takes the call and writes to the caller.
    const first = operators[1]!;
    await first.getByRole('button', { name: 'Take over' }).click();
    await first.getByLabel('Message to the caller').fill(CONSOLE.operatorSays);
    await first.getByLabel('Message to the caller').press('Enter');
    await first
      .locator('[part="transcript"]')
      .getByText(CONSOLE.operatorSays)
      .waitFor({ timeout: 10_000 })
      .catch(async (err: unknown) => {
        await first.screenshot({ path: '/tmp/console-fail.png' });
        throw err;
      });
    await caller.getByText(CONSOLE.operatorSays).waitFor();
    await shot(first, 'console-light-1280-taken-over.png');
    await shot(caller, 'console-caller-1280.png');
    for (const [i, v] of views.entries()) {
      const page = operators[i + 1]!;
      await page.getByRole('button', { name: 'History' }).click();
      await page.locator('[part="figures"]').waitFor();
      await shot(page, `${v.name}-history.png`);
    }
  } finally {
    for (const p of operators) await p.close();
    await caller.close();
    await live.close();
  }
}

async function signInConsole(page: Page, url: string): Promise<void> {
  await page.goto(`${url}/console`);
  await page.getByLabel('Username').fill(CONSOLE.username);
  await page.getByLabel('Password').fill(CONSOLE.password);
  await page.getByLabel('Password').press('Enter');
  await page.getByRole('heading', { name: /Handoff queue/ }).waitFor();
}

async function played(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      (document.querySelector('polyglot-assistant') as unknown as { stats: { playedMs: number } })
        .stats.playedMs,
  );
}

/**
 * The widget alone while listening and while speaking, side by side: the presence visual, before
 * and after issue 21 (`--cdn` serves the older build).
 */
async function presence(browser: Browser, which: string, cdn: string | undefined): Promise<void> {
  const run: Run = { name: 'presence', lang: 'en', theme: 'light', ...DESKTOP, scenes: [], cdn };
  const live = await startLive('en');
  const page = await openDemo(browser, live.url, run);
  const c = CALLER.en;
  const frames: string[] = [];
  const widget = page.locator('polyglot-assistant [part="panel"]');
  // The board's colour behind the panel's rounded corners, not the page's blue.
  await page.addStyleTag({ content: 'body { background: #eef1f5 !important }' });
  try {
    await page.locator('polyglot-assistant [part="mic-button"]').click();
    await until(page, "w.finals >= 1 && w.state === 'listening'");
    const greeted = await played(page);
    await startSaying(page, c.ask, c.voice, 800);
    await loud(page);
    frames.push((await widget.screenshot()).toString('base64'));
    await until(page, `w.state === 'speaking' && w.playedMs > ${greeted + 1_500}`);
    await loud(page);
    frames.push((await widget.screenshot()).toString('base64'));
  } finally {
    await page.close();
    await live.close();
  }
  const board = await browser.newPage({ viewport: { width: 880, height: 620 } });
  await board.setContent(`<body style="margin:0;padding:16px;display:flex;gap:24px;
    font:600 15px system-ui;background:#eef1f5;color:#14181f">
    ${['Listening (the caller speaks)', 'Speaking (the reply plays)']
      .map(
        (
          label,
          i,
        ) => `<figure style="margin:0"><figcaption style="margin:0 0 8px">${label}</figcaption>
        <img src="data:image/png;base64,${frames[i]}" style="width:400px"></figure>`,
      )
      .join('')}</body>`);
  await board.waitForLoadState('load');
  const file = `presence-${which}.png`;
  await board.locator('body').screenshot({ path: join(OUT, file) });
  console.log(`${file} ${(statSync(join(OUT, file)).size / 1024).toFixed(0)} KB`);
  await board.close();
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      only: { type: 'string' },
      presence: { type: 'string' },
      cdn: { type: 'string' },
      console: { type: 'boolean' },
    },
  });
  initializeLogger({ pretty: false, level: 'fatal' });
  process.env.LOG_LEVEL ??= 'error'; // the session threads' (a slow VAD on a busy machine warns)
  mkdirSync(OUT, { recursive: true });
  const browser = await launchBrowser();
  try {
    if (values.presence) {
      await presence(browser, values.presence, values.cdn);
      return;
    }
    if (values.console) {
      await consoleShots(browser);
      return;
    }
    for (const run of RUNS) {
      if (values.only && !run.name.startsWith(values.only)) continue;
      if (values.cdn) run.cdn = values.cdn;
      if (run.noKeys) await noKeys(browser, run);
      else if (run.mode === 'text') await typed(browser, run);
      else await voice(browser, run);
    }
    for (const run of POLICY_RUNS) {
      if (values.only && !run.name.startsWith(values.only)) continue;
      if (values.cdn) run.cdn = values.cdn;
      await policy(browser, run);
    }
  } finally {
    await browser.close();
  }
}

await main();
process.exit(0);
