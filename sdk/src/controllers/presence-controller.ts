/**
 * Levels for the widget's presence (the orb's size and halo, the mic button's ring), as CSS
 * custom properties on the element's root. Levels arrive ~50 times a second; they are written at
 * most once per animation frame, eased (quick to rise, slower to fall, like a VU meter), and no
 * frame is asked for once they have settled. CSS does the drawing: no canvas, no re-render.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** The custom properties it drives, each 0..1. */
export type LevelVar = '--_level' | '--_mic';

const RISE = 0.6;
const FALL = 0.25;

/**
 * How loud an RMS level (0..1) looks, 0..1: -50 dBFS (a quiet room) is nothing, -10 dBFS (close,
 * loud speech) is everything, in even steps of loudness as a VU meter shows it. Speech at a
 * normal distance (RMS ~0.05–0.1) sits around the middle, so the visual moves with it.
 */
export function loudness(rms: number): number {
  return rms > 0 ? Math.min(1, Math.max(0, (20 * Math.log10(rms) + 50) / 40)) : 0;
}

export class PresenceController implements ReactiveController {
  readonly #root: () => HTMLElement | null;
  readonly #target = new Map<LevelVar, number>();
  readonly #shown = new Map<LevelVar, number>();
  #frame = 0;

  constructor(host: ReactiveControllerHost, root: () => HTMLElement | null) {
    this.#root = root;
    host.addController(this);
  }

  /** The level `name` should move to (0..1). */
  set(name: LevelVar, level: number): void {
    this.#target.set(name, Math.min(1, Math.max(0, level)));
    this.#frame ||= requestAnimationFrame(this.#draw);
  }

  /** Every level to 0 at once (the state no longer shows one). */
  reset(name: LevelVar): void {
    this.#target.set(name, 0);
    this.#shown.set(name, 0);
    this.#root()?.style.setProperty(name, '0');
  }

  #draw = (): void => {
    this.#frame = 0;
    const root = this.#root();
    let moving = false;
    for (const [name, target] of this.#target) {
      const shown = this.#shown.get(name) ?? 0;
      let next = shown + (target - shown) * (target > shown ? RISE : FALL);
      if (Math.abs(target - next) < 0.01) next = target;
      else moving = true;
      if (next === shown) continue;
      this.#shown.set(name, next);
      root?.style.setProperty(name, next.toFixed(2));
    }
    if (moving) this.#frame = requestAnimationFrame(this.#draw);
  };

  hostDisconnected(): void {
    cancelAnimationFrame(this.#frame);
    this.#frame = 0;
  }
}
