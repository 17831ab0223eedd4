/**
 * Steps shared by every Deployment strategy (kubernetes `pkg/controller/deployment/sync.go`):
 * finding or creating the new ReplicaSet and syncing revisions, scaling a ReplicaSet with
 * its ScalingReplicaSet event, proportional scaling, history cleanup and status.
 */
import type { Cluster } from '../../cluster';
import type { KObject } from '../../api/types';
import type { ReconcileContext } from '../runtime';
import { isPodActive, ownerRefTo, type PodTemplate } from '../util/pods';
import { templateHash } from '../../random';
import {
  byCreation,
  compactStatus,
  DESIRED_REPLICAS,
  findNewRS,
  getCondition,
  hasProgressDeadline,
  isRollingUpdate,
  MAX_REPLICAS,
  maxRevision,
  maxSurge,
  maxUnavailable,
  newCondition,
  newRSNewReplicas,
  POD_TEMPLATE_HASH,
  Reasons,
  replicasAnnotationsNeedUpdate,
  replicasOf,
  REVISION,
  revisionOf,
  rsReplicas,
  rsStatus,
  setCondition,
  setNewRSAnnotations,
  setReplicasAnnotations,
  specOf,
  statusOf,
  sumActual,
  sumAvailable,
  sumReady,
  sumSpec,
  type DeploymentStatus,
} from './util';
import { clone, jsonEqual } from '../../api/objects';

export const COMPONENT = { component: 'deployment-controller' };

/** One sync of one Deployment: the API client, the object as last written, and the cluster for events. */
export class DeploymentSync {
  constructor(
    readonly cluster: Cluster,
    readonly ctx: ReconcileContext,
    public d: KObject,
  ) {}

  now(): string {
    return this.cluster.clock.iso();
  }

  event(reason: string, message: string, type: 'Normal' | 'Warning' = 'Normal'): void {
    this.cluster.events.record(this.d, type, reason, message, COMPONENT);
  }

  /** UpdateStatus; the answer becomes the Deployment this sync works on. */
  writeStatus(status: DeploymentStatus): void {
    // the API server decodes a copy of the body: no need to copy the frozen Deployment here
    const next = { ...this.d, status: compactStatus(status) } as KObject;
    const res = this.ctx.request({ verb: 'update', group: 'apps', resource: 'deployments', subresource: 'status', namespace: this.d.metadata.namespace, name: this.d.metadata.name, body: next });
    if (res.code >= 300) throw new Error(`update status: ${(res.body as { message?: string }).message}`);
    this.d = res.body as KObject;
  }

  /** SetDeploymentRevision: the revision annotation on the Deployment itself. */
  syncDeploymentRevision(revision: string): void {
    if (this.d.metadata.annotations?.[REVISION] === revision) return;
    const res = this.ctx.request({
      verb: 'patch', group: 'apps', resource: 'deployments', namespace: this.d.metadata.namespace, name: this.d.metadata.name, patchType: 'merge',
      body: { metadata: { annotations: { [REVISION]: revision } } },
    });
    if (res.code < 300) this.d = res.body as KObject;
  }

  updateRS(rs: KObject): KObject {
    const res = this.ctx.request({ verb: 'update', group: 'apps', resource: 'replicasets', namespace: rs.metadata.namespace, name: rs.metadata.name, body: rs });
    if (res.code >= 300) throw new Error(`update replicaset ${rs.metadata.name}: ${(res.body as { message?: string }).message}`);
    return res.body as KObject;
  }

