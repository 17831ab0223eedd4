import { describe, expect, it } from 'vitest';
import { Cluster } from '../cluster';
import type { ApiRequest, KList, KObject, Status, WatchEvent } from './types';

function cm(name: string, data: Record<string, string> = { a: '1' }, extra: Partial<KObject['metadata']> = {}): KObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, ...extra }, data };
}

function deploy(name: string, replicas = 1, image = 'nginx:1.27'): KObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, labels: { app: name } },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'web', image }] } },
    },
  };
}

function setup() {
  const c = new Cluster({ seed: 7 });
  const req = (r: ApiRequest) => c.request(r);
  const create = (resource: string, body: KObject, namespace = 'default', group = '') =>
    req({ verb: 'create', group, resource, namespace, body });
  const get = (resource: string, name: string, namespace = 'default', group = '') => req({ verb: 'get', group, resource, namespace, name });
  return { c, req, create, get };
}

describe('create and get', () => {
  it('stores an object with server-owned metadata', () => {
    const { c, create, get } = setup();
    const res = create('configmaps', cm('settings'));
    expect(res.code).toBe(201);
    const o = get('configmaps', 'settings').body as KObject;
    expect(o.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(o.metadata.creationTimestamp).toBe(c.clock.iso());
    expect(o.metadata.namespace).toBe('default');
    expect(o.metadata.generation).toBeUndefined(); // ConfigMaps have no generation
    expect(Number(o.metadata.resourceVersion)).toBeGreaterThan(0);
  });

  it('ignores server-owned fields sent by the client', () => {
    const { create, get } = setup();
    create('configmaps', cm('x', {}, { uid: 'mine', resourceVersion: '999999', creationTimestamp: '2000-01-01T00:00:00Z' }));
    const o = get('configmaps', 'x').body as KObject;
    expect(o.metadata.uid).not.toBe('mine');
    expect(o.metadata.creationTimestamp).not.toBe('2000-01-01T00:00:00Z');
  });

  it('completes generateName with 5 characters of the safe alphabet, truncating long prefixes to 58', () => {
    const { create } = setup();
    const a = create('configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { generateName: 'web-' } }).body as KObject;
    expect(a.metadata.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    const long = 'a'.repeat(70);
    const b = create('configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { generateName: long } }).body as KObject;
    expect(b.metadata.name).toHaveLength(63);
  });

  it('answers 409 AlreadyExists and 404 NotFound in the real wording', () => {
    const { create, get } = setup();
    create('configmaps', cm('dup'));
    const again = create('configmaps', cm('dup'));
    expect(again.code).toBe(409);
    expect(again.body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'configmaps "dup" already exists',
      reason: 'AlreadyExists',
      details: { name: 'dup', kind: 'configmaps' },
      code: 409,
    });
    const missing = get('deployments', 'web', 'default', 'apps');
    expect(missing.code).toBe(404);
    expect((missing.body as Status).message).toBe('deployments.apps "web" not found');
    expect((missing.body as Status).details).toEqual({ name: 'web', group: 'apps', kind: 'deployments' });
  });

  it('refuses a namespace mismatch, a missing namespace, and unknown resources', () => {
    const { req, create } = setup();
    const mismatch = create('configmaps', cm('a', {}, { namespace: 'other' }));
    expect(mismatch.code).toBe(400);
    expect((mismatch.body as Status).message).toBe('the namespace of the provided object does not match the namespace sent on the request');
    const noNs = create('configmaps', cm('a'), 'nope');
    expect(noNs.code).toBe(404);
    expect((noNs.body as Status).message).toBe('namespaces "nope" not found');
    const unknown = req({ verb: 'list', resource: 'podz' });
    expect(unknown.code).toBe(404);
    expect((unknown.body as Status).message).toBe('the server could not find the requested resource');
  });

  it('starts with the four system namespaces, each with its default ServiceAccount', () => {
    const { req } = setup();
    const ns = (req({ verb: 'list', resource: 'namespaces' }).body as KList).items.map((o) => o.metadata.name);
    expect(ns).toEqual(['default', 'kube-node-lease', 'kube-public', 'kube-system']);
    const sas = (req({ verb: 'list', resource: 'serviceaccounts' }).body as KList).items.map((o) => `${o.metadata.namespace}/${o.metadata.name}`);
    expect(sas).toEqual(['default/default', 'kube-node-lease/default', 'kube-public/default', 'kube-system/default']);
  });

  it('answers dryRun=All without storing', () => {
    const { req, get } = setup();
    const res = req({ verb: 'create', resource: 'configmaps', namespace: 'default', body: cm('dry'), query: { dryRun: 'All' } });
    expect(res.code).toBe(201);
    expect(get('configmaps', 'dry').code).toBe(404);
  });
});

describe('resourceVersion, generation and optimistic concurrency', () => {
  it('bumps generation only when spec changes', () => {
    const { c, req, create, get } = setup();
    create('deployments', deploy('web'), 'default', 'apps');
    const v1 = get('deployments', 'web', 'default', 'apps').body as KObject;
    expect(v1.metadata.generation).toBe(1);
    const labelled = structuredClone(v1);
    labelled.metadata.labels = { ...labelled.metadata.labels, tier: 'fe' };
    const r2 = req({ verb: 'update', group: 'apps', resource: 'deployments', namespace: 'default', name: 'web', body: labelled });
    expect(r2.code).toBe(200);
    const v2 = r2.body as KObject;
    expect(v2.metadata.generation).toBe(1);
    expect(Number(v2.metadata.resourceVersion)).toBeGreaterThan(Number(v1.metadata.resourceVersion));
    const scaled = req({
      verb: 'patch',
      group: 'apps',
      resource: 'deployments',
      namespace: 'default',
      name: 'web',
      patchType: 'merge',
      body: { spec: { replicas: 3 } },
    }).body as KObject;
    expect(scaled.metadata.generation).toBe(2);
    // status writes never move generation
    const st = structuredClone(scaled);
    st.status = { replicas: 3, observedGeneration: 2 };
    const s = req({ verb: 'update', group: 'apps', resource: 'deployments', namespace: 'default', name: 'web', subresource: 'status', body: st });
    expect((s.body as KObject).metadata.generation).toBe(2);
    expect((s.body as KObject).status).toEqual({ replicas: 3, observedGeneration: 2 });
    void c;
  });

  it('answers a stale resourceVersion with 409 Conflict', () => {
    const { req, create, get } = setup();
    create('configmaps', cm('cfg'));
    const v1 = get('configmaps', 'cfg').body as KObject;
    const a = { ...structuredClone(v1), data: { a: '2' } };
    const b = { ...structuredClone(v1), data: { a: '3' } };
    expect(req({ verb: 'update', resource: 'configmaps', namespace: 'default', name: 'cfg', body: a }).code).toBe(200);
    const stale = req({ verb: 'update', resource: 'configmaps', namespace: 'default', name: 'cfg', body: b });
    expect(stale.code).toBe(409);
    expect((stale.body as Status).reason).toBe('Conflict');
    expect((stale.body as Status).message).toBe(
      'Operation cannot be fulfilled on configmaps "cfg": the object has been modified; please apply your changes to the latest version and try again',
    );
  });

  it('takes back the frozen objects it hands out, status with nulls included', () => {
    const { req, get } = setup();
    req({ verb: 'create', resource: 'pods', namespace: 'default', body: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } });
    const pod = get('pods', 'p').body as KObject;
    expect(Object.isFrozen(pod)).toBe(true);
    const withStatus = { ...pod, status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True', lastProbeTime: null }] } };
    const res = req({ verb: 'update', resource: 'pods', namespace: 'default', name: 'p', subresource: 'status', body: withStatus });
    expect(res.code).toBe(200);
    expect(((res.body as KObject).status as { phase: string }).phase).toBe('Running');
    expect(req({ verb: 'update', resource: 'pods', namespace: 'default', name: 'p', body: get('pods', 'p').body }).code).toBeLessThan(300);
  });

  it('does not write an update that changes nothing', () => {
    const { req, create, get } = setup();
    create('configmaps', cm('same'));
    const v1 = get('configmaps', 'same').body as KObject;
    const res = req({ verb: 'update', resource: 'configmaps', namespace: 'default', name: 'same', body: structuredClone(v1) });
    expect((res.body as KObject).metadata.resourceVersion).toBe(v1.metadata.resourceVersion);
  });

  it('keeps status out of main-resource updates for kinds with a status subresource', () => {
    const { req, create } = setup();
    create('deployments', deploy('web'), 'default', 'apps');
    const res = req({
      verb: 'patch',
      group: 'apps',
      resource: 'deployments',
      namespace: 'default',
      name: 'web',
      patchType: 'merge',
      body: { status: { replicas: 99 } },
    });
    expect((res.body as KObject).status).toBeUndefined();
  });
});

describe('patch', () => {
  it('applies strategic merge to containers by name', () => {
    const { req, create } = setup();
    create('deployments', deploy('web'), 'default', 'apps');
    const res = req({
      verb: 'patch',
      group: 'apps',
      resource: 'deployments',
      namespace: 'default',
      name: 'web',
      patchType: 'strategic',
      body: { spec: { template: { spec: { containers: [{ name: 'web', image: 'nginx:1.28' }] } } } },
    });
    expect(res.code).toBe(200);
    const cs = ((res.body as KObject).spec as { template: { spec: { containers: { name: string; image: string }[] } } }).template.spec.containers;
    expect(cs).toHaveLength(1);
    expect(cs[0].image).toBe('nginx:1.28');
  });

  it('applies JSON patch and reports a missing path', () => {
    const { req, create } = setup();
    create('configmaps', cm('p'));
    const ok = req({ verb: 'patch', resource: 'configmaps', namespace: 'default', name: 'p', patchType: 'json', body: [{ op: 'add', path: '/data/b', value: '2' }] });
    expect((ok.body as KObject).data).toEqual({ a: '1', b: '2' });
    const bad = req({ verb: 'patch', resource: 'configmaps', namespace: 'default', name: 'p', patchType: 'json', body: [{ op: 'replace', path: '/spec/x', value: 1 }] });
    expect(bad.code).toBe(422);
    expect((bad.body as Status).message).toBe('jsonpatch replace operation does not apply: doc is missing path: "/spec/x": missing value');
  });
});

describe('delete, finalizers and garbage collection', () => {
  it('keeps an object with finalizers until the last one is removed', () => {
    const { c, req, create, get } = setup();
    create('configmaps', cm('fin', {}, { finalizers: ['example.com/hold'] }));
    const del = req({ verb: 'delete', resource: 'configmaps', namespace: 'default', name: 'fin' });
    expect(del.code).toBe(202);
    const held = get('configmaps', 'fin').body as KObject;
    expect(held.metadata.deletionTimestamp).toBe(c.clock.iso());
    expect(held.metadata.deletionGracePeriodSeconds).toBe(0);
    const added = req({
      verb: 'patch',
      resource: 'configmaps',
      namespace: 'default',
      name: 'fin',
      patchType: 'merge',
      body: { metadata: { finalizers: ['example.com/hold', 'example.com/more'] } },
    });
    expect(added.code).toBe(422);
    expect((added.body as Status).message).toContain('no new finalizers can be added if the object is being deleted');
    const cleared = req({ verb: 'patch', resource: 'configmaps', namespace: 'default', name: 'fin', patchType: 'merge', body: { metadata: { finalizers: null } } });
    expect(cleared.code).toBe(200);
    expect(get('configmaps', 'fin').code).toBe(404);
  });

  function family(req: (r: ApiRequest) => ReturnType<Cluster['request']>) {
    const owner = req({ verb: 'create', resource: 'configmaps', namespace: 'default', body: cm('owner') }).body as KObject;
    const ref = { apiVersion: 'v1', kind: 'ConfigMap', name: 'owner', uid: owner.metadata.uid!, controller: true, blockOwnerDeletion: true };
    for (const n of ['child-1', 'child-2']) req({ verb: 'create', resource: 'configmaps', namespace: 'default', body: cm(n, {}, { ownerReferences: [ref] }) });
    return owner;
  }
  const names = (c: Cluster) =>
    (c.request({ verb: 'list', resource: 'configmaps', namespace: 'default' }).body as KList).items.map((o) => o.metadata.name).filter((n) => n !== 'kube-root-ca.crt');

  it('Background: the owner goes at once, the collector deletes its dependents after', () => {
    const { c, req } = setup();
    family(req);
    req({ verb: 'delete', resource: 'configmaps', namespace: 'default', name: 'owner' });
    expect(names(c)).toEqual(['child-1', 'child-2']);
    c.clock.settle();
    expect(names(c)).toEqual([]);
  });

  it('Foreground: the owner waits, terminating, until its dependents are gone', () => {
    const { c, req, get } = setup();
    family(req);
    req({ verb: 'delete', resource: 'configmaps', namespace: 'default', name: 'owner', query: { propagationPolicy: 'Foreground' } });
    const o = get('configmaps', 'owner').body as KObject;
    expect(o.metadata.finalizers).toEqual(['foregroundDeletion']);
    expect(o.metadata.deletionTimestamp).toBeDefined();
    c.clock.runUntilIdle();
    expect(names(c)).toEqual([]);
  });

  it('Orphan: dependents stay and lose their owner reference', () => {
    const { c, req, get } = setup();
    family(req);
    req({ verb: 'delete', resource: 'configmaps', namespace: 'default', name: 'owner', query: { propagationPolicy: 'Orphan' } });
    c.clock.runUntilIdle();
    expect(names(c)).toEqual(['child-1', 'child-2']);
    expect((get('configmaps', 'child-1').body as KObject).metadata.ownerReferences).toBeUndefined();
  });

  it('collects an object whose owner never existed', () => {
    const { c, req } = setup();
    req({
      verb: 'create',
      resource: 'configmaps',
      namespace: 'default',
      body: cm('stray', {}, { ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'ghost', uid: 'no-such-uid' }] }),
    });
    c.clock.settle();
    expect(names(c)).toEqual([]);
  });

  it('deletes a scheduled pod gracefully and an unscheduled one at once', () => {
    const { c, req, get } = setup();
    const pod = (name: string, nodeName?: string): KObject => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name },
      spec: { ...(nodeName ? { nodeName } : {}), containers: [{ name: 'c', image: 'nginx' }] },
    });
    req({ verb: 'create', resource: 'pods', namespace: 'default', body: pod('loose') });
    req({ verb: 'create', resource: 'pods', namespace: 'default', body: pod('bound', 'node01') });
    expect(req({ verb: 'delete', resource: 'pods', namespace: 'default', name: 'loose' }).code).toBe(200);
    expect(get('pods', 'loose').code).toBe(404);
    req({ verb: 'delete', resource: 'pods', namespace: 'default', name: 'bound' });
    const p = get('pods', 'bound').body as KObject;
    expect(p.metadata.deletionGracePeriodSeconds).toBe(30);
    expect(p.metadata.deletionTimestamp).toBe(c.clock.iso(c.clock.now() + 30_000));
    expect(req({ verb: 'delete', resource: 'pods', namespace: 'default', name: 'bound', query: { gracePeriodSeconds: 0 } }).code).toBe(200);
    expect(get('pods', 'bound').code).toBe(404);
  });

  it('checks delete preconditions', () => {
    const { req, create } = setup();
    create('configmaps', cm('pre'));
    const res = req({ verb: 'delete', resource: 'configmaps', namespace: 'default', name: 'pre', query: { preconditions: { uid: 'other' } } });
    expect(res.code).toBe(409);
    expect((res.body as Status).message).toMatch(/^Operation cannot be fulfilled on configmaps "pre": Precondition failed: UID in precondition: other, UID in object meta: /);
  });
});

