/**
 * Two people use the assistant at the same time: neither sees the other's words, replies or
 * flights, and each conversation completes.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { duffelEnv, startDuffelFake, type DuffelFake } from '../fakes/duffel.js';
import { MIC_INIT_SCRIPT } from '../sim/mic.js';
import {
  instrument,
  launchBrowser,
  snapshot,
  startStack,
  startTalking,
  type Stack,
} from './harness.js';

describe('two sessions at once', () => {
  let stack: Stack;
  let duffel: DuffelFake;
  let browser: Browser;

  before(async () => {
    duffel = await startDuffelFake();
    stack = await startStack(
      {
        rules: [
          {
            when: ({ lastTool }) => lastTool !== undefined,
            reply: ({ lastTool }) => ({ text: lastTool! }),
          },
          {
            when: ({ lastUser }) => /Oslo/.test(lastUser),
            reply: {
              toolCall: {
                name: 'search_flights',
                arguments: {
                  origin: 'Oslo',
                  destination: 'Rome',
                  departure_date: 'next Friday',
                  language: 'en',
                },
              },
            },
          },
          {
            when: ({ lastUser }) => /Lisbon/.test(lastUser),
            reply: {
              toolCall: {
                name: 'search_flights',
                arguments: {
                  origin: 'Lisbon',
                  destination: 'Paris',
                  departure_date: 'next Friday',
                  language: 'en',
                },
              },
            },
          },
        ],
      },
      {
        ...duffelEnv(duffel.url),
      },
    );
    browser = await launchBrowser();
  });
  after(async () => {
    await browser.close();
    await stack.close();
    await duffel.close();
  });

  async function open(): Promise<Page> {
    const page = await (await browser.newContext()).newPage();
    await page.addInitScript(MIC_INIT_SCRIPT);
    await instrument(page);
    await startTalking(page, stack.server.url);
    return page;
  }

  async function ask(page: Page, text: string): Promise<void> {
    const input = page.locator('polyglot-assistant [part="text-input"]');
    await input.fill(text);
    await input.press('Enter');
  }

  /**
   * The transcript as `role: text` lines once `pred` holds. `pred` also gets the number of final
   * assistant lines: a reply still streaming shows only its first words.
   */
  async function until(
    page: Page,
    pred: (t: string[], finalReplies: number) => boolean,
    ms = 60_000,
  ): Promise<string[]> {
    const end = Date.now() + ms;
    let texts: string[] = [];
    while (Date.now() < end) {
      const transcript = (await snapshot(page)).transcript;
      texts = transcript.map((t) => `${t.role}: ${t.text}`);
      const finalReplies = transcript.filter((t) => t.role === 'assistant' && t.final).length;
      if (pred(texts, finalReplies)) return texts;
      await page.waitForTimeout(100);
    }
    return texts;
  }

  it('keeps each conversation, and its flights, to itself', async () => {
    const [a, b] = await Promise.all([open(), open()]);
    await Promise.all([until(a!, (t) => t.length >= 1), until(b!, (t) => t.length >= 1)]);
    await Promise.all([
      ask(a!, 'Oslo to Rome next Friday'),
      ask(b!, 'Lisbon to Paris next Friday'),
    ]);
    const done = (_t: string[], finalReplies: number) => finalReplies >= 2;
    const [ta, tb] = await Promise.all([until(a!, done), until(b!, done)]);

    assert.ok(
      ta.some((t) => /user: Oslo to Rome/.test(t)),
      JSON.stringify(ta),
    );
    assert.ok(
      tb.some((t) => /user: Lisbon to Paris/.test(t)),
      JSON.stringify(tb),
    );
    assert.ok(
      ta.some((t) => /assistant: .*Rome/.test(t)),
      `A's reply: ${JSON.stringify(ta)}`,
    );
    assert.ok(
      tb.some((t) => /assistant: .*Paris/.test(t)),
      `B's reply: ${JSON.stringify(tb)}`,
    );
    assert.ok(
      !ta.join('\n').match(/Lisbon|Paris/),
      `A saw B's conversation: ${JSON.stringify(ta)}`,
    );
    assert.ok(!tb.join('\n').match(/Oslo|Rome/), `B saw A's conversation: ${JSON.stringify(tb)}`);
    // Each page's flight cards show only its own route.
    const cards = (p: Page) =>
      p.locator('polyglot-assistant [part~="flight-card"]').allTextContents();
    const [ca, cb] = await Promise.all([cards(a!), cards(b!)]);
    assert.ok(ca.length > 0 && cb.length > 0, `cards: A ${ca.length}, B ${cb.length}`);
    assert.ok(
      ca.every((c) => !/LIS|CDG|Lisbon|Paris/.test(c)),
      `A's cards: ${ca.join(' | ')}`,
    );
    assert.ok(
      cb.every((c) => !/OSL|FCO|Oslo|Rome/.test(c)),
      `B's cards: ${cb.join(' | ')}`,
    );
  });
});
