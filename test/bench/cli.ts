/**
 * `npm run bench -- [--json] [--quick] [--runtime local|livekit|both]`: the voice pipeline's
 * figures, measured against the
 * protocol fakes set to fixed latencies. Benchmarks print figures; they assert nothing. The last
 * line printed is one JSON object.
 *
 * - first_audio_ms: click → first greeting audio at the speaker (zero-latency fakes), in the page.
 * - voice_to_voice_ms: end of the caller's utterance → first reply audio at the speaker, in the page.
 * - overhead_ms: voice_to_voice − the fakes' configured latencies (see PROVIDER_MS).
 * - barge_in_ms: onset of the caller's speech over the agent → agent audio stops advancing.
 * - reply_after_barge_in_ms: end of the words spoken over the agent → first audio of their answer.
 * - sessions: concurrent local sessions (Node clients streaming real speech in real time) the
 *   process holds with overhead p95 under 100 ms (voice-to-voice at the server's socket minus the
 *   fakes' latencies); rss_mb_per_session at that level (or, if none held, at the last level
 *   within 100 ms of one session).
 * - bundle_gzip_kb: the CDN entry and everything a local voice session loads.
 *
 * The phases: browser.ts (the page, through a runtime: runtimes/), load.ts (Node callers),
 * bundle.ts; the fakes they talk to: fakes.ts. `--runtime livekit` measures the LiveKit runtime
 * instead (runtimes/livekit.ts, load-livekit.ts), inside the network namespaces of
 * test/livekit/in-netns.sh; `both` measures the local runtime here and then the LiveKit one in a
 * child process there, and puts its figures under `runtimes.livekit`.
 */
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { initializeLogger } from '@livekit/agents';
import { dispose } from '@livekit/rtc-node';
import { LIVEKIT_SERVER_VERSION } from '../e2e/livekit-stack.js';
import { NO_BROWSER_FIGURES, browserFigures, type BrowserFigures } from './browser.js';
import { bundleFigures } from './bundle.js';
import { LATENCY, PIPELINES, PROVIDER_MS, VAD_SILENCE_MS, type Pipeline } from './fakes.js';
import { livekitLoadFigures } from './load-livekit.js';
import { consoleNoisePct, consolePct, lastHeld, loadFigures, type LoadResult } from './load.js';
import { livekitRuntime } from './runtimes/livekit.js';
import { localRuntime } from './runtimes/local.js';
import { serverNode } from './server-node.js';
import { machineCpu, pct, r1, stolenPct } from './stats.js';

const RUNTIMES = ['local', 'livekit', 'both'] as const;
type RuntimeFlag = (typeof RUNTIMES)[number];

const HELP = `npm run bench -- [--json] [--quick] [--only browser|load] [--levels 1,10,25] [--burst]
                 [--pipeline deepgram-cartesia|openai] [--profile] [--trace] [--server-node image|current|PATH]
                 [--runtime local|livekit|both]

  --runtime    local (default: \`polyglot serve\` and its WebSocket), livekit (a LiveKit server,
               \`polyglot worker\` and \`polyglot serve\`, inside network namespaces of their own;
               needs root and test/livekit/install-server.sh) or both (local, then LiveKit; the
               JSON's top level is local's, \`runtimes.livekit\` LiveKit's)

  --quick      fewer repetitions and 15 s load levels (30 s otherwise)
  --only       run just the browser figures or just the load figures
  --levels     the concurrent-session levels to try (default 1,10,25,50,75,100; LiveKit
               1,3,5,10,25,50, and 1,3,5,10 with --quick)
  --burst      load: every caller speaks at the same moment once (a stress figure)
  --console    load: at the 50-session level (the highest level below 50 if it is not run),
               the server's CPU in alternating windows without and with one signed-in
               operator console's event stream open (goal: ≤ 5% more). On by default, off
               with --quick; --no-console skips it (local runtime only)
  --pipeline   deepgram-cartesia (default: the production pipeline, Deepgram streaming
               STT, OpenAI LLM, Cartesia TTS) or openai (OpenAI STT, LLM and TTS: the
               configuration OPENAI_API_KEY alone gives)
  --profile    the server process writes a V8 CPU profile to reports/profiles/
  --trace      browser: print each voice-to-voice turn's timeline (page socket, fakes, page, server steps; WebRTC audio stats under livekit)
  --jank B/P   browser: a busy host page; its main thread is blocked B ms of every P ms while
               the conversation is measured (e.g. 50/200)
  --server-node  the node that runs the server: 'image' (default: the Dockerfile's Node major;
               this Node when it is that major, else the one .ci/install-node.sh pins and fetches), 'current'
               (the Node running this benchmark) or a path to a node binary
The last line printed is one JSON object.`;

