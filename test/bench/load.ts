/**
 * Load: `n` Node clients, each holding a conversation the way a browser does. The microphone
 * streams a 32 ms frame every 32 ms all the time, as the widget does (silence between
 * utterances); the caller speaks a real utterance, waits for the reply to finish, thinks for 1–3 s and speaks again. Callers start
 * at random phases, as independent people would. voice_to_voice is timed per turn, from the end of
 * the caller's speech to the first reply audio the server sends. A level holds while its
 * overhead p95 (voice-to-voice p95 minus the fakes' latencies) is under 100 ms, the issue's
 * criterion; the figure also says how far p95 is over one session's p50 (level 1, the baseline),
 * which is what load adds. With `--burst`, every caller
 * speaks at the same moment once instead (a thundering herd: a stress figure, not capacity).
 *
 * The callers speak the local runtime's protocol: this is the capacity of `polyglot serve`.
 *
 * With `consoleAt`, the level of that many sessions then measures what one open operator console
 * costs the server: alternating windows without and with a signed-in console's event stream
 * (`/console/api/events`, read as the page reads it), the same sessions talking throughout; the
 * spread of the windows without it says how much of a difference is noise.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { WebSocket } from 'ws';
import type { EventLoopSummary } from '../../agent/src/observability/event-loop.js';
import type { LatencySummary } from '../../agent/src/observability/latency.js';
import { speakPcm } from '../fakes/audio.js';
import { PROVIDER_MS, speechEnd, type Pipeline, loadFakes } from './fakes.js';
import {
  openSession,
  spawnServer,
  warmUp,
  type LocalServer,
  type LocalServerOptions,
} from './runtimes/local.js';
import { hashPassword } from '../../agent/src/console/operators.js';
import { machineCpu, pct, r1, stages, stolenPct } from './stats.js';

/** The widget posts 32 ms frames: 512 samples at 16 kHz, 1024 bytes, 32 bytes a millisecond. */
const FRAME_MS = 32;
const FRAME_BYTES = 1024;

export interface LoadOptions {
  pipeline: Pipeline;
  /** 15 s levels instead of 30 s. */
  quick: boolean;
  /** Every caller speaks at the same moment once. */
  burst: boolean;
  server: LocalServerOptions;
  /** Measure one open console's CPU cost at this level (a level of the run). */
  consoleAt?: number | undefined;
}

/** Server CPU (cores) in alternating windows without and with one console's event stream. */
export interface ConsoleCost {
  offCores: number[];
  onCores: number[];
  /** Events the console read (snapshots and transcript lines). */
  events: number;
}

export interface LoadResult {
  sessions: number;
  p50: number;
  p95: number;
  /** p95 minus the fakes' latencies: the issue's criterion is this under 100 ms. */
  overheadP95: number;
  added: number;
  turns: number;
  rssMbPerSession: number;
  cpuMsPerSessionSecond: number;
  /** The busiest session thread's event-loop utilization (main thread's without threads). */
  busy: number | null;
  stealPct: number;
  console?: ConsoleCost | undefined;
}

const CONSOLE_PASSWORD = 'the benchmark console passphrase';