describe('namespaces', () => {
  it('refuses to delete the system namespaces', () => {
    const { req } = setup();
    const res = req({ verb: 'delete', resource: 'namespaces', name: 'kube-system' });
    expect(res.code).toBe(403);
    expect((res.body as Status).message).toBe('namespaces "kube-system" is forbidden: this namespace may not be deleted');
  });

  it('terminates a namespace: contents deleted, then the namespace', () => {
    const { c, req, create, get } = setup();
    req({ verb: 'create', resource: 'namespaces', body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'dev' } } });
    c.clock.settle();
    create('configmaps', cm('a'), 'dev');
    req({ verb: 'delete', resource: 'namespaces', name: 'dev' });
    const ns = req({ verb: 'get', resource: 'namespaces', name: 'dev' }).body as KObject;
    expect((ns.status as { phase: string }).phase).toBe('Terminating');
    const refused = create('configmaps', cm('b'), 'dev');
    expect(refused.code).toBe(403);
    expect((refused.body as Status).message).toBe('configmaps "b" is forbidden: unable to create new content in namespace dev because it is being terminated');
    c.clock.runUntilIdle();
    expect(get('configmaps', 'a', 'dev').code).toBe(404);
    expect(req({ verb: 'get', resource: 'namespaces', name: 'dev' }).code).toBe(404);
  });
});

