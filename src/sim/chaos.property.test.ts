/**
 * The whole engine under random learner activity: real manifests from the corpus applied,
 * scaled, deleted and re-applied, nodes cordoned, a kubelet stopped, time moving in random
 * steps. No component may throw (clock.failures stays empty), the API keeps answering,
 * and the same seed and activity give the same cluster.
 */
import fc from 'fast-check';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { bootCluster } from './boot';
import type { Cluster } from './cluster';
import type { KList, KObject } from './api/types';

const ROOT = [join(__dirname, '../../../shared/corpus/k8s-website'), '/work/shared/corpus/k8s-website'].find(existsSync);

function manifests(): KObject[] {
  if (!ROOT) return [];
  const out: KObject[] = [];
  for (const f of readdirSync(ROOT).filter((x) => x.endsWith('.yaml')).sort()) {
    try {
      for (const d of YAML.parseAllDocuments(readFileSync(join(ROOT, f), 'utf8'))) {
        const o = d.toJSON() as KObject | null;
        if (o && typeof o === 'object' && o.kind && o.apiVersion) out.push(o);
      }
    } catch {
      // not every corpus file is plain YAML (templates); the corpus tests cover those
    }
  }
  return out;
}

const CORPUS = manifests();

function apply(c: Cluster, o: KObject): void {
  const info = c.api.kinds.forObject(o);
  if (!info) return;
  const ns = info.namespaced ? (o.metadata?.namespace ?? 'default') : undefined;
  if (ns && c.request({ verb: 'get', resource: 'namespaces', name: ns }).code === 404)
    c.request({ verb: 'create', resource: 'namespaces', body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } } });
  const res = c.request({ verb: 'create', group: info.group, version: info.version, resource: info.plural, namespace: ns, body: o });
  if (res.code === 409)
    c.request({ verb: 'patch', group: info.group, version: info.version, resource: info.plural, namespace: ns, name: o.metadata.name, patchType: info.strategicMerge ? 'strategic' : 'merge', body: o });
}

type Step =
  | { t: 'apply'; i: number }
  | { t: 'delete'; i: number }
  | { t: 'scale'; i: number; n: number }
  | { t: 'cordon'; node: string }
  | { t: 'kubelet'; node: string; on: boolean }
  | { t: 'wait'; ms: number };

const nodes = fc.constantFrom('controlplane', 'node01', 'node02');
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ t: fc.constant('apply' as const), i: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('delete' as const), i: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('scale' as const), i: fc.nat(), n: fc.integer({ min: 0, max: 5 }) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('cordon' as const), node: nodes }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('kubelet' as const), node: nodes, on: fc.boolean() }) },
  { weight: 4, arbitrary: fc.record({ t: fc.constant('wait' as const), ms: fc.integer({ min: 0, max: 120_000 }) }) },
);

function run(c: Cluster, steps: Step[]): void {
  for (const s of steps) {
    const o = CORPUS[('i' in s ? s.i : 0) % CORPUS.length];
    const info = o ? c.api.kinds.forObject(o) : undefined;
    const ns = info?.namespaced ? (o.metadata?.namespace ?? 'default') : undefined;
    switch (s.t) {
      case 'apply':
        apply(c, o);
        break;
      case 'delete':
        if (info) c.request({ verb: 'delete', group: info.group, version: info.version, resource: info.plural, namespace: ns, name: o.metadata.name });
        break;
      case 'scale':
        if (info?.subresources.scale)
          c.request({ verb: 'patch', group: info.group, version: info.version, resource: info.plural, namespace: ns, name: o.metadata.name, subresource: 'scale', patchType: 'merge', body: { spec: { replicas: s.n } } });
        break;
      case 'cordon':
        c.request({ verb: 'patch', resource: 'nodes', name: s.node, patchType: 'merge', body: { spec: { unschedulable: true } } });
        break;
      case 'kubelet':
        c.node(s.node)?.systemctl([s.on ? 'start' : 'stop', 'kubelet']);
        break;
      case 'wait':
        c.clock.advance(s.ms);
        break;
    }
  }
  c.clock.advance(60_000);
}

function fingerprint(c: Cluster): string {
  const out: unknown[] = [];
  for (const r of ['pods', 'nodes', 'events'])
    out.push((c.request({ verb: 'list', resource: r }).body as KList).items.map((o) => [o.metadata.namespace, o.metadata.name, o.metadata.resourceVersion, o.status]));
  return JSON.stringify(out);
}

describe.skipIf(CORPUS.length === 0)('the engine under random activity', () => {
  it('no component throws, and the API keeps answering', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 25 }), (steps) => {
        const c = bootCluster({ seed: 4 });
        run(c, steps);
        expect(c.clock.failures.map((f) => `${f.label}: ${f.message.split('\n')[0]}`)).toEqual([]);
        expect(c.request({ verb: 'list', resource: 'pods' }).code).toBe(200);
      }),
      { numRuns: Number(process.env.CHAOS_RUNS ?? 12) },
    );
  }, 120_000);

  it('is deterministic: the same activity gives the same cluster', () => {
    const steps = fc.sample(fc.array(step, { minLength: 10, maxLength: 20 }), { seed: 42, numRuns: 1 })[0];
    const a = bootCluster({ seed: 5 });
    const b = bootCluster({ seed: 5 });
    run(a, steps);
    run(b, steps);
    expect(fingerprint(b)).toBe(fingerprint(a));
  });
});
