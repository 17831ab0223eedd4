/**
 * The DaemonSet controller (kubernetes `pkg/controller/daemon`): one pod per eligible node
 * — nodeSelector / required node affinity match and every NoSchedule/NoExecute taint
 * tolerated, counting the tolerations the controller adds itself — pinned to its node with
 * required node affinity on `metadata.name` and then placed by the default scheduler.
 * RollingUpdate replaces old pods node by node within maxUnavailable; OnDelete waits for
 * the user. Left out: maxSurge > 0 (surge updates).
 */
import { quiet } from './util/quiet';
import type { Cluster } from '../cluster';
import type { KObject } from '../api/types';
import { fromLabelSelector, matches } from '../api/selectors';
import { splitKey, type InformerFactory, type Reconciler, type ReconcileContext, type ReconcileResult, type Watches } from './runtime';
import { isPodActive, isPodAvailable, isPodReady, isTerminal, msUntilAvailable, nodeNameOf, podFromTemplate, type PodTemplate } from './util/pods';
import { nodeIndex, ownerIndex, podIndex } from './util/pod-index';
import { slowStartBatch, BURST_REPLICAS } from './replicaset';
import { syncRevision } from './util/revisions';
import { firstUntolerated, taintsOf, type Toleration } from '../scheduler/plugins/taints';
import { podMatchesNode } from '../scheduler/plugins/node-affinity';
import { scaledValue } from './deployment/util';
import { clone } from '../api/objects';
import { CreateBackoff } from './util/create-backoff';

const COMPONENT = { component: 'daemonset-controller' };
const SYNC_SPACING_MS = 500;

/** util.AddOrUpdateDaemonPodTolerations */
export function daemonTolerations(existing: Toleration[], hostNetwork: boolean): Toleration[] {
  const out = [...existing];
  const add = (key: string, effect: string) => {
    if (!out.some((t) => t.key === key && t.effect === effect && (t.operator ?? 'Equal') === 'Exists')) out.push({ key, operator: 'Exists', effect });
  };
  add('node.kubernetes.io/not-ready', 'NoExecute');
  add('node.kubernetes.io/unreachable', 'NoExecute');
  add('node.kubernetes.io/disk-pressure', 'NoSchedule');
  add('node.kubernetes.io/memory-pressure', 'NoSchedule');
  add('node.kubernetes.io/pid-pressure', 'NoSchedule');
  add('node.kubernetes.io/unschedulable', 'NoSchedule');
  if (hostNetwork) add('node.kubernetes.io/network-unavailable', 'NoSchedule');
  return out;
}

/** The pod a DaemonSet wants on `node`: its template + tolerations + node pinning + revision labels. */
export function daemonPod(ds: KObject, node: string, hash: string): KObject {
  const tpl = clone((ds.spec as { template?: PodTemplate }).template ?? {}) as PodTemplate;
  const pod = podFromTemplate(tpl, ds, `${ds.metadata.name}-`);
  pod.metadata.labels = { ...(pod.metadata.labels ?? {}), 'controller-revision-hash': hash, 'pod-template-generation': String(ds.metadata.generation ?? 1) };
  const spec = pod.spec as { tolerations?: Toleration[]; hostNetwork?: boolean; affinity?: { nodeAffinity?: { requiredDuringSchedulingIgnoredDuringExecution?: { nodeSelectorTerms?: { matchExpressions?: unknown[]; matchFields?: unknown[] }[] } } } };
  spec.tolerations = daemonTolerations(spec.tolerations ?? [], !!spec.hostNetwork);
  const field = [{ key: 'metadata.name', operator: 'In', values: [node] }];
  const aff = (spec.affinity ??= {});
  const na = (aff.nodeAffinity ??= {});
  const req = (na.requiredDuringSchedulingIgnoredDuringExecution ??= {});
  const terms = req.nodeSelectorTerms ?? [];
  req.nodeSelectorTerms = terms.length ? terms.map((t) => ({ ...t, matchFields: field })) : [{ matchFields: field }];
  return pod;
}

