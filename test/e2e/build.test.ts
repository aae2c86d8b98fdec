/**
 * The agent's build (agent/dist, `npm run build`), as production runs it: `polyglot` through
 * agent/bin/polyglot.js with no TypeScript loader. A path that only works from the sources (the
 * demo page, the CDN bundle, the airports data, the session threads' module) fails here.
 */
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const BIN = join(REPO, 'agent/bin/polyglot.js');
/** Only what a bare machine has: no keys, no NODE_OPTIONS loader from the test runner. */
const ENV = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', LOG_LEVEL: 'info' };

describe('the agent build, run as production runs it', () => {
  const port = 21_000 + Math.floor(Math.random() * 2000);
  const base = `http://127.0.0.1:${port}`;
  let server: ReturnType<typeof spawn> | undefined;
  const logs: string[] = [];

  before(async () => {
    assert.ok(existsSync(join(REPO, 'agent/dist/cli.js')), 'agent/dist is built (npm run build)');
    server = spawn(process.execPath, [BIN, 'serve'], {
      cwd: '/',
      env: { ...ENV, PORT: String(port), HOST: '127.0.0.1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server.stdout!.on('data', (d: Buffer) => logs.push(d.toString()));
    server.stderr!.on('data', (d: Buffer) => logs.push(d.toString()));
    const deadline = Date.now() + 20_000;
    for (;;) {
      const up = await fetch(`${base}/healthz`).then(
        (r) => r.ok,
        () => false,
      );
      if (up) break;
      assert.ok(Date.now() < deadline, `serve did not start:\n${logs.join('')}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  });
  after(() => server?.kill('SIGTERM'));

  it('serves the demo page and the widget bundle, with session threads started from the build', async () => {
    const page = await fetch(`${base}/`);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /polyglot-assistant/);
    const script = /<script type="module" src="([^"]+\.js)"/.exec(
      await (await fetch(`${base}/`)).text(),
    );
    assert.ok(script, 'the demo page loads the CDN bundle');
    assert.equal((await fetch(`${base}${script[1]}`)).status, 200);
    // Session threads load agent/dist/shard.js; one that failed to start reports no event loop.
    let health: { shards: { eventLoop: unknown }[]; status: string } | undefined;
    for (let i = 0; i < 100; i++) {
      health = (await (await fetch(`${base}/healthz`)).json()) as typeof health;
      if (health!.shards.length > 0 && health!.shards.every((s) => s.eventLoop !== null)) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.ok(health!.shards.length > 0);
    assert.ok(
      health!.shards.every((s) => s.eventLoop !== null),
      `session threads running: ${JSON.stringify(health!.shards)}\n${logs.join('')}`,
    );
    assert.equal(health!.status, 'degraded', 'no provider keys here');
    assert.doesNotMatch(logs.join(''), /"level":(50|60)/, 'no error logged');
  });

  it('answers CLI commands that read the agent’s data', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [BIN, 'resolve', 'Madrid'], {
      cwd: '/',
      env: ENV,
    });
    assert.match(stdout, /MAD/);
  });
});
