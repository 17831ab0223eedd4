/**
 * The nodes of a kubeadm-style cluster: a Node object per node (capacity, allocatable,
 * labels, addresses, nodeInfo, the four conditions with the kubelet's reasons, podCIDR),
 * a Lease in kube-node-lease, a kubelet, and a NodeHost for `ssh NODE`. The control-plane
 * node carries the static pods kubeadm writes (etcd, kube-apiserver,
 * kube-controller-manager, kube-scheduler).
 *
 * Heartbeats: the kubelets' Leases are renewed every 10 s of virtual time by one shared
 * timer (one clock event for all nodes, one small write per running kubelet), which is
 * what the node lifecycle controller reads; Node status itself is posted only on change
 * or every 5 minutes (nodeStatusReportFrequency), as kubelets ≥1.17 do. A stopped
 * kubelet renews nothing, so its node goes NotReady/Unknown through the node controller.
 */
import type { Cluster } from '../cluster';
import type { KObject } from '../api/types';
import { clone } from '../api/objects';
import { parseQuantity } from '../api/validation/quantity';
import { Kubelet, MANIFESTS, podSubnet, subnetIndex, type NodeWorld } from './kubelet';
import { MemFs } from '../containers/fs';
import { LogBuffer, type LogLine } from '../containers/process';
import { registerPodIO } from './pod-io';
import { controlPlaneManifests, KUBE_VERSION } from './control-plane';
import { startScheduler, stopScheduler } from '../scheduler';
import { networkOf } from '../network';

export interface NodeSpec {
  name: string;
  role?: 'control-plane' | 'worker';
  /** cores, e.g. '2' */
  cpu?: string;
  /** e.g. '4Gi' */
  memory?: string;
  pods?: number;
  labels?: Record<string, string>;
  taints?: { key: string; value?: string; effect: string }[];
}

export const DEFAULT_NODES: NodeSpec[] = [
  { name: 'controlplane', role: 'control-plane' },
  { name: 'node01', role: 'worker' },
  { name: 'node02', role: 'worker' },
];

export const LEASE_RENEW_MS = 10_000;
export const LEASE_DURATION_S = 40;
export const STATUS_REPORT_MS = 5 * 60_000;

const worlds = new WeakMap<Cluster, NodeWorld>();

/** The kubelets of a cluster (empty before installNodes). */
export function kubeletsOf(cluster: Cluster): Map<string, Kubelet> {
  return worlds.get(cluster)?.kubelets ?? new Map();
}

/**
 * Whether the API server would answer: true until a kube-apiserver static pod has run,
 * then only while one runs (a broken or removed manifest takes it down, as on kubeadm).
 * The shell can answer `The connection to the server 172.18.0.2:6443 was refused - did
 * you specify the right host or port?` while this is false.
 */
export function apiServerUp(cluster: Cluster): boolean {
  const world = worlds.get(cluster);
  if (!world?.apiServerSeen) return true;
  for (const k of world.kubelets.values())
    for (const w of k.allWorkers())
      if (w.staticKey && w.pod.metadata.labels?.component === 'kube-apiserver' && w.containers.some((r) => r.running)) return true;
  return false;
}

/** Whether the kubelet of a node is running (a lease is fresh while it is). */
export function kubeletRunning(cluster: Cluster, node: string): boolean {
  return !!kubeletsOf(cluster).get(node)?.running;
}

function microTime(iso: string): string {
  return iso.replace('Z', '.000000Z');
}

