import { describe, expect, it } from 'vitest';
import { Cluster } from '../cluster';
import type { KList, KObject } from './types';

function podIn(c: Cluster): KObject {
  const res = c.request({
    verb: 'create',
    resource: 'pods',
    namespace: 'default',
    body: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web' }, spec: { containers: [{ name: 'web', image: 'nginx' }] } },
  });
  return res.body as KObject;
}

const events = (c: Cluster) => (c.request({ verb: 'list', resource: 'events', namespace: 'default' }).body as KList).items;

describe('events', () => {
  it('records a core/v1 Event about the object, named <object>.<hex nanoseconds>', () => {
    const c = new Cluster({ seed: 1 });
    const pod = podIn(c);
    c.events.record(pod, 'Normal', 'Pulling', 'Pulling image "nginx"', { component: 'kubelet', host: 'node01' }, 'spec.containers{web}');
    const [e] = events(c);
    expect(e.metadata.name).toMatch(/^web\.[0-9a-f]+$/);
    expect(e).toMatchObject({
      involvedObject: { apiVersion: 'v1', kind: 'Pod', name: 'web', namespace: 'default', uid: pod.metadata.uid, fieldPath: 'spec.containers{web}' },
      reason: 'Pulling',
      message: 'Pulling image "nginx"',
      type: 'Normal',
      source: { component: 'kubelet', host: 'node01' },
      count: 1,
      firstTimestamp: c.clock.iso(),
      lastTimestamp: c.clock.iso(),
    });
  });

  it('folds repeats into one event with a count and a later lastTimestamp', () => {
    const c = new Cluster({ seed: 1 });
    const pod = podIn(c);
    const first = c.clock.iso();
    for (let i = 0; i < 3; i++) {
      c.events.record(pod, 'Warning', 'BackOff', 'Back-off restarting failed container web', { component: 'kubelet', host: 'node01' });
      c.clock.advance(10_000);
    }
    c.events.record(pod, 'Warning', 'Unhealthy', 'Liveness probe failed', { component: 'kubelet', host: 'node01' });
    const list = events(c);
    expect(list).toHaveLength(2);
    const backoff = list.find((e) => e.reason === 'BackOff')!;
    expect(backoff.count).toBe(3);
    expect(backoff.firstTimestamp).toBe(first);
    expect(backoff.lastTimestamp).toBe(c.clock.iso(c.clock.now() - 10_000));
  });

  it('expires an event an hour after it was last seen', () => {
    const c = new Cluster({ seed: 1 });
    const pod = podIn(c);
    c.events.record(pod, 'Normal', 'Started', 'Started container web', { component: 'kubelet', host: 'node01' });
    c.clock.advance(30 * 60_000);
    c.events.record(pod, 'Normal', 'Started', 'Started container web', { component: 'kubelet', host: 'node01' });
    c.clock.advance(59 * 60_000);
    expect(events(c)).toHaveLength(1);
    c.clock.advance(2 * 60_000);
    expect(events(c)).toHaveLength(0);
  });

  it('keeps expiring events after a snapshot restore', () => {
    const c = new Cluster({ seed: 1 });
    const pod = podIn(c);
    c.events.record(pod, 'Normal', 'Started', 'Started container web', { component: 'kubelet', host: 'node01' });
    const r = Cluster.restore(JSON.parse(JSON.stringify(c.snapshot())));
    r.events.record(pod, 'Normal', 'Started', 'Started container web', { component: 'kubelet', host: 'node01' });
    expect(events(r)).toHaveLength(1);
    expect(events(r)[0].count).toBe(2);
    r.clock.advance(61 * 60_000);
    expect(events(r)).toHaveLength(0);
  });
});
