/**
 * A stand-in for kubelets in controller and scheduler tests: Node objects written
 * straight to the API, and a loop that marks every bound pod Running and Ready after a
 * delay (or runs it to completion, for Jobs), and finishes graceful deletions. The real
 * kubelets live in src/sim/node; this keeps controller tests independent of them.
 */
import type { Cluster } from '../cluster';
import type { KObject } from '../api/types';

export interface FakeNode {
  name: string;
  cpu?: string;
  memory?: string;
  pods?: number;
  labels?: Record<string, string>;
  taints?: { key: string; value?: string; effect: string }[];
  controlPlane?: boolean;
  unschedulable?: boolean;
  ip?: string;
}

export function nodeObject(n: FakeNode, index = 0): KObject {
  const labels: Record<string, string> = {
    'beta.kubernetes.io/arch': 'amd64',
    'beta.kubernetes.io/os': 'linux',
    'kubernetes.io/arch': 'amd64',
    'kubernetes.io/hostname': n.name,
    'kubernetes.io/os': 'linux',
    ...(n.controlPlane ? { 'node-role.kubernetes.io/control-plane': '', 'node.kubernetes.io/exclude-from-external-load-balancers': '' } : {}),
    ...(n.labels ?? {}),
  };
  const taints = n.taints ?? (n.controlPlane ? [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] : []);
  const cap = { cpu: n.cpu ?? '2', memory: n.memory ?? '4Gi', pods: String(n.pods ?? 110), 'ephemeral-storage': '20Gi' };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: n.name, labels },
    spec: { podCIDR: `10.244.${index}.0/24`, ...(taints.length ? { taints } : {}), ...(n.unschedulable ? { unschedulable: true } : {}) },
    status: {
      capacity: cap,
      allocatable: cap,
      addresses: [{ type: 'InternalIP', address: n.ip ?? `192.168.1.${10 + index}` }, { type: 'Hostname', address: n.name }],
      conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' }],
      nodeInfo: { kubeletVersion: 'v1.32.0', containerRuntimeVersion: 'containerd://1.7.24', osImage: 'Ubuntu 22.04.5 LTS', architecture: 'amd64', operatingSystem: 'linux' },
    },
  };
}

export function addNodes(cluster: Cluster, nodes: FakeNode[]): void {
  nodes.forEach((n, i) => {
    const body = nodeObject(n, i);
    const res = cluster.request({ verb: 'create', resource: 'nodes', body, user: `system:node:${n.name}` });
    if (res.code >= 300) throw new Error(`node ${n.name}: ${JSON.stringify(res.body)}`);
    // status is not taken on create for kinds with a status subresource
    const cur = res.body as KObject;
    cluster.request({ verb: 'update', resource: 'nodes', subresource: 'status', name: n.name, body: { ...structuredClone(cur), status: body.status }, user: `system:node:${n.name}` });
  });
}

/** What a pod does once running: stay up, or exit with a code after some ms. */
export type PodBehaviour = (pod: KObject) => { exitCode: number; afterMs: number } | 'run' | 'never-ready';

export interface FakeKubeletOptions {
  /** virtual ms from binding to Running+Ready (default 1000) */
  startMs?: number;
  /** renew each node's Lease in kube-node-lease every 10 s, as kubelets do (default true) */
  heartbeat?: boolean;
  behaviour?: PodBehaviour;
}

export class FakeKubelet {
  private ipSeq = 2;
  private started = new Set<string>();
  private finishing = new Set<string>();
  enabled = true;

  /** nodes whose kubelet is "down": no heartbeats, no pod work */
  readonly stopped = new Set<string>();

  constructor(private cluster: Cluster, private opts: FakeKubeletOptions = {}) {
    if (opts.heartbeat !== false) this.beat();
    cluster.watch({ verb: 'watch', resource: 'pods' }, (e) => {
      if (e.type === 'ERROR' || e.type === 'BOOKMARK' || e.type === 'DELETED') return;
      this.onPod(e.object as KObject);
    });
  }

