/**
 * Boots the product as a user meets it: the real server and local runtime (production code,
 * unmodified) pointed at protocol fakes, and Debian's headless Chromium with a WAV file as its
 * microphone.
 */
import assert from 'node:assert/strict';
import { initializeLogger, log } from '@livekit/agents';
import { chromium, type Browser, type Page } from 'playwright-core';
import { loadConfig } from '../../agent/src/config.js';
import { startServer, type RunningServer } from '../../agent/src/server/http.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../sdk/scripts/chromium.mjs';
import type { TransportStats } from '../../sdk/src/transport/transport.js';
import type {
  PolyglotCitationsDetail,
  PolyglotHandoffDetail,
} from '../../sdk/src/events/events.js';
import {
  startOpenAIFake,
  type LlmRule,
  type OpenAIFake,
  type OpenAIFakeOptions,
} from '../fakes/openai.js';
import {
  NETNS_SERVER_PORT,
  serverAddress,
  startLiveKitServer,
  startWorker,
  type LiveKitServer,
  type WorkerProcess,
} from './livekit-stack.js';

let loggerReady = false;

/** Which runtime carries the voice: our WebSocket, or a real LiveKit server and worker. */
export type Runtime = 'local' | 'livekit';

export interface Stack {
  runtime: Runtime;
  openai: OpenAIFake;
  server: RunningServer;
  /** LiveKit runtime only: the LiveKit server and the `polyglot worker` process. */
  livekit?: LiveKitServer;
  worker?: WorkerProcess;
  close(): Promise<void>;
}

export async function startStack(
  fakeOptions: OpenAIFakeOptions,
  env: Record<string, string> = {},
  runtime: Runtime = 'local',
): Promise<Stack> {
  if (!loggerReady) {
    initializeLogger({ pretty: false, level: process.env.LOG_LEVEL ?? 'warn' });
    loggerReady = true;
  }
  const openai = await startOpenAIFake(fakeOptions);
  const fullEnv = {
    OPENAI_API_KEY: 'sk-test-fake',
    OPENAI_BASE_URL: openai.baseURL,
    PORT: '0',
    // The server's session threads log at this level too.
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    ...env,
  };
  const livekit = runtime === 'livekit' ? await startLiveKitServer() : undefined;
  if (livekit) {
    Object.assign(fullEnv, {
      LIVEKIT_URL: livekit.url,
      LIVEKIT_API_KEY: livekit.apiKey,
      LIVEKIT_API_SECRET: livekit.apiSecret,
    });
  }
  // Served where the browser's namespace reaches it, on the port SERVER_ORIGIN names.
  if (livekit) {
    const host = serverAddress();
    Object.assign(fullEnv, {
      HOST: host,
      PORT: String(NETNS_SERVER_PORT),
      PUBLIC_URL: `http://${host}:${NETNS_SERVER_PORT}`,
    });
  }
  const worker = livekit ? await startWorker(fullEnv) : undefined;
  const server = await startServer({
    config: loadConfig(fullEnv),
    env: fullEnv,
    logger: log(),
    version: 'test',
  });
  return {
    runtime,
    openai,
    server,
    livekit,
    worker,
    async close() {
      await server.close();
      await worker?.stop();
      await livekit?.close();
      await openai.close();
    },
  };
}

/** The caller turn the voice e2e tests speak, and the reply the LLM fake gives it. */
export const MADRID_TURN = {
  utterance: 'I want to fly from Madrid to London next Monday',
  reply: 'Madrid to London next Monday, for one adult. Shall I search for flights?',
} as const;

/** A stack whose STT fake hears the Madrid utterance `times` times and whose LLM answers it. */
export function startMadridStack(times = 1): Promise<Stack> {
  return startStack({
    transcripts: Array<string>(times).fill(MADRID_TURN.utterance),
    rules: [
      { when: ({ lastUser }) => /madrid/i.test(lastUser), reply: { text: MADRID_TURN.reply } },
    ],
  });
}

/**
 * A typed flight search from Madrid to London and the LLM fake's part in it: the model calls
 * `search_flights`, then answers `found` once the tool has run (the console tests, both runtimes).
 */
const MADRID_FOUND = 'I found some flights from Madrid to London.';
export const MADRID_SEARCH = {
  typed: 'Flights from Madrid to London next Monday please',
  found: MADRID_FOUND,
  rules: [
    {
      when: ({ lastUser, lastTool }) => lastTool !== undefined && /Madrid/.test(lastUser),
      reply: { text: MADRID_FOUND },
    },
    {
      when: ({ lastUser, lastTool }) => lastTool === undefined && /Madrid/.test(lastUser),
      reply: {
        toolCall: {
          name: 'search_flights',
          arguments: {
            origin: 'Madrid',
            destination: 'London',
            departure_date: 'next Monday',
            language: 'en',
          },
        },
      },
    },
  ] as LlmRule[],
};

/** Opens the demo page at `url` and clicks the widget's microphone, as a caller does. */
export async function startTalking(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.locator('polyglot-assistant [part="mic-button"]').click();
}

/** The widget shows the caller's turn, then the reply it caused (by turn order, not arrival). */
export function assertReplyFollows(transcript: WidgetSnapshot['transcript']): void {
  const texts = transcript.map((t) => `${t.role}:${t.text}`);
  const userIdx = texts.indexOf(`user:${MADRID_TURN.utterance}`);
  const replyIdx = texts.indexOf(`assistant:${MADRID_TURN.reply}`);
  assert.ok(userIdx >= 0, `no user turn in ${JSON.stringify(texts)}`);
  assert.ok(replyIdx > userIdx, `reply must follow the user turn: ${JSON.stringify(texts)}`);
}

