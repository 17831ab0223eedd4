/**
 * The page side of the sandbox: one Web Worker per lesson, shared by every view on the
 * page. Views subscribe to message types; the client keeps the latest of each so a view
 * that mounts late (the lazily loaded editor) starts from the current state.
 */
import type { FromWorker, ToWorker } from '../../worker/protocol';

type Msg<T extends FromWorker['type']> = Extract<FromWorker, { type: T }>;
type Listener = (m: FromWorker) => void;
type DistOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export class SandboxClient {
  private worker: Worker;
  private listeners = new Map<string, Set<Listener>>();
  private latest = new Map<string, FromWorker>();
  private nextReq = 1;
  private pending = new Map<number, (m: FromWorker) => void>();
  /** every reconcile seen so far (bounded), replayed to views that subscribe late */
  private activity: Msg<'activity'>['entries'] = [];

  constructor(
    readonly lesson: string,
    readonly lab: string | undefined,
  ) {
    const early = adoptEarly(lesson, lab);
    // One literal expression: Vite only bundles workers written exactly like this (STACK.md §2.3).
    this.worker = early?.worker ?? new Worker(new URL('../../worker/sandbox.worker.ts', import.meta.url), { type: 'module' });
    const onError = (e: ErrorEvent) => this.dispatch({ type: 'error', message: `The sandbox stopped: ${e.message || 'worker error'}` });
    this.worker.addEventListener('message', (e: MessageEvent<FromWorker>) => this.dispatch(e.data));
    this.worker.addEventListener('error', onError);
    if (!early) this.post({ type: 'init', lesson, lab });
    // What the early worker said before this client existed, in order (take() stopped the parking in the same task).
    for (const e of early?.take() ?? []) {
      if (e.type === 'error') onError(e as ErrorEvent);
      else this.dispatch((e as MessageEvent<FromWorker>).data);
    }
  }

  /** True once the worker said its cluster is up (its shells answer from then on). */
  isReady(): boolean {
    return this.latest.has('ready');
  }

  post(m: ToWorker): void {
    this.worker.postMessage(m);
  }

  /** Subscribe to one message type; the latest message of that type (if any) is delivered at once. */
  on<T extends FromWorker['type']>(type: T, fn: (m: Msg<T>) => void): () => void {
    const set = this.listeners.get(type) ?? new Set();
    set.add(fn as Listener);
    this.listeners.set(type, set);
    const last = type === 'activity' ? ({ type: 'activity', entries: this.activity, reset: true } as FromWorker) : this.latest.get(type);
    if (last && type !== 'output') fn(last as Msg<T>);
    return () => set.delete(fn as Listener);
  }

  /** Sends a request carrying a fresh `req` id and resolves with the worker's answer of `answer` type. */
  request<T extends 'applied' | 'detail'>(m: DistOmit<Extract<ToWorker, { req: number }>, 'req'>, _answer: T): Promise<Msg<T>> {
    const req = this.nextReq++;
    return new Promise((resolve) => {
      this.pending.set(req, resolve as (m: FromWorker) => void);
      this.post({ ...m, req } as ToWorker);
    });
  }

  private dispatch(m: FromWorker): void {
    if ('req' in m && this.pending.has(m.req)) {
      this.pending.get(m.req)!(m);
      this.pending.delete(m.req);
    }
    if (m.type === 'activity') {
      this.activity = (m.reset ? m.entries : this.activity.concat(m.entries)).slice(-500);
    } else if (m.type !== 'output' && m.type !== 'edit') this.latest.set(m.type, m);
    for (const fn of this.listeners.get(m.type) ?? []) fn(m);
  }
}

/** Parked by EarlyWorker.astro: the worker started from the <head> and the events it sent so far. */
interface EarlyWorker {
  worker: Worker;
  lesson: string;
  lab?: string;
  /** stops parking events and hands over those parked */
  take(): Event[];
}

/** The worker EarlyWorker.astro started for this very lesson and lab, at most once. */
function adoptEarly(lesson: string, lab: string | undefined): EarlyWorker | undefined {
  const g = globalThis as { __kubelabEarly?: EarlyWorker };
  const early = g.__kubelabEarly;
  if (!early || early.lesson !== lesson || (early.lab ?? undefined) !== lab) return undefined;
  delete g.__kubelabEarly;
  return early;
}

const clients = new Map<string, SandboxClient>();

/** The shared client of a lesson's sandbox, created on first use. */
export function connect(lesson: string, lab?: string): SandboxClient {
  let c = clients.get(lesson);
  if (!c) {
    c = new SandboxClient(lesson, lab);
    clients.set(lesson, c);
    (globalThis as { __kubelab?: unknown }).__kubelab = c; // for e2e tests and curious learners
  }
  return c;
}

/** Reads data-lesson/data-lab from the view element or its sandbox ancestor. */
export function connectFrom(el: HTMLElement): SandboxClient {
  // Own attribute, then a <Sandbox> around the view, then the page's sandbox: so an extra
  // <Terminal /> in a lesson's MDX needs no props to join the lesson's cluster.
  const host =
    (el.dataset.lesson ? el : null) ?? el.closest<HTMLElement>('[data-lesson]:not([data-lesson=""])') ?? document.querySelector<HTMLElement>('.sandbox[data-lesson]');
  const lesson = host?.dataset.lesson;
  if (!host || !lesson) throw new Error(`${el.tagName.toLowerCase()}: needs a lesson (data-lesson) or a lesson page with a lab`);
  return connect(lesson, host.dataset.lab || undefined);
}
