import { describe, expect, it } from 'vitest';
import { bootCluster } from '../boot';
import type { KList, KObject } from '../api/types';
import type { Cluster } from '../cluster';

const list = (c: Cluster, resource: string, namespace?: string, group = '', labelSelector?: string) =>
  (c.request({ verb: 'list', group, resource, namespace, query: labelSelector ? { labelSelector } : {} }).body as KList).items;
const events = (c: Cluster, name: string) =>
  list(c, 'events', 'default').filter((e) => (e.involvedObject as { name: string }).name === name).map((e) => `${e.type} ${e.reason} ${e.message} (${(e.source as { component: string }).component})`);
const phase = (p: KObject) => (p.status as { phase?: string }).phase;

describe('controllers and scheduler on the real boot (kubelets, static pods)', () => {
  it('brings up CoreDNS and kube-proxy, rolls a Deployment, and explains a pod no node fits', () => {
    const c = bootCluster({ seed: 3 });
    c.clock.advance(60_000);
    const sys = list(c, 'pods', 'kube-system');
    expect(sys.filter((p) => p.metadata.labels?.['k8s-app'] === 'kube-dns').map(phase)).toEqual(['Running', 'Running']);
    expect(sys.filter((p) => p.metadata.labels?.['k8s-app'] === 'kube-proxy')).toHaveLength(3);
    c.request({ verb: 'create', group: 'apps', resource: 'deployments', namespace: 'default', body: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.26' }] } } } } });
    c.clock.advance(60_000);
    let d = c.request({ verb: 'get', group: 'apps', resource: 'deployments', namespace: 'default', name: 'web' }).body as KObject;
    expect(d.status).toMatchObject({ replicas: 3, readyReplicas: 3, availableReplicas: 3, updatedReplicas: 3 });
    c.request({ verb: 'patch', group: 'apps', resource: 'deployments', namespace: 'default', name: 'web', patchType: 'strategic', body: { spec: { template: { spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] } } } } });
    c.clock.advance(120_000);
    d = c.request({ verb: 'get', group: 'apps', resource: 'deployments', namespace: 'default', name: 'web' }).body as KObject;
    expect(d.status).toMatchObject({ replicas: 3, readyReplicas: 3, availableReplicas: 3, updatedReplicas: 3 });
    expect(list(c, 'pods', 'default').every((p) => ((p.spec as { containers: { image: string }[] }).containers[0].image === 'nginx:1.27'))).toBe(true);
    c.request({ verb: 'create', resource: 'pods', namespace: 'default', body: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'huge' }, spec: { containers: [{ name: 'c', image: 'nginx:1.27', resources: { requests: { cpu: '64' } } }] } } });
    c.clock.advance(1000);
    expect(events(c, 'huge')[0]).toBe(
      'Warning FailedScheduling 0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod. (default-scheduler)',
    );
  });
});
