/**
 * Where things are on disk, the same whether the agent runs from its TypeScript sources (through
 * tsx) or from its build (`agent/dist`, one flat folder of bundles and chunks): found by walking up
 * to the agent's package.json instead of counting `..` from a file that moves when bundled.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function agentRoot(from: string): string {
  let dir = dirname(from);
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (
      existsSync(pkg) &&
      (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === '@polyglot/agent'
    )
      return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error(`@polyglot/agent's package.json not found above ${from}`);
    dir = up;
  }
}

/** This file as it runs: a .ts source, or a chunk of the build. */
const HERE = fileURLToPath(import.meta.url);

/** The agent package (`agent/`): its package.json, data/ and dist/. */
export const AGENT_ROOT = agentRoot(HERE);
/** The repository (or the image's /app): demo/ and sdk/dist/ beside agent/. */
export const REPO_ROOT = dirname(AGENT_ROOT);
/** The build's folder; `npm run build` writes it (agent/scripts/build.mjs). */
export const DIST_DIR = join(AGENT_ROOT, 'dist');
/** True when this process runs the build rather than the sources through tsx. */
export const RUNNING_BUILD = !HERE.endsWith('.ts');
