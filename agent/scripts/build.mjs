// The agent's build: its TypeScript bundled with esbuild into agent/dist, so production runs
// plain JavaScript (no tsx compiling sources in every process: job processes and session threads
// start in about half the CPU). Dependencies stay in node_modules (`packages: 'external'`).
// Three entry points, because three kinds of process load the agent:
//   cli.js            `polyglot <command>` (agent/bin/polyglot.js)
//   shard.js          a `serve` session thread (runtimes/local/shards.ts)
//   livekit-agent.js  a LiveKit job process (its default export is the agent; worker.ts)
import { build } from 'esbuild';
import { rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const agent = fileURLToPath(new URL('..', import.meta.url));
await rm(`${agent}/dist`, { recursive: true, force: true });
await build({
  absWorkingDir: agent,
  entryPoints: {
    cli: 'src/cli.ts',
    shard: 'src/runtimes/local/shard.ts',
    'livekit-agent': 'src/runtimes/livekit/worker.ts',
  },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node24',
  packages: 'external',
  sourcemap: true,
  // Stack traces and logs name our classes and functions as in the sources.
  keepNames: true,
  logLevel: 'warning',
});