  /**
   * getAllReplicaSetsAndSyncRevision: splits the sets into the new one (template equal to the
   * Deployment's) and the old ones; creates the new one when asked to.
   */
  newAndOld(rss: KObject[], create: boolean): { newRS?: KObject; old: KObject[] } {
    const found = findNewRS(this.d, rss);
    const old = rss.filter((r) => r !== found);
    const newRevision = maxRevision(old) + 1;
    if (found) {
      // copies of the two parts that may change (the server decodes its own copy if it is sent)
      const copy = { ...found, metadata: { ...found.metadata, ...(found.metadata.annotations ? { annotations: { ...found.metadata.annotations } } : {}) }, spec: { ...(found.spec as object) } } as KObject;
      const annChanged = setNewRSAnnotations(this.d, copy, newRevision, true);
      const mrs = specOf(this.d).minReadySeconds ?? 0;
      if (annChanged || ((copy.spec as { minReadySeconds?: number }).minReadySeconds ?? 0) !== mrs) {
        (copy.spec as { minReadySeconds?: number }).minReadySeconds = mrs;
        if (revisionOf(copy) !== revisionOf(found)) this.ctx.decide(`move replica set ${found.metadata.name} to revision ${revisionOf(copy)}`);
        return { newRS: this.updateRS(copy), old };
      }
      this.syncDeploymentRevision(copy.metadata.annotations?.[REVISION] ?? '');
      const st = clone(statusOf(this.d));
      if (hasProgressDeadline(this.d) && !getCondition(st, 'Progressing')) {
        setCondition(st, newCondition('Progressing', 'True', Reasons.FoundNewRS, `Found new replica set "${found.metadata.name}"`, this.now()));
        this.writeStatus(st);
      }
      return { newRS: found, old };
    }
    if (!create) return { old };
    return { newRS: this.createNewRS(old, newRevision), old };
  }

