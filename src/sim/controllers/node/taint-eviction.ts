/**
 * The taint eviction controller (kubernetes `pkg/controller/tainteviction`): pods on a node
 * with a NoExecute taint they do not tolerate are deleted at once; pods tolerating it for
 * tolerationSeconds are deleted that long after the taint was added (300 s for the
 * not-ready/unreachable tolerations every pod gets). Each eviction records
 * TaintManagerEviction on the pod and a DisruptionTarget condition.
 */
import type { Cluster } from '../../cluster';
import type { KObject } from '../../api/types';
import { splitKey, type InformerFactory, type Reconciler, type ReconcileContext, type ReconcileResult, type Watches } from '../runtime';
import { isTerminal, ms, nodeNameOf } from '../util/pods';
import { podIndex } from '../util/pod-index';
import { taintsOf, tolerates, tolerationsOf } from '../../scheduler/plugins/taints';
import { clone } from '../../api/objects';

const COMPONENT = { component: 'taint-eviction-controller' };

/** When a pod must leave the node (ms), undefined = never, for its NoExecute taints. */
export function evictionTime(pod: KObject, node: KObject, now: number): number | undefined {
  const taints = taintsOf(node).filter((t) => t.effect === 'NoExecute');
  if (!taints.length) return undefined;
  let at: number | undefined;
  for (const taint of taints) {
    const tols = tolerationsOf(pod).filter((t) => tolerates(t, taint));
    if (!tols.length) return now;
    const secs = tols.map((t) => t.tolerationSeconds).filter((s): s is number => typeof s === 'number');
    if (secs.length < tols.length) continue; // tolerated forever
    const t = (ms(taint.timeAdded) ?? now) + Math.max(0, Math.min(...secs)) * 1000;
    at = at === undefined ? t : Math.min(at, t);
  }
  return at;
}

export class TaintEvictionReconciler implements Reconciler {
  readonly name = 'taint-eviction-controller';
  constructor(private cluster: Cluster) {}

  setup(w: Watches, _inf: InformerFactory): void {
    w.for('nodes');
    podIndex(this.cluster);
    w.watches('pods', (p) => {
      const n = nodeNameOf(p);
      return n && !p.metadata.deletionTimestamp ? [n] : [];
    });
  }

  reconcile(key: string, ctx: ReconcileContext): ReconcileResult | void {
    const { name } = splitKey(key);
    const node = this.cluster.informers.for('nodes').get(undefined, name);
    if (!node) return;
    if (!taintsOf(node).some((t) => t.effect === 'NoExecute')) return;
    const now = ctx.now();
    let next: number | undefined;
    for (const pod of podIndex(this.cluster).byNode(name)) {
      if (pod.metadata.deletionTimestamp || isTerminal(pod)) continue;
      const at = evictionTime(pod, node, now);
      if (at === undefined) continue;
      if (at > now) {
        next = next === undefined ? at : Math.min(next, at);
        continue;
      }
      ctx.decide(`evict ${pod.metadata.namespace}/${pod.metadata.name}: NoExecute taint not tolerated any longer`);
      this.cluster.events.record(pod, 'Normal', 'TaintManagerEviction', `Marking for deletion Pod ${pod.metadata.namespace}/${pod.metadata.name}`, COMPONENT);
      const body = clone(pod) as KObject;
      const st = (body.status ??= {}) as { conditions?: Record<string, unknown>[] };
      st.conditions = [...(st.conditions ?? []).filter((c) => c.type !== 'DisruptionTarget'), { type: 'DisruptionTarget', status: 'True', lastProbeTime: null, lastTransitionTime: this.cluster.clock.iso(), reason: 'DeletionByTaintManager', message: 'Taint manager: deleting due to NoExecute taint' }];
      ctx.request({ verb: 'update', resource: 'pods', subresource: 'status', namespace: pod.metadata.namespace, name: pod.metadata.name, body });
      ctx.request({ verb: 'delete', resource: 'pods', namespace: pod.metadata.namespace, name: pod.metadata.name });
    }
    if (next !== undefined) return { requeueAfter: next - now };
  }
}

const installed = new WeakSet<Cluster>();

/** The DefaultTolerationSeconds admission plugin: every pod tolerates not-ready/unreachable for 300 s. */
export function registerDefaultTolerationSeconds(cluster: Cluster): void {
  if (installed.has(cluster)) return;
  installed.add(cluster);
  cluster.api.admission.mutating('DefaultTolerationSeconds', (ctx) => {
    if (ctx.operation !== 'CREATE' || ctx.info.plural !== 'pods' || ctx.info.group !== '' || ctx.subresource) return undefined;
    const spec = ctx.object.spec as { tolerations?: { key?: string; operator?: string; effect?: string; tolerationSeconds?: number }[] } | undefined;
    if (!spec) return undefined;
    const tols = spec.tolerations ?? [];
    for (const key of ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable'])
      if (!tols.some((t) => (t.key === key || (!t.key && t.operator === 'Exists')) && (!t.effect || t.effect === 'NoExecute')))
        tols.push({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 });
    spec.tolerations = tols;
    return undefined;
  });
}
