/**
 * The environment for npm commands that stand for a fresh machine or a stranger's project (the
 * image replay, the npm package's consumer): none of the npm run-script variables `npm test`
 * passes down, none of the repository's node_modules/.bin on PATH (they would stand in for a tool
 * the clean folder lacks), this Node first, the machine's ~/.npmrc replaced by an empty one, and
 * npm's cache preferred (the registry is asked only for what the cache lacks).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export function cleanNpmEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (k.toLowerCase().startsWith('npm_') || k === 'INIT_CWD' || k === 'NODE_OPTIONS') continue;
    env[k] = v;
  }
  env.PATH = [
    dirname(process.execPath),
    ...(process.env.PATH ?? '').split(':').filter((p) => !p.includes('node_modules')),
  ].join(':');
  const userconfig = join(mkdtempSync(join(tmpdir(), 'npmrc-')), '.npmrc');
  writeFileSync(userconfig, '');
  env.npm_config_userconfig = userconfig;
  env.npm_config_prefer_offline = 'true';
  return env;
}
