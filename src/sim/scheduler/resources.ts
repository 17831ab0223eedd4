/**
 * Pod resource requests as the scheduler counts them (kubernetes
 * `pkg/api/v1/resource/helpers.go` PodRequests): max(sum of containers + sidecars,
 * largest init container) + overhead; cpu in millicores, everything else in units.
 * For scoring only, containers without requests count as 100m CPU / 200Mi memory.
 */
import type { KObject } from '../api/types';
import { milliValue, tryParseQuantity } from '../api/validation/quantity';

export type Resources = Record<string, number>;

interface Container {
  resources?: { requests?: Record<string, string | number> };
  restartPolicy?: string;
  ports?: { hostPort?: number; containerPort?: number; protocol?: string; hostIP?: string }[];
  image?: string;
}

function value(name: string, q: string | number): number {
  if (name === 'cpu') return milliValue(q);
  return tryParseQuantity(q) ?? 0;
}

function add(into: Resources, from: Record<string, string | number> | undefined): void {
  for (const [k, v] of Object.entries(from ?? {})) into[k] = (into[k] ?? 0) + value(k, v);
}

function maxInto(into: Resources, from: Resources): void {
  for (const [k, v] of Object.entries(from)) if (v > (into[k] ?? 0)) into[k] = v;
}

const cache = new WeakMap<object, Resources>();

export function podRequests(pod: KObject): Resources {
  const spec = pod.spec as { containers?: Container[]; initContainers?: Container[]; overhead?: Record<string, string> } | undefined;
  if (!spec) return {};
  const hit = cache.get(spec);
  if (hit) return hit;
  const sum: Resources = {};
  for (const c of spec.containers ?? []) add(sum, c.resources?.requests);
  const init: Resources = {};
  const sidecars: Resources = {};
  for (const c of spec.initContainers ?? []) {
    const r: Resources = {};
    add(r, c.resources?.requests);
    if (c.restartPolicy === 'Always') {
      add(sidecars, c.resources?.requests);
      continue;
    }
    // an init container runs next to the sidecars started before it
    const withSidecars = { ...r };
    for (const [k, v] of Object.entries(sidecars)) withSidecars[k] = (withSidecars[k] ?? 0) + v;
    maxInto(init, withSidecars);
  }
  for (const [k, v] of Object.entries(sidecars)) sum[k] = (sum[k] ?? 0) + v;
  maxInto(sum, init);
  add(sum, spec.overhead);
  if (Object.isFrozen(spec)) cache.set(spec, sum);
  return sum;
}

export const DEFAULT_MILLI_CPU = 100;
export const DEFAULT_MEMORY = 200 * 1024 * 1024;

/** Requests for scoring: zero cpu/memory become the defaults (schedutil.GetNonzeroRequests). */
export function nonZeroRequests(pod: KObject): { cpu: number; memory: number } {
  const spec = pod.spec as { containers?: Container[] } | undefined;
  let cpu = 0, memory = 0;
  for (const c of spec?.containers ?? []) {
    const r = c.resources?.requests ?? {};
    cpu += r.cpu !== undefined ? value('cpu', r.cpu) : DEFAULT_MILLI_CPU;
    memory += r.memory !== undefined ? value('memory', r.memory) : DEFAULT_MEMORY;
  }
  return { cpu, memory };
}

export function hostPorts(pod: KObject): { port: number; protocol: string; ip: string }[] {
  const spec = pod.spec as { containers?: Container[]; initContainers?: Container[] } | undefined;
  const out: { port: number; protocol: string; ip: string }[] = [];
  for (const c of [...(spec?.containers ?? []), ...(spec?.initContainers ?? []).filter((x) => x.restartPolicy === 'Always')])
    for (const p of c.ports ?? []) if (p.hostPort) out.push({ port: p.hostPort, protocol: p.protocol ?? 'TCP', ip: p.hostIP || '0.0.0.0' });
  return out;
}

export function nodeAllocatable(node: KObject): Resources {
  const a = ((node.status as { allocatable?: Record<string, string> } | undefined)?.allocatable) ?? {};
  const out: Resources = {};
  for (const [k, v] of Object.entries(a)) out[k] = value(k, v);
  if (out.pods === undefined) out.pods = 110;
  return out;
}
