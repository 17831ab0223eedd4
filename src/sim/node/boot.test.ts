import { expect, it } from 'vitest';
import { bootCluster, restoreCluster } from '../boot';
import type { KObject } from '../api/types';
import { harnessFor } from './testing';

function pods(c: ReturnType<typeof bootCluster>, ns = 'default'): KObject[] {
  return (c.request({ verb: 'list', resource: 'pods', namespace: ns }).body as { items: KObject[] }).items;
}

it('a booted cluster runs a Deployment, rolls it, and carries on after a restore', () => {
  const c = bootCluster();
  c.clock.advance(30_000);
  expect(pods(c, 'kube-system').map((p) => `${p.metadata.name} ${(p.status as any).phase}`)).toEqual(
    expect.arrayContaining(['etcd-controlplane Running', 'kube-apiserver-controlplane Running', 'kube-controller-manager-controlplane Running', 'kube-scheduler-controlplane Running']),
  );
  const h = harnessFor(c);
  h.create('deployments', { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] } } } }, 'default', 'apps');
  c.clock.advance(60_000);
  let list = pods(c);
  expect(list).toHaveLength(3);
  expect(list.every((p) => (p.status as any).phase === 'Running' && (p.spec as any).nodeName !== 'controlplane')).toBe(true);
  const d = structuredClone(c.request({ verb: 'get', group: 'apps', resource: 'deployments', namespace: 'default', name: 'web' }).body as any);
  d.spec.template.spec.containers[0].image = 'nginx:1.26';
  c.request({ verb: 'update', group: 'apps', resource: 'deployments', namespace: 'default', name: 'web', body: d });
  c.clock.advance(120_000);
  list = pods(c);
  expect(list.map((p) => (p.spec as any).containers[0].image)).toEqual(['nginx:1.26', 'nginx:1.26', 'nginx:1.26']);
  expect(list.every((p) => (p.status as any).containerStatuses[0].ready)).toBe(true);

  const c2 = restoreCluster(c.snapshot());
  c2.clock.advance(30_000);
  const after = pods(c2);
  expect(after.map((p) => p.metadata.name).sort()).toEqual(list.map((p) => p.metadata.name).sort());
  expect(after.every((p) => (p.status as any).phase === 'Running')).toBe(true);
  // scaling up after the restore starts new pods on the restored kubelets
  const s = structuredClone(c2.request({ verb: 'get', group: 'apps', resource: 'deployments', namespace: 'default', name: 'web' }).body as any);
  s.spec.replicas = 5;
  c2.request({ verb: 'update', group: 'apps', resource: 'deployments', namespace: 'default', name: 'web', body: s });
  c2.clock.advance(30_000);
  const five = pods(c2);
  expect(five).toHaveLength(5);
  expect(new Set(five.map((p) => (p.status as any).podIP)).size).toBe(5);
  expect(five.every((p) => (p.status as any).phase === 'Running')).toBe(true);
});

it('a restore keeps every pod as it was: the mirror pods of static pods are adopted, not recreated', () => {
  const c = bootCluster({ seed: 3 });
  c.clock.advance(120_000);
  const view = (x: ReturnType<typeof bootCluster>) =>
    pods(x, 'kube-system').map((p) => `${p.metadata.name} ${p.metadata.uid} ${p.metadata.creationTimestamp} ${(p.status as any).phase} ${(p.status as any).containerStatuses?.[0]?.restartCount}`);
  const restored = restoreCluster(JSON.parse(JSON.stringify(c.snapshot())));
  for (const x of [c, restored]) x.clock.advance(30_000);
  expect(view(restored)).toEqual(view(c));
});