function nodeObject(cluster: Cluster, spec: NodeSpec, ip: string, idx: number): KObject {
  const cp = spec.role === 'control-plane';
  const cpu = spec.cpu ?? '2';
  const memBytes = parseQuantity(spec.memory ?? '4Gi');
  const memKi = Math.floor(memBytes / 1024);
  const pods = String(spec.pods ?? 110);
  const now = cluster.clock.iso();
  const cond = (type: string, status: string, reason: string, message: string) => ({
    lastHeartbeatTime: now,
    lastTransitionTime: now,
    message,
    reason,
    status,
    type,
  });
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: spec.name,
      labels: {
        'beta.kubernetes.io/arch': 'amd64',
        'beta.kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        'kubernetes.io/hostname': spec.name,
        'kubernetes.io/os': 'linux',
        ...(cp ? { 'node-role.kubernetes.io/control-plane': '', 'node.kubernetes.io/exclude-from-external-load-balancers': '' } : {}),
        ...(spec.labels ?? {}),
      },
      annotations: {
        'flannel.alpha.coreos.com/backend-type': 'vxlan',
        'flannel.alpha.coreos.com/public-ip': ip,
        'kubeadm.alpha.kubernetes.io/cri-socket': 'unix:///var/run/containerd/containerd.sock',
        'node.alpha.kubernetes.io/ttl': '0',
        'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
      },
    },
    spec: {
      podCIDR: `${podSubnet(idx)}.0/24`,
      podCIDRs: [`${podSubnet(idx)}.0/24`],
      ...((spec.taints ?? (cp ? [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] : [])).length
        ? { taints: spec.taints ?? [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] }
        : {}),
    },
    status: {
      addresses: [
        { address: ip, type: 'InternalIP' },
        { address: spec.name, type: 'Hostname' },
      ],
      allocatable: {
        cpu,
        'ephemeral-storage': '47093746742',
        'hugepages-1Gi': '0',
        'hugepages-2Mi': '0',
        memory: `${memKi - 102400}Ki`,
        pods,
      },
      capacity: {
        cpu,
        'ephemeral-storage': '51099284Ki',
        'hugepages-1Gi': '0',
        'hugepages-2Mi': '0',
        memory: `${memKi}Ki`,
        pods,
      },
      conditions: [
        cond('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
        cond('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
        cond('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
        cond('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'),
      ],
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      nodeInfo: {
        architecture: 'amd64',
        bootID: cluster.rng.uuid(),
        containerRuntimeVersion: 'containerd://1.7.24',
        kernelVersion: '6.8.0-51-generic',
        kubeProxyVersion: KUBE_VERSION,
        kubeletVersion: KUBE_VERSION,
        machineID: cluster.rng.hex(32),
        operatingSystem: 'linux',
        osImage: 'Ubuntu 24.04.1 LTS',
        systemUUID: cluster.rng.uuid(),
      },
    },
  };
}

/** Posts the node's status: conditions with a fresh heartbeat, Ready again after a restart. */
function postNodeStatus(cluster: Cluster, k: Kubelet): void {
  const node = cluster.api.store.get('/nodes', undefined, k.name);
  if (!node) return;
  const now = cluster.clock.iso();
  const next = clone(node);
  const st = next.status as { conditions?: { type: string; status: string; reason?: string; message?: string; lastHeartbeatTime?: string; lastTransitionTime?: string }[] };
  const want: Record<string, [string, string, string]> = {
    MemoryPressure: ['False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'],
    DiskPressure: ['False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'],
    PIDPressure: ['False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'],
    Ready: ['True', 'KubeletReady', 'kubelet is posting ready status'],
  };
  st.conditions = Object.entries(want).map(([type, [status, reason, message]]) => {
    const old = st.conditions?.find((c) => c.type === type);
    return {
      lastHeartbeatTime: now,
      lastTransitionTime: old && old.status === status ? old.lastTransitionTime! : now,
      message,
      reason,
      status,
      type,
    };
  });
  delete next.metadata.resourceVersion;
  cluster.request({ verb: 'update', resource: 'nodes', subresource: 'status', name: k.name, body: next, user: `system:node:${k.name}` });
  const readyBefore = (node.status as typeof st).conditions?.find((c) => c.type === 'Ready');
  if (readyBefore && readyBefore.status !== 'True') cluster.events.record(node, 'Normal', 'NodeReady', `Node ${k.name} status is now: NodeReady`, { component: 'kubelet', host: k.name });
}

const LEASE_INFO = (cluster: Cluster) => cluster.api.kinds.resource('coordination.k8s.io', 'v1', 'leases')!;

function renewLease(cluster: Cluster, k: Kubelet): void {
  const lease = cluster.api.store.get('coordination.k8s.io/leases', 'kube-node-lease', k.name);
  const renewTime = microTime(cluster.clock.iso());
  if (!lease) {
    const node = cluster.api.store.get('/nodes', undefined, k.name);
    cluster.request({
      verb: 'create',
      group: 'coordination.k8s.io',
      resource: 'leases',
      namespace: 'kube-node-lease',
      body: {
        apiVersion: 'coordination.k8s.io/v1',
        kind: 'Lease',
        metadata: {
          name: k.name,
          namespace: 'kube-node-lease',
          ...(node ? { ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: k.name, uid: node.metadata.uid! }] } : {}),
        },
        spec: { holderIdentity: k.name, leaseDurationSeconds: LEASE_DURATION_S, renewTime },
      },
      user: `system:node:${k.name}`,
    });
    return;
  }
  // a heartbeat is the hottest write in a big cluster: it changes one field of an object
  // the kubelet owns, so it goes straight to the store (no defaulting, validation or
  // admission to run), and watchers still see every renewal
  const next = { ...lease, metadata: { ...lease.metadata }, spec: { ...(lease.spec as object), renewTime } } as KObject;
  delete next.metadata.resourceVersion;
  const stored = cluster.api.store.update('coordination.k8s.io/leases', next, lease);
  cluster.api.notifyWrite(LEASE_INFO(cluster), stored, lease);
}

