/**
 * The garbage collector, as kube-controller-manager's: objects whose owners are all gone
 * are deleted (Background), owners being deleted in the Foreground wait for their
 * blocking dependents, and Orphan strips the owner reference from dependents.
 * It acts only through API requests, a moment after the change that woke it.
 */
import { clone, jsonEqual } from './objects';
import type { ApiServer } from './server';
import type { Change } from './store';
import type { KObject, PropagationPolicy } from './types';

const USER = 'system:serviceaccount:kube-system:generic-garbage-collector';

export class GarbageCollector {
  private pending = new Set<string>(); // uids to look at
  private scheduled = false;

  constructor(private api: ApiServer) {
    api.store.onChange((c) => this.observe(c));
  }

  private observe(c: Change): void {
    const m = c.object.metadata;
    if (c.type === 'DELETED') {
      for (const d of this.api.store.dependentsOf(m.uid!)) this.enqueue(d.object.metadata.uid!);
      // a dependent going away may unblock an owner deleting in the foreground
      for (const ref of m.ownerReferences ?? []) this.enqueue(ref.uid);
      return;
    }
    if (m.deletionTimestamp && (m.finalizers ?? []).some((f) => f === 'foregroundDeletion' || f === 'orphan')) this.enqueue(m.uid!);
    const refs = m.ownerReferences;
    const prevRefs = c.prev?.metadata.ownerReferences;
    const refsChanged = refs !== prevRefs && (refs?.length || prevRefs?.length) && !jsonEqual(refs ?? [], prevRefs ?? []);
    if ((m.ownerReferences ?? []).length && (c.type === 'ADDED' || refsChanged)) this.enqueue(m.uid!);
    if (m.deletionTimestamp && !c.prev?.metadata.deletionTimestamp)
      for (const ref of m.ownerReferences ?? []) this.enqueue(ref.uid);
  }

  private enqueue(uid: string): void {
    this.pending.add(uid);
    if (!this.scheduled) {
      this.scheduled = true;
      this.api.clock.schedule(0, () => this.run(), 'garbage-collector');
    }
  }

  /** Looks at everything queued; what it changes may queue more, handled in a later pass. */
  run(): void {
    this.scheduled = false;
    const uids = [...this.pending];
    this.pending.clear();
    for (const uid of uids) {
      const found = this.api.store.byUid(uid);
      if (!found) continue;
      const o = found.object;
      const fins = o.metadata.finalizers ?? [];
      if (o.metadata.deletionTimestamp && fins.includes('orphan')) this.orphanDependents(o);
      else if (o.metadata.deletionTimestamp && fins.includes('foregroundDeletion')) this.deleteDependents(o);
      if ((o.metadata.ownerReferences ?? []).length) this.checkOwners(o);
    }
  }

  /** Recheck every object with owners (after a restore, when no change will wake us). */
  resyncAll(): void {
    for (const r of this.api.store.resources())
      for (const o of this.api.store.list(r)) {
        if ((o.metadata.ownerReferences ?? []).length || o.metadata.deletionTimestamp) this.enqueue(o.metadata.uid!);
      }
  }

  private checkOwners(o: KObject): void {
    const refs = o.metadata.ownerReferences ?? [];
    const live: typeof refs = [];
    let foregroundOwner = false;
    for (const ref of refs) {
      const owner = this.api.store.byUid(ref.uid)?.object;
      // an owner in another namespace does not count: owner references are namespace-local
      if (owner && (owner.metadata.namespace === undefined || owner.metadata.namespace === o.metadata.namespace)) {
        live.push(ref);
        if (owner.metadata.deletionTimestamp && (owner.metadata.finalizers ?? []).includes('foregroundDeletion')) foregroundOwner = true;
      }
    }
    if (live.length === 0) {
      if (!o.metadata.deletionTimestamp) this.delete(o, foregroundOwner ? 'Foreground' : 'Background');
      return;
    }
    if (live.length < refs.length) {
      const next = clone(o);
      next.metadata.ownerReferences = live;
      this.update(next);
    }
  }

  private deleteDependents(owner: KObject): void {
    const deps = this.api.store.dependentsOf(owner.metadata.uid!);
    let blocking = 0;
    for (const { object: d } of deps) {
      const ref = d.metadata.ownerReferences?.find((r) => r.uid === owner.metadata.uid);
      if (ref?.blockOwnerDeletion) blocking++;
      if (!d.metadata.deletionTimestamp) this.delete(d, 'Foreground');
    }
    if (blocking === 0) this.removeFinalizer(owner, 'foregroundDeletion');
  }

  private orphanDependents(owner: KObject): void {
    for (const { object: d } of this.api.store.dependentsOf(owner.metadata.uid!)) {
      const next = clone(d);
      next.metadata.ownerReferences = (next.metadata.ownerReferences ?? []).filter((r) => r.uid !== owner.metadata.uid);
      if (next.metadata.ownerReferences.length === 0) delete next.metadata.ownerReferences;
      this.update(next);
    }
    this.removeFinalizer(owner, 'orphan');
  }

  private removeFinalizer(o: KObject, f: string): void {
    const latest = this.api.store.byUid(o.metadata.uid!)?.object;
    if (!latest) return;
    const next = clone(latest);
    next.metadata.finalizers = (next.metadata.finalizers ?? []).filter((x) => x !== f);
    if (next.metadata.finalizers.length === 0) delete next.metadata.finalizers;
    this.update(next);
  }

  private target(o: KObject) {
    const info = this.api.kinds.forObject(o);
    return info ? { group: info.group, version: info.version, resource: info.plural } : undefined;
  }

  private delete(o: KObject, policy: PropagationPolicy): void {
    const t = this.target(o);
    if (!t) return;
    this.api.request({
      verb: 'delete',
      ...t,
      namespace: o.metadata.namespace,
      name: o.metadata.name,
      query: { propagationPolicy: policy, preconditions: { uid: o.metadata.uid } },
      user: USER,
    });
  }

  private update(o: KObject): void {
    const t = this.target(o);
    if (!t) return;
    this.api.request({ verb: 'update', ...t, namespace: o.metadata.namespace, name: o.metadata.name, body: o, user: USER });
  }
}
