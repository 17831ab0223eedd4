import { describe, expect, it } from 'vitest';
import { Cluster } from '../cluster';
import { installNodes } from './index';
import { harnessFor, nodeHarness } from './testing';

describe('after Cluster.restore', () => {
  it('kubelets adopt running pods, crash loops carry on, node files and PVC data survive', () => {
    const h = nodeHarness();
    h.run({ metadata: { name: 'web' }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } });
    h.run({ metadata: { name: 'crash' }, spec: { containers: [{ name: 'c', image: 'busybox:1.36', command: ['sh', '-c', 'echo boom; exit 1'] }] } });
    h.c.node('node02')!.writeFile('/root/notes.txt', 'hello\n');
    h.create('persistentvolumeclaims', { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } });
    h.run({
      metadata: { name: 'writer' },
      spec: { volumes: [{ name: 'd', persistentVolumeClaim: { claimName: 'data' } }], containers: [{ name: 'c', image: 'busybox:1.36', command: ['sh', '-c', 'echo saved >> /data/f; sleep 3600'], volumeMounts: [{ name: 'd', mountPath: '/data' }] }] },
    });
    h.advance(60_000);
    const web = h.status('web');
    const crashBefore = h.status('crash').containerStatuses[0].restartCount;
    expect(crashBefore).toBeGreaterThanOrEqual(3);
    h.c.node('node02')!.systemctl(['stop', 'kubelet']);
    const snap = h.c.snapshot();

    const c2 = Cluster.restore(snap);
    installNodes(c2);
    const h2 = harnessFor(c2);
    h2.advance(5_000);
    const web2 = h2.status('web');
    expect(web2.phase).toBe('Running');
    expect(web2.podIP).toBe(web.podIP);
    expect(web2.containerStatuses[0].state).toEqual(web.containerStatuses[0].state);
    expect(web2.containerStatuses[0].containerID).toBe(web.containerStatuses[0].containerID);
    expect(h2.events('web').filter((e) => e.includes('Started'))).toHaveLength(1);
    expect(h2.logs('web').body).toContain('Configuration complete; ready for start up');
    expect(h2.exec('web', ['curl', '-s', 'localhost']).body.stdout).toContain('Welcome to nginx!');
    h2.advance(600_000);
    expect(h2.status('crash').containerStatuses[0].restartCount).toBeGreaterThan(crashBefore);
    expect(h2.status('crash').containerStatuses[0].restartCount).toBeLessThan(crashBefore + 5);
    expect(c2.node('node02')!.readFile('/root/notes.txt')).toBe('hello\n');
    // the program ran again after the restore and appended to what the PVC kept
    expect(h2.exec('writer', ['cat', '/data/f']).body.stdout).toBe('saved\nsaved\n');
    expect(c2.node('node02')!.systemctl(['status', 'kubelet']).code).toBe(3);
    for (const name of ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler'])
      expect((h2.pod(`${name}-controlplane`, 'kube-system')!.status as any).phase).toBe('Running');
  });
});

describe('determinism', () => {
  it('the same seed and inputs give the same cluster, byte for byte', () => {
    const run = () => {
      const h = nodeHarness({ seed: 42 });
      h.run({ metadata: { name: 'web', labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } });
      h.run({ metadata: { name: 'crash' }, spec: { containers: [{ name: 'c', image: 'busybox', command: ['sh', '-c', 'date; exit 1'] }] } }, 'node02');
      h.run({ metadata: { name: 'client' }, spec: { containers: [{ name: 'c', image: 'busybox:1.36', command: ['sh', '-c', 'while true; do wget -qO- http://web 2>&1; sleep 3; done'] }] } }, 'node02');
      h.advance(180_000);
      return JSON.stringify(h.c.snapshot());
    };
    expect(run()).toBe(run());
  });
});
