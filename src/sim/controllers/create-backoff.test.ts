/**
 * Controllers whose creates the API refuses (here a ResourceQuota) retry with back-off, so
 * their pods appear once the quota allows them, as on a real cluster.
 */
import { expect, it } from 'vitest';
import { bootCluster } from '../boot';
import type { KObject } from '../api/types';

it('a Job, a DaemonSet and a StatefulSet held back by a quota create their pods once it is raised', () => {
  const c = bootCluster({ seed: 5 });
  c.clock.advance(30_000);
  const create = (group: string, resource: string, body: object) => expect(c.request({ verb: 'create', group, version: 'v1', resource, namespace: 'q', body }).code).toBe(201);
  expect(c.request({ verb: 'create', resource: 'namespaces', body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'q' } } }).code).toBe(201);
  create('', 'resourcequotas', { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'tight' }, spec: { hard: { pods: '0' } } });
  const template = (app: string) => ({ metadata: { labels: { app } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } });
  create('batch', 'jobs', { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j' }, spec: { template: { spec: { containers: [{ name: 'c', image: 'busybox', command: ['sleep', '5'] }], restartPolicy: 'Never' } } } });
  create('apps', 'daemonsets', { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'ds' }, spec: { selector: { matchLabels: { app: 'ds' } }, template: template('ds') } });
  create('apps', 'statefulsets', { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 's' }, spec: { serviceName: 's', selector: { matchLabels: { app: 's' } }, template: template('s') } });
  c.clock.advance(20_000);
  const pods = () => (c.request({ verb: 'list', resource: 'pods', namespace: 'q' }).body as { items: KObject[] }).items.map((p) => p.metadata.name!);
  expect(pods()).toEqual([]);
  const refused = (c.request({ verb: 'list', resource: 'events', namespace: 'q' }).body as { items: { reason: string; involvedObject: { kind: string } }[] }).items.filter((e) => e.reason === 'FailedCreate');
  expect(new Set(refused.map((e) => e.involvedObject.kind))).toEqual(new Set(['Job', 'DaemonSet', 'StatefulSet']));
  expect(c.request({ verb: 'patch', resource: 'resourcequotas', namespace: 'q', name: 'tight', patchType: 'merge', body: { spec: { hard: { pods: '10' } } } }).code).toBe(200);
  c.clock.advance(90_000);
  const names = pods();
  expect(names.filter((n) => n.startsWith('j-'))).toHaveLength(1);
  expect(names.filter((n) => n.startsWith('ds-'))).toHaveLength(2);
  expect(names).toContain('s-0');
});
