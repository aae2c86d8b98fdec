/**
 * Plays scenarios against the real widget (headless Chromium, the demo page) and the real
 * server, on either runtime (the local WebSocket, or a real LiveKit server and `polyglot
 * worker`), with the providers replaced by protocol fakes.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { startCartesiaFake, type CartesiaFake } from '../fakes/cartesia.js';
import { startDeepgramFake, type DeepgramFake } from '../fakes/deepgram.js';
import { speechFakesEnv } from '../fakes/speech-env.js';
import { duffelEnv, startDuffelFake, type DuffelFake } from '../fakes/duffel.js';
import type { LlmRule } from '../fakes/openai.js';
import { speakPcm } from '../fakes/audio.js';
import { startTcpProxy, type TcpProxy } from '../fakes/tcp-proxy.js';
import {
  instrument,
  launchBrowser,
  snapshot,
  startStack,
  type Runtime,
  type WidgetSnapshot,
} from '../e2e/harness.js';
import { dropBrowserNetwork } from '../e2e/livekit-stack.js';
import { MIC_INIT_SCRIPT, bargeInTimes, type PlayedMark } from './mic.js';
import type { Scenario, Step, When } from './scenario.js';

export interface CheckResult {
  name: string;
  ok: boolean;
  detail?: string | undefined;
}

export interface ScenarioResult {
  name: string;
  ok: boolean;
  durationMs: number;
  checks: CheckResult[];
  bargeInMs: number[];
  transcript: WidgetSnapshot['transcript'];
  states: string[];
  errors: WidgetSnapshot['errors'];
  screenshot?: string | undefined;
  error?: string | undefined;
  /** Figures the checks printed (e.g. how soon a fallback voice was heard). */
  notes: string[];
}

export interface RunOptions {
  headed?: boolean;
  reportDir?: string;
  /** The local runtime (default), or LiveKit (inside test/livekit/in-netns.sh). */
  runtime?: Runtime;
}

