/**
 * The local runtime: `polyglot serve` in its own process, as deployed, the widget's sessions over
 * its WebSocket. The load phase's callers speak the same protocol (`openSession`).
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { WebSocket } from 'ws';
import type { LatencySummary } from '../../../agent/src/observability/latency.js';
import { snapshot } from '../../e2e/harness.js';
import type { PlayedMark } from '../../sim/mic.js';
import type { ServerNode } from '../server-node.js';
import type { BenchRuntime, PlaybackClock } from './runtime.js';

export interface LocalServerOptions {
  /** The Node that runs the server. */
  node: ServerNode;
  /** The server writes a V8 CPU profile to reports/profiles/ when it exits. */
  profile: boolean;
}

export type LocalServer = Awaited<ReturnType<typeof spawnServer>>;

/**
 * `polyglot serve` in a child process, started the way the Dockerfile starts it. `--profile` makes
 * it write a V8 CPU profile to reports/profiles/ when it exits.
 */
export async function spawnServer(
  env: Record<string, string>,
  options: LocalServerOptions,
  /** Where it listens: an ephemeral port on loopback unless the runtime needs an address. */
  listen: Record<string, string> = { PORT: '0', HOST: '127.0.0.1' },
) {
  const root = join(import.meta.dirname, '../../..');
  const args = [join(root, 'agent/bin/polyglot.js'), 'serve'];
  if (env.POLYGLOT_SERVER_TRACE)
    args.unshift(`--import=${join(root, 'test/bench/server-trace.mjs')}`);
  if (options.profile)
    args.unshift('--cpu-prof', `--cpu-prof-dir=${join(root, 'reports/profiles')}`);
  const child = spawn(options.node.path, args, {
    cwd: root,
    env: { ...process.env, ...env, ...listen, NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((ok, fail) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      // With LOG_LEVEL set, the server's own log lines are passed through (on stderr).
      if (process.env.LOG_LEVEL) process.stderr.write(d);
      out += d.toString();
      const m = out.match(/Polyglot is running: (\S+)/);
      if (m) ok(m[1]!.replace(/\/$/, ''));
    });
    child.once('exit', (code) =>
      fail(new Error(`server exited (${code}) before listening:\n${out}`)),
    );
  });
  const exited = new Promise((ok) => child.once('exit', ok));
  return {
    url,
    /** Resident memory of the server process, from /proc. */
    rss(): number {
      const kb = readFileSync(`/proc/${child.pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/);
      return Number(kb?.[1] ?? NaN) * 1024;
    },
    /** CPU time the server process has used (user + system, all threads), from /proc. */
    cpuSeconds(): number {
      const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      // utime and stime are fields 14 and 15 of stat(5), in clock ticks (100 a second on Linux).
      return (Number(fields[11]) + Number(fields[12])) / 100;
    },
    async close() {
      child.kill('SIGINT');
      await exited;
    },
  };
}

/** A session from the server's own endpoint: its socket, open, and the hello that starts it. */
export async function openSession(base: string): Promise<{ ws: WebSocket; hello: () => void }> {
  const d = (await (await fetch(`${base}/api/session`, { method: 'POST', body: '{}' })).json()) as {
    url: string;
    token: string;
  };
  const ws = new WebSocket(d.url);
  await new Promise((ok) => ws.on('open', ok));
  return {
    ws,
    hello: () => ws.send(JSON.stringify({ type: 'hello', protocol: 1, token: d.token })),
  };
}

/**
 * One headless session before measuring: a deployed server has long since compiled its hot paths
 * and loaded its models; `first_audio_ms` is "warm server, fresh page".
 */
export async function warmUp(base: string): Promise<void> {
  const { ws, hello } = await openSession(base);
  let ends = 0;
  const replies: (() => void)[] = [];
  ws.on('message', (data, binary) => {
    if (!binary && (JSON.parse(data.toString()) as { type: string }).type === 'audio_end') {
      ends++;
      replies.shift()?.();
    }
  });
  const spoken = (n: number) => new Promise<void>((ok) => (ends >= n ? ok() : replies.push(ok)));
  hello();
  await spoken(1); // the greeting
  // One typed turn, so the LLM path has run once too.
  ws.send(JSON.stringify({ type: 'user_text', text: 'I want to fly to Rome' }));
  await spoken(2);
  ws.close();
}

/** The server's per-stage latencies over its recent turns (/healthz). */
async function serverLatency(base: string): Promise<LatencySummary | undefined> {
  const health = (await (await fetch(`${base}/healthz`)).json()) as { latency?: LatencySummary };
  return health.latency;
}

/**
 * The widget plays the local runtime's audio itself and counts the samples played (under LiveKit,
 * its voice meter counts the audible blocks of the agent's WebRTC track); the page's microphone
 * script (MIC_INIT_SCRIPT, test/sim/mic.ts) samples that counter every ~1 ms into
 * `__sim.played`.
 */
export const playedCounter: PlaybackClock = {
  async progress(page: Page) {
    const s = await snapshot(page);
    return { state: s.state, playedMs: s.stats.playedMs };
  },
  marks: (page: Page) =>
    page.evaluate(() => (window as unknown as { __sim: { played: PlayedMark[] } }).__sim.played),
};

export function localRuntime(options: LocalServerOptions): BenchRuntime {
  return {
    playback: playedCounter,
    async start(env) {
      const server = await spawnServer(env, options);
      return {
        url: server.url,
        warmUp: () => warmUp(server.url),
        latency: () => serverLatency(server.url),
        close: () => server.close(),
      };
    },
  };
}
