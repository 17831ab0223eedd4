import { describe, expect, it } from 'vitest';
import { bootCluster } from '../../boot';
import type { KObject, Status } from '../types';

type C = ReturnType<typeof bootCluster>;

function setup(): C {
  const c = bootCluster();
  c.request({ verb: 'create', resource: 'namespaces', body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team' } } });
  return c;
}

function quota(c: C, name: string, hard: Record<string, string>, spec: Record<string, unknown> = {}) {
  const r = c.request({ verb: 'create', resource: 'resourcequotas', namespace: 'team', body: { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name }, spec: { hard, ...spec } } });
  expect(r.code).toBe(201);
  c.clock.advance(1000); // the controller fills status.hard/used
}

const pod = (name: string, resources?: Record<string, unknown>): KObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name },
  spec: { containers: [{ name: 'web', image: 'nginx', ...(resources ? { resources } : {}) }] },
});

const createPod = (c: C, p: KObject, query?: Record<string, string>) => c.request({ verb: 'create', resource: 'pods', namespace: 'team', body: p, query });

describe('ResourceQuota admission', () => {
  it('refuses a pod that would exceed hard, with the used and limited amounts', () => {
    const c = setup();
    quota(c, 'compute', { 'requests.cpu': '2', 'requests.memory': '1Gi' });
    for (let i = 0; i < 3; i++) expect(createPod(c, pod(`p${i}`, { requests: { cpu: '600m', memory: '100Mi' } })).code).toBe(201);
    const r = createPod(c, pod('x', { requests: { cpu: '500m', memory: '100Mi' } }));
    expect(r.code).toBe(403);
    expect((r.body as Status).message).toBe('pods "x" is forbidden: exceeded quota: compute, requested: requests.cpu=500m, used: requests.cpu=1800m, limited: requests.cpu=2');
    // admission charged each create at once, before the controller recounted
    const q = c.request({ verb: 'get', resource: 'resourcequotas', namespace: 'team', name: 'compute' }).body as KObject;
    expect((q.status as { used: Record<string, string> }).used).toEqual({ 'requests.cpu': '1800m', 'requests.memory': '300Mi' });
  });

  it('requires the constrained cpu/memory values on every container', () => {
    const c = setup();
    quota(c, 'compute', { 'limits.cpu': '2', 'requests.memory': '1Gi' });
    const r = createPod(c, pod('x', { requests: { memory: '64Mi' } }));
    expect((r.body as Status).message).toBe('pods "x" is forbidden: failed quota: compute: must specify limits.cpu for: web');
    const r2 = createPod(c, pod('y'));
    expect((r2.body as Status).message).toBe('pods "y" is forbidden: failed quota: compute: must specify limits.cpu for: web; requests.memory for: web');
  });

  it('counts objects: pods, configmaps, services and node ports, count/<resource>.<group>', () => {
    const c = setup();
    quota(c, 'objects', { pods: '1', configmaps: '2', 'services.nodeports': '1', 'count/deployments.apps': '0' });
    expect(createPod(c, pod('a')).code).toBe(201);
    expect((createPod(c, pod('b')).body as Status).message).toBe('pods "b" is forbidden: exceeded quota: objects, requested: pods=1, used: pods=1, limited: pods=1');
    // kube-root-ca.crt is already one of the two configmaps
    const cm = (n: string) => c.request({ verb: 'create', resource: 'configmaps', namespace: 'team', body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: n } } });
    expect(cm('one').code).toBe(201);
    expect((cm('two').body as Status).message).toBe('configmaps "two" is forbidden: exceeded quota: objects, requested: configmaps=1, used: configmaps=2, limited: configmaps=2');
    const svc = c.request({
      verb: 'create',
      resource: 'services',
      namespace: 'team',
      body: { apiVersion: 'v1', kind: 'Service', metadata: { name: 'np' }, spec: { type: 'NodePort', selector: { a: 'b' }, ports: [{ port: 80, name: 'http' }, { port: 443, name: 'https' }] } },
    });
    expect((svc.body as Status).message).toBe('services "np" is forbidden: exceeded quota: objects, requested: services.nodeports=2, used: services.nodeports=0, limited: services.nodeports=1');
    const dep = c.request({
      verb: 'create',
      group: 'apps',
      resource: 'deployments',
      namespace: 'team',
      body: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: { selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } } },
    });
    expect((dep.body as Status).message).toBe('deployments.apps "d" is forbidden: exceeded quota: objects, requested: count/deployments.apps=1, used: count/deployments.apps=0, limited: count/deployments.apps=0');
  });

  it('applies BestEffort and NotBestEffort scopes', () => {
    const c = setup();
    quota(c, 'besteffort', { pods: '1' }, { scopes: ['BestEffort'] });
    expect(createPod(c, pod('be1')).code).toBe(201);
    expect((createPod(c, pod('be2')).body as Status).message).toBe('pods "be2" is forbidden: exceeded quota: besteffort, requested: pods=1, used: pods=1, limited: pods=1');
    expect(createPod(c, pod('burst', { requests: { cpu: '100m' } })).code).toBe(201);
  });

  it('charges a Service turned NodePort on update, and only what it adds', () => {
    const c = setup();
    quota(c, 'svc', { 'services.nodeports': '1', services: '5' });
    const body = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { selector: { a: 'b' }, ports: [{ port: 80, name: 'http' }, { port: 443, name: 'https' }] } };
    expect(c.request({ verb: 'create', resource: 'services', namespace: 'team', body }).code).toBe(201);
    const stored = structuredClone(c.request({ verb: 'get', resource: 'services', namespace: 'team', name: 'web' }).body as KObject);
    (stored.spec as { type: string }).type = 'NodePort';
    const r = c.request({ verb: 'update', resource: 'services', namespace: 'team', name: 'web', body: stored });
    expect((r.body as Status).message).toBe('services "web" is forbidden: exceeded quota: svc, requested: services.nodeports=2, used: services.nodeports=0, limited: services.nodeports=1');
  });

  it('applies a PriorityClass scopeSelector and the Terminating scope', () => {
    const c = setup();
    c.request({ verb: 'create', group: 'scheduling.k8s.io', resource: 'priorityclasses', body: { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'high' }, value: 1000 } });
    quota(c, 'high', { pods: '1' }, { scopeSelector: { matchExpressions: [{ scopeName: 'PriorityClass', operator: 'In', values: ['high'] }] } });
    quota(c, 'short', { pods: '1' }, { scopes: ['Terminating'] });
    const high = (n: string) => ({ ...pod(n), spec: { ...(pod(n).spec as object), priorityClassName: 'high' } });
    expect(createPod(c, high('h1')).code).toBe(201);
    expect((createPod(c, high('h2')).body as Status).message).toBe('pods "h2" is forbidden: exceeded quota: high, requested: pods=1, used: pods=1, limited: pods=1');
    expect(createPod(c, pod('plain')).code).toBe(201);
    const deadline = (n: string) => ({ ...pod(n), spec: { ...(pod(n).spec as object), activeDeadlineSeconds: 60 } });
    expect(createPod(c, deadline('t1')).code).toBe(201);
    expect((createPod(c, deadline('t2')).body as Status).message).toBe('pods "t2" is forbidden: exceeded quota: short, requested: pods=1, used: pods=1, limited: pods=1');
  });

  it('does not charge a dry run', () => {
    const c = setup();
    quota(c, 'objects', { pods: '1' });
    expect(createPod(c, pod('a'), { dryRun: 'All' }).code).toBe(201);
    expect(createPod(c, pod('b')).code).toBe(201);
  });
});
