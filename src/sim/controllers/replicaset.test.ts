import { describe, expect, it } from 'vitest';

import { harness } from '../testing/harness';
import { replicaSetController } from './replicaset';
import type { KObject } from '../api/types';

function rs(name: string, replicas: number, extra: Record<string, unknown> = {}): KObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } },
      ...extra,
    },
  };
}

describe('ReplicaSet controller', () => {
  it('creates pods named <rs>-xxxxx and reports status', () => {
    const h = harness({ nodes: false, kubelet: false });
    h.c.controllers.add(replicaSetController(h.c));
    h.create(rs('web', 3));
    h.settle();
    const pods = h.list('pods');
    expect(pods).toHaveLength(3);
    for (const p of pods) {
      expect(p.metadata.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
      expect(p.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'ReplicaSet', name: 'web', controller: true, blockOwnerDeletion: true });
    }
    const ev = h.events({ kind: 'ReplicaSet' });
    expect(ev).toEqual(pods.map(() => expect.stringMatching(/^Normal SuccessfulCreate Created pod: web-\w{5} \(replicaset-controller\)$/)));
    const st = h.get('replicasets.apps', 'web')!.status as Record<string, unknown>;
    expect(st).toEqual({ replicas: 3, fullyLabeledReplicas: 3, observedGeneration: 1 });
  });
});

import { bindAllPods } from '../testing/binder';
import { replicationControllerController, slowStartBatch } from './replicaset';
import { sortForDeletion } from './util/rank';

function podNamed(name: string, node: string | undefined, phase: string, ready: boolean, extra: Partial<KObject['metadata']> = {}, readyAt = '2025-01-01T00:00:00Z'): KObject {
  return {
    apiVersion: 'v1', kind: 'Pod', metadata: { name, uid: name, creationTimestamp: '2025-01-01T00:00:00Z', ...extra },
    spec: { ...(node ? { nodeName: node } : {}) },
    status: { phase, conditions: [{ type: 'Ready', status: ready ? 'True' : 'False', lastTransitionTime: readyAt }] },
  };
}

describe('ReplicaSet scale-down order (ActivePodsWithRanks)', () => {
  it('deletes unscheduled, then pending, then not-ready, then cheaper, then crowded, then newest-ready pods first', () => {
    const now = Date.parse('2025-01-01T02:00:00Z');
    const pods = [
      podNamed('running-ready-old', 'n1', 'Running', true, {}, '2025-01-01T00:00:00Z'),
      podNamed('running-ready-new', 'n2', 'Running', true, {}, '2025-01-01T01:59:00Z'),
      podNamed('running-notready', 'n1', 'Running', false),
      podNamed('pending', 'n1', 'Pending', false),
      podNamed('unscheduled', undefined, 'Pending', false),
      podNamed('costly', 'n2', 'Running', true, { annotations: { 'controller.kubernetes.io/pod-deletion-cost': '100' } }, '2025-01-01T01:59:00Z'),
    ];
    const order = sortForDeletion(pods, () => 0, now).map((p) => p.metadata.name);
    expect(order).toEqual(['unscheduled', 'pending', 'running-notready', 'running-ready-new', 'running-ready-old', 'costly']);
    // more siblings on the same node go first when everything else is equal
    const a = podNamed('a', 'busy', 'Running', true), b = podNamed('b', 'quiet', 'Running', true);
    expect(sortForDeletion([b, a], (p) => ((p.spec as { nodeName: string }).nodeName === 'busy' ? 3 : 1), now).map((p) => p.metadata.name)).toEqual(['a', 'b']);
  });

  it('creates in slow-start batches 1, 2, 4, … and stops at the first failure', () => {
    const sizes: number[] = [];
    let n = 0;
    slowStartBatch(10, () => (sizes.push(++n), true));
    expect(sizes).toHaveLength(10);
    let calls = 0;
    expect(slowStartBatch(10, () => ++calls < 4)).toBe(3); // batches 1, 2, then the 4th create fails
    expect(calls).toBe(4);
  });
});

