/**
 * The scenario format: a script of caller turns, the scripted fakes' behaviour, and what the
 * user must notice. Scenarios are data; `runner.ts` plays them against the real widget + agent.
 */
import type { CartesiaFake } from '../fakes/cartesia.js';
import type { DeepgramFake } from '../fakes/deepgram.js';
import type { DuffelFake } from '../fakes/duffel.js';
import type { LlmRule, OpenAIFake } from '../fakes/openai.js';
import type { WidgetSnapshot } from '../e2e/harness.js';

export type When =
  /** After the agent finished speaking and the widget is listening (the default). */
  | 'listening'
  /** Right away, whatever the agent is doing. */
  | 'now'
  /** Over the agent: once `ms` of its current reply has been heard. */
  | { afterAgentSpeakingMs: number };

export type Step =
  | {
      say: string;
      /** espeak-ng voice (en-us, es, fr, de, ja, ar…). */
      voice?: string;
      /** What the STT fake returns for this utterance ('' = no words, e.g. a cough). */
      transcript?: string;
      /** Language the STT reports. */
      language?: string;
      /**
       * Which recogniser's fake hears it, in a `speech: 'routed'` scenario (default `deepgram`):
       * each fake returns its own queue of transcripts, in order.
       */
      heardBy?: 'deepgram' | 'openai';
      when?: When;
    }
  | { type: string; when?: When }
  | { silenceMs: number }
  /** Wait until the agent has answered (a new final assistant segment) and gone quiet. */
  | { waitForReply: true; timeoutMs?: number }
  /** Cut the browser's connections (needs `network: true`); refuse new ones for `downMs`. */
  | {
      dropNetwork: true;
      downMs?: number;
      /**
       * Over LiveKit: the browser's link goes down this long instead. WebRTC rides out a 1.5 s
       * gap without any repair; past livekit-client's signal ping timeout (~15 s) the room
       * resumes its signal connection and restarts ICE, which is the repair this step tests.
       */
      livekitDownMs?: number;
    }
  /** Wait until the widget shows this state. */
  | { waitForState: string; timeoutMs?: number }
  /** A provider goes down mid-call (`speech: 'routed'`): its fake closes its sockets and port. */
  | { outage: 'deepgram' | 'cartesia' };

export interface CheckContext {
  snapshot: WidgetSnapshot;
  openai: OpenAIFake;
  duffel: DuffelFake | undefined;
  /** ms from the onset of each `say` step to the agent audio going silent (if it was playing). */
  bargeInMs: number[];
  /** Assistant replies the LLM fake produced, in order (full text, before any truncation). */
  llmReplies: string[];
  /** `POST /api/session` requests the page made. */
  sessionRequests: number;
  /** The Deepgram and Cartesia fakes of a `speech: 'routed'` scenario. */
  deepgram: DeepgramFake | undefined;
  cartesia: CartesiaFake | undefined;
  /** When each `say` step's words ended, and when each `outage` step ran (Date.now() ms). */
  saidEndAt: number[];
  outageAt: number[];
  /** Agent audio played in the page: [Date.now() ms, samples played], at each change. */
  played: [number, number][];
  /** A figure for the report (printed, not asserted). */
  note(text: string): void;
}

export interface Check {
  name: string;
  /** Returns a failure detail, or undefined when the check passes. */
  verify(ctx: CheckContext): string | undefined;
}

export interface Scenario {
  name: string;
  description: string;
  /** In the fast subset CI runs on every submission. */
  fast?: boolean;
  /** The page's language (widget `lang`). */
  lang?: string;
  steps: Step[];
  llm: LlmRule[];
  /** Extra environment for the server (e.g. flight providers off). */
  env?: Record<string, string>;
  /** Start the Duffel fake and configure it as the flight provider. */
  flights?: boolean | { offerCount?: number; failNext?: number };
  failAt?: { llm?: number[]; stt?: number[]; tts?: number[] };
  /** Route the browser through a TCP proxy the scenario can cut (network drops). */
  network?: boolean;
  /**
   * `openai` (default): OpenAI's fake hears, answers and speaks (the `OPENAI_API_KEY`-only
   * pipeline). `routed`: the production set: Deepgram and Cartesia fakes as well, and each
   * language takes the route the language table gives it.
   */
  speech?: 'openai' | 'routed';
  checks: Check[];
  timeoutMs?: number;
}
