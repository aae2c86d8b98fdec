/**
 * Load under the LiveKit runtime: `n` headless callers (runtimes/livekit-caller.ts), each in a
 * room of its own that `polyglot serve` created and the worker joined with a job process of its
 * own. As in load.ts, each caller's microphone streams all the time (silence between utterances),
 * it speaks a real utterance, waits for the reply to end, thinks 1–3 s and speaks again.
 * voice_to_voice is timed per turn from the end of its speech to the first audible frame of the
 * agent's track that reaches this process (after the SFU, libwebrtc's jitter buffer and the Opus
 * decoder; there is no speaker). A level holds by load.ts's rule: overhead p95 under 100 ms; as
 * there, the levels go on while p95 stays within 100 ms of one session's p50.
 *
 * A job process takes seconds to start, so callers join one at a time and a level is measured
 * only once every caller has heard its greeting; each level keeps the callers of the one before
 * and adds to them.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { speakPcm } from '../fakes/audio.js';
import { PROVIDER_MS, speechEnd, type Pipeline, loadFakes } from './fakes.js';
import type { LoadResult } from './load.js';
import { LiveKitCaller, MIC_RATE } from './runtimes/livekit-caller.js';
import { startLiveKitStack, workerProcesses, warmUpLiveKit } from './runtimes/livekit.js';
import type { LocalServerOptions } from './runtimes/local.js';
import { machineCpu, pct, r1, stages, stolenPct } from './stats.js';

/** The microphone's frames: 20 ms, as WebRTC sends them. */
const FRAME_MS = 20;
const FRAME_SAMPLES = (MIC_RATE * FRAME_MS) / 1000;
/** Callers join this far apart, so job processes start one at a time. */
const JOIN_EVERY_MS = 1500;
const GREETING_TIMEOUT_MS = 60_000;
const REPLY_TIMEOUT_MS = 10_000;
/** Agent audio quiet this long ends its reply (the replies' pauses between sentences are shorter). */
const REPLY_QUIET_MS = 800;

export interface LiveKitLoadOptions {
  pipeline: Pipeline;
  quick: boolean;
  server: LocalServerOptions;
}

export interface LiveKitLoadResult extends LoadResult {
  /** Callers that could not join or heard no greeting within GREETING_TIMEOUT_MS. */
  failedJoins: number;
  /** Sessions the worker counted at the level's end (its /healthz). */
  workerSessions: number;
  /** The worker's processes (main, jobs and idle ones) at the level's end. */
  processes: number;
  /** Their resident memory together, in MB. */
  workerRssMb: number;
  /** The machine's CPU busy while the level was measured (all cores, 0..1). */
  machineBusy: number;
}

interface Caller {
  lk: LiveKitCaller;
  /** Sample offset into the utterance while speaking; -1 while silent. */
  offset: number;
  /** When the current turn's speech ended (0: no turn awaiting a reply). */
  endedAt: number;
  /** When the reply's first audible frame arrived (0: not yet). */
  repliedAt: number;
  /** When to start speaking next (0: not scheduled). */
  nextAt: number;
}

