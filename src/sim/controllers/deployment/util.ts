/**
 * The Deployment controller's pure arithmetic and bookkeeping, as in kubernetes/kubernetes
 * `pkg/controller/deployment/util/deployment_util.go`: fencepost resolution of maxSurge /
 * maxUnavailable, new-RS sizing, revision annotations, conditions, and the completeness,
 * progress and time-out predicates. No API calls here.
 */
import type { KObject } from '../../api/types';
import { stableStringify } from '../../random';
import type { Condition, PodTemplate } from '../util/pods';

export const REVISION = 'deployment.kubernetes.io/revision';
export const REVISION_HISTORY = 'deployment.kubernetes.io/revision-history';
export const DESIRED_REPLICAS = 'deployment.kubernetes.io/desired-replicas';
export const MAX_REPLICAS = 'deployment.kubernetes.io/max-replicas';
export const POD_TEMPLATE_HASH = 'pod-template-hash';
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
const MAX_INT32 = 2147483647;

export const Reasons = {
  NewRS: 'NewReplicaSetCreated',
  FoundNewRS: 'FoundNewReplicaSet',
  RSUpdated: 'ReplicaSetUpdated',
  NewRSAvailable: 'NewReplicaSetAvailable',
  TimedOut: 'ProgressDeadlineExceeded',
  Paused: 'DeploymentPaused',
  Resumed: 'DeploymentResumed',
  MinAvailable: 'MinimumReplicasAvailable',
  MinUnavailable: 'MinimumReplicasUnavailable',
  FailedRSCreate: 'ReplicaSetCreateError',
} as const;

export interface DeploymentSpec {
  replicas?: number;
  selector?: unknown;
  template?: PodTemplate;
  strategy?: { type?: string; rollingUpdate?: { maxSurge?: number | string; maxUnavailable?: number | string } };
  minReadySeconds?: number;
  revisionHistoryLimit?: number;
  progressDeadlineSeconds?: number;
  paused?: boolean;
}

export interface DeploymentStatus {
  observedGeneration?: number;
  replicas?: number;
  updatedReplicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
  unavailableReplicas?: number;
  collisionCount?: number;
  conditions?: Condition[];
}

export const specOf = (d: KObject) => (d.spec ?? {}) as DeploymentSpec;
export const statusOf = (d: KObject) => (d.status ?? {}) as DeploymentStatus;
export const replicasOf = (d: KObject) => specOf(d).replicas ?? 1;
export const rsReplicas = (rs: KObject) => ((rs.spec as { replicas?: number })?.replicas ?? 1);
export const rsStatus = (rs: KObject) => (rs.status ?? {}) as { replicas?: number; availableReplicas?: number; readyReplicas?: number; observedGeneration?: number; conditions?: Condition[] };

export function isRollingUpdate(d: KObject): boolean {
  return (specOf(d).strategy?.type ?? 'RollingUpdate') === 'RollingUpdate';
}

/** intstr.GetScaledValueFromIntOrPercent */
export function scaledValue(v: number | string | undefined, total: number, roundUp: boolean, dflt: string): number {
  const x = v ?? dflt;
  if (typeof x === 'number') return x;
  const m = /^(\d+)%$/.exec(x);
  if (!m) {
    const n = Number(x);
    return Number.isInteger(n) ? n : 0;
  }
  const p = Number(m[1]) * total;
  return roundUp ? Math.floor((p + 99) / 100) : Math.floor(p / 100);
}

/** ResolveFenceposts: surge rounds up, unavailable rounds down, both 0 → unavailable 1. */
export function resolveFenceposts(maxSurge: number | string | undefined, maxUnavailable: number | string | undefined, desired: number): { surge: number; unavailable: number } {
  const surge = scaledValue(maxSurge, desired, true, '25%');
  let unavailable = scaledValue(maxUnavailable, desired, false, '25%');
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return { surge, unavailable };
}

export function maxSurge(d: KObject): number {
  if (!isRollingUpdate(d)) return 0;
  const ru = specOf(d).strategy?.rollingUpdate;
  return resolveFenceposts(ru?.maxSurge, ru?.maxUnavailable, replicasOf(d)).surge;
}

