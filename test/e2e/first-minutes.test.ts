/**
 * The first five minutes (issue 21), as an operator and a visitor meet them on the demo page:
 * a server with no keys says what to set; a conversation opened by typing is answered without
 * a greeting cut short; the page and the widget fit a phone, controls above the fold.
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
