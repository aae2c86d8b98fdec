/**
 * The npm package and the CDN build as a site's developer meets them (issue 25). `npm pack` of
 * sdk/ gives the tarball a registry would hold; test/e2e/consumer/ (a Vite site with three pages:
 * plain TypeScript, React, and one that imports only the protocol's constants) is copied outside
 * the workspace, installs the tarball and its pinned tools from the npm registry (npm's cache
 * first), type-checks against the published .d.ts files (tsc, skipLibCheck off) and builds with
 * Vite. Chromium then opens the built pages on their own origin against a real `serve` (the OpenAI
 * fake behind it), types a message and waits for the agent's reply. The CDN build is loaded from
 * `serve` into a page on another origin under a strict Content-Security-Policy (no
 * 'unsafe-eval', no 'unsafe-inline'), once allowing `blob:` workers and once not.
 * What fails here: a wrong `exports` map or a file left out of `files`, a type error in the
 * published types, a side effect that drags the widget into a page that imports a constant, a CDN
 * file that needs eval or inline script, a cross-origin module without CORS.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import {
  cpSync,
  createReadStream,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { instrument, launchBrowser, startStack, waitForWidget, type Stack } from './harness.js';
import { cleanNpmEnv } from './npm-env.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const REPLY = 'Rome it is. From which city would you leave?';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

/** The site's origin: Vite's build output, and the CDN page with the CSP the query asks for. */
function siteServer(dist: string, serveOrigin: () => string): Server {
  return createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://site');
    if (url.pathname === '/cdn.html') {
      const serve = serveOrigin();
      const ws = serve.replace(/^http/, 'ws');
      const workers = url.searchParams.get('blob') === '1' ? 'blob:' : "'none'";
      res.writeHead(200, {
        'content-type': TYPES['.html']!,
        'content-security-policy':
          `default-src 'none'; script-src 'self' ${serve}; connect-src ${serve} ${ws}; ` +
          `style-src 'self'; img-src 'self' data:; worker-src ${workers}`,
      });
      res.end(
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>CDN</title>' +
          `<script type="module" src="${serve}/polyglot-assistant.js"></script></head>` +
          `<body><polyglot-assistant endpoint="${serve}/api/session" mode="text"></polyglot-assistant></body></html>`,
      );
      return;
    }
    const file = join(dist, normalize(url.pathname).replace(/^(\.\.[/\\])+/, ''));
    if (!file.startsWith(dist) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
}

describe('the npm package and the CDN build, as a site meets them', () => {
  let dir: string;
  let site: Server;
  let siteOrigin: string;
  let serveOrigin = '';
  let stack: Stack;
  let browser: Browser;
  let packed: { filename: string; version: string; files: { path: string }[] };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'polyglot-consumer-'));
    const env = cleanNpmEnv();
    const run = (cmd: string, args: string[], cwd: string) => {
      try {
        return execFileSync(cmd, args, { cwd, env, encoding: 'utf8', stdio: 'pipe' });
      } catch (e) {
        const err = e as { stdout?: string; stderr?: string };
        throw new Error(
          `${cmd} ${args.join(' ')} failed:\n${err.stdout ?? ''}\n${err.stderr ?? ''}`,
        );
      }
    };
    // The tarball of the package as built (`npm test` builds first: pretest).
    const out = run(
      'npm',
      ['pack', '--workspace', 'sdk', '--pack-destination', dir, '--json'],
      ROOT,
    );
    packed = (JSON.parse(out) as (typeof packed)[])[0]!;
    const app = join(dir, 'app');
    cpSync(join(ROOT, 'test/e2e/consumer'), app, { recursive: true });
    const pkgFile = join(app, 'package.json');
    writeFileSync(
      pkgFile,
      readFileSync(pkgFile, 'utf8').replace('file:TARBALL', `file:../${packed.filename}`),
    );
    run('npm', ['install', '--no-audit', '--no-fund'], app);
    run('npm', ['run', 'typecheck'], app);
    run('npm', ['run', 'build'], app);

    // The site listens first, so that `serve` can allow its origin.
    site = siteServer(join(app, 'dist'), () => serveOrigin);
    await new Promise<void>((ok) => site.listen(0, '127.0.0.1', ok));
    siteOrigin = `http://127.0.0.1:${(site.address() as { port: number }).port}`;
    stack = await startStack(
      { rules: [{ when: ({ lastUser }) => /Rome/.test(lastUser), reply: { text: REPLY } }] },
      { POLYGLOT_ALLOWED_ORIGINS: siteOrigin },
    );
    // `serve` on localhost, the site on 127.0.0.1: two origins, as a CDN and a site would be.
    serveOrigin = stack.server.url.replace('127.0.0.1', 'localhost');
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await stack?.close();
    site?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('ships the built modules, their types and the manifest, and no tests or sources', () => {
    const paths = packed.files.map((f) => f.path);
    for (const p of [
      'dist/index.js',
      'dist/index.d.ts',
      'dist/polyglot-assistant.js',
      'dist/protocol/messages.d.ts',
      'dist/cdn/polyglot-assistant.js',
      'custom-elements.json',
      'package.json',
    ]) {
      assert.ok(paths.includes(p), `${p} is not in ${packed.filename}`);
    }
    for (const p of ['README.md', 'CHANGELOG.md'])
      assert.ok(paths.includes(p), `${p} is not packed`);
    assert.deepEqual(
      paths.filter((p) => /\.test\.|^src\/|\.tsbuildinfo$|^dist\/console\//.test(p)),
      [],
      'tests, sources, build info or the operator console in the package',
    );
  });

  async function converse(page: Page): Promise<void> {
    await page.locator('polyglot-assistant [part="text-input"]').fill('Flights to Rome');
    await page.locator('polyglot-assistant [part="text-input"]').press('Enter');
    const s = await waitForWidget(
      page,
      (w) => w.transcript.some((t) => t.role === 'assistant' && t.final && t.text === REPLY),
      30_000,
    );
    assert.deepEqual(
      s.transcript.map((t) => `${t.role}: ${t.text}`),
      ['user: Flights to Rome', `assistant: ${REPLY}`],
      JSON.stringify({ state: s.state, errors: s.errors }),
    );
    assert.deepEqual(s.errors, []);
  }

  for (const kind of ['vanilla', 'react'] as const) {
    it(`a ${kind === 'vanilla' ? 'plain Vite' : 'React'} site built with the package converses with serve`, async () => {
      const page = await browser.newPage();
      const pageErrors: string[] = [];
      page.on('pageerror', (e) => pageErrors.push(e.message));
      await instrument(page);
      await page.goto(
        `${siteOrigin}/${kind}.html?endpoint=${encodeURIComponent(`${serveOrigin}/api/session`)}`,
      );
      await converse(page);
      if (kind === 'react') {
        // VERSION (sdk/src/version.ts) is kept by hand: it must be the version that was packed.
        assert.equal(
          await page.locator('h1').textContent(),
          `React site, widget ${packed.version}`,
        );
      }
      assert.deepEqual(pageErrors, []);
      await page.close();
    });
  }

  it('a page importing only the protocol constants gets none of the widget (tree-shaking)', async () => {
    const page = await browser.newPage();
    let scriptBytes = 0;
    page.on('response', async (r) => {
      if (r.request().resourceType() === 'script') scriptBytes += (await r.body()).length;
    });
    await page.goto(`${siteOrigin}/protocol.html`);
    assert.match((await page.locator('body').getAttribute('data-protocol')) ?? '', /^\d+\/\d+$/);
    assert.equal(
      await page.evaluate(() => customElements.get('polyglot-assistant') === undefined),
      true,
    );
    assert.ok(scriptBytes < 4000, `${scriptBytes} bytes of script for two constants`);
    await page.close();
  });

  for (const blob of [true, false]) {
    it(`the CDN build on another origin under a strict CSP, ${blob ? 'with' : 'without'} blob: workers`, async () => {
      const page = await browser.newPage();
      await instrument(page);
      await page.addInitScript(() => {
        const w = window as unknown as { __csp: string[] };
        w.__csp = [];
        document.addEventListener('securitypolicyviolation', (e) =>
          w.__csp.push(`${e.effectiveDirective} ${e.blockedURI}`),
        );
      });
      await page.goto(`${siteOrigin}/cdn.html?blob=${blob ? 1 : 0}`);
      await converse(page);
      const s = await waitForWidget(page, () => true);
      const violations = await page.evaluate(
        () => (window as unknown as { __csp: string[] }).__csp,
      );
      if (blob) {
        assert.deepEqual(violations, []);
        assert.equal(s.stats.audioOffMainThread, true, 'the session socket runs in a Blob worker');
      } else {
        assert.ok(
          violations.length > 0 && violations.every((v) => v.startsWith('worker-src')),
          violations.join('; '),
        );
        assert.equal(s.stats.audioOffMainThread, false, 'the widget fell back to the main thread');
      }
      await page.close();
    });
  }
});
