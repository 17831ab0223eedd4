/**
 * kube-scheduler as a controller: one per schedulerName. It takes the unassigned pods that
 * name it, runs the framework (framework.ts), binds through pods/binding and records
 * `Scheduled`; or records `FailedScheduling` (same message on PodScheduled=False /
 * Unschedulable), tries preemption, and parks the pod until the cluster changes (node
 * added or changed, a pod deleted or finished) — with the per-pod back-off of 1 s doubling
 * to 10 s — or 5 minutes pass (kubernetes `pkg/scheduler/backend/queue`).
 *
 * A scheduler started from a pod (a second scheduler) acts with that pod's ServiceAccount:
 * without RBAC permission it never sees the pods and writes the errors to its log instead.
 */
import type { Cluster } from '../cluster';
import type { KObject } from '../api/types';
import { splitKey, type InformerFactory, type Reconciler, type ReconcileContext, type ReconcileResult, type Watches } from '../controllers/runtime';
import { nodeNameOf, podCondition } from '../controllers/util/pods';
import { schedulerCache, type SchedulerCache } from './cache';
import { DEFAULT_PLUGINS, fitErrorMessage, Framework } from './framework';
import { volumeBinding, type VolumeState } from './plugins/volume-binding';
import { preempt, priorityOf } from './preemption';
import { can, forbiddenText, type Account } from './rbac';
import { clone, jsonEqual } from '../api/objects';

export const DEFAULT_SCHEDULER = 'default-scheduler';
const INITIAL_BACKOFF = 1000;
const MAX_BACKOFF = 10_000;
const UNSCHEDULABLE_FLUSH = 5 * 60_000;

interface Parked {
  attempts: number;
  backoffUntil: number;
  /** spec+labels when it failed: a user change to them retries at once */
  fingerprint: string;
  due: boolean;
}

export interface SchedulerOptions {
  schedulerName: string;
  /** the ServiceAccount it runs as; undefined = the control plane's own identity (all allowed) */
  account?: Account;
  /** leader election on a Lease in kube-system (default off for second schedulers) */
  leaderElect?: boolean;
  leaseName?: string;
  /** where its log lines go (the kube-scheduler container's log) */
  log?: (line: string) => void;
}

function fingerprint(p: KObject): string {
  return JSON.stringify([p.spec, p.metadata.labels ?? {}]);
}

/** klog's header: `E1122 11:30:00.000000       1 file.go:123] message` */
export function klog(cluster: Cluster, level: 'I' | 'W' | 'E', file: string, msg: string): string {
  const iso = cluster.clock.iso(cluster.clock.now());
  const t = new Date(cluster.clock.now());
  const mmdd = `${String(t.getUTCMonth() + 1).padStart(2, '0')}${String(t.getUTCDate()).padStart(2, '0')}`;
  const ms = String(cluster.clock.now() % 1000).padStart(3, '0');
  return `${level}${mmdd} ${iso.slice(11, 19)}.${ms}000       1 ${file}] ${msg}`;
}

export class SchedulerReconciler implements Reconciler {
  readonly name: string;
  readonly cache: SchedulerCache;
  private fw: Framework;
  private parked = new Map<string, Parked>();
  /** why this scheduler cannot work right now (RBAC), undefined when it can */
  blocked?: string;

  constructor(
    private cluster: Cluster,
    readonly opts: SchedulerOptions,
  ) {
    this.name = opts.schedulerName;
    this.cache = schedulerCache(cluster);
    this.fw = new Framework(this.cache, cluster.rng, [...DEFAULT_PLUGINS.slice(0, 6), volumeBinding((ref) => cluster.informers.for(ref)), ...DEFAULT_PLUGINS.slice(6)]);
  }

  /** pods waiting in the active queue, by priority (PrioritySort: higher priority first) */
  private waiting = new Map<string, number>();
  private byPriority = new Map<number, number>();

