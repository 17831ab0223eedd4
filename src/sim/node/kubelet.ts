/**
 * The kubelet of one node: watches the pods bound to its node and runs each with a
 * PodWorker; admits hand-bound pods (OutOfcpu, NodeAffinity); keeps the node's image
 * cache, pod IPs (10.244.N.0/24, handed out in turn as host-local IPAM does) and the pull
 * back-off; runs static pods from the staticPodPath of /var/lib/kubelet/config.yaml with
 * their mirror pods; and serves `systemctl`, `crictl`, `journalctl` and other node
 * commands to the node's shell. Stopping the kubelet leaves its containers running (as
 * in real life) but stops syncing pods, probing, posting status and renewing the Lease;
 * a broken config keeps it from starting, with the error in its journal.
 */
import { parse as parseYaml } from 'yaml';
import type { Cluster } from '../cluster';
import type { KObject } from '../api/types';
import { clone } from '../api/objects';
import { fnv32a } from '../random';
import { MemFs, MountedFs } from '../containers/fs';
import { Shell, runToEnd, type ShellContext } from '../containers/shell';
import { hasTool } from '../containers/tools';
import type { ContainerHooks } from '../containers/behaviours';
import { networkOf, nodeClient, type Network, type PodEndpoint } from '../network';
import type { BackoffEntry } from './backoff';
import { PodWorker, type ContainerRecord } from './pod-worker';
import { qosClass, type PodSpec } from './pod-env';
import { podRequests } from '../scheduler/resources';
import { milliValue, tryParseQuantity } from '../api/validation/quantity';
import { formatDate } from '../containers/tools';
import type { NodeHost, CommandResult } from './host';

export const MANIFESTS = '/etc/kubernetes/manifests';

/**
 * The first three octets of node N's pod /24: 10.244.N for the first 256 nodes (kubeadm's
 * 10.244.0.0/16), continuing into 10.245.x and up for bigger clusters.
 */
export function podSubnet(idx: number): string {
  return `10.${244 + (idx >> 8)}.${idx & 255}`;
}

/** The inverse of podSubnet for a node's spec.podCIDR. */
export function subnetIndex(cidr: string | undefined): number | undefined {
  const m = /^10\.(\d+)\.(\d+)\.0\/24$/.exec(cidr ?? '');
  return m ? (Number(m[1]) - 244) * 256 + Number(m[2]) : undefined;
}
const MIRROR = 'kubernetes.io/config.mirror';

export interface KubeletOptions {
  name: string;
  nodeIP: string;
  /** N of 10.244.N.0/24 */
  cidrIndex: number;
  world: NodeWorld;
}

type PodHandler = (type: 'ADDED' | 'MODIFIED' | 'DELETED', pod: KObject) => void;

/**
 * One pods-informer handler for all the kubelets of a cluster, handing each change to the
 * kubelets of the pod's node only (as each real kubelet watches with a spec.nodeName
 * field selector): with one handler per kubelet, every pod write would call every
 * kubelet. Kubelets start one after another, so the single handler sits where theirs sat.
 */
class PodRouter {
  private byNode = new Map<string, PodHandler[]>();
  constructor(cluster: Cluster) {
    cluster.informers.for('pods').on((type, pod) => {
      const n = (pod.spec as PodSpec | undefined)?.nodeName;
      const hs = n ? this.byNode.get(n) : undefined;
      if (hs) for (const h of hs) h(type, pod);
    });
  }
  add(node: string, h: PodHandler): void {
    const hs = this.byNode.get(node);
    if (hs) hs.push(h);
    else this.byNode.set(node, [h]);
  }
}

const routers = new WeakMap<Cluster, PodRouter>();

function podRouter(cluster: Cluster): PodRouter {
  let r = routers.get(cluster);
  if (!r) routers.set(cluster, (r = new PodRouter(cluster)));
  return r;
}

/** What all kubelets of a cluster share: PVC data, the scheduler hook, the lease timer. */
export interface NodeWorld {
  cluster: Cluster;
  kubelets: Map<string, Kubelet>;
  pvcData: Map<string, MemFs>;
  hooks: ContainerHooks;
  /** control loops stopped because their control-plane pod is down */
  cpStopped: Set<string>;
  /** a kube-apiserver static pod has run (from then on the API needs one) */
  apiServerSeen: boolean;
  /** state saved in a snapshot, read by installNodes after Cluster.restore */
  saved?: import('./index').NodesState;
}

export class Kubelet {
  readonly name: string;
  readonly nodeIP: string;
  readonly cidrIndex: number;
  readonly cluster: Cluster;
  readonly network: Network;
  readonly fs = new MemFs();
  readonly images = new Map<string, number>();
  readonly pullBackoff = new Map<string, BackoffEntry>();
  readonly pullErrors = new Map<string, string>();
  readonly workers = new Map<string, PodWorker>();
  running = true;
  startedAt: number;
  /** host-local IPAM's last reserved address + 1: saved in snapshots, as the plugin keeps it on disk */
  nextIP = 2;
  private usedIPs = new Set<string>();
  private endpoints = new Map<PodWorker, PodEndpoint>();
  /** manifest path → its static pod */
  private statics = new Map<string, { hash: string; worker: PodWorker; mirrorName: string; ns: string }>();
  private scanScheduled = false;

