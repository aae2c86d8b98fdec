import { expect } from '@esm-bundle/chai';
import { AudioEngine } from './audio-engine.js';

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
});
