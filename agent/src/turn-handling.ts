/**
 * Turn-taking for both runtimes: interruptions need half a second of speech, and a false
 * interruption (a cough, "uh-huh", a door) pauses the answer and resumes it after 1.5 s, so
 * phone-grade noise does not kill an answer. Replies start generating before the turn is
 * confirmed (preemptive generation).
 *
 * The local runtime decides end of turn and interruptions with the VAD alone, offline: the
 * framework's default turn detector and adaptive interruption call LiveKit Cloud outside a job.
 * In a LiveKit job the framework's defaults apply (its turn detector and interruption model).
 */
import type { voice } from '@livekit/agents';

type TurnHandling = NonNullable<voice.AgentSessionOptions['turnHandling']>;

const INTERRUPTION = {
  minDuration: 500,
  falseInterruptionTimeout: 1500,
  resumeFalseInterruption: true,
} as const;

export function turnHandling(runtime: 'local' | 'livekit'): TurnHandling {
  if (runtime === 'local') {
    return {
      turnDetection: 'vad',
      interruption: { mode: 'vad', ...INTERRUPTION },
      preemptiveGeneration: { enabled: true },
    };
  }
  return { interruption: { ...INTERRUPTION }, preemptiveGeneration: { enabled: true } };
}
