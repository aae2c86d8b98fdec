/**
 * `--trace`: where each voice-to-voice turn's time goes. The page records its socket traffic
 * (page/socket-trace.ts), the fakes date what they hear and send, and the server notes its own
 * steps (server-trace.mjs); `printTrace` lines them up per turn.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { SPEECH_RMS } from '../fakes/deepgram.js';
import { DEEPGRAM_ENDPOINT, type ProductionFakes } from './fakes.js';
import { pageScript } from './page-script.js';
import type { RtcAudioStats } from './page/rtc-stats.js';
import type { PageTrace, TraceOptions } from './page/trace-recorder.js';
import { r1 } from './stats.js';

export interface TurnMarks {
  /**
   * Page times (ms): the end of the caller's speech, the first reply sample played in the page,
   * and when the speaker reached it by the audio clock (the device's latency included).
   */
  ended: number;
  played: number;
  heard: number;
}

/** A step inside the server (`test/bench/server-trace.mjs`), wall-clock ms. */
interface ServerEvent {
  at: number;
  thread: number;
  event: string;
}

/**
 * The init script that records when the widget sent each microphone frame (and how loud it was)
 * and when each reply's `audio_start` arrived, on the page's clock.
 */
export function socketTraceScript(): string {
  const options: TraceOptions = {
    windowSamples: DEEPGRAM_ENDPOINT.blockMs * 16,
    speechRms: SPEECH_RMS,
  };
  return pageScript(join(import.meta.dirname, 'page/socket-trace.ts'), options);
}

/**
 * Where WebRTC held the audio in the page (LiveKit): each inbound audio stream's mean jitter
 * buffer delay with its target and minimum, the playout path's mean delay, and the round trip.
 * A page without peer connections (the local runtime) prints nothing.
 */
export async function printRtcStats(page: Page): Promise<void> {
  const stats = await page.evaluate(() =>
    (window as unknown as { __rtcAudioStats?: () => Promise<RtcAudioStats> }).__rtcAudioStats?.(),
  );
  const inbound = stats?.inbound.filter((i) => i.packets > 0) ?? [];
  if (!stats || inbound.length === 0) return;
  const list = (xs: number[]) => xs.map(r1).join(', ') || '—';
  for (const i of inbound)
    console.log(
      `trace: page's inbound audio (${i.codec}, ${i.packets} packets, jitter ${r1(i.jitterMs)} ms): ` +
        `jitter buffer ${r1(i.jitterBufferMs)} ms per sample (target ${r1(i.targetMs)}, minimum ${r1(i.minimumMs)})`,
    );
  console.log(
    `trace: page's playout path ${list(stats.playoutMs)} ms; round trip ${list(stats.rttMs)} ms`,
  );
}

/** Where the server writes its steps (`POLYGLOT_SERVER_TRACE`). */
export const serverTraceFile = () => join(tmpdir(), `polyglot-server-trace-${process.pid}`);

/** The page's trace and its Workers' (the widget's socket runs in one where the page allows). */
export async function readPageTrace(page: Page): Promise<PageTrace & { timeOrigin: number }> {
  const pageTrace = await page.evaluate(() => {
    const w = window as unknown as { __trace: PageTrace };
    return { timeOrigin: performance.timeOrigin, ...w.__trace };
  });
  for (const worker of page.workers()) {
    const t = await worker.evaluate(
      () => (globalThis as unknown as { __trace?: PageTrace }).__trace,
    );
    if (!t) continue;
    pageTrace.sends.push(...t.sends);
    pageTrace.audioStarts.push(...t.audioStarts);
  }
  pageTrace.sends.sort((a, b) => a[0] - b[0]);
  pageTrace.audioStarts.sort((a, b) => a - b);
  return pageTrace;
}

/** The server's steps, in time order; prints the notes it left about itself (`trace: ...`). */
export function readServerTrace(file: string): ServerEvent[] {
  if (!file || !existsSync(file)) return [];
  const events = readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as ServerEvent);
  rmSync(file, { force: true });
  for (const e of events) if (e.event.startsWith('trace:')) console.log(`server ${e.event}`);
  return events.sort((a, b) => a.at - b.at);
}

/**
 * One line per voice-to-voice turn: when each hop saw the turn, in ms after the end of the
 * caller's speech (`speechEnd`). The page, the fakes and the server share this machine's clock
 * (page times are mapped through `performance.timeOrigin`). "captured" dates the end of speech
 * in the frame the widget sent, as if the frame left when its last sample was captured: it is
 * the simulated microphone's path into the widget's capture worklet, and the worklet's message
 * to the page.
 */
export function printTrace(
  turns: TurnMarks[],
  page: PageTrace & { timeOrigin: number },
  fakes: ProductionFakes,
  chatRequests: { receivedAt: number; repliedAt?: number }[],
  server: ServerEvent[],
) {
  const log = (line: string) => console.log(line);
  const epoch = (t: number) => page.timeOrigin + t;
  const at = (t: number | undefined, from: number) => (t === undefined ? '—' : r1(t - from));
  log("trace: ms after the end of the caller's speech (page clock mapped to the wall clock)");
  log(
    '  captured | frame sent | Deepgram fake heard it | its endpoint (silence heard) | final sent | ' +
      'LLM request (replied) | TTS request (first audio sent) | audio_start at page | played | ' +
      'at the speaker (audio clock)',
  );
  const sampleMs = 1000 / 16_000;
  for (const { ended, played, heard } of turns) {
    const endedAt = epoch(ended);
    const frame = page.sends
      .filter(([t, , i]) => t > ended - 100 && t < ended + 200 && i >= 0)
      .at(-1);
    const captured = frame && frame[0] - (frame[3] - 1 - frame[2]) * sampleMs;
    const utterance = fakes.deepgram.utterances.find(
      (u) => u.speechEndHeardAt > endedAt - 50 && u.speechEndHeardAt < endedAt + 500,
    );
    const final = utterance?.finalSentAt;
    const llm = final === undefined ? undefined : chatRequests.find((r) => r.receivedAt >= final);
    const tts =
      llm === undefined
        ? undefined
        : fakes.cartesia.requests.find((r) => r.receivedAt >= llm.receivedAt);
    const start = page.audioStarts.find((t) => t > ended);
    log(
      `  ${at(captured, ended)} | ${at(frame?.[0], ended)} | ${at(utterance?.speechEndHeardAt, endedAt)} | ` +
        `${at(utterance?.endpointAt, endedAt)} (${utterance ? r1(utterance.silenceHeardMs) : '—'}) | ` +
        `${at(final, endedAt)} | ${at(llm?.receivedAt, endedAt)} (${at(llm?.repliedAt, endedAt)}) | ` +
        `${at(tts?.receivedAt, endedAt)} (${at(tts?.firstAudioAt, endedAt)}) | ` +
        `${at(start, ended)} | ${r1(played - ended)} | ${r1(heard - ended)}`,
    );
    // Inside the server: each step's first time after the Deepgram final reached its thread.
    const received =
      final === undefined
        ? undefined
        : server.find((e) => e.event === 'Deepgram final received' && e.at >= final - 5);
    if (!received) continue;
    const seen = new Map<string, number>();
    for (const e of server) {
      // The session's thread, and the main thread's socket to the page.
      const mine = e.thread === received.thread || e.event.startsWith('main: ');
      if (!mine || e.at < received.at || e.at > received.at + 1000) continue;
      if (!seen.has(e.event)) seen.set(e.event, e.at);
    }
    log(`    server: ${[...seen].map(([event, t]) => `${event} ${r1(t - endedAt)}`).join(' | ')}`);
  }
}
