/**
 * The scheduling framework's plugin shapes (kubernetes `pkg/scheduler/framework/interface.go`),
 * reduced to what the default profile uses: PreFilter computes per-pod state once, Filter
 * answers per node with reasons, Score gives 0–100 per node and may normalise.
 */
import type { KObject } from '../../api/types';
import type { NodeInfo, SchedulerCache } from '../cache';

export interface FilterStatus {
  reasons: string[];
  /** UnschedulableAndUnresolvable: preemption cannot help on this node */
  unresolvable: boolean;
}

export interface CycleState {
  pod: KObject;
  cache: SchedulerCache;
  /** plugin-owned precomputations */
  data: Record<string, unknown>;
}

export interface Plugin {
  name: string;
  /** returns a message to fail the whole cycle (PreFilter) */
  preFilter?(s: CycleState): string | undefined;
  filter?(s: CycleState, node: NodeInfo): FilterStatus | undefined;
  /** PreFilter's "Skip": false when the filter cannot reject anything for this pod (decided after preFilter) */
  filters?(s: CycleState): boolean;
  /** false when every node would score the same for this pod */
  scores?(s: CycleState): boolean;
  weight?: number;
  preScore?(s: CycleState, nodes: NodeInfo[]): void;
  score?(s: CycleState, node: NodeInfo): number;
  normalize?(scores: number[]): void;
}

export const MAX_SCORE = 100;

export function fail(reason: string | string[], unresolvable = false): FilterStatus {
  return { reasons: Array.isArray(reason) ? reason : [reason], unresolvable };
}

/** DefaultNormalizeScore */
export function normalizeScores(scores: number[], reverse: boolean): void {
  let max = 0;
  for (const s of scores) if (s > max) max = s;
  if (max === 0) {
    if (reverse) for (let i = 0; i < scores.length; i++) scores[i] = MAX_SCORE;
    return;
  }
  for (let i = 0; i < scores.length; i++) {
    let v = Math.floor((MAX_SCORE * scores[i]) / max);
    if (reverse) v = MAX_SCORE - v;
    scores[i] = v;
  }
}
