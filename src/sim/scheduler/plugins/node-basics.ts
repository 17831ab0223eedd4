/**
 * NodeUnschedulable, NodeName and NodePorts filters (kubernetes
 * `pkg/scheduler/framework/plugins/{nodeunschedulable,nodename,nodeports}`).
 */
import type { Plugin } from './types';
import { fail } from './types';
import { hostPorts } from '../resources';
import { tolerates, tolerationsOf } from './taints';

export const nodeUnschedulable: Plugin = {
  name: 'NodeUnschedulable',
  filter(s, n) {
    if (!(n.node!.spec as { unschedulable?: boolean })?.unschedulable) return undefined;
    const ok = tolerationsOf(s.pod).some((t) => tolerates(t, { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }));
    return ok ? undefined : fail('node(s) were unschedulable', true);
  },
};

export const nodeName: Plugin = {
  name: 'NodeName',
  filters: (s) => !!(s.pod.spec as { nodeName?: string }).nodeName,
  filter(s, n) {
    const want = (s.pod.spec as { nodeName?: string }).nodeName;
    return want && want !== n.name ? fail("node(s) didn't match the requested node name", true) : undefined;
  },
};

export const nodePorts: Plugin = {
  name: 'NodePorts',
  preFilter(s) {
    s.data.ports = hostPorts(s.pod);
    return undefined;
  },
  filters: (s) => (s.data.ports as unknown[]).length > 0,
  filter(s, n) {
    const ports = s.data.ports as ReturnType<typeof hostPorts>;
    for (const p of ports) if (n.ports.has(`${p.protocol}/${p.port}`)) return fail("node(s) didn't have free ports for the requested pod ports");
    return undefined;
  },
};
