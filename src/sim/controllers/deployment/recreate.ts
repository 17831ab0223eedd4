/**
 * The Recreate strategy (kubernetes `pkg/controller/deployment/recreate.go`): scale every
 * old ReplicaSet to 0, wait until none of their pods exists any more (terminating ones
 * included), then create the new ReplicaSet at full size.
 */
import type { KObject } from '../../api/types';
import type { DeploymentSync } from './sync';
import { oldPodsRunning } from './sync';
import { syncRolloutStatus } from './progress';
import { deploymentComplete, replicasOf, rsReplicas, statusOf } from './util';

export function rolloutRecreate(s: DeploymentSync, rss: KObject[], podsOf: (rs: KObject) => KObject[]): number | undefined {
  let { newRS, old } = s.newAndOld(rss, false);
  let all = [...old, ...(newRS ? [newRS] : [])];
  const active = old.filter((r) => rsReplicas(r) > 0);
  if (active.length) {
    let scaled = false;
    const after = old.map((r) => {
      if (rsReplicas(r) === 0) return r;
      const x = s.scaleRS(r, 0);
      scaled ||= x.scaled;
      return x.rs;
    });
    if (scaled) return syncRolloutStatus(s, [...after, ...(newRS ? [newRS] : [])], newRS);
  }
  if (oldPodsRunning(newRS, old, podsOf)) {
    s.ctx.observe('old pods still exist: waiting before creating new ones');
    return syncRolloutStatus(s, all, newRS);
  }
  if (!newRS) {
    ({ newRS, old } = s.newAndOld(rss, true));
    all = [...old, ...(newRS ? [newRS] : [])];
  }
  if (newRS && rsReplicas(newRS) !== replicasOf(s.d)) {
    const r = s.scaleRS(newRS, replicasOf(s.d));
    newRS = r.rs;
    all = [...old, newRS];
  }
  if (deploymentComplete(s.d, statusOf(s.d))) s.cleanup(old);
  return syncRolloutStatus(s, all, newRS);
}
