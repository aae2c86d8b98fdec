/**
 * The session figures both runtimes expose on `/metrics` (`serve` for local sessions, `polyglot
 * worker` for LiveKit jobs), in Prometheus' text format, so one dashboard reads either.
 */
import type { SessionStore } from '../state/session-store.js';
import type { LatencyMetrics } from './latency.js';

export interface SessionCounts {
  active: number;
  total: number;
  rejected: number;
}

export function sessionMetrics(
  counts: SessionCounts,
  store: Pick<SessionStore, 'stats' | 'handoffCounts'>,
  latency: LatencyMetrics,
): string[] {
  const st = store.stats();
  const handoffs = store.handoffCounts();
  return [
    '# HELP polyglot_sessions_active Sessions open now.',
    '# TYPE polyglot_sessions_active gauge',
    `polyglot_sessions_active ${counts.active}`,
    '# HELP polyglot_sessions_total Sessions accepted since start.',
    '# TYPE polyglot_sessions_total counter',
    `polyglot_sessions_total ${counts.total}`,
    '# HELP polyglot_sessions_rejected_total Sessions refused at capacity.',
    '# TYPE polyglot_sessions_rejected_total counter',
    `polyglot_sessions_rejected_total ${counts.rejected}`,
    '# HELP polyglot_state_sessions Session records held in memory (live and recently ended).',
    '# TYPE polyglot_state_sessions gauge',
    `polyglot_state_sessions ${st.sessions}`,
    '# HELP polyglot_state_bytes Approximate bytes of session records and masked transcripts.',
    '# TYPE polyglot_state_bytes gauge',
    `polyglot_state_bytes ${st.bytes}`,
    '# HELP polyglot_state_evicted_total Session records evicted (TTL or memory bound).',
    '# TYPE polyglot_state_evicted_total counter',
    `polyglot_state_evicted_total ${st.evicted}`,
    '# HELP polyglot_handoffs_total Callers handed to a person (transfer_to_human), by reason.',
    '# TYPE polyglot_handoffs_total counter',
    ...handoffs.map((h) => `polyglot_handoffs_total{reason="${h.reason}"} ${h.handedOff}`),
    '# HELP polyglot_handoffs_unavailable_total Handoffs asked for by the model with no person to hand to (the partner has no handoff target), by reason.',
    '# TYPE polyglot_handoffs_unavailable_total counter',
    ...handoffs.map(
      (h) => `polyglot_handoffs_unavailable_total{reason="${h.reason}"} ${h.unavailable}`,
    ),
    latency.prometheus(),
  ];
}
