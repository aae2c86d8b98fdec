/**
 * The production voice pipeline with Deepgram and Cartesia keys, against protocol fakes of their
 * WebSockets: a caller's speech goes in over the local runtime's socket, Deepgram's transcript
 * reaches the LLM, and Cartesia's audio comes back. No browser.
 */
import { initializeLogger, log } from '@livekit/agents';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { speakPcm } from '../../../test/fakes/audio.js';
import { startCartesiaFake, type CartesiaFake } from '../../../test/fakes/cartesia.js';
import {
  startDeepgramFake,
  type DeepgramFake,
  type DeepgramFakeOptions,
} from '../../../test/fakes/deepgram.js';
import {
  startOpenAIFake,
  type OpenAIFake,
  type OpenAIFakeOptions,
} from '../../../test/fakes/openai.js';
import { loadConfig } from '../config.js';
import { connectTestClient, silencePcm, type TestClient } from '../runtimes/local/test-client.js';
import { startServer, type RunningServer } from '../server/http.js';
import { buildPipeline } from './index.js';

initializeLogger({ pretty: false, level: process.env.LOG_LEVEL ?? 'fatal' });

/** The server with all three production keys, each provider a protocol fake. */
async function startProductionStack(
  openaiOptions: OpenAIFakeOptions,
  deepgramOptions: DeepgramFakeOptions,
): Promise<{
  openai: OpenAIFake;
  deepgram: DeepgramFake;
  cartesia: CartesiaFake;
  server: RunningServer;
}> {
  const openai = await startOpenAIFake(openaiOptions);
  const deepgram = await startDeepgramFake(deepgramOptions);
  const cartesia = await startCartesiaFake();
  const env = {
    PORT: '0',
    OPENAI_API_KEY: 'sk-test',
    OPENAI_BASE_URL: openai.baseURL,
    DEEPGRAM_API_KEY: 'dg-test',
    DEEPGRAM_BASE_URL: deepgram.baseUrl,
    CARTESIA_API_KEY: 'ca-test',
    CARTESIA_BASE_URL: cartesia.baseUrl,
  };
  const server = await startServer({
    config: loadConfig(env),
    env,
    logger: log(),
    version: 'test',
  });
  return { openai, deepgram, cartesia, server };
}

const EN = 'I want to fly from Madrid to London next Monday';
const ES = 'Mejor quiero volar de Madrid a Roma el viernes';