export function maxUnavailable(d: KObject): number {
  const replicas = replicasOf(d);
  if (!isRollingUpdate(d) || replicas === 0) return 0;
  const ru = specOf(d).strategy?.rollingUpdate;
  const u = resolveFenceposts(ru?.maxSurge, ru?.maxUnavailable, replicas).unavailable;
  return Math.min(u, replicas);
}

export const sumSpec = (rss: KObject[]) => rss.reduce((s, r) => s + rsReplicas(r), 0);
export const sumActual = (rss: KObject[]) => rss.reduce((s, r) => s + (rsStatus(r).replicas ?? 0), 0);
export const sumReady = (rss: KObject[]) => rss.reduce((s, r) => s + (rsStatus(r).readyReplicas ?? 0), 0);
export const sumAvailable = (rss: KObject[]) => rss.reduce((s, r) => s + (rsStatus(r).availableReplicas ?? 0), 0);

/** NewRSNewReplicas: how big the new ReplicaSet may be now. */
export function newRSNewReplicas(d: KObject, allRSs: KObject[], newRS: KObject | undefined): number {
  const replicas = replicasOf(d);
  const cur = newRS ? rsReplicas(newRS) : 0;
  if (!isRollingUpdate(d)) return replicas;
  const maxTotal = replicas + maxSurge(d);
  const total = sumSpec(allRSs);
  if (total >= maxTotal) return cur;
  const up = Math.min(maxTotal - total, replicas - cur);
  return cur + up;
}

export function revisionOf(rs: KObject): number {
  const v = Number(rs.metadata.annotations?.[REVISION] ?? '0');
  return Number.isFinite(v) ? v : 0;
}

export function maxRevision(rss: KObject[]): number {
  return rss.reduce((m, r) => Math.max(m, revisionOf(r)), 0);
}

/** The template with the pod-template-hash label removed, as a canonical string (EqualIgnoreHash). */
export function templateKey(t: PodTemplate | undefined): string {
  const frozen = t !== undefined && Object.isFrozen(t);
  if (frozen) {
    const k = templateKeys.get(t);
    if (k !== undefined) return k;
  }
  let c = (t ?? {}) as PodTemplate;
  const labels = c.metadata?.labels;
  if (labels) {
    // shallow copies of only what changes: stableStringify reads the rest as it is
    const { [POD_TEMPLATE_HASH]: _, ...rest } = labels;
    const metadata = { ...c.metadata };
    if (Object.keys(rest).length === 0) delete metadata.labels;
    else metadata.labels = rest;
    c = { ...c, metadata };
  }
  const key = stableStringify(c);
  if (frozen) templateKeys.set(t, key);
  return key;
}

/** templateKey of frozen (stored) templates: every Deployment sync compares its sets' templates again. */
const templateKeys = new WeakMap<object, string>();

