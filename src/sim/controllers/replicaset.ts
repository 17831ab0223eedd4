/**
 * The ReplicaSet controller (and, with a map selector, the ReplicationController
 * controller): keeps `spec.replicas` active pods, adopting orphans that match its
 * selector and releasing owned pods that stop matching; creates in slow-start batches
 * (1, 2, 4, …, at most 500 per sync) and deletes the lowest-ranked pods first.
 * Follows kubernetes/kubernetes `pkg/controller/replicaset/replica_set.go`. Left out:
 * expectations (the sandbox's informers are synchronous, so a sync always sees its
 * own writes).
 */
import { quiet } from './util/quiet';
import type { Cluster } from '../cluster';
import type { KObject } from '../api/types';
import { fromLabelSelector, fromMap, matches, type Selector } from '../api/selectors';
import type { Reconciler, ReconcileContext, ReconcileResult, Watches, InformerFactory } from './runtime';
import { splitKey } from './runtime';
import {
  conditionsOf,
  controllerRef,
  isPodActive,
  nodeNameOf,
  podFacts,
  podFromTemplate,
  type PodFacts,
  type Condition,
  type PodTemplate,
} from './util/pods';
import { podIndex, ownerIndex, type PodIndex } from './util/pod-index';
import { sortForDeletion } from './util/rank';
import { clone, jsonEqual } from '../api/objects';

export const BURST_REPLICAS = 500;

interface Kind {
  name: string;
  group: string;
  resource: string;
  kind: string;
  selector(o: KObject): Selector;
}

const RS_KIND: Kind = {
  name: 'replicaset-controller',
  group: 'apps',
  resource: 'replicasets',
  kind: 'ReplicaSet',
  selector: (o) => fromLabelSelector((o.spec as { selector?: never }).selector),
};

const RC_KIND: Kind = {
  name: 'replication-controller',
  group: '',
  resource: 'replicationcontrollers',
  kind: 'ReplicationController',
  selector: (o) => {
    const spec = o.spec as { selector?: Record<string, string>; template?: PodTemplate };
    // an RC without a selector selects its template's labels (defaulted by the API server)
    return fromMap(spec.selector ?? spec.template?.metadata?.labels ?? {});
  },
};

/**
 * Selectors by their text, so that one ReplicaSet's selector is the same object across the
 * versions of the set its status writes make, and a pod's match can be remembered.
 */
const interned = new Map<string, Selector>();
/** by the set's (frozen) spec: status writes keep the stored spec, so it lives across them */
const selectorOf = new WeakMap<object, Selector>();

function internedSelector(k: Kind, rs: KObject): Selector {
  const spec = rs.spec as { selector?: unknown; template?: PodTemplate } | undefined;
  let sel = spec ? selectorOf.get(spec) : undefined;
  if (sel) return sel;
  const text = JSON.stringify([k.kind, spec?.selector ?? null, k.kind === 'ReplicationController' && !spec?.selector ? (spec?.template?.metadata?.labels ?? null) : null]);
  sel = interned.get(text);
  if (!sel) {
    sel = k.selector(rs);
    if (interned.size > 10_000) interned.clear();
    interned.set(text, sel);
  }
  if (spec && Object.isFrozen(spec) && (spec.selector === undefined || Object.isFrozen(spec.selector))) selectorOf.set(spec, sel);
  return sel;
}

/** Does a pod (a frozen version from the index) match the selector; remembered per pod version. */
function factsMatch(sel: Selector, f: PodFacts): boolean {
  if (f.sel === sel) return f.selOk!;
  const ok = matches(sel, f.pod.metadata.labels);
  f.sel = sel;
  f.selOk = ok;
  return ok;
}

interface RsSpec {
  replicas?: number;
  minReadySeconds?: number;
  template?: PodTemplate;
}

/** Runs `fn` in batches of 1, 2, 4, … stopping at the first failure (controller.slowStartBatch). */
export function slowStartBatch(count: number, fn: () => boolean): number {
  let done = 0;
  for (let batch = Math.min(count, 1); done < count; batch = Math.min(2 * batch, count - done)) {
    for (let i = 0; i < batch; i++) {
      if (!fn()) return done;
      done++;
    }
  }
  return done;
}

