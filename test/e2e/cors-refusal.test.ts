/**
 * A partner's page on an origin the server does not allow, in a real browser: the page must be
 * able to read the refusal (so the widget can tell the developer which setting to change) and
 * must still get no session. The request is the widget's own: a JSON POST, so the browser sends
 * a preflight first.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser } from 'playwright-core';
import { initializeLogger, log } from '@livekit/agents';
import { loadConfig } from '../../agent/src/config.js';
import { startServer, type RunningServer } from '../../agent/src/server/http.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../sdk/scripts/chromium.mjs';

describe('a page on a disallowed origin', () => {
  let api: RunningServer;
  let site: Server;
  let siteUrl: string;
  let browser: Browser;

  before(async () => {
    initializeLogger({ pretty: false, level: 'fatal' });
    api = await startServer({
      config: loadConfig({ PORT: '0', OPENAI_API_KEY: 'sk-test-unused' }),
      logger: log(),
      version: 'test',
    });
    // The partner's page: another origin (127.0.0.1 vs the API's localhost).
    site = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<!doctype html><title>partner</title>');
    });
    await new Promise<void>((ok) => site.listen(0, '127.0.0.1', ok));
    const addr = site.address();
    siteUrl = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/`;
    browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: [...CHROMIUM_ARGS],
    });
  });
  after(async () => {
    await browser?.close();
    await new Promise((ok) => site?.close(ok));
    await api?.close();
  });

  it('reads the 403 origin_not_allowed and its message, and gets no token', async () => {
    const page = await browser.newPage();
    await page.goto(siteUrl);
    const endpoint = api.url.replace('127.0.0.1', 'localhost') + '/api/session';
    const answer = await page.evaluate(async (url) => {
      try {
        const res = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ lang: 'en' }),
        });
        return { status: res.status, body: (await res.json()) as Record<string, unknown> };
      } catch (e) {
        return { status: 0, body: { thrown: String(e) } };
      }
    }, endpoint);
    assert.equal(answer.status, 403, JSON.stringify(answer.body));
    assert.deepEqual(answer.body, {
      error: {
        code: 'origin_not_allowed',
        message: `Pages on ${new URL(siteUrl).origin} may not open sessions: add the origin to POLYGLOT_ALLOWED_ORIGINS.`,
      },
    });
  });
});
