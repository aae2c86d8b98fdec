/**
 * The LiveKit runtime: a real LiveKit server, `polyglot worker` (each job a process of its own)
 * and `polyglot serve` handing out LiveKit sessions, as an operator runs them
 * (test/e2e/livekit-stack.ts). Everything runs inside the network namespaces of
 * test/livekit/in-netns.sh; the page is served at the namespace's address, the origin Chromium is
 * told is secure. The worker's latency figures come from its own `/healthz`.
 *
 * The page's playback clock is the widget's played-sample counter, as for the local runtime: under
 * LiveKit the widget's voice meter counts the audible 10 ms blocks of the agent's WebRTC track,
 * dated by the meter's audio clock (sdk/src/audio/voice-meter.ts).
 */
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';
import type { LatencySummary } from '../../../agent/src/observability/latency.js';
import {
  NETNS_SERVER_PORT,
  serverAddress,
  startLiveKitServer,
  startWorker,
} from '../../e2e/livekit-stack.js';
import { LiveKitCaller } from './livekit-caller.js';
import { playedCounter, spawnServer, type LocalServerOptions } from './local.js';
import type { BenchRuntime } from './runtime.js';

export interface WorkerHealth {
  sessions?: number;
  latency?: LatencySummary;
}

export type LiveKitStack = Awaited<ReturnType<typeof startLiveKitStack>>;

/** The LiveKit server, the worker and `polyglot serve`, pointed at the fakes by `env`. */
export async function startLiveKitStack(env: Record<string, string>, options: LocalServerOptions) {
  const livekit = await startLiveKitServer();
  const full = {
    ...env,
    LIVEKIT_URL: livekit.url,
    LIVEKIT_API_KEY: livekit.apiKey,
    LIVEKIT_API_SECRET: livekit.apiSecret,
  };
  // The worker runs on the Node running this process (the bench re-executes itself on the
  // image's Node for LiveKit, so that is the one the Dockerfile ships unless --server-node says).
  const worker = await startWorker(full).catch(async (err: unknown) => {
    await livekit.close();
    throw err;
  });
  const host = serverAddress();
  const server = await spawnServer(full, options, {
    HOST: host,
    PORT: String(NETNS_SERVER_PORT),
    PUBLIC_URL: `http://${host}:${NETNS_SERVER_PORT}`,
  }).catch(async (err: unknown) => {
    await worker.stop();
    await livekit.close();
    throw err;
  });
  return {
    url: server.url,
    async health(): Promise<WorkerHealth> {
      return (await (await fetch(`${worker.httpUrl}/healthz`)).json()) as WorkerHealth;
    },
    /** The worker's logs, for a failure's diagnosis. */
    workerLogs: () => worker.logs,
    async close() {
      await server.close();
      await worker.stop();
      await livekit.close();
    },
  };
}

/**
 * The worker's process and its job processes (its descendants), in this network namespace:
 * their resident memory and the CPU time they have used, from /proc.
 */
export function workerProcesses(): { count: number; rssBytes: number; cpuSeconds: number } {
  const ownNet = readlinkSync('/proc/self/ns/net');
  const parent = new Map<number, number>();
  const stat = new Map<number, string[]>();
  let root: number | undefined;
  for (const name of readdirSync('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid)) continue;
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      parent.set(pid, Number(fields[1]));
      stat.set(pid, fields);
      if (root === undefined && readlinkSync(`/proc/${pid}/ns/net`) === ownNet) {
        const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
        if (cmd.some((a) => a.endsWith('agent/bin/polyglot.js')) && cmd.includes('worker'))
          root = pid;
      }
    } catch {
      // The process ended while we read it.
    }
  }
  if (root === undefined) return { count: 0, rssBytes: NaN, cpuSeconds: NaN };
  const tree = new Set([root]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, ppid] of parent) {
      if (!tree.has(pid) && tree.has(ppid)) {
        tree.add(pid);
        grew = true;
      }
    }
  }
  let rssBytes = 0;
  let ticks = 0;
  for (const pid of tree) {
    const f = stat.get(pid)!;
    // utime, stime (fields 14 and 15 of stat(5), in clock ticks) and rss (field 24, in pages).
    ticks += Number(f[11]) + Number(f[12]);
    rssBytes += Number(f[21]) * 4096;
  }
  return { count: tree.size, rssBytes, cpuSeconds: ticks / 100 };
}

/**
 * One headless session (its greeting and one typed turn) before anything is measured. Each job
 * is a process of its own, so this warms the worker's main process and the LiveKit server, not
 * the next job.
 */
export async function warmUpLiveKit(base: string): Promise<void> {
  const joined = performance.now();
  const caller = await LiveKitCaller.join(base);
  try {
    await caller.spoken(800, 30_000, joined); // the greeting, which may begin before join returns
    await caller.type('I want to fly to Rome');
    await caller.spoken();
  } finally {
    await caller.close();
  }
}

export function livekitRuntime(options: LocalServerOptions): BenchRuntime {
  return {
    playback: playedCounter,
    async start(env) {
      const stack = await startLiveKitStack(env, options);
      return {
        url: stack.url,
        warmUp: () => warmUpLiveKit(stack.url),
        latency: async () => (await stack.health()).latency,
        close: () => stack.close(),
      };
    },
  };
}
