/**
 * A container's main process on the virtual clock: a generator (argv in, exit code out)
 * driven by clock timers. It may write log lines, listen on ports, hold memory and use
 * CPU, and is stopped by signals: SIGTERM ends it only when the program handles TERM
 * (nginx, a `trap`, most servers); PID 1 ignores it otherwise, as `sleep 3600` does, and
 * SIGKILL ends it with 137. Memory above the limit is an OOM kill (137, OOMKilled).
 */
import type { Clock } from '../clock';
import type { Effect, HttpRequest } from './shell';

export interface HttpResponse {
  status: number;
  body: string;
  headers?: Record<string, string>;
  /** CPU this request costs, in millicore-seconds */
  cpuCost?: number;
  /** the server takes longer than a client waits */
  hang?: boolean;
}

export type HttpHandler = (req: HttpRequest & { from?: string }) => HttpResponse;

export interface LogLine {
  /** virtual ms */
  t: number;
  stream: 'stdout' | 'stderr';
  text: string;
}

/** The log of one container instance, as the runtime keeps it under /var/log/pods. */
export class LogBuffer {
  readonly lines: LogLine[] = [];
  private partial: Record<'stdout' | 'stderr', string> = { stdout: '', stderr: '' };
  private followers = new Set<(l: LogLine) => void>();
  private enders = new Set<() => void>();
  closed = false;
  static LIMIT = 5000;

  constructor(private now: () => number) {}

  write(stream: 'stdout' | 'stderr', text: string): void {
    const all = this.partial[stream] + text;
    const parts = all.split('\n');
    let rest = parts.pop() ?? '';
    // the CRI splits lines longer than 16 KiB into partial records
    while (rest.length > 16_384) {
      parts.push(rest.slice(0, 16_384));
      rest = rest.slice(16_384);
    }
    this.partial[stream] = rest;
    for (const p of parts) {
      const l = { t: this.now(), stream, text: p };
      this.lines.push(l);
      for (const f of this.followers) f(l);
    }
    if (this.lines.length > LogBuffer.LIMIT) this.lines.splice(0, this.lines.length - LogBuffer.LIMIT);
  }

  /** Text written after the last newline (shown by `kubectl logs` as it is). */
  pending(): string {
    return this.partial.stdout + this.partial.stderr;
  }

  /** Ends the instance: a last line without a newline is kept as a line; followers are told. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const s of ['stdout', 'stderr'] as const)
      if (this.partial[s]) {
        const l = { t: this.now(), stream: s, text: this.partial[s] };
        this.partial[s] = '';
        this.lines.push(l);
        for (const f of this.followers) f(l);
      }
    for (const e of [...this.enders]) e();
    this.followers.clear();
    this.enders.clear();
  }

  /** Streams new lines; `onEnd` runs when the instance exits (as `kubectl logs -f` returns). */
  follow(fn: (l: LogLine) => void, onEnd?: () => void): () => void {
    if (this.closed) {
      onEnd?.();
      return () => {};
    }
    this.followers.add(fn);
    if (onEnd) this.enders.add(onEnd);
    return () => {
      this.followers.delete(fn);
      if (onEnd) this.enders.delete(onEnd);
    };
  }
}

export interface ProcessOptions {
  clock: Clock;
  onExit(code: number, reason: 'Completed' | 'Error' | 'OOMKilled', signal?: number): void;
  memoryLimit?: number;
}

export class Process {
  readonly listeners = new Map<number, HttpHandler>();
  exitCode?: number;
  memory = 0;
  /** steady CPU use in millicores, before the load of requests */
  cpu = 0;
  /** exit code when SIGTERM arrives; undefined = TERM is ignored (PID 1 without a handler) */
  termExitCode?: number;
  /** recent request cost: [virtual ms, millicore-seconds] */
  readonly load: [number, number][] = [];
  private timer?: number;
  private started = false;
  private main?: Generator<Effect, number>;

  constructor(private opts: ProcessOptions) {}

  get running(): boolean {
    return this.started && this.exitCode === undefined;
  }

  /** Runs `main` as this process; the generator's return value is the exit code. */
  start(main: Generator<Effect, number>): void {
    if (this.started) return;
    this.started = true;
    this.main = main;
    this.step();
  }

  private step(): void {
    this.timer = undefined;
    for (let guard = 0; guard < 10_000 && this.exitCode === undefined; guard++) {
      let r: IteratorResult<Effect, number>;
      try {
        r = this.main!.next();
      } catch {
        this.finish(2, 'Error');
        return;
      }
      if (r.done) {
        this.finish(r.value, r.value === 0 ? 'Completed' : 'Error');
        return;
      }
      if (r.value.type === 'block') return;
      if (r.value.type === 'sleep') {
        this.timer = this.opts.clock.schedule(Math.max(1, r.value.ms), () => this.step(), 'container process');
        return;
      }
    }
    if (this.exitCode === undefined) this.timer = this.opts.clock.schedule(10, () => this.step(), 'container process');
  }

  setMemory(bytes: number): void {
    this.memory = bytes;
    if (this.opts.memoryLimit !== undefined && bytes > this.opts.memoryLimit && this.exitCode === undefined) this.finish(137, 'OOMKilled', 9);
  }

  /** SIGTERM: ends the process only if it handles TERM. Returns whether it stopped. */
  terminate(): boolean {
    if (this.exitCode !== undefined) return true;
    if (this.termExitCode === undefined) return false;
    this.finish(this.termExitCode, this.termExitCode === 0 ? 'Completed' : 'Error');
    return true;
  }

  kill(): void {
    if (this.exitCode === undefined) this.finish(137, 'Error', 9);
  }

  private finish(code: number, reason: 'Completed' | 'Error' | 'OOMKilled', signal?: number): void {
    if (this.exitCode !== undefined) return;
    this.exitCode = code;
    if (this.timer !== undefined) this.opts.clock.cancel(this.timer);
    this.timer = undefined;
    this.listeners.clear();
    try {
      this.main?.return(code);
    } catch {
      // a generator that refuses to end is simply dropped
    }
    this.opts.onExit(code, reason, signal);
  }
}