export class ReplicaSetReconciler implements Reconciler {
  readonly name: string;

  constructor(private cluster: Cluster, private k: Kind = RS_KIND) {
    this.name = k.name;
  }

  setup(w: Watches, _inf: InformerFactory): void {
    const ref = this.k.group ? `${this.k.resource}.${this.k.group}` : this.k.resource;
    w.for(ref);
    w.owns('pods', this.k.kind);
    podIndex(this.cluster);
    // an orphan pod may be adopted by any set in its namespace whose selector matches it
    w.watches('pods', (pod, old) => {
      if (controllerRef(pod) || (old && controllerRef(old))) return [];
      const out: string[] = [];
      for (const rs of this.cluster.informers.for(ref).list(pod.metadata.namespace))
        if (!rs.metadata.deletionTimestamp && this.k.selector(rs) && matches(this.k.selector(rs), pod.metadata.labels)) out.push(`${rs.metadata.namespace}/${rs.metadata.name}`);
      return out;
    });
  }

  private informer() {
    return this.cluster.informers.for(this.k.group ? `${this.k.resource}.${this.k.group}` : this.k.resource);
  }

  reconcile(key: string, outer: ReconcileContext): ReconcileResult | void {
    const ctx = quiet(outer);
    const { namespace, name } = splitKey(key);
    const rs = this.informer().get(namespace, name);
    if (!rs) return;
    const spec = rs.spec as RsSpec;
    const selector = internedSelector(this.k, rs);
    const idx = podIndex(this.cluster);

    // the common case, answered from the index's running counts without walking the pods:
    // every owned pod still matches, there is nothing to adopt, no minReadySeconds to time
    const fast = this.fastPath(rs, selector, idx, namespace);
    if (fast) {
      const want = spec.replicas ?? 1;
      ctx.observe(`${fast.active} active pods, want ${want}`);
      let failure: Condition | undefined;
      if (!rs.metadata.deletionTimestamp)
        failure = this.manageReplicas(rs, fast.active, () => [...idx.factsByOwner(rs.metadata.uid)].filter((f) => f.active), want, ctx);
      return this.writeStatus(rs, fast.active, fast.fully, fast.ready, fast.ready, 0, failure, ctx);
    }

    // claim: adopt matching orphans, release owned pods that no longer match
    const owned: PodFacts[] = [];
    for (const f of idx.factsByOwner(rs.metadata.uid)) {
      const p = f.pod;
      if (factsMatch(selector, f)) owned.push(f);
      else if (!rs.metadata.deletionTimestamp) {
        ctx.decide(`release pod ${p.metadata.name}: its labels no longer match the selector`);
        const refs = (p.metadata.ownerReferences ?? []).filter((r) => r.uid !== rs.metadata.uid);
        ctx.request({
          verb: 'patch', resource: 'pods', namespace, name: p.metadata.name, patchType: 'json',
          body: clone([{ op: 'test', path: '/metadata/uid', value: p.metadata.uid }, { op: 'replace', path: '/metadata/ownerReferences', value: refs }]),
        });
      }
    }
    if (!rs.metadata.deletionTimestamp && !selector.everything && !selector.nothing)
      for (const p of idx.orphansIn(namespace)) {
        if (!isPodActive(p) || !matches(selector, p.metadata.labels)) continue;
        ctx.decide(`adopt pod ${p.metadata.name}: it matches the selector and has no controller`);
        const res = ctx.request({
          verb: 'patch', resource: 'pods', namespace, name: p.metadata.name, patchType: 'merge',
          body: clone({ metadata: { ownerReferences: [...(p.metadata.ownerReferences ?? []), { apiVersion: rs.apiVersion, kind: rs.kind, name: rs.metadata.name, uid: rs.metadata.uid, controller: true, blockOwnerDeletion: true }], uid: p.metadata.uid } }),
        });
        if (res.code < 300) owned.push(podFacts(res.body as KObject));
      }

    const active = owned.filter((f) => f.active);
    const want = spec.replicas ?? 1;
    ctx.observe(`${active.length} active pods, want ${want}`);
    let failure: Condition | undefined;
    if (!rs.metadata.deletionTimestamp) failure = this.manageReplicas(rs, active.length, () => active, want, ctx);

    return this.updateStatus(rs, active, failure, ctx);
  }

