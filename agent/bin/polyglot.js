#!/usr/bin/env node
// `polyglot <command>`. Runs the build (agent/dist, written by `npm run build`) when there is one:
// production and `npm start` do. Without a build it runs the TypeScript sources through tsx's
// loader, as the tests do.
import './check-node.js';
import { existsSync } from 'node:fs';

const built = new URL('../dist/cli.js', import.meta.url);
if (existsSync(built)) {
  await import(built.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli.ts');
}
