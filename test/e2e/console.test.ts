/**
 * The operator console, end to end: a caller on the demo page (typed input, the scripted OpenAI
 * fake calling `search_flights`, then `transfer_to_human`) searches flights, and the operator
 * signed into `/console` in another browser context sees the session searching while the Duffel
 * fake holds its answer; then the caller asks for a person, the operator sees the call queued
 * within a second, opens it and reads the masked transcript with the offers the caller was shown
 * in brief, takes over by text (the caller's widget shows the message as a person's, and the
 * assistant stops answering), and ends the session; the history then counts the call and exports
 * it as CSV. Real server, session threads, Chromium.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { hashPassword } from '../../agent/src/console/operators.js';
import type { PolyglotFlightResultsDetail } from '../../sdk/src/events/events.js';
import { duffelEnv, startDuffelFake, type DuffelFake } from '../fakes/duffel.js';
import {
  instrument,
  launchBrowser,
  MADRID_SEARCH,
  startStack,
  waitForWidget,
  type Stack,
} from './harness.js';

const PASSWORD = 'a console passphrase';
const ASK = 'I want to talk to a person, my email is ana@example.com';
const HANDED = 'I am passing you to a person from our team.';
const OPERATOR_SAYS = 'Hello, this is Ana from support. How can I help?';
const { typed: SEARCH, found: FOUND } = MADRID_SEARCH;

describe('operator console', () => {
  let stack: Stack;
  let browser: Browser;
  let duffel: DuffelFake;

  before(async () => {
    duffel = await startDuffelFake({ offerCount: 3 });
    stack = await startStack(
      {
        rules: [
          ...MADRID_SEARCH.rules,
          {
            when: ({ lastUser, lastTool }) => lastTool !== undefined && /person/.test(lastUser),
            reply: { text: HANDED },
          },
          {
            when: ({ lastUser, lastTool }) => lastTool === undefined && /person/.test(lastUser),
            reply: {
              toolCall: {
                name: 'transfer_to_human',
                arguments: {
                  reason: 'human_requested',
                  summary: 'Caller wants a person; wrote ana@example.com.',
                },
              },
            },
          },
        ],
      },
      {
        ...duffelEnv(duffel.url),
        POLYGLOT_PARTNERS: JSON.stringify([
          { key: 'demo', name: 'Polyglot demo', handoff: { queue: 'support' } },
        ]),
        POLYGLOT_OPERATORS: JSON.stringify([
          {
            username: 'ana',
            passwordHash: hashPassword(PASSWORD),
            role: 'operator',
            partner: 'demo',
          },
        ]),
      },
    );
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await stack?.close();
    await duffel?.close();
  });

  async function signIn(page: Page): Promise<void> {
    await page.goto(`${stack.server.url}/console`);
    await page.getByLabel('Username').fill('ana');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByLabel('Password').press('Enter');
    await page.getByRole('heading', { name: /Handoff queue/ }).waitFor();
  }

  it('shows a search while it runs; queues a caller who asks for a person; the operator reads what they were shown, takes over by text and ends the call', async () => {
    const operator = await (await browser.newContext()).newPage();
    await signIn(operator);

    const caller = await (await browser.newContext()).newPage();
    await instrument(caller);
    await caller.addInitScript(() => {
      const w = window as unknown as { __flights: unknown[] };
      w.__flights = [];
      document.addEventListener('polyglot-flight-results', (e) =>
        w.__flights.push((e as CustomEvent).detail),
      );
    });
    await caller.goto(stack.server.url);
    const input = caller.locator('polyglot-assistant [part="text-input"]');

    // While the flight search runs (the Duffel fake holds its answer), the sessions list says so.
    const release = duffel.hold();
    await input.fill(SEARCH);
    await input.press('Enter');
    const session = operator.locator('[part="session-entry"]');
    await session.locator('[part="session-tool"]', { hasText: 'Searching flights' }).waitFor({
      timeout: 60_000,
    });
    release();
    // The reply is heard to its end (typing over it would cut it, as it would a spoken reply).
    await waitForWidget(
      caller,
      (s) =>
        s.transcript.some((t) => t.text === FOUND && t.final) &&
        (s.state === 'ready' || s.state === 'listening'),
      60_000,
    );
    // Cleared when it ends.
    await session.locator('[part="session-tool"]').waitFor({ state: 'detached', timeout: 5_000 });
    const [results] = await caller.evaluate(
      () => (window as unknown as { __flights: PolyglotFlightResultsDetail[] }).__flights,
    );
    assert.equal(results?.offers.length, 3);
    const cheapest = results.offers.reduce((a, b) =>
      Number(b.price.amount) < Number(a.price.amount) ? b : a,
    );

    await input.fill(ASK);
    await input.press('Enter');
    const handed = await waitForWidget(caller, (s) => s.handoffs.length > 0, 60_000);
    assert.equal(handed.handoffs[0]?.reason, 'human_requested');

    // Within a second of the caller's widget being told, the console lists the call.
    const entry = operator.locator('[part="queue-entry"]');
    await entry.waitFor({ timeout: 1_000 });
    const queued = await entry.innerText();
    assert.match(queued, /human requested/);
    assert.match(queued, /Caller wants a person/);
    assert.doesNotMatch(queued, /ana@example\.com/, 'the summary is masked');

    // Opened from the keyboard, it shows the conversation so far, masked.
    await entry.focus();
    await operator.keyboard.press('Enter');
    const transcript = operator.locator('[part="transcript"]');
    await transcript.getByText(HANDED).waitFor({ timeout: 10_000 });
    const text = await transcript.innerText();
    assert.match(text, /Caller: I want to talk to a person/);
    assert.doesNotMatch(text, /ana@example\.com/);
    // The offers the caller's widget showed as cards, in brief, in their turn: before the reply.
    const flights = await transcript.locator('[data-role="flights"]').innerText();
    assert.match(
      flights,
      new RegExp(
        `^Flights shown: 3 offers, MAD → LON, \\d{4}-\\d{2}-\\d{2}, cheapest ` +
          `${cheapest.price.amount.replace('.', '\\.')} ${cheapest.price.currency} \\(duffel\\)$`,
      ),
    );
    assert.ok(
      text.indexOf(flights) < text.indexOf(FOUND),
      `the offers come before the reply about them: ${text}`,
    );

    await operator.getByRole('button', { name: 'Take over' }).click();
    await operator.getByText('Taken over by ana').waitFor();
    // Taken over: the queue no longer offers it to anyone else.
    await operator.getByText('Nobody is waiting.').waitFor();
    await operator.getByLabel('Message to the caller').fill(OPERATOR_SAYS);
    await operator.getByLabel('Message to the caller').press('Enter');

    const shown = await waitForWidget(caller, (s) =>
      s.transcript.some((t) => t.role === 'operator' && t.text === OPERATOR_SAYS),
    );
    assert.ok(shown.transcript.some((t) => t.role === 'operator' && t.text === OPERATOR_SAYS));
    const label = await caller
      .locator('polyglot-assistant [part~="message"][data-role="operator"] .who')
      .innerText();
    assert.match(label, /Support agent/, 'the widget names the message as a person’s');
    // The console shows the person's own line in the transcript too.
    await transcript.getByText(`Operator: ${OPERATOR_SAYS}`).waitFor({ timeout: 5_000 });

    // The caller answers the person; the assistant stays silent while it is taken over.
    const llmCalls = stack.openai.chatRequests.length;
    await input.fill('Thanks, I need to change my booking');
    await input.press('Enter');
    await transcript.getByText('Thanks, I need to change my booking').waitFor({ timeout: 5_000 });
    await operator.waitForTimeout(500); // a reply would have been asked for by now
    assert.equal(stack.openai.chatRequests.length, llmCalls, 'the assistant did not answer');
    await operator.getByRole('button', { name: 'End session' }).click();
    await operator.getByText('This session has ended.').waitFor();
    await operator.getByText('No live sessions.').waitFor({ timeout: 5_000 });
    const ended = await waitForWidget(caller, (s) => s.state === 'idle', 10_000);
    assert.equal(ended.state, 'idle', 'the caller’s widget shows the call ended');

    // The history counts the call, says it lives in this process only, and exports it.
    await operator.getByRole('button', { name: 'History' }).click();
    const notice = await operator.locator('[part="history-notice"]').innerText();
    assert.match(notice, /this server process's memory only/);
    assert.match(notice, /a restart or a deploy loses it/);
    const figures = await operator.locator('[part="figures"]').innerText();
    assert.match(figures, /Handed to a person\s+100% of sessions \(1\)/);
    assert.match(await operator.locator('[part="reasons"]').innerText(), /human requested: 1/);
    const download = operator.waitForEvent('download');
    await operator.getByRole('link', { name: 'Export CSV' }).click();
    const csv = await (await download).createReadStream();
    let exported = '';
    for await (const chunk of csv) exported += String(chunk);
    const rows = exported.trim().split('\r\n');
    assert.equal(rows.length, 2, exported);
    assert.match(rows[1]!, /^[\w-]+,demo,local,/);
    assert.match(rows[1]!, /,human_requested,/);
  });
});
