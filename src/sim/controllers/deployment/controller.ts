/**
 * The Deployment controller (kubernetes `pkg/controller/deployment/deployment_controller.go`,
 * syncDeployment): claims ReplicaSets by selector, then pauses / scales proportionally /
 * rolls out with the RollingUpdate or Recreate strategy. Every sync makes at most one
 * scaling move and records status; ReplicaSet and pod events drive the next sync.
 */
import { quiet } from '../util/quiet';
import type { Cluster } from '../../cluster';
import type { KObject } from '../../api/types';
import { fromLabelSelector, matches } from '../../api/selectors';
import { splitKey, type InformerFactory, type Reconciler, type ReconcileContext, type ReconcileResult, type Watches } from '../runtime';
import { controllerRef, ownerRefTo } from '../util/pods';
import { ownerIndex, podIndex } from '../util/pod-index';
import { DeploymentSync } from './sync';
import { checkPausedConditions } from './progress';
import { rolloutRolling } from './rolling';
import { rolloutRecreate } from './recreate';
import { DESIRED_REPLICAS, replicasOf, rsReplicas, specOf, statusOf } from './util';
import { clone } from '../../api/objects';

export class DeploymentReconciler implements Reconciler {
  readonly name = 'deployment-controller';
  constructor(private cluster: Cluster) {}

  setup(w: Watches, _inf: InformerFactory): void {
    w.for('deployments.apps');
    w.owns('replicasets.apps', 'Deployment');
    ownerIndex(this.cluster, 'replicasets.apps');
    podIndex(this.cluster);
    // Recreate waits for old pods to disappear: a deleted pod wakes its Deployment
    w.watches('pods', (pod, old) => {
      const p = old ?? pod;
      const rsRef = controllerRef(p);
      if (rsRef?.kind !== 'ReplicaSet' || (pod.metadata.deletionTimestamp === undefined && old)) return [];
      const rs = this.cluster.informers.for('replicasets.apps').get(p.metadata.namespace, rsRef.name);
      const dRef = rs && controllerRef(rs);
      return dRef?.kind === 'Deployment' ? [`${p.metadata.namespace}/${dRef.name}`] : [];
    });
  }

  reconcile(key: string, outer: ReconcileContext): ReconcileResult | void {
    const ctx = quiet(outer);
    const { namespace, name } = splitKey(key);
    const d = this.cluster.informers.for('deployments.apps').get(namespace, name);
    if (!d) return;
    const s = new DeploymentSync(this.cluster, ctx, d);
    const selector = fromLabelSelector(specOf(d).selector as never);
    if (selector.everything) {
      s.event('SelectingAll', 'This deployment is selecting all pods. A non-empty selector is required.', 'Warning');
      if ((statusOf(d).observedGeneration ?? 0) < (d.metadata.generation ?? 1)) s.writeStatus({ ...statusOf(d), observedGeneration: d.metadata.generation });
      return;
    }
    const rss = this.claimReplicaSets(d, selector, ctx);
    if (d.metadata.deletionTimestamp) {
      const { newRS, old } = s.newAndOld(rss, false);
      s.syncStatus([...old, ...(newRS ? [newRS] : [])], newRS);
      return;
    }
    ctx.observe(describe(d, rss));
    checkPausedConditions(s);
    if (specOf(d).paused) {
      this.sync(s, rss);
      return;
    }
    if (this.isScalingEvent(s, rss)) {
      this.sync(s, rss);
      return;
    }
    const podsOf = (rs: KObject) => podIndex(this.cluster).byOwner(rs.metadata.uid);
    const after = (specOf(d).strategy?.type ?? 'RollingUpdate') === 'Recreate' ? rolloutRecreate(s, rss, podsOf) : rolloutRolling(s, rss);
    if (after !== undefined) return { requeueAfter: after };
  }

  /** sync(): scaling and status while paused or when only the size changed. */
  private sync(s: DeploymentSync, rss: KObject[]): void {
    const { newRS, old } = s.newAndOld(this.fresh(rss), false);
    let all = s.scale(newRS, old);
    const newNow = newRS ? all.find((r) => r.metadata.uid === newRS.metadata.uid) : undefined;
    if (specOf(s.d).paused) s.cleanup(all.filter((r) => r !== newNow));
    all = all.filter(Boolean);
    s.syncStatus(all, newNow);
  }

  private fresh(rss: KObject[]): KObject[] {
    const inf = this.cluster.informers.for('replicasets.apps');
    return rss.map((r) => inf.get(r.metadata.namespace, r.metadata.name!) ?? r);
  }

  private isScalingEvent(s: DeploymentSync, rss: KObject[]): boolean {
    const { newRS, old } = s.newAndOld(rss, false);
    const want = replicasOf(s.d);
    for (const rs of [...old, ...(newRS ? [newRS] : [])]) {
      if (rsReplicas(rs) === 0) continue;
      const desired = rs.metadata.annotations?.[DESIRED_REPLICAS];
      if (desired === undefined) continue;
      if (Number(desired) !== want) {
        s.ctx.observe(`replica set ${rs.metadata.name} was sized for ${desired} replicas, the deployment wants ${want}`);
        return true;
      }
    }
    return false;
  }

  /** getReplicaSetsForDeployment: owned sets that still match, plus orphans that do (adopted). */
  private claimReplicaSets(d: KObject, selector: ReturnType<typeof fromLabelSelector>, ctx: ReconcileContext): KObject[] {
    const out: KObject[] = [];
    for (const rs of ownerIndex(this.cluster, 'replicasets.apps').byOwner(d.metadata.uid)) {
      if (matches(selector, rs.metadata.labels)) out.push(rs);
      else if (!d.metadata.deletionTimestamp) {
        ctx.decide(`release replica set ${rs.metadata.name}: its labels no longer match`);
        ctx.request({ verb: 'patch', group: 'apps', resource: 'replicasets', namespace: rs.metadata.namespace, name: rs.metadata.name, patchType: 'json', body: clone([{ op: 'replace', path: '/metadata/ownerReferences', value: (rs.metadata.ownerReferences ?? []).filter((r) => r.uid !== d.metadata.uid) }]) });
      }
    }
    if (d.metadata.deletionTimestamp) return out;
    for (const rs of ownerIndex(this.cluster, 'replicasets.apps').orphansIn(d.metadata.namespace)) {
      if (controllerRef(rs) || rs.metadata.deletionTimestamp || !matches(selector, rs.metadata.labels)) continue;
      ctx.decide(`adopt replica set ${rs.metadata.name}`);
      const res = ctx.request({ verb: 'patch', group: 'apps', resource: 'replicasets', namespace: rs.metadata.namespace, name: rs.metadata.name, patchType: 'merge', body: clone({ metadata: { ownerReferences: [...(rs.metadata.ownerReferences ?? []), ownerRefTo(d)] } }) });
      if (res.code < 300) out.push(res.body as KObject);
    }
    return out;
  }
}

function describe(d: KObject, rss: KObject[]): string {
  const sets = rss.map((r) => `${r.metadata.name}=${rsReplicas(r)}`).join(', ');
  return `want ${replicasOf(d)} replicas; replica sets: ${sets || 'none'}`;
}

export function deploymentController(cluster: Cluster): DeploymentReconciler {
  return new DeploymentReconciler(cluster);
}