  constructor(private opts: KubeletOptions) {
    this.name = opts.name;
    this.nodeIP = opts.nodeIP;
    this.cidrIndex = opts.cidrIndex;
    this.cluster = opts.world.cluster;
    this.network = networkOf(this.cluster);
    this.network.nodeIPs.set(this.nodeIP, this.name);
    this.startedAt = this.cluster.clock.now();
    this.fs.mkdirp(MANIFESTS);
  }

  get hooks(): ContainerHooks {
    return this.opts.world.hooks;
  }

  /** Starts watching pods; called once at install. */
  start(): void {
    if (this.running) {
      this.loadConfig();
      this.log('I', 'server.go:486', '"Kubelet version" kubeletVersion="v1.32.0"');
      this.log('I', 'kubelet.go:2346', '"Starting kubelet main sync loop"');
    }
    podRouter(this.cluster).add(this.name, (type, pod) => this.onPod(type, pod));
    this.resync();
  }

  /** Every pod of this node from the informer cache, as after a (re)start. */
  private resync(): void {
    for (const p of this.cluster.informers.for('pods').list()) if ((p.spec as PodSpec).nodeName === this.name) this.onPod('ADDED', p);
    this.scheduleScan();
  }

  // ---------------------------------------------------------------- pods from the API

  private onPod(type: 'ADDED' | 'MODIFIED' | 'DELETED', pod: KObject): void {
    if ((pod.spec as PodSpec | undefined)?.nodeName !== this.name) return;
    if (pod.metadata.annotations?.[MIRROR] !== undefined) {
      this.onMirror(type, pod);
      return;
    }
    if (!this.running) return;
    const uid = pod.metadata.uid!;
    let w = this.workers.get(uid);
    if (type === 'DELETED') {
      if (w) {
        w.destroy();
        this.workers.delete(uid);
      }
      return;
    }
    if (!w) {
      const phase = (pod.status as { phase?: string } | undefined)?.phase;
      if ((phase === 'Succeeded' || phase === 'Failed') && !pod.metadata.deletionTimestamp) return;
      if (!(pod.status as { startTime?: string } | undefined)?.startTime && !pod.metadata.deletionTimestamp) {
        const rejected = this.admit(pod);
        if (rejected) {
          this.reject(pod, rejected.reason, rejected.message);
          return;
        }
      }
      w = new PodWorker(this, pod);
      this.workers.set(uid, w);
      adopt(w, pod);
      if ((phase === 'Succeeded' || phase === 'Failed') && pod.metadata.deletionTimestamp) {
        this.finishDeletion(w);
        return;
      }
    }
    w.update(pod);
  }

  /**
   * Kubelet admission (lifecycle/predicate.go): a pod bound here by hand (spec.nodeName)
   * skips the scheduler, so the kubelet checks node selector and resources itself.
   */
  private admit(pod: KObject): { reason: string; message: string } | undefined {
    const node = this.cluster.api.store.get('/nodes', undefined, this.name);
    if (!node) return undefined;
    const spec = pod.spec as PodSpec & { nodeSelector?: Record<string, string>; priorityClassName?: string };
    const labels = node.metadata.labels ?? {};
    if (spec.nodeSelector && Object.entries(spec.nodeSelector).some(([k, v]) => labels[k] !== v))
      return { reason: 'NodeAffinity', message: "Predicate NodeAffinity failed: node(s) didn't match Pod's node affinity/selector" };
    // critical pods are admitted regardless (they would preempt on a real node)
    if (spec.priorityClassName === 'system-node-critical' || spec.priorityClassName === 'system-cluster-critical') return undefined;
    const alloc = ((node.status as { allocatable?: Record<string, string> } | undefined)?.allocatable ?? {}) as Record<string, string>;
    const active = this.allWorkers().filter((w) => !w.final && !w.gone);
    if (alloc.pods !== undefined && active.length + 1 > Number(alloc.pods))
      return { reason: 'OutOfpods', message: `Node didn't have enough resource: pods, requested: 1, used: ${active.length}, capacity: ${alloc.pods}` };
    const want = podRequests(pod);
    const used: Record<string, number> = {};
    for (const w of active) {
      const r = podRequests(w.pod);
      for (const k in r) used[k] = (used[k] ?? 0) + r[k];
    }
    for (const [r, req] of Object.entries(want)) {
      if (!req || alloc[r] === undefined) continue;
      const cap = r === 'cpu' ? milliValue(alloc[r]) : (tryParseQuantity(alloc[r]) ?? 0);
      if ((used[r] ?? 0) + req > cap)
        return { reason: `OutOf${r}`, message: `Node didn't have enough resource: ${r}, requested: ${req}, used: ${used[r] ?? 0}, capacity: ${cap}` };
    }
    return undefined;
  }

  private reject(pod: KObject, reason: string, message: string): void {
    this.cluster.events.record(pod, 'Warning', reason, message, { component: 'kubelet', host: this.name });
    const body = clone(pod);
    // conditions the kubelet does not own (PodScheduled) are kept, as mergePodStatus does
    const kept = clone(((pod.status as { conditions?: { type: string }[] } | undefined)?.conditions ?? []).filter((c) => c.type === "PodScheduled"));
    body.status = { ...(kept.length ? { conditions: kept } : {}), message: `Pod was rejected: ${message}`, phase: 'Failed', qosClass: qosClass(pod.spec as PodSpec), reason, startTime: this.cluster.clock.iso() };
    delete body.metadata.resourceVersion;
    this.cluster.request({ verb: 'update', resource: 'pods', subresource: 'status', namespace: pod.metadata.namespace, name: pod.metadata.name, body, user: `system:node:${this.name}` });
  }