  private fastPath(rs: KObject, selector: Selector, idx: PodIndex, namespace: string | undefined): { active: number; fully: number; ready: number } | undefined {
    if ((rs.spec as RsSpec).minReadySeconds) return undefined;
    if (!rs.metadata.deletionTimestamp && !selector.everything && !selector.nothing && idx.hasOrphansIn(namespace)) return undefined;
    const agg = idx.ownerPods(rs.metadata.uid);
    if (!agg) return { active: 0, fully: 0, ready: 0 };
    const tl = Object.entries((rs.spec as RsSpec).template?.metadata?.labels ?? {});
    let fully = 0;
    for (const set of agg.sets.values()) {
      if (set.sel !== selector) {
        set.sel = selector;
        set.selOk = matches(selector, set.labels);
      }
      if (!set.selOk) return undefined;
      let all = true;
      for (let i = 0; i < tl.length && all; i++) all = set.labels?.[tl[i][0]] === tl[i][1];
      if (all) fully += set.active;
    }
    return { active: agg.active, fully, ready: agg.readyActive };
  }

  private manageReplicas(rs: KObject, activeCount: number, activeFacts: () => PodFacts[], want: number, ctx: ReconcileContext): Condition | undefined {
    const diff = activeCount - want;
    const ns = rs.metadata.namespace;
    if (diff < 0) {
      const n = Math.min(-diff, BURST_REPLICAS);
      ctx.decide(`create ${n} pod${n === 1 ? '' : 's'}`);
      let failure: Condition | undefined;
      slowStartBatch(n, () => {
        const pod = podFromTemplate((rs.spec as RsSpec).template, rs, `${rs.metadata.name}-`);
        const res = ctx.request({ verb: 'create', resource: 'pods', namespace: ns, body: pod });
        if (res.code >= 300) {
          const msg = (res.body as { message?: string }).message ?? '';
          this.cluster.events.record(rs, 'Warning', 'FailedCreate', `Error creating: ${msg}`, { component: this.name });
          failure = { type: 'ReplicaFailure', status: 'True', reason: 'FailedCreate', message: msg };
          return false;
        }
        this.cluster.events.record(rs, 'Normal', 'SuccessfulCreate', `Created pod: ${(res.body as KObject).metadata.name}`, { component: this.name });
        return true;
      });
      return failure;
    }
    if (diff > 0) {
      const n = Math.min(diff, BURST_REPLICAS);
      const active = activeFacts().map((f) => f.pod);
      const victims = sortForDeletion(active, this.ranker(rs, active), ctx.now()).slice(0, n);
      ctx.decide(`delete ${n} pod${n === 1 ? '' : 's'}: ${victims.map((p) => p.metadata.name).join(', ')}`);
      let failure: Condition | undefined;
      for (const p of victims) {
        const res = ctx.request({ verb: 'delete', resource: 'pods', namespace: ns, name: p.metadata.name, query: { preconditions: { uid: p.metadata.uid } } });
        if (res.code >= 300 && res.code !== 404) {
          const msg = (res.body as { message?: string }).message ?? '';
          this.cluster.events.record(rs, 'Warning', 'FailedDelete', `Error deleting: ${msg}`, { component: this.name });
          failure = { type: 'ReplicaFailure', status: 'True', reason: 'FailedDelete', message: msg };
        } else if (res.code < 300)
          this.cluster.events.record(rs, 'Normal', 'SuccessfulDelete', `Deleted pod: ${p.metadata.name}`, { component: this.name });
      }
      return failure;
    }
    return undefined;
  }

  /** Related pods per node: the pods of every ReplicaSet of the same owner (a Deployment's old and new sets). */
  private ranker(rs: KObject, active: KObject[]): (p: KObject) => number {
    const owner = controllerRef(rs);
    let related = active;
    if (owner) {
      related = [];
      for (const sib of ownerIndex(this.cluster, `${this.k.resource}.${this.k.group}`).byOwner(owner.uid))
        for (const p of podIndex(this.cluster).byOwner(sib.metadata.uid)) if (isPodActive(p)) related.push(p);
    }
    const perNode = new Map<string, number>();
    for (const p of related) {
      const n = nodeNameOf(p);
      if (n) perNode.set(n, (perNode.get(n) ?? 0) + 1);
    }
    return (p) => {
      const n = nodeNameOf(p);
      return n ? (perNode.get(n) ?? 0) : 0;
    };
  }