  private setWaiting(key: string, prio: number | undefined): void {
    const prev = this.waiting.get(key);
    if (prev === prio) return;
    if (prev !== undefined) {
      const n = (this.byPriority.get(prev) ?? 1) - 1;
      if (n) this.byPriority.set(prev, n);
      else this.byPriority.delete(prev);
      this.waiting.delete(key);
    }
    if (prio !== undefined) {
      this.waiting.set(key, prio);
      this.byPriority.set(prio, (this.byPriority.get(prio) ?? 0) + 1);
    }
  }

  private highestWaiting(): number {
    let max = -Infinity;
    for (const p of this.byPriority.keys()) if (p > max) max = p;
    return max;
  }

  private mine(p: KObject): boolean {
    return !nodeNameOf(p) && !p.metadata.deletionTimestamp && ((p.spec as { schedulerName?: string }).schedulerName ?? DEFAULT_SCHEDULER) === this.name;
  }

  setup(w: Watches, _inf: InformerFactory): void {
    w.for('pods');
    this.cluster.informers.for('pods').on((type, p) => {
      const key = `${p.metadata.namespace}/${p.metadata.name}`;
      const parked = this.parked.get(key);
      this.setWaiting(key, type !== 'DELETED' && this.mine(p) && (!parked || parked.due) ? priorityOf(p) : undefined);
    });
    // cluster events that may make parked pods schedulable
    w.watches('nodes', (n, old) => {
      if (old && JSON.stringify([old.spec, old.metadata.labels, (old.status as { allocatable?: unknown })?.allocatable]) === JSON.stringify([n.spec, n.metadata.labels, (n.status as { allocatable?: unknown })?.allocatable])) return [];
      return this.wake();
    });
    w.watches('persistentvolumeclaims', () => this.wake());
    w.watches('pods', (p, old) => {
      const before = old ?? p;
      if (!nodeNameOf(before)) return [];
      const phase = (p.status as { phase?: string } | undefined)?.phase;
      const freed = p === before ? false : !!p.metadata.deletionTimestamp || phase === 'Succeeded' || phase === 'Failed';
      const gone = !this.cluster.informers.for('pods').get(p.metadata.namespace, p.metadata.name!);
      const relabelled = old && !jsonEqual(old.metadata.labels, p.metadata.labels);
      return gone || freed || relabelled ? this.wake() : [];
    });
  }

  /** Moves parked pods to the active queue once their back-off has expired. */
  private wake(): string[] {
    if (this.parked.size === 0) return [];
    const now = this.cluster.clock.now();
    const out: string[] = [];
    for (const [key, p] of this.parked) {
      if (p.due) continue;
      p.due = true;
      const { namespace: ns, name: nm } = splitKey(key);
      const pod = this.cluster.informers.for('pods').get(ns, nm);
      if (pod && this.mine(pod)) this.setWaiting(key, priorityOf(pod));
      const wait = p.backoffUntil - now;
      if (wait > 0) this.cluster.controllers.get(this.name)?.enqueueAfter(key, wait);
      else out.push(key);
    }
    return out;
  }

