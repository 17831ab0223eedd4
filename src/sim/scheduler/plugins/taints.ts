/**
 * TaintToleration (kubernetes `pkg/scheduler/framework/plugins/tainttoleration`): the
 * filter rejects nodes with an untolerated NoSchedule/NoExecute taint, naming the first
 * one; the score counts untolerated PreferNoSchedule taints (fewer is better).
 */
import type { KObject } from '../../api/types';
import type { Plugin } from './types';
import { fail, normalizeScores } from './types';

export interface Taint {
  key: string;
  value?: string;
  effect: string;
  timeAdded?: string;
}

export interface Toleration {
  key?: string;
  operator?: string;
  value?: string;
  effect?: string;
  tolerationSeconds?: number;
}

export function tolerationsOf(pod: KObject): Toleration[] {
  return ((pod.spec as { tolerations?: Toleration[] })?.tolerations) ?? [];
}

export function taintsOf(node: KObject | undefined): Taint[] {
  return ((node?.spec as { taints?: Taint[] })?.taints) ?? [];
}

/** v1.Toleration.ToleratesTaint */
export function tolerates(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  const op = t.operator || 'Equal';
  if (op === 'Exists') return true;
  if (op === 'Equal') return (t.value ?? '') === (taint.value ?? '');
  return false;
}

export function firstUntolerated(taints: Taint[], tolerations: Toleration[], effects: string[]): Taint | undefined {
  return taints.find((taint) => effects.includes(taint.effect) && !tolerations.some((t) => tolerates(t, taint)));
}

export const taintToleration: Plugin = {
  name: 'TaintToleration',
  weight: 3,
  filter(s, n) {
    const taints = taintsOf(n.node);
    if (taints.length === 0) return undefined;
    const t = firstUntolerated(taints, tolerationsOf(s.pod), ['NoSchedule', 'NoExecute']);
    return t ? fail(`node(s) had untolerated taint {${t.key}: ${t.value ?? ''}}`, true) : undefined;
  },
  score(s, n) {
    const taints = taintsOf(n.node);
    if (taints.length === 0) return 0;
    // counted without filtered copies: this runs for every node of every cycle
    const tols = tolerationsOf(s.pod);
    let count = 0;
    for (const taint of taints) {
      if (taint.effect !== 'PreferNoSchedule') continue;
      let tolerated = false;
      for (const t of tols) if ((!t.effect || t.effect === 'PreferNoSchedule') && tolerates(t, taint)) tolerated = true;
      if (!tolerated) count++;
    }
    return count;
  },
  normalize: (scores) => normalizeScores(scores, true),
};