/** Which node a daemon pod belongs to: its nodeName, else the pinned metadata.name. */
function targetNode(p: KObject): string | undefined {
  const n = nodeNameOf(p);
  if (n) return n;
  const terms = (p.spec as { affinity?: { nodeAffinity?: { requiredDuringSchedulingIgnoredDuringExecution?: { nodeSelectorTerms?: { matchFields?: { key: string; values?: string[] }[] }[] } } } }).affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
  for (const t of terms) for (const f of t.matchFields ?? []) if (f.key === 'metadata.name') return f.values?.[0];
  return undefined;
}

/** nodeShouldRunDaemonPod: [shouldRun, shouldContinueRunning]. `pod` = daemonPod(ds, any node) when called per node in a loop. */
export function shouldRun(ds: KObject, node: KObject, pod: KObject = daemonPod(ds, node.metadata.name!, '')): [boolean, boolean] {
  // the pinning term names another node in a shared template: match the node itself here
  const spec = pod.spec as { nodeSelector?: Record<string, string>; affinity?: { nodeAffinity?: { requiredDuringSchedulingIgnoredDuringExecution?: { nodeSelectorTerms?: { matchExpressions?: unknown[]; matchFields?: unknown[] }[] } } } };
  const terms = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
  const probe = { ...pod, spec: { ...spec, affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms.map((t) => ({ ...t, matchFields: [{ key: 'metadata.name', operator: 'In', values: [node.metadata.name!] }] })) } } } } } as KObject;
  if (!podMatchesNode(probe, node)) return [false, false];
  const tol = (pod.spec as { tolerations: Toleration[] }).tolerations;
  const taints = taintsOf(node);
  if (firstUntolerated(taints, tol, ['NoExecute'])) return [false, false];
  if (firstUntolerated(taints, tol, ['NoSchedule'])) return [false, true];
  return [true, true];
}

export class DaemonSetReconciler implements Reconciler {
  readonly name = 'daemonset-controller';
  private memos = new Map<string, { gen: number; m: Map<string, { rv?: string; r: [boolean, boolean] }> }>();
  /** virtual time of each DaemonSet's last sync: a sync walks every node, so syncs are spaced out */
  private lastSync = new Map<string, number>();
  private createBackoff = new CreateBackoff();
  constructor(private cluster: Cluster) {}

  private memo(ds: KObject): Map<string, { rv?: string; r: [boolean, boolean] }> {
    const gen = ds.metadata.generation ?? 1;
    let e = this.memos.get(ds.metadata.uid!);
    if (!e || e.gen !== gen) this.memos.set(ds.metadata.uid!, (e = { gen, m: new Map() }));
    return e.m;
  }

  setup(w: Watches, _inf: InformerFactory): void {
    w.for('daemonsets.apps');
    w.owns('pods', 'DaemonSet');
    podIndex(this.cluster);
    ownerIndex(this.cluster, 'controllerrevisions.apps');
    // a node joining, leaving or changing labels/taints concerns every DaemonSet
    w.watches('nodes', (n, old) => {
      if (old && JSON.stringify([old.metadata.labels, (old.spec as { taints?: unknown })?.taints]) === JSON.stringify([n.metadata.labels, (n.spec as { taints?: unknown })?.taints]) && this.cluster.informers.for('nodes').get(undefined, n.metadata.name!)) return [];
      return this.cluster.informers.for('daemonsets.apps').list().map((d) => `${d.metadata.namespace}/${d.metadata.name}`);
    });
  }

