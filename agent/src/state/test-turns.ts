/** Tests only: the per-turn latencies a session reports, shaped from one figure. */
import type { TurnLatency } from '../../../sdk/src/protocol/console.js';

/** A timed turn whose voice-to-voice is `ms` (EOU + 200 ms LLM + 100 ms TTS). */
export const timedTurn = (ms: number): TurnLatency => ({
  eouMs: ms - 300,
  sttMs: 100,
  llmMs: 200,
  ttsMs: 100,
  voiceToVoiceMs: ms,
  at: 0,
});
