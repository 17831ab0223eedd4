import { describe, expect, it } from 'vitest';
import { bootCluster, restoreCluster } from '../boot';
import type { KObject } from '../api/types';
import type { Table } from '../api/tables/types';

type C = ReturnType<typeof bootCluster>;

function setup(): C {
  const c = bootCluster();
  c.request({ verb: 'create', resource: 'namespaces', body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team' } } });
  return c;
}

const status = (c: C, name = 'compute') => (c.request({ verb: 'get', resource: 'resourcequotas', namespace: 'team', name }).body as KObject).status as { hard?: Record<string, string>; used?: Record<string, string> };

const pod = (name: string, cpu: string, memory: string): KObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name },
  spec: { containers: [{ name: 'web', image: 'nginx', resources: { requests: { cpu, memory }, limits: { cpu, memory } } }] },
});

describe('resourcequota controller', () => {
  it('fills status.hard (canonical) and status.used from what already exists', () => {
    const c = setup();
    c.request({ verb: 'create', resource: 'pods', namespace: 'team', body: pod('a', '0.1', '64Mi') });
    c.request({
      verb: 'create',
      resource: 'resourcequotas',
      namespace: 'team',
      body: { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'compute' }, spec: { hard: { pods: '10', 'requests.cpu': '2000m', 'limits.memory': '1Gi', configmaps: '5' } } },
    });
    expect(status(c)).toBeUndefined();
    c.clock.advance(100);
    expect(status(c)).toEqual({
      hard: { configmaps: '5', 'limits.memory': '1Gi', pods: '10', 'requests.cpu': '2' },
      used: { configmaps: '1', 'limits.memory': '64Mi', pods: '1', 'requests.cpu': '100m' },
    });
    const table = c.request({ verb: 'list', resource: 'resourcequotas', namespace: 'team', query: { as: 'Table' } }).body as Table;
    expect(table.rows[0].cells.slice(2)).toEqual(['configmaps: 1/5, pods: 1/10, requests.cpu: 100m/2', 'limits.memory: 64Mi/1Gi']);
  });

  it('follows pods as they come, finish and go', () => {
    const c = setup();
    c.request({ verb: 'create', resource: 'resourcequotas', namespace: 'team', body: { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'compute' }, spec: { hard: { pods: '10', 'requests.memory': '1Gi' } } } });
    c.clock.advance(100);
    expect(status(c).used).toEqual({ pods: '0', 'requests.memory': '0' });
    c.request({ verb: 'create', resource: 'pods', namespace: 'team', body: pod('a', '100m', '64Mi') });
    const done = pod('b', '100m', '64Mi');
    Object.assign(done.spec as object, { restartPolicy: 'Never' });
    Object.assign((done.spec as { containers: object[] }).containers[0], { image: 'busybox', command: ['sh', '-c', 'exit 0'] });
    c.request({ verb: 'create', resource: 'pods', namespace: 'team', body: done });
    expect(status(c).used).toEqual({ pods: '2', 'requests.memory': '128Mi' });
    // the pod that ends stops counting, without being deleted
    c.clock.advance(60_000);
    expect((c.request({ verb: 'get', resource: 'pods', namespace: 'team', name: 'b' }).body as { status: { phase: string } }).status.phase).toBe('Succeeded');
    expect(status(c).used).toEqual({ pods: '1', 'requests.memory': '64Mi' });
    c.request({ verb: 'delete', resource: 'pods', namespace: 'team', name: 'a' });
    c.clock.advance(60_000);
    expect(c.request({ verb: 'get', resource: 'pods', namespace: 'team', name: 'a' }).code).toBe(404);
    expect(status(c).used).toEqual({ pods: '0', 'requests.memory': '0' });
  });

  it('recounts after a restore and when spec.hard changes', () => {
    const c = setup();
    c.request({ verb: 'create', resource: 'resourcequotas', namespace: 'team', body: { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'compute' }, spec: { hard: { pods: '10' } } } });
    c.clock.advance(100);
    const r = restoreCluster(c.snapshot());
    r.request({ verb: 'create', resource: 'pods', namespace: 'team', body: pod('a', '100m', '64Mi') });
    const q = structuredClone(r.request({ verb: 'get', resource: 'resourcequotas', namespace: 'team', name: 'compute' }).body as KObject);
    (q.spec as { hard: Record<string, string> }).hard['limits.cpu'] = '4';
    expect(r.request({ verb: 'update', resource: 'resourcequotas', namespace: 'team', name: 'compute', body: q }).code).toBe(200);
    r.clock.advance(100);
    expect(status(r)).toEqual({ hard: { 'limits.cpu': '4', pods: '10' }, used: { 'limits.cpu': '100m', pods: '1' } });
  });

  it('counts only its namespace, and count/<resource>.<group> objects as they come and go', () => {
    const c = setup();
    c.request({ verb: 'create', resource: 'pods', namespace: 'default', body: pod('elsewhere', '100m', '64Mi') });
    c.request({ verb: 'create', resource: 'resourcequotas', namespace: 'team', body: { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'compute' }, spec: { hard: { pods: '10', 'count/deployments.apps': '2', 'count/replicasets.apps': '5' } } } });
    c.clock.advance(100);
    expect(status(c).used).toEqual({ 'count/deployments.apps': '0', 'count/replicasets.apps': '0', pods: '0' });
    const dep = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: { replicas: 2, selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } } };
    expect(c.request({ verb: 'create', group: 'apps', resource: 'deployments', namespace: 'team', body: dep }).code).toBe(201);
    c.clock.advance(5_000);
    expect(status(c).used).toEqual({ 'count/deployments.apps': '1', 'count/replicasets.apps': '1', pods: '2' });
    c.request({ verb: 'delete', group: 'apps', resource: 'deployments', namespace: 'team', name: 'd' });
    c.clock.advance(60_000);
    expect(status(c).used).toEqual({ 'count/deployments.apps': '0', 'count/replicasets.apps': '0', pods: '0' });
  });

  it('a ReplicaSet held back by the quota reports FailedCreate with the admission message', () => {
    const c = setup();
    c.request({ verb: 'create', resource: 'resourcequotas', namespace: 'team', body: { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'pods' }, spec: { hard: { pods: '1' } } } });
    c.clock.advance(100);
    const dep = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { replicas: 2, selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } } };
    c.request({ verb: 'create', group: 'apps', resource: 'deployments', namespace: 'team', body: dep });
    c.clock.advance(5_000);
    expect(c.request({ verb: 'list', resource: 'pods', namespace: 'team' }).body).toMatchObject({ items: [{}] });
    const events = (c.request({ verb: 'list', resource: 'events', namespace: 'team' }).body as { items: { reason: string; message: string }[] }).items;
    const failed = events.find((e) => e.reason === 'FailedCreate');
    expect(failed?.message).toMatch(/^Error creating: pods "web-[a-z0-9]+-[a-z0-9]{5}" is forbidden: exceeded quota: pods, requested: pods=1, used: pods=1, limited: pods=1$/);
  });

  it('does no work for namespaces without a quota', () => {
    const c = setup();
    const before = c.activity.records.filter((x) => x.controller === 'resourcequota-controller').length;
    for (let i = 0; i < 5; i++) c.request({ verb: 'create', resource: 'pods', namespace: 'team', body: pod(`p${i}`, '100m', '64Mi') });
    c.clock.advance(30_000);
    expect(c.activity.records.filter((x) => x.controller === 'resourcequota-controller').length).toBe(before);
    expect(c.controllers.get('resourcequota-controller')).toBeDefined();
  });
});