export async function livekitLoadFigures(
  levels: number[],
  options: LiveKitLoadOptions,
): Promise<LiveKitLoadResult[]> {
  const log = (line: string) => console.log(line);
  const load = await loadFakes(options.pipeline);
  const stack = await startLiveKitStack(load.env, options.server);
  await warmUpLiveKit(stack.url);
  const raw = await speakPcm('I want to fly to Rome', 'en-us', MIC_RATE);
  const pcm = new Int16Array(raw.buffer, raw.byteOffset, raw.length / 2);
  // The speech, then silence to the end of its last frame: a microphone's frames are whole.
  const spoken = speechEnd(pcm);
  const speech = new Int16Array(Math.ceil(spoken / FRAME_SAMPLES) * FRAME_SAMPLES);
  speech.set(pcm.subarray(0, spoken));
  const tailMs = ((speech.length - spoken) / MIC_RATE) * 1000;
  const silence = new Int16Array(FRAME_SAMPLES);
  const think = () => 1000 + Math.random() * 2000;

  const active: Caller[] = [];
  let v2v: number[] = [];
  let missed = 0;
  let measuring = false;
  let stopping = false;

  // One clock for every microphone, as in load.ts: each tick sends every frame that is due.
  const t0 = performance.now();
  let sent = 0;
  const sendFrame = (c: Caller, now: number) => {
    if (c.offset < 0 && c.nextAt > 0 && now >= c.nextAt && c.endedAt === 0) {
      c.offset = 0;
      c.nextAt = 0;
    }
    if (c.offset < 0) {
      c.lk.speak(silence);
      if (c.endedAt > 0) {
        const quiet = c.repliedAt > 0 && now - c.lk.lastAudible > REPLY_QUIET_MS;
        const lost = c.repliedAt === 0 && now - c.endedAt > REPLY_TIMEOUT_MS;
        if (lost && measuring) missed++;
        if (quiet || lost) {
          c.endedAt = 0;
          c.repliedAt = 0;
          c.nextAt = stopping ? 0 : now + think();
        }
      }
      return;
    }
    c.lk.speak(speech.subarray(c.offset, c.offset + FRAME_SAMPLES));
    c.offset += FRAME_SAMPLES;
    if (c.offset >= speech.length) {
      // Handed over when its 20 ms are over, like a microphone's frame; the speech in it ended
      // tailMs before that.
      c.offset = -1;
      c.endedAt = now - tailMs;
      c.repliedAt = 0;
    }
  };
  const clock = setInterval(() => {
    const due = Math.floor((performance.now() - t0) / FRAME_MS);
    const now = performance.now();
    for (; sent < due; sent++) for (const c of active) sendFrame(c, now);
  }, 5);

  let failedJoins = 0;
  const join = async (delayMs: number) => {
    await new Promise((r) => setTimeout(r, delayMs));
    let lk: LiveKitCaller | undefined;
    const joined = performance.now();
    try {
      lk = await LiveKitCaller.join(stack.url);
      const c: Caller = { lk, offset: -1, endedAt: 0, repliedAt: 0, nextAt: 0 };
      lk.onAudible = (at) => {
        if (c.endedAt > 0 && c.repliedAt === 0 && at > c.endedAt) {
          c.repliedAt = at;
          if (measuring) v2v.push(at - c.endedAt);
        }
      };
      // Its microphone streams silence from the start, as the widget's does.
      active.push(c);
      // The greeting, which may begin before join() returns.
      await lk.spoken(REPLY_QUIET_MS, GREETING_TIMEOUT_MS, joined);
      c.nextAt = performance.now() + Math.random() * 3000;
    } catch (err) {
      failedJoins++;
      log(`        a caller could not start: ${(err as Error).message}`);
      if (lk) {
        active.splice(
          active.findIndex((c) => c.lk === lk),
          1,
        );
        await lk.close();
      }
    }
  };

  const results: LiveKitLoadResult[] = [];
  let baseline = NaN;
  for (const n of levels) {
    const adding = Math.max(0, n - active.length);
    const joinedBefore = failedJoins;
    stopping = false;
    for (const c of active) c.nextAt = performance.now() + Math.random() * 3000;
    await Promise.all(Array.from({ length: adding }, (_, k) => join(k * JOIN_EVERY_MS)));
    const failed = failedJoins - joinedBefore;
    v2v = [];
    missed = 0;
    const lag = monitorEventLoopDelay({ resolution: 10 });
    lag.enable();
    const workerBefore = workerProcesses();
    const machineBefore = machineCpu();
    const ownBefore = process.cpuUsage();
    measuring = true;
    const measureStart = performance.now();
    await new Promise((r) => setTimeout(r, options.quick ? 15_000 : 30_000));
    const seconds = (performance.now() - measureStart) / 1000;
    const workerAfter = workerProcesses();
    const machineAfter = machineCpu();
    const own = process.cpuUsage(ownBefore);
    const stealPct = stolenPct(machineBefore);
    stopping = true;
    for (const c of active) c.nextAt = 0;
    const drainUntil = performance.now() + REPLY_TIMEOUT_MS + 1000;
    while (active.some((c) => c.endedAt > 0 || c.offset >= 0) && performance.now() < drainUntil)
      await new Promise((r) => setTimeout(r, 100));
    measuring = false;
    lag.disable();
    missed += active.filter((c) => c.endedAt > 0 && c.repliedAt === 0).length;
    const health = await stack.health();
    const held = active.length;
    const p50 = pct(v2v, 50);
    // A level where a caller could not start or a turn went unanswered does not hold.
    const p95 = missed > 0 || failed > 0 || v2v.length === 0 ? Infinity : pct(v2v, 95);
    if (Number.isNaN(baseline)) baseline = p50;
    const cpuCores = (workerAfter.cpuSeconds - workerBefore.cpuSeconds) / seconds;
    const machineBusy =
      (machineAfter.busy - machineBefore.busy) / (machineAfter.total - machineBefore.total);
    const result: LiveKitLoadResult = {
      sessions: n,
      p50,
      p95,
      overheadP95: p95 - PROVIDER_MS,
      added: p95 - baseline,
      turns: v2v.length,
      rssMbPerSession: workerAfter.rssBytes / 1048576 / Math.max(1, held),
      cpuMsPerSessionSecond: (cpuCores * 1000) / Math.max(1, held),
      busy: null,
      stealPct,
      failedJoins: failed,
      workerSessions: health.sessions ?? NaN,
      processes: workerAfter.count,
      workerRssMb: workerAfter.rssBytes / 1048576,
      machineBusy: Math.round(machineBusy * 1000) / 1000,
    };
    results.push(result);
    log(
      `  ${String(n).padStart(4)} sessions: voice-to-voice p50 ${r1(p50)} ms, p95 ${r1(p95)} ms ` +
        `(overhead p95 ${r1(result.overheadP95)}; +${r1(result.added)} over 1 session), ${v2v.length} turns, ` +
        `${missed} unanswered, ${failed} callers that could not start; the worker counted ` +
        `${health.sessions} sessions in ${workerAfter.count} processes, ` +
        `${r1(workerAfter.rssBytes / 1048576)} MB RSS (${r1(result.rssMbPerSession)} per session), ` +
        `CPU ${cpuCores.toFixed(2)} cores (${r1(result.cpuMsPerSessionSecond)} ms per session-second); ` +
        `callers, fakes and LiveKit client ${((own.user + own.system) / 1e6 / seconds).toFixed(2)} cores; ` +
        `machine ${r1(machineBusy * 100)}% busy, ${stealPct}% stolen by the hypervisor`,
    );
    log(
      `        load client loop delay p99 ${r1(lag.percentile(99) / 1e6)} ms; worker stages p50/p95 ms (recent turns): ${stages(health.latency)}`,
    );
    // As in load.ts: go on while p95 stays within 100 ms of one session's p50 (under LiveKit the
    // WebRTC path alone can put overhead over 100 ms at one session).
    if (!(result.added < 100)) break;
  }
  clearInterval(clock);
  await Promise.all(active.map((c) => c.lk.close()));
  await stack.close();
  await load.close();
  return results;
}
