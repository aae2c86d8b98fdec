/**
 * The operator console in LiveKit mode: the worker's main process serves `/console` on its
 * health port for the sessions its jobs run. A caller on the demo page talks over a real LiveKit
 * room; an operator (here the console's HTTP API, as the page calls it) finds the call, sees it
 * search flights while the search runs and then the offers the caller was shown, takes it over,
 * and their message reaches the caller's widget as a person's, over the room's `polyglot.events`
 * stream; the assistant stays silent when the caller answers; the operator gets a
 * microphone-only token for the room (join by voice), then ends the call, and the widget shows
 * it ended. Then, in a browser, the console page joins a call by voice and the caller's page
 * plays the operator's voice. Runs inside the namespace `npm run test:livekit` makes.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { hashPassword } from '../../agent/src/console/operators.js';
import type { HistoryEntry, SessionDetail, Snapshot } from '../../sdk/src/protocol/console.js';
import { rtcStatsScript } from '../bench/page-script.js';
import type { RtcAudioStats } from '../bench/page/rtc-stats.js';
import { speechWav } from '../fakes/audio.js';
import { startCartesiaFake, type CartesiaFake } from '../fakes/cartesia.js';
import { startDeepgramFake, type DeepgramFake } from '../fakes/deepgram.js';
import { speechFakesEnv } from '../fakes/speech-env.js';
import { duffelEnv, startDuffelFake, type DuffelFake } from '../fakes/duffel.js';
import {
  instrument,
  launchChromium,
  MADRID_SEARCH,
  startStack,
  startTalking,
  waitForWidget,
  type Stack,
} from '../e2e/harness.js';
import { NETNS_SERVER_PORT, serverAddress } from '../e2e/livekit-stack.js';

const PASSWORD = 'a console passphrase';
const OPERATOR_SAYS = 'Hello, this is Ana from support. I have your call now.';
const CALLER_TYPES = 'Thanks, I need to change my booking';
const { typed: SEARCH, found: FOUND } = MADRID_SEARCH;

describe('LiveKit runtime: the operator console on the worker', () => {
  let stack: Stack;
  let deepgram: DeepgramFake;
  let cartesia: CartesiaFake;
  let duffel: DuffelFake;
  let browser: Browser | undefined;
  let cookie = '';
  let csrf = '';

  before(async () => {
    deepgram = await startDeepgramFake({ transcripts: [] });
    cartesia = await startCartesiaFake();
    duffel = await startDuffelFake({ offerCount: 3 });
    stack = await startStack(
      {
        rules: [...MADRID_SEARCH.rules],
      },
      {
        ...duffelEnv(duffel.url),
        ...speechFakesEnv(deepgram, cartesia),
        POLYGLOT_OPERATORS: JSON.stringify([
          { username: 'ana', passwordHash: hashPassword(PASSWORD), role: 'admin' },
        ]),
      },
      'livekit',
    );
  });
  after(async () => {
    await browser?.close();
    await stack?.close();
    await Promise.all([deepgram?.close(), cartesia?.close(), duffel?.close()]);
  });

  /** The worker's console API, signed in as an operator would be from its page. */
  const api = async (path: string, init: RequestInit = {}) => {
    const origin = stack.worker!.httpUrl;
    const headers = new Headers(init.headers);
    headers.set('cookie', cookie);
    if (init.method === 'POST') {
      headers.set('origin', origin);
      headers.set('x-polyglot-csrf', csrf);
    }
    return fetch(`${origin}/console/api/${path}`, { ...init, headers });
  };

  it('takes a LiveKit call over by text, mints a voice token for its room, and ends it', async () => {
    const signIn = await fetch(`${stack.worker!.httpUrl}/console/api/sign-in`, {
      method: 'POST',
      headers: { origin: stack.worker!.httpUrl },
      body: JSON.stringify({ username: 'ana', password: PASSWORD }),
    });
    assert.equal(signIn.status, 200, await signIn.clone().text());
    cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0]!;
    csrf = ((await signIn.json()) as { csrf: string }).csrf;

    browser = await launchChromium(await speechWav([{ text: 'hola', voice: 'es' }]));
    const caller: Page = await browser.newPage();
    let room = '';
    await caller.route('**/api/session', async (route) => {
      const response = await route.fetch();
      const { token } = JSON.parse(await response.text()) as { token: string };
      room = (
        JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as {
          video: { room: string };
        }
      ).video.room;
      await route.fulfill({ response });
    });
    await instrument(caller);
    await startTalking(caller, stack.server.url);
    await waitForWidget(
      caller,
      (w) => w.transcript.some((t) => t.role === 'assistant' && t.final),
      30_000,
    );

    // The worker's console lists the call its job runs.
    const history = (await (await api('history')).json()) as { entries: HistoryEntry[] };
    const live = history.entries.filter((e) => e.endedAt === undefined);
    assert.equal(live.length, 1, JSON.stringify(history.entries));
    assert.equal(live[0]!.runtime, 'livekit');
    const id = live[0]!.id;

    // A flight search: the worker's console lists it while it runs (the Duffel fake holds its
    // answer), and the transcript keeps the offers the caller was shown, in brief.
    const events = await api('events');
    const reader = events.body!.getReader();
    let stream = '';
    const tools = () =>
      [...stream.matchAll(/^event: snapshot\ndata: (.*)$/gm)].map(
        (m) => (JSON.parse(m[1]!) as Snapshot).sessions.find((x) => x.id === id)?.tool ?? 'none',
      );
    const untilTools = async (pred: (t: string[]) => boolean) => {
      while (!pred(tools())) stream += new TextDecoder().decode((await reader.read()).value);
    };
    const release = duffel.hold();
    const input = caller.locator('polyglot-assistant [part="text-input"]');
    await input.fill(SEARCH);
    await input.press('Enter');
    await untilTools((t) => t.includes('search_flights'));
    release();
    await untilTools((t) => t.at(-1) === 'none' && t.includes('search_flights'));
    await reader.cancel();
    await waitForWidget(
      caller,
      (w) =>
        w.transcript.some((t) => t.text === FOUND && t.final) &&
        (w.state === 'listening' || w.state === 'ready'),
      30_000,
    );
    const searched = (await (await api(`sessions/${id}`)).json()) as SessionDetail;
    const flights = searched.transcript.filter((l) => l.role === 'flights');
    assert.equal(flights.length, 1, JSON.stringify(searched.transcript));
    assert.match(
      flights[0]!.text,
      /^3 offers, MAD → LON, \d{4}-\d{2}-\d{2}, cheapest [\d.]+ GBP \(duffel\)$/,
    );

    assert.equal((await api(`sessions/${id}/take-over`, { method: 'POST' })).status, 200);
    const said = await api(`sessions/${id}/message`, {
      method: 'POST',
      body: JSON.stringify({ text: OPERATOR_SAYS }),
    });
    assert.equal(said.status, 200, await said.clone().text());
    const shown = await waitForWidget(
      caller,
      (w) => w.transcript.some((t) => t.role === 'operator' && t.text === OPERATOR_SAYS),
      10_000,
    );
    assert.ok(shown.transcript.some((t) => t.role === 'operator' && t.text === OPERATOR_SAYS));
    const label = await caller
      .locator('polyglot-assistant [part~="message"][data-role="operator"] .who')
      .innerText();
    assert.match(label, /Support agent|Agente de soporte|agente/i);

    // The caller answers the person; the assistant stays silent while it is taken over.
    const llmCalls = stack.openai.chatRequests.length;
    await input.fill(CALLER_TYPES);
    await input.press('Enter');
    let detail: SessionDetail | undefined;
    for (let i = 0; i < 100; i++) {
      detail = (await (await api(`sessions/${id}`)).json()) as SessionDetail;
      if (detail.transcript.some((l) => l.role === 'user' && l.text === CALLER_TYPES)) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.ok(
      detail!.transcript.some((l) => l.role === 'user' && l.text === CALLER_TYPES),
      JSON.stringify(detail!.transcript),
    );
    assert.ok(detail!.transcript.some((l) => l.role === 'operator' && l.text === OPERATOR_SAYS));
    await new Promise((r) => setTimeout(r, 1_000)); // a reply would have been asked for by now
    assert.equal(stack.openai.chatRequests.length, llmCalls, 'the assistant did not answer');

    // Join by voice: a token for this call's room, microphone only, marked as an operator.
    const voice = await api(`sessions/${id}/join-voice`, { method: 'POST' });
    assert.equal(voice.status, 200, await voice.clone().text());
    const { url, token, identity } = (await voice.json()) as {
      url: string;
      token: string;
      identity: string;
    };
    assert.equal(url, stack.livekit!.url);
    assert.match(identity, /^operator-ana-/);
    const grant = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as {
      sub: string;
      attributes?: Record<string, string>;
      video: {
        room: string;
        roomJoin: boolean;
        canPublishSources: string[];
        canPublishData: boolean;
      };
    };
    assert.equal(grant.video.room, room, "the caller's own room");
    assert.equal(grant.video.roomJoin, true);
    assert.deepEqual(grant.video.canPublishSources, ['microphone']);
    assert.equal(grant.video.canPublishData, false);
    assert.equal(grant.attributes?.['polyglot.role'], 'operator');

    // The operator ends the call: the caller's widget shows it ended, the job goes.
    assert.equal((await api(`sessions/${id}/end`, { method: 'POST' })).status, 200);
    const ended = await waitForWidget(caller, (w) => w.state === 'idle', 15_000);
    assert.equal(ended.state, 'idle', `states ${ended.states.join(',')}`);
    assert.deepEqual(ended.errors, []);
    for (let i = 0; i < 100; i++) {
      detail = (await (await api(`sessions/${id}`)).json()) as SessionDetail;
      if (detail.endedAt !== undefined) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(detail!.endReason, 'ended by operator');
    const again = await api(`sessions/${id}/message`, {
      method: 'POST',
      body: JSON.stringify({ text: 'still there?' }),
    });
    assert.equal(again.status, 409, 'an ended call takes no more actions');
  });
  it('joins a call by voice from the console page: the caller’s page plays the operator’s voice', async () => {
    // The console page is served by the worker, on its own port: a secure context too, for the
    // microphone (the flag's last value wins, so the demo's origin is listed again).
    const consoleOrigin = `http://${serverAddress()}:${new URL(stack.worker!.httpUrl).port}`;
    const secure = `--unsafely-treat-insecure-origin-as-secure=http://${serverAddress()}:${NETNS_SERVER_PORT},${consoleOrigin}`;
    const callerBrowser = await launchChromium(await speechWav([{ text: 'hola', voice: 'es' }]), [
      secure,
    ]);
    // The operator's microphone (Chromium's fake device) speaks for several seconds.
    const operatorBrowser = await launchChromium(
      await speechWav(
        Array.from({ length: 3 }, () => ({ text: OPERATOR_SAYS })),
        { gapS: 0.3 },
      ),
      [secure],
    );
    try {
      const caller = await callerBrowser.newPage();
      // Every peer connection the widget opens, to read what it receives.
      await caller.addInitScript(rtcStatsScript());
      await instrument(caller);
      await startTalking(caller, stack.server.url);
      await waitForWidget(
        caller,
        (w) => w.transcript.some((t) => t.role === 'assistant' && t.final),
        30_000,
      );
      /** The caller page's received audio streams: id, bytes, and the energy it played. */
      const received = async () =>
        (
          await caller.evaluate(() =>
            (
              window as unknown as { __rtcAudioStats: () => Promise<RtcAudioStats> }
            ).__rtcAudioStats(),
          )
        ).inbound.map((r) => ({ id: r.trackId, bytes: r.bytes, energy: r.energy }));
      const agentOnly = new Set((await received()).map((r) => r.id));
      assert.equal(agentOnly.size, 1, 'the caller hears the agent’s track only, so far');

      const operator = await operatorBrowser.newPage();
      const pageLog: string[] = [];
      operator.on('console', (m) => pageLog.push(`${m.type()}: ${m.text()}`));
      operator.on('pageerror', (e) => pageLog.push(`error: ${e.message}`));
      await operator.goto(`${consoleOrigin}/console`);
      await operator.getByLabel('Username').fill('ana');
      await operator.getByLabel('Password').fill(PASSWORD);
      await operator.getByLabel('Password').press('Enter');
      await operator.locator('[part="session-entry"]').click();
      await operator.getByRole('button', { name: 'Join by voice' }).click();
      await operator
        .getByRole('button', { name: 'Leave the call' })
        .waitFor({ timeout: 15_000 })
        .catch(async (err: unknown) => {
          const alert = await operator.locator('[role="alert"]').allInnerTexts();
          throw new Error(`not joined: ${alert.join(' ')}; page: ${pageLog.join(' | ')}`, {
            cause: err,
          });
        });

      // A second audio stream reaches the caller's page, and it plays it: the operator's voice.
      let heard: { id: string; bytes: number; energy: number } | undefined;
      for (let i = 0; i < 150 && !heard; i++) {
        heard = (await received()).find((r) => !agentOnly.has(r.id) && r.energy > 0);
        if (!heard) await caller.waitForTimeout(100);
      }
      assert.ok(heard, `streams: ${JSON.stringify(await received())}`);
      assert.ok(heard.bytes > 0);

      // Leaving the call ends the operator's track for the caller.
      await operator.getByRole('button', { name: 'Leave the call' }).click();
      await operator.getByRole('button', { name: 'Join by voice' }).waitFor();
    } finally {
      await operatorBrowser.close();
      await callerBrowser.close();
    }
  });
});
