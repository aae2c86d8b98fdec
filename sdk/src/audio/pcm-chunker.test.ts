import { expect } from '@esm-bundle/chai';
import { toneHz, toneMic } from '../testing/tone-mic.js';
import { makePcmChunker, pumpMicFrames } from './pcm-chunker.js';

/** A sine at `hz`, amplitude `amp`, `seconds` long at `rate`. */
function sine(hz: number, amp: number, seconds: number, rate: number): Float32Array {
  const out = new Float32Array(Math.round(seconds * rate));
  for (let i = 0; i < out.length; i++) out[i] = amp * Math.sin((2 * Math.PI * hz * i) / rate);
  return out;
}

function concat(chunks: Int16Array[]): Int16Array {
  const out = new Int16Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

describe('makePcmChunker', () => {
  for (const inputRate of [48_000, 44_100]) {
    it(`turns ${inputRate} Hz input into 32 ms chunks of 16 kHz PCM16 that keep the tone`, () => {
      const chunker = makePcmChunker(inputRate, 16_000);
      const chunks: Int16Array[] = [];
      const levels: number[] = [];
      const input = sine(1000, 0.5, 1, inputRate);
      // As a device delivers it: ~10 ms at a time, not in chunk-sized pieces.
      const step = Math.round(inputRate / 100);
      for (let at = 0; at < input.length; at += step)
        chunker.push(input.subarray(at, at + step), (pcm, level) => {
          chunks.push(pcm);
          levels.push(level);
        });
      // One second at 16 kHz is 16 000 samples: 31 whole chunks of 512, the rest still filling.
      expect(chunks.length).to.equal(31);
      expect(chunks.every((c) => c.length === 512)).to.equal(true);
      expect(toneHz(concat(chunks), 16_000)).to.be.closeTo(1000, 20);
      // The RMS of a sine of amplitude 0.5 (the box filter barely touches 1 kHz).
      for (const level of levels) expect(level).to.be.closeTo(0.5 / Math.SQRT2, 0.02);
    });
  }

  it('hands out a fresh buffer for every chunk, so the sink may transfer it', () => {
    const chunker = makePcmChunker(16_000, 16_000);
    const seen: Int16Array[] = [];
    chunker.push(sine(500, 0.3, 0.1, 16_000), (pcm) => {
      seen.push(pcm);
      structuredClone(pcm.buffer, { transfer: [pcm.buffer] }); // detaches it, as postMessage does
    });
    expect(seen.length).to.equal(3); // 1600 samples: three chunks of 512
    chunker.push(new Float32Array(600), (pcm) => expect(pcm.length).to.equal(512));
  });
});

/** A track's frames from Chromium's MediaStreamTrackProcessor (not in TypeScript's DOM types). */
function trackFrames(track: MediaStreamTrack): ReadableStream<AudioData> {
  const Processor = (
    globalThis as unknown as {
      MediaStreamTrackProcessor: new (init: { track: MediaStreamTrack }) => {
        readable: ReadableStream<AudioData>;
      };
    }
  ).MediaStreamTrackProcessor;
  return new Processor({ track }).readable;
}

describe('pumpMicFrames (a real MediaStreamTrackProcessor)', () => {
  it('reads a live track into 16 kHz chunks until the track stops', async () => {
    const { ctx, stream } = await toneMic(1000, 0.5);
    const [track] = stream.getAudioTracks();
    const readable = trackFrames(track!);
    const chunks: Int16Array[] = [];
    const levels: number[] = [];
    const done = pumpMicFrames(readable, 16_000, makePcmChunker, (pcm, level) => {
      chunks.push(pcm);
      levels.push(level);
    });
    while (chunks.length < 20) await new Promise((r) => setTimeout(r, 20));
    track!.stop();
    await done; // the pump ends with the track
    await ctx.close();
    expect(chunks.every((c) => c.length === 512)).to.equal(true);
    // Skip the first chunk: the oscillator may start inside it.
    expect(toneHz(concat(chunks.slice(1)), 16_000)).to.be.closeTo(1000, 20);
    expect(levels.at(-1)).to.be.closeTo(0.5 / Math.SQRT2, 0.03);
  });

  it('stops reading when the session closes, though the track lives on', async () => {
    const { ctx, stream } = await toneMic(440, 0.2);
    const [track] = stream.getAudioTracks();
    const readable = trackFrames(track!);
    let chunks = 0;
    const closing = new AbortController();
    const done = pumpMicFrames(readable, 16_000, makePcmChunker, () => chunks++, closing.signal);
    while (chunks < 3) await new Promise((r) => setTimeout(r, 20));
    closing.abort();
    await done;
    const after = chunks;
    await new Promise((r) => setTimeout(r, 200)); // ~6 chunks' worth of live audio
    expect(chunks).to.equal(after);
    expect(track!.readyState).to.equal('live');
    track!.stop();
    await ctx.close();
  });
});
