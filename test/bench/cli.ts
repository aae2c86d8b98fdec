/**
 * `npm run bench -- [--json] [--quick]`: the voice pipeline's figures, measured against the
 * protocol fakes set to fixed latencies. Benchmarks print figures; they assert nothing. The last
 * line printed is one JSON object.
 *
 * - first_audio_ms: click → first greeting audio at the speaker (zero-latency fakes), in the page.
 * - voice_to_voice_ms: end of the caller's utterance → first reply audio at the speaker, in the page.
 * - overhead_ms: voice_to_voice − the fakes' configured latencies (see PROVIDER_MS).
 * - barge_in_ms: onset of the caller's speech over the agent → agent audio stops advancing.
 * - sessions: concurrent local sessions (Node clients streaming real speech in real time) the
 *   process holds with overhead p95 under 100 ms (voice-to-voice at the server's socket minus the
 *   fakes' latencies); rss_mb_per_session at that level (or, if none held, at the last level
 *   within 100 ms of one session).
 * - bundle_gzip_kb: the CDN entry and everything a local voice session loads.
 *
 * The phases: browser.ts (the page, through a runtime: runtimes/), load.ts (Node callers),
 * bundle.ts; the fakes they talk to: fakes.ts.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { initializeLogger } from '@livekit/agents';
import { NO_BROWSER_FIGURES, browserFigures } from './browser.js';
import { bundleFigures } from './bundle.js';
import { LATENCY, PIPELINES, PROVIDER_MS, VAD_SILENCE_MS, type Pipeline } from './fakes.js';
import { lastHeld, loadFigures, type LoadResult } from './load.js';
import { localRuntime } from './runtimes/local.js';
import { IMAGE_NODE, serverNode } from './server-node.js';
import { machineCpu, pct, r1, stolenPct } from './stats.js';

const HELP = `npm run bench -- [--json] [--quick] [--only browser|load] [--levels 1,10,25] [--burst]
                 [--pipeline deepgram-cartesia|openai] [--profile] [--trace] [--server-node image|current|PATH]

  --quick      fewer repetitions and 15 s load levels (30 s otherwise)
  --only       run just the browser figures or just the load figures
  --levels     the concurrent-session levels to try (default 1,10,25,50,75,100)
  --burst      load: every caller speaks at the same moment once (a stress figure)
  --pipeline   deepgram-cartesia (default: the production pipeline, Deepgram streaming
               STT, OpenAI LLM, Cartesia TTS) or openai (OpenAI STT, LLM and TTS: the
               configuration OPENAI_API_KEY alone gives)
  --profile    the server process writes a V8 CPU profile to reports/profiles/
  --trace      browser: print each voice-to-voice turn's timeline (page socket, fakes, page, server steps)
  --jank B/P   browser: a busy host page; its main thread is blocked B ms of every P ms while
               the conversation is measured (e.g. 50/200)
  --server-node  the node that runs the server: 'image' (default: the Dockerfile's Node,
               ${IMAGE_NODE}, fetched once from the npm registry into reports/), 'current'
               (the Node running this benchmark) or a path to a node binary
The last line printed is one JSON object.`;

function parseFlags() {
  const { values } = parseArgs({
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
  return { ...values, pipeline: values.pipeline as Pipeline };
}

async function main() {
  const flags = parseFlags();
  const log = (line: string) => console.log(line);
  initializeLogger({ pretty: false, level: 'fatal' });
  /** The Node both phases run the server with (`server.path`), and its version. */
  const server = serverNode(flags['server-node'], join(import.meta.dirname, '../..'));
  const serverOptions = { node: server, profile: flags.profile };

  log(
    `Polyglot voice benchmarks (fakes: STT ${LATENCY.stt} ms, LLM ${LATENCY.llm} ms to first token, TTS ${LATENCY.tts} ms; ` +
      `overhead = voice-to-voice − ${PROVIDER_MS} ms of provider latency)`,
  );
  log(
    `server: \`polyglot serve\` on Node ${server.version}` +
      (server.note
        ? ` (this machine's: ${server.note})`
        : flags['server-node']
          ? ''
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
  if (runBrowser) {
    log(
      `browser: ${browserSteal}% of the machine's CPU stolen by the hypervisor during this phase`,
    );
    log(
      `first_audio_ms        ${r1(b.firstAudio)}            (goal ≤ 600; zero-latency fakes, warm server, fresh page)`,
    );
    log(
      `voice_to_voice_ms     p50 ${r1(pct(b.v2v, 50))}  p95 ${r1(pct(b.v2v, 95))}  (n=${b.v2v.length})`,
    );
    log(
      `overhead_ms           p50 ${r1(pct(b.overhead, 50))}  p95 ${r1(pct(b.overhead, 95))}  (goal p95 ≤ 40; ${flags.pipeline} pipeline${flags.pipeline === 'openai' ? `, includes the VAD's ${VAD_SILENCE_MS} ms end-of-speech silence` : ''})`,
    );
    log(
      `barge_in_ms           p50 ${r1(pct(b.barge, 50))}  p95 ${r1(pct(b.barge, 95))}  (goal p95 ≤ 250; n=${b.barge.length})`,
    );
  }
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
    });
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
  const out = {
    voice_to_voice_ms: { p50: r1(pct(b.v2v, 50)), p95: r1(pct(b.v2v, 95)) },
    overhead_ms: { p50: r1(pct(b.overhead, 50)), p95: r1(pct(b.overhead, 95)) },
    barge_in_ms: { p50: r1(pct(b.barge, 50)), p95: r1(pct(b.barge, 95)) },
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
    server_node: server.version,
    pipeline: flags.pipeline,
    goals: { overhead_ms_p95: 40, barge_in_ms_p95: 250, first_audio_ms: 600, sessions: 50 },
  };
  // The JSON line is always last; --json is accepted so scripts can ask for it explicitly.
  console.log(JSON.stringify(out));
}

await main();
