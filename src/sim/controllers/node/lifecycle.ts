/**
 * The node lifecycle controller (kubernetes `pkg/controller/nodelifecycle`): a node whose
 * kubelet stops renewing its Lease in kube-node-lease (and stops posting status) for
 * node-monitor-grace-period (40 s; 60 s for a node that never reported) gets its
 * conditions set to Unknown ("Kubelet stopped posting node status."), a NodeNotReady
 * event, and its pods marked not ready. Taints follow the conditions: unreachable /
 * not-ready (NoSchedule + NoExecute), memory/disk/pid-pressure, network-unavailable, and
 * unschedulable for cordoned nodes.
 */
import type { Cluster } from '../../cluster';
import type { KObject } from '../../api/types';
import { splitKey, type InformerFactory, type Reconciler, type ReconcileContext, type ReconcileResult, type Watches } from '../runtime';
import { ms, type Condition } from '../util/pods';
import { podIndex } from '../util/pod-index';
import type { Taint } from '../../scheduler/plugins/taints';
import { clone } from '../../api/objects';

export const NODE_MONITOR_GRACE_MS = 40_000;
export const NODE_STARTUP_GRACE_MS = 60_000;
const COMPONENT = { component: 'node-controller' };

export const MANAGED_TAINTS = [
  'node.kubernetes.io/not-ready',
  'node.kubernetes.io/unreachable',
  'node.kubernetes.io/memory-pressure',
  'node.kubernetes.io/disk-pressure',
  'node.kubernetes.io/pid-pressure',
  'node.kubernetes.io/network-unavailable',
  'node.kubernetes.io/unschedulable',
];

function conditions(n: KObject): Condition[] {
  return ((n.status as { conditions?: Condition[] } | undefined)?.conditions ?? []) as Condition[];
}

