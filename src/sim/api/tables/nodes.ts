/**
 * Node and namespace tables (printNode, printNamespace): STATUS from the Ready condition
 * plus `SchedulingDisabled`, ROLES from node-role labels.
 */
import type { KObject } from '../types';
import { age } from './duration';
import { type Any, AGE, NAME, col, spec, status } from './common';
import type { Printer } from './types';

export function nodeStatus(n: KObject): string {
  const conds: Any[] = status(n).conditions ?? [];
  const ready = conds.find((c) => c.type === 'Ready');
  const parts: string[] = [];
  if (!ready) parts.push('Unknown');
  else parts.push(ready.status === 'True' ? 'Ready' : 'NotReady');
  if (spec(n).unschedulable) parts.push('SchedulingDisabled');
  return parts.join(',');
}

export function nodeRoles(n: KObject): string {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(n.metadata.labels ?? {})) {
    if (k.startsWith('node-role.kubernetes.io/')) {
      const r = k.slice('node-role.kubernetes.io/'.length);
      if (r) roles.add(r);
    } else if (k === 'kubernetes.io/role' && v) roles.add(v);
  }
  return roles.size ? [...roles].sort().join(',') : '<none>';
}

function address(n: KObject, type: string): string {
  const a = (status(n).addresses ?? []).find((x: Any) => x.type === type);
  return a?.address || '<none>';
}

export const nodePrinter: Printer = {
  columns: [
    NAME,
    col('Status'),
    col('Roles'),
    AGE,
    col('Version'),
    col('Internal-IP', 'string', 1),
    col('External-IP', 'string', 1),
    col('OS-Image', 'string', 1),
    col('Kernel-Version', 'string', 1),
    col('Container-Runtime', 'string', 1),
  ],
  cells(n, ctx) {
    const info = status(n).nodeInfo ?? {};
    return [
      n.metadata.name,
      nodeStatus(n),
      nodeRoles(n),
      age(n.metadata.creationTimestamp, ctx.now),
      info.kubeletVersion ?? '',
      address(n, 'InternalIP'),
      address(n, 'ExternalIP'),
      info.osImage || '<unknown>',
      info.kernelVersion || '<unknown>',
      info.containerRuntimeVersion || '<unknown>',
    ];
  },
};

export const namespacePrinter: Printer = {
  columns: [NAME, col('Status'), AGE],
  cells: (o, ctx) => [o.metadata.name, status(o).phase ?? '', age(o.metadata.creationTimestamp, ctx.now)],
};
