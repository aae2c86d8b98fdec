/**
 * A traveller chooses a flight card, end to end: the real server and local runtime, the Duffel
 * and OpenAI protocol fakes, the demo page in headless Chromium. The partner's booking link opens
 * in a new tab, the page hears `polyglot-offer-select`, and the assistant's confirmation comes
 * from the model (the LLM fake is told the choice as the caller's turn) and is spoken.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { duffelEnv, startDuffelFake, type DuffelFake } from '../fakes/duffel.js';
import { instrument, launchBrowser, snapshot, startStack, type Stack } from './harness.js';

const TEMPLATE =
  'https://acme.example/book?offer={offerId}&from={origin}&to={destination}&date={departureDate}&adults={adults}';
const CHOSEN = '[Chosen on screen]';

interface Selection {
  offer: {
    id: string;
    carriers: { name: string }[];
    price: { amount: string; currency: string };
    slices: {
      origin: { iata: string };
      destination: { iata: string };
      departure: { local: string };
    }[];
  };
  link?: string;
}

describe('choosing a flight card', () => {
  let duffel: DuffelFake;
  let stack: Stack;
  let browser: Browser;

  before(async () => {
    duffel = await startDuffelFake({ offerCount: 3 });
    stack = await startStack(
      {
        rules: [
          {
            // The model confirms from what it was told of the choice (a real model would word
            // it its own way; the fake proves the choice reached it, and only through it).
            when: ({ lastUser }) => lastUser.startsWith(CHOSEN),
            reply: ({ lastUser }) => {
              const [, airline, price] = /offer: ([^,]+),.*; ([\d.]+ [A-Z]{3}) in total/.exec(
                lastUser,
              )!;
              return { text: `Good choice: ${airline} for ${price}.` };
            },
          },
          {
            when: ({ lastTool }) => lastTool !== undefined,
            reply: ({ lastTool }) => ({ text: lastTool! }),
          },
          {
            when: ({ lastUser }) => /Madrid to Rome/.test(lastUser),
            reply: {
              toolCall: {
                name: 'search_flights',
                arguments: {
                  origin: 'Madrid',
                  destination: 'Rome',
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
        // The demo page's partner, with a booking link.
        POLYGLOT_PARTNERS: JSON.stringify([
          { key: 'demo', name: 'Demo', allowedOrigins: [], offerLinkTemplate: TEMPLATE },
        ]),
      },
    );
    browser = await launchBrowser();
  });
  after(async () => {
    await browser.close();
    await stack.close();
    await duffel.close();
  });

  /** The transcript as `role: text` lines, once `pred` holds. */
  async function until(page: Page, pred: (lines: string[]) => boolean, ms = 60_000) {
    const end = Date.now() + ms;
    let lines: string[] = [];
    while (Date.now() < end) {
      lines = (await snapshot(page)).transcript
        .filter((t) => t.final)
        .map((t) => `${t.role}: ${t.text}`);
      if (pred(lines)) return lines;
      await page.waitForTimeout(100);
    }
    return lines;
  }

  it('opens the partner’s link for the offer, and the model confirms the choice aloud', async () => {
    const context: BrowserContext = await browser.newContext();
    // The partner's checkout, answered here: nothing leaves the machine.
    await context.route('https://acme.example/**', (route) =>
      route.fulfill({ contentType: 'text/html', body: '<title>Acme checkout</title>' }),
    );
    const page = await context.newPage();
    await instrument(page);
    await page.addInitScript(() => {
      const w = window as unknown as { __selections: unknown[] };
      w.__selections = [];
      document.addEventListener('polyglot-offer-select', (e) =>
        w.__selections.push((e as CustomEvent).detail),
      );
    });
    await page.goto(stack.server.url);
    const input = page.locator('polyglot-assistant [part="text-input"]');
    await input.fill('Madrid to Rome next Friday');
    await input.press('Enter');

    const buttons = page.locator('polyglot-assistant [part="select-button"]');
    await buttons.first().waitFor({ timeout: 60_000 });
    assert.equal(await buttons.count(), 3);
    // The search's own reply first, so the confirmation is the next line.
    await until(page, (l) => l.some((x) => /^assistant: .*Rome/.test(x)));
    const replies = (await until(page, () => true)).length;

    const [popup] = await Promise.all([page.waitForEvent('popup'), buttons.nth(1).click()]);
    const selections = await page.evaluate(
      () => (window as unknown as { __selections: Selection[] }).__selections,
    );
    assert.equal(selections.length, 1);
    const { offer, link } = selections[0]!;
    const slice = offer.slices[0]!;
    const expected =
      `https://acme.example/book?offer=${encodeURIComponent(offer.id)}&from=${slice.origin.iata}` +
      `&to=${slice.destination.iata}&date=${slice.departure.local.slice(0, 10)}&adults=1`;
    assert.equal(link, expected);
    await popup.waitForLoadState();
    assert.equal(popup.url(), expected, 'the link opened in a new tab');
    assert.equal(await popup.title(), 'Acme checkout');
    assert.equal(
      await popup.evaluate(() => window.opener),
      null,
      'the partner’s page gets no handle on this one',
    );
    assert.equal(
      await buttons.nth(1).getAttribute('aria-pressed'),
      'true',
      'the card shows it is chosen',
    );

    // The model was told the choice as the caller's turn, from the offer the search returned.
    const confirmation = `Good choice: ${offer.carriers[0]!.name} for ${offer.price.amount} ${offer.price.currency}.`;
    const lines = await until(page, (l) => l.includes(`assistant: ${confirmation}`));
    assert.ok(lines.includes(`assistant: ${confirmation}`), JSON.stringify(lines));
    assert.ok(lines.length > replies, 'a new line after the search’s reply');
    assert.equal(lines.at(-1), `assistant: ${confirmation}`, JSON.stringify(lines));
    const told = stack.openai.chatRequests
      .flatMap((r) => r.messages)
      .filter((m) => m.role === 'user' && String(m.content).startsWith(CHOSEN));
    assert.equal(told.length, 1, 'one confirmation asked for');
    assert.match(
      String(told[0]!.content),
      new RegExp(`${slice.origin.iata} .*→ ${slice.destination.iata}`),
    );
    // And spoken: the text-to-speech fake was asked to say it.
    const spoken = () => stack.openai.speechRequests.some((r) => r.input.includes('Good choice'));
    for (let i = 0; i < 100 && !spoken(); i++) await page.waitForTimeout(100);
    assert.ok(spoken(), JSON.stringify(stack.openai.speechRequests.map((r) => r.input)));
    assert.deepEqual((await snapshot(page)).errors, []);
    await context.close();
  });
});