  reconcile(key: string, ctx: ReconcileContext): ReconcileResult | void {
    const { namespace, name } = splitKey(key);
    const pod = this.cluster.informers.for('pods').get(namespace, name);
    if (!pod || nodeNameOf(pod) || pod.metadata.deletionTimestamp || ((pod.spec as { schedulerName?: string }).schedulerName ?? DEFAULT_SCHEDULER) !== this.name) {
      this.parked.delete(key);
      return;
    }
    if (this.blocked) return;
    const parked = this.parked.get(key);
    if (parked && !parked.due) {
      if (fingerprint(pod) === parked.fingerprint) return;
      parked.due = true;
    }
    if (parked && parked.backoffUntil > ctx.now()) return { requeueAfter: parked.backoffUntil - ctx.now() };
    // PrioritySort: a more important pod waiting behind this one goes first
    const prio = priorityOf(pod);
    if (this.highestWaiting() > prio) {
      ctx.observe(`a pod with priority ${this.highestWaiting()} is waiting: it goes first`);
      return { requeueAfter: 0 };
    }
    this.setWaiting(key, undefined);
    if (((pod.spec as { schedulingGates?: unknown[] }).schedulingGates ?? []).length) {
      if (podCondition(pod, 'PodScheduled')?.reason !== 'SchedulingGated')
        this.writeCondition(pod, ctx, { type: 'PodScheduled', status: 'False', reason: 'SchedulingGated', message: 'Scheduling is blocked due to non-empty scheduling gates' });
      return;
    }
    const r = this.fw.schedule(pod);
    if (r.node) {
      ctx.decide(`bind to ${r.node} (${r.numFiltered ?? r.statuses.size} of ${r.numAllNodes} nodes filtered out)`);
      // PreBind: claims waiting for their first consumer learn the node
      for (const pvc of (r.state.data.volumes as VolumeState | undefined)?.delayed ?? [])
        ctx.request({ verb: 'patch', resource: 'persistentvolumeclaims', namespace, name: pvc.metadata.name, patchType: 'merge', body: { metadata: { annotations: { 'volume.kubernetes.io/selected-node': r.node } } }, user: this.user() });
      const res = ctx.request({
        verb: 'create', resource: 'pods', subresource: 'binding', namespace, name,
        body: { apiVersion: 'v1', kind: 'Binding', metadata: { name, namespace }, target: { apiVersion: 'v1', kind: 'Node', name: r.node } },
        user: this.user(),
      });
      if (res.code >= 300) {
        const msg = `binding rejected: running Bind plugin "DefaultBinder": ${(res.body as { message?: string }).message}`;
        this.cluster.events.record(pod, 'Warning', 'FailedScheduling', msg, { component: this.name });
        return this.park(key, pod, ctx);
      }
      this.parked.delete(key);
      this.cluster.events.record(pod, 'Normal', 'Scheduled', `Successfully assigned ${namespace}/${name} to ${r.node}`, { component: this.name });
      return;
    }
    // no node fits: PostFilter (preemption), then report
    let post = '';
    let nominated: string | undefined;
    if (r.numAllNodes > 0 && !r.preFilterMsg) {
      const p = preempt(this.fw.plugins, r, this.cache.nodes);
      post = p.message;
      if (p.node) {
        nominated = p.node;
        ctx.decide(`preempt ${p.victims.length} pod(s) on ${p.node}: ${p.victims.map((v) => v.metadata.name).join(', ')}`);
        for (const v of p.victims) this.evict(v, pod, p.node, ctx);
      }
    }
    const msg = fitErrorMessage(r, post);
    ctx.observe(msg);
    this.cluster.events.record(pod, 'Warning', 'FailedScheduling', msg, { component: this.name });
    this.writeCondition(pod, ctx, { type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: msg }, nominated);
    return this.park(key, pod, ctx);
  }

  private park(key: string, pod: KObject, ctx: ReconcileContext): ReconcileResult {
    this.setWaiting(key, undefined);
    const prev = this.parked.get(key);
    const attempts = (prev?.attempts ?? 0) + 1;
    const backoff = Math.min(INITIAL_BACKOFF * 2 ** (attempts - 1), MAX_BACKOFF);
    this.parked.set(key, { attempts, backoffUntil: ctx.now() + backoff, fingerprint: fingerprint(this.cluster.informers.for('pods').get(pod.metadata.namespace, pod.metadata.name!) ?? pod), due: false });
    return { requeueAfter: UNSCHEDULABLE_FLUSH };
  }

  private evict(victim: KObject, preemptor: KObject, node: string, ctx: ReconcileContext): void {
    const ns = victim.metadata.namespace;
    const next = clone(victim) as KObject;
    const st = (next.status ?? {}) as { conditions?: Record<string, unknown>[] };
    st.conditions = [...(st.conditions ?? []).filter((c) => c.type !== 'DisruptionTarget'), { type: 'DisruptionTarget', status: 'True', lastProbeTime: null, lastTransitionTime: this.cluster.clock.iso(), reason: 'PreemptionByScheduler', message: `${this.name}: preempting to accommodate a higher priority pod` }];
    next.status = st;
    ctx.request({ verb: 'update', resource: 'pods', subresource: 'status', namespace: ns, name: victim.metadata.name, body: next, user: this.user() });
    this.cluster.events.record(victim, 'Normal', 'Preempted', `Preempted by pod ${preemptor.metadata.uid} on node ${node}`, { component: this.name });
    ctx.request({ verb: 'delete', resource: 'pods', namespace: ns, name: victim.metadata.name, user: this.user() });
    void priorityOf;
  }

