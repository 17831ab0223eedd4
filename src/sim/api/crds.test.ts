import { describe, expect, it } from 'vitest';
import { Cluster } from '../cluster';
import type { KList, KObject, Status } from './types';

const crd: KObject = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'configwatchers.k8spatterns.io' },
  spec: {
    group: 'k8spatterns.io',
    scope: 'Namespaced',
    names: { kind: 'ConfigWatcher', plural: 'configwatchers', singular: 'configwatcher', shortNames: ['cw'], categories: ['all'] },
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        subresources: { status: {}, scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas' } },
        additionalPrinterColumns: [{ name: 'ConfigMap', type: 'string', jsonPath: '.spec.configMap' }],
        schema: {
          openAPIV3Schema: {
            type: 'object',
            properties: {
              spec: {
                type: 'object',
                required: ['configMap'],
                properties: { configMap: { type: 'string' }, podSelector: { type: 'object', additionalProperties: { type: 'string' } }, replicas: { type: 'integer', minimum: 0 } },
              },
              status: { type: 'object', properties: { replicas: { type: 'integer' } } },
            },
          },
        },
      },
    ],
  },
};

const cw = (name: string, spec: Record<string, unknown> = { configMap: 'webapp-config' }): KObject => ({
  apiVersion: 'k8spatterns.io/v1',
  kind: 'ConfigWatcher',
  metadata: { name },
  spec,
});

function withCrd() {
  const c = new Cluster({ seed: 2 });
  const res = c.request({ verb: 'create', group: 'apiextensions.k8s.io', resource: 'customresourcedefinitions', body: crd });
  expect(res.code).toBe(201);
  return c;
}

describe('CustomResourceDefinitions', () => {
  it('makes the kind usable at once, by plural, short name and category', () => {
    const c = withCrd();
    expect(c.api.kinds.resolve('cw')?.kind).toBe('ConfigWatcher');
    expect(c.api.kinds.resolve('configwatchers.k8spatterns.io')?.plural).toBe('configwatchers');
    const res = c.request({ verb: 'create', group: 'k8spatterns.io', resource: 'configwatchers', namespace: 'default', body: cw('watcher') });
    expect(res.code).toBe(201);
    expect((res.body as KObject).metadata.generation).toBe(1);
  });

  it('reports Established and NamesAccepted, and carries the cleanup finalizer', () => {
    const c = withCrd();
    c.clock.settle();
    const stored = c.request({ verb: 'get', group: 'apiextensions.k8s.io', resource: 'customresourcedefinitions', name: crd.metadata.name }).body as KObject;
    const conds = (stored.status as { conditions: { type: string; status: string }[] }).conditions;
    expect(conds.map((x) => `${x.type}=${x.status}`)).toEqual(['NamesAccepted=True', 'Established=True']);
    expect(stored.metadata.finalizers).toEqual(['customresourcecleanup.apiextensions.k8s.io']);
  });

  it('validates custom objects against the openAPIV3Schema', () => {
    const c = withCrd();
    const res = c.request({ verb: 'create', group: 'k8spatterns.io', resource: 'configwatchers', namespace: 'default', body: cw('bad', { replicas: 'two' }) });
    expect(res.code).toBe(422);
    const s = res.body as Status;
    expect(s.message).toContain('ConfigWatcher.k8spatterns.io "bad" is invalid');
    expect(s.message).toContain('spec.configMap: Required value');
  });

  it('serves the scale subresource from the CRD paths', () => {
    const c = withCrd();
    c.request({ verb: 'create', group: 'k8spatterns.io', resource: 'configwatchers', namespace: 'default', body: cw('s', { configMap: 'x', replicas: 2 }) });
    const res = c.request({ verb: 'patch', group: 'k8spatterns.io', resource: 'configwatchers', namespace: 'default', name: 's', subresource: 'scale', patchType: 'merge', body: { spec: { replicas: 4 } } });
    expect(res.code).toBe(200);
    expect((res.body as KObject).spec).toEqual({ replicas: 4 });
  });

  it('refuses strategic merge patches on custom objects (415)', () => {
    const c = withCrd();
    c.request({ verb: 'create', group: 'k8spatterns.io', resource: 'configwatchers', namespace: 'default', body: cw('p') });
    const res = c.request({ verb: 'patch', group: 'k8spatterns.io', resource: 'configwatchers', namespace: 'default', name: 'p', patchType: 'strategic', body: { spec: { configMap: 'y' } } });
    expect(res.code).toBe(415);
  });

  it('rejects a CRD whose name is not plural.group', () => {
    const c = new Cluster({ seed: 2 });
    const res = c.request({
      verb: 'create',
      group: 'apiextensions.k8s.io',
      resource: 'customresourcedefinitions',
      body: { ...crd, metadata: { name: 'watchers.example.com' } },
    });
    expect(res.code).toBe(422);
    expect((res.body as Status).message).toContain('metadata.name: Invalid value: "watchers.example.com": must be spec.names.plural+"."+spec.group');
  });

  it('deleting the CRD deletes its objects, then the kind', () => {
    const c = withCrd();
    c.request({ verb: 'create', group: 'k8spatterns.io', resource: 'configwatchers', namespace: 'default', body: cw('a') });
    c.request({ verb: 'delete', group: 'apiextensions.k8s.io', resource: 'customresourcedefinitions', name: crd.metadata.name });
    c.clock.runUntilIdle();
    expect(c.request({ verb: 'get', group: 'apiextensions.k8s.io', resource: 'customresourcedefinitions', name: crd.metadata.name }).code).toBe(404);
    expect(c.api.kinds.resolve('cw')).toBeUndefined();
    expect(c.request({ verb: 'list', group: 'k8spatterns.io', resource: 'configwatchers' }).code).toBe(404);
  });

  it('comes back with its kind after a snapshot restore', () => {
    const c = withCrd();
    c.request({ verb: 'create', group: 'k8spatterns.io', resource: 'configwatchers', namespace: 'default', body: cw('kept') });
    const r = Cluster.restore(JSON.parse(JSON.stringify(c.snapshot())));
    const list = r.request({ verb: 'list', group: 'k8spatterns.io', resource: 'configwatchers', namespace: 'default' }).body as KList;
    expect(list.items.map((o) => o.metadata.name)).toEqual(['kept']);
  });
});
