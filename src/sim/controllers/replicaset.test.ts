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
