import { expect, it } from 'vitest';
import { Cluster } from '../cluster';
import { installNodes, type NodeSpec } from './index';

// vitest's 30 s test timeout is the bound: heartbeats must stay linear in the node count
it('a thousand nodes install and heartbeat for a minute', () => {
  const c = new Cluster({ seed: 3 });
  const nodes: NodeSpec[] = [{ name: 'controlplane', role: 'control-plane' }, ...Array.from({ length: 999 }, (_, i) => ({ name: `node${String(i + 1).padStart(4, '0')}` }))];
  installNodes(c, nodes);
  c.clock.advance(60_000);
  expect((c.request({ verb: 'list', resource: 'nodes' }).body as { items: unknown[] }).items).toHaveLength(1000);
  const lease = c.request({ verb: 'get', group: 'coordination.k8s.io', resource: 'leases', namespace: 'kube-node-lease', name: 'node0999' }).body as { spec: { renewTime: string } };
  expect(lease.spec.renewTime).toBe('2025-01-01T00:01:00.000000Z');
  const node = c.request({ verb: 'get', resource: 'nodes', name: 'node0999' }).body as { spec: { podCIDR: string }; status: { addresses: { address: string }[] } };
  expect(node.spec.podCIDR).toBe('10.247.231.0/24');
  expect(node.status.addresses[0].address).toBe('172.18.3.233');
});
