/**
 * The Node that runs the benchmark's server: the one the image ships (Dockerfile:
 * `node:24-bookworm-slim`; CI and `npm test` run the same major), so the figures are the product's
 * as deployed (on Node 20, agents-js's AsyncLocalStorage ran promise hooks on every promise of
 * every audio frame, and a session cost about a third more CPU: docs/simulation.md). When the Node
 * running the benchmark is that major, it is used; otherwise `.ci/install-node.sh` (the one place
 * that pins and fetches it, from the npm registry, into ~/.cache/polyglot) provides it. Elsewhere
 * than Linux x64/arm64, or when the registry cannot be reached, the benchmark runs on this Node and
 * says so.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

export interface ServerNode {
  path: string;
  version: string;
  /** Why this is not the image's Node, when it is not. */
  note?: string;
}

function versionOf(path: string): string {
  if (path === process.execPath) return process.version;
  return spawnSync(path, ['--version']).stdout?.toString().trim() ?? '?';
}

/** The pinned Node version (`.ci/install-node.sh --version`), e.g. `24.21.0`. */
export function imageNode(root: string): string {
  const out = spawnSync('bash', [join(root, '.ci/install-node.sh'), '--version'], {
    encoding: 'utf8',
  });
  return out.stdout.trim();
}

export function serverNode(flag: string | undefined, root: string): ServerNode {
  if (flag && flag !== 'image') {
    const path = flag === 'current' ? process.execPath : flag;
    return { path, version: versionOf(path) };
  }
  const pinned = imageNode(root);
  const current = (note?: string): ServerNode => ({
    path: process.execPath,
    version: process.version,
    note,
  });
  if (process.versions.node.split('.')[0] === pinned.split('.')[0]) return current();
  const install = spawnSync('bash', [join(root, '.ci/install-node.sh')], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const binDir = install.stdout.trim().split('\n').at(-1);
  if (install.status !== 0 || !binDir) {
    return current(`could not install Node ${pinned} (.ci/install-node.sh failed, above)`);
  }
  const path = join(binDir, 'node');
  return { path, version: versionOf(path) };
}
