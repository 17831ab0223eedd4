/**
 * NodeResourcesFit (filter, LeastAllocated score) and NodeResourcesBalancedAllocation
 * (kubernetes `pkg/scheduler/framework/plugins/noderesources`). Requests of assigned,
 * unfinished pods count against allocatable; pods with no requests always fit.
 */
import type { Plugin } from './types';
import { fail, MAX_SCORE } from './types';
import { nonZeroRequests, podRequests, type Resources } from '../resources';

const ORDER = ['cpu', 'memory', 'ephemeral-storage'];

// module-level helpers: hot paths avoid allocating closures per node
function leastAllocated(alloc: number, used: number): number {
  return alloc <= 0 || used > alloc ? 0 : ((alloc - used) * MAX_SCORE) / alloc;
}

function fraction(n: { allocatable: Resources; requested: Resources }, req: Resources, k: string): number {
  const a = n.allocatable[k] ?? 0;
  return a <= 0 ? 0 : Math.min(1, ((n.requested[k] ?? 0) + (req[k] ?? 0)) / a);
}

export const resourcesFit: Plugin = {
  name: 'NodeResourcesFit',
  weight: 1,
  preFilter(s) {
    const req = podRequests(s.pod);
    s.data.requests = req;
    s.data.nonZero = nonZeroRequests(s.pod);
    // cpu, memory, ephemeral-storage, then extended resources by name
    const names = Object.keys(req).filter((k) => req[k] > 0 && k !== 'pods');
    names.sort((a, b) => (ORDER.indexOf(a) + 1 || 99) - (ORDER.indexOf(b) + 1 || 99) || (a < b ? -1 : 1));
    s.data.requestNames = names;
    return undefined;
  },
  filter(s, n) {
    const req = s.data.requests as Resources;
    const names = s.data.requestNames as string[];
    let reasons: string[] | undefined;
    if ((n.requested.pods ?? 0) + 1 > (n.allocatable.pods ?? 110)) (reasons ??= []).push('Too many pods');
    for (let i = 0; i < names.length; i++) {
      const k = names[i];
      if (req[k] > (n.allocatable[k] ?? 0) - (n.requested[k] ?? 0)) (reasons ??= []).push(`Insufficient ${k}`);
    }
    return reasons ? fail(reasons) : undefined;
  },
  score(s, n) {
    const nz = s.data.nonZero as { cpu: number; memory: number };
    return Math.floor((leastAllocated(n.allocatable.cpu ?? 0, n.nonZero.cpu + nz.cpu) + leastAllocated(n.allocatable.memory ?? 0, n.nonZero.memory + nz.memory)) / 2);
  },
};

export const balancedAllocation: Plugin = {
  name: 'NodeResourcesBalancedAllocation',
  weight: 1,
  score(s, n) {
    const req = s.data.requests as Resources;
    const std = Math.abs(fraction(n, req, 'cpu') - fraction(n, req, 'memory')) / 2;
    return Math.floor((1 - std) * MAX_SCORE);
  },
};