describe('ReplicaSet controller with pods', () => {
  it('scales down the not-ready pod first and records SuccessfulDelete', () => {
    let started = 0;
    // the first pod to start never becomes ready
    const h = harness({ kubelet: { behaviour: () => (started++ === 0 ? 'never-ready' : 'run') } });
    bindAllPods(h.c);
    h.c.controllers.add(replicaSetController(h.c));
    h.create(rs('web', 3));
    h.advance(5000);
    const notReady = h.list('pods').find((p) => !(p.status as { conditions?: { type: string; status: string }[] }).conditions?.some((c) => c.type === 'Ready' && c.status === 'True'))!;
    expect(notReady).toBeDefined();
    h.req({ verb: 'patch', group: 'apps', resource: 'replicasets', namespace: 'default', name: 'web', patchType: 'merge', body: { spec: { replicas: 2 } } });
    h.advance(0);
    expect(h.events({ kind: 'ReplicaSet', reason: 'SuccessfulDelete' })).toEqual([`Normal SuccessfulDelete Deleted pod: ${notReady.metadata.name} (replicaset-controller)`]);
  });

  it('releases a relabelled pod and replaces it; adopts a matching orphan', () => {
    const h = harness();
    bindAllPods(h.c);
    h.c.controllers.add(replicaSetController(h.c));
    h.create(rs('web', 2));
    h.advance(3000);
    const [first] = h.list('pods');
    h.req({ verb: 'patch', resource: 'pods', namespace: 'default', name: first.metadata.name, patchType: 'merge', body: { metadata: { labels: { app: 'debug' } } } });
    h.advance(3000);
    const released = h.get('pods', first.metadata.name!)!;
    expect(released.metadata.ownerReferences ?? []).toEqual([]);
    expect(h.list('pods', 'default', 'app=web')).toHaveLength(2);
    // relabel it back: the set now has 3 matching, adopts it, and deletes one
    h.req({ verb: 'patch', resource: 'pods', namespace: 'default', name: first.metadata.name, patchType: 'merge', body: { metadata: { labels: { app: 'web' } } } });
    h.advance(3000);
    expect(h.list('pods', 'default', 'app=web').filter((p) => !p.metadata.deletionTimestamp)).toHaveLength(2);
    expect(h.events({ kind: 'ReplicaSet', reason: 'SuccessfulDelete' })).toHaveLength(1);
  });

  it('reports availableReplicas only after minReadySeconds and writes the activity log', () => {
    const h = harness();
    bindAllPods(h.c);
    h.c.controllers.add(replicaSetController(h.c));
    h.create(rs('web', 2, { minReadySeconds: 5 }));
    h.advance(2000);
    expect(h.get('replicasets.apps', 'web')!.status).toEqual({ replicas: 2, fullyLabeledReplicas: 2, readyReplicas: 2, observedGeneration: 1 });
    h.advance(5000);
    expect(h.get('replicasets.apps', 'web')!.status).toEqual({ replicas: 2, fullyLabeledReplicas: 2, readyReplicas: 2, availableReplicas: 2, observedGeneration: 1 });
    const first = h.c.activity.records.find((r) => r.controller === 'replicaset-controller')!;
    expect(first.observed[0]).toBe('0 active pods, want 2');
    expect(first.decided).toEqual(['create 2 pods']);
    expect(first.did.filter((d) => d.startsWith('create pods'))).toHaveLength(2);
  });

  it('ReplicationController: same behaviour with a map selector and its own event source', () => {
    const h = harness({ kubelet: false, nodes: false });
    h.c.controllers.add(replicationControllerController(h.c));
    h.create({ apiVersion: 'v1', kind: 'ReplicationController', metadata: { name: 'nginx' }, spec: { replicas: 3, selector: { app: 'nginx' }, template: { metadata: { labels: { app: 'nginx' } }, spec: { containers: [{ name: 'nginx', image: 'nginx' }] } } } });
    h.settle();
    expect(h.list('pods')).toHaveLength(3);
    expect(h.events({ kind: 'ReplicationController' })[0]).toMatch(/^Normal SuccessfulCreate Created pod: nginx-\w{5} \(replication-controller\)$/);
    expect(h.get('replicationcontrollers', 'nginx')!.status).toMatchObject({ replicas: 3, observedGeneration: 1 });
  });
});