  reconcile(key: string, outer: ReconcileContext): ReconcileResult | void {
    const ctx = quiet(outer);
    const { namespace, name } = splitKey(key);
    const ds = this.cluster.informers.for('daemonsets.apps').get(namespace, name);
    if (!ds || ds.metadata.deletionTimestamp) return;
    // at most one full sync per SYNC_SPACING_MS of virtual time per DaemonSet (events in between coalesce,
    // as they do in a real work queue while a sync runs); a spec change is handled at once
    const last = this.lastSync.get(key);
    const gen = ds.metadata.generation ?? 1;
    if (last !== undefined && outer.now() - last < SYNC_SPACING_MS && this.memos.get(ds.metadata.uid!)?.gen === gen) return { requeueAfter: SYNC_SPACING_MS - (outer.now() - last) };
    this.lastSync.set(key, outer.now());
    const spec = ds.spec as { selector?: never; template?: PodTemplate; minReadySeconds?: number; updateStrategy?: { type?: string; rollingUpdate?: { maxUnavailable?: number | string } }; revisionHistoryLimit?: number };
    const selector = fromLabelSelector(spec.selector);
    const rev = syncRevision(ctx, ds, ownerIndex(this.cluster, 'controllerrevisions.apps').byOwner(ds.metadata.uid), spec.template, spec.revisionHistoryLimit ?? 10);
    const pods = podIndex(this.cluster).byOwner(ds.metadata.uid).filter((p) => matches(selector, p.metadata.labels));
    const nodes = [...nodeIndex(this.cluster).nodes.values()];
    const byNode = new Map<string, KObject[]>();
    for (const p of pods) {
      const n = targetNode(p);
      if (!n) continue;
      if (!byNode.has(n)) byNode.set(n, []);
      byNode.get(n)!.push(p);
    }
    const now = ctx.now();
    const minReady = spec.minReadySeconds ?? 0;
    const toCreate: string[] = [];
    const toDelete: KObject[] = [];
    let desired = 0, current = 0, misscheduled = 0, ready = 0, updated = 0, available = 0;
    const eligible: string[] = [];
    const probe = daemonPod(ds, '', rev.hash);
    const memo = this.memo(ds);
    for (const node of nodes) {
      // eligibility only changes with the DaemonSet's generation or the node object
      let m = memo.get(node.metadata.name!);
      if (!m || m.rv !== node.metadata.resourceVersion) memo.set(node.metadata.name!, (m = { rv: node.metadata.resourceVersion, r: shouldRun(ds, node, probe) }));
      const [run, keep] = m.r;
      const here = (byNode.get(node.metadata.name!) ?? []).filter((p) => !p.metadata.deletionTimestamp);
      const nodeName = node.metadata.name!;
      if (run) {
        desired++;
        eligible.push(nodeName);
      }
      const failed = here.filter((p) => isTerminal(p) && (p.status as { phase?: string }).phase === 'Failed');
      for (const f of failed) {
        this.cluster.events.record(ds, 'Warning', 'FailedDaemonPod', `Found failed daemon pod ${f.metadata.namespace}/${f.metadata.name} on node ${nodeName}, will try to kill it`, COMPONENT);
        toDelete.push(f);
      }
      const alive = here.filter((p) => !isTerminal(p));
      if (run || keep) {
        if (alive.length === 0 && run && !(byNode.get(nodeName) ?? []).some((p) => p.metadata.deletionTimestamp)) toCreate.push(nodeName);
        // more than one: keep the oldest
        const sorted = [...alive].sort((a, b) => ((a.metadata.creationTimestamp ?? '') < (b.metadata.creationTimestamp ?? '') ? -1 : 1));
        toDelete.push(...sorted.slice(1));
        if (alive.length) {
          if (run) current++;
          const p = sorted[0];
          if (isPodReady(p)) ready++;
          if (isPodAvailable(p, minReady, now)) available++;
          if (p.metadata.labels?.['controller-revision-hash'] === rev.hash) updated++;
        }
        if (!run && keep && alive.length) misscheduled++;
      } else if (alive.length) {
        misscheduled++;
        toDelete.push(...alive);
      }
    }
    // pods pinned to nodes that no longer exist
    const nodeMap = nodeIndex(this.cluster).nodes;
    for (const [n, ps] of byNode) if (!nodeMap.has(n)) toDelete.push(...ps.filter(isPodActive));

    // rolling update: delete old pods within maxUnavailable (unavailable old ones first)
    if ((spec.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate' && toCreate.length === 0 && toDelete.length === 0) {
      const maxUnavailable = Math.max(1, scaledValue(spec.updateStrategy?.rollingUpdate?.maxUnavailable, desired, true, '1'));
      let unavailable = 0;
      const oldAvail: KObject[] = [], oldUnavail: KObject[] = [];
      for (const n of eligible) {
        const p = (byNode.get(n) ?? []).find((x) => !isTerminal(x));
        if (!p || p.metadata.deletionTimestamp) {
          unavailable++;
          continue;
        }
        const av = isPodAvailable(p, minReady, now);
        if (!av) unavailable++;
        if (p.metadata.labels?.['controller-revision-hash'] !== rev.hash) (av ? oldAvail : oldUnavail).push(p);
      }
      toDelete.push(...oldUnavail);
      const budget = maxUnavailable - unavailable;
      if (budget > 0) toDelete.push(...oldAvail.slice(0, budget));
      if (oldUnavail.length + oldAvail.length) ctx.observe(`${oldUnavail.length + oldAvail.length} pods on an old revision, ${unavailable} unavailable of at most ${maxUnavailable}`);
    }

    ctx.observe(`${desired} nodes should run a pod, ${current} do`);
    let createFailed = false;
    if (toCreate.length) {
      const n = Math.min(toCreate.length, BURST_REPLICAS);
      ctx.decide(`create pods for ${toCreate.slice(0, n).join(', ')}`);
      let i = 0;
      slowStartBatch(n, () => {
        const res = ctx.request({ verb: 'create', resource: 'pods', namespace: ds.metadata.namespace, body: daemonPod(ds, toCreate[i++], rev.hash) });
        if (res.code >= 300) {
          this.cluster.events.record(ds, 'Warning', 'FailedCreate', `Error creating: ${(res.body as { message?: string }).message}`, COMPONENT);
          createFailed = true;
          return false;
        }
        this.cluster.events.record(ds, 'Normal', 'SuccessfulCreate', `Created pod: ${(res.body as KObject).metadata.name}`, COMPONENT);
        return true;
      });
    }
    if (toDelete.length) {
      const uniq = [...new Map(toDelete.map((p) => [p.metadata.name, p])).values()];
      ctx.decide(`delete ${uniq.map((p) => p.metadata.name).join(', ')}`);
      for (const p of uniq) {
        const res = ctx.request({ verb: 'delete', resource: 'pods', namespace: p.metadata.namespace, name: p.metadata.name });
        if (res.code < 300) this.cluster.events.record(ds, 'Normal', 'SuccessfulDelete', `Deleted pod: ${p.metadata.name}`, COMPONENT);
      }
    }
    const status: Record<string, unknown> = {
      currentNumberScheduled: current,
      numberMisscheduled: misscheduled,
      desiredNumberScheduled: desired,
      numberReady: ready,
      observedGeneration: ds.metadata.generation ?? 1,
      updatedNumberScheduled: updated,
      numberAvailable: available,
      numberUnavailable: desired - available,
    };
    for (const k of ['updatedNumberScheduled', 'numberAvailable', 'numberUnavailable']) if (!status[k]) delete status[k];
    const prev = (ds.status ?? {}) as Record<string, unknown>;
    if (JSON.stringify(sortKeys(prev)) !== JSON.stringify(sortKeys({ ...status, ...(prev.collisionCount !== undefined ? { collisionCount: prev.collisionCount } : {}) }))) {
      const next = clone(ds) as KObject;
      next.status = { ...status, ...(prev.collisionCount !== undefined ? { collisionCount: prev.collisionCount } : {}) };
      ctx.request({ verb: 'update', group: 'apps', resource: 'daemonsets', subresource: 'status', namespace: ds.metadata.namespace, name: ds.metadata.name, body: next });
    }
    // pods becoming available after minReadySeconds need another look, refused creates a retry
    let wait = this.createBackoff.after(ds.metadata.uid ?? '', createFailed) ?? 0;
    for (const p of pods) {
      const w = msUntilAvailable(p, minReady, now);
      if (w > 0 && (!wait || w < wait)) wait = w;
    }
    if (wait) return { requeueAfter: wait };
  }
}

function sortKeys(o: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(o).sort()) out[k] = o[k];
  return out;
}

export function daemonSetController(cluster: Cluster): DaemonSetReconciler {
  return new DaemonSetReconciler(cluster);
}
