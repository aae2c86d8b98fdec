/**
 * The image as an operator runs it, without a container engine (none here, and no registry that
 * serves `node:24-bookworm-slim`): the Dockerfile is read, not restated. Its stages are replayed in
 * clean folders, one per stage, standing for the stage's `/`:
 *   - the build context is the repository's tracked files (what a fresh clone has) less
 *     .dockerignore;
 *   - COPY (from the context or `--from` a stage, `--chown` as the numeric `node` user), RUN (`sh -c`
 *     in WORKDIR with the stage's ENV), ENV, WORKDIR and USER are applied in order;
 *   - the last stage's CMD is started as its USER (uid 1000, when this runs as root) with its ENV,
 *     once per role (`POLYGLOT_ROLE=serve` and `worker`), and `/healthz` is asked, then the
 *     HEALTHCHECK command itself is run.
 * A missing COPY, a dependency the runtime needs but the image prunes (`npm prune --omit=dev`), or
 * a file the process cannot read as `node` fails here. What it does not check: the base image's
 * own contents (Debian, the Node it ships: the test asserts only that its major is this Node's) and
 * layer mechanics. ~1–2 min: one `npm ci` (from npm's cache) and one build.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, posix } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../agent/src/server/free-port.js';
import { cleanNpmEnv } from './npm-env.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** The image's `node` user (node:*-bookworm-slim: uid and gid 1000). */
const NODE_UID = 1000;

interface Instruction {
  op: string;
  flags: Record<string, string>;
  args: string;
}
interface Stage {
  name: string;
  from: string;
  steps: Instruction[];
}

/** The Dockerfile's stages: comments dropped, `\` continuations joined, `--flag=value`s split off. */
export function parseDockerfile(text: string): Stage[] {
  const lines = text
    .replace(/\\\r?\n/g, ' ')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  const stages: Stage[] = [];
  for (const line of lines) {
    const m = /^(\w+)\s+(.*)$/.exec(line);
    assert.ok(m, `Dockerfile line not understood: ${line}`);
    const op = m[1]!.toUpperCase();
    let rest = m[2]!;
    const flags: Record<string, string> = {};
    for (let f = /^--(\w+)=(\S+)\s+/.exec(rest); f; f = /^--(\w+)=(\S+)\s+/.exec(rest)) {
      flags[f[1]!] = f[2]!;
      rest = rest.slice(f[0].length);
    }
    if (op === 'FROM') {
      const [from, as, name] = rest.split(/\s+/);
      stages.push({
        name: as?.toUpperCase() === 'AS' ? name! : String(stages.length),
        from: from!,
        steps: [],
      });
    } else {
      assert.ok(stages.length > 0, `${op} before FROM`);
      stages.at(-1)!.steps.push({ op, flags, args: rest });
    }
  }
  return stages;
}

/** `ENV a=1 b="x y"` (and the old `ENV a 1`) → pairs. */
function parseEnv(args: string): Record<string, string> {
  const out: Record<string, string> = {};
  const pairs = /(\w+)=("([^"]*)"|\S+)/g;
  if (!args.includes('=')) {
    const [k, ...v] = args.split(/\s+/);
    out[k!] = v.join(' ');
    return out;
  }
  for (let m = pairs.exec(args); m; m = pairs.exec(args)) out[m[1]!] = m[3] ?? m[2]!;
  return out;
}

/** A shell-form or JSON-form command → argv. */
function commandArgv(args: string): string[] {
  return args.startsWith('[') ? (JSON.parse(args) as string[]) : ['sh', '-c', args];
}