export function byCreation(a: KObject, b: KObject): number {
  const ta = a.metadata.creationTimestamp ?? '', tb = b.metadata.creationTimestamp ?? '';
  if (ta !== tb) return ta < tb ? -1 : 1;
  return (a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1;
}

/** FindNewReplicaSet: the oldest ReplicaSet whose template equals the Deployment's. */
export function findNewRS(d: KObject, rss: KObject[]): KObject | undefined {
  const key = templateKey(specOf(d).template);
  return [...rss].sort(byCreation).find((rs) => templateKey((rs.spec as { template?: PodTemplate }).template) === key);
}

function skipCopy(k: string): boolean {
  return k === LAST_APPLIED || k === REVISION || k === REVISION_HISTORY || k === DESIRED_REPLICAS || k === MAX_REPLICAS;
}

/** SetNewReplicaSetAnnotations; mutates rs, returns whether anything changed. */
export function setNewRSAnnotations(d: KObject, rs: KObject, newRevision: number, exists: boolean): boolean {
  let changed = false;
  const ann = (rs.metadata.annotations ??= {});
  for (const [k, v] of Object.entries(d.metadata.annotations ?? {})) {
    if (skipCopy(k) || ann[k] === v) continue;
    ann[k] = v;
    changed = true;
  }
  const had = ann[REVISION];
  const old = Number(had ?? '0') || 0;
  if (old < newRevision) {
    ann[REVISION] = String(newRevision);
    changed = true;
    // a rollback re-uses an old ReplicaSet: keep the revisions it held before
    if (had !== undefined) ann[REVISION_HISTORY] = ann[REVISION_HISTORY] ? `${ann[REVISION_HISTORY]},${had}` : had;
  }
  if (!exists && setReplicasAnnotations(rs, replicasOf(d), replicasOf(d) + maxSurge(d))) changed = true;
  return changed;
}

export function setReplicasAnnotations(rs: KObject, desired: number, max: number): boolean {
  const ann = (rs.metadata.annotations ??= {});
  let changed = false;
  if (ann[DESIRED_REPLICAS] !== String(desired)) (ann[DESIRED_REPLICAS] = String(desired)), (changed = true);
  if (ann[MAX_REPLICAS] !== String(max)) (ann[MAX_REPLICAS] = String(max)), (changed = true);
  return changed;
}

export function replicasAnnotationsNeedUpdate(rs: KObject, desired: number, max: number): boolean {
  const ann = rs.metadata.annotations ?? {};
  return ann[DESIRED_REPLICAS] !== String(desired) || ann[MAX_REPLICAS] !== String(max);
}

export function hasProgressDeadline(d: KObject): boolean {
  const p = specOf(d).progressDeadlineSeconds ?? 600;
  return p !== MAX_INT32;
}

export function progressDeadline(d: KObject): number {
  return specOf(d).progressDeadlineSeconds ?? 600;
}

export function getCondition(s: DeploymentStatus, type: string): Condition | undefined {
  return (s.conditions ?? []).find((c) => c.type === type);
}

export function newCondition(type: string, status: string, reason: string, message: string, nowIso: string): Condition {
  return { type, status, lastUpdateTime: nowIso, lastTransitionTime: nowIso, reason, message };
}

/** SetDeploymentCondition: same status+reason → unchanged; same status keeps lastTransitionTime; moved to the end. */
export function setCondition(s: DeploymentStatus, c: Condition): void {
  const cur = getCondition(s, c.type);
  if (cur && cur.status === c.status && cur.reason === c.reason) return;
  if (cur && cur.status === c.status) c = { ...c, lastTransitionTime: cur.lastTransitionTime };
  s.conditions = [...(s.conditions ?? []).filter((x) => x.type !== c.type), c];
}

export function removeCondition(s: DeploymentStatus, type: string): void {
  s.conditions = (s.conditions ?? []).filter((x) => x.type !== type);
}

export function deploymentComplete(d: KObject, s: DeploymentStatus): boolean {
  const r = replicasOf(d);
  return (s.updatedReplicas ?? 0) === r && (s.replicas ?? 0) === r && (s.availableReplicas ?? 0) === r && (s.observedGeneration ?? 0) >= (d.metadata.generation ?? 1);
}

export function deploymentProgressing(d: KObject, s: DeploymentStatus): boolean {
  const o = statusOf(d);
  const oldOld = (o.replicas ?? 0) - (o.updatedReplicas ?? 0);
  const newOld = (s.replicas ?? 0) - (s.updatedReplicas ?? 0);
  return (s.updatedReplicas ?? 0) > (o.updatedReplicas ?? 0) || newOld < oldOld || (s.readyReplicas ?? 0) > (o.readyReplicas ?? 0) || (s.availableReplicas ?? 0) > (o.availableReplicas ?? 0);
}

export function deploymentTimedOut(d: KObject, s: DeploymentStatus, now: number): boolean {
  if (!hasProgressDeadline(d)) return false;
  const c = getCondition(s, 'Progressing');
  if (!c) return false;
  if (c.reason === Reasons.NewRSAvailable) return false;
  if (c.reason === Reasons.TimedOut) return true;
  const from = Date.parse(c.lastUpdateTime ?? '');
  return from + progressDeadline(d) * 1000 < now;
}

/** Status fields are omitempty in Go: drop zeros so stored status matches what the real server returns. */
export function compactStatus(s: DeploymentStatus): DeploymentStatus {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(s)) if (v !== undefined && v !== 0 && !(Array.isArray(v) && v.length === 0)) out[k] = v;
  return out as DeploymentStatus;
}
