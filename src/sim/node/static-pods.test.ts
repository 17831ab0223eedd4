import { describe, expect, it } from 'vitest';
import type { KObject } from '../api/types';
import { nodeHarness } from './testing';

const STATIC_WEB = `apiVersion: v1
kind: Pod
metadata:
  name: static-web
  labels:
    role: myrole
spec:
  containers:
    - name: web
      image: nginx
      ports:
        - name: web
          containerPort: 80
          protocol: TCP
`;

describe('static pods', () => {
  it('the control plane runs as mirror pods on controlplane', () => {
    const h = nodeHarness({ settle: 60_000 });
    for (const name of ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler']) {
      const p = h.pod(`${name}-controlplane`, 'kube-system')!;
      expect(p, name).toBeDefined();
      expect(p.metadata.annotations?.['kubernetes.io/config.source']).toBe('file');
      expect(p.metadata.annotations?.['kubernetes.io/config.mirror']).toMatch(/^[0-9a-f]{16}$/);
      expect(p.metadata.ownerReferences?.[0]).toMatchObject({ apiVersion: 'v1', kind: 'Node', name: 'controlplane', controller: true });
      const st = p.status as any;
      expect(st.phase, name).toBe('Running');
      expect(st.podIP).toBe('172.18.0.2');
      expect(st.containerStatuses[0].ready, name).toBe(true);
    }
    expect(h.logs('kube-apiserver-controlplane', {}, 'kube-system').body).toContain('Serving securely on [::]:6443');
    expect(h.c.node('controlplane')!.list('/etc/kubernetes/manifests')).toEqual(['etcd.yaml', 'kube-apiserver.yaml', 'kube-controller-manager.yaml', 'kube-scheduler.yaml']);
  });

  it('a manifest file becomes <name>-<node>; deleting the mirror brings it back; removing the file stops it', () => {
    const h = nodeHarness();
    const host = h.c.node('node01')!;
    host.writeFile('/etc/kubernetes/manifests/static-web.yaml', STATIC_WEB);
    h.advance(20_000);
    const p = h.pod('static-web-node01')!;
    expect(p).toBeDefined();
    expect((p.status as any).phase).toBe('Running');
    expect((p.spec as any).nodeName).toBe('node01');
    const uid = p.metadata.uid;
    const del = h.c.request({ verb: 'delete', resource: 'pods', namespace: 'default', name: 'static-web-node01' });
    expect(del.code).toBeLessThan(300);
    h.advance(2_000);
    const again = h.pod('static-web-node01')!;
    expect(again).toBeDefined();
    expect(again.metadata.uid).not.toBe(uid);
    expect((again.status as any).phase).toBe('Running');
    // editing the file replaces the pod
    host.writeFile('/etc/kubernetes/manifests/static-web.yaml', STATIC_WEB.replace('image: nginx', 'image: httpd:2.4'));
    h.advance(20_000);
    const edited = h.pod('static-web-node01')!;
    expect((edited.spec as any).containers[0].image).toBe('httpd:2.4');
    expect((edited.status as any).phase).toBe('Running');
    host.remove('/etc/kubernetes/manifests/static-web.yaml');
    h.advance(2_000);
    expect(h.pod('static-web-node01')).toBeUndefined();
  });

  it('moving kube-scheduler.yaml away stops scheduling; moving it back starts it', () => {
    const h = nodeHarness({ settle: 30_000 });
    const host = h.c.node('controlplane')!;
    const text = host.readFile('/etc/kubernetes/manifests/kube-scheduler.yaml')!;
    host.writeFile('/tmp/kube-scheduler.yaml', text);
    host.remove('/etc/kubernetes/manifests/kube-scheduler.yaml');
    h.advance(2_000);
    expect(h.pod('kube-scheduler-controlplane', 'kube-system')).toBeUndefined();
    host.writeFile('/etc/kubernetes/manifests/kube-scheduler.yaml', text);
    h.advance(30_000);
    expect((h.pod('kube-scheduler-controlplane', 'kube-system')!.status as any).phase).toBe('Running');
  });
});

