/**
 * The scheduler's cache (kubernetes `pkg/scheduler/backend/cache`): one NodeInfo per node
 * with the sums of requests of the pods assigned to it, their host ports, and per-owner
 * pod counts, kept current from the node and pod informers, so that each scheduling
 * decision costs O(nodes) and never rescans every pod.
 */
import type { Cluster } from '../cluster';
import type { KObject } from '../api/types';
import { hostPorts, nodeAllocatable, nonZeroRequests, podRequests, type Resources } from './resources';
import { controllerRef, isTerminal, nodeNameOf } from '../controllers/util/pods';

export class NodeInfo {
  node?: KObject;
  allocatable: Resources = {};
  requested: Resources = {};
  nonZero = { cpu: 0, memory: 0 };
  pods = new Map<string, KObject>();
  ports = new Map<string, number>();
  /** owner uid → pods on this node (default topology spreading) */
  owners = new Map<string, number>();
  images = new Set<string>();
  /** pods with required anti-affinity (for "existing pods anti-affinity") */
  antiAffinityPods = 0;
  /** the node's topology.kubernetes.io/zone label (default spreading reads it for every pod) */
  zone?: string;
  constructor(readonly name: string) {}

  setNode(n: KObject | undefined): void {
    this.node = n;
    this.zone = n?.metadata.labels?.['topology.kubernetes.io/zone'];
    this.allocatable = n ? nodeAllocatable(n) : {};
    this.images.clear();
    for (const img of ((n?.status as { images?: { names?: string[] }[] } | undefined)?.images ?? [])) for (const x of img.names ?? []) this.images.add(x);
  }

  addPod(key: string, p: KObject, sign: 1 | -1): void {
    const r = podRequests(p);
    for (const [k, v] of Object.entries(r)) this.requested[k] = (this.requested[k] ?? 0) + sign * v;
    this.requested.pods = (this.requested.pods ?? 0) + sign;
    const nz = nonZeroRequests(p);
    this.nonZero.cpu += sign * nz.cpu;
    this.nonZero.memory += sign * nz.memory;
    for (const hp of hostPorts(p)) {
      const k = `${hp.protocol}/${hp.port}`;
      this.ports.set(k, (this.ports.get(k) ?? 0) + sign);
      if (!this.ports.get(k)) this.ports.delete(k);
    }
    const owner = controllerRef(p)?.uid;
    if (owner) {
      const n = (this.owners.get(owner) ?? 0) + sign;
      if (n) this.owners.set(owner, n);
      else this.owners.delete(owner);
    }
    if ((p.spec as { affinity?: { podAntiAffinity?: { requiredDuringSchedulingIgnoredDuringExecution?: unknown[] } } }).affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.length)
      this.antiAffinityPods += sign;
    if (sign > 0) this.pods.set(key, p);
    else this.pods.delete(key);
  }
}

/** Pods that occupy a node: assigned and not finished. Terminating pods still hold their resources. */
function counts(p: KObject): boolean {
  return !!nodeNameOf(p) && !isTerminal(p);
}

export class SchedulerCache {
  readonly nodes = new Map<string, NodeInfo>();
  /** node names in a stable order (for round-robin sampling) */
  private order: string[] = [];
  private orderDirty = true;
  private podNode = new Map<string, { node: string; pod: KObject }>();
  /** assigned pods with required anti-affinity, by key: their terms are checked against every incoming pod */
  readonly antiAffinityPods = new Map<string, KObject>();

  constructor(cluster: Cluster) {
    const nodes = cluster.informers.for('nodes');
    const pods = cluster.informers.for('pods');
    for (const n of nodes.list()) this.info(n.metadata.name!).setNode(n);
    for (const p of pods.list()) this.onPod(p);
    nodes.on((type, n) => {
      if (type !== 'MODIFIED') this.orderDirty = true;
      if (type === 'DELETED') {
        const i = this.nodes.get(n.metadata.name!);
        if (i) i.setNode(undefined);
        if (i && i.pods.size === 0) this.nodes.delete(n.metadata.name!);
      } else this.info(n.metadata.name!).setNode(n);
    });
    pods.on((type, p) => {
      if (type === 'DELETED') this.removePod(p);
      else this.onPod(p);
    });
  }

  private info(name: string): NodeInfo {
    let i = this.nodes.get(name);
    if (!i) {
      this.nodes.set(name, (i = new NodeInfo(name)));
      this.orderDirty = true;
    }
    return i;
  }

  private key(p: KObject): string {
    return `${p.metadata.namespace}/${p.metadata.name}`;
  }

  private onPod(p: KObject): void {
    const key = this.key(p);
    const prev = this.podNode.get(key);
    if (prev && prev.pod.metadata.uid === p.metadata.uid && prev.pod.spec === p.spec && counts(p)) {
      // status-only change: keep the sums, refresh the object
      prev.pod = p;
      this.nodes.get(prev.node)?.pods.set(key, p);
      if (this.antiAffinityPods.has(key)) this.antiAffinityPods.set(key, p);
      return;
    }
    if (prev) this.removePod(prev.pod);
    if (!counts(p)) return;
    const node = nodeNameOf(p)!;
    this.info(node).addPod(key, p, 1);
    this.podNode.set(key, { node, pod: p });
    if (hasRequiredAntiAffinity(p)) this.antiAffinityPods.set(key, p);
  }

  private removePod(p: KObject): void {
    const key = this.key(p);
    const prev = this.podNode.get(key);
    if (!prev) return;
    this.podNode.delete(key);
    const i = this.nodes.get(prev.node);
    i?.addPod(key, prev.pod, -1);
    if (i && !i.node && i.pods.size === 0) {
      this.nodes.delete(prev.node);
      this.orderDirty = true;
    }
    this.antiAffinityPods.delete(key);
  }

  /** Nodes that exist (have a Node object), in a stable order. */
  nodeList(): NodeInfo[] {
    if (this.orderDirty) {
      this.order = [...this.nodes.keys()].sort();
      this.orderDirty = false;
      this.list = [];
      for (const n of this.order) {
        const i = this.nodes.get(n);
        if (i?.node) this.list.push(i);
      }
    }
    return this.list;
  }
  private list: NodeInfo[] = [];
}

function hasRequiredAntiAffinity(p: KObject): boolean {
  const a = (p.spec as { affinity?: { podAntiAffinity?: { requiredDuringSchedulingIgnoredDuringExecution?: unknown[] } } }).affinity;
  return !!a?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.length;
}

const caches = new WeakMap<Cluster, SchedulerCache>();

/** One cache per cluster, shared by every scheduler running in it. */
export function schedulerCache(cluster: Cluster): SchedulerCache {
  let c = caches.get(cluster);
  if (!c) caches.set(cluster, (c = new SchedulerCache(cluster)));
  return c;
}
