/**
 * The production path, end to end: the demo page asks `POST /api/session` for a session and gets
 * a LiveKit descriptor, the widget joins a room on a real LiveKit server over WebRTC, LiveKit
 * dispatches `polyglot worker`, and the production pipeline (Deepgram, GPT-4o, Cartesia, Duffel;
 * here their protocol fakes) answers. The caller is espeak-ng speech on Chromium's fake
 * microphone. Everything runs inside the network namespace `npm run test:livekit` makes.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { RoomServiceClient } from 'livekit-server-sdk';
import type { Browser, Page } from 'playwright-core';
import { speechWav } from '../fakes/audio.js';
import { startCartesiaFake, type CartesiaFake } from '../fakes/cartesia.js';
import { startDeepgramFake, type DeepgramFake } from '../fakes/deepgram.js';
import { speechFakesEnv } from '../fakes/speech-env.js';
import { duffelEnv, startDuffelFake, type DuffelFake } from '../fakes/duffel.js';
import type { LlmRule } from '../fakes/openai.js';
import {
  instrument,
  launchChromium,
  startStack,
  startTalking,
  waitForWidget,
  type Stack,
  type WidgetSnapshot,
} from '../e2e/harness.js';

const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

const SPANISH_REQUEST = 'Quiero volar de Madrid a Londres el lunes';
const TYPED = 'Y para dos personas, por favor';
const TYPED_REPLY = 'Para dos personas, perfecto. ¿Busco de nuevo?';

const rules: LlmRule[] = [
  // The model reads out what the tool returned.
  {
    when: ({ lastTool }) => lastTool !== undefined,
    reply: ({ lastTool }) => ({ text: lastTool! }),
  },
  {
    when: ({ lastUser }) => /dos personas/.test(lastUser),
    reply: { text: TYPED_REPLY },
  },
  {
    when: ({ lastUser, lastTool }) => lastTool === undefined && /Madrid/.test(lastUser),
    reply: {
      toolCall: {
        name: 'search_flights',
        arguments: {
          origin: 'Madrid',
          destination: 'London, UK',
          departure_date: inDays(10),
          language: 'es',
        },
      },
    },
  },
];

/** A figure from the worker's `/metrics`. */
async function workerMetric(stack: Stack, name: string): Promise<number> {
  const text = await (await fetch(`${stack.worker!.httpUrl}/metrics`)).text();
  const m = new RegExp(`^${name} (\\d+)`, 'm').exec(text);
  assert.ok(m, `${name} in ${text}`);
  return Number(m[1]);
}

const lines = (s: WidgetSnapshot) => s.transcript.map((t) => `${t.turn} ${t.role}: ${t.text}`);

