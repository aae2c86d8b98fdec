/**
 * The language table walked through the production pipeline: for every language, the session's
 * speech-to-text and voice are built from the table, and the protocol fakes of Deepgram, OpenAI
 * and Cartesia see the provider, model and language parameter the real APIs expect for it. Then
 * a switch mid-stream (no audio lost), and provider outages failing over to OpenAI.
 */
import { AudioFrame } from '@livekit/rtc-node';
import { inference, initializeLogger, log, stt, tts, type VAD } from '@livekit/agents';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { speakPcm } from '../../../test/fakes/audio.js';
import { startCartesiaFake, type CartesiaFake } from '../../../test/fakes/cartesia.js';
import { startDeepgramFake, type DeepgramFake } from '../../../test/fakes/deepgram.js';
import { startOpenAIFake, type OpenAIFake } from '../../../test/fakes/openai.js';
import { loadConfig, type Config } from '../config.js';
import { ALL_PROVIDERS, CAPABILITIES, routeFor } from '../languages/capabilities.js';
import { installProcessGuards } from '../server/process-guards.js';
import { buildPipeline, type Pipeline } from './index.js';

initializeLogger({ pretty: false, level: process.env.LOG_LEVEL ?? 'fatal' });
// As in the server: the framework's recovery probe of a provider that is down (tts.FallbackAdapter)
// leaves a rejected promise nobody holds.
installProcessGuards(log());

const RATE = 16_000;
/** 100 ms of 16 kHz silence. */
const silence = () => new AudioFrame(new Int16Array(RATE / 10), RATE, 1, RATE / 10);

/** Speech as frames of 100 ms. */
async function speechFrames(text: string, voice: string): Promise<AudioFrame[]> {
  const pcm = await speakPcm(text, voice, RATE);
  const samples = new Int16Array(pcm.buffer, pcm.byteOffset, pcm.byteLength / 2);
  const frames: AudioFrame[] = [];
  for (let i = 0; i < samples.length; i += RATE / 10) {
    const chunk = samples.slice(i, i + RATE / 10);
    frames.push(new AudioFrame(chunk, RATE, 1, chunk.length));
  }
  return frames;
}

/** Says `text` through the session's TTS, as a reply does; resolves with the audio's length. */
async function speak(t: tts.TTS, text: string, onAudio?: () => void): Promise<number> {
  const s = t.stream();
  s.pushText(text);
  s.flush();
  s.endInput();
  let samples = 0;
  for await (const ev of s) {
    if (ev === tts.SynthesizeStream.END_OF_STREAM) break;
    onAudio?.();
    samples += ev.frame.samplesPerChannel;
  }
  s.close();
  return samples;
}

/** Events of an STT stream, collected until it ends. */
function collect(s: stt.SpeechStream): { events: stt.SpeechEvent[]; done: Promise<void> } {
  const events: stt.SpeechEvent[] = [];
  const done = (async () => {
    for await (const ev of s) events.push(ev);
  })();
  return { events, done };
}

