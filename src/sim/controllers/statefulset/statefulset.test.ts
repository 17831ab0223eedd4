import { describe, expect, it } from 'vitest';
import { harness, type Harness } from '../../testing/harness';
import { bindAllPods } from '../../testing/binder';
import { statefulSetController } from './controller';
import type { KObject } from '../../api/types';

function sts(name: string, replicas: number, extra: Record<string, unknown> = {}, image = 'nginx:1.26'): KObject {
  return {
    apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name },
    spec: { serviceName: name, replicas, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image }] } }, ...extra },
  };
}

function setup(): Harness {
  const h = harness();
  bindAllPods(h.c);
  h.c.controllers.add(statefulSetController(h.c));
  return h;
}

const names = (h: Harness) => h.list('pods').filter((p) => !p.metadata.deletionTimestamp).map((p) => p.metadata.name).sort();
const image = (h: Harness, n: string) => (h.get('pods', n)!.spec as { containers: { image: string }[] }).containers[0].image;

describe('StatefulSet controller', () => {
  it('creates one pod at a time in ordinal order (OrderedReady) and scales down from the top', () => {
    const h = setup();
    h.create(sts('db', 3));
    const order: string[] = [];
    h.c.watch({ verb: 'watch', resource: 'pods', namespace: 'default' }, (e) => {
      if (e.type === 'ADDED') order.push(`+${(e.object as KObject).metadata.name}@${Math.round((h.c.clock.now() - Date.UTC(2025, 0, 1)) / 1000)}`);
    });
    h.advance(10_000);
    expect(order).toEqual(['+db-0@0', '+db-1@1', '+db-2@2']);
    h.req({ verb: 'patch', group: 'apps', resource: 'statefulsets', namespace: 'default', name: 'db', patchType: 'merge', body: { spec: { replicas: 1 } } });
    h.advance(0);
    expect(h.events({ kind: 'StatefulSet', reason: 'SuccessfulDelete' })).toEqual(['Normal SuccessfulDelete delete Pod db-2 in StatefulSet db successful (statefulset-controller)']);
    h.advance(5000);
    expect(names(h)).toEqual(['db-0']);
  });

  it('Parallel creates all pods at once', () => {
    const h = setup();
    h.create(sts('p', 3, { podManagementPolicy: 'Parallel' }));
    h.advance(0);
    expect(names(h)).toEqual(['p-0', 'p-1', 'p-2']);
  });

  it('a partitioned rolling update only replaces ordinals at or above the partition', () => {
    const h = setup();
    h.create(sts('web', 3, { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 2 } } }));
    h.advance(10_000);
    h.req({ verb: 'patch', group: 'apps', resource: 'statefulsets', namespace: 'default', name: 'web', patchType: 'strategic', body: { spec: { template: { spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] } } } } });
    h.advance(20_000);
    expect(['web-0', 'web-1', 'web-2'].map((n) => image(h, n))).toEqual(['nginx:1.26', 'nginx:1.26', 'nginx:1.27']);
    const st = h.get('statefulsets.apps', 'web')!.status as Record<string, unknown>;
    expect(st).toMatchObject({ replicas: 3, currentReplicas: 2, updatedReplicas: 1 });
    expect(st.currentRevision).not.toBe(st.updateRevision);
    // a deleted pod below the partition comes back at the current revision
    h.req({ verb: 'delete', resource: 'pods', namespace: 'default', name: 'web-0' });
    h.advance(10_000);
    expect(image(h, 'web-0')).toBe('nginx:1.26');
    // partition 0: the rest follow, highest first
    h.req({ verb: 'patch', group: 'apps', resource: 'statefulsets', namespace: 'default', name: 'web', patchType: 'merge', body: { spec: { updateStrategy: { rollingUpdate: { partition: 0 } } } } });
    h.advance(30_000);
    expect(['web-0', 'web-1', 'web-2'].map((n) => image(h, n))).toEqual(['nginx:1.27', 'nginx:1.27', 'nginx:1.27']);
    const done = h.get('statefulsets.apps', 'web')!.status as Record<string, unknown>;
    expect(done.currentRevision).toBe(done.updateRevision);
  });
});