  /** The API object a worker writes its status to (the pod, or a static pod's mirror). */
  apiPodOf(w: PodWorker): KObject | undefined {
    if (w.staticKey) {
      const m = this.cluster.api.store.get('/pods', w.ns, w.name);
      return m && m.metadata.annotations?.[MIRROR] !== undefined ? m : undefined;
    }
    const p = this.cluster.api.store.get('/pods', w.ns, w.name);
    return p && p.metadata.uid === w.uid ? p : undefined;
  }

  writeStatus(w: PodWorker, status: Record<string, unknown>): boolean {
    if (!this.running) return false;
    const target = this.apiPodOf(w);
    if (!target) return false;
    // the server decodes its own copy; the stored spec goes as it is (not copied)
    const { resourceVersion: _, ...metadata } = target.metadata;
    const body = { ...target, metadata, status } as KObject;
    const res = this.cluster.request({ verb: 'update', resource: 'pods', subresource: 'status', namespace: w.ns, name: w.name, body, user: `system:node:${this.name}` });
    return res.code < 300;
  }

  recordPodEvent(w: PodWorker, type: 'Normal' | 'Warning', reason: string, msg: string, fieldPath?: string): void {
    const obj = this.apiPodOf(w) ?? w.pod;
    this.cluster.events.record(obj, type, reason, msg, { component: 'kubelet', host: this.name }, fieldPath);
  }

  /** All containers stopped: the final delete with grace 0 (or, for a static pod, its mirror). */
  finishDeletion(w: PodWorker): void {
    const target = this.apiPodOf(w);
    w.destroy();
    if (w.staticKey) return;
    this.workers.delete(w.uid);
    if (target)
      this.cluster.request({
        verb: 'delete',
        resource: 'pods',
        namespace: w.ns,
        name: w.name,
        query: { gracePeriodSeconds: 0, preconditions: { uid: w.uid } },
        user: `system:node:${this.name}`,
      });
  }

  // ---------------------------------------------------------------- network

  attachNetwork(w: PodWorker): string {
    const spec = w.spec;
    let ip = w.podIP;
    if (spec.hostNetwork) ip = this.nodeIP;
    else if (!ip) ip = this.allocateIP();
    else this.usedIPs.add(ip);
    const worker = w;
    const ep: PodEndpoint = {
      ip,
      namespace: w.ns,
      name: w.name,
      node: this.name,
      hostNetwork: !!spec.hostNetwork,
      listener: (port) => {
        for (const r of worker.containers) {
          const h = r.proc?.running ? r.proc.listeners.get(port) : undefined;
          if (h) return { handler: h, proc: r.proc! };
        }
        return undefined;
      },
    };
    this.endpoints.set(w, ep);
    this.network.register(ep);
    return ip;
  }

  /** Tears the sandbox down; a completed pod keeps its IP in status but not on the network. */
  detachNetwork(w: PodWorker, keepRecord: boolean): void {
    const ep = this.endpoints.get(w);
    if (ep) {
      this.network.unregister(ep);
      this.endpoints.delete(w);
    }
    if (!keepRecord && w.podIP && !w.spec.hostNetwork) this.usedIPs.delete(w.podIP);
  }

  private allocateIP(): string {
    for (let k = 0; k < 253; k++) {
      const n = this.nextIP;
      this.nextIP = this.nextIP >= 254 ? 2 : this.nextIP + 1;
      const ip = `${podSubnet(this.cidrIndex)}.${n}`;
      if (!this.usedIPs.has(ip)) {
        this.usedIPs.add(ip);
        return ip;
      }
    }
    return `${podSubnet(this.cidrIndex)}.254`;
  }

  reserveIP(ip: string): void {
    this.usedIPs.add(ip);
    const n = Number(ip.split('.')[3]);
    if (n >= this.nextIP) this.nextIP = n >= 254 ? 2 : n + 1;
  }

  pvcData(ns: string, claim: string): MemFs {
    const key = `${ns}/${claim}`;
    let fs = this.opts.world.pvcData.get(key);
    if (!fs) this.opts.world.pvcData.set(key, (fs = new MemFs()));
    return fs;
  }

  // ---------------------------------------------------------------- static pods

  scheduleScan(): void {
    if (this.scanScheduled) return;
    this.scanScheduled = true;
    this.cluster.clock.schedule(0, () => {
      this.scanScheduled = false;
      this.scanManifests();
    }, `kubelet ${this.name} static pods`);
  }

  /** whether the manifests folder has been read since the kubelet started */
  private scannedOnce = false;

