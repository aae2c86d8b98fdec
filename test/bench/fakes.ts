/**
 * The providers both phases talk to: the protocol fakes (test/fakes/) at fixed latencies, the
 * replies they give, and where the caller's speech ends as the STT fake hears it.
 */
import { startCartesiaFake } from '../fakes/cartesia.js';
import { SPEECH_RMS, startDeepgramFake } from '../fakes/deepgram.js';
import { speechFakesEnv } from '../fakes/speech-env.js';
import { startOpenAIFake } from '../fakes/openai.js';

/**
 * `deepgram-cartesia`: the shipped pipeline (Deepgram streaming STT, OpenAI LLM, Cartesia TTS);
 * `openai`: OpenAI's STT, LLM and TTS, the configuration OPENAI_API_KEY alone gives.
 */
export type Pipeline = 'deepgram-cartesia' | 'openai';
export const PIPELINES: readonly Pipeline[] = ['openai', 'deepgram-cartesia'];

/** The fakes' fixed latencies while a conversation is measured, in ms. */
export const LATENCY = { stt: 150, llm: 250, tts: 200 };
/**
 * overhead_ms is voice-to-voice minus the fakes' configured latencies (STT + LLM first token +
 * TTS first byte), as the issue defines it. The STT latency runs from the end of speech to the
 * final transcript, the fake's endpointing inside it (the Deepgram fake's `latencyMs`). On the
 * production pipeline the reply is generated and synthesized preemptively, so the 500 ms
 * endpointing delay overlaps the providers; what is left is the page's capture and playback, the
 * hops to the server and the framework. On the OpenAI pipeline each utterance is transcribed only
 * after the VAD has heard VAD_SILENCE_MS of silence, so that silence is inside overhead too.
 */
export const VAD_SILENCE_MS = 250;
export const PROVIDER_MS = LATENCY.stt + LATENCY.llm + LATENCY.tts;
/**
 * The Deepgram fake hears speech in 10 ms blocks and ends an utterance after 100 ms of quiet,
 * inside the 150 ms its latency stands for (the plugin asks real Deepgram for a 25 ms endpoint).
 */
export const DEEPGRAM_ENDPOINT = { blockMs: 10, endpointingMs: 100 };

/** What the callers say: a turn, and a request for a long answer (to speak over). */
export const ROME = 'I want to fly to Rome';
export const TOKYO = 'Tell me about Tokyo';

/** The LLM fake's replies: a short one, and a long one to speak over (barge-in). */
export const SHORT = 'Sure. Which city are you flying from?';
export const LONG =
  'Tokyo has two airports, Narita and Haneda. Haneda is closer to the city centre, and many airlines fly there every day. ' +
  'Narita is further out, but it often has cheaper fares, and the express train takes about an hour to the centre.';
/** The agent's greeting, which the OpenAI fake synthesizes ahead (`prewarm`). */
export const GREETING = 'Hi! Where would you like to fly?';

/**
 * Index just past the caller's speech (16 kHz) as the Deepgram fake hears it: the end of the
 * last window of its block length whose RMS reaches its speech threshold (-40 dBFS); espeak pads
 * its output with silence. The fake's latency runs from that point, so voice-to-voice minus the
 * latency charges the agent with none of the fake's time. (The last sample above -30 dBFS, used
 * before, put the end ~10 ms before the fake's, and that 10 ms was counted as overhead.)
 */
export function speechEnd(pcm: Int16Array): number {
  const w = DEEPGRAM_ENDPOINT.blockMs * 16;
  let sum = 0;
  let end = 0;
  for (let i = 0; i < pcm.length; i++) {
    sum += (pcm[i]! / 32768) ** 2;
    if (i >= w) sum -= (pcm[i - w]! / 32768) ** 2;
    if (i >= w - 1 && Math.sqrt(Math.max(0, sum) / w) >= SPEECH_RMS) end = i + 1;
  }
  return end || pcm.length;
}

/**
 * The Deepgram and Cartesia fakes the production pipeline (`--pipeline deepgram-cartesia`) talks
 * to, and the server environment that points at them; undefined for the OpenAI pipeline. The
 * fakes read their options when they answer, so `setLatency` applies to the next request.
 */
export async function productionFakes(
  pipeline: Pipeline,
  transcripts: string[],
  latency: { stt: number; tts: number },
) {
  if (pipeline !== 'deepgram-cartesia') return undefined;
  const deepgramOptions = { transcripts, ...DEEPGRAM_ENDPOINT, latencyMs: latency.stt };
  const cartesiaOptions = { latencyMs: latency.tts };
  const deepgram = await startDeepgramFake(deepgramOptions);
  const cartesia = await startCartesiaFake(cartesiaOptions);
  return {
    deepgram,
    cartesia,
    env: speechFakesEnv(deepgram, cartesia),
    setLatency(l: { stt: number; tts: number }) {
      deepgramOptions.latencyMs = l.stt;
      cartesiaOptions.latencyMs = l.tts;
    },
    async close() {
      await deepgram.close();
      await cartesia.close();
    },
  };
}

export type ProductionFakes = NonNullable<Awaited<ReturnType<typeof productionFakes>>>;

/**
 * The fakes both load phases (local and LiveKit) run their callers against: every utterance is
 * heard as {@link ROME} and answered with {@link SHORT}, and the server environment that points at
 * them, with the caps that would otherwise refuse the load.
 */
export async function loadFakes(pipeline: Pipeline) {
  const openai = await startOpenAIFake({
    rules: [{ when: () => true, reply: { text: SHORT } }],
    latencyMs: LATENCY,
    transcripts: Array<string>(100_000).fill(ROME),
  });
  await openai.prewarm([GREETING, SHORT]);
  const fakes = await productionFakes(pipeline, Array<string>(100_000).fill(ROME), LATENCY);
  return {
    env: {
      OPENAI_API_KEY: 'sk-test-fake',
      OPENAI_BASE_URL: openai.baseURL,
      ...fakes?.env,
      POLYGLOT_MAX_SESSIONS: '1000',
      POLYGLOT_SESSIONS_PER_IP_PER_MINUTE: '100000',
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'error',
    },
    async close() {
      await openai.close();
      await fakes?.close();
    },
  };
}
