/**
 * InterPodAffinity (kubernetes `pkg/scheduler/framework/plugins/interpodaffinity`):
 * required pod affinity (some matching pod in the node's topology domain; the first pod of
 * a group that matches its own terms may go anywhere), required anti-affinity (no
 * matching pod in the domain), and existing pods' anti-affinity against the incoming pod;
 * preferred terms add or subtract their weights.
 */
import type { KObject } from '../../api/types';
import { fromLabelSelector, matches, type LabelSelectorObject } from '../../api/selectors';
import type { CycleState, Plugin } from './types';
import { fail, MAX_SCORE } from './types';
import { isTerminating } from '../../controllers/util/pods';

interface Term {
  labelSelector?: LabelSelectorObject;
  topologyKey: string;
  namespaces?: string[];
  namespaceSelector?: LabelSelectorObject;
}

interface Affinity {
  podAffinity?: { requiredDuringSchedulingIgnoredDuringExecution?: Term[]; preferredDuringSchedulingIgnoredDuringExecution?: { weight: number; podAffinityTerm: Term }[] };
  podAntiAffinity?: { requiredDuringSchedulingIgnoredDuringExecution?: Term[]; preferredDuringSchedulingIgnoredDuringExecution?: { weight: number; podAffinityTerm: Term }[] };
}

function affinityOf(p: KObject): Affinity | undefined {
  return (p.spec as { affinity?: Affinity }).affinity;
}

/** Does `target` fall under `term` declared by `owner`? */
function termMatchesPod(term: Term, owner: KObject, target: KObject): boolean {
  const allNs = term.namespaceSelector !== undefined && Object.keys(term.namespaceSelector).length === 0;
  if (!allNs) {
    const nss = term.namespaces?.length ? term.namespaces : [owner.metadata.namespace];
    if (!nss.includes(target.metadata.namespace)) return false;
  }
  return matches(fromLabelSelector(term.labelSelector), target.metadata.labels);
}

interface State {
  affinity: { term: Term; domains: Set<string> }[];
  anyAffinityMatch: boolean;
  selfMatchesAll: boolean;
  anti: { term: Term; domains: Set<string> }[];
  existingAnti: Set<string>;
  preferred: { term: Term; weight: number; domains: Set<string> }[];
}

export const interPodAffinity: Plugin = {
  name: 'InterPodAffinity',
  weight: 2,
  filters: (s) => s.data.ipa !== undefined,
  scores: (s) => !!(s.data.ipa as State | undefined)?.preferred.length,
  preFilter(s) {
    const a = affinityOf(s.pod);
    const req = a?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? [];
    const anti = a?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? [];
    const pref = [
      ...(a?.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []).map((p) => ({ term: p.podAffinityTerm, weight: p.weight })),
      ...(a?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []).map((p) => ({ term: p.podAffinityTerm, weight: -p.weight })),
    ];
    if (!req.length && !anti.length && !pref.length && s.cache.antiAffinityPods.size === 0) {
      s.data.ipa = undefined;
      return undefined;
    }
    const st: State = {
      affinity: req.map((term) => ({ term, domains: new Set() })),
      anyAffinityMatch: false,
      selfMatchesAll: req.every((t) => termMatchesPod(t, s.pod, s.pod)),
      anti: anti.map((term) => ({ term, domains: new Set() })),
      existingAnti: new Set(),
      preferred: pref.map((p) => ({ ...p, domains: new Set() })),
    };
    // the pod's own terms need every assigned pod; other pods' required anti-affinity needs only those pods
    if (req.length || anti.length || pref.length)
      for (const n of s.cache.nodeList()) {
        const labels = n.node!.metadata.labels ?? {};
        for (const p of n.pods.values()) {
          if (isTerminating(p)) continue;
          for (const x of st.affinity)
            if (labels[x.term.topologyKey] !== undefined && termMatchesPod(x.term, s.pod, p)) {
              x.domains.add(labels[x.term.topologyKey]);
              st.anyAffinityMatch = true;
            }
          for (const x of st.anti) if (labels[x.term.topologyKey] !== undefined && termMatchesPod(x.term, s.pod, p)) x.domains.add(labels[x.term.topologyKey]);
          for (const x of st.preferred) if (labels[x.term.topologyKey] !== undefined && termMatchesPod(x.term, s.pod, p)) x.domains.add(labels[x.term.topologyKey]);
        }
      }
    for (const p of s.cache.antiAffinityPods.values()) {
      if (isTerminating(p)) continue;
      const node = s.cache.nodes.get((p.spec as { nodeName?: string }).nodeName ?? '')?.node;
      const labels = node?.metadata.labels ?? {};
      for (const t of affinityOf(p)?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? [])
        if (labels[t.topologyKey] !== undefined && termMatchesPod(t, p, s.pod)) st.existingAnti.add(`${t.topologyKey}=${labels[t.topologyKey]}`);
    }
    s.data.ipa = st;
    return undefined;
  },
  filter(s, n) {
    const st = s.data.ipa as State | undefined;
    if (!st) return undefined;
    const labels = n.node!.metadata.labels ?? {};
    if (st.affinity.length) {
      const ok = st.affinity.every((x) => labels[x.term.topologyKey] !== undefined && x.domains.has(labels[x.term.topologyKey]));
      // the first pod of a group that matches its own affinity may start anywhere
      const first = !st.anyAffinityMatch && st.selfMatchesAll && st.affinity.every((x) => labels[x.term.topologyKey] !== undefined);
      if (!ok && !first) return fail("node(s) didn't match pod affinity rules", true);
    }
    for (const x of st.anti) {
      const v = labels[x.term.topologyKey];
      if (v !== undefined && x.domains.has(v)) return fail("node(s) didn't match pod anti-affinity rules");
    }
    for (const k of st.existingAnti) {
      const i = k.indexOf('=');
      if (labels[k.slice(0, i)] === k.slice(i + 1)) return fail("node(s) didn't satisfy existing pods anti-affinity rules");
    }
    return undefined;
  },
  score(s, n) {
    const st = s.data.ipa as State | undefined;
    if (!st) return 0;
    const labels = n.node!.metadata.labels ?? {};
    let sum = 0;
    for (const x of st.preferred) {
      const v = labels[x.term.topologyKey];
      if (v !== undefined && x.domains.has(v)) sum += x.weight;
    }
    return sum;
  },
  normalize(scores) {
    let max = -Infinity, min = Infinity;
    for (const v of scores) {
      max = Math.max(max, v);
      min = Math.min(min, v);
    }
    const d = max - min;
    for (let i = 0; i < scores.length; i++) scores[i] = d > 0 ? Math.floor((MAX_SCORE * (scores[i] - min)) / d) : 0;
  },
};
