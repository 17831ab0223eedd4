/**
 * Indexes over the shared pods informer that client-go controllers get from indexers:
 * pods by controller owner uid, by node, and the orphans of each namespace (pods with no
 * controller, which a ReplicaSet/Job/DaemonSet may adopt). One per cluster, so that a
 * reconcile reads its own pods without scanning every pod in the cluster.
 */
import type { Cluster } from '../../cluster';
import type { KObject } from '../../api/types';
import { controllerRef, nodeNameOf, podFacts, type PodFacts } from './pods';

class Bucket {
  private m = new Map<string, Map<string, KObject>>();
  add(k: string, id: string, o: KObject): void {
    let b = this.m.get(k);
    if (!b) this.m.set(k, (b = new Map()));
    b.set(id, o);
  }
  remove(k: string, id: string): void {
    const b = this.m.get(k);
    if (!b) return;
    b.delete(id);
    if (b.size === 0) this.m.delete(k);
  }
  get(k: string): KObject[] {
    const b = this.m.get(k);
    return b ? [...b.values()] : [];
  }
  count(k: string): number {
    return this.m.get(k)?.size ?? 0;
  }
}

/** Pods of one owner that carry the same labels, counted. */
export interface LabelSet {
  readonly labels: Record<string, string> | undefined;
  total: number;
  active: number;
  /** the last selector this set was matched against, and the answer */
  sel?: unknown;
  selOk?: boolean;
}

/**
 * Running counts over one owner's pods, so that a ReplicaSet sync (which runs after every
 * change to any of its pods) does not walk all of them: how many are active, how many of
 * those are ready, and the distinct label sets (usually one) to match selectors against.
 */
export interface OwnerPods {
  readonly facts: Map<string, PodFacts>;
  active: number;
  readyActive: number;
  readonly sets: Map<string, LabelSet>;
}

/** Labels as text, remembered per (frozen) labels object: status writes keep a pod's labels object. */
const labelTexts = new WeakMap<object, string>();
function labelsKey(labels: Record<string, string> | undefined): string {
  if (!labels) return 'null';
  let t = labelTexts.get(labels);
  if (t === undefined) {
    t = JSON.stringify(labels);
    if (Object.isFrozen(labels)) labelTexts.set(labels, t);
  }
  return t;
}

export class PodIndex {
  private owner = new Bucket();
  /** the same buckets as `owner`, in the same order, holding each pod's facts, with running counts */
  private ownerFacts = new Map<string, OwnerPods>();
  private labelKeys = new WeakMap<PodFacts, string>();
  private node = new Bucket();
  private orphans = new Bucket();

  constructor(cluster: Cluster) {
    const inf = cluster.informers.for('pods');
    for (const p of inf.list()) this.add(p);
    inf.on((type, obj, old) => {
      if (old) this.remove(old);
      if (type !== 'DELETED') this.add(obj);
    });
  }

  private id(o: KObject): string {
    return `${o.metadata.namespace}/${o.metadata.name}`;
  }

  private add(p: KObject): void {
    const id = this.id(p);
    const ref = controllerRef(p);
    if (ref) {
      this.owner.add(ref.uid, id, p);
      let b = this.ownerFacts.get(ref.uid);
      if (!b) this.ownerFacts.set(ref.uid, (b = { facts: new Map(), active: 0, readyActive: 0, sets: new Map() }));
      const f = podFacts(p);
      b.facts.set(id, f);
      const lk = labelsKey(p.metadata.labels);
      this.labelKeys.set(f, lk);
      let set = b.sets.get(lk);
      if (!set) b.sets.set(lk, (set = { labels: p.metadata.labels, total: 0, active: 0 }));
      set.total++;
      if (f.active) {
        set.active++;
        b.active++;
        if (f.ready) b.readyActive++;
      }
    } else this.orphans.add(p.metadata.namespace ?? '', id, p);
    const n = nodeNameOf(p);
    if (n) this.node.add(n, id, p);
  }

