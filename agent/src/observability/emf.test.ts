import type { metrics } from '@livekit/agents';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../config.js';
import { EMF_METRICS, EmfFigures, startEmfReporter } from './emf.js';
import { LatencyMetrics } from './latency.js';
import { sessionMetrics } from './session-metrics.js';

/** One finished turn whose voice-to-voice is `ms` (eou + 100 ms LLM + 100 ms TTS). */
function turn(m: LatencyMetrics, id: string, ms: number): void {
  m.observe({
    type: 'eou_metrics',
    timestamp: 0,
    endOfUtteranceDelayMs: ms - 200,
    transcriptionDelayMs: 50,
    onUserTurnCompletedDelayMs: 0,
    lastSpeakingTimeMs: 0,
    speechId: id,
  } satisfies metrics.EOUMetrics);
  m.observe({
    type: 'llm_metrics',
    label: 'openai.LLM',
    requestId: 'r',
    timestamp: 0,
    durationMs: 300,
    ttftMs: 100,
    cancelled: false,
    completionTokens: 1,
    promptTokens: 1,
    promptCachedTokens: 0,
    totalTokens: 2,
    tokensPerSecond: 1,
    speechId: id,
  } satisfies metrics.LLMMetrics);
  m.observe({
    type: 'tts_metrics',
    label: 'cartesia.TTS',
    requestId: 'r',
    timestamp: 0,
    ttfbMs: 100,
    durationMs: 900,
    audioDurationMs: 2000,
    cancelled: false,
    charactersCount: 40,
    streamed: true,
    speechId: id,
  } satisfies metrics.TTSMetrics);
}

/** The text our `/metrics` serves, from the real producers. */
function scrape(
  latency: LatencyMetrics,
  counts: { active: number; total: number; rejected: number },
) {
  const store = {
    stats: () => ({ sessions: 0, live: 0, bytes: 0, maxBytes: 1, evicted: 0 }),
    handoffCounts: () => [],
  };
  return sessionMetrics(counts, store, latency).join('\n') + '\n';
}

describe('CloudWatch EMF lines from /metrics (the alarms in infra/ read them)', () => {
  it('counts the turns slower than the budget, so "p95 over budget" is "over 5% slow"', () => {
    const latency = new LatencyMetrics();
    [600, 900, 1400, 1600, 2500].forEach((ms, i) => turn(latency, `t${i}`, ms));
    const f = new EmfFigures('serve', 1500);
    const rec = f.next(scrape(latency, { active: 3, total: 4, rejected: 1 }), 1_000);
    assert.equal(rec[EMF_METRICS.voiceToVoiceTurns], 5);
    assert.equal(rec[EMF_METRICS.voiceToVoiceSlowTurns], 2); // 1600 and 2500
    assert.equal(rec[EMF_METRICS.sessionsActive], 3);
    assert.equal(rec[EMF_METRICS.sessionsStarted], 4); // since the process started
    assert.equal(rec[EMF_METRICS.sessionsRejected], 1);
    // A budget of 2 s over the same turns: only 2500 is slow.
    assert.equal(
      new EmfFigures('serve', 2000).next(scrape(latency, { active: 0, total: 0, rejected: 0 }), 0)[
        EMF_METRICS.voiceToVoiceSlowTurns
      ],
      1,
    );
  });

  it('reports what happened since the previous line, not since the start', () => {
    const latency = new LatencyMetrics();
    turn(latency, 'a', 2000);
    const f = new EmfFigures('worker', 1500);
    f.next(scrape(latency, { active: 1, total: 1, rejected: 0 }), 1_000);
    turn(latency, 'b', 700);
    const rec = f.next(scrape(latency, { active: 2, total: 3, rejected: 0 }), 61_000);
    assert.equal(rec[EMF_METRICS.voiceToVoiceTurns], 1);
    assert.equal(rec[EMF_METRICS.voiceToVoiceSlowTurns], 0);
    assert.equal(rec[EMF_METRICS.sessionsStarted], 2);
    const quiet = f.next(scrape(latency, { active: 0, total: 3, rejected: 0 }), 121_000);
    assert.equal(quiet[EMF_METRICS.voiceToVoiceTurns], 0);
    assert.equal(quiet[EMF_METRICS.sessionsStarted], 0);
  });

  it('sums session-thread restarts over the threads', () => {
    const text =
      'polyglot_thread_restarts_total{thread="0"} 2\npolyglot_thread_restarts_total{thread="1"} 1\n';
    assert.equal(new EmfFigures('serve', 1500).next(text, 0)[EMF_METRICS.threadRestarts], 3);
  });

  it('is a valid EMF record: every declared metric is a number at the root, with its dimension', () => {
    const rec = new EmfFigures('serve', 1500).next(
      scrape(new LatencyMetrics(), { active: 0, total: 0, rejected: 0 }),
      42,
    );
    const aws = rec._aws as {
      Timestamp: number;
      CloudWatchMetrics: {
        Namespace: string;
        Dimensions: string[][];
        Metrics: { Name: string }[];
      }[];
    };
    assert.equal(aws.Timestamp, 42);
    const [directive] = aws.CloudWatchMetrics;
    assert.ok(directive);
    assert.equal(directive.Namespace, 'Polyglot');
    assert.deepEqual(directive.Dimensions, [['Service']]);
    assert.equal(rec.Service, 'serve');
    assert.deepEqual(
      directive.Metrics.map((m) => m.Name).sort(),
      Object.values(EMF_METRICS).sort(),
    );
    for (const { Name } of directive.Metrics) assert.equal(typeof rec[Name], 'number', Name);
  });

  it('refuses a budget the histogram cannot judge, naming the variable', () => {
    assert.throws(() => new EmfFigures('serve', 1200), RangeError);
    assert.throws(
      () => loadConfig({ POLYGLOT_VOICE_TO_VOICE_BUDGET_MS: '1200' }),
      (e: unknown) =>
        e instanceof ConfigError && /POLYGLOT_VOICE_TO_VOICE_BUDGET_MS/.test(e.message),
    );
    assert.deepEqual(loadConfig({ POLYGLOT_EMF_SERVICE: 'serve' }).emf, {
      service: 'serve',
      voiceToVoiceBudgetMs: 1500,
    });
    assert.equal(loadConfig({}).emf, undefined);
  });

  it('reads /metrics on its interval and reports a failed read instead of a line', async (t) => {
    t.mock.timers.enable({ apis: ['setInterval'] });
    const written: Record<string, unknown>[] = [];
    const errors: unknown[] = [];
    let ok = true;
    const reporter = startEmfReporter({
      url: 'http://127.0.0.1:1/metrics',
      service: 'serve',
      voiceToVoiceBudgetMs: 1500,
      intervalMs: 60_000,
      write: (r) => written.push(r),
      onError: (e) => errors.push(e),
      fetch: async () =>
        ok ? new Response('polyglot_sessions_active 7\n') : new Response('', { status: 503 }),
    });
    t.mock.timers.tick(60_000);
    await new Promise((r) => setImmediate(r));
    assert.equal(written.length, 1);
    assert.equal(written[0]![EMF_METRICS.sessionsActive], 7);
    ok = false;
    t.mock.timers.tick(60_000);
    await new Promise((r) => setImmediate(r));
    assert.equal(written.length, 1);
    assert.equal(errors.length, 1);
    reporter.stop();
  });
});
