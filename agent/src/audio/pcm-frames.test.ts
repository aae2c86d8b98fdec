import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PcmFramer } from './pcm-frames.js';

describe('PcmFramer', () => {
  it('cuts odd-sized chunks into whole frames and keeps every sample in order', () => {
    const samples = new Int16Array(1000).map((_, i) => i * 31 - 15_000);
    const bytes = new Uint8Array(samples.buffer);
    const framer = new PcmFramer(24_000, 300);
    const frames = [];
    let at = 0;
    for (const size of [1, 333, 2, 901, 763]) {
      frames.push(...framer.push(bytes.subarray(at, at + size)));
      at += size;
    }
    assert.equal(at, 2000);
    frames.push(...framer.flush());
    assert.deepEqual(
      frames.map((f) => f.samplesPerChannel),
      [300, 300, 300, 100],
    );
    const joined = new Int16Array(1000);
    let k = 0;
    for (const f of frames) {
      joined.set(f.data.subarray(0, f.samplesPerChannel), k);
      k += f.samplesPerChannel;
    }
    assert.deepEqual(joined, samples);
    assert.deepEqual(framer.flush(), []);
  });
});