/** Waits (polling the event loop, no fixed sleep) until `ready()`; fails after 10 s. */
async function until(ready: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!ready()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const finals = (events: stt.SpeechEvent[]) =>
  events
    .filter((e) => e.type === stt.SpeechEventType.FINAL_TRANSCRIPT)
    .map((e) => e.alternatives?.[0]?.text ?? '');

describe('every language in the table, through the protocol fakes', () => {
  let deepgram: DeepgramFake;
  let openai: OpenAIFake;
  let cartesia: CartesiaFake;
  let config: Config;
  let vad: VAD;

  before(async () => {
    deepgram = await startDeepgramFake();
    openai = await startOpenAIFake({});
    cartesia = await startCartesiaFake();
    config = loadConfig({
      OPENAI_API_KEY: 'sk-test',
      OPENAI_BASE_URL: openai.baseURL,
      DEEPGRAM_API_KEY: 'dg-test',
      DEEPGRAM_BASE_URL: deepgram.baseUrl,
      CARTESIA_API_KEY: 'ca-test',
      CARTESIA_BASE_URL: cartesia.baseUrl,
    });
    vad = new inference.VAD();
  });
  after(async () => {
    await Promise.all([deepgram.close(), openai.close(), cartesia.close()]);
  });

  it('sends each language to the provider, model and language parameter the table names', async () => {
    for (const cap of CAPABILITIES)
      await walk(cap).catch((e: Error) => {
        throw new Error(`${cap.tag}: ${e.message}`, { cause: e });
      });
  });

  async function walk(cap: (typeof CAPABILITIES)[number]): Promise<void> {
    {
      const route = routeFor(cap, ALL_PROVIDERS);
      const p = buildPipeline(config, { language: cap.tag });
      p.stt.useVad(vad);
      const first = route.stt[0]!;
      if (first.provider === 'deepgram') {
        // Deepgram's streaming socket carries the model and language in its query.
        const before = deepgram.connections.length;
        const s = p.stt.stream();
        const { done } = collect(s);
        s.pushFrame(silence());
        await until(() => deepgram.connections.length > before, `${cap.tag}'s Deepgram socket`);
        s.endInput();
        await done;
        const conn = deepgram.connections[before];
        assert.ok(conn, `${cap.tag}: no Deepgram connection`);
        assert.deepEqual(conn.query.model, ['nova-3'], cap.tag);
        assert.deepEqual(conn.query.language, [first.language], cap.tag);
      } else {
        // OpenAI's transcription form carries the model and the ISO 639-1 hint.
        const before = openai.transcriptions.length;
        await p.stt.recognize([silence()]);
        const t = openai.transcriptions[before];
        assert.ok(t, `${cap.tag}: no transcription request`);
        assert.equal(t.model, 'gpt-4o-transcribe', cap.tag);
        assert.equal(t.language, first.language, cap.tag);
      }
      const voice = route.tts[0];
      if (!voice) {
        assert.equal(p.voiced, false, `${cap.tag} has no voice: replies are text`);
        assert.throws(() => p.tts.stream(), /text only/);
      } else if (voice.provider === 'cartesia') {
        const before = cartesia.requests.length;
        assert.ok((await speak(p.tts, 'OK.')) > 0, `${cap.tag}: no audio`);
        const r = cartesia.requests[before];
        assert.ok(r, `${cap.tag}: no Cartesia request`);
        assert.equal(r.model_id, 'sonic-3', cap.tag);
        assert.equal(r.language, voice.language, cap.tag);
      } else {
        const before = openai.speechRequests.length;
        assert.ok((await speak(p.tts, 'OK.')) > 0, `${cap.tag}: no audio`);
        const r = openai.speechRequests[before];
        assert.ok(r, `${cap.tag}: no OpenAI speech request`);
        assert.equal(r.model, 'gpt-4o-mini-tts', cap.tag);
        assert.equal(r.voice, 'alloy', cap.tag);
      }
      await p.stt.close();
      await p.tts.close();
    }
  }
});

describe('moving routes in a session', () => {
  let deepgram: DeepgramFake;
  let openai: OpenAIFake;
  let cartesia: CartesiaFake;
  let vad: VAD;
  const env = (): Record<string, string> => ({
    OPENAI_API_KEY: 'sk-test',
    OPENAI_BASE_URL: openai.baseURL,
    DEEPGRAM_API_KEY: 'dg-test',
    DEEPGRAM_BASE_URL: deepgram.baseUrl,
    CARTESIA_API_KEY: 'ca-test',
    CARTESIA_BASE_URL: cartesia.baseUrl,
  });

  before(async () => {
    vad = new inference.VAD();
  });
  after(async () => {
    await Promise.all([deepgram?.close(), openai?.close(), cartesia?.close()]);
  });

  it('hands the audio after a switch to the new recogniser, and keeps the old one’s transcript', async () => {
    deepgram = await startDeepgramFake({
      transcripts: [{ text: 'Dzień dobry, chcę lecieć do Rzymu', language: 'pl' }],
    });
    openai = await startOpenAIFake({
      transcripts: [{ text: 'Habari, nataka kwenda Nairobi', language: 'sw' }],
    });
    cartesia = await startCartesiaFake();
    const p: Pipeline = buildPipeline(loadConfig(env()), { language: 'pl' });
    p.stt.useVad(vad);
    const s = p.stt.stream();
    const { events, done } = collect(s);
    s.pushFrame(silence());
    await until(() => deepgram.connections.length === 1, 'the Deepgram socket');
    for (const f of await speechFrames('Dzień dobry, chcę lecieć do Rzymu', 'pl')) s.pushFrame(f);
    // The switch comes while Deepgram is still hearing the Polish (an interim, no final yet).
    await until(
      () => events.some((e) => e.type === stt.SpeechEventType.INTERIM_TRANSCRIPT),
      'a Polish interim',
    );
    const change = p.setLanguage('sw');
    assert.deepEqual(
      change?.stt.map((r) => r.provider),
      ['openai'],
      'Swahili is heard by OpenAI only',
    );
    for (let i = 0; i < 5; i++) s.pushFrame(silence());
    for (const f of await speechFrames('Habari, nataka kwenda Nairobi', 'sw')) s.pushFrame(f);
    for (let i = 0; i < 15; i++) s.pushFrame(silence());
    await until(() => finals(events).length >= 2, 'both finals');
    s.endInput();
    await done;
    // Deepgram's final (flushed when its input ended) and OpenAI's, in order.
    assert.deepEqual(finals(events).filter(Boolean), [
      'Dzień dobry, chcę lecieć do Rzymu',
      'Habari, nataka kwenda Nairobi',
    ]);
    assert.deepEqual(deepgram.connections[0]?.controlMessages, ['CloseStream']);
    assert.equal(openai.transcriptions.at(-1)?.language, 'sw');
    // The voice follows: Swahili is OpenAI's, then back to Polish is Cartesia's.
    assert.deepEqual(
      p.tts.route.map((r) => r.provider),
      ['openai'],
    );
    assert.ok((await speak(p.tts, 'Sawa.')) > 0);
    assert.equal(openai.speechRequests.at(-1)?.input, 'Sawa.');
    p.setLanguage('pl');
    assert.deepEqual(p.stt.route[0], {
      provider: 'deepgram',
      model: 'nova-3',
      language: 'multi',
      detects: true,
    });
    const before = cartesia.requests.length;
    assert.ok((await speak(p.tts, 'Dobrze.')) > 0);
    assert.equal(cartesia.requests[before]?.language, 'pl');
    await p.stt.close();
    await p.tts.close();
    await Promise.all([deepgram.close(), openai.close(), cartesia.close()]);
  });

  it('survives Cartesia going down: the next reply is voiced by OpenAI', async () => {
    deepgram = await startDeepgramFake();
    openai = await startOpenAIFake({});
    cartesia = await startCartesiaFake();
    const p = buildPipeline(loadConfig(env()), { language: 'th' });
    const sessionErrors: unknown[] = [];
    p.tts.on('error', (e) => sessionErrors.push(e));
    assert.ok((await speak(p.tts, 'สวัสดีครับ')) > 0);
    assert.equal(cartesia.requests.at(-1)?.language, 'th');
    await cartesia.close();
    const speechBefore = openai.speechRequests.length;
    const started = Date.now();
    let firstAudioMs: number | undefined;
    const samples = await speak(
      p.tts,
      'ยินดีต้อนรับ',
      () => (firstAudioMs ??= Date.now() - started),
    );
    assert.ok(samples > 0, 'no audio after Cartesia went down');
    assert.equal(openai.speechRequests[speechBefore]?.input, 'ยินดีต้อนรับ');
    assert.deepEqual(sessionErrors, [], 'a failover is not a failure the caller hears about');
    // A figure, not an assertion (timing on a shared machine): the goal is under 2 s.
    console.log(`# Cartesia down → first audio from OpenAI after ${firstAudioMs} ms`);
    await p.tts.close();
    await Promise.all([deepgram.close(), openai.close()]);
  });

  it('survives Deepgram going down mid-call: the next words are heard by OpenAI', async () => {
    deepgram = await startDeepgramFake({
      transcripts: [{ text: 'Chcę lecieć do Rzymu', language: 'pl' }],
    });
    openai = await startOpenAIFake({
      transcripts: [{ text: 'W piątek rano', language: 'pl' }],
    });
    cartesia = await startCartesiaFake();
    const p = buildPipeline(loadConfig(env()), { language: 'pl' });
    p.stt.useVad(vad);
    const sessionErrors: unknown[] = [];
    p.stt.on('error', (e) => sessionErrors.push(e));
    const s = p.stt.stream();
    const { events, done } = collect(s);
    for (const f of await speechFrames('Chcę lecieć do Rzymu', 'pl')) s.pushFrame(f);
    for (let i = 0; i < 10; i++) s.pushFrame(silence());
    await until(() => finals(events).includes('Chcę lecieć do Rzymu'), 'Deepgram’s final');
    // Deepgram goes down; the caller's line stays open (silence at a microphone's pace) until
    // the session has moved to OpenAI. Words spoken inside that window would be lost: the
    // framework's FallbackAdapter does not replay audio to the next provider.
    const adapter = p.stt.engine();
    assert.ok(adapter instanceof stt.FallbackAdapter);
    let movedAt: number | undefined;
    (adapter as unknown as NodeJS.EventEmitter).on(
      'stt_availability_changed',
      (ev: { available: boolean }) => {
        if (!ev.available) movedAt ??= Date.now();
      },
    );
    const downAt = Date.now();
    await deepgram.close();
    const mic = setInterval(() => s.pushFrame(silence()), 100);
    await until(() => movedAt !== undefined, 'the failover');
    clearInterval(mic);
    console.log(`# Deepgram down → speech-to-text on OpenAI after ${movedAt! - downAt} ms`);
    const started = Date.now();
    for (const f of await speechFrames('W piątek rano', 'pl')) s.pushFrame(f);
    for (let i = 0; i < 15; i++) s.pushFrame(silence());
    await until(() => finals(events).includes('W piątek rano'), 'OpenAI’s final');
    console.log(`# Deepgram down → OpenAI final after ${Date.now() - started} ms`);
    s.endInput();
    await done;
    assert.ok(finals(events).includes('W piątek rano'), `heard: ${finals(events).join(' | ')}`);
    assert.equal(openai.transcriptions.at(-1)?.language, 'pl');
    assert.deepEqual(sessionErrors, []);
    await p.stt.close();
    await p.tts.close();
    await Promise.all([openai.close(), cartesia.close()]);
  });
});
