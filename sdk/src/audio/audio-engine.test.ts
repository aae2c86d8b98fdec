import { expect } from '@esm-bundle/chai';
import { AudioEngine } from './audio-engine.js';

/** PCM16 of a 440 Hz tone: `seconds` at `rate`. */
function tone(seconds: number, rate = 24_000): ArrayBuffer {
  const pcm = new Int16Array(Math.round(seconds * rate));
  for (let i = 0; i < pcm.length; i++)
    pcm[i] = Math.round(Math.sin((2 * Math.PI * 440 * i) / rate) * 8000);
  return pcm.buffer;
}

function engineWithEvents() {
  const finished: { segment: number; played: number; interrupted: boolean }[] = [];
  let wake: () => void = () => {};
  let levelWake: () => void = () => {};
  const engine = new AudioEngine({
    onCapture: () => {},
    onSegmentFinished: (segment, played, interrupted) => {
      finished.push({ segment, played, interrupted });
      wake();
    },
    onOutputLevel: () => levelWake(),
  });
  const nextFinish = () => new Promise<void>((r) => (wake = r));
  const nextLevel = () => new Promise<void>((r) => (levelWake = r));
  return { engine, finished, nextFinish, nextLevel };
}

describe('AudioEngine playback accounting (real AudioWorklet)', () => {
  it('reports every sample of a segment that played to the end', async () => {
    const { engine, finished, nextFinish } = engineWithEvents();
    await engine.start(16_000, false);
    const done = nextFinish();
    engine.segmentStart(1, 24_000);
    engine.segmentAudio(1, tone(0.25));
    engine.segmentEnd(1);
    await done;
    expect(finished).to.deep.equal([{ segment: 1, played: 6000, interrupted: false }]);
    await engine.stop();
  });

  it('stops on clear and reports the position actually reached', async () => {
    const { engine, finished, nextFinish, nextLevel } = engineWithEvents();
    await engine.start(16_000, false);
    engine.segmentStart(7, 24_000);
    engine.segmentAudio(7, tone(3));
    engine.segmentEnd(7);
    while (engine.playedSamples < 2400) await nextLevel(); // ≥ 100 ms heard
    const done = nextFinish();
    engine.clear();
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
    const { engine, finished, nextFinish, nextLevel } = engineWithEvents();
    await engine.start(16_000, false);
    engine.segmentStart(2, 24_000);
    engine.segmentAudio(2, tone(0.5));
    engine.segmentEnd(2);
    while (engine.playedSamples === 0) await nextLevel();
    engine.pause();
    await nextLevel();
    const paused = engine.playedSamples;
    await nextLevel();
    await nextLevel();
    expect(engine.playedSamples).to.equal(paused);
    const done = nextFinish();
    engine.resume();
    await done;
    expect(finished[0]).to.deep.equal({ segment: 2, played: 12_000, interrupted: false });
    await engine.stop();
  });

  it('counts the silence heard when the next chunk of a reply comes late', async () => {
    const { engine, finished, nextFinish } = engineWithEvents();
    await engine.start(16_000, false);
    engine.segmentStart(3, 24_000);
    engine.segmentAudio(3, tone(0.1));
    await new Promise((r) => setTimeout(r, 400)); // the rest of the reply is ~300 ms late
    const done = nextFinish();
    engine.segmentAudio(3, tone(0.1));
    engine.segmentEnd(3);
    await done;
    expect(finished[0]).to.deep.equal({ segment: 3, played: 4800, interrupted: false });
    expect(engine.gapMs).to.be.greaterThan(200).and.lessThan(400);
    await engine.stop();
  });

  it('takes segments from a socket port and reports on it (the Worker path)', async () => {
    const { engine, finished } = engineWithEvents();
    await engine.start(16_000, false);
    const { playback } = engine.socketPorts();
    const reports: unknown[] = [];
    const reported = new Promise<void>((resolve) => {
      playback!.onmessage = (e) => {
        reports.push(e.data);
        resolve();
      };
    });
    playback!.postMessage({ type: 'start', segment: 4, rate: 24_000 });
    const pcm = tone(0.25);
    playback!.postMessage({ type: 'pcm', segment: 4, pcm }, [pcm]);
    playback!.postMessage({ type: 'end', segment: 4 });
    await reported;
    expect(reports).to.deep.equal([
      { type: 'finished', segment: 4, played: 6000, interrupted: false },
    ]);
    expect(finished).to.deep.equal([]); // not through the page's main thread
    expect(engine.playedSamples).to.be.greaterThan(0); // levels still come to the page
    expect(engine.gapMs).to.equal(0);
    await engine.stop();
  });
});
