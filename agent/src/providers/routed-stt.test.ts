/**
 * RoutedSTT's inner streams over the OpenAI route's shape (the framework's VAD-cut
 * `StreamAdapter`), closed while they run and while one is being retired after a switch: each
 * inner stream is closed once. agents-js 1.9's VAD stream rejects a promise nobody holds when it
 * is closed twice, which node:test reports against whichever test is running (it failed the
 * voice-session tests before `#closeInner`).
 */
import { AudioFrame } from '@livekit/rtc-node';
import { inference, initializeLogger, stt, type VAD } from '@livekit/agents';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { SttRoute } from '../languages/capabilities.js';
import { RETIRE_GRACE_MS, RoutedSTT } from './routed-stt.js';

initializeLogger({ pretty: false, level: 'fatal' });

const RATE = 16_000;
const silence = () => new AudioFrame(new Int16Array(RATE / 10), RATE, 1, RATE / 10);
const route = (language: string): SttRoute[] => [
  { provider: 'openai', model: 'gpt-4o-transcribe', language, quality: 'supported' },
];

describe('RoutedSTT closes each inner stream once', () => {
  let vad: VAD;
  const rejections: unknown[] = [];
  const onRejection = (e: unknown) => rejections.push(e);

  before(() => {
    vad = new inference.VAD();
    process.on('unhandledRejection', onRejection);
  });
  after(() => process.off('unhandledRejection', onRejection));

  function routed(): RoutedSTT {
    const r = new RoutedSTT(
      route('pl'),
      () =>
        new stt.StreamAdapter(
          new stt.testing.FakeSTT({ capabilities: { streaming: false }, fakeTranscript: 'x' }),
          vad,
        ),
    );
    r.useVad(vad);
    return r;
  }

  /** Runs past the retire grace period, when a second close would have rejected. */
  const pastGrace = () => new Promise((r) => setTimeout(r, RETIRE_GRACE_MS + 500));

  it('when the session closes the stream while it listens', async () => {
    rejections.length = 0;
    const s = routed().stream();
    for (let i = 0; i < 5; i++) s.pushFrame(silence());
    await new Promise((r) => setTimeout(r, 200));
    s.close();
    await pastGrace();
    assert.deepEqual(rejections, []);
  });

  it('when the session closes the stream while a switched-from recogniser is retiring', async () => {
    rejections.length = 0;
    const r = routed();
    const s = r.stream();
    for (let i = 0; i < 5; i++) s.pushFrame(silence());
    await new Promise((res) => setTimeout(res, 200));
    assert.equal(r.setRoute(route('sw')), true);
    s.pushFrame(silence());
    s.close();
    await pastGrace();
    assert.deepEqual(rejections, []);
  });
});
