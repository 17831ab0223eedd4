/**
 * The TTL-after-finished controller (kubernetes `pkg/controller/ttlafterfinished`):
 * deletes a finished Job (and, by cascading, its pods) `ttlSecondsAfterFinished` after its
 * Complete or Failed condition.
 */
import type { Cluster } from '../../cluster';
import { splitKey, type InformerFactory, type Reconciler, type ReconcileContext, type ReconcileResult, type Watches } from '../runtime';
import { ms, type Condition } from '../util/pods';

export class TtlAfterFinishedReconciler implements Reconciler {
  readonly name = 'ttl-after-finished-controller';
  constructor(private cluster: Cluster) {}

  setup(w: Watches, _inf: InformerFactory): void {
    w.for('jobs.batch');
  }

  reconcile(key: string, ctx: ReconcileContext): ReconcileResult | void {
    const { namespace, name } = splitKey(key);
    const job = this.cluster.informers.for('jobs.batch').get(namespace, name);
    if (!job || job.metadata.deletionTimestamp) return;
    const ttl = (job.spec as { ttlSecondsAfterFinished?: number }).ttlSecondsAfterFinished;
    if (ttl === undefined || ttl === null) return;
    const fin = ((job.status as { conditions?: Condition[] } | undefined)?.conditions ?? []).find((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');
    if (!fin) return;
    const at = (ms(fin.lastTransitionTime) ?? ctx.now()) + ttl * 1000;
    if (at > ctx.now()) return { requeueAfter: at - ctx.now() };
    ctx.decide(`delete job ${name}: finished more than ${ttl}s ago`);
    ctx.request({ verb: 'delete', group: 'batch', resource: 'jobs', namespace, name, query: { propagationPolicy: 'Background', preconditions: { uid: job.metadata.uid } } });
  }
}
