/**
 * PodTopologySpread (kubernetes `pkg/scheduler/framework/plugins/podtopologyspread`):
 * DoNotSchedule constraints filter nodes whose domain would exceed maxSkew; ScheduleAnyway
 * constraints and the cluster defaults (hostname maxSkew 3, zone maxSkew 5, for pods with
 * a controller) prefer emptier domains. The defaults count the pod's siblings (same
 * controller) — the selector upstream derives from the owning ReplicaSet/StatefulSet.
 */
import type { KObject } from '../../api/types';
import { fromLabelSelector, matches, type LabelSelectorObject, type Selector } from '../../api/selectors';
import type { NodeInfo } from '../cache';
import type { CycleState, Plugin } from './types';
import { fail, MAX_SCORE } from './types';
import { podMatchesNode } from './node-affinity';
import { controllerRef, isTerminating } from '../../controllers/util/pods';
import { clone } from '../../api/objects';

interface Constraint {
  maxSkew: number;
  topologyKey: string;
  whenUnsatisfiable: string;
  labelSelector?: LabelSelectorObject;
  minDomains?: number;
  nodeAffinityPolicy?: string;
  matchLabelKeys?: string[];
}

interface Prepared {
  c: Constraint;
  sel: Selector;
  counts: Map<string, number>;
  min: number;
  self: number;
}

function constraintsOf(pod: KObject): Constraint[] {
  return ((pod.spec as { topologySpreadConstraints?: Constraint[] }).topologySpreadConstraints) ?? [];
}

function selectorOf(c: Constraint, pod: KObject): Selector {
  const sel = clone(c.labelSelector ?? {}) as LabelSelectorObject;
  for (const k of c.matchLabelKeys ?? []) {
    const v = pod.metadata.labels?.[k];
    if (v !== undefined) sel.matchLabels = { ...(sel.matchLabels ?? {}), [k]: v };
  }
  return c.labelSelector || c.matchLabelKeys?.length ? fromLabelSelector(sel) : fromLabelSelector(undefined);
}

function prepare(s: CycleState, cs: Constraint[]): Prepared[] {
  const ns = s.pod.metadata.namespace;
  return cs.map((c) => {
    const sel = selectorOf(c, s.pod);
    const counts = new Map<string, number>();
    for (const n of s.cache.nodeList()) {
      const dom = n.node!.metadata.labels?.[c.topologyKey];
      if (dom === undefined) continue;
      if ((c.nodeAffinityPolicy ?? 'Honor') === 'Honor' && !podMatchesNode(s.pod, n.node!)) continue;
      let k = counts.get(dom) ?? 0;
      for (const p of n.pods.values()) if (p.metadata.namespace === ns && !isTerminating(p) && matches(sel, p.metadata.labels)) k++;
      counts.set(dom, k);
    }
    let min = Infinity;
    for (const v of counts.values()) min = Math.min(min, v);
    if (!Number.isFinite(min) || (c.minDomains && counts.size < c.minDomains)) min = 0;
    return { c, sel, counts, min, self: matches(sel, s.pod.metadata.labels) ? 1 : 0 };
  });
}

export const topologySpread: Plugin = {
  name: 'PodTopologySpread',
  weight: 2,
  preFilter(s) {
    const hard = constraintsOf(s.pod).filter((c) => c.whenUnsatisfiable !== 'ScheduleAnyway');
    s.data.spreadHard = hard.length ? prepare(s, hard) : [];
    return undefined;
  },
  filters: (s) => (s.data.spreadHard as unknown[]).length > 0,
  filter(s, n) {
    for (const p of s.data.spreadHard as Prepared[]) {
      const dom = n.node!.metadata.labels?.[p.c.topologyKey];
      if (dom === undefined) return fail("node(s) didn't match pod topology spread constraints (missing required label)", true);
      const skew = (p.counts.get(dom) ?? 0) + p.self - p.min;
      if (skew > p.c.maxSkew) return fail("node(s) didn't match pod topology spread constraints");
    }
    return undefined;
  },
  preScore(s, nodes) {
    const all = constraintsOf(s.pod);
    const soft = all.filter((c) => c.whenUnsatisfiable === 'ScheduleAnyway');
    if (soft.length) {
      s.data.spreadSoft = prepare(s, soft);
      s.data.spreadOwner = undefined;
      return;
    }
    s.data.spreadSoft = [];
    // system default constraints apply to pods with a controller and no constraints of their own
    const owner = all.length === 0 ? controllerRef(s.pod)?.uid : undefined;
    s.data.spreadOwner = owner;
    if (owner) {
      const zones = new Map<string, number>();
      for (const n of nodes) {
        const z = n.zone;
        if (z !== undefined) zones.set(z, (zones.get(z) ?? 0) + (n.owners.get(owner) ?? 0));
      }
      s.data.spreadZones = zones;
    }
  },
  score(s, n: NodeInfo) {
    let raw = 0;
    const soft = s.data.spreadSoft as Prepared[] | undefined;
    if (soft) for (const p of soft) {
      const dom = n.node!.metadata.labels?.[p.c.topologyKey];
      if (dom !== undefined) raw += (p.counts.get(dom) ?? 0) + (p.c.maxSkew - 1);
    }
    const owner = s.data.spreadOwner as string | undefined;
    if (owner) {
      raw += (n.owners.get(owner) ?? 0) + 2; // hostname, maxSkew 3
      const z = n.zone;
      if (z !== undefined) raw += ((s.data.spreadZones as Map<string, number>).get(z) ?? 0) + 4; // zone, maxSkew 5
    }
    return raw;
  },
  normalize(scores) {
    let max = 0, min = Infinity;
    for (const v of scores) {
      max = Math.max(max, v);
      min = Math.min(min, v);
    }
    for (let i = 0; i < scores.length; i++) scores[i] = max === 0 ? MAX_SCORE : Math.floor((MAX_SCORE * (max + min - scores[i])) / max);
  },
};
