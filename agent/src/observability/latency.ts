/**
 * Per-turn latency from the framework's `metrics_collected` events, for `/metrics` and `/healthz`.
 *
 * A turn is keyed by the framework's `speechId`. Its stages:
 * - `eou`: end of the user's speech (VAD) to the decision that their turn ended
 *   (`EOUMetrics.endOfUtteranceDelayMs`);
 * - `stt`: end of speech to the final transcript (`EOUMetrics.transcriptionDelayMs`);
 * - `llm_ttft`: the LLM's time to first token (`LLMMetrics.ttftMs`), first request of the turn;
 * - `tts_ttfb`: the TTS's time to first byte (`TTSMetrics.ttfbMs`), first synthesis of the turn;
 * - `voice_to_voice`: eou + llm_ttft + tts_ttfb, LiveKit's own estimate of the time from the
 *   user falling silent to the assistant's first audio (the pipeline runs them in sequence).
 */
import type { metrics } from '@livekit/agents';
import type { TurnLatency } from '../../../sdk/src/protocol/console.js';

export const STAGES = ['eou', 'stt', 'llm_ttft', 'tts_ttfb', 'voice_to_voice'] as const;
export type Stage = (typeof STAGES)[number];

/** Histogram bucket upper bounds, in seconds. */
export const BUCKETS = [0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1, 1.5, 2, 3, 5, 10];
const RECENT = 512;
const MAX_OPEN_TURNS = 256;

class Histogram {
  counts = new Array<number>(BUCKETS.length).fill(0);
  count = 0;
  sum = 0;
  /** Most recent observations (ms), for quantiles in /healthz. */
  recent: number[] = [];

  observe(ms: number): void {
    const s = ms / 1000;
    for (let i = 0; i < BUCKETS.length; i++) if (s <= BUCKETS[i]!) this.counts[i]!++;
    this.count++;
    this.sum += s;
    this.recent.push(ms);
    if (this.recent.length > RECENT) this.recent.shift();
  }

  quantile(q: number): number | null {
    if (this.recent.length === 0) return null;
    const sorted = [...this.recent].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  }
}

interface OpenTurn {
  eou?: number;
  stt?: number;
  llm?: number;
  tts?: number;
  done: boolean;
}

export interface LatencySummary {
  turns: number;
  stages: Record<Stage, { count: number; p50Ms: number | null; p95Ms: number | null }>;
}

export class LatencyMetrics {
  #h = Object.fromEntries(STAGES.map((s) => [s, new Histogram()])) as Record<Stage, Histogram>;
  #open = new Map<string, OpenTurn>();
  #sttRequest = new Histogram();

  /**
   * Feed one `metrics_collected` event's metrics. Returns the turn's breakdown when these
   * metrics complete it, so the caller can file it under its session (the console's live view
   * and history) from this one computation.
   */
  observe(m: metrics.AgentMetrics, now = Date.now()): TurnLatency | undefined {
    switch (m.type) {
      case 'eou_metrics':
        if (m.endOfUtteranceDelayMs > 0) this.#h.eou.observe(m.endOfUtteranceDelayMs);
        if (m.transcriptionDelayMs > 0) this.#h.stt.observe(m.transcriptionDelayMs);
        // 0 means the end of speech was not detected: no starting point for voice-to-voice.
        if (m.speechId && m.endOfUtteranceDelayMs > 0) {
          if (m.transcriptionDelayMs > 0) this.#openTurn(m.speechId).stt ??= m.transcriptionDelayMs;
          return this.#turn(m.speechId, 'eou', m.endOfUtteranceDelayMs, now);
        }
        break;
      case 'llm_metrics':
        if (m.speechId && !this.#open.get(m.speechId)?.llm && m.ttftMs >= 0) {
          this.#h.llm_ttft.observe(m.ttftMs);
          return this.#turn(m.speechId, 'llm', m.ttftMs, now);
        }
        break;
      case 'tts_metrics':
        if (m.speechId && !this.#open.get(m.speechId)?.tts && m.ttfbMs >= 0) {
          this.#h.tts_ttfb.observe(m.ttfbMs);
          return this.#turn(m.speechId, 'tts', m.ttfbMs, now);
        }
        break;
      case 'stt_metrics':
        // Non-streaming STT (OpenAI HTTP transcription) reports a request duration.
        if (m.durationMs > 0) this.#sttRequest.observe(m.durationMs);
        break;
    }
    return undefined;
  }

  #openTurn(id: string): OpenTurn {
    let t = this.#open.get(id);
    if (!t) {
      t = { done: false };
      this.#open.set(id, t);
      if (this.#open.size > MAX_OPEN_TURNS) this.#open.delete(this.#open.keys().next().value!);
    }
    return t;
  }

  #turn(
    id: string,
    stage: 'eou' | 'llm' | 'tts',
    ms: number,
    now: number,
  ): TurnLatency | undefined {
    const t = this.#openTurn(id);
    if (t[stage] === undefined) t[stage] = ms;
    if (!t.done && t.eou !== undefined && t.llm !== undefined && t.tts !== undefined) {
      t.done = true;
      const v2v = t.eou + t.llm + t.tts;
      this.#h.voice_to_voice.observe(v2v);
      return {
        eouMs: Math.round(t.eou),
        sttMs: t.stt === undefined ? undefined : Math.round(t.stt),
        llmMs: Math.round(t.llm),
        ttsMs: Math.round(t.tts),
        voiceToVoiceMs: Math.round(v2v),
        at: now,
      };
    }
    return undefined;
  }

  summary(): LatencySummary {
    const stages = Object.fromEntries(
      STAGES.map((s) => {
        const h = this.#h[s];
        const round = (v: number | null) => (v === null ? null : Math.round(v));
        return [
          s,
          { count: h.count, p50Ms: round(h.quantile(0.5)), p95Ms: round(h.quantile(0.95)) },
        ];
      }),
    ) as LatencySummary['stages'];
    return { turns: this.#h.voice_to_voice.count, stages };
  }

  /** Prometheus text exposition. */
  prometheus(): string {
    const out = [
      '# HELP polyglot_turn_latency_seconds Per-turn latency by pipeline stage (eou, stt, llm_ttft, tts_ttfb, voice_to_voice).',
      '# TYPE polyglot_turn_latency_seconds histogram',
    ];
    const emit = (name: string, labels: string, h: Histogram) => {
      BUCKETS.forEach((b, i) => out.push(`${name}_bucket{${labels}le="${b}"} ${h.counts[i]}`));
      out.push(`${name}_bucket{${labels}le="+Inf"} ${h.count}`);
      out.push(`${name}_sum{${labels.replace(/,$/, '')}} ${h.sum.toFixed(6)}`);
      out.push(`${name}_count{${labels.replace(/,$/, '')}} ${h.count}`);
    };
    for (const s of STAGES) emit('polyglot_turn_latency_seconds', `stage="${s}",`, this.#h[s]);
    out.push(
      '# HELP polyglot_stt_request_seconds Duration of non-streaming speech-to-text requests.',
      '# TYPE polyglot_stt_request_seconds histogram',
    );
    emit('polyglot_stt_request_seconds', '', this.#sttRequest);
    return out.join('\n').replace(/\{\}/g, '') + '\n';
  }
}