  private scanManifests(): void {
    if (!this.running) return;
    this.scannedOnce = true;
    const seen = new Set<string>();
    const dir = this.staticPodPath;
    for (const f of this.fs.list(dir) ?? []) {
      const path = `${dir}/${f}`;
      if (!/\.(ya?ml|json)$/.test(f) || f.startsWith('.')) continue;
      const text = this.fs.read(path);
      if (text === undefined) continue;
      let obj: KObject | undefined;
      let why = '';
      try {
        obj = parseManifest(text);
      } catch (e) {
        why = e instanceof Error ? e.message.split('\n')[0] : String(e);
        obj = undefined;
      }
      if (!obj || typeof obj !== 'object' || obj.kind !== 'Pod' || !obj.metadata?.name || !Array.isArray((obj.spec as PodSpec | undefined)?.containers)) {
        if (!this.badManifests.has(`${path}:${text.length}`)) {
          this.badManifests.add(`${path}:${text.length}`);
          this.log('E', 'file.go:187', `"Could not process manifest file" err="invalid pod: ${why || (obj && typeof obj === 'object' && obj.kind !== 'Pod' ? `kind ${String(obj.kind)} is not Pod` : 'missing metadata.name or spec.containers')}" path="${path}"`);
        }
        continue;
      }
      seen.add(path);
      const hash = fnv32a(`${this.name}\n${text}`).toString(16).padStart(8, '0') + fnv32a(text).toString(16).padStart(8, '0');
      const cur = this.statics.get(path);
      if (cur && cur.hash === hash) {
        this.ensureMirror(cur);
        continue;
      }
      if (cur) this.stopStatic(path, cur);
      const ns = obj.metadata.namespace ?? 'default';
      const mirrorName = `${obj.metadata.name}-${this.name}`;
      const uid = `${hash.slice(0, 8)}-${hash.slice(8, 12)}-4${hash.slice(13, 16)}-8${hash.slice(1, 4)}-${hash.slice(4, 16)}`.slice(0, 36);
      const pod: KObject = {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {
          ...clone(obj.metadata),
          name: mirrorName,
          namespace: ns,
          uid,
          annotations: { ...(obj.metadata.annotations ?? {}), 'kubernetes.io/config.hash': hash, 'kubernetes.io/config.seen': `${this.cluster.clock.iso().replace('Z', '')}.000000000Z`, 'kubernetes.io/config.source': 'file' },
        },
        spec: { ...clone(obj.spec as object), nodeName: this.name },
      };
      const w = new PodWorker(this, pod, path);
      // after a restore (or a kubelet restart) the mirror pod's status says what runs
      const mirror = this.cluster.api.store.get('/pods', ns, mirrorName);
      if (mirror?.metadata.annotations?.[MIRROR] === hash && !cur) adopt(w, mirror);
      const entry = { hash, worker: w, mirrorName, ns };
      this.statics.set(path, entry);
      this.ensureMirror(entry);
      w.kick();
    }
    for (const [path, cur] of [...this.statics]) if (!seen.has(path)) this.stopStatic(path, cur);
  }

  private stopStatic(path: string, cur: { worker: PodWorker; mirrorName: string; ns: string }): void {
    this.statics.delete(path);
    cur.worker.destroy();
    const m = this.cluster.api.store.get('/pods', cur.ns, cur.mirrorName);
    if (m && m.metadata.annotations?.[MIRROR] !== undefined)
      this.cluster.request({ verb: 'delete', resource: 'pods', namespace: cur.ns, name: cur.mirrorName, query: { gracePeriodSeconds: 0 }, user: `system:node:${this.name}` });
  }

