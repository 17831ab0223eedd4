/**
 * DefaultPreemption (kubernetes `pkg/scheduler/framework/plugins/defaultpreemption`): when
 * a pod fits nowhere, look for a node where removing lower-priority pods makes it fit,
 * keep ("reprieve") as many of them as possible, pick the node with the least important
 * victims, nominate it and evict the victims. Left out: PodDisruptionBudgets, and
 * nominated pods' reservations on other nodes.
 */
import type { KObject } from '../api/types';
import type { NodeInfo } from './cache';
import { NodeInfo as NodeInfoClass } from './cache';
import { histogram, runFilters, type CycleResult } from './framework';
import type { Plugin } from './plugins/types';
import { isTerminating } from '../controllers/util/pods';

export const NOT_HELPFUL = 'Preemption is not helpful for scheduling';
export const NO_VICTIMS = 'No preemption victims found for incoming pod';

export function priorityOf(p: KObject): number {
  return (p.spec as { priority?: number }).priority ?? 0;
}

export interface PreemptionResult {
  /** the PostFilter message (empty when a node was nominated) */
  message: string;
  node?: string;
  victims: KObject[];
}

function without(n: NodeInfo, gone: Set<string>): NodeInfo {
  const c = new NodeInfoClass(n.name);
  c.setNode(n.node);
  for (const [k, p] of n.pods) if (!gone.has(k)) c.addPod(k, p, 1);
  return c;
}

export function preempt(plugins: Plugin[], r: CycleResult, nodes: Map<string, NodeInfo>): PreemptionResult {
  const pod = r.state.pod;
  if ((pod.spec as { preemptionPolicy?: string }).preemptionPolicy === 'Never')
    return { message: 'preemption: not eligible due to preemptionPolicy=Never.', victims: [] };
  const prio = priorityOf(pod);
  const reasons: string[] = [];
  const candidates: { node: string; victims: KObject[] }[] = [];
  for (const [name, st] of r.statuses) {
    if (st.unresolvable) {
      reasons.push(NOT_HELPFUL);
      continue;
    }
    const n = nodes.get(name);
    if (!n) continue;
    const lower = [...n.pods.entries()].filter(([, p]) => !isTerminating(p) && priorityOf(p) < prio);
    if (lower.length === 0) {
      reasons.push(NO_VICTIMS);
      continue;
    }
    const gone = new Set(lower.map(([k]) => k));
    const fail = runFilters(plugins, r.state, without(n, gone));
    if (fail) {
      reasons.push(...fail.reasons);
      continue;
    }
    // reprieve the most important victims first
    lower.sort(([, a], [, b]) => priorityOf(b) - priorityOf(a));
    const victims: KObject[] = [];
    for (const [k, p] of lower) {
      gone.delete(k);
      if (runFilters(plugins, r.state, without(n, gone))) {
        gone.add(k);
        victims.push(p);
      }
    }
    candidates.push({ node: name, victims });
  }
  if (!candidates.length) return { message: `preemption: 0/${r.numAllNodes} nodes are available: ${histogram(reasons)}.`, victims: [] };
  const score = (c: { victims: KObject[] }) => [Math.max(...c.victims.map(priorityOf), -Infinity), c.victims.reduce((s, v) => s + priorityOf(v), 0), c.victims.length];
  candidates.sort((a, b) => {
    const x = score(a), y = score(b);
    return x[0] - y[0] || x[1] - y[1] || x[2] - y[2] || (a.node < b.node ? -1 : 1);
  });
  return { message: '', node: candidates[0].node, victims: candidates[0].victims };
}
