/**
 * The MVCC store behind the API server, in the role etcd plays: one global revision
 * counter, every write stamps the object with the next resourceVersion, a bounded
 * history of changes lets watches resume from any recent version, and an older version
 * answers 410 Expired as a compacted etcd does.
 *
 * Stored objects are deep-frozen, so readers can share them without copying.
 */
import type { KObject } from './types';

export type ChangeType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface Change {
  rv: number;
  type: ChangeType;
  /** `${group}/${plural}` */
  resource: string;
  object: KObject;
  /** the object before this change (MODIFIED and DELETED) */
  prev?: KObject;
  /** virtual time of the write, for time-based compaction */
  at: number;
}

export interface StoreWatcher {
  resource: string;
  namespace?: string;
  deliver(c: Change): void;
}

export interface StoreOptions {
  /** how many changes to keep for watch resumption */
  historyLimit?: number;
  /** how long (virtual ms) a change stays resumable; etcd compacts every 5 minutes */
  historyMs?: number;
}

export function deepFreeze<T>(o: T): T {
  if (o !== null && typeof o === 'object' && !Object.isFrozen(o)) {
    Object.freeze(o);
    if (Array.isArray(o)) {
      for (let i = 0; i < o.length; i++) {
        const v: unknown = o[i];
        if (v !== null && typeof v === 'object') deepFreeze(v);
      }
    } else
      for (const k in o) {
        const v: unknown = (o as Record<string, unknown>)[k];
        if (v !== null && typeof v === 'object') deepFreeze(v);
      }
  }
  return o;
}

export function objectKey(namespace: string | undefined, name: string): string {
  return namespace ? `${namespace}/${name}` : name;
}

export class Store {
  private rv = 0;
  private data = new Map<string, Map<string, KObject>>();
  private history: Change[] = [];
  private historyStart = 0; // index of the first live entry (amortised shift)
  /** the highest revision no longer in history; watching from before it is 410 */
  private compactedRv = 0;
  private watchers = new Map<string, Set<StoreWatcher>>();
  private listeners: ((c: Change) => void)[] = [];
  private queue: Change[] = [];
  private dispatching = false;
  /** uid → where the object lives, for the garbage collector */
  readonly uids = new Map<string, { resource: string; key: string }>();
  /** owner uid → dependents (`resource|key`) */
  readonly dependents = new Map<string, Set<string>>();
  private historyLimit: number;
  private historyMs: number;

  constructor(
    private now: () => number,
    opts: StoreOptions = {},
  ) {
    this.historyLimit = opts.historyLimit ?? 10_000;
    this.historyMs = opts.historyMs ?? 5 * 60_000;
  }

  get revision(): number {
    return this.rv;
  }

  get(resource: string, namespace: string | undefined, name: string): KObject | undefined {
    return this.data.get(resource)?.get(objectKey(namespace, name));
  }

  /** Objects of a resource, optionally in one namespace, in key order (as etcd lists them). */
  list(resource: string, namespace?: string): KObject[] {
    const m = this.data.get(resource);
    if (!m) return [];
    const out: KObject[] = [];
    for (const o of m.values()) if (namespace === undefined || o.metadata.namespace === namespace) out.push(o);
    out.sort(byKey);
    return out;
  }

  count(resource: string): number {
    return this.data.get(resource)?.size ?? 0;
  }

  resources(): string[] {
    return [...this.data.keys()].filter((r) => (this.data.get(r)?.size ?? 0) > 0);
  }

  /** Stores a new object (the caller has checked it does not exist). Returns the stored, frozen object. */
  create(resource: string, obj: KObject): KObject {
    return this.write(resource, obj, 'ADDED', undefined);
  }

  update(resource: string, obj: KObject, prev: KObject): KObject {
    return this.write(resource, obj, 'MODIFIED', prev);
  }

  /** Removes an object; the DELETED change carries its last state under a new revision. */
  remove(resource: string, prev: KObject): KObject {
    const last = { ...prev, metadata: { ...prev.metadata, resourceVersion: String(++this.rv) } } as KObject;
    deepFreeze(last);
    const key = objectKey(prev.metadata.namespace, prev.metadata.name!);
    this.data.get(resource)?.delete(key);
    this.unindex(resource, key, prev);
    this.record({ rv: this.rv, type: 'DELETED', resource, object: last, prev, at: this.now() });
    return last;
  }

  private write(resource: string, obj: KObject, type: ChangeType, prev: KObject | undefined): KObject {
    obj.metadata.resourceVersion = String(++this.rv);
    deepFreeze(obj);
    let m = this.data.get(resource);
    if (!m) this.data.set(resource, (m = new Map()));
    const key = objectKey(obj.metadata.namespace, obj.metadata.name!);
    m.set(key, obj);
    // most updates (status writes) keep uid and owners: the indexes already hold them
    const same = prev !== undefined && prev.metadata.uid === obj.metadata.uid && sameOwners(prev.metadata.ownerReferences, obj.metadata.ownerReferences);
    if (!same) {
      if (prev) this.unindex(resource, key, prev);
      this.index(resource, key, obj);
    }
    this.record({ rv: this.rv, type, resource, object: obj, prev, at: this.now() });
    return obj;
  }

  private index(resource: string, key: string, o: KObject): void {
    if (o.metadata.uid) this.uids.set(o.metadata.uid, { resource, key });
    for (const ref of o.metadata.ownerReferences ?? []) {
      let s = this.dependents.get(ref.uid);
      if (!s) this.dependents.set(ref.uid, (s = new Set()));
      s.add(`${resource}|${key}`);
    }
  }