/**
 * Registers the nodes, starts one kubelet per node and the shared heartbeat, writes the
 * control-plane static pods, and serves pods/log and pods/exec. Works on a fresh cluster
 * and after Cluster.restore (Node objects and pods are adopted from the store).
 */
/**
 * Stops control loops as their static pod's end would (so they start again when that pod
 * runs again). For a lab that stops a control-plane component before its pod has even
 * started.
 */
export function stopControlLoops(cluster: Cluster, names: string[]): void {
  const w = worlds.get(cluster);
  for (const n of names)
    if (cluster.controllers.get(n)?.isRunning) {
      cluster.controllers.stop(n);
      w?.cpStopped.add(n);
    }
}

export function installNodes(cluster: Cluster, nodes: NodeSpec[] = DEFAULT_NODES): Kubelet[] {
  let world = worlds.get(cluster);
  if (!world) {
    world = {
      cluster,
      kubelets: new Map(),
      pvcData: new Map(),
      hooks: {},
      cpStopped: new Set(),
      apiServerSeen: false,
    };
    worlds.set(cluster, world);
    const w = world;
    // The kube-scheduler and kube-controller-manager static pods *are* those control loops:
    // when their container stops, the engine's loops stop; when it runs again, the loops
    // this stopped start again (a loop a lab stopped by hand stays stopped).
    const down = (names: string[]) => {
      for (const n of names)
        if (cluster.controllers.get(n)?.isRunning) {
          cluster.controllers.stop(n);
          w.cpStopped.add(n);
        }
    };
    const up = (names: string[]) => {
      for (const n of names)
        if (w.cpStopped.delete(n)) cluster.controllers.start(n);
    };
    const kcmLoops = () => cluster.controllers.names().filter((n) => !n.includes('scheduler'));
    world.hooks.componentUp = (name) => {
      if (name === 'kube-apiserver') {
        w.apiServerSeen = true;
        return undefined;
      }
      up([...w.cpStopped].filter((n) => !n.includes('scheduler')));
      return () => down(kcmLoops());
    };
    world.hooks.startScheduler = (name, podKey, log, argv) => {
      if (name === 'default-scheduler') {
        up(['default-scheduler']);
        return () => down(['default-scheduler']);
      }
      const leaderElect = !argv.some((a) => a === '--leader-elect=false');
      const leaseName = argv.find((a) => a.startsWith('--leader-elect-resource-name='))?.split('=')[1];
      startScheduler(cluster, { schedulerName: name, podKey, log, leaderElect, leaseName });
      return () => stopScheduler(cluster, { schedulerName: name });
    };
    registerPodIO(cluster, w);
    // what lives outside the store (node disks, image caches, kubelet on/off, PVC data, logs)
    cluster.attach({ name: 'nodes', save: () => saveNodes(w), restore: (s) => (w.saved = s as NodesState) });
    const tick = () => {
      for (const k of w.kubelets.values()) if (k.running) renewLease(cluster, k);
      cluster.clock.schedule(LEASE_RENEW_MS, tick, 'node leases');
    };
    cluster.clock.schedule(LEASE_RENEW_MS, tick, 'node leases');
    const report = () => {
      for (const k of w.kubelets.values()) if (k.running) postNodeStatus(cluster, k);
      cluster.clock.schedule(STATUS_REPORT_MS, report, 'node status');
    };
    cluster.clock.schedule(STATUS_REPORT_MS, report, 'node status');
  }
  if (world.saved?.networkPolicies) networkOf(cluster).enforcePolicies = true;
  if (world.saved?.cpStopped) for (const n of world.saved.cpStopped) world.cpStopped.add(n);
  if (world.saved?.apiServerSeen) world.apiServerSeen = true;
  if (world.saved) for (const [key, files] of Object.entries(world.saved.pvc)) {
    const fs = new MemFs();
    for (const [p, c] of files) fs.put(p, c);
    world.pvcData.set(key, fs);
  }
  const out: Kubelet[] = [];
  const cpNode = nodes.find((n) => n.role === 'control-plane');
  nodes.forEach((spec, i) => {
    const existingNode = cluster.api.store.get('/nodes', undefined, spec.name);
    const idx = (existingNode && subnetIndex((existingNode.spec as { podCIDR?: string }).podCIDR)) ?? i;
    const ip =
      (existingNode?.status as { addresses?: { type: string; address: string }[] } | undefined)?.addresses?.find((a) => a.type === 'InternalIP')?.address ?? `172.18.${(i + 2) >> 8}.${(i + 2) & 255}`;
    if (!existingNode) cluster.request({ verb: 'create', resource: 'nodes', body: nodeObject(cluster, spec, ip, idx), user: `system:node:${spec.name}` });
    const k = new Kubelet({ name: spec.name, nodeIP: ip, cidrIndex: idx, world: world! });
    const saved = world!.saved?.kubelets[spec.name];
    k.onRestart = () => {
      postNodeStatus(cluster, k);
      renewLease(cluster, k);
    };
    world!.kubelets.set(spec.name, k);
    cluster.nodeHosts.set(spec.name, k.host());
    if (saved) {
      for (const d of saved.dirs) k.fs.dirs.add(d);
      for (const [p, c] of saved.files) k.fs.files.set(p, c);
      for (const [i, n] of saved.images) k.images.set(i, n);
      k.running = saved.running;
      k.failed = saved.failed;
      k.journal.push(...(saved.journal ?? []));
      if (saved.nextIP) k.nextIP = saved.nextIP;
    } else {
      writeNodeFiles(k, spec, ip, cpNode?.name ?? spec.name);
      if (spec.role === 'control-plane') {
        for (const [file, text] of Object.entries(controlPlaneManifests(ip, spec.name))) k.fs.put(`${MANIFESTS}/${file}`, text);
        // kubeadm pulled these before the cluster came up
        for (const img of CONTROL_PLANE_IMAGES) k.images.set(img[0], img[1]);
      }
      for (const img of NODE_IMAGES) k.images.set(img[0], img[1]);
      renewLease(cluster, k);
    }
    k.start();
    if (saved) restoreLogs(k, saved.logs);
    out.push(k);
  });
  return out;
}

