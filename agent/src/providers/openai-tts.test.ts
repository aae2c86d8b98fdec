import { initializeLogger } from '@livekit/agents';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startOpenAIFake, type OpenAIFake } from '../../../test/fakes/openai.js';
import { OpenAITTS } from './openai-tts.js';

/** The OpenAI voice, pointed at a fake. */
const voiceOn = (fake: OpenAIFake) =>
  new OpenAITTS({
    apiKey: 'sk-test',
    baseURL: fake.baseURL,
    model: 'gpt-4o-mini-tts',
    voice: 'alloy',
  });

describe('OpenAITTS against the OpenAI protocol fake', () => {
  let fake: OpenAIFake;
  const LONG =
    'Haneda is closer to the city centre, and many airlines fly there every day of the week.';
  before(async () => {
    initializeLogger({ pretty: false, level: 'fatal' });
    fake = await startOpenAIFake({ latencyMs: { tts: 100 } });
    await fake.prewarm([LONG]);
  });
  after(() => fake.close());

  it('plays the first audio as soon as it arrives, not after the whole sentence downloads', async () => {
    const voice = voiceOn(fake);
    const t0 = performance.now();
    const arrivals: number[] = [];
    let samples = 0;
    let finals = 0;
    for await (const audio of voice.synthesize(LONG)) {
      arrivals.push(performance.now() - t0);
      samples += audio.frame.samplesPerChannel;
      if (audio.final) finals++;
    }
    const seconds = samples / 24_000;
    assert.ok(seconds > 3, `synthesised ${seconds.toFixed(2)} s`);
    assert.equal(finals, 1, 'exactly the last frame is final');
    // The fake streams at 4x real time after 100 ms: the whole body takes ~100 + seconds/4 * 1000.
    const first = arrivals[0]!;
    const last = arrivals.at(-1)!;
    assert.ok(first < 400, `first audio after ${first.toFixed(0)} ms`);
    assert.ok(last - first > 400, `audio spread over ${(last - first).toFixed(0)} ms`);
    assert.deepEqual(fake.speechRequests.at(-1), {
      input: LONG,
      voice: 'alloy',
      model: 'gpt-4o-mini-tts',
    });
    await voice.close();
  });

  /** Synthesises `text` with quick retries; resolves to the seconds of audio heard. */
  const speak = async (voice: OpenAITTS, text: string, timeoutMs = 5_000) => {
    let samples = 0;
    const conn = { maxRetry: 2, retryIntervalMs: 50, timeoutMs };
    for await (const audio of voice.synthesize(text, conn))
      samples += audio.frame.samplesPerChannel;
    return samples / 24_000;
  };

  it('retries a 500 from OpenAI, so a passing glitch does not cost the sentence', async () => {
    const flaky = await startOpenAIFake({ failAt: { tts: [1] } });
    const voice = voiceOn(flaky);
    const seconds = await speak(voice, 'Your flight leaves at nine.');
    assert.ok(seconds > 1, `heard ${seconds.toFixed(2)} s after the retry`);
    assert.equal(flaky.speechRequests.length, 2, 'the failed request, then the retry');
    await voice.close();
    await flaky.close();
  });

  it('gives up waiting for a response after timeoutMs and retries', async () => {
    const slow = await startOpenAIFake({ latencyMs: { tts: 1_500 } });
    const voice = voiceOn(slow);
    const heard = speak(voice, 'Your flight leaves at nine.', 300);
    while (slow.speechRequests.length === 0) await new Promise((r) => setTimeout(r, 5));
    slow.options.latencyMs = { tts: 0 }; // the retry is answered at once
    const t0 = performance.now();
    const seconds = await heard;
    assert.ok(seconds > 1, `heard ${seconds.toFixed(2)} s`);
    assert.equal(slow.speechRequests.length, 2);
    const waited = performance.now() - t0;
    assert.ok(waited < 1_400, `the retry came after ${waited.toFixed(0)} ms, not the slow answer`);
    await voice.close();
    await slow.close();
  });
  // A failure the framework does not retry (a 401, or retries used up) is covered end to end by
  // the simulator's `tts-outage` scenario: agents-js 1.9's ChunkedStream then rejects a promise
  // nobody holds, which node:test counts against a unit test.
});