describe('subresources', () => {
  it('serves scale for deployments', () => {
    const { req, create } = setup();
    create('deployments', deploy('web', 2), 'default', 'apps');
    const s = req({ verb: 'get', group: 'apps', resource: 'deployments', namespace: 'default', name: 'web', subresource: 'scale' }).body as KObject;
    expect(s.kind).toBe('Scale');
    expect(s.spec).toEqual({ replicas: 2 });
    expect(s.status).toEqual({ replicas: 0, selector: 'app=web' });
    const up = req({ verb: 'patch', group: 'apps', resource: 'deployments', namespace: 'default', name: 'web', subresource: 'scale', patchType: 'merge', body: { spec: { replicas: 5 } } });
    expect(up.code).toBe(200);
    const d = req({ verb: 'get', group: 'apps', resource: 'deployments', namespace: 'default', name: 'web' }).body as KObject;
    expect((d.spec as { replicas: number }).replicas).toBe(5);
  });

  it('binds a pod once', () => {
    const { req, get } = setup();
    req({ verb: 'create', resource: 'pods', namespace: 'default', body: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } });
    const bind = (node: string) =>
      req({ verb: 'create', resource: 'pods', namespace: 'default', name: 'p', subresource: 'binding', body: { apiVersion: 'v1', kind: 'Binding', metadata: { name: 'p' }, target: { kind: 'Node', name: node } } });
    expect(bind('node01').code).toBe(201);
    const p = get('pods', 'p').body as KObject;
    expect((p.spec as { nodeName: string }).nodeName).toBe('node01');
    expect((p.status as { conditions: { type: string; status: string }[] }).conditions[0]).toMatchObject({ type: 'PodScheduled', status: 'True' });
    const again = bind('node02');
    expect(again.code).toBe(409);
    expect((again.body as Status).message).toBe('Operation cannot be fulfilled on pods/binding "p": pod p is already assigned to node "node01"');
  });
});

