import type { metrics } from '@livekit/agents';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LatencyMetrics } from './latency.js';

const eou = (speechId: string, eouMs: number, sttMs: number): metrics.EOUMetrics => ({
  type: 'eou_metrics',
  timestamp: 0,
  endOfUtteranceDelayMs: eouMs,
  transcriptionDelayMs: sttMs,
  onUserTurnCompletedDelayMs: 0,
  lastSpeakingTimeMs: 0,
  speechId,
});
const llm = (speechId: string, ttftMs: number): metrics.LLMMetrics => ({
  type: 'llm_metrics',
  label: 'openai.LLM',
  requestId: 'r',
  timestamp: 0,
  durationMs: ttftMs * 3,
  ttftMs,
  cancelled: false,
  completionTokens: 10,
  promptTokens: 10,
  promptCachedTokens: 0,
  totalTokens: 20,
  tokensPerSecond: 10,
  speechId,
});
const tts = (speechId: string, ttfbMs: number): metrics.TTSMetrics => ({
  type: 'tts_metrics',
  label: 'cartesia.TTS',
  requestId: 'r',
  timestamp: 0,
  ttfbMs,
  durationMs: 900,
  audioDurationMs: 2000,
  cancelled: false,
  charactersCount: 40,
  streamed: true,
  speechId,
});

describe('per-turn latency breakdown', () => {
  it("returns a turn's voice-to-voice once, from the metrics that complete it", () => {
    const m = new LatencyMetrics();
    assert.equal(m.observe(tts('s9', 120), 5), undefined);
    assert.equal(m.observe(eou('s9', 400, 150), 5), undefined);
    assert.deepEqual(m.observe(llm('s9', 300), 7), {
      eouMs: 400,
      sttMs: 150,
      llmMs: 300,
      ttsMs: 120,
      voiceToVoiceMs: 820,
      at: 7,
    });
    assert.equal(m.observe(tts('s9', 500)), undefined, 'a turn is counted once');
  });

  it('adds EOU, LLM TTFT and TTS TTFB of one turn into voice-to-voice', () => {
    const m = new LatencyMetrics();
    m.observe(eou('s1', 400, 150));
    m.observe(llm('s1', 300));
    m.observe(llm('s1', 900)); // the reply after a tool call: not the turn's first token
    m.observe(tts('s1', 120));
    const s = m.summary();
    assert.equal(s.turns, 1);
    assert.equal(s.stages.voice_to_voice.p50Ms, 820);
    assert.equal(s.stages.stt.p50Ms, 150);
    assert.equal(s.stages.llm_ttft.count, 1);
  });

  it('does not invent a voice-to-voice figure for a greeting (no user turn)', () => {
    const m = new LatencyMetrics();
    m.observe(llm('greet', 200));
    m.observe(tts('greet', 100));
    assert.equal(m.summary().turns, 0);
    assert.equal(m.summary().stages.voice_to_voice.p50Ms, null);
  });

  it('exports Prometheus histograms per stage, in seconds, cumulative buckets', () => {
    const m = new LatencyMetrics();
    for (const [i, ms] of [100, 200, 1200].entries()) {
      m.observe(eou(`s${i}`, ms, 50));
      m.observe(llm(`s${i}`, 100));
      m.observe(tts(`s${i}`, 100));
    }
    const text = m.prometheus();
    assert.match(text, /^# TYPE polyglot_turn_latency_seconds histogram$/m);
    assert.match(text, /^polyglot_turn_latency_seconds_bucket\{stage="eou",le="0.1"\} 1$/m);
    assert.match(text, /^polyglot_turn_latency_seconds_bucket\{stage="eou",le="0.2"\} 2$/m);
    assert.match(text, /^polyglot_turn_latency_seconds_bucket\{stage="eou",le="\+Inf"\} 3$/m);
    assert.match(text, /^polyglot_turn_latency_seconds_sum\{stage="eou"\} 1\.500000$/m);
    assert.match(text, /^polyglot_turn_latency_seconds_count\{stage="voice_to_voice"\} 3$/m);
    assert.match(text, /^polyglot_stt_request_seconds_count 0$/m);
  });
});