export async function runScenario(scn: Scenario, opts: RunOptions = {}): Promise<ScenarioResult> {
  const started = Date.now();
  const routed = scn.speech === 'routed';
  // Each recogniser's fake gets the transcripts of the utterances it will hear, in order.
  const transcriptsFor = (by: 'deepgram' | 'openai') =>
    scn.steps.flatMap((s) =>
      'say' in s && (routed ? (s.heardBy ?? 'deepgram') : 'openai') === by
        ? [{ text: s.transcript ?? s.say, ...(s.language ? { language: s.language } : {}) }]
        : [],
    );
  const transcripts = transcriptsFor('openai');
  const llmReplies: string[] = [];
  const rules: LlmRule[] = scn.llm.map((r) => ({
    when: r.when,
    reply: (ctx: { lastUser: string; lastTool: string | undefined }) => {
      const reply = typeof r.reply === 'function' ? r.reply(ctx) : r.reply;
      if ('text' in reply) llmReplies.push(reply.text);
      return reply;
    },
  }));
  let duffel: DuffelFake | undefined;
  const env: Record<string, string> = { ...scn.env };
  if (scn.flights) {
    const f = typeof scn.flights === 'object' ? scn.flights : {};
    duffel = await startDuffelFake({ offerCount: f.offerCount ?? 5 });
    if (f.failNext) duffel.failNext(500, f.failNext);
    Object.assign(env, {
      ...duffelEnv(duffel.url),
    });
  }
  let deepgram: DeepgramFake | undefined;
  let cartesia: CartesiaFake | undefined;
  if (routed) {
    deepgram = await startDeepgramFake({ transcripts: transcriptsFor('deepgram') });
    cartesia = await startCartesiaFake();
    Object.assign(env, speechFakesEnv(deepgram, cartesia));
  }
  const runtime = opts.runtime ?? 'local';
  const stack = await startStack({ transcripts, rules, failAt: scn.failAt }, env, runtime);
  const target = new URL(stack.server.url);
  // A network drop cuts a TCP proxy in front of the local runtime's server; in LiveKit the
  // browser's own namespace loses its link (signalling and media too).
  const proxy =
    scn.network && runtime === 'local'
      ? await startTcpProxy({ host: target.hostname, port: Number(target.port) })
      : undefined;
  const browser = await launchBrowser({ headed: opts.headed });
  const result: ScenarioResult = {
    name: scn.name,
    ok: false,
    durationMs: 0,
    checks: [],
    bargeInMs: [],
    transcript: [],
    states: [],
    errors: [],
    notes: [],
  };
  /** The widget's transcript, states and errors into the result, and a screenshot to the report. */
  const record = async (page: Page, snap: WidgetSnapshot) => {
    result.transcript = snap.transcript;
    result.states = snap.states;
    result.errors = snap.errors;
    if (opts.reportDir) {
      await mkdir(opts.reportDir, { recursive: true });
      result.screenshot = join(opts.reportDir, `${scn.name}.png`);
      await page.screenshot({ path: result.screenshot });
    }
  };
  let page: Page | undefined;
  let sessionRequests = 0;
  try {
    page = await browser.newPage({ viewport: { width: 1100, height: 760 } });
    page.on('request', (r) => {
      if (r.method() === 'POST' && new URL(r.url()).pathname === '/api/session') sessionRequests++;
    });
    await page.addInitScript(MIC_INIT_SCRIPT);
    await instrument(page);
    await page.goto(proxy?.url ?? stack.server.url);
    if (scn.lang) {
      await page.evaluate(
        (lang) => document.querySelector('polyglot-assistant')!.setAttribute('lang', lang),
        scn.lang,
      );
    }
    await page.locator('polyglot-assistant [part="mic-button"]').click();
    await waitUntil(page, (s) => s.state === 'listening' || s.state === 'error', 20_000);
    // Let the greeting play out. Over LiveKit the widget listens before the agent has joined,
    // so wait for the greeting's line first (a caller talking over the greeting's first seconds
    // is not heard: the framework's echo-cancellation warm-up).
    await waitUntil(
      page,
      (s) => s.state === 'error' || s.transcript.some((t) => t.role === 'assistant' && t.final),
      20_000,
    ).catch(() => {});
    await settle(page);
    const deadline = Date.now() + (scn.timeoutMs ?? 60_000);
    const ctx: StepContext = { saidEndAt: [], outageAt: [] };
    for (const step of scn.steps) {
      if (Date.now() > deadline) throw new Error('scenario timed out');
      await playStep(page, step, { proxy, runtime, deepgram, cartesia }, ctx);
    }
    await settle(page);
    const snap = await snapshot(page);
    const sim = await page.evaluate(() => {
      const s = (window as unknown as { __sim: { says: number[]; played: PlayedMark[] } }).__sim;
      return { says: s.says, played: s.played, origin: performance.timeOrigin };
    });
    result.bargeInMs = bargeInTimes(sim.says, sim.played).map((ms) => Math.round(ms));
    for (const c of scn.checks) {
      let detail: string | undefined;
      try {
        detail = c.verify({
          snapshot: snap,
          openai: stack.openai,
          duffel,
          bargeInMs: result.bargeInMs,
          llmReplies,
          sessionRequests,
          deepgram,
          cartesia,
          saidEndAt: ctx.saidEndAt,
          outageAt: ctx.outageAt,
          played: sim.played.map(([t, n]) => [sim.origin + t, n]),
          note: (text) => result.notes.push(text),
        });
      } catch (err) {
        detail = `check threw: ${(err as Error).message}`;
      }
      result.checks.push({ name: c.name, ok: detail === undefined, detail });
    }
    await record(page, snap);
    result.ok = result.checks.every((c) => c.ok);
  } catch (err) {
    result.error = (err as Error).message;
    // What the widget showed when it went wrong, for the report.
    try {
      if (page) await record(page, await snapshot(page));
    } catch {
      // the page itself is gone
    }
  } finally {
    await browser.close();
    await proxy?.close();
    await stack.close();
    await duffel?.close();
    await deepgram?.close();
    await cartesia?.close();
    result.durationMs = Date.now() - started;
  }
  return result;
}

interface StepContext {
  /** Final assistant lines on screen when the caller last spoke or typed. */
  repliesBefore?: number;
  /** When each utterance ended and each outage began (Date.now() ms). */
  saidEndAt: number[];
  outageAt: number[];
}

const finalReplies = (s: WidgetSnapshot) =>
  s.transcript.filter((t) => t.role === 'assistant' && t.final).length;