describe('watch', () => {
  function collect(c: Cluster, r: Partial<ApiRequest> = {}) {
    const events: WatchEvent[] = [];
    const h = c.watch({ verb: 'watch', resource: 'configmaps', namespace: 'default', ...r }, (e) => events.push(e));
    const seen = () => events.map((e) => `${e.type} ${(e.object as KObject).metadata?.name ?? (e.object as Status).message}`);
    return { events, h, seen };
  }

  it('sends existing objects as ADDED, then changes in order', () => {
    const { c, req, create } = setup();
    c.clock.settle();
    create('configmaps', cm('one'));
    const w = collect(c);
    create('configmaps', cm('two'));
    req({ verb: 'patch', resource: 'configmaps', namespace: 'default', name: 'one', patchType: 'merge', body: { data: { z: '1' } } });
    req({ verb: 'delete', resource: 'configmaps', namespace: 'default', name: 'two' });
    expect(w.seen()).toEqual(['ADDED kube-root-ca.crt', 'ADDED one', 'ADDED two', 'MODIFIED one', 'DELETED two']);
    w.h.stop();
    create('configmaps', cm('three'));
    expect(w.events).toHaveLength(5);
  });

  it('resumes after a resourceVersion with exactly the later changes', () => {
    const { c, create, get } = setup();
    create('configmaps', cm('one'));
    const rv = (get('configmaps', 'one').body as KObject).metadata.resourceVersion!;
    create('configmaps', cm('two'));
    create('configmaps', cm('three'));
    const w = collect(c, { query: { resourceVersion: rv } });
    expect(w.seen()).toEqual(['ADDED two', 'ADDED three']);
  });

  it('answers a compacted resourceVersion with 410 Expired', () => {
    const c = new Cluster({ seed: 1, historyLimit: 5 });
    for (let i = 0; i < 20; i++) c.request({ verb: 'create', resource: 'configmaps', namespace: 'default', body: cm(`c${i}`) });
    const events: WatchEvent[] = [];
    c.watch({ verb: 'watch', resource: 'configmaps', namespace: 'default', query: { resourceVersion: '3' } }, (e) => events.push(e));
    expect(events).toHaveLength(1);
    expect(events[0].type).toBe('ERROR');
    const s = events[0].object as Status;
    expect(s.code).toBe(410);
    expect(s.reason).toBe('Expired');
    expect(s.message).toMatch(/^too old resource version: 3 \(\d+\)$/);
  });

  it('turns objects leaving or entering a label selector into DELETED and ADDED', () => {
    const { c, req, create } = setup();
    create('configmaps', cm('x', {}, { labels: { app: 'web' } }));
    const w = collect(c, { query: { labelSelector: 'app=web' } });
    req({ verb: 'patch', resource: 'configmaps', namespace: 'default', name: 'x', patchType: 'merge', body: { metadata: { labels: { app: 'db' } } } });
    req({ verb: 'patch', resource: 'configmaps', namespace: 'default', name: 'x', patchType: 'merge', body: { metadata: { labels: { app: 'web' } } } });
    expect(w.seen()).toEqual(['ADDED x', 'DELETED x', 'ADDED x']);
  });

  it('delivers in order even when a watcher writes while handling an event', () => {
    const { c, req } = setup();
    const order: string[] = [];
    c.watch({ verb: 'watch', resource: 'configmaps', namespace: 'default', query: { resourceVersion: String(c.api.store.revision) } }, (e) => {
      const o = e.object as KObject;
      order.push(`A:${e.type} ${o.metadata.name}`);
      if (o.metadata.name === 'first' && e.type === 'ADDED') req({ verb: 'create', resource: 'configmaps', namespace: 'default', body: cm('second') });
    });
    c.watch({ verb: 'watch', resource: 'configmaps', namespace: 'default', query: { resourceVersion: String(c.api.store.revision) } }, (e) =>
      order.push(`B:${e.type} ${(e.object as KObject).metadata.name}`),
    );
    req({ verb: 'create', resource: 'configmaps', namespace: 'default', body: cm('first') });
    expect(order).toEqual(['A:ADDED first', 'B:ADDED first', 'A:ADDED second', 'B:ADDED second']);
  });
});