describe('Deepgram + Cartesia pipeline through the local runtime', () => {
  let openai: OpenAIFake;
  let deepgram: DeepgramFake;
  let cartesia: CartesiaFake;
  let server: RunningServer;
  let client: TestClient;

  before(async () => {
    ({ openai, deepgram, cartesia, server } = await startProductionStack(
      {
        rules: [
          {
            when: ({ lastUser }) => lastUser === EN,
            reply: { text: 'Madrid to London, next Monday. Shall I search?' },
          },
          {
            when: ({ lastUser }) => lastUser === ES,
            reply: { text: 'De Madrid a Roma el viernes. ¿Busco vuelos?' },
          },
        ],
      },
      {
        transcripts: [
          { text: EN, language: 'en' },
          { text: ES, language: 'es' },
        ],
      },
    ));
  });
  after(async () => {
    client?.close();
    await server.close();
    await Promise.all([openai.close(), deepgram.close(), cartesia.close()]);
  });

  it('buildPipeline picks Deepgram nova-3 multi and Cartesia from their keys', () => {
    const p = buildPipeline(
      loadConfig({ OPENAI_API_KEY: 'k', DEEPGRAM_API_KEY: 'd', CARTESIA_API_KEY: 'c' }),
    );
    assert.equal(p.choice.stt, 'deepgram');
    assert.equal(p.choice.tts, 'cartesia');
    assert.deepEqual(p.stt.route[0], {
      provider: 'deepgram',
      model: 'nova-3',
      language: 'multi',
      detects: true,
    });
    assert.deepEqual(p.stt.route[1]?.provider, 'openai', 'OpenAI is the failover');
    assert.deepEqual(
      p.tts.route.map((r) => r.provider),
      ['cartesia', 'openai'],
    );
    assert.equal(p.tts.route[0]?.provider === 'cartesia' && p.tts.route[0].model, 'sonic-3');
  });

  it('greets, hears the caller through Deepgram, answers, and speaks through Cartesia', async () => {
    const res = await fetch(`${server.url}/api/session`, { method: 'POST', body: '{"lang":"en"}' });
    const d = (await res.json()) as { url: string; token: string };
    client = await connectTestClient(d.url);
    client.send({ type: 'hello', protocol: 1, token: d.token, lang: 'en' });
    await client.waitFor((m) => m.type === 'ready');
    // The greeting is spoken by Cartesia: audio arrives and the request was in English.
    await client.waitFor((m) => m.type === 'audio_end', 20_000);
    assert.ok(cartesia.requests.some((r) => r.language === 'en' && /fly/.test(r.transcript)));
    assert.equal(cartesia.connections[0]?.apiKey, 'ca-test');
    assert.ok([...client.audio.values()][0]! > 24_000, 'greeting audio under 0.5 s');

    // At a microphone's pace, so end-of-utterance timing is real (the /metrics test reads it).
    await client.streamPcm(Buffer.concat([await speakPcm(EN, 'en-us', 16_000), silencePcm(1.5)]));
    await client.waitFor(
      (m) => m.type === 'transcript' && m.role === 'user' && m.final && m.text === EN,
      20_000,
    );
    // An interim result arrived first and was replaced in place by the final, same segment id.
    const userSegs = client.messages.filter((m) => m.type === 'transcript' && m.role === 'user');
    const interim = userSegs.find((m) => m.type === 'transcript' && !m.final);
    const final = userSegs.find((m) => m.type === 'transcript' && m.final);
    assert.ok(interim && final, `user segments: ${JSON.stringify(userSegs)}`);
    assert.equal(interim.type === 'transcript' && interim.text, 'I want to fly from');
    assert.equal(
      interim.type === 'transcript' && interim.id,
      final.type === 'transcript' && final.id,
    );
    assert.ok(userSegs.indexOf(interim) < userSegs.indexOf(final));
    const conn = deepgram.connections[0]!;
    assert.deepEqual(conn.query.model, ['nova-3']);
    assert.deepEqual(conn.query.language, ['multi']);
    assert.deepEqual(conn.query.encoding, ['linear16']);
    assert.equal(conn.authorization, 'Token dg-test');
    assert.ok(deepgram.utterances[0]!.speechSeconds > 1, 'the fake heard real speech');
    // The patched plugin sends each 32 ms frame as it comes (1024 bytes at 16 kHz): audio held
    // back delays the endpoint and so every reply (docs/architecture.md § Patched dependencies).
    assert.ok(
      conn.largestChunkBytes > 0 && conn.largestChunkBytes <= 1024,
      `largest audio message ${conn.largestChunkBytes} bytes`,
    );

    await client.until(
      () => cartesia.requests.some((r) => /Shall I search/.test(r.transcript)),
      20_000,
      'reply sent to Cartesia',
    );
    const segmentsBefore = client.audio.size;
    await client.until(
      () =>
        client.audio.size > 1 && client.messages.filter((m) => m.type === 'audio_end').length >= 2,
      20_000,
      'reply audio',
    );
    assert.ok(client.audio.size >= segmentsBefore);
    const reply = cartesia.requests.find((r) => /Shall I search/.test(r.transcript))!;
    assert.equal(reply.language, 'en');
    assert.equal(reply.add_timestamps, true);
    assert.equal(reply.output_format.encoding, 'pcm_s16le');
  });

  it('switches the voice to the language Deepgram detects when the caller changes language', async () => {
    client.sendPcm(await speakPcm(ES, 'es', 16_000));
    client.sendPcm(silencePcm(2));
    const seg = await client.waitFor(
      (m) => m.type === 'transcript' && m.role === 'user' && m.final && m.text === ES,
      20_000,
    );
    assert.equal(seg.type === 'transcript' && seg.language, 'es');
    await client.until(
      () => cartesia.requests.some((r) => /Roma/.test(r.transcript)),
      20_000,
      'Spanish reply sent to Cartesia',
    );
    const spanish = cartesia.requests.filter((r) => /Roma|Busco/.test(r.transcript));
    assert.ok(spanish.length > 0);
    for (const r of spanish)
      assert.equal(r.language, 'es', `"${r.transcript}" sent as ${r.language}`);
    const reply = await client.waitFor(
      (m) => m.type === 'transcript' && m.role === 'assistant' && m.final && /Roma/.test(m.text),
      20_000,
    );
    assert.equal(reply.type === 'transcript' && reply.language, 'es');
  });

  it('GET /metrics shows per-stage latency of the conversation, and /healthz summarises it', async (t) => {
    const text = await (await fetch(`${server.url}/metrics`)).text();
    const count = (stage: string) =>
      Number(
        new RegExp(`^polyglot_turn_latency_seconds_count\\{stage="${stage}"\\} (\\d+)$`, 'm').exec(
          text,
        )?.[1] ?? -1,
      );
    for (const stage of ['eou', 'llm_ttft', 'tts_ttfb', 'voice_to_voice']) {
      assert.ok(count(stage) >= 1, `no ${stage} latency in /metrics:\n${text}`);
    }
    const health = (await (await fetch(`${server.url}/healthz`)).json()) as {
      latency: { turns: number; stages: Record<string, { p50Ms: number | null }> };
    };
    assert.ok(health.latency.turns >= 1);
    t.diagnostic(`latency: ${JSON.stringify(health.latency)}`);
    const v2v = health.latency.stages.voice_to_voice!.p50Ms!;
    assert.ok(v2v > 0 && v2v < 20_000, `voice-to-voice p50 ${v2v} ms`);
  });

  it('closing the session closes its Deepgram stream and Cartesia socket', async () => {
    client.close();
    await client.closed;
    await client.until(() => server.runtime.activeSessions === 0, 10_000, 'session closed');
    await client.until(
      () => deepgram.connections.every((c) => c.closed) && cartesia.open === 0,
      10_000,
      'provider sockets closed',
    );
    // The plugin ended its Deepgram stream the documented way, not by dropping the socket.
    assert.ok(
      deepgram.connections.every((c) => c.controlMessages.includes('CloseStream')),
      JSON.stringify(deepgram.connections.map((c) => c.controlMessages)),
    );
  });
});

