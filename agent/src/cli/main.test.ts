/**
 * `polyglot <command>` as someone trying it from a shell meets it: a command line missing its
 * arguments gets the usage and exit 2 (never a conversational question), and npm itself runs
 * without warnings from our own configuration.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { main } from './main.js';

async function run(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('polyglot with missing or wrong arguments', () => {
  it('`polyglot flights` alone prints the flights usage and exits 2, not a question', async () => {
    const r = await run(['flights']);
    assert.equal(r.code, 2);
    assert.match(r.err, /Missing --from, --to and --date\./);
    assert.match(r.err, /Usage: polyglot flights --from <place> --to <place> --date <date>/);
    assert.doesNotMatch(r.err + r.out, /Where are you flying from\?/);
  });

  it('names the one option missing, and answers --json callers in JSON', async () => {
    const r = await run(['flights', '--from', 'Madrid', '--to', 'Paris']);
    assert.equal(r.code, 2);
    assert.match(r.err, /^Missing --date\.\nUsage: polyglot flights/);
    const j = await run(['flights', '--to', 'Paris', '--json']);
    assert.equal(j.code, 2);
    const body = JSON.parse(j.out) as { error: { code: string; message: string } };
    assert.equal(body.error.code, 'usage');
    assert.match(body.error.message, /^Missing --from and --date\./);
  });

  for (const [argv, problem] of [
    [[], /polyglot needs a command/],
    [['config'], /polyglot config needs a sub-command: check/],
    [['config', 'show'], /Unknown config sub-command: show/],
    [['worker', 'stop'], /polyglot worker takes start or dev, not: stop/],
    [['serve', '--port', '9'], /polyglot serve takes no arguments/],
    [['fly'], /Unknown command: fly/],
  ] as const) {
    it(`\`polyglot ${argv.join(' ')}\` prints the usage and exits 2`, async () => {
      const r = await run([...argv]);
      assert.equal(r.code, 2);
      assert.match(r.err, problem);
      assert.match(r.err, /Usage:\n {2}polyglot serve/);
    });
  }

  it('`polyglot resolve` alone prints its usage and exits 2', async () => {
    const r = await run(['resolve']);
    assert.equal(r.code, 2);
    assert.match(r.err, /Usage: polyglot resolve/);
  });

  it('help and --version go to stdout with exit 0', async () => {
    const h = await run(['help']);
    assert.equal(h.code, 0);
    assert.match(h.out, /Usage:/);
    const v = await run(['--version']);
    assert.equal(v.code, 0);
    assert.match(v.out, /^\d+\.\d+\.\d+/);
  });
});

describe('npm in this repository', () => {
  const root = fileURLToPath(new URL('../../../', import.meta.url));

  it('runs without config warnings (our .npmrc holds only settings npm knows)', async () => {
    // npm passes its configuration to scripts as npm_config_* variables: leave those out, so
    // this reads the repository's .npmrc as a fresh shell would.
    const env = Object.fromEntries(
      Object.entries(process.env).filter(([k]) => !k.toLowerCase().startsWith('npm_config_')),
    );
    // The user's own ~/.npmrc is theirs (this machine's sets `nodedir`, which npm 11 no longer
    // knows): an empty one stands in for it.
    const userconfig = join(mkdtempSync(join(tmpdir(), 'npmrc-')), '.npmrc');
    writeFileSync(userconfig, '');
    const { stdout, stderr } = await promisify(execFile)(
      'npm',
      ['config', 'get', 'engine-strict', '--userconfig', userconfig],
      {
        cwd: root,
        env,
      },
    );
    assert.equal(stdout.trim(), 'true', 'engine-strict still comes from .npmrc');
    assert.doesNotMatch(stderr, /warn/i);
  });

  it('installs nothing that depends on onnxruntime-node (its postinstall needs the network)', () => {
    // If a dependency ever brings it in, .ci/run and the Dockerfile already set
    // ONNXRUNTIME_NODE_INSTALL_CUDA=skip (docs/testing.md); this test is the reminder to check.
    const lock = JSON.parse(readFileSync(`${root}package-lock.json`, 'utf8')) as {
      packages: Record<string, unknown>;
    };
    const found = Object.keys(lock.packages).filter((p) => p.endsWith('/onnxruntime-node'));
    assert.deepEqual(found, []);
  });
});

describe('polyglot operator add', () => {
  const add = async (argv: string[], password: string) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(['operator', 'add', ...argv], {
      out: (l) => out.push(l),
      err: (l) => err.push(l),
      stdin: async () => `${password}\n`,
    });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };

  it('prints an account whose hash signs in with the password, and never the password', async () => {
    const r = await add(['ana', '--role', 'operator', '--partner', 'acme'], 'a long passphrase');
    assert.equal(r.code, 0, r.err);
    const account = JSON.parse(r.out) as { passwordHash: string; role: string; partner: string };
    assert.equal(account.role, 'operator');
    assert.equal(account.partner, 'acme');
    assert.doesNotMatch(r.out, /a long passphrase/);
    const { verifyPassword } = await import('../console/operators.js');
    assert.equal(await verifyPassword('a long passphrase', account.passwordHash), true);
    assert.equal(await verifyPassword('a long passphrasE', account.passwordHash), false);
  });

  it('refuses a short password, and an operator without a partner', async () => {
    assert.equal((await add(['bo', '--role', 'admin'], 'short')).code, 1);
    const r = await add(['bo', '--role', 'operator'], 'a long passphrase');
    assert.equal(r.code, 2);
    assert.match(r.err, /needs --partner/);
  });
});

describe('polyglot languages', () => {
  it('prints the route for a regional tag, and every language with none', async () => {
    const one = await run(['languages', 'pt-BR']);
    assert.equal(one.code, 0);
    assert.match(one.out, /^pt-BR → pt: Portuguese \(português\)/);
    assert.match(one.out, /speech-to-text: Deepgram nova-3 multi \(detects\) → OpenAI/);
    const all = await run(['languages']);
    assert.equal(all.code, 0);
    assert.ok(all.out.split('\n').length >= 90);
    assert.match(all.out, /^am .*TTS text only/m);
  });

  it('answers an unknown tag with a clear error and exit 2, in JSON when asked', async () => {
    const r = await run(['languages', 'xx']);
    assert.equal(r.code, 2);
    assert.match(r.err, /no route for the language "xx"/);
    const j = await run(['languages', 'klingon', '--json']);
    assert.equal(j.code, 2);
    assert.equal((JSON.parse(j.out) as { error: { code: string } }).error.code, 'unknown_language');
    const bad = await run(['languages', '--nope']);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /Usage: polyglot languages/);
  });
});
