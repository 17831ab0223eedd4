import { describe, expect, it } from 'vitest';
import { bootCluster, stopComponent } from './boot';
import type { KObject } from './api/types';

const nodeOf = (c: ReturnType<typeof bootCluster>, name: string) =>
  ((c.request({ verb: 'get', resource: 'pods', namespace: 'default', name }).body as KObject).spec as { nodeName?: string }).nodeName;

describe('stopping the scheduler at a lab start', () => {
  it('moves its static pod manifest away, so it stays stopped until the learner moves it back', () => {
    const c = bootCluster({ seed: 1 });
    expect(stopComponent(c, 'scheduler')).toBe(true);
    c.clock.advance(60_000);
    c.request({ verb: 'create', resource: 'pods', namespace: 'default', body: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'patient' }, spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] } } });
    c.clock.advance(60_000);
    expect(nodeOf(c, 'patient')).toBeUndefined();
    const cp = c.node('controlplane')!;
    expect(cp.readFile('/etc/kubernetes/manifests/kube-scheduler.yaml')).toBeUndefined();
    cp.writeFile('/etc/kubernetes/manifests/kube-scheduler.yaml', cp.readFile('/etc/kubernetes/kube-scheduler.yaml')!);
    c.clock.advance(60_000);
    expect(nodeOf(c, 'patient')).toMatch(/^node0[12]$/);
  });

  it('stops any other controller by name, and refuses names it does not know', () => {
    const c = bootCluster({ seed: 1 });
    expect(stopComponent(c, 'deployment-controller')).toBe(true);
    expect(c.controllers.stopped()).toContain('deployment-controller');
    expect(stopComponent(c, 'no-such-thing')).toBe(false);
  });
});
