import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { initializeLogger } from '@livekit/agents';
import type { AudioFrame } from '@livekit/rtc-node';
import { INPUT_FRAME_SAMPLES, SocketAudioInput, cutText } from './audio-io.js';

describe('cutText: the assistant text a listener heard before barge-in', () => {
  const text = 'There are three flights tomorrow morning from Madrid.';
  it('keeps everything when playback completed', () => assert.equal(cutText(text, 1), text));
  it('keeps nothing when nothing played', () => assert.equal(cutText(text, 0), ''));
  it('cuts on a word boundary near the played fraction', () => {
    const cut = cutText(text, 0.5);
    assert.ok(text.startsWith(cut));
    assert.ok(cut.length <= text.length / 2 && cut.length > text.length / 3, cut);
    assert.ok(!cut.endsWith(' '));
    assert.equal(cut, 'There are three flights');
  });
});

describe('SocketAudioInput: microphone chunks to VAD-sized frames', () => {
  initializeLogger({ pretty: false, level: 'fatal' });
  it('re-cuts 20 ms chunks at odd byte offsets into 512-sample frames, losing no sample', async () => {
    const input = new SocketAudioInput();
    const reader = input.stream.getReader();
    const total = 320 * 10; // ten 20 ms chunks = 3200 samples = 6 frames + 128 samples held
    const all = new Int16Array(total).map((_, i) => ((i * 7919) % 65536) - 32768);
    const bytes = new Uint8Array(all.buffer);
    for (let i = 0; i < 10; i++) {
      // Each chunk sits at an odd offset inside a larger buffer, as socket payloads may.
      const holder = new Uint8Array(641);
      holder.set(bytes.subarray(i * 640, (i + 1) * 640), 1);
      input.pushPcm16(holder.subarray(1));
    }
    const frames: AudioFrame[] = [];
    for (let i = 0; i < 6; i++) frames.push((await reader.read()).value as AudioFrame);
    assert.deepEqual(
      frames.map((f) => f.samplesPerChannel),
      Array(6).fill(INPUT_FRAME_SAMPLES),
    );
    const joined = new Int16Array(6 * INPUT_FRAME_SAMPLES);
    frames.forEach((f, i) => joined.set(f.data, i * INPUT_FRAME_SAMPLES));
    assert.deepEqual(joined, all.subarray(0, joined.length));
    // The held 128 samples come out first in the next frame.
    input.pushPcm16(new Uint8Array((INPUT_FRAME_SAMPLES - 128) * 2));
    const next = (await reader.read()).value as AudioFrame;
    assert.deepEqual(next.data.subarray(0, 128), all.subarray(joined.length));
    await input.close();
  });
});