const CONTROL_PLANE_IMAGES: [string, number][] = [
  ['registry.k8s.io/etcd:3.5.16-0', 150_000_000],
  [`registry.k8s.io/kube-apiserver:${KUBE_VERSION}`, 94_000_000],
  [`registry.k8s.io/kube-controller-manager:${KUBE_VERSION}`, 89_000_000],
  [`registry.k8s.io/kube-scheduler:${KUBE_VERSION}`, 68_000_000],
  ['registry.k8s.io/coredns/coredns:v1.11.3', 61_000_000],
];
const NODE_IMAGES: [string, number][] = [
  ['registry.k8s.io/pause:3.10', 736_000],
  [`registry.k8s.io/kube-proxy:${KUBE_VERSION}`, 94_000_000],
  ['docker.io/flannel/flannel:v0.26.1', 84_000_000],
];

function writeNodeFiles(k: Kubelet, spec: NodeSpec, ip: string, cpName: string): void {
  const cp = spec.role === 'control-plane';
  k.fs.put('/var/lib/kubelet/config.yaml', `apiVersion: kubelet.config.k8s.io/v1beta1\nauthentication:\n  anonymous:\n    enabled: false\n  webhook:\n    enabled: true\n  x509:\n    clientCAFile: /etc/kubernetes/pki/ca.crt\nauthorization:\n  mode: Webhook\ncgroupDriver: systemd\nclusterDNS:\n- 10.96.0.10\nclusterDomain: cluster.local\ncontainerRuntimeEndpoint: ""\nkind: KubeletConfiguration\nnodeStatusReportFrequency: 5m0s\nnodeStatusUpdateFrequency: 10s\nresolvConf: /run/systemd/resolve/resolv.conf\nrotateCertificates: true\nstaticPodPath: ${MANIFESTS}\n`);
  k.fs.put('/etc/kubernetes/kubelet.conf', `apiVersion: v1\nclusters:\n- cluster:\n    certificate-authority-data: LS0tLS1CRUdJTi...\n    server: https://${cpName === spec.name ? ip : '172.18.0.2'}:6443\n  name: kubernetes\ncontexts:\n- context:\n    cluster: kubernetes\n    user: system:node:${spec.name}\n  name: system:node:${spec.name}@kubernetes\ncurrent-context: system:node:${spec.name}@kubernetes\nkind: Config\nusers:\n- name: system:node:${spec.name}\n  user:\n    client-certificate: /var/lib/kubelet/pki/kubelet-client-current.pem\n    client-key: /var/lib/kubelet/pki/kubelet-client-current.pem\n`);
  k.fs.put('/etc/kubernetes/pki/ca.crt', '-----BEGIN CERTIFICATE-----\nMIIDBTCCAe2gAwIBAgIIU2ltdWxhdGVkMA0GCSqGSIb3DQEBCwUAMBUxEzARBgNV\n-----END CERTIFICATE-----\n');
  k.fs.put('/usr/lib/systemd/system/kubelet.service.d/10-kubeadm.conf', `# Note: This dropin only works with kubeadm and kubelet v1.11+\n[Service]\nEnvironment="KUBELET_KUBECONFIG_ARGS=--bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf --kubeconfig=/etc/kubernetes/kubelet.conf"\nEnvironment="KUBELET_CONFIG_ARGS=--config=/var/lib/kubelet/config.yaml"\nEnvironmentFile=-/var/lib/kubelet/kubeadm-flags.env\nEnvironmentFile=-/etc/default/kubelet\nExecStart=\nExecStart=/usr/bin/kubelet $KUBELET_KUBECONFIG_ARGS $KUBELET_CONFIG_ARGS $KUBELET_KUBEADM_ARGS $KUBELET_EXTRA_ARGS\n`);
  k.fs.put('/var/lib/kubelet/kubeadm-flags.env', 'KUBELET_KUBEADM_ARGS="--container-runtime-endpoint=unix:///var/run/containerd/containerd.sock --pod-infra-container-image=registry.k8s.io/pause:3.10"\n');
  k.fs.put('/etc/hostname', `${spec.name}\n`);
  k.fs.put('/etc/hosts', `127.0.0.1 localhost\n${ip} ${spec.name}\n`);
  k.fs.mkdirp('/var/log/pods');
  k.fs.mkdirp('/var/log/containers');
  k.fs.mkdirp('/tmp');
  k.fs.mkdirp('/root');
  if (cp) {
    k.fs.put('/etc/kubernetes/admin.conf', `apiVersion: v1\nclusters:\n- cluster:\n    certificate-authority-data: LS0tLS1CRUdJTi...\n    server: https://${ip}:6443\n  name: kubernetes\ncontexts:\n- context:\n    cluster: kubernetes\n    user: kubernetes-admin\n  name: kubernetes-admin@kubernetes\ncurrent-context: kubernetes-admin@kubernetes\nkind: Config\nusers:\n- name: kubernetes-admin\n  user:\n    client-certificate-data: LS0tLS1CRUdJTi...\n    client-key-data: LS0tLS1CRUdJTi...\n`);
    for (const f of [
      'ca.key', 'apiserver.crt', 'apiserver.key', 'apiserver-etcd-client.crt', 'apiserver-etcd-client.key', 'apiserver-kubelet-client.crt',
      'apiserver-kubelet-client.key', 'front-proxy-ca.crt', 'front-proxy-ca.key', 'front-proxy-client.crt', 'front-proxy-client.key', 'sa.key', 'sa.pub',
      'etcd/ca.crt', 'etcd/ca.key', 'etcd/server.crt', 'etcd/server.key', 'etcd/peer.crt', 'etcd/peer.key', 'etcd/healthcheck-client.crt', 'etcd/healthcheck-client.key',
    ])
      k.fs.put(`/etc/kubernetes/pki/${f}`, `-----BEGIN ${f.endsWith('.key') ? 'PRIVATE KEY' : 'CERTIFICATE'}-----\nc2ltdWxhdGVk\n-----END ${f.endsWith('.key') ? 'PRIVATE KEY' : 'CERTIFICATE'}-----\n`);
    k.fs.put('/etc/kubernetes/scheduler.conf', 'apiVersion: v1\nkind: Config\n');
    k.fs.put('/etc/kubernetes/controller-manager.conf', 'apiVersion: v1\nkind: Config\n');
    k.fs.mkdirp('/var/lib/etcd');
  }
}

