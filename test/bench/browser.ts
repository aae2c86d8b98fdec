/**
 * The browser figures: the demo page in headless Chromium, its microphone driven by the bench
 * (test/sim/mic.ts), talking to a runtime's server (`BenchRuntime`: the local one for now).
 *
 * - first_audio_ms: click → first greeting sample played, zero-latency fakes, fresh page.
 * - voice_to_voice_ms: end of the caller's speech (`speechEnd`) → first reply sample played.
 * - overhead_ms: voice-to-voice minus the fakes' latencies (`PROVIDER_MS`).
 * - barge_in_ms: onset of speech over a reply → the page's played audio standing still.
 * - reply_after_barge_in_ms: end of the words spoken over the reply (1.35 s of speech, so the
 *   Deepgram fake sends its interim result while the reply still plays) → first sample of the
 *   answer to them, timed as voice_to_voice is.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Page } from 'playwright-core';
import { instrument, launchBrowser, snapshot } from '../e2e/harness.js';
import { speakPcm } from '../fakes/audio.js';
import { startOpenAIFake } from '../fakes/openai.js';
import { MIC_INIT_SCRIPT, bargeInTimes, firstPlayedAfter, type PlayedMark } from '../sim/mic.js';
import {
  GREETING,
  LATENCY,
  LONG,
  PROVIDER_MS,
  ROME,
  SHORT,
  TOKYO,
  productionFakes,
  speechEnd,
  type Pipeline,
} from './fakes.js';
import { rtcStatsScript } from './page-script.js';
import type { BenchRuntime } from './runtimes/runtime.js';
import { r1, pct, stages } from './stats.js';
import {
  printRtcStats,
  printTrace,
  readPageTrace,
  readServerTrace,
  serverTraceFile,
  socketTraceScript,
  type TurnMarks,
} from './trace.js';

export interface BrowserOptions {
  /** Voice-to-voice turns (and barge-ins) to measure. */
  reps: number;
  pipeline: Pipeline;
  /** Print each voice-to-voice turn's timeline. */
  trace: boolean;
  /** "BUSY/PERIOD": block the page's main thread BUSY ms of every PERIOD ms. */
  jank?: string | undefined;
}

export interface BrowserFigures {
  firstAudio: number;
  v2v: number[];
  overhead: number[];
  barge: number[];
  replyAfterBarge: number[];
}

export const NO_BROWSER_FIGURES: BrowserFigures = {
  firstAudio: NaN,
  v2v: [],
  overhead: [],
  barge: [],
  replyAfterBarge: [],
};

/** Audio the answer to a barge-in plays within its first moments, in ms. */
const ANSWER_RUN_MS = 100;
const ANSWER_WINDOW_MS = 250;

/**
 * `firstPlayedAfter`, for the first step after `after` from which the page played at least
 * ANSWER_RUN_MS of audio within ANSWER_WINDOW_MS: the beginning of a run of speech, not a lone
 * block.
 */
function firstRunAfter(played: PlayedMark[], after: number): number {
  for (let i = 1; i < played.length; i++) {
    const [t, samples, ms] = played[i]!;
    if (t <= after || samples <= played[i - 1]![1] || ms === undefined) continue;
    const base = played[i - 1]![2] ?? 0;
    const run = played.filter(([u]) => u >= t && u <= t + ANSWER_WINDOW_MS).at(-1)![2] ?? 0;
    if (run - base >= ANSWER_RUN_MS) return firstPlayedAfter(played, played[i - 1]![0]);
  }
  return NaN;
}

