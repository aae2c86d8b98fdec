/** A clock that moves only when a test says so. */
import type { Clock } from '../time/clock.js';

interface Timer {
  at: number;
  fn: () => void;
  every?: number | undefined;
}

export class FakeClock implements Clock {
  #now = 1_000;
  #next = 1;
  #timers = new Map<number, Timer>();

  now(): number {
    return this.#now;
  }
  setTimeout(fn: () => void, ms: number): number {
    const id = this.#next++;
    this.#timers.set(id, { at: this.#now + ms, fn });
    return id;
  }
  clearTimeout(id: number): void {
    this.#timers.delete(id);
  }
  setInterval(fn: () => void, ms: number): number {
    const id = this.#next++;
    this.#timers.set(id, { at: this.#now + ms, fn, every: ms });
    return id;
  }
  clearInterval(id: number): void {
    this.#timers.delete(id);
  }
  get pending(): number {
    return this.#timers.size;
  }
  /** Moves time forward, firing due timers in order. */
  tick(ms: number): void {
    const end = this.#now + ms;
    for (;;) {
      let dueId = 0;
      let due: Timer | undefined;
      for (const [id, t] of this.#timers)
        if (t.at <= end && (!due || t.at < due.at)) [dueId, due] = [id, t];
      if (!due) break;
      this.#now = due.at;
      if (due.every) due.at += due.every;
      else this.#timers.delete(dueId);
      due.fn();
    }
    this.#now = end;
  }
}