interface SavedLog {
  /** `uid/container` */
  key: string;
  current: LogLine[];
  previous: LogLine[];
}

export interface NodesState {
  kubelets: Record<string, { running: boolean; failed?: string; files: [string, string][]; dirs: string[]; images: [string, number][]; logs: SavedLog[]; journal?: string[]; nextIP?: number }>;
  pvc: Record<string, [string, string][]>;
  /** NetworkPolicy enforcement (an enforcing CNI) was on */
  networkPolicies?: boolean;
  /** control loops stopped because their control-plane pod stopped */
  cpStopped?: string[];
  apiServerSeen?: boolean;
}

const SAVED_LOG_LINES = 200;

function saveNodes(world: NodeWorld): NodesState {
  const kubelets: NodesState['kubelets'] = {};
  for (const k of world.kubelets.values()) {
    const logs: SavedLog[] = [];
    for (const w of k.allWorkers())
      for (const r of w.containers)
        if (r.logs || r.prevLogs)
          logs.push({ key: `${w.uid}/${r.name}`, current: (r.logs?.lines ?? []).slice(-SAVED_LOG_LINES), previous: (r.prevLogs?.lines ?? []).slice(-SAVED_LOG_LINES) });
    kubelets[k.name] = { running: k.running, ...(k.failed ? { failed: k.failed } : {}), files: [...k.fs.files], dirs: [...k.fs.dirs], images: [...k.images], logs, journal: k.journal.slice(-500), nextIP: k.nextIP };
  }
  const pvc: NodesState['pvc'] = {};
  for (const [key, fs] of world.pvcData) pvc[key] = [...fs.files];
  return {
    kubelets,
    pvc,
    ...(networkOf(world.cluster).enforcePolicies ? { networkPolicies: true } : {}),
    ...(world.cpStopped.size ? { cpStopped: [...world.cpStopped] } : {}),
    ...(world.apiServerSeen ? { apiServerSeen: true } : {}),
  };
}

/** Puts the saved log lines back under the adopted containers (the programs start again and append). */
function restoreLogs(k: Kubelet, logs: SavedLog[]): void {
  const byKey = new Map(logs.map((l) => [l.key, l]));
  for (const w of k.allWorkers())
    for (const r of w.containers) {
      const l = byKey.get(`${w.uid}/${r.name}`);
      if (!l) continue;
      const now = () => k.cluster.clock.now();
      if (l.previous.length) {
        r.prevLogs = new LogBuffer(now);
        r.prevLogs.lines.push(...l.previous);
      }
      if (l.current.length) {
        if (!r.logs) r.logs = new LogBuffer(now);
        r.logs.lines.unshift(...l.current);
      }
    }
}

export { Kubelet };
export type { NodeWorld };