describe('LiveKit runtime: the widget, a real LiveKit server and `polyglot worker`', () => {
  let stack: Stack;
  let deepgram: DeepgramFake;
  let cartesia: CartesiaFake;
  let duffel: DuffelFake;
  let browser: Browser | undefined;

  before(async () => {
    deepgram = await startDeepgramFake({
      transcripts: [{ text: SPANISH_REQUEST, language: 'es' }],
    });
    cartesia = await startCartesiaFake();
    duffel = await startDuffelFake({ offerCount: 3 });
    stack = await startStack(
      { rules },
      {
        ...speechFakesEnv(deepgram, cartesia),
        ...duffelEnv(duffel.url),
      },
      'livekit',
    );
  });
  after(async () => {
    await browser?.close();
    await stack?.close();
    await Promise.all([deepgram?.close(), cartesia?.close(), duffel?.close()]);
  });

  it('greets, finds flights for a spoken Spanish request, and answers typed text', async () => {
    const wav = await speechWav([{ text: SPANISH_REQUEST, voice: 'es' }], { leadS: 6, tailS: 20 });
    browser = await launchChromium(wav);
    const page: Page = await browser.newPage();
    await instrument(page);
    await startTalking(page, stack.server.url);

    // The greeting, then the spoken request, then the flights: cards and a spoken summary.
    let s = await waitForWidget(
      page,
      (w) =>
        w.transcript.some((t) => t.role === 'assistant' && t.final && /\d/.test(t.text)) &&
        w.state === 'listening',
      60_000,
    );
    const cards = await page.locator('polyglot-assistant [part~="flight-card"]').count();
    assert.ok(cards >= 1, `flight cards shown: ${cards}; transcript ${JSON.stringify(lines(s))}`);
    assert.equal(duffel.searchCount, 1, 'one search reached the flight provider');
    const t = s.transcript;
    const greet = t.findIndex((x) => x.role === 'assistant' && x.final);
    const asked = t.findIndex((x) => x.role === 'user' && x.text === SPANISH_REQUEST && x.final);
    const answered = t.findIndex(
      (x, i) => i > asked && x.role === 'assistant' && /\d/.test(x.text),
    );
    assert.ok(greet >= 0 && greet < asked && asked < answered, JSON.stringify(lines(s)));
    assert.ok(t[asked]!.turn < t[answered]!.turn || t[asked]!.turn === t[answered]!.turn);
    // The caller's speech crossed WebRTC to the worker and on to Deepgram as audio.
    assert.ok(deepgram.utterances.some((u) => u.returned === SPANISH_REQUEST));
    // The voice spoke the greeting, then the answer in Spanish.
    const spoken = cartesia.requests.filter((r) => r.transcript.trim());
    assert.ok(spoken.length >= 2, `Cartesia requests: ${spoken.length}`);
    assert.equal(spoken.at(-1)!.language, 'es', 'the answer is voiced in Spanish');
    assert.ok(s.states.includes('speaking'), `states ${s.states.join(',')}`);

    // Typed input goes over lk.chat and gets its own turn, after the flights.
    await page.locator('polyglot-assistant [part="text-input"]').fill(TYPED);
    await page.locator('polyglot-assistant [part="text-input"]').press('Enter');
    s = await waitForWidget(
      page,
      (w) => w.transcript.some((x) => x.role === 'assistant' && x.final && x.text === TYPED_REPLY),
      30_000,
    );
    const typedAt = s.transcript.findIndex((x) => x.role === 'user' && x.text === TYPED);
    const typedReply = s.transcript.findIndex((x) => x.text === TYPED_REPLY);
    assert.ok(typedAt > answered && typedReply > typedAt, JSON.stringify(lines(s)));
    assert.deepEqual(s.errors, []);

    // The worker reports its jobs like `serve` does: one scrape covers the call it just held.
    const metrics = await (await fetch(`${stack.worker!.httpUrl}/metrics`)).text();
    assert.match(metrics, /^polyglot_sessions_total [1-9]/m, metrics);
    assert.match(metrics, /^polyglot_state_sessions [1-9]/m);
    assert.match(
      metrics,
      /^polyglot_turn_latency_seconds_count{stage="llm_ttft"} [1-9]/m,
      'turn latencies reached the worker',
    );
    const health = (await (await fetch(`${stack.worker!.httpUrl}/healthz`)).json()) as {
      runtime: string;
      sessions: number;
    };
    assert.equal(health.runtime, 'livekit');
    assert.equal(health.sessions, 1, 'the call is still open');
  });

  it('serves a session token once: a replayed token opens no second session, and its caller is told', async () => {
    browser ??= await launchChromium(await speechWav([{ text: 'hola', voice: 'es' }]));
    // The first caller: the widget asks for a session; the test keeps the answer.
    const first = await browser.newPage();
    let descriptor = '';
    await first.route('**/api/session', async (route) => {
      const response = await route.fetch();
      descriptor = await response.text();
      await route.fulfill({ response });
    });
    await instrument(first);
    const totalBefore = await workerMetric(stack, 'polyglot_sessions_total');
    await startTalking(first, stack.server.url);
    const greeted = await waitForWidget(
      first,
      (w) => w.transcript.some((t) => t.role === 'assistant' && t.final),
      30_000,
    );
    assert.ok(greeted.transcript.length > 0, 'the first caller was greeted');
    assert.equal(await workerMetric(stack, 'polyglot_sessions_total'), totalBefore + 1);
    const { token } = JSON.parse(descriptor) as { token: string };
    const room = (
      JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as {
        video: { room: string };
      }
    ).video.room;

    // The call ends (its job with it) and its room goes, as LiveKit removes an empty room.
    const openBefore = await workerMetric(stack, 'polyglot_sessions_active');
    await first.close();
    for (let i = 0; i < 100; i++) {
      if ((await workerMetric(stack, 'polyglot_sessions_active')) < openBefore) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const lk = stack.livekit!;
    const rooms = new RoomServiceClient(lk.url.replace(/^ws/, 'http'), lk.apiKey, lk.apiSecret);
    if ((await rooms.listRooms([room])).length > 0) await rooms.deleteRoom(room);
    const rejectedBefore = await workerMetric(stack, 'polyglot_sessions_rejected_total');

    // The same token again, still within its lifetime: LiveKit recreates the room and dispatches
    // the agent, and the worker refuses the job before spending a process on it.
    const replay = await browser.newPage();
    await replay.route('**/api/session', (route) =>
      route.fulfill({ status: 200, contentType: 'application/json', body: descriptor }),
    );
    await instrument(replay);
    await startTalking(replay, stack.server.url);
    const s = await waitForWidget(replay, (w) => w.state === 'error', 30_000);
    assert.equal(s.state, 'error', `states ${s.states.join(',')}`);
    assert.deepEqual(
      s.errors.map((e) => e.code),
      ['provider_unavailable'],
    );
    assert.deepEqual(s.transcript, [], 'no assistant spoke in the replayed room');
    assert.equal(await workerMetric(stack, 'polyglot_sessions_total'), totalBefore + 1);
    assert.equal(await workerMetric(stack, 'polyglot_sessions_rejected_total'), rejectedBefore + 1);
    await replay.close();
  });
});
