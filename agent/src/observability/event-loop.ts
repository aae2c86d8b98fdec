/**
 * Event-loop health for `/healthz` and `/metrics`: how long callbacks waited (delay) and how busy
 * the loop was (utilization), over the last completed window. A voice session's audio timing goes
 * through this one thread, so this is the first figure to read when turns get slow under load.
 */
import { monitorEventLoopDelay, performance, type EventLoopUtilization } from 'node:perf_hooks';

export interface EventLoopSummary {
  /** Length of the window the figures describe. */
  windowSeconds: number;
  delayP50Ms: number | null;
  delayP99Ms: number | null;
  delayMaxMs: number | null;
  /** Share of the window the loop spent running callbacks, 0..1. */
  utilization: number | null;
}

export class EventLoopMonitor {
  readonly #histogram = monitorEventLoopDelay({ resolution: 10 });
  readonly #windowMs: number;
  #timer: NodeJS.Timeout;
  #elu: EventLoopUtilization = performance.eventLoopUtilization();
  #last: EventLoopSummary;

  constructor(windowMs = 10_000) {
    this.#windowMs = windowMs;
    this.#last = {
      windowSeconds: windowMs / 1000,
      delayP50Ms: null,
      delayP99Ms: null,
      delayMaxMs: null,
      utilization: null,
    };
    this.#histogram.enable();
    this.#timer = setInterval(() => this.#rotate(), windowMs);
    this.#timer.unref();
  }

  #rotate(): void {
    const h = this.#histogram;
    const ms = (ns: number) => Math.round(ns / 1e5) / 10;
    const elu = performance.eventLoopUtilization(this.#elu);
    this.#elu = performance.eventLoopUtilization();
    this.#last = {
      windowSeconds: this.#windowMs / 1000,
      delayP50Ms: h.count ? ms(h.percentile(50)) : null,
      delayP99Ms: h.count ? ms(h.percentile(99)) : null,
      delayMaxMs: h.count ? ms(h.max) : null,
      utilization: Math.round(elu.utilization * 1000) / 1000,
    };
    h.reset();
  }

  summary(): EventLoopSummary {
    return this.#last;
  }

  prometheus(): string {
    const s = this.#last;
    const lines = [
      '# HELP polyglot_event_loop_delay_seconds Event-loop delay over the last window.',
      '# TYPE polyglot_event_loop_delay_seconds gauge',
    ];
    const q = (label: string, v: number | null) =>
      v === null ? [] : [`polyglot_event_loop_delay_seconds{quantile="${label}"} ${v / 1000}`];
    lines.push(...q('0.5', s.delayP50Ms), ...q('0.99', s.delayP99Ms), ...q('1', s.delayMaxMs));
    lines.push(
      '# HELP polyglot_event_loop_utilization Share of the last window the event loop was busy.',
      '# TYPE polyglot_event_loop_utilization gauge',
    );
    if (s.utilization !== null) lines.push(`polyglot_event_loop_utilization ${s.utilization}`);
    return lines.join('\n') + '\n';
  }

  close(): void {
    clearInterval(this.#timer);
    this.#histogram.disable();
  }
}
