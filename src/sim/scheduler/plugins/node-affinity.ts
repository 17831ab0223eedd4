/**
 * NodeAffinity (kubernetes `pkg/scheduler/framework/plugins/nodeaffinity`): nodeSelector
 * AND required node affinity (terms ORed, expressions ANDed, matchFields on
 * metadata.name); the score sums the weights of matching preferred terms.
 */
import type { KObject } from '../../api/types';
import type { Plugin } from './types';
import { fail, normalizeScores } from './types';

export interface NodeSelectorRequirement {
  key: string;
  operator: string;
  values?: string[];
}

export interface NodeSelectorTerm {
  matchExpressions?: NodeSelectorRequirement[];
  matchFields?: NodeSelectorRequirement[];
}

interface NodeAffinity {
  requiredDuringSchedulingIgnoredDuringExecution?: { nodeSelectorTerms?: NodeSelectorTerm[] };
  preferredDuringSchedulingIgnoredDuringExecution?: { weight: number; preference: NodeSelectorTerm }[];
}

export function nodeAffinityOf(pod: KObject): NodeAffinity | undefined {
  return (pod.spec as { affinity?: { nodeAffinity?: NodeAffinity } })?.affinity?.nodeAffinity;
}

function reqMatches(r: NodeSelectorRequirement, get: (k: string) => string | undefined): boolean {
  const v = get(r.key);
  const vals = r.values ?? [];
  switch (r.operator) {
    case 'In':
      return v !== undefined && vals.includes(v);
    case 'NotIn':
      return v === undefined || !vals.includes(v);
    case 'Exists':
      return v !== undefined;
    case 'DoesNotExist':
      return v === undefined;
    case 'Gt':
    case 'Lt': {
      if (v === undefined || vals.length !== 1) return false;
      const a = Number(v), b = Number(vals[0]);
      if (!Number.isInteger(a) || !Number.isInteger(b)) return false;
      return r.operator === 'Gt' ? a > b : a < b;
    }
    default:
      return false;
  }
}

export function termMatches(term: NodeSelectorTerm, node: KObject): boolean {
  const exprs = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (!exprs.length && !fields.length) return false;
  const labels = node.metadata.labels ?? {};
  for (const e of exprs) if (!reqMatches(e, (k) => labels[k])) return false;
  for (const f of fields) if (!reqMatches(f, (k) => (k === 'metadata.name' ? node.metadata.name : undefined))) return false;
  return true;
}

/**
 * The only nodes the pod's required node affinity can match, when every term names them
 * with `matchFields: metadata.name In [...]` (as the DaemonSet controller pins its pods);
 * undefined when any term could match other nodes. Every other node fails NodeAffinity.
 */
export function pinnedNodes(pod: KObject): Set<string> | undefined {
  const terms = nodeAffinityOf(pod)?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (!terms) return undefined;
  const out = new Set<string>();
  for (const t of terms) {
    const f = (t.matchFields ?? []).find((r) => r.key === 'metadata.name' && r.operator === 'In');
    if (!f) return undefined;
    for (const v of f.values ?? []) out.add(v);
  }
  return out;
}

/** nodeSelector and required node affinity: what "node(s) didn't match Pod's node affinity/selector" checks. */
export function podMatchesNode(pod: KObject, node: KObject): boolean {
  const sel = (pod.spec as { nodeSelector?: Record<string, string> }).nodeSelector;
  if (sel) {
    const labels = node.metadata.labels ?? {};
    for (const [k, v] of Object.entries(sel)) if (labels[k] !== v) return false;
  }
  const terms = nodeAffinityOf(pod)?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (terms) return terms.some((t) => termMatches(t, node));
  return true;
}

export const nodeAffinity: Plugin = {
  name: 'NodeAffinity',
  weight: 2,
  filters: (s) => !!((s.pod.spec as { nodeSelector?: object }).nodeSelector || nodeAffinityOf(s.pod)?.requiredDuringSchedulingIgnoredDuringExecution),
  scores: (s) => !!nodeAffinityOf(s.pod)?.preferredDuringSchedulingIgnoredDuringExecution?.length,
  filter(s, n) {
    return podMatchesNode(s.pod, n.node!) ? undefined : fail("node(s) didn't match Pod's node affinity/selector", true);
  },
  score(s, n) {
    let sum = 0;
    for (const p of nodeAffinityOf(s.pod)?.preferredDuringSchedulingIgnoredDuringExecution ?? []) if (p.weight && termMatches(p.preference, n.node!)) sum += p.weight;
    return sum;
  },
  normalize: (scores) => normalizeScores(scores, false),
};