  private createNewRS(old: KObject[], newRevision: number): KObject | undefined {
    const d = this.d;
    const spec = specOf(d);
    const st = statusOf(d);
    const hash = templateHash(spec.template, st.collisionCount ?? 0);
    const template = clone(spec.template ?? {}) as PodTemplate;
    template.metadata = { ...(template.metadata ?? {}), labels: { ...(template.metadata?.labels ?? {}), [POD_TEMPLATE_HASH]: hash } };
    const sel = clone((spec.selector ?? {}) as { matchLabels?: Record<string, string> });
    sel.matchLabels = { ...(sel.matchLabels ?? {}), [POD_TEMPLATE_HASH]: hash };
    const rs: KObject = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: `${d.metadata.name}-${hash}`, namespace: d.metadata.namespace, labels: { ...template.metadata.labels }, ownerReferences: [ownerRefTo(d)] },
      spec: { replicas: 0, minReadySeconds: spec.minReadySeconds ?? 0, selector: sel, template },
    };
    const count = newRSNewReplicas(d, old, undefined);
    (rs.spec as { replicas: number }).replicas = count;
    setNewRSAnnotations(d, rs, newRevision, false);
    this.ctx.decide(`create replica set ${rs.metadata.name} (revision ${newRevision}) with ${count} replica${count === 1 ? '' : 's'}`);
    const res = this.ctx.request({ verb: 'create', group: 'apps', resource: 'replicasets', namespace: d.metadata.namespace, body: rs });
    let created: KObject;
    let already = false;
    if (res.code === 409) {
      const existing = this.cluster.informers.for('replicasets.apps').get(d.metadata.namespace, rs.metadata.name!);
      const owned = existing?.metadata.ownerReferences?.some((r) => r.uid === d.metadata.uid && r.controller);
      if (existing && owned && findNewRS(d, [existing])) {
        created = existing;
        already = true;
      } else {
        // hash collision: bump collisionCount so the next sync computes another name
        const s = clone(st);
        s.collisionCount = (s.collisionCount ?? 0) + 1;
        this.ctx.decide(`name ${rs.metadata.name} is taken: collisionCount ${s.collisionCount}`);
        this.writeStatus(s);
        return undefined;
      }
    } else if (res.code >= 300) {
      const msg = (res.body as { message?: string }).message ?? '';
      const s = clone(st);
      setCondition(s, newCondition('Progressing', 'False', Reasons.FailedRSCreate, `Failed to create new replica set "${rs.metadata.name}": ${msg}`, this.now()));
      this.writeStatus(s);
      this.event(Reasons.FailedRSCreate, `Failed to create new replica set "${rs.metadata.name}": ${msg}`, 'Warning');
      return undefined;
    } else created = res.body as KObject;
    if (!already && count > 0) this.event('ScalingReplicaSet', `Scaled up replica set ${created.metadata.name} from 0 to ${count}`);
    this.syncDeploymentRevision(String(newRevision));
    if (!already && hasProgressDeadline(d)) {
      const s = clone(statusOf(this.d));
      setCondition(s, newCondition('Progressing', 'True', Reasons.NewRS, `Created new replica set "${created.metadata.name}"`, this.now()));
      this.writeStatus(s);
    }
    return created;
  }

  /** scaleReplicaSetAndRecordEvent / scaleReplicaSet. Returns the set as stored. */
  scaleRS(rs: KObject, to: number, op?: 'up' | 'down'): { scaled: boolean; rs: KObject } {
    const from = rsReplicas(rs);
    const desired = replicasOf(this.d);
    const max = desired + maxSurge(this.d);
    const sizeChange = from !== to;
    if (!sizeChange && !replicasAnnotationsNeedUpdate(rs, desired, max)) return { scaled: false, rs };
    const copy = clone(rs) as KObject;
    (copy.spec as { replicas: number }).replicas = to;
    setReplicasAnnotations(copy, desired, max);
    if (sizeChange) this.ctx.decide(`scale ${from < to ? 'up' : 'down'} replica set ${rs.metadata.name} from ${from} to ${to}`);
    const stored = this.updateRS(copy);
    if (sizeChange) this.event('ScalingReplicaSet', `Scaled ${op ?? (from < to ? 'up' : 'down')} replica set ${rs.metadata.name} from ${from} to ${to}`);
    return { scaled: sizeChange, rs: stored };
  }

  /** scale(): proportional scaling when the Deployment's size changes mid-rollout or while paused. */
  scale(newRS: KObject | undefined, old: KObject[]): KObject[] {
    const d = this.d;
    const replicas = replicasOf(d);
    const all = [...(newRS ? [newRS] : []), ...old];
    const active = all.filter((r) => rsReplicas(r) > 0);
    const one = activeOrLatest(newRS, old);
    if (one) {
      if (rsReplicas(one) === replicas) return all;
      const r = this.scaleRS(one, replicas).rs;
      return all.map((x) => (x === one ? r : x));
    }
    if (newRS && isSaturated(d, newRS)) return all.map((x) => (x !== newRS && rsReplicas(x) > 0 ? this.scaleRS(x, 0).rs : x));
    if (!isRollingUpdate(d)) return all;
    const allowed = replicas > 0 ? replicas + maxSurge(d) : 0;
    const toAdd = allowed - sumSpec(active);
    let sorted = active;
    let op: 'up' | 'down' | undefined;
    if (toAdd > 0) {
      // bigger first; equal sizes: newer first
      sorted = [...active].sort((a, b) => rsReplicas(b) - rsReplicas(a) || -byCreation(a, b));
      op = 'up';
    } else if (toAdd < 0) {
      sorted = [...active].sort((a, b) => rsReplicas(b) - rsReplicas(a) || byCreation(a, b));
      op = 'down';
    }
    let added = 0;
    const size = new Map<KObject, number>();
    for (const rs of sorted) {
      if (toAdd !== 0) {
        const p = proportion(rs, d, toAdd, added);
        size.set(rs, rsReplicas(rs) + p);
        added += p;
      } else size.set(rs, rsReplicas(rs));
    }
    const out = new Map<KObject, KObject>();
    sorted.forEach((rs, i) => {
      let n = size.get(rs)!;
      if (i === 0 && toAdd !== 0) n = Math.max(0, n + toAdd - added);
      out.set(rs, this.scaleRS(rs, n, op).rs);
    });
    return all.map((x) => out.get(x) ?? x);
  }

  /** cleanupDeployment: delete the oldest idle sets beyond revisionHistoryLimit. */
  cleanup(old: KObject[]): void {
    const limit = specOf(this.d).revisionHistoryLimit ?? 10;
    const alive = old.filter((r) => !r.metadata.deletionTimestamp);
    const diff = alive.length - limit;
    if (diff <= 0) return;
    const sorted = [...alive].sort((a, b) => revisionOf(a) - revisionOf(b) || byCreation(a, b));
    for (let i = 0; i < diff; i++) {
      const rs = sorted[i];
      const st = rsStatus(rs);
      if ((st.replicas ?? 0) !== 0 || rsReplicas(rs) !== 0 || (rs.metadata.generation ?? 1) > (st.observedGeneration ?? 0)) continue;
      this.ctx.decide(`delete old replica set ${rs.metadata.name} (revision ${revisionOf(rs)}): beyond revisionHistoryLimit ${limit}`);
      this.ctx.request({ verb: 'delete', group: 'apps', resource: 'replicasets', namespace: rs.metadata.namespace, name: rs.metadata.name });
    }
  }

  /** calculateStatus */
  calculateStatus(all: KObject[], newRS: KObject | undefined): DeploymentStatus {
    const d = this.d;
    const available = sumAvailable(all);
    const total = sumSpec(all);
    const prev = statusOf(d);
    const s: DeploymentStatus = {
      observedGeneration: d.metadata.generation ?? 1,
      replicas: sumActual(all),
      updatedReplicas: newRS ? sumActual([newRS]) : 0,
      readyReplicas: sumReady(all),
      availableReplicas: available,
      unavailableReplicas: Math.max(0, total - available),
      ...(prev.collisionCount !== undefined ? { collisionCount: prev.collisionCount } : {}),
      conditions: [...(prev.conditions ?? [])],
    };
    if (available >= replicasOf(d) - maxUnavailable(d))
      setCondition(s, newCondition('Available', 'True', Reasons.MinAvailable, 'Deployment has minimum availability.', this.now()));
    else setCondition(s, newCondition('Available', 'False', Reasons.MinUnavailable, 'Deployment does not have minimum availability.', this.now()));
    return s;
  }

  /** syncDeploymentStatus: write the calculated status when it differs. */
  syncStatus(all: KObject[], newRS: KObject | undefined): void {
    const s = this.calculateStatus(all, newRS);
    if (sameStatus(statusOf(this.d), s)) return;
    this.writeStatus(s);
  }
}

