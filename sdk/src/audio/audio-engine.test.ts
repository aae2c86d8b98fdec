import { expect } from '@esm-bundle/chai';
import { toneHz, toneMic } from '../testing/tone-mic.js';
import { AudioEngine, transferables } from './audio-engine.js';

/** PCM16 of a 440 Hz tone: `seconds` at `rate`. */
function tone(seconds: number, rate = 24_000): ArrayBuffer {
  const pcm = new Int16Array(Math.round(seconds * rate));
  for (let i = 0; i < pcm.length; i++)
    pcm[i] = Math.round(Math.sin((2 * Math.PI * 440 * i) / rate) * 8000);
  return pcm.buffer;
}

/**
 * A started engine, driven as the socket core drives it: segment controls and audio on the
 * playback worklet's socket port, and its `finished` reports from that port.
 */
async function startedEngine() {
  const finished: { segment: number; played: number; interrupted: boolean }[] = [];
  let wake: () => void = () => {};
  let levelWake: () => void = () => {};
  const engine = new AudioEngine({ onMicLevel: () => {}, onOutputLevel: () => levelWake() });
  await engine.start(16_000, false);
  const port = engine.socketPorts().playback!;
  port.onmessage = (e: MessageEvent) => {
    const { segment, played, interrupted } = e.data as (typeof finished)[number];
    finished.push({ segment, played, interrupted });
    wake();
  };
  const player = {
    start: (segment: number, rate: number) => port.postMessage({ type: 'start', segment, rate }),
    audio: (segment: number, pcm: ArrayBuffer) =>
      port.postMessage({ type: 'pcm', segment, pcm }, [pcm]),
    end: (segment: number) => port.postMessage({ type: 'end', segment }),
    clear: () => port.postMessage({ type: 'clear' }),
    pause: () => port.postMessage({ type: 'pause' }),
    resume: () => port.postMessage({ type: 'resume' }),
  };
  const nextFinish = () => new Promise<void>((r) => (wake = r));
  const nextLevel = () => new Promise<void>((r) => (levelWake = r));
  return { engine, player, finished, nextFinish, nextLevel };
}

describe('AudioEngine playback accounting (real AudioWorklet)', () => {
  it('reports every sample of a segment that played to the end', async () => {
    const { engine, player, finished, nextFinish } = await startedEngine();
    const done = nextFinish();
    player.start(1, 24_000);
    player.audio(1, tone(0.25));
    player.end(1);
    await done;
    expect(finished).to.deep.equal([{ segment: 1, played: 6000, interrupted: false }]);
    expect(engine.gapMs).to.equal(0); // all of it arrived before it played
    await engine.stop();
  });

  it('stops on clear and reports the position actually reached', async () => {
    const { engine, player, finished, nextFinish, nextLevel } = await startedEngine();
    player.start(7, 24_000);
    player.audio(7, tone(3));
    player.end(7);
    while (engine.playedSamples < 2400) await nextLevel(); // ≥ 100 ms heard
    const done = nextFinish();
    player.clear();
    await done;
    const f = finished[0]!;
    expect(f.segment).to.equal(7);
    expect(f.interrupted).to.equal(true);
    expect(f.played).to.be.greaterThan(2400).and.lessThan(72_000);
    // Nothing plays after the clear: the counter stops where the report says.
    const atClear = f.played;
    await nextLevel();
    await nextLevel();
    expect(engine.playedSamples).to.equal(atClear);
    await engine.stop();
  });

  it('holds position while paused and continues on resume (false interruption)', async () => {
    const { engine, player, finished, nextFinish, nextLevel } = await startedEngine();
    player.start(2, 24_000);
    player.audio(2, tone(0.5));
    player.end(2);
    while (engine.playedSamples === 0) await nextLevel();
    player.pause();
    await nextLevel();
    const paused = engine.playedSamples;
    await nextLevel();
    await nextLevel();
    expect(engine.playedSamples).to.equal(paused);
    const done = nextFinish();
    player.resume();
    await done;
    expect(finished[0]).to.deep.equal({ segment: 2, played: 12_000, interrupted: false });
    await engine.stop();
  });

  it('counts the silence heard when the next chunk of a reply comes late', async () => {
    const { engine, player, finished, nextFinish } = await startedEngine();
    player.start(3, 24_000);
    player.audio(3, tone(0.1));
    await new Promise((r) => setTimeout(r, 400)); // the rest of the reply is ~300 ms late
    const done = nextFinish();
    player.audio(3, tone(0.1));
    player.end(3);
    await done;
    expect(finished[0]).to.deep.equal({ segment: 3, played: 4800, interrupted: false });
    expect(engine.gapMs).to.be.greaterThan(200).and.lessThan(400);
    await engine.stop();
  });

  it('dates what was played by the audio clock, not by when a busy page hears of it', async () => {
    const { engine, player, nextLevel } = await startedEngine();
    expect(engine.playedAt).to.equal(undefined);
    // The first report that counts played audio, read in the task that delivers it.
    const first = (async () => {
      while (engine.playedSamples === 0) await nextLevel();
      return { samples: engine.playedSamples, at: engine.playedAt!, heard: performance.now() };
    })();
    // Dated before the reply is posted: the posting itself takes time on a loaded machine, and
    // the first sample may begin playing before a date taken after it.
    const posted = performance.now();
    player.start(4, 24_000);
    player.audio(4, tone(1));
    player.end(4);
    // The page's main thread is busy while the reply starts playing.
    while (performance.now() - posted < 150);
    const { samples, at, heard } = await first;
    const startedAt = at - (samples / 24_000) * 1000;
    // The page heard of it after its busy spell, when ~150 ms had played. The count, dated by
    // the audio clock, says the first sample reached the speaker right after the post: the next
    // render callback (every 10 ms in headless Chromium) plus the device's latency (32 ms on its
    // fake device).
    expect(heard - posted).to.be.greaterThan(149);
    const device = engine.outputLatencyMs!;
    expect(device).to.be.greaterThan(0).and.lessThan(200);
    expect(startedAt - posted)
      .to.be.greaterThan(device - 15)
      .and.lessThan(device + 60);
    await engine.stop();
  });
});