  private ensureMirror(entry: { hash: string; worker: PodWorker; mirrorName: string; ns: string }): void {
    if (!this.running) return;
    const existing = this.cluster.api.store.get('/pods', entry.ns, entry.mirrorName);
    if (existing) {
      if (existing.metadata.annotations?.[MIRROR] === entry.hash && !existing.metadata.deletionTimestamp) return;
      this.cluster.request({ verb: 'delete', resource: 'pods', namespace: entry.ns, name: entry.mirrorName, query: { gracePeriodSeconds: 0 }, user: `system:node:${this.name}` });
    }
    const node = this.cluster.api.store.get('/nodes', undefined, this.name);
    const src = entry.worker.pod;
    const body: KObject = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: entry.mirrorName,
        namespace: entry.ns,
        labels: src.metadata.labels,
        annotations: { ...(src.metadata.annotations ?? {}), [MIRROR]: entry.hash },
        ...(node ? { ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: this.name, uid: node.metadata.uid!, controller: true }] } : {}),
      },
      spec: src.spec,
    };
    const res = this.cluster.request({ verb: 'create', resource: 'pods', namespace: entry.ns, body, user: `system:node:${this.name}` });
    if (res.code < 300) entry.worker.flush();
  }

  private onMirror(type: 'ADDED' | 'MODIFIED' | 'DELETED', pod: KObject): void {
    if (!this.running) return;
    const entry = [...this.statics.values()].find((e) => e.mirrorName === pod.metadata.name && e.ns === pod.metadata.namespace);
    if (!entry) {
      // a mirror pod without a manifest is removed — asked again when the delete is due, since
      // after a restore the informer lists the mirror pods before the manifests are read
      const orphan = () => ![...this.statics.values()].some((e) => e.mirrorName === pod.metadata.name && e.ns === pod.metadata.namespace);
      if (type !== 'DELETED')
        this.cluster.clock.schedule(
          0,
          () => {
            if (!this.scannedOnce) this.scanManifests();
            if (orphan()) this.cluster.request({ verb: 'delete', resource: 'pods', namespace: pod.metadata.namespace, name: pod.metadata.name, query: { gracePeriodSeconds: 0 }, user: `system:node:${this.name}` });
          },
          'orphan mirror',
        );
      return;
    }
    if (type === 'DELETED' || pod.metadata.deletionTimestamp) {
      // deleting a mirror pod only deletes the reflection: the kubelet recreates it
      this.cluster.clock.schedule(0, () => {
        const cur = this.cluster.api.store.get('/pods', entry.ns, entry.mirrorName);
        if (cur?.metadata.deletionTimestamp)
          this.cluster.request({ verb: 'delete', resource: 'pods', namespace: entry.ns, name: entry.mirrorName, query: { gracePeriodSeconds: 0 }, user: `system:node:${this.name}` });
        if (this.statics.get([...this.statics].find(([, e]) => e === entry)?.[0] ?? '') === entry) {
          this.ensureMirror(entry);
          entry.worker.flush(true);
        }
      }, 'recreate mirror pod');
    } else if (type === 'ADDED') entry.worker.flush();
  }

  // ---------------------------------------------------------------- systemctl / crictl

  /** The kubelet's journal (`journalctl -u kubelet`), klog lines with the journal prefix. */
  readonly journal: string[] = [];
  private badManifests = new Set<string>();
  /** why the last start failed (the unit then sits in auto-restart) */
  failed?: string;
  staticPodPath = MANIFESTS;

  log(level: 'I' | 'W' | 'E', file: string, msg: string): void {
    const now = this.cluster.clock.now();
    const head = `${formatDate(now, '%b %d %H:%M:%S')} ${this.name} kubelet[713]: `;
    this.journal.push(`${head}${level}${formatDate(now, '%m%d %H:%M:%S')}.${String(now % 1000).padStart(3, '0')}000     713 ${file}] ${msg}`);
    if (this.journal.length > 2000) this.journal.splice(0, this.journal.length - 2000);
  }

  /**
   * Reads /var/lib/kubelet/config.yaml as the kubelet does on start; returns the error
   * that stops it (a broken file, a missing client CA), or undefined.
   */
  private loadConfig(): string | undefined {
    const path = '/var/lib/kubelet/config.yaml';
    const text = this.fs.read(path);
    if (text === undefined) return `failed to load kubelet config file, path: ${path}, error: failed to load Kubelet config file ${path}, error failed to read kubelet config file "${path}", error: open ${path}: no such file or directory`;
    let cfg: Record<string, unknown>;
    try {
      cfg = (parseYaml(text) ?? {}) as Record<string, unknown>;
    } catch (e) {
      return `failed to load kubelet config file, path: ${path}, error: failed to load Kubelet config file ${path}, error failed to decode: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`;
    }
    if (cfg.kind !== undefined && cfg.kind !== 'KubeletConfiguration')
      return `failed to load kubelet config file, path: ${path}, error: failed to load Kubelet config file ${path}, error failed to decode: no kind "${String(cfg.kind)}" is registered for version "${String(cfg.apiVersion)}" in scheme "pkg/kubelet/apis/config/scheme/scheme.go:33"`;
    const ca = ((cfg.authentication as { x509?: { clientCAFile?: string } } | undefined)?.x509?.clientCAFile) ?? undefined;
    if (ca && this.fs.read(ca) === undefined) return `failed to construct kubelet dependencies: unable to load client CA file ${ca}: open ${ca}: no such file or directory`;
    this.staticPodPath = typeof cfg.staticPodPath === 'string' && cfg.staticPodPath ? cfg.staticPodPath.replace(/\/$/, '') : MANIFESTS;
    return undefined;
  }

  stop(): void {
    if (this.running) this.log('I', 'server.go:1291', '"Shutting down kubelet"');
    this.running = false;
  }

  restart(): void {
    const err = this.loadConfig();
    if (err) {
      this.failed = err;
      this.running = false;
      this.log('E', 'run.go:72', `"command failed" err="${err.replace(/"/g, '\\"')}"`);
      return;
    }
    this.failed = undefined;
    this.log('I', 'server.go:486', '"Kubelet version" kubeletVersion="v1.32.0"');
    this.log('I', 'kubelet.go:2346', '"Starting kubelet main sync loop"');
    this.running = true;
    this.startedAt = this.cluster.clock.now();
    // pods deleted while the kubelet was down: their containers are cleaned up now
    const pods = this.cluster.informers.for('pods');
    for (const [uid, w] of [...this.workers]) {
      const cur = pods.get(w.ns, w.name);
      if (!cur || cur.metadata.uid !== uid) {
        w.destroy();
        this.workers.delete(uid);
      }
    }
    this.resync();
    for (const w of this.workers.values()) {
      w.kick();
      w.repost();
    }
    for (const s of this.statics.values()) {
      this.ensureMirror(s);
      s.worker.kick();
    }
    this.onRestart?.();
  }

  /** set by the node installer: post node status again after a restart */
  onRestart?: () => void;

  systemctl(args: string[]): CommandResult {
    const [verb, unitRaw] = args;
    const unit = (unitRaw ?? '').replace(/\.service$/, '');
    if (!verb) return { code: 1, stdout: '', stderr: 'Too few arguments.\n' };
    if (unit !== 'kubelet' && unit !== 'containerd') {
      if (verb === 'status') return { code: 4, stdout: '', stderr: `Unit ${unit}.service could not be found.\n` };
      return { code: 5, stdout: '', stderr: `Failed to ${verb} ${unit}.service: Unit ${unit}.service not found.\n` };
    }
    if (unit === 'containerd') {
      if (verb === 'status') return { code: 0, stdout: `● containerd.service - containerd container runtime\n     Loaded: loaded (/usr/lib/systemd/system/containerd.service; enabled; preset: enabled)\n     Active: active (running) since ${formatDate(this.cluster.clock.now() - 3600_000, '%a %Y-%m-%d %H:%M:%S')} UTC\n       Docs: https://containerd.io\n   Main PID: 512 (containerd)\n`, stderr: '' };
      return { code: 0, stdout: '', stderr: '' };
    }
    switch (verb) {
      case 'stop':
        this.stop();
        return { code: 0, stdout: '', stderr: '' };
      case 'start':
        if (!this.running) this.restart();
        return { code: 0, stdout: '', stderr: '' };
      case 'restart':
        this.stop();
        this.restart();
        return { code: 0, stdout: '', stderr: '' };
      case 'enable':
      case 'disable':
      case 'daemon-reload':
        return { code: 0, stdout: '', stderr: '' };
      case 'is-active':
        return { code: this.running ? 0 : 3, stdout: this.running ? 'active\n' : this.failed ? 'activating\n' : 'inactive\n', stderr: '' };
      case 'status': {
        const since = formatDate(this.startedAt, '%a %Y-%m-%d %H:%M:%S');
        const head = `● kubelet.service - kubelet: The Kubernetes Node Agent\n     Loaded: loaded (/usr/lib/systemd/system/kubelet.service; enabled; preset: enabled)\n    Drop-In: /usr/lib/systemd/system/kubelet.service.d\n             └─10-kubeadm.conf\n`;
        if (!this.running && this.failed)
          return { code: 3, stdout: `${head}     Active: activating (auto-restart) (Result: exit-code) since ${formatDate(this.cluster.clock.now(), '%a %Y-%m-%d %H:%M:%S')} UTC; 5s ago\n       Docs: https://kubernetes.io/docs/\n    Process: 713 ExecStart=/usr/bin/kubelet $KUBELET_KUBECONFIG_ARGS $KUBELET_CONFIG_ARGS $KUBELET_KUBEADM_ARGS $KUBELET_EXTRA_ARGS (code=exited, status=1/FAILURE)\n   Main PID: 713 (code=exited, status=1/FAILURE)\n`, stderr: '' };
        if (!this.running)
          return { code: 3, stdout: `${head}     Active: inactive (dead) since ${since} UTC\n       Docs: https://kubernetes.io/docs/\n`, stderr: '' };
        return { code: 0, stdout: `${head}     Active: active (running) since ${since} UTC\n       Docs: https://kubernetes.io/docs/\n   Main PID: 713 (kubelet)\n      Tasks: 12 (limit: 4613)\n     Memory: 38.2M\n        CPU: 1.234s\n     CGroup: /system.slice/kubelet.service\n             └─713 /usr/bin/kubelet --bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf --kubeconfig=/etc/kubernetes/kubelet.conf --config=/var/lib/kubelet/config.yaml --container-runtime-endpoint=unix:///var/run/containerd/containerd.sock --pod-infra-container-image=registry.k8s.io/pause:3.10\n`, stderr: '' };
      }
    }
    return { code: 1, stdout: '', stderr: `Unknown command verb ${verb}.\n` };
  }

  /** Every worker of this node, static pods included. */
  allWorkers(): PodWorker[] {
    return [...this.workers.values(), ...[...this.statics.values()].map((s) => s.worker)];
  }

  crictl(args: string[]): CommandResult {
    const r = this.crictlRaw(args);
    return { ...r, stdout: r.stdout.replace(/ +\n/g, '\n') };
  }

  private crictlRaw(args: string[]): CommandResult {
    const now = this.cluster.clock.now();
    const ago = (ms?: number) => {
      const s = Math.max(0, Math.floor((now - (ms ?? now)) / 1000));
      if (s < 60) return `${s} seconds ago`;
      if (s < 3600) return `${Math.floor(s / 60)} minutes ago`;
      return `${Math.floor(s / 3600)} hours ago`;
    };
    const pad = (s: string, n = 20) => (s.length >= n ? `${s} ` : s.padEnd(n));
    const [cmd, ...rest] = args;
    const all = rest.includes('-a') || rest.includes('--all');
    switch (cmd) {
      case 'ps': {
        let out = `${pad('CONTAINER')}${pad('IMAGE')}${pad('CREATED')}${pad('STATE')}${pad('NAME')}${pad('ATTEMPT')}${pad('POD ID')}${pad('POD')}\n`;
        for (const w of this.allWorkers())
          for (const r of w.containers) {
            if (!r.containerID) continue;
            const running = r.running;
            if (!running && !all) continue;
            out += `${pad(r.containerID.slice(13, 26))}${pad(r.imageID.split(':').pop()!.slice(0, 13))}${pad(ago(r.startedAtMs))}${pad(running ? 'Running' : 'Exited')}${pad(r.name)}${pad(String(r.restartCount))}${pad(w.sandboxID.slice(0, 13))}${w.name}\n`;
          }
        return { code: 0, stdout: out, stderr: '' };
      }
      case 'pods': {
        let out = `${pad('POD ID')}${pad('CREATED')}${pad('STATE')}${pad('NAME', 40)}${pad('NAMESPACE')}${pad('ATTEMPT')}RUNTIME\n`;
        for (const w of this.allWorkers()) if (w.sandboxReady) out += `${pad(w.sandboxID.slice(0, 13))}${pad(ago(Date.parse(w.startTime ?? '') || now))}${pad(w.final ? 'NotReady' : 'Ready')}${pad(w.name, 40)}${pad(w.ns)}${pad('0')}(default)\n`;
        return { code: 0, stdout: out, stderr: '' };
      }
      case 'images': {
        let out = `${pad('IMAGE', 48)}${pad('TAG')}${pad('IMAGE ID')}SIZE\n`;
        for (const [ref, size] of [...this.images].sort()) {
          const i = ref.lastIndexOf(':');
          const repo = i > ref.lastIndexOf('/') ? ref.slice(0, i) : ref;
          const tag = i > ref.lastIndexOf('/') ? ref.slice(i + 1) : '<none>';
          out += `${pad(repo, 48)}${pad(tag)}${pad(fnv32a(ref).toString(16).padStart(8, '0') + 'abcde'.slice(0, 5))}${(size / 1e6).toFixed(1)}MB\n`;
        }
        return { code: 0, stdout: out, stderr: '' };
      }
      case 'logs': {
        const id = rest.find((a) => !a.startsWith('-'));
        const rec = this.findContainer(id ?? '');
        if (!rec) return { code: 1, stdout: '', stderr: `E0101 00:00:00.000000    1234 remote_runtime.go:432] "ContainerStatus from runtime service failed" err="rpc error: code = NotFound desc = an error occurred when try to find container \\"${id ?? ''}\\": not found"\nFATA[0000] rpc error: code = NotFound desc = an error occurred when try to find container "${id ?? ''}": not found\n` };
        let stdout = '';
        let stderr = '';
        for (const l of rec.logs?.lines ?? []) {
          if (l.stream === 'stdout') stdout += `${l.text}\n`;
          else stderr += `${l.text}\n`;
        }
        return { code: 0, stdout, stderr };
      }
      case 'inspect': {
        const rec = this.findContainer(rest.find((a) => !a.startsWith('-')) ?? '');
        if (!rec) return { code: 1, stdout: '', stderr: 'FATA[0000] no such container\n' };
        return { code: 0, stdout: `${JSON.stringify({ status: { id: rec.containerID?.slice(13), state: rec.running ? 'CONTAINER_RUNNING' : 'CONTAINER_EXITED', image: { image: rec.image }, imageRef: rec.imageID } }, null, 2)}\n`, stderr: '' };
      }
      case 'rmi':
      case 'pull':
      case 'stop':
      case 'rm':
        return { code: 0, stdout: '', stderr: '' };
      case undefined:
      case '--help':
      case 'help':
        return { code: 0, stdout: 'NAME:\n   crictl - client for CRI\n\nUSAGE:\n   crictl [global options] command [command options]\n\nCOMMANDS:\n   images   List images\n   inspect  Display the status of one or more containers\n   logs     Fetch the logs of a container\n   pods     List pods\n   ps       List containers\n', stderr: '' };
    }
    return { code: 1, stdout: '', stderr: `No help topic for '${cmd}'\n` };
  }

  private findContainer(prefix: string): ContainerRecord | undefined {
    if (!prefix) return undefined;
    for (const w of this.allWorkers()) for (const r of w.containers) if (r.containerID && r.containerID.slice(13).startsWith(prefix)) return r;
    return undefined;
  }

  /** The processes of the node: systemd, containerd, the kubelet and every container's main process. */
  private processes(): { pid: number; user: string; cmd: string }[] {
    const out = [
      { pid: 1, user: 'root', cmd: '/sbin/init' },
      { pid: 512, user: 'root', cmd: '/usr/bin/containerd' },
    ];
    if (this.running)
      out.push({ pid: 713, user: 'root', cmd: '/usr/bin/kubelet --bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf --kubeconfig=/etc/kubernetes/kubelet.conf --config=/var/lib/kubelet/config.yaml --container-runtime-endpoint=unix:///var/run/containerd/containerd.sock --pod-infra-container-image=registry.k8s.io/pause:3.10' });
    let pid = 1000;
    for (const w of this.allWorkers()) {
      if (w.sandboxReady && !w.gone) out.push({ pid: pid++, user: '65535', cmd: '/pause' });
      for (const r of w.containers) if (r.running && r.env) out.push({ pid: pid++, user: 'root', cmd: r.env.argv.join(' ') });
    }
    return out;
  }

  /**
   * A command typed on the node that the shell does not implement itself (curl, wget,
   * etcdctl, ps, cat …): run by the same small shell, on the node's disk and network.
   */
  runOnNode(argv: string[], stdin?: string): CommandResult {
    if (!argv.length) return { code: 0, stdout: '', stderr: '' };
    let stdout = '';
    let stderr = '';
    const ctx: ShellContext = {
      env: new Map([
        ['PATH', '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'],
        ['HOME', '/root'],
        ['HOSTNAME', this.name],
        ['__NODE', this.name],
        ['__NODE_IP', this.nodeIP],
      ]),
      fs: new MountedFs(this.fs),
      flavor: 'bash',
      tools: new Set(['curl', 'wget', 'nc', 'ps', 'etcdctl', 'etcdutl', 'free', 'top', 'uptime']),
      hostname: this.name,
      now: () => this.cluster.clock.now(),
      out: (t) => void (stdout += t),
      err: (t) => void (stderr += t),
      net: nodeClient(this.cluster, this.name),
      ps: () => this.processes(),
      instant: true,
      stdin,
      cwd: '/root',
      argv0: '-bash',
    };
    const head = argv[0].includes('/') ? argv[0].slice(argv[0].lastIndexOf('/') + 1) : argv[0];
    if (head === 'journalctl') return this.journalctl(argv.slice(1));
    if (!hasTool(head, ctx) && !['sh', 'bash', 'echo', 'sleep', 'exit', 'export', 'cd', 'true', 'false'].includes(head))
      return { code: 127, stdout: '', stderr: `${head}: command not found\n` };
    const code = runToEnd(new Shell(ctx).exec(argv));
    return { code: code ?? 0, stdout, stderr };
  }

  /** journalctl -u kubelet [-n N] [--no-pager] [-f]: the kubelet's journal. */
  private journalctl(args: string[]): CommandResult {
    const ui = args.findIndex((a) => a === '-u' || a === '--unit');
    const unit = (ui >= 0 ? args[ui + 1] : args.find((a) => a.startsWith('--unit='))?.slice(7) ?? args.find((a) => a.startsWith('-u') && a.length > 2)?.slice(2)) ?? '';
    if (unit.replace(/\.service$/, '') !== 'kubelet') return { code: 0, stdout: '-- No entries --\n', stderr: '' };
    const ni = args.findIndex((a) => a === '-n' || a === '--lines');
    const n = ni >= 0 ? Number(args[ni + 1]) : undefined;
    const lines = n !== undefined && !Number.isNaN(n) ? this.journal.slice(-n) : this.journal;
    return { code: 0, stdout: lines.length ? `${lines.join('\n')}\n` : '-- No entries --\n', stderr: '' };
  }

  /** The NodeHost the node's shell uses. */
  host(): NodeHost {
    const fs = this.fs;
    const touch = (path: string) => {
      if (path.startsWith(`${this.staticPodPath}/`) || path === this.staticPodPath) this.scheduleScan();
    };
    return {
      name: this.name,
      readFile: (p) => fs.read(p),
      writeFile: (p, c) => {
        fs.put(p, c);
        touch(p);
      },
      remove: (p) => {
        const ok = fs.remove(p);
        touch(p);
        return ok;
      },
      list: (d) => fs.list(d),
      isDir: (p) => fs.isDir(p),
      mkdir: (p) => fs.mkdirp(p),
      systemctl: (a) => this.systemctl(a),
      crictl: (a) => this.crictl(a),
      net: nodeClient(this.cluster, this.name),
      run: (argv, stdin) => this.runOnNode(argv, stdin),
    };
  }
}

