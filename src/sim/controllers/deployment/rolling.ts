/**
 * The RollingUpdate strategy (kubernetes `pkg/controller/deployment/rolling.go`): each
 * sync either scales the new ReplicaSet up within maxSurge, or scales old ones down
 * within maxUnavailable (unhealthy replicas first), then records status. The watch
 * events of the pods that follow drive the next step.
 */
import type { KObject } from '../../api/types';
import type { DeploymentSync } from './sync';
import { syncRolloutStatus } from './progress';
import { byCreation, deploymentComplete, maxUnavailable, newRSNewReplicas, replicasOf, rsReplicas, rsStatus, statusOf, sumAvailable, sumSpec } from './util';

export function rolloutRolling(s: DeploymentSync, rss: KObject[]): number | undefined {
  let { newRS, old } = s.newAndOld(rss, true);
  if (!newRS) return undefined;
  let all = [...old, newRS];
  const up = reconcileNewRS(s, all, newRS);
  if (up) {
    newRS = up;
    all = [...old, newRS];
    return syncRolloutStatus(s, all, newRS);
  }
  const down = reconcileOldRSs(s, all, old, newRS);
  if (down) {
    old = down;
    all = [...old, newRS];
    return syncRolloutStatus(s, all, newRS);
  }
  if (deploymentComplete(s.d, statusOf(s.d))) s.cleanup(old);
  return syncRolloutStatus(s, all, newRS);
}

/** Returns the scaled set when it scaled. */
function reconcileNewRS(s: DeploymentSync, all: KObject[], newRS: KObject): KObject | undefined {
  const replicas = replicasOf(s.d);
  const cur = rsReplicas(newRS);
  if (cur === replicas) return undefined;
  const target = cur > replicas ? replicas : newRSNewReplicas(s.d, all, newRS);
  if (target === cur) s.ctx.observe(`${sumSpec(all)} pods in all replica sets: no room to surge`);
  const r = s.scaleRS(newRS, target);
  return r.scaled ? r.rs : undefined;
}

/** Returns the old sets after scaling when anything was scaled down. */
function reconcileOldRSs(s: DeploymentSync, all: KObject[], old: KObject[], newRS: KObject): KObject[] | undefined {
  const oldCount = sumSpec(old);
  if (oldCount === 0) return undefined;
  const allCount = sumSpec(all);
  const minAvailable = replicasOf(s.d) - maxUnavailable(s.d);
  const newUnavailable = rsReplicas(newRS) - (rsStatus(newRS).availableReplicas ?? 0);
  const maxScaledDown = allCount - minAvailable - newUnavailable;
  if (maxScaledDown <= 0) {
    s.ctx.observe(`${sumAvailable(all)} available, ${minAvailable} must stay available: cannot scale down yet`);
    return undefined;
  }
  let changed = false;
  const current = new Map<KObject, KObject>(old.map((r) => [r, r]));
  // unhealthy replicas of old sets go first
  let cleaned = 0;
  for (const rs of [...old].sort(byCreation)) {
    if (cleaned >= maxScaledDown) break;
    const spec = rsReplicas(rs);
    const avail = rsStatus(rs).availableReplicas ?? 0;
    if (spec === 0 || spec === avail) continue;
    const n = Math.min(maxScaledDown - cleaned, spec - avail);
    const r = s.scaleRS(rs, spec - n);
    current.set(rs, r.rs);
    cleaned += n;
    changed ||= r.scaled;
  }
  const oldNow = old.map((r) => current.get(r)!);
  const allNow = [...oldNow, newRS];
  // then healthy ones, as far as availability allows
  const available = sumAvailable(allNow);
  if (available > minAvailable) {
    const total = available - minAvailable;
    let done = 0;
    for (const rs of [...oldNow].sort(byCreation)) {
      if (done >= total) break;
      if (rsReplicas(rs) === 0) continue;
      const n = Math.min(rsReplicas(rs), total - done);
      const r = s.scaleRS(rs, rsReplicas(rs) - n);
      current.set(old[oldNow.indexOf(rs)], r.rs);
      done += n;
      changed ||= r.scaled;
    }
  }
  return changed ? old.map((r) => current.get(r)!) : undefined;
}