export async function loadFigures(levels: number[], options: LoadOptions): Promise<LoadResult[]> {
  const log = (line: string) => console.log(line);
  // The fakes and the load clients run here; the server runs in its own process, as deployed, so
  // what is measured is the server's capacity and not this process's event loop.
  const load = await loadFakes(options.pipeline);
  const env = options.consoleAt
    ? {
        ...load.env,
        POLYGLOT_OPERATORS: JSON.stringify([
          { username: 'bench', passwordHash: hashPassword(CONSOLE_PASSWORD), role: 'admin' },
        ]),
      }
    : load.env;
  const server = await spawnServer(env, options.server);
  await warmUp(server.url);
  const raw = await speakPcm('I want to fly to Rome', 'en-us', 16_000);
  // The utterance up to the end of its speech, then silence to the end of that 32 ms frame: a
  // microphone's frames are whole, and a short last frame would make the server wait a frame for
  // the rest of it before the speech's end reaches the STT.
  const spoken = speechEnd(new Int16Array(raw.buffer, raw.byteOffset, raw.length / 2)) * 2;
  const speech = Buffer.alloc(Math.ceil(spoken / FRAME_BYTES) * FRAME_BYTES);
  raw.copy(speech, 0, 0, spoken);
  const tailMs = ((speech.length - spoken) / FRAME_BYTES) * FRAME_MS;
  const results: LoadResult[] = [];
  let baseline = NaN;
  for (const n of levels) {
    const lag = monitorEventLoopDelay({ resolution: 10 });
    lag.enable();
    const level = await loadLevel(server, n, speech, tailMs, {
      ...options,
      console: options.consoleAt === n,
    });
    lag.disable();
    const p50 = pct(level.v2v, 50);
    const p95 = level.missed > 0 ? Infinity : pct(level.v2v, 95);
    if (Number.isNaN(baseline)) baseline = p50;
    const added = p95 - baseline;
    const overheadP95 = p95 - PROVIDER_MS;
    const cpuMsPerSessionSecond = (level.cpuCores * 1000) / n;
    const rssMb = level.rssGrowth / 1048576;
    const health = (await (await fetch(`${server.url}/healthz`)).json()) as {
      latency?: LatencySummary;
      eventLoop?: EventLoopSummary;
      shards?: { index: number; sessions: number; eventLoop: EventLoopSummary | null }[];
    };
    results.push({
      sessions: n,
      p50,
      p95,
      overheadP95,
      added,
      turns: level.v2v.length,
      rssMbPerSession: rssMb / n,
      cpuMsPerSessionSecond,
      busy: health.shards?.length
        ? Math.max(...health.shards.map((t) => t.eventLoop?.utilization ?? 0))
        : (health.eventLoop?.utilization ?? null),
      stealPct: level.stealPct,
      console: level.console,
    });
    log(
      `  ${String(n).padStart(4)} sessions: voice-to-voice p50 ${r1(p50)} ms, p95 ${r1(p95)} ms ` +
        `(overhead p95 ${r1(overheadP95)}; +${r1(added)} over 1 session), ${level.v2v.length} turns, ${level.missed} unanswered, ` +
        `+${r1(rssMb)} MB server RSS, server CPU ${level.cpuCores.toFixed(2)} cores ` +
        `(${r1(cpuMsPerSessionSecond)} ms per session-second); callers and fakes ` +
        `${level.benchCores.toFixed(2)} cores; ${level.stealPct}% of the machine's CPU stolen by the hypervisor`,
    );
    log(
      `        server event loop (last 10 s): delay p99 ${health.eventLoop?.delayP99Ms} ms, ` +
        `busy ${health.eventLoop?.utilization}; load client loop delay p99 ${r1(lag.percentile(99) / 1e6)} ms`,
    );
    for (const shard of health.shards ?? []) {
      log(
        `        session thread ${shard.index}: ${shard.sessions} sessions at the end, loop delay ` +
          `p99 ${shard.eventLoop?.delayP99Ms} ms, busy ${shard.eventLoop?.utilization}`,
      );
    }
    log(`        server stages p50/p95 ms (recent turns): ${stages(health.latency)}`);
    if (level.console) log(`        ${consoleLine(level.console)}`);
    // A miss ends the run, unless the console's level is still to come: its figure is measured at
    // 50 sessions whatever the levels below it held (lastHeld judges capacity from the misses).
    if (!(added < 100) && !(options.consoleAt !== undefined && n < options.consoleAt)) break;
    await new Promise((r) => setTimeout(r, 2000)); // let the sessions close
  }
  await server.close();
  await load.close();
  return results;
}

/**
 * The last level before the first one that misses. The 1-session level is the baseline and is
 * not judged: its p95 comes from ~7 turns, i.e. it is their slowest.
 */
export function lastHeld(
  load: LoadResult[],
  holds: (l: LoadResult) => boolean,
): LoadResult | undefined {
  const judged = load.filter((l) => l.sessions > 1);
  const miss = judged.findIndex((l) => !holds(l));
  return (miss < 0 ? judged : judged.slice(0, miss)).at(-1);
}