describe('AudioEngine microphone capture', () => {
  /** `getUserMedia` answered by a 1 kHz tone at amplitude 0.5, as a microphone would be. */
  let restore: (() => void) | undefined;
  let micCtx: AudioContext | undefined;
  beforeEach(() => {
    const original = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
    navigator.mediaDevices.getUserMedia = async () => {
      const mic = await toneMic(1000, 0.5);
      micCtx = mic.ctx;
      return mic.stream;
    };
    restore = () => (navigator.mediaDevices.getUserMedia = original);
  });
  afterEach(async () => {
    restore?.();
    await micCtx?.close();
  });

  it('in Chromium, hands the socket the track itself, not a worklet port', async () => {
    const levels: number[] = [];
    const engine = new AudioEngine({ onMicLevel: (l) => levels.push(l), onOutputLevel: () => {} });
    await engine.start(16_000, true);
    expect(engine.capturePath).to.equal('track');
    const ports = engine.socketPorts();
    expect(ports.capture).to.equal(undefined);
    expect(ports.micRate).to.equal(16_000);
    expect(transferables(ports)).to.include(ports.mic);
    // The frames are live microphone audio.
    const reader = ports.mic!.getReader();
    const { value } = await reader.read();
    expect(value!.numberOfFrames).to.be.greaterThan(0);
    value!.close();
    reader.releaseLock();
    // Levels come back from the socket core; muting silences them, as it does the worklet's.
    engine.reportMicLevel(0.3);
    engine.muted = true;
    engine.reportMicLevel(0.4);
    expect(levels).to.deep.equal([0.3]);
    await engine.stop();
  });

  it('falls back to the capture worklet: 16 kHz chunks of the tone on its port', async () => {
    const levels: number[] = [];
    const engine = new AudioEngine(
      { onMicLevel: (l) => levels.push(l), onOutputLevel: () => {} },
      { capture: 'worklet' },
    );
    await engine.start(16_000, true);
    expect(engine.capturePath).to.equal('worklet');
    const ports = engine.socketPorts();
    expect(ports.mic).to.equal(undefined);
    const chunks: Int16Array[] = [];
    ports.capture!.onmessage = (e: MessageEvent) =>
      chunks.push(new Int16Array(e.data as ArrayBuffer));
    while (chunks.length < 10) await new Promise((r) => setTimeout(r, 20));
    await engine.stop();
    expect(chunks.every((c) => c.length === 512)).to.equal(true);
    expect(toneHz(chunks.at(-1)!, 16_000)).to.be.closeTo(1000, 70); // one 32 ms chunk: ±2 crossings
    expect(levels.at(-1)).to.be.closeTo(0.5 / Math.SQRT2, 0.03);
  });
});