const BASE_ARGS = [
  ...CHROMIUM_ARGS,
  '--disable-quic',
  '--no-first-run',
  '--autoplay-policy=no-user-gesture-required',
  // WebRTC to the LiveKit server inside the LiveKit tests' namespace, on loopback.
  '--allow-loopback-in-peer-connection',
  // The LiveKit tests' page is served from the namespace's address, not localhost: the
  // microphone needs a secure context, which only localhost gets over plain HTTP.
  ...(process.env.POLYGLOT_NETNS_IP
    ? [`--unsafely-treat-insecure-origin-as-secure=http://${serverAddress()}:${NETNS_SERVER_PORT}`]
    : []),
];

/** Chromium for the simulator, whose microphone is driven from the page (see test/sim/mic.ts). */
export async function launchBrowser(opts: { headed?: boolean | undefined } = {}): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: !opts.headed,
    args: [...BASE_ARGS, '--use-fake-ui-for-media-stream'],
  });
}

/** Chromium whose microphone is Chromium's own fake device, playing `micWav` once. */
export async function launchChromium(micWav: string, extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      ...BASE_ARGS,
      ...extraArgs,
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      `--use-file-for-fake-audio-capture=${micWav}%noloop`,
    ],
  });
}

export interface WidgetSnapshot {
  state: string;
  transcript: {
    id: string;
    role: string;
    text: string;
    final: boolean;
    turn: number;
    interrupted?: boolean;
  }[];
  stats: TransportStats;
  states: string[];
  errors: { code: string; message: string }[];
  /** `polyglot-handoff` events the host page received, in order. */
  handoffs: PolyglotHandoffDetail[];
  /** The handoff links the widget shows (`part="handoff"`, `part="handoff-phone"`), if any. */
  handoffLinks: { page: string | null; phone: string | null };
  /** `polyglot-citations` events the host page received, in order. */
  citationEvents: PolyglotCitationsDetail[];
  /** The sources the widget lists under answers (`part="citation"`): text and link. */
  citations: { text: string; href: string | null }[];
  /** The widget's writing direction and UI language (its root's `dir` and `lang`). */
  dir: string | null;
  uiLang: string | null;
  /** The notice that replies are text only (`part="text-only"`): its words and the language it names. */
  textOnly: { text: string; lang: string | null } | null;
  /** The notice that the conversation's language is not heard (`part="not-heard"`). */
  notHeard: { text: string; lang: string | null } | null;
}

/** Records the widget's events from page load, for assertions. */
export async function instrument(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as {
      __pg: { states: string[]; errors: unknown[]; handoffs: unknown[]; citations: unknown[] };
    };
    w.__pg = { states: [], errors: [], handoffs: [], citations: [] };
    document.addEventListener('polyglot-state-change', (e) => {
      w.__pg.states.push((e as CustomEvent<{ newState: string }>).detail.newState);
    });
    document.addEventListener('polyglot-error', (e) =>
      w.__pg.errors.push((e as CustomEvent).detail),
    );
    document.addEventListener('polyglot-handoff', (e) =>
      w.__pg.handoffs.push((e as CustomEvent).detail),
    );
    document.addEventListener('polyglot-citations', (e) =>
      w.__pg.citations.push((e as CustomEvent).detail),
    );
  });
}

export async function snapshot(page: Page): Promise<WidgetSnapshot> {
  return page.evaluate(() => {
    const el = document.querySelector('polyglot-assistant') as unknown as {
      state: string;
      transcript: WidgetSnapshot['transcript'];
      stats: WidgetSnapshot['stats'];
    };
    const w = window as unknown as {
      __pg: {
        states: string[];
        errors: WidgetSnapshot['errors'];
        handoffs: WidgetSnapshot['handoffs'];
        citations?: WidgetSnapshot['citationEvents'];
      };
    };
    // No named functions in here: tsx's transform would wrap them in a helper the page lacks.
    const root = (el as unknown as HTMLElement).shadowRoot;
    return {
      state: el.state,
      transcript: el.transcript.map((s) => ({ ...s })),
      stats: { ...el.stats },
      states: [...w.__pg.states],
      errors: [...w.__pg.errors],
      handoffs: [...(w.__pg.handoffs ?? [])],
      handoffLinks: {
        page: root?.querySelector('[part="handoff"]')?.getAttribute('href') ?? null,
        phone: root?.querySelector('[part="handoff-phone"]')?.getAttribute('href') ?? null,
      },
      citationEvents: [...(w.__pg.citations ?? [])],
      citations: [...(root?.querySelectorAll('[part~="citation"]') ?? [])].map((c) => ({
        text: c.textContent?.trim() ?? '',
        href: c.getAttribute('href'),
      })),
      dir: root?.querySelector('.root')?.getAttribute('dir') ?? null,
      uiLang: root?.querySelector('.root')?.getAttribute('lang') ?? null,
      textOnly:
        [...(root?.querySelectorAll('[part="text-only"]') ?? [])].map((n) => ({
          text: n.textContent?.trim() ?? '',
          lang: n.getAttribute('data-lang'),
        }))[0] ?? null,
      notHeard:
        [...(root?.querySelectorAll('[part="not-heard"]') ?? [])].map((n) => ({
          text: n.textContent?.trim() ?? '',
          lang: n.getAttribute('data-lang'),
        }))[0] ?? null,
    };
  });
}

/** Polls the widget until `done` holds or `timeoutMs` passes; returns the last snapshot. */
export async function waitForWidget(
  page: Page,
  done: (s: WidgetSnapshot) => boolean,
  timeoutMs = 30_000,
): Promise<WidgetSnapshot> {
  const end = Date.now() + timeoutMs;
  let s = await snapshot(page);
  while (!done(s) && Date.now() < end) {
    await page.waitForTimeout(100);
    s = await snapshot(page);
  }
  return s;
}
