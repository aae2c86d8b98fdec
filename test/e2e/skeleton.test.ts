/**
 * The walking skeleton, end to end: a caller speaks into the demo page's microphone, the
 * utterance crosses the WebSocket to the agent, the LLM answers, and the answer's audio really
 * plays in the page. Audio must flow both ways for this to pass.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { silenceWav, speechWav } from '../fakes/audio.js';
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

describe('walking skeleton: voice in, voice out, through the demo page', () => {
  let stack: Stack;
  let browser: Browser | undefined;

  before(async () => {
    stack = await startMadridStack();
  });
  after(async () => {
    await browser?.close();
    await stack.close();
  });

  it('hears the caller, answers, plays the answer, and orders the transcript', async () => {
    const wav = await speechWav([{ text: UTTERANCE }], { leadS: 3, tailS: 6 });
    browser = await launchChromium(wav);
    const page = await browser.newPage();
    await instrument(page);
    await startTalking(page, stack.server.url);

    const s = await waitForWidget(
      page,
      (w) =>
        w.transcript.some((t) => t.role === 'assistant' && t.final && t.text === REPLY) &&
        w.stats.playedMs > 1500,
      45_000,
    );

    // The utterance reached the agent as audio: the STT fake measured real speech.
    const heard = stack.openai.transcriptions.filter((t) => t.returned === UTTERANCE);
    assert.equal(heard.length, 1, `STT calls: ${JSON.stringify(stack.openai.transcriptions)}`);
    assert.ok(heard[0]!.seconds > 1, `utterance audio was ${heard[0]!.seconds}s`);

    // The LLM fake got the caller's words.
    assert.ok(
      stack.openai.chatRequests.some((r) =>
        r.messages.some((m) => m.role === 'user' && m.content === UTTERANCE),
      ),
    );

    // The transcript shows greeting, then the user's turn, then the reply it caused.
    assertReplyFollows(s.transcript);
    assert.equal(s.transcript[0]?.role, 'assistant', 'the greeting comes first');

    // The reply's audio really played in the page: the worklet counted samples at the speaker.
    assert.ok(s.stats.playedSamples > 0, 'no agent audio played');
    assert.ok(s.stats.playedMs > 1500, `only ${s.stats.playedMs} ms of agent audio played`);
    assert.ok(s.stats.sentMs > 3000, `only ${s.stats.sentMs} ms of microphone audio sent`);
    assert.ok(
      s.states.includes('listening') && s.states.includes('speaking'),
      `states: ${s.states.join(' ')}`,
    );
    assert.deepEqual(s.errors, []);
  });

  it('says nothing back when the microphone carries no speech', async () => {
    await browser?.close();
    browser = await launchChromium(await silenceWav(8));
    const page = await browser.newPage();
    await instrument(page);
    const before = stack.openai.chatRequests.length;
    await startTalking(page, stack.server.url);
    // Wait until the greeting has fully played and several seconds of silence were sent.
    const s = await waitForWidget(page, (w) => w.stats.sentMs > 6000, 30_000);
    assert.ok(s.stats.sentMs > 6000, 'microphone audio must still flow');
    assert.equal(
      s.transcript.filter((t) => t.role === 'user').length,
      0,
      JSON.stringify(s.transcript),
    );
    assert.equal(
      stack.openai.chatRequests.length,
      before,
      'the LLM must not be called for silence',
    );
  });
});