  private writeCondition(pod: KObject, ctx: ReconcileContext, c: { type: string; status: string; reason: string; message: string }, nominated?: string): void {
    const cur = podCondition(pod, 'PodScheduled');
    const curNom = (pod.status as { nominatedNodeName?: string } | undefined)?.nominatedNodeName;
    if (cur && cur.status === c.status && cur.reason === c.reason && cur.message === c.message && (!nominated || nominated === curNom)) return;
    const next = clone(pod) as KObject;
    const st = (next.status ?? {}) as { conditions?: Record<string, unknown>[]; nominatedNodeName?: string };
    const ltt = cur && cur.status === c.status ? cur.lastTransitionTime : this.cluster.clock.iso();
    st.conditions = [...(st.conditions ?? []).filter((x) => x.type !== c.type), { ...c, lastProbeTime: null, lastTransitionTime: ltt }];
    if (nominated) st.nominatedNodeName = nominated;
    next.status = st;
    ctx.request({ verb: 'update', resource: 'pods', subresource: 'status', namespace: pod.metadata.namespace, name: pod.metadata.name, body: next, user: this.user() });
  }

  private user(): string {
    return this.opts.account ? `system:serviceaccount:${this.opts.account.namespace}:${this.opts.account.name}` : 'system:kube-scheduler';
  }

  /**
   * What stops this scheduler from working, with the log lines a real one prints: it must
   * list/watch pods and nodes, win its lease when leader election is on, and bind.
   */
  checkPermissions(): { ok: boolean; lines: string[] } {
    const a = this.opts.account;
    if (!a) return { ok: true, lines: [] };
    const lines: string[] = [];
    for (const [res, type] of [['pods', '*v1.Pod'], ['nodes', '*v1.Node']] as const)
      if (!can(this.cluster, a, 'list', '', res)) {
        const t = forbiddenText(a, 'list', '', res);
        lines.push(klog(this.cluster, 'W', 'reflector.go:561', `k8s.io/client-go/informers/factory.go:160: failed to list ${type}: ${t}`));
        lines.push(klog(this.cluster, 'E', 'reflector.go:158', `"Unhandled Error" err="k8s.io/client-go/informers/factory.go:160: Failed to watch ${type}: failed to list ${type}: ${t}" logger="UnhandledError"`));
      }
    if (this.opts.leaderElect) {
      const lease = this.opts.leaseName ?? 'kube-scheduler';
      if (!can(this.cluster, a, 'get', 'coordination.k8s.io', 'leases', 'kube-system', lease))
        lines.push(klog(this.cluster, 'E', 'leaderelection.go:436', `error retrieving resource lock kube-system/${lease}: ${forbiddenText(a, 'get', 'coordination.k8s.io', 'leases', 'kube-system', lease)}`));
      // the default scheduler holds kube-system/kube-scheduler: a second one with the same lock waits forever
      else if (lease === 'kube-scheduler' && this.cluster.controllers.get(DEFAULT_SCHEDULER)?.isRunning)
        lines.push(klog(this.cluster, 'I', 'leaderelection.go:254', `attempting to acquire leader lease kube-system/${lease}...`));
    }
    if (!lines.length && !can(this.cluster, a, 'create', '', 'pods/binding', 'default'))
      lines.push(klog(this.cluster, 'E', 'schedule_one.go:1057', `"Error scheduling pod; retrying" err="binding rejected: running Bind plugin \\"DefaultBinder\\": ${forbiddenText(a, 'create', '', 'pods/binding', 'default')}"`));
    return { ok: lines.length === 0, lines };
  }
}