/**
 * After a restore (or a kubelet restart) a worker takes the containers' state from the
 * pod's status: running containers keep their start time and restart count, a container
 * in CrashLoopBackOff keeps its last exit and back-off. Programs start again from the top.
 */
function adopt(w: PodWorker, pod: KObject): void {
  const st = clone(pod.status) as
    | {
        podIP?: string;
        startTime?: string;
        phase?: string;
        containerStatuses?: Record<string, unknown>[];
        initContainerStatuses?: Record<string, unknown>[];
      }
    | undefined;
  if (!st?.startTime) return;
  w.startTime = st.startTime;
  if (st.podIP) {
    w.podIP = st.podIP;
    if (!w.spec.hostNetwork) w.kubelet.reserveIP(st.podIP);
  }
  const statuses = [...(st.initContainerStatuses ?? []), ...(st.containerStatuses ?? [])];
  for (const s of statuses) {
    const r = w.containers.find((x) => x.name === s.name);
    if (!r) continue;
    const restartCount = Number(s.restartCount ?? 0);
    const state = s.state as Record<string, Record<string, unknown>> | undefined;
    const last = s.lastState as Record<string, Record<string, unknown>> | undefined;
    if (!s.containerID && !last?.terminated) continue;
    r.instances = restartCount + 1;
    r.containerID = s.containerID as string | undefined;
    r.imageID = String(s.imageID ?? '');
    r.image = String(s.image ?? r.image);
    if (last?.terminated) r.lastState = { terminated: last.terminated as never };
    if (state?.terminated) {
      r.state = { terminated: state.terminated as never };
      r.finishedAt = Date.parse(String(state.terminated.finishedAt)) || undefined;
      if (r.kind === 'init' && state.terminated.exitCode === 0) r.succeeded = true;
    } else if (state?.waiting && last?.terminated) {
      r.state = { terminated: last.terminated as never };
      r.finishedAt = Date.parse(String(last.terminated.finishedAt)) || undefined;
    } else if (state?.running) {
      r.instances = restartCount; // the program is started again; createAndStart counts it
      r.adoptStartedAt = String(state.running.startedAt);
    }
    if (restartCount > 0 && r.finishedAt)
      r.backoff = { delay: Math.min(10_000 * 2 ** Math.max(0, restartCount - 1), 300_000), lastUpdate: r.finishedAt - 1 };
  }
  if (st.phase === 'Succeeded' || st.phase === 'Failed') w.final = st.phase;
}

/**
 * Static pod manifests parsed once per distinct text: every node of every cluster reads
 * the same control-plane manifests at boot, and YAML parsing is most of a boot's cost.
 * Callers get their own copy.
 */
const manifestCache = new Map<string, unknown>();
function parseManifest(text: string): KObject {
  if (!manifestCache.has(text)) {
    if (manifestCache.size > 200) manifestCache.clear();
    manifestCache.set(text, parseYaml(text));
  }
  return clone(manifestCache.get(text)) as KObject;
}