/** The taints a node's conditions and spec.unschedulable call for. */
export function desiredTaints(n: KObject): Taint[] {
  const c = (t: string) => conditions(n).find((x) => x.type === t)?.status;
  const out: Taint[] = [];
  const ready = c('Ready');
  if (ready === 'Unknown') out.push({ key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule' }, { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' });
  else if (ready === 'False') out.push({ key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' }, { key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' });
  if (c('MemoryPressure') === 'True') out.push({ key: 'node.kubernetes.io/memory-pressure', effect: 'NoSchedule' });
  if (c('DiskPressure') === 'True') out.push({ key: 'node.kubernetes.io/disk-pressure', effect: 'NoSchedule' });
  if (c('PIDPressure') === 'True') out.push({ key: 'node.kubernetes.io/pid-pressure', effect: 'NoSchedule' });
  if (c('NetworkUnavailable') === 'True') out.push({ key: 'node.kubernetes.io/network-unavailable', effect: 'NoSchedule' });
  if ((n.spec as { unschedulable?: boolean } | undefined)?.unschedulable) out.push({ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' });
  return out;
}

export class NodeLifecycleReconciler implements Reconciler {
  readonly name = 'node-lifecycle-controller';
  constructor(private cluster: Cluster) {}

  setup(w: Watches, _inf: InformerFactory): void {
    w.for('nodes');
    w.watches('leases.coordination.k8s.io', (l) => (l.metadata.namespace === 'kube-node-lease' ? [l.metadata.name!] : []));
    podIndex(this.cluster);
  }

  /** The last sign of life: the Lease renewal or the Ready condition's heartbeat. */
  private lastHeartbeat(n: KObject): { at: number; grace: number } {
    const lease = this.cluster.informers.for('leases.coordination.k8s.io').get('kube-node-lease', n.metadata.name!);
    const renew = ms((lease?.spec as { renewTime?: string } | undefined)?.renewTime);
    const hb = ms(conditions(n).find((c) => c.type === 'Ready')?.lastHeartbeatTime as string | undefined);
    const at = Math.max(renew ?? -Infinity, hb ?? -Infinity);
    if (Number.isFinite(at)) return { at, grace: NODE_MONITOR_GRACE_MS };
    return { at: ms(n.metadata.creationTimestamp) ?? this.cluster.clock.now(), grace: NODE_STARTUP_GRACE_MS };
  }

  reconcile(key: string, ctx: ReconcileContext): ReconcileResult | void {
    const { name } = splitKey(key);
    let node = this.cluster.informers.for('nodes').get(undefined, name);
    if (!node || node.metadata.deletionTimestamp) return;
    const now = ctx.now();
    const { at, grace } = this.lastHeartbeat(node);
    const ready = conditions(node).find((c) => c.type === 'Ready');
    let requeue: number | undefined;
    if (now - at > grace) {
      if (ready?.status !== 'Unknown') {
        ctx.observe(`no heartbeat from ${name} for ${Math.round((now - at) / 1000)}s`);
        ctx.decide('mark the node Unknown');
        const nowIso = this.cluster.clock.iso();
        const next = clone(node) as KObject;
        const st = (next.status ??= {}) as { conditions?: Condition[] };
        const conds = st.conditions ?? [];
        for (const t of ['MemoryPressure', 'DiskPressure', 'PIDPressure', 'Ready']) {
          const c = conds.find((x) => x.type === t);
          const body = { status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.', lastTransitionTime: nowIso };
          if (c) Object.assign(c, body);
          else conds.push({ type: t, ...body, lastHeartbeatTime: this.cluster.clock.iso(at) } as Condition);
        }
        st.conditions = conds;
        const res = ctx.request({ verb: 'update', resource: 'nodes', subresource: 'status', name, body: next });
        if (res.code < 300) node = res.body as KObject;
        this.cluster.events.record(node, 'Normal', 'NodeNotReady', `Node ${name} status is now: NodeNotReady`, COMPONENT);
        this.markPodsNotReady(name, ctx);
      }
    } else requeue = at + grace - now + 1;
    this.syncTaints(node, ctx);
    return requeue !== undefined ? { requeueAfter: requeue } : undefined;
  }

  private markPodsNotReady(node: string, ctx: ReconcileContext): void {
    for (const p of podIndex(this.cluster).byNode(node)) {
      const conds = ((p.status as { conditions?: Condition[] } | undefined)?.conditions ?? []);
      const r = conds.find((c) => c.type === 'Ready');
      if (!r || r.status === 'False') continue;
      const next = clone(p) as KObject;
      const nc = ((next.status as { conditions: Condition[] }).conditions).find((c) => c.type === 'Ready')!;
      nc.status = 'False';
      nc.lastTransitionTime = this.cluster.clock.iso();
      ctx.request({ verb: 'update', resource: 'pods', subresource: 'status', namespace: p.metadata.namespace, name: p.metadata.name, body: next });
      this.cluster.events.record(p, 'Warning', 'NodeNotReady', 'Node is not ready', COMPONENT);
    }
  }

  private syncTaints(node: KObject, ctx: ReconcileContext): void {
    const cur = ((node.spec as { taints?: Taint[] } | undefined)?.taints ?? []);
    const want = desiredTaints(node);
    const keep = cur.filter((t) => !MANAGED_TAINTS.includes(t.key) || want.some((w) => w.key === t.key && w.effect === t.effect));
    const add = want.filter((w) => !cur.some((t) => t.key === w.key && t.effect === w.effect));
    if (add.length === 0 && keep.length === cur.length) return;
    const nowIso = this.cluster.clock.iso();
    const taints = [...keep, ...add.map((t) => (t.effect === 'NoExecute' ? { ...t, timeAdded: nowIso } : t))];
    ctx.decide(`taints: ${taints.map((t) => `${t.key}:${t.effect}`).join(', ') || 'none'}`);
    const next = clone(node) as KObject;
    const spec = (next.spec ??= {}) as { taints?: Taint[] };
    if (taints.length) spec.taints = clone(taints);
    else delete spec.taints;
    ctx.request({ verb: 'update', resource: 'nodes', name: node.metadata.name, body: next });
  }
}
