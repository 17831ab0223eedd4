/**
 * Which pods a ReplicaSet deletes first when it scales down: controller.ActivePodsWithRanks
 * (kubernetes/kubernetes `pkg/controller/controller_utils.go`) with LogarithmicScaleDown on,
 * as in 1.32. The first pod of the sorted list is deleted first.
 */
import type { KObject } from '../../api/types';
import { isPodReady, ms, nodeNameOf, phaseOf, readySince, restartCount } from './pods';

const PHASE_ORDER: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

function deletionCost(p: KObject): number {
  const v = p.metadata.annotations?.['controller.kubernetes.io/pod-deletion-cost'];
  const n = v === undefined ? 0 : Number(v);
  return Number.isInteger(n) ? n : 0;
}

/** r1 − r2 where r = floor(log2(now − t in ns)), −1 for t in the future. */
function logRankDiff(t1: number, t2: number, now: number): number {
  const r = (t: number) => {
    const d = (now - t) * 1e6;
    return d > 0 ? Math.floor(Math.log2(d)) : -1;
  };
  return r(t1) - r(t2);
}

/**
 * Sorts pods so that the ones to delete come first. `rank` is the number of related
 * pods on the same node (getPodsRankedByRelatedPodsOnSameNode).
 */
export function sortForDeletion(pods: KObject[], rank: (p: KObject) => number, now: number): KObject[] {
  const less = (a: KObject, b: KObject): number => {
    // 1. unassigned < assigned
    const na = !!nodeNameOf(a), nb = !!nodeNameOf(b);
    if (na !== nb) return na ? 1 : -1;
    // 2. Pending < Unknown < Running
    const pa = PHASE_ORDER[phaseOf(a)] ?? 0, pb = PHASE_ORDER[phaseOf(b)] ?? 0;
    if (pa !== pb) return pa - pb;
    // 3. not ready < ready
    const ra = isPodReady(a), rb = isPodReady(b);
    if (ra !== rb) return ra ? 1 : -1;
    // 4. lower pod-deletion-cost first
    const ca = deletionCost(a), cb = deletionCost(b);
    if (ca !== cb) return ca - cb;
    // 5. more related pods on the same node first
    const ka = rank(a), kb = rank(b);
    if (ka !== kb) return kb - ka;
    // 6. ready for a shorter time first (log scale), ties by uid
    if (ra && rb) {
      const ta = readySince(a), tb = readySince(b);
      if (ta !== tb) {
        if (ta === undefined || tb === undefined) return ta === undefined ? -1 : 1;
        const d = logRankDiff(ta, tb, now);
        if (d === 0) return (a.metadata.uid ?? '') < (b.metadata.uid ?? '') ? -1 : 1;
        return d;
      }
    }
    // 7. higher restart count first
    const xa = restartCount(a), xb = restartCount(b);
    if (xa !== xb) return xb - xa;
    // 8. newer first (log scale), ties by uid
    const ta = ms(a.metadata.creationTimestamp), tb = ms(b.metadata.creationTimestamp);
    if (ta !== tb) {
      if (ta === undefined || tb === undefined) return ta === undefined ? -1 : 1;
      const d = logRankDiff(ta, tb, now);
      if (d === 0) return (a.metadata.uid ?? '') < (b.metadata.uid ?? '') ? -1 : 1;
      return d;
    }
    return 0;
  };
  return [...pods].sort(less);
}