describe('systemctl and crictl on a node', () => {
  it('systemctl stop kubelet stops lease renewal and pod sync; start resumes', () => {
    const h = nodeHarness();
    const host = h.c.node('node01')!;
    const lease = () => ((h.c.request({ verb: 'get', group: 'coordination.k8s.io', resource: 'leases', namespace: 'kube-node-lease', name: 'node01' }).body as KObject).spec as any).renewTime;
    h.advance(10_000);
    const t1 = lease();
    expect(t1).toMatch(/^2025-01-01T00:00:\d\d\.000000Z$/);
    expect(host.systemctl(['stop', 'kubelet'])).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(host.systemctl(['status', 'kubelet']).stdout).toContain('Active: inactive (dead)');
    h.run({ metadata: { name: 'waits' }, spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] } });
    h.advance(60_000);
    expect(lease()).toBe(t1);
    expect(h.status('waits').phase).toBe('Pending');
    expect(h.status('waits').containerStatuses).toBeUndefined();
    host.systemctl(['start', 'kubelet']);
    h.advance(20_000);
    expect(lease()).not.toBe(t1);
    expect(h.status('waits').phase).toBe('Running');
    expect(host.systemctl(['status', 'kubelet']).stdout).toContain('Active: active (running)');
    expect(host.systemctl(['restart', 'nope'])).toEqual({ code: 5, stdout: '', stderr: 'Failed to restart nope.service: Unit nope.service not found.\n' });
  });

  it('crictl ps, pods and images list what runs on the node', () => {
    const h = nodeHarness();
    h.run({ metadata: { name: 'web' }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } });
    h.advance(20_000);
    const host = h.c.node('node01')!;
    const ps = host.crictl(['ps']).stdout.split('\n');
    expect(ps[0]).toMatch(/^CONTAINER\s+IMAGE\s+CREATED\s+STATE\s+NAME\s+ATTEMPT\s+POD ID\s+POD$/);
    expect(ps[1]).toMatch(/^[0-9a-f]{13}\s+[0-9a-f]{13}\s+\d+ seconds ago\s+Running\s+web\s+0\s+[0-9a-f]{13}\s+web$/);
    expect(host.crictl(['images']).stdout).toContain('docker.io/library/nginx');
    expect(host.crictl(['pods']).stdout).toContain('web');
    const id = ps[1].split(/\s+/)[0];
    expect(host.crictl(['logs', id]).stdout).toContain('Configuration complete; ready for start up');
  });
});

describe('kubelet restart', () => {
  it('pods deleted while the kubelet was down are cleaned up when it starts; Terminating pods wait for it', () => {
    const h = nodeHarness();
    h.run({ metadata: { name: 'gone' }, spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] } });
    h.run({ metadata: { name: 'graceful' }, spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] } });
    h.advance(20_000);
    const host = h.c.node('node01')!;
    host.systemctl(['stop', 'kubelet']);
    h.c.request({ verb: 'delete', resource: 'pods', namespace: 'default', name: 'gone', query: { gracePeriodSeconds: 0 } });
    h.c.request({ verb: 'delete', resource: 'pods', namespace: 'default', name: 'graceful' });
    h.advance(60_000);
    expect(h.pod('graceful')?.metadata.deletionTimestamp).toBeDefined();
    expect(host.crictl(['ps']).stdout.split('\n').filter(Boolean)).toHaveLength(3);
    host.systemctl(['start', 'kubelet']);
    h.advance(2_000);
    expect(h.pod('graceful')).toBeUndefined();
    expect(host.crictl(['ps']).stdout.split('\n').filter(Boolean)).toHaveLength(1);
  });
});

describe('kubelet restart after the node controller marked pods', () => {
  it('posts pod status again, so Ready comes back even when nothing changed on the node', () => {
    const h = nodeHarness();
    h.run({ metadata: { name: 'web' }, spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] } });
    h.advance(20_000);
    const host = h.c.node('node01')!;
    host.systemctl(['stop', 'kubelet']);
    // what the node lifecycle controller does to pods of an unreachable node
    const p = structuredClone(h.pod('web')!) as any;
    for (const c of p.status.conditions) if (c.type === 'Ready') c.status = 'False';
    h.c.request({ verb: 'update', resource: 'pods', subresource: 'status', namespace: 'default', name: 'web', body: p });
    expect(h.status('web').conditions.find((c: any) => c.type === 'Ready').status).toBe('False');
    host.systemctl(['start', 'kubelet']);
    h.advance(1_000);
    expect(h.status('web').conditions.find((c: any) => c.type === 'Ready').status).toBe('True');
  });
});

