/**
 * The controller-runtime shape every control loop in the sandbox follows: shared
 * informers (list + watch, a cache) feed a work queue of `namespace/name` keys, and
 * `reconcile(key)` observes, compares desired with actual, and acts through the API —
 * then returns done, or "requeue after". Errors requeue with exponential back-off.
 *
 * Each reconcile runs as its own event on the virtual clock and is written to the
 * activity log (who, which object, what it observed, what it decided, what it did), so
 * the page can show — and a learner can step through — every move of every controller.
 */
import type { Cluster } from '../cluster';
import type { ApiRequest, ApiResponse, KObject, WatchEvent, WatchHandle } from '../api/types';
import { matches, type Selector } from '../api/selectors';

// ------------------------------------------------------------------ informers

export interface ResourceRef {
  group?: string;
  version?: string;
  resource: string;
}

type InformerHandler = (type: 'ADDED' | 'MODIFIED' | 'DELETED', obj: KObject, old?: KObject) => void;

/** A cache of one resource kept current by a watch; shared by every controller that reads it. */
export class Informer {
  private cache = new Map<string, KObject>();
  private handlers: InformerHandler[] = [];
  private handle?: WatchHandle;

  constructor(
    private cluster: Cluster,
    readonly ref: ResourceRef,
  ) {}

  start(): void {
    if (this.handle) return;
    this.handle = this.cluster.watch({ verb: 'watch', group: this.ref.group, version: this.ref.version, resource: this.ref.resource }, (e) => this.onEvent(e));
  }

  private onEvent(e: WatchEvent): void {
    if (e.type === 'ERROR' || e.type === 'BOOKMARK') return;
    const o = e.object as KObject;
    const key = keyOf(o);
    const old = this.cache.get(key);
    if (e.type === 'DELETED') this.cache.delete(key);
    else this.cache.set(key, o);
    for (const h of this.handlers) h(e.type, o, old);
  }

  on(h: InformerHandler): void {
    this.handlers.push(h);
  }

  get(namespace: string | undefined, name: string): KObject | undefined {
    return this.cache.get(namespace ? `${namespace}/${name}` : name);
  }

  list(namespace?: string, selector?: Selector): KObject[] {
    // sorted by cache key (`namespace/name`), each key read once rather than per comparison
    const keyed: { k: string; o: KObject }[] = [];
    for (const [k, o] of this.cache) {
      if (namespace !== undefined && o.metadata.namespace !== namespace) continue;
      if (selector && !matches(selector, o.metadata.labels)) continue;
      keyed.push({ k, o });
    }
    keyed.sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0));
    return keyed.map((x) => x.o);
  }

  size(): number {
    return this.cache.size;
  }
}

export class InformerFactory {
  private informers = new Map<string, Informer>();

  constructor(private cluster: Cluster) {}

  /** The shared informer of a resource, started on first use. */
  for(ref: ResourceRef | string): Informer {
    const r: ResourceRef = typeof ref === 'string' ? parseRef(ref) : ref;
    const id = `${r.group ?? ''}/${r.resource}`;
    let inf = this.informers.get(id);
    if (!inf) {
      inf = new Informer(this.cluster, r);
      this.informers.set(id, inf);
      inf.start();
    }
    return inf;
  }
}

/** `pods` → core pods; `deployments.apps` → apps deployments. */
export function parseRef(s: string): ResourceRef {
  const i = s.indexOf('.');
  return i < 0 ? { group: '', resource: s } : { group: s.slice(i + 1), resource: s.slice(0, i) };
}

export function keyOf(o: KObject): string {
  return o.metadata.namespace ? `${o.metadata.namespace}/${o.metadata.name}` : o.metadata.name!;
}

export function splitKey(key: string): { namespace?: string; name: string } {
  const i = key.indexOf('/');
  return i < 0 ? { name: key } : { namespace: key.slice(0, i), name: key.slice(i + 1) };
}

// ------------------------------------------------------------------ activity

export interface ActivityRecord {
  seq: number;
  /** virtual ms */
  time: number;
  controller: string;
  /** `namespace/name` of the object reconciled */
  key: string;
  /** what the controller saw (e.g. "3 pods want 5") */
  observed: string[];
  /** what it decided (e.g. "create 2 pods") */
  decided: string[];
  /** the API writes it made (e.g. "create pods/web-7c5dd-x2kqf") */
  did: string[];
  /** requeue after ms, if any */
  requeueAfter?: number;
  error?: string;
}