  private unindex(resource: string, key: string, o: KObject): void {
    if (o.metadata.uid) this.uids.delete(o.metadata.uid);
    for (const ref of o.metadata.ownerReferences ?? []) {
      const s = this.dependents.get(ref.uid);
      if (s) {
        s.delete(`${resource}|${key}`);
        if (s.size === 0) this.dependents.delete(ref.uid);
      }
    }
  }

  /** The live objects that name `uid` in their ownerReferences. */
  dependentsOf(uid: string): { resource: string; object: KObject }[] {
    const out: { resource: string; object: KObject }[] = [];
    for (const ref of this.dependents.get(uid) ?? []) {
      const i = ref.indexOf('|');
      const resource = ref.slice(0, i);
      const o = this.data.get(resource)?.get(ref.slice(i + 1));
      if (o) out.push({ resource, object: o });
    }
    return out.sort((a, b) => byKey(a.object, b.object));
  }

  byUid(uid: string): { resource: string; object: KObject } | undefined {
    const loc = this.uids.get(uid);
    if (!loc) return undefined;
    const o = this.data.get(loc.resource)?.get(loc.key);
    return o ? { resource: loc.resource, object: o } : undefined;
  }

  private record(c: Change): void {
    this.history.push(c);
    this.compact();
    this.queue.push(c);
    this.dispatch();
  }

  private compact(): void {
    const horizon = this.now() - this.historyMs;
    while (
      this.history.length - this.historyStart > 1 &&
      (this.history.length - this.historyStart > this.historyLimit || this.history[this.historyStart].at < horizon)
    ) {
      this.compactedRv = this.history[this.historyStart].rv;
      this.historyStart++;
    }
    if (this.historyStart > 4096 && this.historyStart * 2 > this.history.length) {
      this.history = this.history.slice(this.historyStart);
      this.historyStart = 0;
    }
  }

  /**
   * Delivers changes to watchers in revision order. A watcher that writes while handling
   * a change sees its own write only after every watcher has seen the current one.
   */
  private dispatch(): void {
    if (this.dispatching) return;
    this.dispatching = true;
    try {
      for (let i = 0; i < this.queue.length; i++) {
        const c = this.queue[i];
        for (const l of this.listeners) l(c);
        const ws = this.watchers.get(c.resource);
        if (!ws) continue;
        for (const w of ws) {
          if (w.namespace !== undefined && w.namespace !== c.object.metadata.namespace) continue;
          w.deliver(c);
        }
      }
    } finally {
      this.queue = [];
      this.dispatching = false;
    }
  }

  /** Sees every change of every resource (the garbage collector and namespace lifecycle use it). */
  onChange(fn: (c: Change) => void): void {
    this.listeners.push(fn);
  }

  addWatcher(w: StoreWatcher): void {
    let s = this.watchers.get(w.resource);
    if (!s) this.watchers.set(w.resource, (s = new Set()));
    s.add(w);
  }

  removeWatcher(w: StoreWatcher): void {
    this.watchers.get(w.resource)?.delete(w);
  }

  /** Changes after `rv` for a resource, or 'expired' when `rv` is older than the retained history. */
  changesSince(resource: string, rv: number): Change[] | 'expired' {
    if (rv < this.compactedRv) return 'expired';
    const out: Change[] = [];
    // binary search the first entry with rv > given
    let lo = this.historyStart;
    let hi = this.history.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.history[mid].rv <= rv) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < this.history.length; i++) if (this.history[i].resource === resource) out.push(this.history[i]);
    return out;
  }

  get oldestResumableRv(): number {
    return this.compactedRv;
  }

  // ------------------------------------------------------------ snapshots

  dump(): StoreDump {
    const objects: [string, KObject][] = [];
    for (const [resource, m] of this.data) for (const o of m.values()) objects.push([resource, o]);
    objects.sort((a, b) => Number(a[1].metadata.resourceVersion) - Number(b[1].metadata.resourceVersion));
    return {
      rv: this.rv,
      compactedRv: this.compactedRv,
      objects,
      history: this.history.slice(this.historyStart),
    };
  }

  load(d: StoreDump): void {
    this.rv = d.rv;
    this.compactedRv = d.compactedRv;
    this.data.clear();
    this.uids.clear();
    this.dependents.clear();
    for (const [resource, o] of d.objects) {
      deepFreeze(o);
      let m = this.data.get(resource);
      if (!m) this.data.set(resource, (m = new Map()));
      const key = objectKey(o.metadata.namespace, o.metadata.name!);
      m.set(key, o);
      this.index(resource, key, o);
    }
    this.history = d.history.map((c) => deepFreeze(c));
    this.historyStart = 0;
  }
}

export interface StoreDump {
  rv: number;
  compactedRv: number;
  objects: [string, KObject][];
  history: Change[];
}

function sameOwners(a: KObject['metadata']['ownerReferences'], b: KObject['metadata']['ownerReferences']): boolean {
  if (a === b) return true;
  if (!a || !b || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i].uid !== b[i].uid) return false;
  return true;
}

function byKey(a: KObject, b: KObject): number {
  const an = a.metadata.namespace ?? '';
  const bn = b.metadata.namespace ?? '';
  if (an !== bn) return an < bn ? -1 : 1;
  const x = a.metadata.name ?? '';
  const y = b.metadata.name ?? '';
  return x < y ? -1 : x > y ? 1 : 0;
}
