/**
 * The first five minutes (issue 21), as an operator and a visitor meet them on the demo page:
 * a server with no keys says what to set; a conversation opened by typing is answered without
 * a greeting cut short; the page and the widget fit a phone, controls above the fold (320, 360
 * and 390 px wide, and a laptop).
 */
import assert from 'node:assert/strict';
import { initializeLogger, log } from '@livekit/agents';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { loadConfig } from '../../agent/src/config.js';
import { startServer, type RunningServer } from '../../agent/src/server/http.js';
import { instrument, launchBrowser, startStack, waitForWidget, type Stack } from './harness.js';

initializeLogger({ pretty: false, level: 'fatal' });

const widget = (page: Page, part: string) => page.locator(`polyglot-assistant [part="${part}"]`);

/** Phone screens, portrait (CSS pixels), and a small laptop. */
const SCREENS = [
  { width: 320, height: 568 },
  { width: 360, height: 640 },
  { width: 390, height: 844 },
  { width: 1280, height: 720 },
];

/**
 * The demo page as a visitor first sees it at `screen`: what overflows sideways (the document, a
 * clipping box in the widget, a part beyond the panel) and the widget's controls not entirely
 * inside the first screen (nothing scrolled).
 */
async function firstScreen(page: Page): Promise<{ overflow: string[]; belowFold: string[] }> {
  await page.evaluate(() => customElements.whenDefined('polyglot-assistant'));
  return page.evaluate(() => {
    const overflow: string[] = [];
    const doc = document.documentElement;
    if (doc.scrollWidth > doc.clientWidth)
      overflow.push(`document ${doc.scrollWidth}/${doc.clientWidth}`);
    const root = document.querySelector('polyglot-assistant')!.shadowRoot!;
    const panelEl = root.querySelector('[part="panel"]')!;
    const panel = panelEl.getBoundingClientRect();
    if (panel.left < 0 || panel.right > doc.clientWidth)
      overflow.push(`panel ${panel.left}..${panel.right}`);
    for (const el of panelEl.querySelectorAll('*')) {
      const style = getComputedStyle(el);
      const name = el.getAttribute('part') ?? el.tagName.toLowerCase();
      if (
        style.overflowX !== 'visible' &&
        style.textOverflow !== 'ellipsis' &&
        el.scrollWidth > el.clientWidth + 1
      )
        overflow.push(`${name} scrolls ${el.scrollWidth}/${el.clientWidth}`);
      const r = el.getBoundingClientRect();
      if (
        r.width &&
        !el.closest('.visually-hidden') &&
        (r.left < panel.left - 0.5 || r.right > panel.right + 0.5)
      )
        overflow.push(`${name} at ${r.left}..${r.right}`);
    }
    const belowFold: string[] = [];
    for (const part of ['mic-button', 'text-input', 'send-button']) {
      const r = root.querySelector(`[part="${part}"]`)!.getBoundingClientRect();
      if (r.top < 0 || r.bottom > window.innerHeight || r.right > doc.clientWidth)
        belowFold.push(
          `${part} at y ${r.top.toFixed(0)}..${r.bottom.toFixed(0)} of ${window.innerHeight}`,
        );
    }
    return { overflow, belowFold };
  });
}

/** The page at each screen size, light and Arabic (right to left): fits, controls in view. */
async function checkScreens(browser: Browser, url: string): Promise<void> {
  for (const screen of SCREENS) {
    for (const query of ['', '?lang=ar&theme=dark']) {
      const page = await browser.newPage({ viewport: screen });
      await page.goto(url + query);
      await page.waitForLoadState('networkidle'); // the /healthz banner, if any, is in place
      const seen = await firstScreen(page);
      const at = `${screen.width}×${screen.height}${query}`;
      assert.deepEqual(seen.overflow, [], `${at}: overflows sideways`);
      assert.deepEqual(seen.belowFold, [], `${at}: controls below the fold`);
      await page.close();
    }
  }
}

describe('a server without keys', () => {
  let server: RunningServer;
  let browser: Browser;

  before(async () => {
    const env = { PORT: '0', POLYGLOT_SESSION_THREADS: '0' };
    server = await startServer({ config: loadConfig(env), env, logger: log(), version: 'test' });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser.close();
    await server.close();
  });

  it('the demo page names the settings to set; the widget keeps the typed message', async () => {
    const page = await browser.newPage();
    await page.goto(server.url);
    const banner = page.locator('#setup');
    await banner.waitFor({ state: 'visible' });
    const said = (await banner.innerText()).replace(/\s+/g, ' ');
    assert.match(said, /To run the assistant, set OPENAI_API_KEY\./);
    assert.match(
      said,
      /To search flights, set DUFFEL_ACCESS_TOKEN, or AMADEUS_CLIENT_ID and AMADEUS_CLIENT_SECRET, or SERPAPI_API_KEY\./,
    );
    assert.equal(await banner.getAttribute('role'), 'status');

    // A visitor types anyway: told the assistant is unavailable, and the words are still there.
    await widget(page, 'text-input').fill('Flights to Rome');
    await widget(page, 'text-input').press('Enter');
    await widget(page, 'error').waitFor();
    assert.match(await widget(page, 'error').innerText(), /unavailable/);
    assert.equal(await widget(page, 'text-input').inputValue(), 'Flights to Rome');
    assert.equal(await page.locator('polyglot-assistant .empty').count(), 0);
    await page.close();
  });

  it('on a phone, the page fits and the widget is in the first screen, banner and all', async () => {
    await checkScreens(browser, server.url);
  });
});

describe('a conversation opened by typing', () => {
  let stack: Stack;
  let browser: Browser;
  const REPLY = 'Rome it is. From which city would you leave?';

  before(async () => {
    stack = await startStack({
      rules: [{ when: ({ lastUser }) => /Rome/.test(lastUser), reply: { text: REPLY } }],
    });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser.close();
    await stack.close();
  });

  it('on a phone, the page fits and the widget is in the first screen', async () => {
    await checkScreens(browser, stack.server.url);
  });

  for (const mode of ['text', 'both'] as const) {
    it(`${mode} mode: answers the typed words and cuts nothing off (no greeting over them)`, async () => {
      const page = await browser.newPage();
      await instrument(page);
      await page.goto(stack.server.url);
      await page.evaluate(
        (mode) => document.querySelector('polyglot-assistant')!.setAttribute('mode', mode),
        mode,
      );
      await widget(page, 'text-input').fill('Flights to Rome');
      await widget(page, 'text-input').press('Enter');
      const s = await waitForWidget(
        page,
        (w) => w.transcript.some((t) => t.role === 'assistant' && t.final && t.text === REPLY),
        30_000,
      );
      const lines = s.transcript.map((t) => `${t.role}: ${t.text}${t.interrupted ? ' [cut]' : ''}`);
      assert.deepEqual(lines, ['user: Flights to Rome', `assistant: ${REPLY}`]);
      assert.ok(!s.states.includes('interrupted'), `states: ${s.states.join(' ')}`);
      assert.equal(await page.locator('polyglot-assistant [part="interrupted-tag"]').count(), 0);
      // The last reply has played out: nothing arrives late to cut anything either.
      const later = await waitForWidget(page, (w) => w.state !== 'speaking', 15_000);
      assert.ok(!later.transcript.some((t) => t.interrupted));
      await page.close();
    });
  }
});
