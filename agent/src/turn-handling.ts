/**
 * Turn-taking for both runtimes: 100 ms of speech over the agent pauses it (barge-in feels
 * immediate: ~170 ms from the caller's first sound to silence in the page), and a false
 * interruption (a cough, "uh-huh", a door: no words follow) resumes the answer after 1.5 s, so
 * noise pauses an answer briefly but never kills it. The simulator's barge-in and
 * false-interruption scenarios hold both ends of this trade-off (500 ms made barge-in ~570 ms,
 * 200 ms ~280 ms at p50).
 *
 * Replies start before the turn is confirmed (preemptive generation), speech included
 * (`preemptiveTts`): the LLM runs on the final transcript and its first sentence goes to TTS at
 * once, so the reply is ready when the endpointing delay confirms the turn. With the framework's
 * default (LLM only) TTS waited for the confirmation: against the bench's fakes the first TTS
 * request left ~100 ms later (docs/simulation.md). The cost:
 * a preemptive reply the caller talks over is synthesized and thrown away (the framework tries at
 * most 3 per turn), TTS characters that are billed.
 *
 * Where the models run. The framework's defaults — its turn detector and adaptive interruption —
 * call LiveKit Cloud's inference service (in dev mode always, and for adaptive interruption
 * whenever LiveKit credentials are set). A self-hosted LiveKit server has no such service, and
 * neither has the local runtime: there, end of turn and interruptions are decided by the VAD
 * alone, offline ('offline'). Only a worker connected to LiveKit Cloud (`*.livekit.cloud`,
 * `*.livekit.run`) keeps the framework's defaults ('livekit-cloud'). A self-hosted worker then
 * behaves, and measures, like the local runtime.
 */
import type { voice } from '@livekit/agents';

type TurnHandling = NonNullable<voice.AgentSessionOptions['turnHandling']>;

const INTERRUPTION = {
  minDuration: 100,
  falseInterruptionTimeout: 1500,
  resumeFalseInterruption: true,
} as const;

const PREEMPTIVE = { enabled: true, preemptiveTts: true } as const;

export type TurnInference = 'offline' | 'livekit-cloud';

/** 'livekit-cloud' for a LiveKit Cloud project's URL, 'offline' for anything else. */
export function turnInferenceFor(livekitUrl: string | undefined): TurnInference {
  if (!livekitUrl) return 'offline';
  try {
    const host = new URL(livekitUrl).hostname;
    return host.endsWith('.livekit.cloud') || host.endsWith('.livekit.run')
      ? 'livekit-cloud'
      : 'offline';
  } catch {
    return 'offline';
  }
}

export function turnHandling(inference: TurnInference): TurnHandling {
  if (inference === 'offline') {
    return {
      turnDetection: 'vad',
      interruption: { mode: 'vad', ...INTERRUPTION },
      preemptiveGeneration: { ...PREEMPTIVE },
    };
  }
  return {
    interruption: { ...INTERRUPTION },
    preemptiveGeneration: { ...PREEMPTIVE },
  };
}