export async function browserFigures(
  runtime: BenchRuntime,
  options: BrowserOptions,
): Promise<BrowserFigures> {
  const log = (line: string) => console.log(line);
  const { reps, pipeline } = options;
  // Zero-latency fakes for the first greeting; fixed latencies for the conversation. Each
  // repetition speaks three utterances: a turn, the request for a long answer, and the words
  // spoken over that answer. (Until 2026-12-07 the transcripts alternated two by two, so every
  // other repetition heard them shifted: its turn got the long answer, its barge-in the short.)
  const transcripts = Array.from({ length: reps + 1 }, () => [ROME, TOKYO, ROME]).flat();
  const fakes = await productionFakes(pipeline, transcripts, { stt: 0, tts: 0 });
  const openai = await startOpenAIFake({
    rules: [
      { when: ({ lastUser }) => /tokyo/i.test(lastUser), reply: { text: LONG } },
      { when: () => true, reply: { text: SHORT } },
    ],
    transcripts: fakes ? [] : transcripts,
  });
  if (!fakes) await openai.prewarm([GREETING, SHORT, LONG]);
  // The server runs in its own process, as deployed: this process's event loop carries the
  // browser driver and the fakes, and would otherwise also carry the server's socket relay.
  const serverTrace = options.trace ? serverTraceFile() : '';
  const server = await runtime.start({
    OPENAI_API_KEY: 'sk-test-fake',
    OPENAI_BASE_URL: openai.baseURL,
    ...fakes?.env,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'error',
    ...(serverTrace && { POLYGLOT_SERVER_TRACE: serverTrace }),
  });
  await server.warmUp();
  const browser = await launchBrowser();
  const page = await browser.newPage();
  await page.addInitScript(MIC_INIT_SCRIPT);
  await page.addInitScript(() => {
    const w = window as unknown as { __click: number; __states: [string, number][] };
    w.__states = [];
    document.addEventListener('click', () => (w.__click = performance.now()), true);
    document.addEventListener('polyglot-state-change', (e) =>
      w.__states.push([
        (e as CustomEvent<{ newState: string }>).detail.newState,
        performance.now(),
      ]),
    );
  });
  await instrument(page);
  if (options.trace) {
    await page.addInitScript(socketTraceScript());
    await page.addInitScript(rtcStatsScript());
  }
  await page.goto(server.url);
  await page.locator('polyglot-assistant [part="mic-button"]').click();
  // How far the page has played the agent's audio, by the runtime's clock.
  const progress = () => runtime.playback.progress(page);
  const marks = () => runtime.playback.marks(page);
  // The greeting has begun (under LiveKit the widget listens before the agent's job has joined).
  const greetingBy = Date.now() + 30_000;
  while ((await progress()).playedMs === 0 && Date.now() < greetingBy)
    await page.waitForTimeout(10);
  const waitQuiet = async () => {
    let last = -1;
    let since = Date.now();
    for (;;) {
      const p = await progress();
      if (p.playedMs !== last) {
        last = p.playedMs;
        since = Date.now();
      }
      if (p.state === 'listening' && Date.now() - since > 600) return;
      await page.waitForTimeout(40);
    }
  };
  await waitQuiet();
  const click = await page.evaluate(() => (window as unknown as { __click: number }).__click);
  const firstAudio = firstPlayedAfter(await marks(), click) - click;
  log(`browser: first audio, from the click: ${await firstAudioSteps(page, click)}`);

  if (options.jank) {
    const [busy, period] = options.jank.split('/').map(Number);
    if (!(busy! > 0 && period! > busy!))
      throw new Error('--jank wants BUSY/PERIOD in ms, e.g. 50/200');
    await page.evaluate(
      ({ busy, period }) =>
        setInterval(() => {
          const until = performance.now() + busy;
          while (performance.now() < until);
        }, period),
      { busy: busy!, period: period! },
    );
  }
  // Fixed latencies from here on.
  openai.options.latencyMs = LATENCY;
  fakes?.setLatency(LATENCY);
  const utter = async (text: string) => {
    const pcm = await speakPcm(text, 'en-us', 16_000);
    const pcm16 = new Int16Array(pcm.buffer, pcm.byteOffset, pcm.length / 2);
    const samples = Array.from(pcm16);
    // espeak pads its output with silence: the caller stops speaking where the fake hears it stop.
    const speechMs = (speechEnd(pcm16) / 16_000) * 1000;
    return page.evaluate(
      async ({ samples, speechMs }) => {
        const sim = (
          window as unknown as {
            __sim: { say(s: number[], r: number): Promise<number>; says: number[] };
          }
        ).__sim;
        await sim.say(samples, 16_000);
        return sim.says[sim.says.length - 1]! + speechMs; // page time the speech ended
      },
      { samples, speechMs },
    );
  };
  const v2v: number[] = [];
  const atSpeaker: number[] = [];
  const barge: number[] = [];
  const replyAfterBarge: number[] = [];
  let bargeNotStopped = 0;
  let unanswered = 0;
  const turns: TurnMarks[] = [];
  // The fakes date what they hear on this process's event loop, next to the browser driver.
  const benchLoop = monitorEventLoopDelay({ resolution: 10 });
  benchLoop.enable();
  for (let i = 0; i < reps; i++) {
    const ended = await utter(ROME);
    await waitQuiet();
    const played = await marks();
    const firstAfter = firstPlayedAfter(played, ended);
    const heard = firstPlayedAfter(played, ended, 'speaker');
    // A turn with no reply played is counted apart, not as a NaN among the figures.
    if (Number.isFinite(firstAfter)) {
      v2v.push(firstAfter - ended);
      atSpeaker.push(heard - ended);
      turns.push({ ended, played: firstAfter, heard });
    } else unanswered++;
    // Barge-in: ask for a long answer, speak over it after ~1.5 s of audio.
    await utter(TOKYO);
    for (let p = await progress(); p.state !== 'speaking'; p = await progress())
      await page.waitForTimeout(30);
    const start = (await progress()).playedMs;
    for (let p = await progress(); p.playedMs - start < 1500; p = await progress())
      await page.waitForTimeout(30);
    const before = await page.evaluate(
      () => (window as unknown as { __sim: { says: number[] } }).__sim.says.length,
    );
    const heardBefore = fakes?.deepgram.utterances.length ?? 0;
    const bargeEnded = await utter(ROME);
    const says = await page.evaluate(
      (n) => (window as unknown as { __sim: { says: number[] } }).__sim.says.slice(n),
      before,
    );
    const stops = bargeInTimes(says, await marks());
    barge.push(...stops);
    await waitQuiet();
    // The answer to the words spoken over the reply, once that reply had stopped: its first
    // sample is the first after their end and after the Deepgram fake sent their final
    // transcript (in page time), which no answer can precede, that begins a run of audio
    // (ANSWER_RUN_MS within the next ANSWER_WINDOW_MS). Under LiveKit the voice meter has been
    // seen to count one lone 20–30 ms block ~300 ms after the end of speech, ~900 ms before the
    // answer began (2026-12-07): not the answer.
    const final = fakes?.deepgram.utterances
      .slice(heardBefore)
      .find((u) => u.returned)?.finalSentAt;
    const origin = await page.evaluate(() => performance.timeOrigin);
    const from = Math.max(bargeEnded, final === undefined ? -Infinity : final - origin);
    const answer =
      stops.length > 0 && says[0]! + stops[0]! < bargeEnded
        ? firstRunAfter(await marks(), from) - bargeEnded
        : NaN;
    if (Number.isFinite(answer)) replyAfterBarge.push(answer);
    else bargeNotStopped++;
  }
  if (options.trace && fakes) {
    printTrace(
      turns,
      await readPageTrace(page),
      fakes,
      openai.chatRequests,
      readServerTrace(serverTrace),
    );
    await printRtcStats(page);
  }
  benchLoop.disable();
  if (unanswered > 0) log(`browser: ${unanswered} turns with no reply played after them`);
  if (bargeNotStopped > 0)
    log(
      `browser: ${bargeNotStopped} barge-ins left out of reply_after_barge_in_ms: the reply was not ` +
        `playing when the caller began, had not stopped when they ended, or no answer played`,
    );
  const { gapMs, droppedChunks, outputLatencyMs } = (await snapshot(page)).stats;
  log(
    `browser: voice-to-voice at the speaker, by the audio clock: p50 ${r1(pct(atSpeaker, 50))}, ` +
      `p95 ${r1(pct(atSpeaker, 95))} ms (the figures below are in the page; the output device ` +
      `adds ${outputLatencyMs === undefined ? 'an unknown latency' : `${r1(outputLatencyMs)} ms`}, ` +
      `headless Chromium's fake device)`,
  );
  log(
    `browser: ${r1(gapMs)} ms of gaps heard inside agent audio, ${droppedChunks} microphone ` +
      `chunks dropped${options.jank ? ` (host page blocked ${options.jank} ms)` : ''}`,
  );
  log(
    `browser: this process's event loop (browser driver and fakes) delay p99 ` +
      `${r1(benchLoop.percentile(99) / 1e6)} ms, max ${r1(benchLoop.max / 1e6)} ms`,
  );
  const latency = await server.latency();
  await browser.close();
  await server.close();
  await openai.close();
  log(`browser (${pipeline} pipeline): server stages p50/p95 ms: ${stages(latency)}`);
  await fakes?.close();
  const split = fakes?.deepgram.utterances.filter(
    (u) => u.returned && u.speechSeconds < 0.8,
  ).length;
  if (split) log(`warning: the Deepgram fake heard ${split} short utterances (split speech?)`);
  return {
    firstAudio,
    v2v,
    overhead: v2v.map((x) => x - PROVIDER_MS),
    barge,
    replyAfterBarge,
  };
}

/** Where the first audio's time went in the page: the session request, then each state. */
async function firstAudioSteps(page: Page, click: number): Promise<string> {
  const { session, states, origin } = await page.evaluate(() => ({
    origin: performance.timeOrigin,
    session: (
      performance.getEntriesByType('resource').find((e) => e.name.includes('/api/session')) as
        | PerformanceResourceTiming
        | undefined
    )?.responseEnd,
    states: (window as unknown as { __states: [string, number][] }).__states,
  }));
  const at = (t: number | undefined) => (t === undefined ? '?' : `${Math.round(t - click)} ms`);
  // The click's wall-clock time, to line these up with the worker's logs.
  return [
    `click at ${new Date(origin + click).toISOString()}`,
    `session ${at(session)}`,
    ...states.map(([s, t]: [string, number]) => `${s} ${at(t)}`),
  ].join(', ');
}