interface Caller {
  ws: WebSocket;
  /** Byte offset into the utterance while speaking; -1 while silent. */
  offset: number;
  /** When the current turn's speech ended (0: no turn awaiting a reply). */
  endedAt: number;
  /** When to start speaking next (0: not scheduled). */
  nextAt: number;
  replied: boolean;
}

async function loadLevel(
  server: LocalServer,
  n: number,
  speech: Buffer,
  /** Silence after the speech in its last frame, in ms. */
  tailMs: number,
  options: Pick<LoadOptions, 'quick' | 'burst'> & { console: boolean },
): Promise<{
  console?: ConsoleCost | undefined;
  v2v: number[];
  missed: number;
  rssGrowth: number;
  cpuCores: number;
  /** CPU of this process (the callers and the fakes), which shares the machine. */
  benchCores: number;
  /** Percent of the machine's CPU time the hypervisor took while the level was measured. */
  stealPct: number;
}> {
  const RAMP_MS = 3000; // callers connect over this long
  const MEASURE_MS = options.quick ? 15_000 : 30_000;
  const REPLY_TIMEOUT_MS = 10_000;
  const silence = Buffer.alloc(FRAME_BYTES);
  const think = () => 1000 + Math.random() * 2000;
  const rssBefore = server.rss();
  let rssPeak = rssBefore;
  const v2v: number[] = [];
  let missed = 0;
  let measuring = false;
  let stopping = false;
  const active: Caller[] = [];

  const join = async (k: number) => {
    await new Promise((r) => setTimeout(r, (k * RAMP_MS) / n));
    const { ws, hello } = await openSession(server.url);
    const c: Caller = { ws, offset: -1, endedAt: 0, nextAt: 0, replied: false };
    await new Promise<void>((greeted) => {
      ws.on('message', (data, binary) => {
        if (binary) return;
        const m = JSON.parse(data.toString()) as { type: string; segment?: number };
        if (m.type === 'audio_start' && c.endedAt > 0 && !c.replied) {
          c.replied = true;
          if (measuring) v2v.push(Date.now() - c.endedAt);
        }
        if (m.type === 'audio_end' && m.segment) {
          // These clients have no speaker: report the reply as played at once.
          ws.send(
            JSON.stringify({
              type: 'playback_finished',
              segment: m.segment,
              playedSamples: 1e9,
              interrupted: false,
            }),
          );
          if (c.endedAt === 0 && c.nextAt === 0) greeted();
          if (c.replied) {
            c.endedAt = 0;
            c.replied = false;
            c.nextAt = stopping || options.burst ? 0 : Date.now() + think();
          }
        }
      });
      hello();
    });
    c.nextAt = options.burst ? 0 : Date.now() + RAMP_MS - (k * RAMP_MS) / n + Math.random() * 3000;
    active.push(c);
  };

  // One clock for every microphone: each tick sends every frame that is due, so each caller's rate
  // stays exactly real time even when a timer fires late.
  const t0 = performance.now();
  let sent = 0;
  const sendFrame = (c: Caller, now: number) => {
    if (c.offset < 0 && c.nextAt > 0 && now >= c.nextAt && c.endedAt === 0) {
      c.offset = 0;
      c.nextAt = 0;
    }
    if (c.offset < 0) {
      c.ws.send(silence);
      if (c.endedAt > 0 && !c.replied && now - c.endedAt > REPLY_TIMEOUT_MS) {
        if (measuring) missed++;
        c.endedAt = 0;
        c.nextAt = stopping ? 0 : now + think();
      }
      return;
    }
    c.ws.send(speech.subarray(c.offset, c.offset + FRAME_BYTES));
    c.offset += FRAME_BYTES;
    if (c.offset >= speech.length) {
      // This frame is sent when its 32 ms are over, like a microphone's; the speech in it ended
      // tailMs before that.
      c.offset = -1;
      c.endedAt = now - tailMs;
    }
  };
  const clock = setInterval(() => {
    const due = Math.floor((performance.now() - t0) / FRAME_MS);
    const now = Date.now();
    for (; sent < due; sent++) for (const c of active) sendFrame(c, now);
    if (sent % 30 === 0) rssPeak = Math.max(rssPeak, server.rss());
  }, 10);

  await Promise.all(Array.from({ length: n }, (_, k) => join(k)));
  if (options.burst) for (const c of active) c.nextAt = Date.now();
  measuring = true;
  const cpuBefore = server.cpuSeconds();
  const ownBefore = process.cpuUsage();
  const machineBefore = machineCpu();
  const measureStart = performance.now();
  await new Promise((r) => setTimeout(r, options.burst ? REPLY_TIMEOUT_MS : MEASURE_MS));
  const seconds = (performance.now() - measureStart) / 1000;
  const cpuCores = (server.cpuSeconds() - cpuBefore) / seconds;
  const own = process.cpuUsage(ownBefore);
  const benchCores = (own.user + own.system) / 1e6 / seconds;
  const stealPct = stolenPct(machineBefore);
  const consoleCost = options.console
    ? await measureConsole(server, options.quick ? 5_000 : 10_000)
    : undefined;
  stopping = true;
  for (const c of active) c.nextAt = 0;
  const drainUntil = Date.now() + REPLY_TIMEOUT_MS;
  while (active.some((c) => c.endedAt > 0 || c.offset >= 0) && Date.now() < drainUntil)
    await new Promise((r) => setTimeout(r, 100));
  measuring = false;
  missed += active.filter((c) => c.endedAt > 0 && !c.replied).length;
  clearInterval(clock);
  for (const c of active) c.ws.close();
  return {
    v2v,
    missed,
    rssGrowth: rssPeak - rssBefore,
    cpuCores,
    benchCores,
    stealPct,
    console: consoleCost,
  };
}