  private updateStatus(rs: KObject, active: PodFacts[], failure: Condition | undefined, ctx: ReconcileContext): ReconcileResult | void {
    const spec = rs.spec as RsSpec;
    const now = ctx.now();
    const minReady = spec.minReadySeconds ?? 0;
    const templateLabels = spec.template?.metadata?.labels ?? {};
    let fully = 0, ready = 0, available = 0, wait = 0;
    const tl = Object.entries(templateLabels);
    for (const f of active) {
      const labels = f.pod.metadata.labels;
      let all = true;
      for (let i = 0; i < tl.length && all; i++) all = labels?.[tl[i][0]] === tl[i][1];
      if (all) fully++;
      if (f.ready) {
        ready++;
        // podutil.IsPodAvailable: ready for minReadySeconds
        if (!minReady || (f.readySince !== undefined && f.readySince + minReady * 1000 <= now)) available++;
        else {
          const w = f.readySince === undefined ? 0 : Math.max(0, f.readySince + minReady * 1000 - now);
          if (w > 0 && (wait === 0 || w < wait)) wait = w;
        }
      }
    }
    return this.writeStatus(rs, active.length, fully, ready, available, wait, failure, ctx);
  }

  private writeStatus(rs: KObject, activeCount: number, fully: number, ready: number, available: number, wait: number, failure: Condition | undefined, ctx: ReconcileContext): ReconcileResult | void {
    const old = (rs.status ?? {}) as Record<string, unknown>;
    let conditions = conditionsOf(rs).filter((c) => c.type !== 'ReplicaFailure');
    const prevFailure = conditionsOf(rs).find((c) => c.type === 'ReplicaFailure');
    // calculateStatus sets ReplicaFailure only when there is none: a create refused again
    // (its generated name, so its message, differs each time) leaves the status alone
    if (failure) conditions = [...conditions, prevFailure ?? { ...failure, lastTransitionTime: this.cluster.clock.iso() }];
    const status: Record<string, unknown> = {
      replicas: activeCount,
      ...(fully ? { fullyLabeledReplicas: fully } : {}),
      ...(ready ? { readyReplicas: ready } : {}),
      ...(available ? { availableReplicas: available } : {}),
      observedGeneration: rs.metadata.generation ?? 1,
      ...(conditions.length ? { conditions } : {}),
    };
    // RC status always prints fullyLabeledReplicas etc. as omitempty too; keep the shapes equal
    if (!sameNormalised(old, status)) {
      ctx.observe(`status: ${activeCount} replicas, ${ready} ready, ${available} available`);
      // the API server decodes a copy of the body: no need to copy the frozen set here
      const next = { ...rs, status } as KObject;
      ctx.request({ verb: 'update', group: this.k.group, resource: this.k.resource, subresource: 'status', namespace: rs.metadata.namespace, name: rs.metadata.name, body: next });
    }
    // syncReplicaSet returns manageReplicas' error: the key is retried with back-off (a quota
    // that frees up, a LimitRange that changes), not at once and not never
    if (failure) throw new Error(failure.message);
    if (wait > 0) return { requeueAfter: wait };
  }
}

/** Equal once undefined and zero members are dropped, whatever the key order (status fields are omitempty). */
function sameNormalised(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const kept = (s: Record<string, unknown>) => Object.keys(s).filter((k) => s[k] !== undefined && s[k] !== 0);
  const ka = kept(a), kb = kept(b);
  if (ka.length !== kb.length) return false;
  for (const k of ka) if (!(k in b) || b[k] === undefined || b[k] === 0 || !jsonEqual(a[k], b[k])) return false;
  return true;
}

export function replicaSetController(cluster: Cluster): ReplicaSetReconciler {
  return new ReplicaSetReconciler(cluster, RS_KIND);
}

export function replicationControllerController(cluster: Cluster): ReplicaSetReconciler {
  return new ReplicaSetReconciler(cluster, RC_KIND);
}