/** The reconcile log the page's activity view shows; bounded, newest last. */
export class Activity {
  readonly records: ActivityRecord[] = [];
  private seq = 0;
  private listeners = new Set<(r: ActivityRecord) => void>();

  constructor(private limit = 2000) {}

  add(r: Omit<ActivityRecord, 'seq'>): ActivityRecord {
    const rec = { ...r, seq: ++this.seq };
    this.records.push(rec);
    // one over the limit is the usual case: shift() drops it without copying the array (splice copies)
    if (this.records.length === this.limit + 1) this.records.shift();
    else if (this.records.length > this.limit) this.records.splice(0, this.records.length - this.limit);
    for (const l of this.listeners) l(rec);
    return rec;
  }

  onRecord(fn: (r: ActivityRecord) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }
}

// ------------------------------------------------------------------ controllers

export interface ReconcileResult {
  /** reconcile this key again after this many virtual ms */
  requeueAfter?: number;
}

/** What a reconcile gets: an API client whose writes are logged, and a way to say what it saw and decided. */
export interface ReconcileContext {
  request(req: ApiRequest): ApiResponse;
  observe(text: string): void;
  decide(text: string): void;
  now(): number;
}

export interface Watches {
  /** the primary resource: its own key is enqueued */
  for(ref: string): void;
  /** objects owned by the primary kind: their controller owner's key is enqueued */
  owns(ref: string, ownerKind: string): void;
  /** any other resource: `map` says which keys to enqueue */
  watches(ref: string, map: (obj: KObject, old?: KObject) => string[]): void;
}

export interface Reconciler {
  /** e.g. `deployment-controller` (the name events and the activity view show) */
  readonly name: string;
  setup(w: Watches, informers: InformerFactory): void;
  reconcile(key: string, ctx: ReconcileContext): ReconcileResult | void;
}

export interface ControllerOptions {
  /** virtual ms between an event and the reconcile it causes (default 0: next in line) */
  latencyMs?: number;
  /** back-off after an error: base and cap in ms, as client-go's item exponential limiter */
  backoffBaseMs?: number;
  backoffMaxMs?: number;
}

/** Runs one Reconciler: owns its work queue and its timers. */
export class Controller {
  /** the work queue: `queue[head..]` are waiting (shift() on a long array copies it) */
  private queue: string[] = [];
  private head = 0;
  private queued = new Set<string>();
  private failures = new Map<string, number>();
  private requeueTimers = new Map<string, number>();
  private scheduled = false;
  private running = false;
  private latency: number;
  private backoffBase: number;
  private backoffMax: number;
  private primaries: string[] = [];
  private user?: string;

  constructor(
    private cluster: Cluster,
    readonly reconciler: Reconciler,
    opts: ControllerOptions = {},
  ) {
    this.latency = opts.latencyMs ?? 0;
    this.backoffBase = opts.backoffBaseMs ?? 5;
    this.backoffMax = opts.backoffMaxMs ?? 1000 * 1000;
    const informers = cluster.informers;
    reconciler.setup(
      {
        for: (ref) => {
          this.primaries.push(ref);
          informers.for(ref).on((_t, o) => this.enqueue(keyOf(o)));
        },
        owns: (ref, ownerKind) => {
          const enqueueOwner = (x: KObject | undefined) => {
            const refs = x?.metadata.ownerReferences;
            if (!refs) return;
            for (const r of refs)
              if (r.controller && r.kind === ownerKind) {
                this.enqueue(x!.metadata.namespace ? `${x!.metadata.namespace}/${r.name}` : r.name);
                return;
              }
          };
          // the new version's owner, then the old one's (no array per event: pods change often)
          informers.for(ref).on((_t, o, old) => {
            enqueueOwner(o);
            enqueueOwner(old);
          });
        },
        watches: (ref, map) => informers.for(ref).on((_t, o, old) => map(o, old).forEach((k) => this.enqueue(k))),
      },
      informers,
    );
  }

  get name(): string {
    return this.reconciler.name;
  }

  get isRunning(): boolean {
    return this.running;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    // a controller that (re)starts lists everything it manages, as after a leader election
    for (const ref of this.primaries) for (const o of this.cluster.informers.for(ref).list()) this.enqueue(keyOf(o));
    this.kick();
  }

  /** Stops reconciling; events still queue up and are handled after start(). */
  stop(): void {
    this.running = false;
  }

