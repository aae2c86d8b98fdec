/**
 * The fixes `patches/` applies to agents-js 1.9.0 (docs/architecture.md § Patched dependencies):
 * they are installed, and the patched code still does its job. Deepgram's stream sends
 * `frame.data.buffer` as it is, so each frame must own a buffer of exactly its bytes.
 */
import {
  AudioByteStream,
  AudioEnergyFilter,
  inference,
  initializeLogger,
  startSoon,
} from '@livekit/agents';
import { AudioFrame } from '@livekit/rtc-node';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs';
import { describe, it } from 'node:test';

initializeLogger({ pretty: false, level: 'fatal' });

describe('patched agents-js audio helpers', () => {
  it('are the patched versions (npm install ran patch-package)', () => {
    assert.match(AudioByteStream.prototype.write.toString(), /Patched by Polyglot/);
    assert.match(AudioEnergyFilter.prototype.pushFrame.toString(), /Patched by Polyglot/);
    assert.match(startSoon.toString(), /Patched by Polyglot/);
  });

  it('startSoon runs after the code that called it, before a timer of 0 ms', async () => {
    // Every LLM, TTS and STT stream starts its run() through it: after its constructor (so a
    // subclass's fields exist), without Node's 1 ms timer clamp on a turn's critical path. A
    // turn's streams are started from I/O (a socket message), as here: a file read's callback.
    const order = await new Promise<string[]>((resolve) => {
      readFile(import.meta.filename, () => {
        const seen: string[] = [];
        setTimeout(() => {
          seen.push('timer');
          resolve(seen);
        }, 0);
        startSoon(() => seen.push('started'));
        seen.push('caller done');
      });
    });
    assert.deepEqual(order, ['caller done', 'started', 'timer']);
  });

  it('AudioByteStream cuts chunks of any size into exact frames, each owning its bytes', () => {
    const samplesPerFrame = 160;
    const stream = new AudioByteStream(16_000, 1, samplesPerFrame);
    const total = 160 * 7 + 37; // seven whole frames and a remainder
    const pcm = new Int16Array(total);
    for (let i = 0; i < total; i++) pcm[i] = (i * 31) % 32_000;
    const bytes = new Uint8Array(pcm.buffer);
    const frames: AudioFrame[] = [];
    // Odd chunk sizes, some splitting a sample across two writes, one a view into a larger buffer.
    const sizes = [1, 3, 250, 77, 640, 1, 999];
    let at = 0;
    for (let k = 0; at < bytes.length; k++) {
      const n = Math.min(sizes[k % sizes.length]!, bytes.length - at);
      frames.push(...stream.write(bytes.subarray(at, at + n)));
      at += n;
    }
    assert.equal(frames.length, 7);
    frames.forEach((f, i) => {
      assert.equal(f.samplesPerChannel, samplesPerFrame);
      assert.equal(f.data.buffer.byteLength, samplesPerFrame * 2);
      assert.deepEqual(
        Array.from(f.data),
        Array.from(pcm.subarray(i * samplesPerFrame, (i + 1) * samplesPerFrame)),
      );
    });
    const rest = stream.flush();
    assert.equal(rest.length, 1);
    assert.deepEqual(Array.from(rest[0]!.data), Array.from(pcm.subarray(7 * samplesPerFrame)));
  });

  it('AudioEnergyFilter passes speech, and silence only until its cooldown runs out', () => {
    const filter = new AudioEnergyFilter(0.3);
    const frame = (amplitude: number) =>
      new AudioFrame(
        Int16Array.from({ length: 1600 }, (_, i) => Math.round(amplitude * Math.sin(i / 5))),
        16_000,
        1,
        1600,
      );
    assert.equal(filter.pushFrame(frame(8000)), true); // speech
    assert.equal(filter.pushFrame(frame(0)), true); // 0.1 s into the cooldown
    assert.equal(filter.pushFrame(frame(0)), true); // 0.2 s
    assert.equal(filter.pushFrame(frame(0)), false); // cooldown over: silence is dropped
    assert.equal(filter.pushFrame(frame(50)), false); // rms ~0.001: still silence
    assert.equal(filter.pushFrame(frame(400)), true); // rms ~0.009: speech again
  });

  it('a VAD stream ends its input and closes twice without a rejection left behind', async () => {
    // The OpenAI route's StreamAdapter ends its VAD stream's input when the caller's audio ends
    // (1.9 closed the locked WritableStream: "WritableStream is locked"), and the STT
    // FallbackAdapter closes that adapter's stream twice (1.9 then closed the closed output).
    const rejections: unknown[] = [];
    const onRejection = (e: unknown) => rejections.push(e);
    process.on('unhandledRejection', onRejection);
    try {
      const s = new inference.VAD().stream();
      s.pushFrame(new AudioFrame(new Int16Array(1600), 16_000, 1, 1600));
      assert.doesNotThrow(() => s.endInput());
      s.close();
      s.close();
      await new Promise((r) => setTimeout(r, 100));
      assert.deepEqual(rejections, []);
    } finally {
      process.off('unhandledRejection', onRejection);
    }
  });
});