describe('barge-in with Deepgram + Cartesia, at a speaker’s pace', () => {
  const ASK = 'Tell me about flights to Tokyo';
  const STOP = 'Wait stop please';
  const LONG =
    'There are several ways to fly to Tokyo from Europe. Most flights go through a hub such as ' +
    'Frankfurt, Paris or Helsinki. Direct flights take about fourteen hours. Connecting flights ' +
    'can be cheaper but take longer. Tell me your dates and I will search for you.';
  let openai: OpenAIFake;
  let deepgram: DeepgramFake;
  let cartesia: CartesiaFake;
  let server: RunningServer;

  before(async () => {
    ({ openai, deepgram, cartesia, server } = await startProductionStack(
      {
        rules: [
          { when: ({ lastUser }) => lastUser === ASK, reply: { text: LONG } },
          { when: ({ lastUser }) => lastUser === STOP, reply: { text: 'Of course, I stopped.' } },
        ],
      },
      { transcripts: [ASK, STOP] },
    ));
  });
  after(async () => {
    await server.close();
    await Promise.all([openai.close(), deepgram.close(), cartesia.close()]);
  });

  it('stops the reply, cuts its transcript where playback stopped, and answers the interruption', async (t) => {
    const res = await fetch(`${server.url}/api/session`, { method: 'POST', body: '{"lang":"en"}' });
    const d = (await res.json()) as { url: string; token: string };
    const c = await connectTestClient(d.url, { realtimePlayback: true });
    try {
      c.send({ type: 'hello', protocol: 1, token: d.token, lang: 'en' });
      // The greeting plays to the end, then the agent listens.
      await c.waitFor((m) => m.type === 'audio_end', 20_000);
      await c.until(
        () =>
          c.messages.filter((m) => m.type === 'agent_state').at(-1)?.type === 'agent_state' &&
          (c.messages.filter((m) => m.type === 'agent_state').at(-1) as { state: string }).state ===
            'listening',
        20_000,
        'listening after the greeting',
      );
      const replyStart = c.messages.length;
      await c.streamPcm(Buffer.concat([await speakPcm(ASK, 'en-us', 16_000), silencePcm(1.2)]));
      await c.until(
        () => c.messages.slice(replyStart).some((m) => m.type === 'audio_start'),
        20_000,
        'the reply starts playing',
      );
      // Two seconds into the reply, the caller talks over it.
      await c.streamPcm(
        Buffer.concat([silencePcm(2), await speakPcm(STOP, 'en-us', 16_000), silencePcm(1.2)]),
      );
      await c.waitFor((m) => m.type === 'audio_clear', 10_000);
      const cut = await c.waitFor(
        (m) =>
          m.type === 'transcript' &&
          m.role === 'assistant' &&
          m.final &&
          m.text.startsWith('There are'),
        10_000,
      );
      assert.ok(cut.type === 'transcript');
      assert.equal(cut.interrupted, true);
      assert.ok(cut.text.length > 0 && cut.text.length < LONG.length * 0.8, `kept: "${cut.text}"`);
      assert.ok(LONG.startsWith(cut.text), `"${cut.text}" is not what was said`);
      t.diagnostic(`heard before barge-in: "${cut.text}"`);
      await c.waitFor(
        (m) =>
          m.type === 'transcript' &&
          m.role === 'assistant' &&
          m.final &&
          m.text.includes('I stopped'),
        20_000,
      );
      // The model saw the reply as heard, not as generated.
      const last = openai.chatRequests.at(-1)!;
      const assistantSaid = last.messages
        .filter((m) => m.role === 'assistant')
        .map((m) => (typeof m.content === 'string' ? m.content : ''));
      assert.ok(!assistantSaid.includes(LONG), 'the model was told the whole reply was heard');
    } finally {
      c.close();
    }
  });
});