export function sameStatus(a: DeploymentStatus, b: DeploymentStatus): boolean {
  return jsonEqual(compactStatus(a), compactStatus(b));
}

/** FindActiveOrLatest: the only set with replicas, or the newest when none has any. */
function activeOrLatest(newRS: KObject | undefined, old: KObject[]): KObject | undefined {
  if (!newRS && old.length === 0) return undefined;
  const sortedOld = [...old].sort((a, b) => -byCreation(a, b));
  const active = [...sortedOld, ...(newRS ? [newRS] : [])].filter((r) => rsReplicas(r) > 0);
  if (active.length === 0) return newRS ?? sortedOld[0];
  if (active.length === 1) return active[0];
  return undefined;
}

function isSaturated(d: KObject, rs: KObject): boolean {
  const r = replicasOf(d);
  return rsReplicas(rs) === r && rs.metadata.annotations?.[DESIRED_REPLICAS] === String(r) && (rsStatus(rs).availableReplicas ?? 0) === r;
}

/** GetReplicaSetProportion */
function proportion(rs: KObject, d: KObject, toAdd: number, added: number): number {
  if (rsReplicas(rs) === 0 || toAdd === 0 || toAdd === added) return 0;
  const replicas = replicasOf(d);
  let fraction: number;
  if (replicas === 0) fraction = -rsReplicas(rs);
  else {
    const dMax = replicas + maxSurge(d);
    let before = Number(rs.metadata.annotations?.[MAX_REPLICAS] ?? '0') || 0;
    if (before === 0) before = statusOf(d).replicas ?? 0;
    fraction = before ? Math.round((rsReplicas(rs) * dMax) / before) - rsReplicas(rs) : 0;
  }
  const allowed = toAdd - added;
  return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
}

/** Old pods still around (Recreate waits until none is left, terminating ones included). */
export function oldPodsRunning(newRS: KObject | undefined, old: KObject[], podsOf: (rs: KObject) => KObject[]): boolean {
  if (sumActual(old) > 0) return true;
  for (const rs of old) {
    if (newRS && rs.metadata.uid === newRS.metadata.uid) continue;
    for (const p of podsOf(rs)) {
      const phase = (p.status as { phase?: string } | undefined)?.phase;
      if (phase === 'Failed' || phase === 'Succeeded') continue;
      return true;
    }
  }
  return false;
}

export { isPodActive };
