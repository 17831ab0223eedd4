import { expect, it } from 'vitest';
import { Cluster } from '../cluster';
import { installNodes, type NodeSpec } from './index';

it('a thousand nodes install and heartbeat for a minute cheaply', () => {
  const c = new Cluster({ seed: 3 });
  const nodes: NodeSpec[] = [{ name: 'controlplane', role: 'control-plane' }, ...Array.from({ length: 999 }, (_, i) => ({ name: `node${String(i + 1).padStart(4, '0')}` }))];
  const t0 = performance.now();
  installNodes(c, nodes);
  const t1 = performance.now();
  c.clock.advance(60_000);
  const ms = performance.now() - t0;
  expect((c.request({ verb: 'list', resource: 'nodes' }).body as { items: unknown[] }).items).toHaveLength(1000);
  const lease = c.request({ verb: 'get', group: 'coordination.k8s.io', resource: 'leases', namespace: 'kube-node-lease', name: 'node0999' }).body as { spec: { renewTime: string } };
  expect(lease.spec.renewTime).toBe('2025-01-01T00:01:00.000000Z');
  // generous: a couple of seconds on a laptop; the bound only catches quadratic blow-ups
  expect(ms).toBeLessThan(30_000);
});
