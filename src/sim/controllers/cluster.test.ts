import { describe, expect, it } from 'vitest';
import { harness, condition, type Harness } from '../testing/harness';
import { FakeKubelet } from '../testing/fake-kubelet';
import { installControllers } from './index';
import { installScheduler } from '../scheduler';
import { Cluster } from '../cluster';
import type { KObject } from '../api/types';

function boot(): Harness {
  const h = harness();
  installControllers(h.c);
  installScheduler(h.c);
  h.advance(10_000);
  return h;
}

const nodeOf = (p: KObject) => (p.spec as { nodeName?: string }).nodeName;

describe('a booted cluster', () => {
  it('has the kubeadm add-ons: CoreDNS, kube-proxy on every node, kube-dns and kubernetes Services, a default StorageClass', () => {
    const h = boot();
    const dns = h.list('pods', 'kube-system', 'k8s-app=kube-dns');
    expect(dns).toHaveLength(2);
    expect(dns.every((p) => (p.status as { phase: string }).phase === 'Running')).toBe(true);
    expect(dns.every((p) => (p.spec as { priority: number }).priority === 2000000000)).toBe(true);
    expect(h.list('pods', 'kube-system', 'k8s-app=kube-proxy').map(nodeOf).sort()).toEqual(['controlplane', 'node01', 'node02']);
    expect((h.get('services', 'kube-dns', 'kube-system')!.spec as { clusterIP: string }).clusterIP).toBe('10.96.0.10');
    expect((h.get('services', 'kubernetes')!.spec as { clusterIP: string }).clusterIP).toBe('10.96.0.1');
    expect(h.get('endpoints', 'kubernetes')!.subsets).toEqual([{ addresses: [{ ip: '192.168.1.10' }], ports: [{ name: 'https', port: 6443, protocol: 'TCP' }] }]);
    const dnsEp = h.get('endpoints', 'kube-dns', 'kube-system')!.subsets as { addresses: unknown[]; ports: { name: string; port: number; protocol: string }[] }[];
    expect(dnsEp[0].addresses).toHaveLength(2);
    expect(dnsEp[0].ports.map((p) => `${p.name}/${p.port}/${p.protocol}`).sort()).toEqual(['dns-tcp/53/TCP', 'dns/53/UDP', 'metrics/9153/TCP']);
    const sc = h.req({ verb: 'get', group: 'storage.k8s.io', resource: 'storageclasses', name: 'standard' }).body as KObject;
    expect(sc.metadata.annotations).toEqual({ 'storageclass.kubernetes.io/is-default-class': 'true' });
    expect(condition(h.get('deployments.apps', 'coredns', 'kube-system'), 'Available')?.status).toBe('True');
  });

  it('runs a StatefulSet in order with PVCs bound by the local-path provisioner', () => {
    const h = boot();
    h.create({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'nginx' }, spec: { clusterIP: 'None', selector: { app: 'nginx' }, ports: [{ port: 80, name: 'web' }] } });
    h.create({
      apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'web' },
      spec: {
        serviceName: 'nginx', replicas: 2, selector: { matchLabels: { app: 'nginx' } },
        template: { metadata: { labels: { app: 'nginx' } }, spec: { containers: [{ name: 'nginx', image: 'registry.k8s.io/nginx-slim:0.24', volumeMounts: [{ name: 'www', mountPath: '/usr/share/nginx/html' }] }] } },
        volumeClaimTemplates: [{ metadata: { name: 'www' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
      },
    });
    h.advance(300);
    expect(h.list('pods', 'default').map((p) => p.metadata.name)).toEqual(['web-0']);
    h.advance(10_000);
    const pods = h.list('pods', 'default');
    expect(pods.map((p) => p.metadata.name)).toEqual(['web-0', 'web-1']);
    expect((pods[0].spec as { hostname: string; subdomain: string })).toMatchObject({ hostname: 'web-0', subdomain: 'nginx' });
    expect(pods[1].metadata.labels).toMatchObject({ 'statefulset.kubernetes.io/pod-name': 'web-1', 'apps.kubernetes.io/pod-index': '1', 'controller-revision-hash': expect.stringMatching(/^web-/) });
    const pvc = h.get('persistentvolumeclaims', 'www-web-0')!;
    expect((pvc.status as { phase: string }).phase).toBe('Bound');
    expect((pvc.spec as { storageClassName: string; volumeName: string })).toMatchObject({ storageClassName: 'standard', volumeName: `pvc-${pvc.metadata.uid}` });
    expect(pvc.metadata.annotations?.['volume.kubernetes.io/selected-node']).toBe(nodeOf(pods[0]));
    expect(h.events({ kind: 'StatefulSet' })).toEqual([
      'Normal SuccessfulCreate create Claim www-web-0 Pod web-0 in StatefulSet web success (statefulset-controller)',
      'Normal SuccessfulCreate create Pod web-0 in StatefulSet web successful (statefulset-controller)',
      'Normal SuccessfulCreate create Claim www-web-1 Pod web-1 in StatefulSet web success (statefulset-controller)',
      'Normal SuccessfulCreate create Pod web-1 in StatefulSet web successful (statefulset-controller)',
    ]);
    expect(h.get('statefulsets.apps', 'web')!.status).toMatchObject({ replicas: 2, readyReplicas: 2, currentReplicas: 2, updatedReplicas: 2, availableReplicas: 2 });
    // rolling update: reverse ordinal order
    const deleted: string[] = [];
    h.c.watch({ verb: 'watch', resource: 'pods', namespace: 'default' }, (e) => {
      const p = e.object as KObject;
      if (e.type === 'MODIFIED' && p.metadata.deletionTimestamp && !deleted.includes(p.metadata.name!)) deleted.push(p.metadata.name!);
    });
    h.req({ verb: 'patch', group: 'apps', resource: 'statefulsets', namespace: 'default', name: 'web', patchType: 'strategic', body: { spec: { template: { spec: { containers: [{ name: 'nginx', image: 'registry.k8s.io/nginx-slim:0.27' }] } } } } });
    h.advance(30_000);
    expect(deleted).toEqual(['web-1', 'web-0']);
    const st = h.get('statefulsets.apps', 'web')!.status as { currentRevision: string; updateRevision: string };
    expect(st.currentRevision).toBe(st.updateRevision);
  });

  it('drains a node: cordon taints it, evicted pods come back elsewhere', () => {
    const h = boot();
    h.create({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { replicas: 4, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] } } } });
    h.advance(10_000);
    expect(h.list('pods', 'default').filter((p) => nodeOf(p) === 'node01').length).toBeGreaterThan(0);
    h.req({ verb: 'patch', resource: 'nodes', name: 'node01', patchType: 'strategic', body: { spec: { unschedulable: true } } });
    h.advance(100);
    expect((h.get('nodes', 'node01', undefined)!.spec as { taints: unknown[] }).taints).toEqual([{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }]);
    for (const p of h.list('pods', 'default').filter((p) => nodeOf(p) === 'node01'))
      expect(h.req({ verb: 'create', resource: 'pods', subresource: 'eviction', namespace: 'default', name: p.metadata.name, body: { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: p.metadata.name, namespace: 'default' } } }).code).toBe(201);
    h.advance(30_000);
    const pods = h.list('pods', 'default');
    expect(pods).toHaveLength(4);
    expect(pods.every((p) => nodeOf(p) === 'node02' && (p.status as { phase: string }).phase === 'Running')).toBe(true);
    h.req({ verb: 'patch', resource: 'nodes', name: 'node01', patchType: 'strategic', body: { spec: { unschedulable: null } } });
    h.advance(100);
    expect((h.get('nodes', 'node01', undefined)!.spec as { taints?: unknown[] }).taints).toBeUndefined();
  });

  it('a node that stops heartbeating turns Unknown after 40s, is tainted, and its pods are evicted after 300s', () => {
    const h = boot();
    h.create({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] } } } });
    h.advance(10_000);
    const victim = h.list('pods', 'default').find((p) => nodeOf(p) === 'node02')!;
    expect((victim.spec as { tolerations: unknown[] }).tolerations).toContainEqual({ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 });
    h.kubelet!.stopped.add('node02');
    h.advance(35_000);
    expect(condition(h.get('nodes', 'node02', undefined), 'Ready')?.status).toBe('True');
    h.advance(20_000);
    const node = h.get('nodes', 'node02', undefined)!;
    expect(condition(node, 'Ready')).toMatchObject({ status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.' });
    expect(((node.spec as { taints: { key: string; effect: string }[] }).taints).map((t) => `${t.key}:${t.effect}`)).toEqual(['node.kubernetes.io/unreachable:NoSchedule', 'node.kubernetes.io/unreachable:NoExecute']);
    expect(h.events({ kind: 'Node', name: 'node02' })).toContain('Normal NodeNotReady Node node02 status is now: NodeNotReady (node-controller)');
    expect(h.events({ name: victim.metadata.name })).toContain('Warning NodeNotReady Node is not ready (node-controller)');
    h.advance(250_000);
    expect(h.events({ name: victim.metadata.name, reason: 'TaintManagerEviction' })).toEqual([]);
    h.advance(60_000);
    expect(h.events({ name: victim.metadata.name, reason: 'TaintManagerEviction' })).toEqual([`Normal TaintManagerEviction Marking for deletion Pod default/${victim.metadata.name} (taint-eviction-controller)`]);
    // the pod stays Terminating (no kubelet to confirm) and a replacement runs elsewhere
    expect(h.get('pods', victim.metadata.name!)!.metadata.deletionTimestamp).toBeDefined();
    h.advance(10_000);
    expect(h.list('pods', 'default').filter((p) => !p.metadata.deletionTimestamp && (p.status as { phase: string }).phase === 'Running')).toHaveLength(2);
  });

  it('carries on after snapshot and restore', () => {
    const h = boot();
    h.create({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] } } } });
    h.advance(10_000);
    const c2 = Cluster.restore(h.c.snapshot());
    new FakeKubelet(c2);
    installControllers(c2);
    installScheduler(c2);
    c2.request({ verb: 'patch', group: 'apps', resource: 'deployments', namespace: 'default', name: 'web', patchType: 'merge', body: { spec: { replicas: 3 } } });
    c2.clock.advance(10_000);
    const d = c2.request({ verb: 'get', group: 'apps', resource: 'deployments', namespace: 'default', name: 'web' }).body as KObject;
    expect(d.status).toMatchObject({ replicas: 3, readyReplicas: 3, availableReplicas: 3 });
  });
});

describe('pod garbage collector', () => {
  it('deletes a pod bound to a node that does not exist after the 40 s quarantine', () => {
    const h = boot();
    h.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'typo' }, spec: { nodeName: 'node03', containers: [{ name: 'c', image: 'nginx:1.27' }] } });
    h.advance(39_000);
    expect((h.get('pods', 'typo')!.status as { phase: string }).phase).toBe('Pending');
    h.advance(2_000);
    expect(h.get('pods', 'typo')).toBeUndefined();
  });
});
