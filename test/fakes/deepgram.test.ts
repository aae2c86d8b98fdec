/**
 * The Deepgram fake's own accounting, which the benchmark's overhead figure rests on: its
 * `latencyMs` runs from the end of speech as heard in the audio, so every sample of silence it has
 * heard when it decides the endpoint counts toward it, however the client cuts its messages.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { test } from 'node:test';
import { WebSocket } from 'ws';
import { startDeepgramFake } from './deepgram.js';

/** One 512-sample message (32 ms at 16 kHz): a 1 kHz tone at -12 dBFS, or silence. */
function message(tone: boolean, at: number): Buffer {
  const pcm = new Int16Array(512);
  if (tone)
    for (let i = 0; i < 512; i++)
      pcm[i] = 8192 * Math.sin((2 * Math.PI * 1000 * (at + i)) / 16_000);
  return Buffer.from(pcm.buffer);
}

test('the endpoint counts the quiet part-block at the end of a message toward the latency', async (t) => {
  const fake = await startDeepgramFake({
    transcripts: ['I want to fly to Rome'],
    blockMs: 10,
    endpointingMs: 100,
    latencyMs: 150,
  });
  t.after(() => fake.close());
  const ws = new WebSocket(`${fake.baseUrl}/v1/listen?sample_rate=16000&encoding=linear16`, {
    headers: { authorization: 'Token test' },
  });
  await once(ws, 'open');
  const finals: string[] = [];
  ws.on('message', (data) => {
    const m = JSON.parse(String(data)) as {
      type: string;
      is_final?: boolean;
      channel?: { alternatives: { transcript: string }[] };
    };
    if (m.type === 'Results' && m.is_final) finals.push(m.channel!.alternatives[0]!.transcript);
  });
  // 640 ms of speech (20 messages, 64 whole blocks), then silence a message at a time. Blocks of
  // 10 ms are 160 samples: after 3 silent messages the fake has 9 blocks (90 ms) and 96 samples
  // over; the 4th makes 12 blocks (120 ms, past the 100 ms endpoint) and 128 samples (8 ms) over.
  let at = 0;
  for (let i = 0; i < 20; i++, at += 512) ws.send(message(true, at));
  for (let i = 0; i < 4; i++, at += 512) ws.send(message(false, at));
  while (fake.utterances.length === 0) await new Promise((r) => setTimeout(r, 5));
  const [utterance] = fake.utterances;
  // All 4 messages of silence were heard: 128 ms, not the 120 ms of whole blocks.
  assert.equal(Math.round(utterance!.silenceHeardMs), 128);
  assert.equal(utterance!.returned, 'I want to fly to Rome');
  while (finals.length === 0) await new Promise((r) => setTimeout(r, 5));
  assert.deepEqual(finals, ['I want to fly to Rome']);
  // Whole blocks alone would have put it 8 ms later: the final was due 150 − 128 = 22 ms after
  // the endpoint (a timer, so only a lower bound is asserted).
  assert.ok(utterance!.finalSentAt! - utterance!.endpointAt >= 21);
  ws.close();
});
