/**
 * Virtual time: one discrete-event loop drives the whole cluster. Events are ordered by
 * (time, sequence), so two runs with the same inputs interleave identically. Nothing here
 * reads the wall clock; a host (the page's worker, the CLI) decides how fast virtual time
 * moves by calling `advance`.
 */

interface Timer {
  at: number;
  seq: number;
  id: number;
  fn: () => void;
  label?: string;
}

export const DEFAULT_START = Date.UTC(2025, 0, 1, 0, 0, 0);

export class Clock {
  private t: number;
  private seq = 0;
  private nextId = 1;
  private heap: Timer[] = [];
  private cancelled = new Set<number>();
  /** live timers by id, so cancel() can tell a pending timer from a spent one */
  private pending = new Set<number>();

  constructor(start: number = DEFAULT_START) {
    this.t = start;
  }

  now(): number {
    return this.t;
  }

  /** RFC3339 with second precision, as Kubernetes timestamps are. */
  iso(ms: number = this.t): string {
    const sec = Math.floor(ms / 1000);
    if (sec !== this.isoSec) {
      this.isoSec = sec;
      this.isoText = new Date(sec * 1000).toISOString().replace('.000Z', 'Z');
    }
    return this.isoText;
  }

  /** the last second iso() formatted (every write stamps the current second, often many times) */
  private isoSec = NaN;
  private isoText = '';

  schedule(delayMs: number, fn: () => void, label?: string): number {
    return this.scheduleAt(this.t + Math.max(0, delayMs), fn, label);
  }

  /**
   * Errors thrown by scheduled work. A failing component must not stop the clock (and
   * with it every other component and the learner's cluster): the error is kept here
   * for the host to show, and time goes on.
   */
  readonly failures: { at: number; label?: string; message: string }[] = [];
  onFailure?: (f: { at: number; label?: string; message: string }) => void;

  scheduleAt(timeMs: number, fn: () => void, label?: string): number {
    const id = this.nextId++;
    // virtual time is whole milliseconds
    const timer: Timer = { at: Math.max(Math.ceil(timeMs), this.t), seq: this.seq++, id, fn, label };
    this.push(timer);
    this.pending.add(id);
    return id;
  }

  cancel(id: number): void {
    if (this.pending.delete(id)) this.cancelled.add(id);
  }

  /** How many events are waiting. */
  size(): number {
    return this.pending.size;
  }

  nextAt(): number | undefined {
    this.dropCancelled();
    return this.heap[0]?.at;
  }

  private depth = 0;

  /** True while an event runs (a request made from inside one must not run the loop again). */
  get busy(): boolean {
    return this.depth > 0;
  }

  /** Runs the next event, moving time to it. False when nothing is waiting. */
  step(): boolean {
    this.dropCancelled();
    const top = this.heap[0];
    if (!top) return false;
    this.pop();
    this.pending.delete(top.id);
    this.t = top.at;
    this.depth++;
    try {
      top.fn();
    } catch (e) {
      const f = { at: this.t, label: top.label, message: e instanceof Error ? (e.stack ?? e.message) : String(e) };
      this.failures.push(f);
      if (this.failures.length > 100) this.failures.shift();
      this.onFailure?.(f);
    } finally {
      this.depth--;
    }
    return true;
  }

  /** Runs every event due within `ms` of virtual time; time then stands at now + ms. */
  advance(ms: number): void {
    const end = this.t + Math.max(0, Math.floor(ms));
    for (;;) {
      const at = this.nextAt();
      if (at === undefined || at > end) break;
      this.step();
    }
    this.t = end;
  }

  /**
   * Runs events until none are left, but never further than `maxMs` of virtual time
   * (controllers requeue forever on a real cluster, so "idle" needs a horizon).
   */
  runUntilIdle(maxMs: number = 3_600_000): void {
    const end = this.t + maxMs;
    for (;;) {
      const at = this.nextAt();
      if (at === undefined || at > end) break;
      this.step();
    }
  }

  /** Runs only what is due now, without moving time (e.g. after a request). */
  settle(): void {
    this.advance(0);
  }

  private dropCancelled(): void {
    while (this.heap.length && this.cancelled.has(this.heap[0].id)) {
      this.cancelled.delete(this.heap[0].id);
      this.pop();
    }
  }

  private less(a: Timer, b: Timer): boolean {
    return a.at < b.at || (a.at === b.at && a.seq < b.seq);
  }

  // a binary heap on (at, seq); sifting moves a hole instead of swapping pairs
  private push(x: Timer): void {
    const h = this.heap;
    let i = h.length;
    h.push(x);
    while (i > 0) {
      const p = (i - 1) >> 1;
      const up = h[p];
      if (!(x.at < up.at || (x.at === up.at && x.seq < up.seq))) break;
      h[i] = up;
      i = p;
    }
    h[i] = x;
  }

  private pop(): Timer | undefined {
    const h = this.heap;
    const top = h[0];
    const last = h.pop();
    const n = h.length;
    if (n && last) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        let m = l;
        if (r < n && this.less(h[r], h[l])) m = r;
        if (!this.less(h[m], last)) break;
        h[i] = h[m];
        i = m;
      }
      h[i] = last;
    }
    return top;
  }

  /** For snapshots: pending timers cannot be serialised (they are closures), so owners re-arm on restore. */
  reset(t: number): void {
    this.t = t;
    this.heap = [];
    this.cancelled.clear();
    this.pending.clear();
  }
}