async function playStep(
  page: Page,
  step: Step,
  net: {
    proxy: TcpProxy | undefined;
    runtime: Runtime;
    deepgram: DeepgramFake | undefined;
    cartesia: CartesiaFake | undefined;
  },
  ctx: StepContext,
): Promise<void> {
  if ('outage' in step) {
    const fake = step.outage === 'deepgram' ? net.deepgram : net.cartesia;
    if (!fake) throw new Error(`an ${step.outage} outage needs \`speech: 'routed'\``);
    ctx.outageAt.push(Date.now());
    await fake.close();
    return;
  }
  if ('dropNetwork' in step && net.runtime === 'livekit') {
    await dropBrowserNetwork(step.livekitDownMs ?? step.downMs ?? 0);
    return;
  }
  if ('dropNetwork' in step) {
    const proxy = net.proxy;
    if (!proxy) throw new Error('dropNetwork needs `network: true` in the scenario');
    proxy.setDown(true);
    proxy.drop();
    await page.waitForTimeout(step.downMs ?? 0);
    proxy.setDown(false);
    return;
  }
  if ('waitForState' in step) {
    await waitUntil(page, (s) => s.state === step.waitForState, step.timeoutMs ?? 20_000);
    return;
  }
  if ('silenceMs' in step) {
    await page.waitForTimeout(step.silenceMs);
    return;
  }
  if ('waitForReply' in step) {
    // Counted from the caller's last words, not from now: a text-only reply can land before this
    // step even starts.
    const before = ctx.repliesBefore ?? finalReplies(await snapshot(page));
    ctx.repliesBefore = undefined;
    await waitUntil(page, (s) => finalReplies(s) > before, step.timeoutMs ?? 20_000);
    await settle(page);
    return;
  }
  if ('type' in step) {
    await waitFor(page, step.when ?? 'listening');
    ctx.repliesBefore = finalReplies(await snapshot(page));
    const input = page.locator('polyglot-assistant [part="text-input"]');
    await input.fill(step.type);
    await input.press('Enter');
    return;
  }
  // Synthesized before the wait: espeak can take a few hundred ms on a busy machine, and the
  // caller must speak at the moment the step names, not that much later.
  const pcm = await speakPcm(step.say, step.voice ?? 'en-us', 16_000);
  const samples = Array.from(new Int16Array(pcm.buffer, pcm.byteOffset, pcm.length / 2));
  const when = step.when ?? 'listening';
  await waitFor(page, when);
  ctx.repliesBefore = finalReplies(await snapshot(page));
  // Don't wait for the utterance to end: the next step's `when` decides. Over the agent, the
  // caller starts while its voice is audibly advancing (a count within the last 20 ms), not in a
  // pause between its sentences: a LiveKit page counts only audible audio, so an onset in a
  // pause could not be told from one after the reply ended.
  await page.evaluate(
    async ({ samples, overAgent }) => {
      const sim = (
        window as unknown as {
          __sim: { say(s: number[], r: number): Promise<number>; played: number[][] };
        }
      ).__sim;
      if (overAgent) {
        const end = performance.now() + 5000;
        await new Promise<void>((ok) => {
          const id = setInterval(() => {
            const last = sim.played.at(-1);
            if ((last && performance.now() - last[0]! < 20) || performance.now() > end) {
              clearInterval(id);
              ok();
            }
          }, 1);
        });
      }
      void sim.say(samples, 16_000);
    },
    { samples, overAgent: typeof when === 'object' },
  );
  ctx.saidEndAt.push(Date.now() + (samples.length / 16_000) * 1000);
  await page.waitForTimeout((samples.length / 16_000) * 1000);
}

async function waitFor(page: Page, when: When): Promise<void> {
  if (when === 'now') return;
  if (when === 'listening') {
    await settle(page);
    return;
  }
  // Over the agent: wait for its reply to start playing, then for `ms` of it to be heard.
  await waitUntil(page, (s) => s.state === 'speaking', 20_000);
  const start = (await snapshot(page)).stats.playedMs;
  await waitUntil(page, (s) => s.stats.playedMs - start >= when.afterAgentSpeakingMs, 20_000);
}

/** Waits until the agent is quiet: not speaking/thinking and no new audio for 400 ms. */
async function settle(page: Page, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  let last = -1;
  let quietSince = Date.now();
  while (Date.now() < end) {
    const s = await snapshot(page);
    if (s.stats.playedSamples !== last) {
      last = s.stats.playedSamples;
      quietSince = Date.now();
    }
    const busy =
      s.state === 'thinking' ||
      s.state === 'searching' ||
      s.state === 'speaking' ||
      s.state === 'connecting';
    if (!busy && Date.now() - quietSince >= 400) return;
    await page.waitForTimeout(50);
  }
}

async function waitUntil(
  page: Page,
  pred: (s: WidgetSnapshot) => boolean,
  timeoutMs: number,
): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (pred(await snapshot(page))) return;
    await page.waitForTimeout(50);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for the widget`);
}

export function markdownReport(results: ScenarioResult[]): string {
  const lines = [
    `# Simulation report`,
    '',
    `${results.filter((r) => r.ok).length} of ${results.length} scenarios passed.`,
    '',
    '| scenario | result | time | barge-in ms | failed checks |',
    '|---|---|---|---|---|',
  ];
  for (const r of results) {
    const failed = r.checks.filter((c) => !c.ok).map((c) => `${c.name}: ${c.detail}`);
    if (r.error) failed.unshift(`error: ${r.error}`);
    lines.push(
      `| ${r.name} | ${r.ok ? 'pass' : '**FAIL**'} | ${(r.durationMs / 1000).toFixed(1)} s | ${r.bargeInMs.join(', ') || '—'} | ${failed.join('<br>') || '—'} |`,
    );
  }
  return lines.join('\n') + '\n';
}

export async function writeReport(dir: string, results: ScenarioResult[]): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'report.json'), JSON.stringify(results, null, 2));
  await writeFile(join(dir, 'report.md'), markdownReport(results));
}
