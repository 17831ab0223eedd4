import { describe, expect, it } from 'vitest';
import { Cluster } from '../cluster';
import type { KObject } from '../api/types';
import { apiServerUp, installNodes } from './index';
import { installControllers } from '../controllers';
import { installScheduler } from '../scheduler';
import { harnessFor } from './testing';

function cluster() {
  const c = new Cluster({ seed: 5 });
  installNodes(c);
  installControllers(c);
  installScheduler(c);
  c.clock.advance(60_000);
  return harnessFor(c);
}

function ready(h: ReturnType<typeof cluster>, node: string): string | undefined {
  const n = h.c.request({ verb: 'get', resource: 'nodes', name: node }).body as KObject;
  return ((n.status as any).conditions as any[]).find((c) => c.type === 'Ready')?.status;
}

describe('kubelets with the real controllers, scheduler and add-ons', () => {
  it('the add-ons run; a Deployment behind a Service answers through CoreDNS and the EndpointSlice controller', () => {
    const h = cluster();
    const sys = (h.c.request({ verb: 'list', resource: 'pods', namespace: 'kube-system' }).body as { items: KObject[] }).items;
    expect(sys.every((p) => (p.status as any).phase === 'Running')).toBe(true);
    expect(sys.filter((p) => p.metadata.name!.startsWith('kube-proxy-'))).toHaveLength(3);
    h.create('deployments', { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'hello' }, spec: { replicas: 2, selector: { matchLabels: { app: 'hello' } }, template: { metadata: { labels: { app: 'hello' } }, spec: { containers: [{ name: 'hello', image: 'gcr.io/google-samples/hello-app:2.0', ports: [{ containerPort: 8080 }] }] } } } }, 'default', 'apps');
    h.create('services', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'hello' }, spec: { selector: { app: 'hello' }, ports: [{ port: 80, targetPort: 8080 }] } });
    h.create('pods', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'client' }, spec: { containers: [{ name: 'c', image: 'busybox:1.36', command: ['sleep', '3600'] }] } });
    h.advance(60_000);
    const out = h.exec('client', ['wget', '-qO-', 'http://hello']).body;
    expect(out.stdout).toMatch(/^Hello, world!\nVersion: 2\.0\.0\nHostname: hello-[a-z0-9]+-[a-z0-9]{5}\n$/);
    expect(h.exec('client', ['nslookup', 'kubernetes.default']).body.stdout).toContain('Name:\tkubernetes.default.svc.cluster.local\nAddress: 10.96.0.1\n');
    // CoreDNS scaled to zero: names stop resolving
    const d = structuredClone(h.c.request({ verb: 'get', group: 'apps', resource: 'deployments', namespace: 'kube-system', name: 'coredns' }).body as any);
    d.spec.replicas = 0;
    h.c.request({ verb: 'update', group: 'apps', resource: 'deployments', namespace: 'kube-system', name: 'coredns', body: d });
    h.advance(60_000);
    expect(h.exec('client', ['nslookup', 'hello']).body.stdout).toBe(';; connection timed out; no servers could be reached\n\n');
  });

  it('systemctl stop kubelet: the node goes NotReady via its Lease; start brings it back', () => {
    const h = cluster();
    expect(ready(h, 'node02')).toBe('True');
    h.c.node('node02')!.systemctl(['stop', 'kubelet']);
    h.advance(30_000);
    expect(ready(h, 'node02')).toBe('True');
    h.advance(30_000);
    expect(ready(h, 'node02')).toBe('Unknown');
    h.c.node('node02')!.systemctl(['start', 'kubelet']);
    h.advance(10_000);
    expect(ready(h, 'node02')).toBe('True');
  });
});

describe('control-plane failures the kubeadm way', () => {
  it('without the kube-controller-manager pod, a Deployment gets no ReplicaSet; with it back, it does', () => {
    const h = cluster();
    const cp = h.c.node('controlplane')!;
    const kcm = cp.readFile('/etc/kubernetes/manifests/kube-controller-manager.yaml')!;
    cp.remove('/etc/kubernetes/manifests/kube-controller-manager.yaml');
    h.advance(2_000);
    h.create('deployments', { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { replicas: 1, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] } } } }, 'default', 'apps');
    h.advance(30_000);
    const rs = () => (h.c.request({ verb: 'list', group: 'apps', resource: 'replicasets', namespace: 'default' }).body as { items: unknown[] }).items.length;
    expect(rs()).toBe(0);
    cp.writeFile('/etc/kubernetes/manifests/kube-controller-manager.yaml', kcm);
    h.advance(30_000);
    expect(rs()).toBe(1);
  });

  it('a kube-apiserver manifest with a wrong certificate path crash-loops and the API counts as down', () => {
    const h = cluster();
    expect(apiServerUp(h.c)).toBe(true);
    const cp = h.c.node('controlplane')!;
    const text = cp.readFile('/etc/kubernetes/manifests/kube-apiserver.yaml')!;
    cp.writeFile('/etc/kubernetes/manifests/kube-apiserver.yaml', text.replace('--tls-cert-file=/etc/kubernetes/pki/apiserver.crt', '--tls-cert-file=/etc/kubernetes/pki/apiserver-wrong.crt'));
    h.advance(30_000);
    expect(apiServerUp(h.c)).toBe(false);
    const crictl = cp.crictl(['ps', '-a']).stdout;
    expect(crictl).toMatch(/Exited\s+kube-apiserver/);
    const id = crictl.split('\n').find((l) => /Exited\s+kube-apiserver/.test(l))!.split(/\s+/)[0];
    expect(cp.crictl(['logs', id]).stderr).toContain('"command failed" err="open /etc/kubernetes/pki/apiserver-wrong.crt: no such file or directory"');
    cp.writeFile('/etc/kubernetes/manifests/kube-apiserver.yaml', text);
    h.advance(30_000);
    expect(apiServerUp(h.c)).toBe(true);
  });

  it('a kube-apiserver pointed at the wrong etcd port gives up after 20s', () => {
    const h = cluster();
    const cp = h.c.node('controlplane')!;
    const text = cp.readFile('/etc/kubernetes/manifests/kube-apiserver.yaml')!;
    cp.writeFile('/etc/kubernetes/manifests/kube-apiserver.yaml', text.replace('--etcd-servers=https://127.0.0.1:2379', '--etcd-servers=https://127.0.0.1:2380'));
    h.advance(45_000);
    expect(apiServerUp(h.c)).toBe(false);
    const id = cp.crictl(['ps', '-a']).stdout.split('\n').find((l) => /kube-apiserver/.test(l))!.split(/\s+/)[0];
    expect(cp.crictl(['logs', id]).stderr).toContain('"command failed" err="context deadline exceeded"');
  });
});
