/**
 * Moves virtual time for a host (the page's worker, `kubelab serve`): paused, stepped
 * one event at a time, at 1× or 10× real time, or as fast as events allow. The host
 * owns the real-time ticker and reports how much real time passed; the engine never
 * reads the wall clock itself.
 */
import type { Clock } from './clock';

export type Speed = 'paused' | 1 | 10 | 'max';

export const SPEEDS: readonly Speed[] = ['paused', 1, 10, 'max'];

export interface DriverOptions {
  /** events run per tick at 'max' before yielding back to the host */
  maxEventsPerTick?: number;
  /** at 'max', virtual time moves at most this many times real time (default 600: ten minutes a second) */
  maxFactor?: number;
}

export class TimeDriver {
  speed: Speed = 1;
  private maxEvents: number;
  /** fractions of a virtual millisecond carried to the next tick */
  private carry = 0;
  private maxFactor: number;

  constructor(
    private clock: Clock,
    opts: DriverOptions = {},
  ) {
    this.maxEvents = opts.maxEventsPerTick ?? 5000;
    this.maxFactor = opts.maxFactor ?? 600;
  }

  /** Called by the host with the real milliseconds since its last tick. */
  tick(realMs: number): void {
    const ms = Math.max(0, Math.min(realMs, 1000)); // a sleeping tab must not jump hours ahead
    if (this.speed === 'paused') return;
    if (this.speed === 'max') {
      // as fast as the events allow, but never more than maxFactor × real time, so a learner
      // can still follow a rollout at the fastest speed
      const end = this.clock.now() + Math.floor(ms * this.maxFactor);
      let n = 0;
      for (; n < this.maxEvents; n++) {
        const at = this.clock.nextAt();
        if (at === undefined || at > end) break;
        this.clock.step();
      }
      if (n < this.maxEvents) this.clock.advance(Math.max(0, end - this.clock.now()));
      return;
    }
    const want = ms * this.speed + this.carry;
    const whole = Math.floor(want + 1e-6);
    this.carry = Math.max(0, want - whole);
    this.clock.advance(whole);
  }

  /** Runs the next event (pausing first), so a learner can watch one reconcile at a time. */
  step(): boolean {
    this.speed = 'paused';
    return this.clock.step();
  }
}
