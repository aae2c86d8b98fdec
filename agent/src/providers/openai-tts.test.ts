import { initializeLogger } from '@livekit/agents';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startOpenAIFake, type OpenAIFake } from '../../../test/fakes/openai.js';
import { OpenAITTS } from './openai-tts.js';

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
    const voice = new OpenAITTS({
      apiKey: 'sk-test',
      baseURL: fake.baseURL,
      model: 'gpt-4o-mini-tts',
      voice: 'alloy',
    });
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
    assert.deepEqual(fake.speechRequests.at(-1), { input: LONG, voice: 'alloy' });
    await voice.close();
  });
  // A provider failure is covered end to end by the simulator's `tts-outage` scenario: agents-js
  // 1.9's ChunkedStream rejects a promise nobody holds, which node:test counts against a unit test.
});