  enqueue(key: string): void {
    if (this.queued.has(key)) return;
    this.queued.add(key);
    this.queue.push(key);
    this.kick();
  }

  private get waiting(): number {
    return this.queue.length - this.head;
  }

  /** Enqueue after a delay (requeueAfter, back-off). */
  enqueueAfter(key: string, ms: number): void {
    const prev = this.requeueTimers.get(key);
    if (prev !== undefined) this.cluster.clock.cancel(prev);
    const id = this.cluster.clock.schedule(ms, () => {
      this.requeueTimers.delete(key);
      this.enqueue(key);
    }, `${this.name} requeue ${key}`);
    this.requeueTimers.set(key, id);
  }

  private kick(): void {
    if (!this.running || this.scheduled || this.waiting === 0) return;
    this.scheduled = true;
    this.cluster.clock.schedule(this.latency, () => this.processNext(), this.name);
  }

  /** One reconcile per clock event, so stepping the clock steps the controllers. */
  private processNext(): void {
    this.scheduled = false;
    if (!this.running) return;
    if (this.waiting === 0) return;
    const key = this.queue[this.head++];
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
    this.queued.delete(key);
    this.runOne(key);
    this.kick();
  }

  private runOne(key: string): void {
    // made on first use: most reconciles observe, decide and write nothing
    let observed: string[] | undefined;
    let decided: string[] | undefined;
    let did: string[] | undefined;
    const cluster = this.cluster;
    const user = (this.user ??= `system:serviceaccount:kube-system:${this.name}`);
    const ctx: ReconcileContext = {
      request(req) {
        const res = cluster.request({ user, ...req });
        if (req.verb !== 'get' && req.verb !== 'list') {
          // kubectl's way of naming things: pods/web, pods/web/binding
          const createdName = req.verb === 'create' && !req.name && res.code < 300 ? (res.body as KObject).metadata?.name : undefined;
          const name = req.name ?? createdName;
          const target = `${req.resource}${name ? `/${name}` : ''}${req.subresource ? `/${req.subresource}` : ''}`;
          (did ??= []).push(`${req.verb} ${target}${res.code >= 300 ? ` → ${res.code} ${(res.body as { reason?: string }).reason ?? ''}` : ''}`);
        }
        return res;
      },
      observe: (t) => (observed ??= []).push(t),
      decide: (t) => (decided ??= []).push(t),
      now: () => cluster.clock.now(),
    };
    let result: ReconcileResult | void = undefined;
    let error: string | undefined;
    try {
      result = this.reconciler.reconcile(key, ctx);
    } catch (e) {
      error = e instanceof Error ? e.message : String(e);
    }
    if (error !== undefined) {
      const n = (this.failures.get(key) ?? 0) + 1;
      this.failures.set(key, n);
      this.enqueueAfter(key, Math.min(this.backoffBase * 2 ** (n - 1), this.backoffMax));
    } else {
      this.failures.delete(key);
      if (result?.requeueAfter !== undefined) this.enqueueAfter(key, result.requeueAfter);
    }
    if (observed?.length || decided?.length || did?.length || error)
      cluster.activity.add({
        time: cluster.clock.now(),
        controller: this.name,
        key,
        observed: observed ?? [],
        decided: decided ?? [],
        did: did ?? [],
        ...(result?.requeueAfter !== undefined ? { requeueAfter: result.requeueAfter } : {}),
        ...(error ? { error } : {}),
      });
  }
}

/** The controllers of a cluster by name; a lab can stop one (the scheduler) and start it again. */
export class ControllerManager {
  private controllers = new Map<string, Controller>();

  constructor(private cluster: Cluster) {}

  add(r: Reconciler, opts?: ControllerOptions): Controller {
    const c = new Controller(this.cluster, r, opts);
    this.controllers.set(r.name, c);
    c.start();
    return c;
  }

  get(name: string): Controller | undefined {
    return this.controllers.get(name);
  }

  names(): string[] {
    return [...this.controllers.keys()];
  }

  stop(name: string): boolean {
    const c = this.controllers.get(name);
    c?.stop();
    return !!c;
  }

  start(name: string): boolean {
    const c = this.controllers.get(name);
    c?.start();
    return !!c;
  }

  /** Names of the stopped controllers (kept in snapshots). */
  stopped(): string[] {
    return [...this.controllers.values()].filter((c) => !c.isRunning).map((c) => c.name);
  }
}
