/**
 * The inbound audio bucket on a fake clock: a microphone's pace, and a network backlog, always
 * pass; a client sending several times faster than real time does not. (A flood through the real
 * server: security-review.test.ts.)
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AUDIO_BURST_MS, AUDIO_MAX_SPEED } from '../../../sdk/src/protocol/messages.js';
import { AUDIO_BYTES_PER_MS, AudioPacer } from './audio-pacing.js';

/** Sends `seconds` of audio in 32 ms chunks at `speed`× real time; returns how much got through. */
function stream(pacer: AudioPacer, clock: { t: number }, seconds: number, speed: number): number {
  const chunk = 32 * AUDIO_BYTES_PER_MS;
  let sentMs = 0;
  for (; sentMs < seconds * 1000; sentMs += 32) {
    clock.t += 32 / speed;
    if (!pacer.take(chunk)) break;
  }
  return sentMs / 1000;
}

describe('AudioPacer', () => {
  it('never stops a microphone sending in real time, for an hour', () => {
    const clock = { t: 0 };
    const pacer = new AudioPacer({ now: () => clock.t });
    assert.equal(stream(pacer, clock, 3_600, 1), 3_600);
  });

  it('takes a backlog of a few seconds at once, then the microphone again', () => {
    const clock = { t: 0 };
    const pacer = new AudioPacer({ now: () => clock.t });
    assert.ok(pacer.take((AUDIO_BURST_MS - 100) * AUDIO_BYTES_PER_MS), 'the burst allowance');
    assert.equal(stream(pacer, clock, 60, 1), 60);
  });

  it(`allows up to ${AUDIO_MAX_SPEED}× real time, and stops a faster client once its burst is spent`, () => {
    const clock = { t: 0 };
    const pacer = new AudioPacer({ now: () => clock.t });
    assert.equal(stream(pacer, clock, 600, AUDIO_MAX_SPEED * 0.99), 600);
    const fast = new AudioPacer({ now: () => clock.t });
    const through = stream(fast, clock, 600, AUDIO_MAX_SPEED * 2);
    // At 8× it gains 4 s of audio a second on the bucket's refill: the 5 s burst lasts ~1.25 s of
    // wall time, ~10 s of audio.
    assert.ok(through > 9 && through < 11, `${through} s of audio got through`);
  });
});