/**
 * Three pairs of windows, without then with one signed-in console reading the event stream, as
 * the page does (an admin's: every session's lines). The server's CPU in each, in cores.
 */
async function measureConsole(server: LocalServer, windowMs: number): Promise<ConsoleCost> {
  const signIn = await fetch(`${server.url}/console/api/sign-in`, {
    method: 'POST',
    headers: { origin: server.url, 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'bench', password: CONSOLE_PASSWORD }),
  });
  if (!signIn.ok) throw new Error(`console sign-in: ${signIn.status} ${await signIn.text()}`);
  const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0]!;
  const cost: ConsoleCost = { offCores: [], onCores: [], events: 0 };
  const window = async (): Promise<number> => {
    const before = server.cpuSeconds();
    const t0 = performance.now();
    await new Promise((r) => setTimeout(r, windowMs));
    return (server.cpuSeconds() - before) / ((performance.now() - t0) / 1000);
  };
  for (let i = 0; i < 3; i++) {
    cost.offCores.push(await window());
    const abort = new AbortController();
    const res = await fetch(`${server.url}/console/api/events`, {
      headers: { cookie },
      signal: abort.signal,
    });
    const reading = (async () => {
      const reader = res.body!.getReader();
      const decoder = new TextDecoder();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        cost.events += (decoder.decode(value, { stream: true }).match(/^event: /gm) ?? []).length;
      }
    })().catch(() => {});
    cost.onCores.push(await window());
    abort.abort();
    await reading;
  }
  return cost;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** The console's added CPU, as a percent of the server's CPU without it. */
export function consolePct(c: ConsoleCost): number {
  return (100 * (mean(c.onCores) - mean(c.offCores))) / mean(c.offCores);
}

/** How far the windows without a console strayed from their mean, in percent: the noise. */
export function consoleNoisePct(c: ConsoleCost): number {
  const m = mean(c.offCores);
  return (100 * Math.max(...c.offCores.map((x) => Math.abs(x - m)))) / m;
}

function consoleLine(c: ConsoleCost): string {
  const f = (xs: number[]) => xs.map((x) => x.toFixed(2)).join(', ');
  return (
    `one console open: server CPU ${mean(c.onCores).toFixed(2)} cores (windows ${f(c.onCores)}) ` +
    `vs ${mean(c.offCores).toFixed(2)} without (${f(c.offCores)}): ${r1(consolePct(c))}% ` +
    `(goal ≤ 5%; windows without it strayed up to ±${r1(consoleNoisePct(c))}% from their mean); ` +
    `${c.events} events read`
  );
}