  private remove(p: KObject): void {
    const id = this.id(p);
    const ref = controllerRef(p);
    if (ref) {
      this.owner.remove(ref.uid, id);
      const b = this.ownerFacts.get(ref.uid);
      const f = b?.facts.get(id);
      if (b && f) {
        b.facts.delete(id);
        const lk = this.labelKeys.get(f)!;
        const set = b.sets.get(lk)!;
        set.total--;
        if (f.active) {
          set.active--;
          b.active--;
          if (f.ready) b.readyActive--;
        }
        if (set.total === 0) b.sets.delete(lk);
        if (b.facts.size === 0) this.ownerFacts.delete(ref.uid);
      }
    } else this.orphans.remove(p.metadata.namespace ?? '', id);
    const n = nodeNameOf(p);
    if (n) this.node.remove(n, id);
  }

  /** Pods whose controller ownerReference names this uid. */
  byOwner(uid: string | undefined): KObject[] {
    return uid ? this.owner.get(uid) : [];
  }

  /** byOwner's pods, in the same order, with their facts (worked out once per pod version). */
  factsByOwner(uid: string | undefined): Iterable<PodFacts> {
    return (uid ? this.ownerFacts.get(uid)?.facts.values() : undefined) ?? [];
  }

  /** The running counts over an owner's pods (undefined when it has none). */
  ownerPods(uid: string | undefined): OwnerPods | undefined {
    return uid ? this.ownerFacts.get(uid) : undefined;
  }

  byNode(node: string): KObject[] {
    return this.node.get(node);
  }

  countOnNode(node: string): number {
    return this.node.count(node);
  }

  orphansIn(namespace: string | undefined): KObject[] {
    return this.orphans.get(namespace ?? '');
  }

  hasOrphansIn(namespace: string | undefined): boolean {
    return this.orphans.count(namespace ?? '') > 0;
  }
}

const indexes = new WeakMap<Cluster, PodIndex>();

export function podIndex(cluster: Cluster): PodIndex {
  let i = indexes.get(cluster);
  if (!i) indexes.set(cluster, (i = new PodIndex(cluster)));
  return i;
}

/** Generic owner index for any resource (ReplicaSets of a Deployment, Jobs of a CronJob), with the orphans of each namespace. */
export class OwnerIndex {
  private owner = new Bucket();
  private orphans = new Bucket();
  constructor(cluster: Cluster, ref: string) {
    const inf = cluster.informers.for(ref);
    const id = (o: KObject) => `${o.metadata.namespace ?? ''}/${o.metadata.name}`;
    const add = (o: KObject) => {
      const r = controllerRef(o);
      if (r) this.owner.add(r.uid, id(o), o);
      else this.orphans.add(o.metadata.namespace ?? '', id(o), o);
    };
    const remove = (o: KObject) => {
      const r = controllerRef(o);
      if (r) this.owner.remove(r.uid, id(o));
      else this.orphans.remove(o.metadata.namespace ?? '', id(o));
    };
    for (const o of inf.list()) add(o);
    inf.on((type, obj, old) => {
      if (old) remove(old);
      if (type !== 'DELETED') add(obj);
    });
  }
  byOwner(uid: string | undefined): KObject[] {
    return uid ? this.owner.get(uid) : [];
  }

  orphansIn(namespace: string | undefined): KObject[] {
    return this.orphans.get(namespace ?? '');
  }
}

/** All nodes by name, without the informer's sorted copy per call. */
export class NodeIndex {
  readonly nodes = new Map<string, KObject>();
  constructor(cluster: Cluster) {
    const inf = cluster.informers.for('nodes');
    for (const n of inf.list()) this.nodes.set(n.metadata.name!, n);
    inf.on((type, n) => {
      if (type === 'DELETED') this.nodes.delete(n.metadata.name!);
      else this.nodes.set(n.metadata.name!, n);
    });
  }
}

const nodeIndexes = new WeakMap<Cluster, NodeIndex>();

export function nodeIndex(cluster: Cluster): NodeIndex {
  let i = nodeIndexes.get(cluster);
  if (!i) nodeIndexes.set(cluster, (i = new NodeIndex(cluster)));
  return i;
}

const ownerIndexes = new WeakMap<Cluster, Map<string, OwnerIndex>>();

export function ownerIndex(cluster: Cluster, ref: string): OwnerIndex {
  let m = ownerIndexes.get(cluster);
  if (!m) ownerIndexes.set(cluster, (m = new Map()));
  let i = m.get(ref);
  if (!i) m.set(ref, (i = new OwnerIndex(cluster, ref)));
  return i;
}