describe('list', () => {
  it('filters by label and field selectors and reports unsupported fields like the server', () => {
    const { req, create } = setup();
    create('configmaps', cm('a', {}, { labels: { tier: 'fe' } }));
    create('configmaps', cm('b', {}, { labels: { tier: 'be' } }));
    const fe = req({ verb: 'list', resource: 'configmaps', namespace: 'default', query: { labelSelector: 'tier=fe' } }).body as KList;
    expect(fe.items.map((o) => o.metadata.name)).toEqual(['a']);
    const byName = req({ verb: 'list', resource: 'configmaps', namespace: 'default', query: { fieldSelector: 'metadata.name=b' } }).body as KList;
    expect(byName.items.map((o) => o.metadata.name)).toEqual(['b']);
    const bad = req({ verb: 'list', resource: 'pods', namespace: 'default', query: { fieldSelector: 'status.hostIP=1.2.3.4' } });
    expect(bad.code).toBe(400);
    expect((bad.body as Status).message).toBe('field label not supported: status.hostIP');
  });

  it('pages with limit and continue', () => {
    const { req, create } = setup();
    for (const n of ['a', 'b', 'c', 'd', 'e']) create('secrets', { apiVersion: 'v1', kind: 'Secret', metadata: { name: n } });
    const p1 = req({ verb: 'list', resource: 'secrets', namespace: 'default', query: { limit: 2 } }).body as KList;
    expect(p1.items.map((o) => o.metadata.name)).toEqual(['a', 'b']);
    expect(p1.metadata.remainingItemCount).toBe(3);
    const p2 = req({ verb: 'list', resource: 'secrets', namespace: 'default', query: { limit: 2, continue: p1.metadata.continue } }).body as KList;
    expect(p2.items.map((o) => o.metadata.name)).toEqual(['c', 'd']);
    const p3 = req({ verb: 'list', resource: 'secrets', namespace: 'default', query: { limit: 2, continue: p2.metadata.continue } }).body as KList;
    expect(p3.items.map((o) => o.metadata.name)).toEqual(['e']);
    expect(p3.metadata.continue).toBeUndefined();
  });

  it('returns server-side tables', () => {
    const { req, create } = setup();
    create('configmaps', cm('t'));
    const t = req({ verb: 'list', resource: 'configmaps', namespace: 'default', query: { as: 'Table' } }).body as { kind: string; columnDefinitions: { name: string }[]; rows: { cells: unknown[] }[] };
    expect(t.kind).toBe('Table');
    expect(t.columnDefinitions.map((d) => d.name)).toEqual(['Name', 'Data', 'Age']);
    expect(t.rows.map((r) => r.cells[0])).toEqual(['kube-root-ca.crt', 't']);
  });
});

describe('bad input never escapes as an exception', () => {
  const junk: unknown[] = [null, 42, 'text', [], { kind: 'Pod' }, { apiVersion: 'v1' }, { apiVersion: 'v1', kind: 'Pod', metadata: 'x' }, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 5 } }];
  for (const body of junk)
    it(`answers ${JSON.stringify(body)} with a Status`, () => {
      const { req } = setup();
      const res = req({ verb: 'create', resource: 'pods', namespace: 'default', body });
      expect(res.code).toBeGreaterThanOrEqual(400);
      expect((res.body as Status).kind).toBe('Status');
    });

  it('answers malformed requests with a Status', () => {
    const { c } = setup();
    for (const r of [{}, { verb: 'fly', resource: 'pods' }, { verb: 'get', resource: 5 }, { verb: 'list', resource: 'pods', query: 'x' }] as unknown as ApiRequest[]) {
      const res = c.request(r);
      expect(res.code).toBeGreaterThanOrEqual(400);
      expect((res.body as Status).kind).toBe('Status');
    }
  });
});
