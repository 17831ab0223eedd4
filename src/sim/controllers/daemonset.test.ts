import { describe, expect, it } from 'vitest';
import { harness, type Harness } from '../testing/harness';
import { daemonSetController } from './daemonset';
import { installScheduler } from '../scheduler';
import type { KObject } from '../api/types';

function ds(name: string, tolerateControlPlane: boolean, image = 'fluentd:v1.16'): KObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name, namespace: 'kube-system' },
    spec: {
      selector: { matchLabels: { name } },
      template: {
        metadata: { labels: { name } },
        spec: {
          ...(tolerateControlPlane ? { tolerations: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' }] } : {}),
          containers: [{ name, image }],
        },
      },
    },
  };
}

function setup(): Harness {
  const h = harness();
  h.c.controllers.add(daemonSetController(h.c));
  installScheduler(h.c);
  return h;
}

const nodesOf = (h: Harness, label: string) => h.list('pods', 'kube-system', `name=${label}`).map((p) => (p.spec as { nodeName?: string }).nodeName).sort();

describe('DaemonSet controller', () => {
  it('runs fluentd on every node including a tainted control plane when tolerated (seed example)', () => {
    const h = setup();
    h.create(ds('fluentd-elasticsearch', true));
    h.advance(5000);
    expect(nodesOf(h, 'fluentd-elasticsearch')).toEqual(['controlplane', 'node01', 'node02']);
    const pod = h.list('pods', 'kube-system')[0];
    const spec = pod.spec as { tolerations: { key: string; effect: string; operator: string }[]; affinity: unknown };
    expect(spec.tolerations.map((t) => `${t.key}:${t.effect}`)).toEqual([
      'node-role.kubernetes.io/control-plane:NoSchedule',
      'node.kubernetes.io/not-ready:NoExecute',
      'node.kubernetes.io/unreachable:NoExecute',
      'node.kubernetes.io/disk-pressure:NoSchedule',
      'node.kubernetes.io/memory-pressure:NoSchedule',
      'node.kubernetes.io/pid-pressure:NoSchedule',
      'node.kubernetes.io/unschedulable:NoSchedule',
    ]);
    expect(spec.affinity).toEqual({ nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [(pod.spec as { nodeName: string }).nodeName] }] }] } } });
    expect(pod.metadata.labels).toMatchObject({ 'pod-template-generation': '1', 'controller-revision-hash': expect.stringMatching(/^[a-z0-9]+$/) });
    const st = h.get('daemonsets.apps', 'fluentd-elasticsearch', 'kube-system')!.status;
    expect(st).toEqual({ currentNumberScheduled: 3, desiredNumberScheduled: 3, numberMisscheduled: 0, numberReady: 3, numberAvailable: 3, updatedNumberScheduled: 3, observedGeneration: 1 });
    expect(h.events({ kind: 'DaemonSet' })).toHaveLength(3);
    expect(h.events({ kind: 'DaemonSet' })[0]).toMatch(/^Normal SuccessfulCreate Created pod: fluentd-elasticsearch-\w{5} \(daemonset-controller\)$/);
  });

  it('skips the control plane without the toleration, and follows nodes joining', () => {
    const h = setup();
    h.create(ds('agent', false));
    h.advance(5000);
    expect(nodesOf(h, 'agent')).toEqual(['node01', 'node02']);
    expect(h.get('daemonsets.apps', 'agent', 'kube-system')!.status).toMatchObject({ desiredNumberScheduled: 2, numberReady: 2 });
    h.req({ verb: 'create', resource: 'nodes', body: { apiVersion: 'v1', kind: 'Node', metadata: { name: 'node03', labels: { 'kubernetes.io/hostname': 'node03' } }, status: { allocatable: { cpu: '2', memory: '2Gi', pods: '110' }, conditions: [{ type: 'Ready', status: 'True' }] } } });
    h.advance(5000);
    expect(nodesOf(h, 'agent')).toEqual(['node01', 'node02', 'node03']);
    // a nodeSelector that excludes a node deletes its pod
    h.req({ verb: 'patch', group: 'apps', resource: 'daemonsets', namespace: 'kube-system', name: 'agent', patchType: 'strategic', body: { spec: { template: { spec: { nodeSelector: { 'kubernetes.io/hostname': 'node01' } } } } } });
    h.advance(60_000);
    expect(nodesOf(h, 'agent')).toEqual(['node01']);
  });

  it('rolls out a new template one node at a time (maxUnavailable 1)', () => {
    const h = setup();
    h.create(ds('agent', false, 'agent:1'));
    h.advance(5000);
    const oldHash = h.list('pods', 'kube-system')[0].metadata.labels!['controller-revision-hash'];
    h.req({ verb: 'patch', group: 'apps', resource: 'daemonsets', namespace: 'kube-system', name: 'agent', patchType: 'strategic', body: { spec: { template: { spec: { containers: [{ name: 'agent', image: 'agent:2' }] } } } } });
    let maxDown = 0;
    h.c.watch({ verb: 'watch', resource: 'pods', namespace: 'kube-system' }, () => {
      const ready = h.list('pods', 'kube-system').filter((p) => !p.metadata.deletionTimestamp && (p.status as { conditions?: { type: string; status: string }[] }).conditions?.some((c) => c.type === 'Ready' && c.status === 'True')).length;
      maxDown = Math.max(maxDown, 2 - ready);
    });
    h.advance(60_000);
    const pods = h.list('pods', 'kube-system');
    expect(pods).toHaveLength(2);
    expect(pods.every((p) => p.metadata.labels!['controller-revision-hash'] !== oldHash)).toBe(true);
    expect(pods.every((p) => p.metadata.labels!['pod-template-generation'] === '2')).toBe(true);
    expect(maxDown).toBe(1);
    const revs = h.list('controllerrevisions.apps', 'kube-system').map((r) => r.revision).sort();
    expect(revs).toEqual([1, 2]);
  });
});