/** Whether .dockerignore leaves a context path out (Go filepath.Match plus `**`, on the path or a parent). */
function ignoredBy(patterns: string[]): (path: string) => boolean {
  const regexes = patterns.map((p) => {
    const body = p
      .replace(/^\//, '')
      .split('/')
      .map((part) =>
        part === '**'
          ? '.*'
          : part
              .replace(/[.+^${}()|\\]/g, '\\$&')
              .replace(/\*/g, '[^/]*')
              .replace(/\?/g, '[^/]'),
      )
      .join('/')
      .replace(/\.\*\//g, '(?:.*/)?');
    return new RegExp(`^${body}$`);
  });
  return (path) => {
    const parts = path.split('/');
    for (let i = 1; i <= parts.length; i++) {
      const prefix = parts.slice(0, i).join('/');
      if (regexes.some((r) => r.test(prefix))) return true;
    }
    return false;
  };
}

/** The build context: tracked files, as in a fresh clone (working-tree contents), less .dockerignore. */
function makeContext(dir: string): number {
  const ignoreFile = join(ROOT, '.dockerignore');
  const patterns = existsSync(ignoreFile)
    ? readFileSync(ignoreFile, 'utf8')
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l && !l.startsWith('#'))
    : [];
  assert.ok(!patterns.some((p) => p.startsWith('!')), 'the replay does not handle ! patterns');
  const ignored = ignoredBy(patterns);
  const files = execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' })
    .split('\0')
    .filter((f) => f && !ignored(f) && existsSync(join(ROOT, f)));
  for (const f of files) {
    mkdirSync(dirname(join(dir, f)), { recursive: true });
    cpSync(join(ROOT, f), join(dir, f), { verbatimSymlinks: true });
  }
  return files.length;
}

interface Replayed {
  /** The last stage's `/`. */
  root: string;
  workdir: string;
  env: Record<string, string>;
  user: string | undefined;
  cmd: string[];
  healthcheck: string[] | undefined;
}

function replay(stages: Stage[], base: string, context: string, env: NodeJS.ProcessEnv): Replayed {
  const roots = new Map<string, string>();
  let last: Replayed | undefined;
  for (const stage of stages) {
    const root = join(base, `stage-${roots.size}`);
    mkdirSync(root, { recursive: true });
    chmodSync(root, 0o755);
    roots.set(stage.name, root);
    let workdir = '/';
    const stageEnv: Record<string, string> = {};
    let user: string | undefined;
    let cmd: string[] = [];
    let healthcheck: string[] | undefined;
    const inRoot = (p: string) => join(root, posix.resolve(workdir, p));
    for (const step of stage.steps) {
      const stepStarted = Date.now();
      switch (step.op) {
        case 'WORKDIR':
          workdir = posix.resolve(workdir, step.args);
          mkdirSync(inRoot('.'), { recursive: true });
          break;
        case 'ENV':
          Object.assign(stageEnv, parseEnv(step.args));
          break;
        case 'COPY': {
          const parts = step.args.startsWith('[')
            ? (JSON.parse(step.args) as string[])
            : step.args.split(/\s+/);
          const dest = parts.pop()!;
          const fromRoot = step.flags.from ? roots.get(step.flags.from) : undefined;
          if (step.flags.from) assert.ok(fromRoot, `COPY --from=${step.flags.from}: no such stage`);
          const destPath = inRoot(dest);
          for (const src of parts) {
            const srcPath = fromRoot
              ? join(fromRoot, posix.resolve('/', src))
              : join(context, posix.normalize(src));
            assert.ok(
              existsSync(srcPath),
              `COPY ${src}: not in the ${fromRoot ? 'stage' : 'build context'}`,
            );
            const intoDir = dest.endsWith('/') || parts.length > 1;
            mkdirSync(intoDir ? destPath : dirname(destPath), { recursive: true });
            const isDir = spawnSync('test', ['-d', srcPath]).status === 0;
            // A directory's contents go to dest; a file goes to dest, or into it when dest is a folder.
            if (isDir) {
              mkdirSync(destPath, { recursive: true });
              // Hard links for big stage-to-stage copies (node_modules): same bytes, no copy time.
              execFileSync('cp', [fromRoot ? '-al' : '-a', `${srcPath}/.`, destPath]);
            } else {
              execFileSync('cp', [
                '-a',
                srcPath,
                intoDir ? join(destPath, posix.basename(src)) : destPath,
              ]);
            }
            if (step.flags.chown && process.getuid?.() === 0) {
              execFileSync('chown', ['-R', `${NODE_UID}:${NODE_UID}`, destPath]);
            }
          }
          break;
        }
        case 'RUN': {
          const [file, ...args] = commandArgv(step.args);
          const run = spawnSync(file!, args, {
            cwd: inRoot('.'),
            env: { ...env, ...stageEnv },
            encoding: 'utf8',
            maxBuffer: 64 * 1024 * 1024,
          });
          assert.equal(
            run.status,
            0,
            `RUN ${step.args} failed:\n${run.stdout.slice(-3000)}\n${run.stderr.slice(-3000)}`,
          );
          break;
        }
        case 'USER':
          user = step.args.trim();
          break;
        case 'CMD':
          cmd = commandArgv(step.args);
          break;
        case 'HEALTHCHECK': {
          const m = /\bCMD\s+(.*)$/.exec(step.args);
          healthcheck = m ? commandArgv(m[1]!) : undefined;
          break;
        }
        case 'EXPOSE':
        case 'LABEL':
        case 'ARG':
          break;
        default:
          assert.fail(`the replay does not know ${step.op}: teach test/e2e/image.test.ts`);
      }
      const took = Date.now() - stepStarted;
      if (took > 2000)
        console.log(`  ${Math.round(took / 1000)} s  ${step.op} ${step.args.slice(0, 70)}`);
    }
    last = { root, workdir, env: stageEnv, user, cmd, healthcheck };
  }
  return last!;
}

const asNode = () =>
  process.getuid?.() === 0 ? { uid: NODE_UID, gid: NODE_UID } : ({} as Record<string, never>);

describe('the image (Dockerfile replayed from a clean checkout, no container engine)', () => {
  const stages = parseDockerfile(readFileSync(join(ROOT, 'Dockerfile'), 'utf8'));
  let base: string;
  let image: Replayed;
  let runEnv: NodeJS.ProcessEnv;
  const children: ChildProcess[] = [];

  before(async () => {
    base = mkdtempSync(join(tmpdir(), 'polyglot-image-'));
    chmodSync(base, 0o755);
    const context = join(base, 'context');
    const files = makeContext(context);
    const started = Date.now();
    image = replay(stages, base, context, cleanNpmEnv());
    // The base image's Node is /usr/local/bin/node; here it is this Node (the same major, asserted
    // below), linked in so that the node user can run it (this one may sit under /root).
    const bin = join(image.root, 'usr', 'local', 'bin');
    mkdirSync(bin, { recursive: true });
    execFileSync('sh', [
      '-c',
      'ln "$0" "$1" 2>/dev/null || cp "$0" "$1"',
      process.execPath,
      join(bin, 'node'),
    ]);
    chmodSync(join(image.root, 'usr'), 0o755);
    const home = join(image.root, 'home', 'node');
    mkdirSync(home, { recursive: true });
    if (process.getuid?.() === 0) execFileSync('chown', [`${NODE_UID}:${NODE_UID}`, home]);
    runEnv = {
      PATH: `${bin}:/usr/local/bin:/usr/bin:/bin`,
      HOME: home,
      ...image.env,
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
    };
    const du = spawnSync('du', ['-sm', join(image.root, 'app', 'node_modules')], {
      encoding: 'utf8',
    });
    console.log(
      `image replayed: ${files} context files, ${stages.length} stages in ${Math.round((Date.now() - started) / 1000)} s; ` +
        `runtime node_modules ${du.stdout.split('\t')[0]} MB`,
    );
  });

  after(() => {
    for (const c of children) c.kill('SIGKILL');
    if (base && !process.env.KEEP_IMAGE_REPLAY) rmSync(base, { recursive: true, force: true });
  });

  it("builds on this Node's major, and runs as the image's non-root user", () => {
    for (const s of stages) {
      const major = /^node:(\d+)/.exec(s.from)?.[1];
      assert.equal(
        major,
        process.versions.node.split('.')[0],
        `${s.from} vs this Node ${process.version}`,
      );
    }
    assert.equal(image.user, 'node');
    // Dev dependencies stay in the build stage: no tsx, bundler, CDK or linter at run time
    // (TypeScript itself is there: @livekit/agents depends on it).
    for (const dev of ['tsx', 'esbuild', 'rollup', 'aws-cdk-lib', 'playwright-core', 'eslint']) {
      assert.ok(
        !existsSync(join(image.root, 'app', 'node_modules', dev)),
        `${dev} is in the runtime image`,
      );
    }
  });

  /** Starts the image's CMD with `extra` on top of its ENV; resolves to /healthz's JSON once it answers. */
  async function start(
    extra: Record<string, string>,
    healthPort: number,
  ): Promise<{ body: Record<string, unknown>; child: ChildProcess }> {
    const [file, ...args] = image.cmd;
    const child = spawn(file!, args, {
      cwd: join(image.root, image.workdir),
      env: { ...runEnv, ...extra },
      ...asNode(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let output = '';
    child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    const exited = new Promise<never>((_, reject) =>
      child.once('exit', (code) =>
        reject(new Error(`${image.cmd.join(' ')} exited ${code}:\n${output.slice(-4000)}`)),
      ),
    );
    const deadline = Date.now() + 60_000;
    for (;;) {
      const answer = await Promise.race([
        fetch(`http://127.0.0.1:${healthPort}/healthz`).then(
          async (r) => (r.ok ? ((await r.json()) as Record<string, unknown>) : undefined),
          () => undefined,
        ),
        exited,
      ]);
      if (answer) return { body: answer, child };
      if (Date.now() > deadline) throw new Error(`no /healthz in 60 s:\n${output.slice(-4000)}`);
      await new Promise((ok) => setTimeout(ok, 250));
    }
  }

  function healthcheck(extra: Record<string, string>): number | null {
    assert.ok(image.healthcheck, 'the image has a HEALTHCHECK');
    const [file, ...args] = image.healthcheck;
    return spawnSync(file!, args, {
      cwd: join(image.root, image.workdir),
      env: { ...runEnv, ...extra },
      ...asNode(),
      timeout: 10_000,
    }).status;
  }

  async function stop(child: ChildProcess): Promise<void> {
    if (child.exitCode !== null) return;
    const gone = new Promise((ok) => child.once('exit', ok));
    child.kill('SIGTERM');
    await gone;
  }

  it('starts `serve` by default: /healthz answers, the widget bundle and demo page are served, the HEALTHCHECK passes', async () => {
    const port = await freePort();
    const { body, child } = await start({ PORT: String(port) }, port);
    assert.equal(body.runtime, 'local');
    for (const path of ['/polyglot-assistant.js', '/demo/index.html']) {
      const r = await fetch(`http://127.0.0.1:${port}${path}`);
      assert.equal(r.status, 200, path);
    }
    assert.equal(healthcheck({ PORT: String(port) }), 0);
    await stop(child);
    assert.notEqual(
      healthcheck({ PORT: String(port) }),
      0,
      'the HEALTHCHECK fails once serve is down',
    );
  });

  it('starts the LiveKit worker with POLYGLOT_ROLE=worker: /healthz on WORKER_HTTP_PORT, the HEALTHCHECK passes, the job entry loads', async () => {
    const port = await freePort();
    const env = {
      POLYGLOT_ROLE: 'worker',
      WORKER_HTTP_PORT: String(port),
      // Nothing listens there: the worker keeps trying to register, and answers /healthz meanwhile.
      LIVEKIT_URL: `ws://127.0.0.1:${await freePort()}`,
      LIVEKIT_API_KEY: 'image-test',
      LIVEKIT_API_SECRET: 'image-test-secret-image-test-secret',
    };
    const { body, child } = await start(env, port);
    assert.equal(body.runtime, 'livekit');
    assert.equal(healthcheck(env), 0);
    // A worker that never reached LiveKit takes ~80 s to leave after SIGTERM (the framework's
    // reconnect loop); how it stops is not what this checks.
    child.kill('SIGKILL');
    // What a LiveKit job process imports (agent/dist/livekit-agent.js), as the node user.
    const job = spawnSync(
      'node',
      [
        '-e',
        "import('./agent/dist/livekit-agent.js').then((m) => { if (!m.default) process.exit(3); process.exit(0); })",
      ],
      {
        cwd: join(image.root, image.workdir),
        env: { ...runEnv, ...env },
        ...asNode(),
        encoding: 'utf8',
      },
    );
    assert.equal(job.status, 0, job.stderr);
  });
});