describe('commands on a node and in the etcd pod', () => {
  it('ps aux shows the control-plane flags; etcdctl needs the certificates; snapshots land on the node disk', () => {
    const h = nodeHarness({ settle: 30_000 });
    const cp = h.c.node('controlplane')!;
    const ps = cp.run!(['ps', 'aux']).stdout;
    expect(ps.split('\n')[0]).toBe('USER         PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND');
    expect(ps).toContain('kube-apiserver --advertise-address=172.18.0.2 --allow-privileged=true --authorization-mode=Node,RBAC');
    expect(ps).toContain('/usr/bin/kubelet --bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf');
    expect(cp.run!(['nosuch'])).toEqual({ code: 127, stdout: '', stderr: 'nosuch: command not found\n' });
    const noCerts = cp.run!(['etcdctl', 'snapshot', 'save', '/opt/snapshot.db']);
    expect(noCerts.code).toBe(1);
    expect(noCerts.stderr.endsWith('Error: context deadline exceeded\n')).toBe(true);
    cp.mkdir('/opt');
    const ok = cp.run!(['etcdctl', '--endpoints=https://127.0.0.1:2379', '--cacert=/etc/kubernetes/pki/etcd/ca.crt', '--cert=/etc/kubernetes/pki/etcd/server.crt', '--key=/etc/kubernetes/pki/etcd/server.key', 'snapshot', 'save', '/opt/snapshot.db']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toBe('Snapshot saved at /opt/snapshot.db\n');
    expect(cp.readFile('/opt/snapshot.db')).toBeDefined();
    const restore = cp.run!(['etcdutl', 'snapshot', 'restore', '/opt/snapshot.db', '--data-dir', '/var/lib/etcd-from-backup']);
    expect(restore.code).toBe(0);
    expect(cp.list('/var/lib/etcd-from-backup/member')).toEqual(['snap', 'wal']);
    // the same client inside the etcd static pod, whose image has no shell
    const inPod = h.exec('etcd-controlplane', ['etcdctl', '--cacert=/etc/kubernetes/pki/etcd/ca.crt', '--cert=/etc/kubernetes/pki/etcd/server.crt', '--key=/etc/kubernetes/pki/etcd/server.key', 'member', 'list'], undefined, 'kube-system');
    expect(inPod.body).toEqual({ stdout: '8e9e05c52164694d, started, controlplane, https://172.18.0.2:2380, https://172.18.0.2:2379, false\n', stderr: '', exitCode: 0 });
    expect(h.exec('etcd-controlplane', ['sh'], undefined, 'kube-system').body.exitCode).toBe(126);
  });
});

describe('kubelet troubleshooting', () => {
  it('a broken kubelet config keeps the kubelet down with the error in journalctl; fixing it brings the node back', () => {
    const h = nodeHarness();
    const host = h.c.node('node01')!;
    const cfg = host.readFile('/var/lib/kubelet/config.yaml')!;
    host.writeFile('/var/lib/kubelet/config.yaml', cfg.replace('/etc/kubernetes/pki/ca.crt', '/etc/kubernetes/pki/WRONG-ca.crt'));
    host.systemctl(['restart', 'kubelet']);
    expect(host.systemctl(['status', 'kubelet']).stdout).toContain('Active: activating (auto-restart) (Result: exit-code)');
    const journal = host.run!(['journalctl', '-u', 'kubelet', '-n', '1']).stdout;
    expect(journal).toMatch(/^Jan 01 00:00:05 node01 kubelet\[713\]: E0101 00:00:05\.000000     713 run\.go:72\] "command failed" err="failed to construct kubelet dependencies: unable to load client CA file \/etc\/kubernetes\/pki\/WRONG-ca\.crt: open \/etc\/kubernetes\/pki\/WRONG-ca\.crt: no such file or directory"\n$/);
    h.run({ metadata: { name: 'waits' }, spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] } });
    h.advance(20_000);
    expect(h.status('waits').phase).toBe('Pending');
    host.writeFile('/var/lib/kubelet/config.yaml', cfg);
    host.systemctl(['restart', 'kubelet']);
    h.advance(20_000);
    expect(h.status('waits').phase).toBe('Running');
  });

  it('staticPodPath in the kubelet config decides where static pods come from', () => {
    const h = nodeHarness();
    const host = h.c.node('node02')!;
    host.writeFile('/etc/just-to-mess-with-you/web.yaml', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27\n');
    host.writeFile('/var/lib/kubelet/config.yaml', host.readFile('/var/lib/kubelet/config.yaml')!.replace('staticPodPath: /etc/kubernetes/manifests', 'staticPodPath: /etc/just-to-mess-with-you'));
    host.systemctl(['restart', 'kubelet']);
    h.advance(20_000);
    expect((h.pod('web-node02')?.status as any)?.phase).toBe('Running');
    host.writeFile('/etc/just-to-mess-with-you/bad.yaml', 'kind: Pod\nmetadata: {name: x\n');
    h.advance(1_000);
    expect(host.run!(['journalctl', '-u', 'kubelet']).stdout).toContain('"Could not process manifest file" err="invalid pod: ');
    expect(host.run!(['journalctl', '-u', 'kubelet']).stdout).toContain('path="/etc/just-to-mess-with-you/bad.yaml"');
  });
});
