/**
 * Bad input of any shape gets an answer, never an exception: random requests with random
 * verbs, resources, names, queries and bodies (JSON of any shape, half-valid manifests)
 * always come back as a response, errors always as a Status, and the cluster still
 * answers normally afterwards.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Cluster } from '../cluster';
import type { ApiRequest, KList, Status } from './types';

const resources = fc.constantFrom('pods', 'deployments', 'services', 'configmaps', 'namespaces', 'nodes', 'jobs', 'cronjobs', 'events', 'customresourcedefinitions', 'nope', '');
const groups = fc.constantFrom('', 'apps', 'batch', 'apiextensions.k8s.io', 'example.com', undefined);
const verbs = fc.constantFrom('get', 'list', 'create', 'update', 'patch', 'delete', 'deletecollection', 'watch', 'explode');
const names = fc.oneof(fc.constantFrom('web', 'default', 'kube-system', 'Web!', ''), fc.string({ maxLength: 12 }), fc.constant(undefined));
const kinds = fc.constantFrom('Pod', 'Deployment', 'Service', 'ConfigMap', 'Namespace', 'Job', 'CronJob', 'CustomResourceDefinition', 'Nope');
const apiVersions = fc.constantFrom('v1', 'apps/v1', 'batch/v1', 'apiextensions.k8s.io/v1', 'v2', '', 42);
const manifest = fc.record(
  {
    apiVersion: apiVersions,
    kind: kinds,
    metadata: fc.oneof(fc.record({ name: names, labels: fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 })) }, { requiredKeys: [] }), fc.anything()),
    spec: fc.anything({ maxDepth: 3 }),
    data: fc.anything({ maxDepth: 2 }),
  },
  { requiredKeys: [] },
);
const body = fc.oneof(manifest, fc.anything({ maxDepth: 3 }), fc.array(fc.record({ op: fc.constantFrom('add', 'remove', 'replace', 'bogus'), path: fc.string(), value: fc.anything({ maxDepth: 2 }) })));
const query = fc.record(
  {
    labelSelector: fc.oneof(fc.constantFrom('app=web', 'env in (a,b)', '!x', 'app in (', '==', ''), fc.string({ maxLength: 8 })),
    fieldSelector: fc.oneof(fc.constantFrom('metadata.name=web', 'status.phase=Running', 'spec.bogus=1', '==', ''), fc.string({ maxLength: 8 })),
    resourceVersion: fc.oneof(fc.constantFrom('0', '1', '999999', 'abc', '-1', ''), fc.string({ maxLength: 4 })),
    limit: fc.integer({ min: -2, max: 5 }),
    continue: fc.string({ maxLength: 12 }),
    propagationPolicy: fc.constantFrom('Background', 'Foreground', 'Orphan', 'Sideways'),
    gracePeriodSeconds: fc.oneof(fc.integer({ min: -5, max: 40 }), fc.double()),
  },
  { requiredKeys: [] },
);
const request = fc.record(
  {
    verb: verbs,
    group: groups,
    resource: resources,
    namespace: fc.oneof(fc.constantFrom('default', 'kube-system', 'missing'), fc.constant(undefined)),
    name: names,
    subresource: fc.oneof(fc.constantFrom('status', 'scale', 'binding', 'log', 'exec', 'eviction', 'bogus'), fc.constant(undefined)),
    query,
    body,
    patchType: fc.constantFrom('merge', 'strategic', 'json', 'apply', 'bogus', undefined),
  },
  { requiredKeys: ['verb', 'resource'] },
);

describe('the API server under random input', () => {
  it('answers every request without throwing, with a Status for every error', () => {
    const c = new Cluster({ seed: 9 });
    fc.assert(
      fc.property(fc.array(request, { minLength: 1, maxLength: 15 }), (reqs) => {
        for (const r of reqs as unknown as ApiRequest[]) {
          if (r.verb === 'watch') {
            const h = c.watch(r, () => {});
            h.stop();
            continue;
          }
          const res = c.request(r);
          expect(typeof res.code).toBe('number');
          if (res.code >= 400) {
            const s = res.body as Status;
            expect(s.kind).toBe('Status');
            expect(s.status).toBe('Failure');
            expect(typeof s.message).toBe('string');
            expect(s.code).toBe(res.code);
          }
          c.clock.advance(100);
        }
        // and the cluster still answers
        const ns = c.request({ verb: 'list', resource: 'namespaces' });
        expect(ns.code).toBe(200);
        const names = (ns.body as KList).items.map((o) => o.metadata.name);
        for (const n of ['default', 'kube-system', 'kube-public']) expect(names).toContain(n);
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 150) },
    );
    expect(c.clock.failures).toEqual([]);
  });
});
