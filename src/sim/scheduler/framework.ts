/**
 * One scheduling cycle of the default profile (kubernetes `pkg/scheduler/schedule_one.go`):
 * PreFilter, Filter over a round-robin sample of nodes (numFeasibleNodesToFind: all nodes
 * below 100, else an adaptive percentage, at least 100), Score with the default weights,
 * and a random pick among the best. A failure is a FitError whose message is built
 * exactly as FitError.Error() builds it.
 */
import type { Rng } from '../random';
import type { KObject } from '../api/types';
import type { NodeInfo, SchedulerCache } from './cache';
import type { CycleState, FilterStatus, Plugin } from './plugins/types';
import { nodeName, nodePorts, nodeUnschedulable } from './plugins/node-basics';
import { taintToleration } from './plugins/taints';
import { nodeAffinity, pinnedNodes } from './plugins/node-affinity';
import { balancedAllocation, resourcesFit } from './plugins/resources-fit';
import { topologySpread } from './plugins/topology-spread';
import { interPodAffinity } from './plugins/inter-pod-affinity';

/** The default profile's filters in their order, then the score-only plugins. */
export const DEFAULT_PLUGINS: Plugin[] = [nodeUnschedulable, nodeName, taintToleration, nodeAffinity, nodePorts, resourcesFit, topologySpread, interPodAffinity, balancedAllocation];

export const NO_NODES = 'no nodes available to schedule pods';

export interface CycleResult {
  node?: string;
  /** nodes evaluated and their failure, for the FitError and preemption (complete whenever no node fits) */
  statuses: Map<string, FilterStatus>;
  /** how many nodes were filtered out, when not every one of them is in `statuses` (a pinned pod that fits) */
  numFiltered?: number;
  numAllNodes: number;
  preFilterMsg?: string;
  state: CycleState;
}

export function numFeasibleNodesToFind(numAll: number): number {
  if (numAll < 100) return numAll;
  let pct = Math.floor(50 - numAll / 125);
  if (pct < 5) pct = 5;
  const n = Math.floor((numAll * pct) / 100);
  return n < 100 ? 100 : n;
}

export function runFilters(plugins: Plugin[], s: CycleState, n: NodeInfo): FilterStatus | undefined {
  for (let i = 0; i < plugins.length; i++) {
    const p = plugins[i];
    if (!p.filter) continue;
    const st = p.filter(s, n);
    if (st) return st;
  }
  return undefined;
}

export class Framework {
  private nextStart = 0;
  constructor(
    private cache: SchedulerCache,
    private rng: Rng,
    readonly plugins: Plugin[] = DEFAULT_PLUGINS,
  ) {}

  schedule(pod: KObject): CycleResult {
    const state: CycleState = { pod, cache: this.cache, data: {} };
    const nodes = this.cache.nodeList();
    const statuses = new Map<string, FilterStatus>();
    const result: CycleResult = { statuses, numAllNodes: nodes.length, state };
    if (nodes.length === 0) return result;
    for (const p of this.plugins) {
      const msg = p.preFilter?.(state);
      if (msg) {
        result.preFilterMsg = msg;
        for (const n of nodes) statuses.set(n.name, { reasons: [msg], unresolvable: true });
        return result;
      }
    }
    const filters = this.plugins.filter((p) => p.filter && (!p.filters || p.filters(state)));
    const want = numFeasibleNodesToFind(nodes.length);
    // A pod pinned to named nodes (a DaemonSet's) fails NodeAffinity everywhere else: the same
    // walk, filtering only those nodes and counting the others as filtered out. Only when a
    // pinned node fits; otherwise every node is filtered, for the exact FitError and preemption.
    const pinned = filters.includes(nodeAffinity) ? pinnedNodes(pod) : undefined;
    if (pinned) {
      const feasible: NodeInfo[] = [];
      let processed = 0, filteredOut = 0;
      for (let i = 0; i < nodes.length && feasible.length < want; i++) {
        const n = nodes[(this.nextStart + i) % nodes.length];
        processed++;
        if (!pinned.has(n.name)) filteredOut++;
        else {
          const st = runFilters(filters, state, n);
          if (st) {
            statuses.set(n.name, st);
            filteredOut++;
          } else feasible.push(n);
        }
      }
      if (feasible.length > 0) {
        this.nextStart = (this.nextStart + processed) % nodes.length;
        return this.pick({ ...result, numFiltered: filteredOut }, state, feasible);
      }
      statuses.clear();
    }
    const feasible: NodeInfo[] = [];
    let processed = 0;
    for (let i = 0; i < nodes.length && feasible.length < want; i++) {
      const n = nodes[(this.nextStart + i) % nodes.length];
      processed++;
      const st = runFilters(filters, state, n);
      if (st) statuses.set(n.name, st);
      else feasible.push(n);
    }
    this.nextStart = (this.nextStart + processed) % nodes.length;
    if (feasible.length === 0) return result;
    return this.pick(result, state, feasible);
  }

  /** Score the feasible nodes and pick the best (ties broken at random, as selectHost does). */
  private pick(result: CycleResult, state: CycleState, feasible: NodeInfo[]): CycleResult {
    if (feasible.length === 1) return { ...result, node: feasible[0].name };
    const total = new Array<number>(feasible.length).fill(0);
    for (const p of this.plugins) {
      if (!p.score || (p.scores && !p.scores(state))) continue;
      p.preScore?.(state, feasible);
      const scores = new Array<number>(feasible.length);
      for (let i = 0; i < feasible.length; i++) scores[i] = p.score(state, feasible[i]);
      p.normalize?.(scores);
      const w = p.weight ?? 1;
      for (let i = 0; i < scores.length; i++) total[i] += w * scores[i];
    }
    // selectHost: reservoir sampling among the highest scores
    let best = -Infinity, pick = 0, ties = 0;
    for (let i = 0; i < total.length; i++) {
      if (total[i] > best) {
        best = total[i];
        pick = i;
        ties = 1;
      } else if (total[i] === best) {
        ties++;
        if (this.rng.int(ties) === 0) pick = i;
      }
    }
    return { ...result, node: feasible[pick].name };
  }
}

/** `"<count> <reason>"` entries sorted as strings, joined with ", ". */
export function histogram(reasons: string[]): string {
  const m = new Map<string, number>();
  for (const r of reasons) m.set(r, (m.get(r) ?? 0) + 1);
  return [...m.entries()].map(([r, n]) => `${n} ${r}`).sort().join(', ');
}

/** FitError.Error() */
export function fitErrorMessage(r: CycleResult, postFilterMsg?: string): string {
  if (r.numAllNodes === 0) return NO_NODES;
  let msg = `0/${r.numAllNodes} nodes are available:`;
  if (r.preFilterMsg) msg += ` ${r.preFilterMsg}.`;
  else {
    const all: string[] = [];
    for (const st of r.statuses.values()) all.push(...st.reasons);
    const h = histogram(all);
    if (h) msg += ` ${h}.`;
  }
  if (postFilterMsg) msg += ` ${postFilterMsg}`;
  return msg;
}