function parseFlags() {
  const { values } = parseArgs({
    allowNegative: true, // --no-console
    options: {
      json: { type: 'boolean', default: false },
      quick: { type: 'boolean', default: false },
      only: { type: 'string' }, // 'browser' | 'load'
      levels: { type: 'string' }, // e.g. "1,10,25": the load levels to try
      profile: { type: 'boolean', default: false }, // the server process writes a .cpuprofile
      burst: { type: 'boolean', default: false }, // load: every caller speaks at once
      // the shipped pipeline (Deepgram STT, OpenAI LLM, Cartesia TTS) or OpenAI alone
      pipeline: { type: 'string', default: 'deepgram-cartesia' },
      'server-node': { type: 'string' }, // image (default) | current | a path: the Node that runs the server
      trace: { type: 'boolean', default: false }, // browser: where each turn's time goes
      jank: { type: 'string' }, // browser: "50/200" blocks the page's main thread 50 ms of every 200
      runtime: { type: 'string', default: 'local' }, // local | livekit | both
      console: { type: 'boolean' }, // load: one open console's CPU cost (default: not with --quick)
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(HELP);
    process.exit(0);
  }
  if (!PIPELINES.includes(values.pipeline as Pipeline)) {
    console.error(`--pipeline must be openai or deepgram-cartesia, not ${values.pipeline}`);
    process.exit(2);
  }
  if (!RUNTIMES.includes(values.runtime as RuntimeFlag)) {
    console.error(`--runtime is local, livekit or both, not ${values.runtime}`);
    process.exit(2);
  }
  return {
    ...values,
    pipeline: values.pipeline as Pipeline,
    runtime: values.runtime as RuntimeFlag,
    // The full run measures it (a minute more at its 50-session level); --quick only when asked.
    console: values.console ?? !values.quick,
  };
}

type Flags = ReturnType<typeof parseFlags>;
const log = (line: string) => console.log(line);

/**
 * The command line to run this benchmark again inside test/livekit/in-netns.sh with
 * `--runtime livekit`, on the server's Node: there the worker (`process.execPath`) and its jobs
 * run on it too, as the image runs them.
 */
function inNetnsArgs(node: string): string[] {
  const args = process.argv.slice(2);
  const i = args.findIndex((a) => a === '--runtime' || a.startsWith('--runtime='));
  if (i >= 0) args.splice(i, args[i] === '--runtime' ? 2 : 1);
  return [
    join(import.meta.dirname, '../livekit/in-netns.sh'),
    node,
    ...process.execArgv,
    process.argv[1]!,
    ...args,
    '--runtime',
    'livekit',
  ];
}

/**
 * The LiveKit run's environment: NODE_ENV=production, as the image sets it (Dockerfile) for the
 * worker and its jobs; without it @livekit/rtc-node, in this process too, logs at debug level.
 */
const netnsEnv = () => ({ ...process.env, NODE_ENV: 'production' });

/** `--runtime both`: the LiveKit run's lines, passed through, and its JSON line's figures. */
async function livekitChild(node: string): Promise<Record<string, unknown> | undefined> {
  const child = spawn('bash', inNetnsArgs(node), {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: netnsEnv(),
  });
  let last: string | undefined;
  for await (const line of createInterface({ input: child.stdout })) {
    if (last !== undefined) log(last);
    last = line;
  }
  const code: number | null = await new Promise((ok) =>
    child.exitCode !== null ? ok(child.exitCode) : child.once('exit', ok),
  );
  try {
    const out = JSON.parse(last ?? '') as { runtimes?: { livekit?: Record<string, unknown> } };
    return out.runtimes?.livekit;
  } catch {
    if (last !== undefined) log(last);
    log(`livekit: the LiveKit run ended (${code}) without its figures`);
    return undefined;
  }
}

/** The goals each runtime is held to: the local runtime's are stricter (issue 19 set LiveKit's). */
const GOALS = {
  local: { overhead_ms_p95: 40, barge_in_ms_p95: 250, first_audio_ms: 600, sessions: 50 },
  livekit: { overhead_ms_p95: 60, barge_in_ms_p95: 250, first_audio_ms: 800, sessions: 25 },
} as const;

/** The browser phase's summary lines; `label` prefixes them for a runtime other than local. */
function logBrowser(b: BrowserFigures, flags: Flags, steal: number | undefined, label = '') {
  const goals = GOALS[label ? 'livekit' : 'local'];
  log(`${label}browser: ${steal}% of the machine's CPU stolen by the hypervisor during this phase`);
  log(
    `${label}first_audio_ms        ${r1(b.firstAudio)}            (goal ≤ ${goals.first_audio_ms}; zero-latency fakes, warm server, fresh page)`,
  );
  log(
    `${label}voice_to_voice_ms     p50 ${r1(pct(b.v2v, 50))}  p95 ${r1(pct(b.v2v, 95))}  (n=${b.v2v.length})`,
  );
  log(
    `${label}overhead_ms           p50 ${r1(pct(b.overhead, 50))}  p95 ${r1(pct(b.overhead, 95))}  (goal p95 ≤ ${goals.overhead_ms_p95}; ${flags.pipeline} pipeline${flags.pipeline === 'openai' ? `, includes the VAD's ${VAD_SILENCE_MS} ms end-of-speech silence` : ''})`,
  );
  log(
    `${label}barge_in_ms           p50 ${r1(pct(b.barge, 50))}  p95 ${r1(pct(b.barge, 95))}  (goal p95 ≤ ${goals.barge_in_ms_p95}; n=${b.barge.length})`,
  );
  log(
    `${label}reply_after_barge_in_ms p50 ${r1(pct(b.replyAfterBarge, 50))}  p95 ${r1(pct(b.replyAfterBarge, 95))}  ` +
      `(n=${b.replyAfterBarge.length}; end of the words spoken over a reply → first sample of their answer)`,
  );
}

const quartiles = (xs: number[]) => ({ p50: r1(pct(xs, 50)), p95: r1(pct(xs, 95)) });

/**
 * The LiveKit runtime's figures (inside in-netns.sh): the browser phase through
 * runtimes/livekit.ts, and the load phase's headless callers (load-livekit.ts).
 */
async function livekitFigures(flags: Flags, serverOptions: Parameters<typeof livekitRuntime>[0]) {
  const label = 'livekit ';
  log(
    `livekit: LiveKit server ${LIVEKIT_SERVER_VERSION}, \`polyglot worker\` (each job a process of its own) ` +
      `and \`polyglot serve\` on Node ${process.version}, in network namespaces of their own (test/livekit/in-netns.sh)`,
  );
  const reps = flags.quick ? 3 : 8;
  const runBrowser = flags.only !== 'load';
  const runLoad = flags.only !== 'browser';
  const browserCpu = machineCpu();
  const b = runBrowser
    ? await browserFigures(livekitRuntime(serverOptions), {
        reps,
        pipeline: flags.pipeline,
        trace: flags.trace,
        jank: flags.jank,
      })
    : NO_BROWSER_FIGURES;
  const steal = runBrowser ? stolenPct(browserCpu) : undefined;
  if (runBrowser) logBrowser(b, flags, steal, label);
  const levels = flags.levels
    ? flags.levels.split(',').map(Number)
    : flags.quick
      ? [1, 3, 5, 10]
      : [1, 3, 5, 10, 25, 50];
  let load: Awaited<ReturnType<typeof livekitLoadFigures>> = [];
  if (runLoad) {
    log(
      `livekit load (${flags.pipeline} pipeline; headless LiveKit callers streaming speech in real time, one room ` +
        `and one job process each, to one worker on Node ${process.version}):`,
    );
    load = await livekitLoadFigures(levels, {
      pipeline: flags.pipeline,
      quick: flags.quick,
      server: serverOptions,
    });
  }
  const held = lastHeld(load, (l) => l.overheadP95 < 100);
  const heldRelative = lastHeld(load, (l) => l.added < 100);
  if (runLoad) {
    log(
      `${label}sessions      ${held?.sessions ?? 0}            (goal ≥ 25; sessions one worker holds with ` +
        `overhead p95 < 100 ms, at the caller's LiveKit client. Within 100 ms of one session's p50: ${heldRelative?.sessions ?? 0})`,
    );
  }
  await dispose();
  return {
    voice_to_voice_ms: quartiles(b.v2v),
    overhead_ms: quartiles(b.overhead),
    barge_in_ms: quartiles(b.barge),
    reply_after_barge_in_ms: quartiles(b.replyAfterBarge),
    first_audio_ms: r1(b.firstAudio),
    sessions: held?.sessions ?? 0,
    sessions_within_100ms_of_one: heldRelative?.sessions ?? 0,
    load: load.map((l) => ({
      sessions: l.sessions,
      voice_to_voice_p50: r1(l.p50),
      voice_to_voice_p95: r1(l.p95),
      overhead_p95: r1(l.overheadP95),
      added_p95: r1(l.added),
      turns: l.turns,
      callers_not_started: l.failedJoins,
      worker_sessions: l.workerSessions,
      worker_processes: l.processes,
      /** The worker's main process, its job processes and its idle ones, together. */
      worker_rss_mb: r1(l.workerRssMb),
      worker_cpu_ms_per_session_second: r1(l.cpuMsPerSessionSecond),
      machine_busy: l.machineBusy,
      steal_pct: l.stealPct,
    })),
    browser_steal_pct: steal,
    node: process.version,
  };
}

async function main() {
  const flags = parseFlags();
  initializeLogger({ pretty: false, level: 'fatal' });
  /** The Node both phases run the server with (`server.path`), and its version. */
  const server = serverNode(flags['server-node'], join(import.meta.dirname, '../..'));
  const serverOptions = { node: server, profile: flags.profile };
  const inNetns = Boolean(process.env.POLYGLOT_NETNS);
  if (flags.runtime === 'livekit' && !inNetns) {
    // Run again inside the test's own network namespaces: no WebRTC packet leaves them.
    const child = spawnSync('bash', inNetnsArgs(server.path), {
      stdio: 'inherit',
      env: netnsEnv(),
    });
    process.exit(child.status ?? 1);
  }
  if (flags.runtime === 'both' && inNetns) {
    console.error(
      '--runtime both starts its LiveKit half in in-netns.sh itself: run it from the host',
    );
    process.exit(2);
  }

  log(
    `Polyglot voice benchmarks (fakes: STT ${LATENCY.stt} ms, LLM ${LATENCY.llm} ms to first token, TTS ${LATENCY.tts} ms; ` +
      `overhead = voice-to-voice − ${PROVIDER_MS} ms of provider latency)`,
  );
  if (flags.runtime === 'livekit') {
    const livekit = await livekitFigures(flags, serverOptions);
    console.log(
      JSON.stringify({
        runtimes: { livekit },
        pipeline: flags.pipeline,
        goals: GOALS.livekit,
      }),
    );
    return;
  }
  log(
    `server: \`polyglot serve\` on Node ${server.version}` +
      (server.note
        ? ` (this machine's: ${server.note})`
        : flags['server-node']
          ? ''
          : server.path === process.execPath
            ? " (the image's major, the Node running this benchmark)"
            : ` (the image's runtime; \`--server-node current\` for this machine's Node ${process.version})`),
  );
  const reps = flags.quick ? 3 : 8;
  const runBrowser = flags.only !== 'load';
  const runLoad = flags.only !== 'browser';
  const browserCpu = machineCpu();
  const b = runBrowser
    ? await browserFigures(localRuntime(serverOptions), {
        reps,
        pipeline: flags.pipeline,
        trace: flags.trace,
        jank: flags.jank,
      })
    : NO_BROWSER_FIGURES;
  const browserSteal = runBrowser ? stolenPct(browserCpu) : undefined;
  if (runBrowser) logBrowser(b, flags, browserSteal);
  const levels = flags.levels
    ? flags.levels.split(',').map(Number)
    : flags.quick
      ? [1, 5, 10]
      : [1, 10, 25, 50, 75, 100];
  let load: LoadResult[] = [];
  if (runLoad) {
    log(
      `load (${flags.pipeline} pipeline; Node clients streaming speech in real time to a \`polyglot serve\` process on Node ${server.version}):`,
    );
    load = await loadFigures(levels, {
      pipeline: flags.pipeline,
      quick: flags.quick,
      burst: flags.burst,
      server: serverOptions,
      consoleAt: flags.console
        ? levels.includes(50)
          ? 50
          : Math.max(...levels.filter((l) => l < 50))
        : undefined,
    });
  }
  const consoleCost = load.find((l) => l.console)?.console;
  if (flags.console) {
    const at = load.find((l) => l.console)?.sessions;
    log(
      consoleCost
        ? `console_cpu_pct       ${r1(consolePct(consoleCost))}           (goal ≤ 5%; one console open at ${at} sessions; noise ±${r1(consoleNoisePct(consoleCost))}%)`
        : 'console_cpu_pct       not measured (the run stopped before that level)',
    );
  }
  const held = lastHeld(load, (l) => l.overheadP95 < 100);
  const heldRelative = lastHeld(load, (l) => l.added < 100);
  if (runLoad) {
    log(
      `sessions              ${held?.sessions ?? 0}            (goal ≥ 50; overhead p95 < 100 ms at the server's socket. ` +
        `Within 100 ms of one session's p50: ${heldRelative?.sessions ?? 0})`,
    );
    log(`rss_mb_per_session    ${r1((held ?? heldRelative)?.rssMbPerSession ?? NaN)}`);
  }
  const bundle = bundleFigures();
  log(
    `bundle_gzip_kb        launcher ${bundle.launcher}, local session ${bundle.local_session} (budget 25), LiveKit session ${bundle.livekit_session} (budget 175)`,
  );
  const livekit = flags.runtime === 'both' ? await livekitChild(server.path) : undefined;
  const out = {
    voice_to_voice_ms: quartiles(b.v2v),
    overhead_ms: quartiles(b.overhead),
    barge_in_ms: quartiles(b.barge),
    reply_after_barge_in_ms: quartiles(b.replyAfterBarge),
    first_audio_ms: r1(b.firstAudio),
    sessions: held?.sessions ?? 0,
    /** Levels whose p95 stayed within 100 ms of one session's p50: what load alone adds. */
    sessions_within_100ms_of_one: heldRelative?.sessions ?? 0,
    rss_mb_per_session: r1((held ?? heldRelative)?.rssMbPerSession ?? NaN),
    bundle_gzip_kb: bundle,
    load: load.map((l) => ({
      sessions: l.sessions,
      voice_to_voice_p50: r1(l.p50),
      voice_to_voice_p95: r1(l.p95),
      overhead_p95: r1(l.overheadP95),
      added_p95: r1(l.added),
      turns: l.turns,
      busiest_loop_utilization: l.busy,
      server_cpu_ms_per_session_second: r1(l.cpuMsPerSessionSecond),
      steal_pct: l.stealPct,
    })),
    browser_steal_pct: browserSteal,
    ...(consoleCost && {
      console_cpu_pct: r1(consolePct(consoleCost)),
      console_cpu_noise_pct: r1(consoleNoisePct(consoleCost)),
    }),
    server_node: server.version,
    pipeline: flags.pipeline,
    goals: GOALS.local,
    ...(flags.runtime === 'both' && { runtimes: { livekit: livekit ?? null } }),
  };
  // The JSON line is always last; --json is accepted so scripts can ask for it explicitly.
  console.log(JSON.stringify(out));
}

await main();
