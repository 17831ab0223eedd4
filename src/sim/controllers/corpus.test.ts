/**
 * The real workload manifests of /work/shared/corpus (kubernetes/website, istio bookinfo,
 * autoscaler, prometheus-operator, argo-rollouts examples) applied to a booted cluster:
 * every Deployment, ReplicaSet, ReplicationController, DaemonSet, StatefulSet, Job and
 * CronJob must be accepted (or rejected with a clear Status) and its controller must
 * converge — pods created and scheduled, status observed.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { bootCluster } from '../boot';
import type { KList, KObject, Status } from '../api/types';
import type { Cluster } from '../cluster';

const ROOT = process.env.KUBELAB_CORPUS ?? join(__dirname, '../../../../shared/corpus');
const corpus = existsSync(ROOT) ? ROOT : '/work/shared/corpus';
const WORKLOAD = /apps\/v1\/(Deployment|DaemonSet|StatefulSet|ReplicaSet)|batch\/v1\/(Job|CronJob)|v1\/ReplicationController/;

function manifests(): { file: string; kinds: string }[] {
  if (!existsSync(join(corpus, 'INDEX.tsv'))) return [];
  return readFileSync(join(corpus, 'INDEX.tsv'), 'utf8')
    .split('\n')
    .slice(1)
    .map((l) => l.split('\t'))
    .filter((c) => c.length > 3 && WORKLOAD.test(c[3]))
    .map((c) => ({ file: c[0], kinds: c[3] }));
}

function resourceOf(c: Cluster, o: KObject): { group: string; resource: string; namespaced: boolean } | undefined {
  const [group, version] = o.apiVersion.includes('/') ? o.apiVersion.split('/') : ['', o.apiVersion];
  const info = c.api.kinds.all().find((k) => k.group === group && k.kind === o.kind && k.version === version);
  if (!info) return undefined;
  return { group, resource: info.plural, namespaced: info.namespaced };
}

/** Upstream examples a 1.32 cluster rejects on purpose, with the reason. */
const REJECTED_ON_PURPOSE = new Set<string>([]);

describe('corpus workloads converge', () => {
  const list = manifests();
  it('finds the corpus', () => {
    expect(list.length).toBeGreaterThan(30);
  });
  for (const { file } of list)
    it(file, () => {
      const c = bootCluster({ seed: 5 });
      c.clock.advance(20_000);
      const docs = parseAllDocuments(readFileSync(join(corpus, file), 'utf8')).map((d) => d.toJSON() as KObject).filter((d) => d && d.kind);
      const mine: { o: KObject; group: string; resource: string; ns?: string }[] = [];
      // namespaces first, as kubectl apply of a directory would need
      for (const o of [...docs].sort((a, b) => (a.kind === 'Namespace' ? -1 : b.kind === 'Namespace' ? 1 : 0))) {
        const r = resourceOf(c, o);
        if (!r) continue; // a custom resource whose CRD is not installed
        const ns = r.namespaced ? (o.metadata?.namespace ?? 'default') : undefined;
        if (ns && ns !== 'default' && !c.api.store.get('/namespaces', undefined, ns))
          c.request({ verb: 'create', resource: 'namespaces', body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } } });
        const res = c.request({ verb: 'create', group: r.group, resource: r.resource, namespace: ns, body: o });
        if (res.code >= 300) {
          // rejected: the Status must say why, in Kubernetes' words
          const st = res.body as Status;
          expect(st.kind).toBe('Status');
          expect(st.message).toBeTruthy();
          if (!REJECTED_ON_PURPOSE.has(file) && WORKLOAD.test(`${o.apiVersion}/${o.kind}`)) throw new Error(`${o.kind} ${o.metadata?.name} rejected: ${st.message}`);
          continue;
        }
        if (WORKLOAD.test(`${o.apiVersion}/${o.kind}`)) mine.push({ o: res.body as KObject, ...r, ns });
      }
      c.clock.advance(120_000);
      for (const { o, group, resource, ns } of mine) {
        const cur = c.request({ verb: 'get', group, resource, namespace: ns, name: o.metadata.name }).body as KObject;
        const st = (cur.status ?? {}) as Record<string, number | string | undefined>;
        const spec = cur.spec as { replicas?: number; suspend?: boolean };
        const pods = (c.request({ verb: 'list', resource: 'pods', namespace: ns }).body as KList).items;
        const label = `${file}: ${o.kind} ${o.metadata.name}`;
        switch (o.kind) {
          case 'Deployment':
          case 'ReplicaSet':
          case 'ReplicationController':
          case 'StatefulSet':
            expect(st.observedGeneration, label).toBe(cur.metadata.generation);
            if (o.kind !== 'StatefulSet') expect(st.replicas ?? 0, label).toBe(spec.replicas ?? 1);
            else expect(st.replicas ?? 0, label).toBeGreaterThan(0);
            break;
          case 'DaemonSet':
            expect(st.desiredNumberScheduled, label).toBeGreaterThan(0);
            expect(st.currentNumberScheduled, label).toBe(st.desiredNumberScheduled);
            break;
          case 'Job':
            expect((st.active as number ?? 0) + (st.succeeded as number ?? 0) + (st.failed as number ?? 0) + ((cur.status as { conditions?: unknown[] })?.conditions?.length ?? 0), label).toBeGreaterThan(0);
            break;
          case 'CronJob':
            expect(spec.suspend ?? false, label).toBe(false);
            break;
        }
        // every pod the workloads made was placed (or told why not)
        for (const p of pods) {
          const scheduled = !!(p.spec as { nodeName?: string }).nodeName;
          const why = ((p.status as { conditions?: { type: string; reason?: string }[] })?.conditions ?? []).find((x) => x.type === 'PodScheduled')?.reason;
          expect(scheduled || why === 'Unschedulable', `${label}: pod ${p.metadata.name}`).toBe(true);
        }
      }
    });
});