  private beat(): void {
    const now = this.cluster.clock.iso(this.cluster.clock.now()).replace('Z', '.000000Z');
    for (const n of this.cluster.api.store.list('/nodes')) {
      const name = n.metadata.name!;
      if (this.stopped.has(name)) continue;
      const cur = this.cluster.api.store.get('coordination.k8s.io/leases', 'kube-node-lease', name);
      const spec = { holderIdentity: name, leaseDurationSeconds: 40, renewTime: now };
      if (cur) this.cluster.request({ verb: 'update', group: 'coordination.k8s.io', resource: 'leases', namespace: 'kube-node-lease', name, body: { ...structuredClone(cur), spec }, user: `system:node:${name}` });
      else this.cluster.request({ verb: 'create', group: 'coordination.k8s.io', resource: 'leases', namespace: 'kube-node-lease', body: { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name, namespace: 'kube-node-lease' }, spec }, user: `system:node:${name}` });
    }
    this.cluster.clock.schedule(10_000, () => this.beat(), 'fake-kubelet heartbeat');
  }

  private key(p: KObject): string {
    return `${p.metadata.namespace}/${p.metadata.name}/${p.metadata.uid}`;
  }

  private onPod(p: KObject): void {
    if (!this.enabled) return;
    const node = (p.spec as { nodeName?: string }).nodeName;
    // no such node: no kubelet to run it
    if (!node || this.stopped.has(node) || !this.cluster.api.store.get('/nodes', undefined, node)) return;
    const key = this.key(p);
    if (p.metadata.deletionTimestamp) {
      if (this.finishing.has(key)) return;
      this.finishing.add(key);
      this.cluster.clock.schedule(1000, () => {
        this.cluster.request({ verb: 'delete', resource: 'pods', namespace: p.metadata.namespace, name: p.metadata.name, query: { gracePeriodSeconds: 0, preconditions: { uid: p.metadata.uid } }, user: `system:node:${node}` });
      }, 'fake-kubelet kill');
      return;
    }
    if (this.started.has(key)) return;
    this.started.add(key);
    this.cluster.clock.schedule(this.opts.startMs ?? 1000, () => this.start(p.metadata.namespace!, p.metadata.name!, p.metadata.uid!, node), 'fake-kubelet start');
  }

  private start(ns: string, name: string, uid: string, node: string): void {
    const cur = this.cluster.request({ verb: 'get', resource: 'pods', namespace: ns, name }).body as KObject;
    if (!cur?.metadata || cur.metadata.uid !== uid || cur.metadata.deletionTimestamp) return;
    const b = this.opts.behaviour?.(cur) ?? 'run';
    const ip = `10.244.${(this.ipSeq >> 8) & 255}.${this.ipSeq & 255}`;
    this.ipSeq++;
    const now = this.cluster.clock.iso();
    const ready = b === 'run' || (typeof b === 'object');
    this.writeStatus(cur, {
      phase: 'Running',
      podIP: ip,
      podIPs: [{ ip }],
      hostIP: '192.168.1.10',
      startTime: now,
      conditions: cond(now, b !== 'never-ready' && ready),
      containerStatuses: containers(cur, { running: { startedAt: now } }, b !== 'never-ready'),
    });
    if (typeof b === 'object')
      this.cluster.clock.schedule(b.afterMs, () => {
        const p = this.cluster.request({ verb: 'get', resource: 'pods', namespace: ns, name }).body as KObject;
        if (!p?.metadata || p.metadata.uid !== uid) return;
        const t = this.cluster.clock.iso();
        const term = { terminated: { exitCode: b.exitCode, reason: b.exitCode === 0 ? 'Completed' : 'Error', startedAt: now, finishedAt: t } };
        this.writeStatus(p, {
          ...(p.status as object),
          phase: b.exitCode === 0 ? 'Succeeded' : 'Failed',
          conditions: cond(t, false),
          containerStatuses: containers(p, term, false),
        });
      }, 'fake-kubelet exit');
    void node;
  }

  private writeStatus(p: KObject, status: Record<string, unknown>): void {
    const next = structuredClone(p) as KObject;
    next.status = structuredClone({ ...status, conditions: mergeScheduled(p, status.conditions as never[]) });
    const res = this.cluster.request({ verb: 'update', resource: 'pods', subresource: 'status', namespace: p.metadata.namespace, name: p.metadata.name, body: next, user: 'system:node:fake' });
    if (res.code >= 300 && res.code !== 404 && res.code !== 409) this.errors.push((res.body as { message?: string }).message ?? String(res.code));
  }

  /** status writes the API server refused (a test should expect none) */
  readonly errors: string[] = [];
}

function mergeScheduled(p: KObject, conds: Record<string, unknown>[]): Record<string, unknown>[] {
  const sched = ((p.status as { conditions?: Record<string, unknown>[] })?.conditions ?? []).find((c) => c.type === 'PodScheduled');
  return sched ? [...conds.filter((c) => c.type !== 'PodScheduled'), sched] : conds;
}

function cond(now: string, ready: boolean): Record<string, unknown>[] {
  const s = ready ? 'True' : 'False';
  return [
    { type: 'PodReadyToStartContainers', status: 'True', lastProbeTime: null, lastTransitionTime: now },
    { type: 'Initialized', status: 'True', lastProbeTime: null, lastTransitionTime: now },
    { type: 'Ready', status: s, lastProbeTime: null, lastTransitionTime: now },
    { type: 'ContainersReady', status: s, lastProbeTime: null, lastTransitionTime: now },
  ];
}

function containers(p: KObject, state: Record<string, unknown>, ready: boolean): Record<string, unknown>[] {
  const cs = ((p.spec as { containers?: { name: string; image: string }[] }).containers ?? []);
  return cs.map((c) => ({ name: c.name, image: c.image, imageID: '', ready, restartCount: 0, started: ready, state }));
}
