/**
 * The LiveKit half of a test stack: a real LiveKit server (the Go binary that
 * test/livekit/install-server.sh builds) and `polyglot worker` as its own process, exactly as an
 * operator runs it. Both only ever run inside the network namespace test/livekit/in-netns.sh
 * makes, so that no ICE candidate or RTP packet reaches the machine's real interfaces.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export const LIVEKIT_SERVER_VERSION = 'v1.13.5';
const REPO = join(import.meta.dirname, '../..');

/** Where install-server.sh puts the binary (LIVEKIT_SERVER_BIN overrides). */
export function livekitServerBin(): string {
  const bin =
    process.env.LIVEKIT_SERVER_BIN ??
    join(
      process.env.POLYGLOT_TOOLS_DIR ?? join(homedir(), '.cache/polyglot'),
      `livekit-server-${LIVEKIT_SERVER_VERSION}`,
      'livekit-server',
    );
  if (!existsSync(bin)) {
    throw new Error(`No LiveKit server at ${bin}: run test/livekit/install-server.sh first`);
  }
  return bin;
}

/** `polyglot serve`'s port inside the test's namespace (fixed: Chromium is told its origin). */
export const NETNS_SERVER_PORT = 8787;

/** The servers' address inside the test's namespace (the browser reaches them there). */
export function serverAddress(): string {
  return process.env.POLYGLOT_NETNS_IP ?? '127.0.0.1';
}

/** Fails unless this process runs in the namespace in-netns.sh made. */
export function assertInTestNamespace(): void {
  if (!process.env.POLYGLOT_NETNS || !process.env.POLYGLOT_BROWSER_NETNS) {
    throw new Error(
      'LiveKit tests run inside a network namespace of their own: use `npm run test:livekit` ' +
        '(or test/livekit/in-netns.sh CMD), never on the host network',
    );
  }
}

export interface LiveKitServer {
  url: string;
  apiKey: string;
  apiSecret: string;
  close(): Promise<void>;
}

/** Child processes that print pino JSON lines: kept for diagnosis, warnings echoed. */
function collectLogs(child: ChildProcess, name: string, lines: string[]): void {
  for (const stream of [child.stdout, child.stderr]) {
    if (!stream) continue;
    createInterface({ input: stream }).on('line', (line) => {
      lines.push(line);
      if (lines.length > 2000) lines.shift();
      if (process.env.LK_TEST_VERBOSE) console.error(`[${name}] ${line}`);
    });
  }
}

async function stop(child: ChildProcess, signal: NodeJS.Signals, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

export async function startLiveKitServer(): Promise<LiveKitServer> {
  assertInTestNamespace();
  const apiKey = 'polyglot-test';
  const apiSecret = 'polyglot-test-secret-0123456789abcdef';
  const dir = await mkdtemp(join(tmpdir(), 'polyglot-lk-'));
  const config = join(dir, 'livekit.yaml');
  // Everything on the namespace's veth address, which the browser's namespace reaches.
  const ip = serverAddress();
  await writeFile(
    config,
    [
      'port: 7880',
      `bind_addresses: [${ip}]`,
      'rtc:',
      '  tcp_port: 7881',
      '  udp_port: 7882',
      `  node_ip: ${ip}`,
      'keys:',
      `  ${apiKey}: ${apiSecret}`,
      'logging:',
      `  level: ${process.env.LK_SERVER_LOG_LEVEL ?? 'warn'}`,
      '',
    ].join('\n'),
  );
  const child = spawn(livekitServerBin(), ['--config', config], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  collectLogs(child, 'livekit-server', lines);
  const url = `ws://${ip}:7880`;
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`livekit-server exited:\n${lines.join('\n')}`);
    const up = await fetch(`http://${ip}:7880/`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) break;
    if (Date.now() > deadline)
      throw new Error(`livekit-server did not start:\n${lines.join('\n')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, apiKey, apiSecret, close: () => stop(child, 'SIGTERM', 5000) };
}

export interface WorkerProcess {
  /** The worker's own HTTP server (/healthz, /metrics). */
  httpUrl: string;
  logs: string[];
  /** SIGTERM (drains its jobs), then waits for the exit; resolves to the exit code. */
  stop(graceMs?: number): Promise<number | null>;
}

/**
 * `polyglot worker start` with `env`, resolved once it has registered with the server. It runs
 * the agent's build (agent/dist) as production does, when there is one: `npm run test:livekit`
 * and the benchmark build it first.
 */
export async function startWorker(env: Record<string, string>): Promise<WorkerProcess> {
  assertInTestNamespace();
  const port = String(18_000 + Math.floor(Math.random() * 2000));
  const child = spawn(process.execPath, [join(REPO, 'agent/bin/polyglot.js'), 'worker', 'start'], {
    cwd: REPO,
    env: {
      ...process.env,
      ...env,
      WORKER_HTTP_PORT: port,
      LOG_LEVEL: process.env.LK_WORKER_LOG_LEVEL ?? 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: string[] = [];
  collectLogs(child, 'worker', logs);
  const deadline = Date.now() + 30_000;
  while (!logs.some((l) => l.includes('registered worker'))) {
    if (child.exitCode !== null) throw new Error(`worker exited:\n${logs.join('\n')}`);
    if (Date.now() > deadline) throw new Error(`worker did not register:\n${logs.join('\n')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    httpUrl: `http://127.0.0.1:${port}`,
    logs,
    async stop(graceMs = 20_000) {
      await stop(child, 'SIGTERM', graceMs);
      return child.exitCode;
    },
  };
}

/**
 * Cuts the caller's network for `ms`: the browser's end of the veth pair goes down, so its
 * page, signalling and media connections all stop, as on a train going through a tunnel.
 */
export async function dropBrowserNetwork(ms: number): Promise<void> {
  const ns = process.env.POLYGLOT_BROWSER_NETNS;
  if (!ns) throw new Error('dropBrowserNetwork runs only inside in-netns.sh');
  const ip = (...args: string[]) =>
    new Promise<void>((ok, fail) =>
      spawn('ip', ['-n', ns, ...args], { stdio: 'inherit' }).on('exit', (code) =>
        code === 0 ? ok() : fail(new Error(`ip ${args.join(' ')} exited ${code}`)),
      ),
    );
  await ip('link', 'set', 'veth1', 'down');
  await new Promise((r) => setTimeout(r, ms));
  await ip('link', 'set', 'veth1', 'up');
}
