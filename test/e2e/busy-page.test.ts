/**
 * A partner's page that keeps its main thread busy must not make the assistant deaf or late.
 *
 * The widget's socket runs in a Worker: it reads the microphone track's frames itself (Chromium;
 * elsewhere they come from a capture worklet), and agent audio goes from the socket to the
 * playback worklet, without the page's main thread. Here the page freezes its main thread for 10 s while the caller speaks, and the agent
 * must hear the caller and start answering before the page wakes. Where the page's CSP forbids
 * Blob workers, the widget falls back to the main thread and still converses.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { speechWav } from '../fakes/audio.js';
import {
  MADRID_TURN,
  assertReplyFollows,
  instrument,
  launchChromium,
  startTalking,
  startMadridStack,
  waitForWidget,
  type Stack,
} from './harness.js';

const { utterance: UTTERANCE, reply: REPLY } = MADRID_TURN;

describe('a busy host page', () => {
  let stack: Stack;
  let browser: Browser | undefined;

  before(async () => {
    stack = await startMadridStack(2);
  });
  after(async () => {
    await browser?.close();
    await stack.close();
  });

  const askedAt = () =>
    stack.openai.chatRequests
      .filter((r) => r.messages.some((m) => m.role === 'user' && m.content === UTTERANCE))
      .map((r) => r.receivedAt);

  it('hears the caller and starts answering while the page main thread is frozen', async () => {
    // The caller starts speaking 4 s after the microphone opens.
    const wav = await speechWav([{ text: UTTERANCE }], { leadS: 4, tailS: 12 });
    browser = await launchChromium(wav);
    const page = await browser.newPage();
    await instrument(page);
    await startTalking(page, stack.server.url);
    const ready = await waitForWidget(page, (w) => w.stats.sentMs > 300, 20_000);
    assert.ok(ready.stats.audioOffMainThread, 'the socket must run off the main thread here');
    // Chromium: the Worker reads the microphone track itself (no capture worklet), and must keep
    // reading it while the page that created its reader is frozen.
    assert.equal(ready.stats.micCapture, 'track');

    const before = askedAt().length;
    const frozeAt = Date.now();
    // The page's own script blocks its main thread for 10 s: no events, timers or messages run.
    await page.evaluate(() => {
      const until = performance.now() + 10_000;
      while (performance.now() < until);
    });
    const wokeAt = Date.now();
    const asked = askedAt().slice(before);
    assert.equal(asked.length, 1, `LLM requests with the utterance: ${asked.length}`);
    assert.ok(
      asked[0]! > frozeAt && asked[0]! < wokeAt - 1000,
      `the LLM was asked ${asked[0]! - frozeAt} ms into a ${wokeAt - frozeAt} ms freeze`,
    );

    // Once the page wakes, the widget shows the turn and the reply, in order, and played it.
    const s = await waitForWidget(
      page,
      (w) => w.transcript.some((t) => t.role === 'assistant' && t.final && t.text === REPLY),
      20_000,
    );
    assertReplyFollows(s.transcript);
    await waitForWidget(page, (w) => w.stats.playedMs > 1500, 20_000);
    assert.deepEqual(s.errors, []);
  });

  it("falls back to the main thread where the page's CSP forbids Blob workers", async () => {
    await browser?.close();
    const wav = await speechWav([{ text: UTTERANCE }], { leadS: 3, tailS: 6 });
    // A response fulfilled by the test has no IP address space, so Chromium's Local Network
    // Access checks would treat the page as public and block its socket to 127.0.0.1.
    browser = await launchChromium(wav, ['--disable-features=LocalNetworkAccessChecks']);
    const page = await browser.newPage();
    await instrument(page);
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
    });
    // The demo page, served with a policy that allows everything but workers.
    await page.route(stack.server.url + '/', async (route) => {
      const response = await route.fetch();
      await route.fulfill({
        response,
        headers: { ...response.headers(), 'content-security-policy': "worker-src 'none'" },
      });
    });
    const before = askedAt().length;
    await startTalking(page, stack.server.url + '/');
    const s = await waitForWidget(
      page,
      (w) =>
        w.transcript.some((t) => t.role === 'assistant' && t.final && t.text === REPLY) &&
        w.stats.playedMs > 1500,
      45_000,
    );
    assert.equal(s.stats.audioOffMainThread, false, 'the policy must have blocked the Worker');
    assert.ok(violations.length > 0, 'Chromium must have reported the blocked Worker');
    assert.equal(askedAt().length - before, 1, JSON.stringify(s));
    assert.deepEqual(s.errors, []);
  });
});
