/**
 * The pod garbage collector (kubernetes `pkg/controller/podgc`): pods bound to a node that
 * does not exist (a typo in spec.nodeName, or a deleted node) are force-deleted once the
 * node has been missing for the 40 s quarantine, with a DisruptionTarget condition
 * (DeletionByPodGC). Left out: the terminated-pod threshold (12,500 by default — a
 * sandbox never reaches it).
 */
import type { Cluster } from '../../cluster';
import type { KObject } from '../../api/types';
import { splitKey, type InformerFactory, type Reconciler, type ReconcileContext, type ReconcileResult, type Watches } from '../runtime';
import { nodeNameOf } from '../util/pods';
import { podIndex } from '../util/pod-index';
import { clone } from '../../api/objects';

export const QUARANTINE_MS = 40_000;

export class PodGCReconciler implements Reconciler {
  readonly name = 'pod-garbage-collector';
  /** when each missing node was first seen missing (ms) */
  private missingSince = new Map<string, number>();

  constructor(private cluster: Cluster) {}

  setup(w: Watches, _inf: InformerFactory): void {
    podIndex(this.cluster);
    w.watches('pods', (p) => (nodeNameOf(p) && !this.cluster.informers.for('nodes').get(undefined, nodeNameOf(p)!) ? [`${p.metadata.namespace}/${p.metadata.name}`] : []));
    w.watches('nodes', (n) => (this.cluster.informers.for('nodes').get(undefined, n.metadata.name!) ? [] : podIndex(this.cluster).byNode(n.metadata.name!).map((p) => `${p.metadata.namespace}/${p.metadata.name}`)));
  }

  reconcile(key: string, ctx: ReconcileContext): ReconcileResult | void {
    const { namespace, name } = splitKey(key);
    const pod = this.cluster.informers.for('pods').get(namespace, name);
    const node = pod && nodeNameOf(pod);
    if (!pod || !node) return;
    if (this.cluster.informers.for('nodes').get(undefined, node)) {
      this.missingSince.delete(node);
      return;
    }
    const now = ctx.now();
    const since = this.missingSince.get(node) ?? now;
    this.missingSince.set(node, since);
    if (now < since + QUARANTINE_MS) return { requeueAfter: since + QUARANTINE_MS - now };
    ctx.decide(`delete ${namespace}/${name}: node ${node} does not exist`);
    const body = clone(pod) as KObject;
    const st = (body.status ??= {}) as { conditions?: Record<string, unknown>[] };
    st.conditions = [...(st.conditions ?? []).filter((c) => c.type !== 'DisruptionTarget'), { type: 'DisruptionTarget', status: 'True', lastProbeTime: null, lastTransitionTime: this.cluster.clock.iso(), reason: 'DeletionByPodGC', message: 'PodGC: node no longer exists' }];
    ctx.request({ verb: 'update', resource: 'pods', subresource: 'status', namespace, name, body });
    ctx.request({ verb: 'delete', resource: 'pods', namespace, name, query: { gracePeriodSeconds: 0 } });
  }
}
