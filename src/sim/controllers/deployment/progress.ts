/**
 * Rollout progress (kubernetes `pkg/controller/deployment/progress.go`): the Progressing
 * condition (NewReplicaSetAvailable, ReplicaSetUpdated, ProgressDeadlineExceeded), the
 * ReplicaFailure condition copied from the ReplicaSets, the paused/resumed condition, and
 * the requeue that notices a rollout stuck past progressDeadlineSeconds.
 */
import type { KObject } from '../../api/types';
import type { DeploymentSync } from './sync';
import { sameStatus } from './sync';
import {
  deploymentComplete,
  deploymentProgressing,
  deploymentTimedOut,
  getCondition,
  hasProgressDeadline,
  newCondition,
  progressDeadline,
  Reasons,
  removeCondition,
  rsStatus,
  setCondition,
  specOf,
  statusOf,
} from './util';
import { clone } from '../../api/objects';

/** syncRolloutStatus; returns a requeue delay (ms) when the rollout may time out later. */
export function syncRolloutStatus(s: DeploymentSync, all: KObject[], newRS: KObject | undefined): number | undefined {
  const d = s.d;
  const st = s.calculateStatus(all, newRS);
  const now = s.cluster.clock.now();
  if (!hasProgressDeadline(d)) removeCondition(st, 'Progressing');
  const cur = getCondition(statusOf(d), 'Progressing');
  const complete = st.replicas === st.updatedReplicas && cur?.reason === Reasons.NewRSAvailable;
  if (hasProgressDeadline(d) && !complete) {
    const rsName = newRS?.metadata.name;
    if (deploymentComplete(d, st)) {
      const msg = rsName ? `ReplicaSet "${rsName}" has successfully progressed.` : `Deployment "${d.metadata.name}" has successfully progressed.`;
      setCondition(st, newCondition('Progressing', 'True', Reasons.NewRSAvailable, msg, s.now()));
    } else if (deploymentProgressing(d, st)) {
      const msg = rsName ? `ReplicaSet "${rsName}" is progressing.` : `Deployment "${d.metadata.name}" is progressing.`;
      let c = newCondition('Progressing', 'True', Reasons.RSUpdated, msg, s.now());
      // progress refreshes lastUpdateTime even when the reason stays the same
      if (cur) {
        if (cur.status === 'True') c = { ...c, lastTransitionTime: cur.lastTransitionTime };
        removeCondition(st, 'Progressing');
      }
      setCondition(st, c);
    } else if (deploymentTimedOut(d, st, now)) {
      const msg = rsName ? `ReplicaSet "${rsName}" has timed out progressing.` : `Deployment "${d.metadata.name}" has timed out progressing.`;
      setCondition(st, newCondition('Progressing', 'False', Reasons.TimedOut, msg, s.now()));
    }
  }
  const failure = replicaFailure(all, newRS);
  if (failure) setCondition(st, failure);
  else removeCondition(st, 'ReplicaFailure');
  if (sameStatus(statusOf(d), st)) return requeueStuck(d, st, now);
  const before = getCondition(statusOf(d), 'Progressing');
  const after = getCondition(st, 'Progressing');
  if (after && after.reason !== before?.reason) s.ctx.decide(`Progressing=${after.status}: ${after.reason}`);
  s.writeStatus(st);
  return undefined;
}

function replicaFailure(all: KObject[], newRS: KObject | undefined) {
  // the new set's failure first, then any old one's
  const ordered = newRS ? [newRS, ...all.filter((r) => r !== newRS)] : all;
  for (const rs of ordered) {
    const c = (rsStatus(rs).conditions ?? []).find((x) => x.type === 'ReplicaFailure' && x.status === 'True');
    if (c) return { ...c, lastUpdateTime: c.lastTransitionTime };
  }
  return undefined;
}

/** requeueStuckDeployment: come back when the deadline passes. */
function requeueStuck(d: KObject, st: ReturnType<typeof statusOf>, now: number): number | undefined {
  const cur = getCondition(statusOf(d), 'Progressing');
  if (!hasProgressDeadline(d) || !cur) return undefined;
  if (deploymentComplete(d, st) || cur.reason === Reasons.TimedOut) return undefined;
  const after = Date.parse(cur.lastUpdateTime ?? '') + progressDeadline(d) * 1000 - now;
  if (after < 1000) return 1000;
  return after + 1000;
}

/** checkPausedConditions: Progressing Unknown DeploymentPaused / DeploymentResumed. Returns true when it wrote. */
export function checkPausedConditions(s: DeploymentSync): boolean {
  const d = s.d;
  if (!hasProgressDeadline(d)) return false;
  const cur = getCondition(statusOf(d), 'Progressing');
  if (cur?.reason === Reasons.TimedOut) return false;
  const pausedExists = cur?.reason === Reasons.Paused;
  const paused = !!specOf(d).paused;
  const st = clone(statusOf(d));
  if (paused && !pausedExists) setCondition(st, newCondition('Progressing', 'Unknown', Reasons.Paused, 'Deployment is paused', s.now()));
  else if (!paused && pausedExists) setCondition(st, newCondition('Progressing', 'Unknown', Reasons.Resumed, 'Deployment is resumed', s.now()));
  else return false;
  s.ctx.decide(paused ? 'mark the rollout paused' : 'mark the rollout resumed');
  s.writeStatus(st);
  return true;
}
