/**
 * Service ClusterIP and NodePort allocation, done by the API server on create as
 * kube-apiserver's service REST storage does (an admission plugin here, so the allocated
 * values are in the create response): ClusterIPs from 10.96.0.0/12 — random, above a
 * lower band kept for static choices (10.96.0.1 `kubernetes`, 10.96.0.10 `kube-dns`) —
 * and node ports from 30000–32767, random above the static band 30000–30085. Errors
 * are worded as the real allocators word them.
 */
import type { Cluster } from '../../cluster';
import type { KObject, Status } from '../../api/types';
import { field, invalid } from '../../api/errors';

export const SERVICE_CIDR = '10.96.0.0/12';
const BASE = ipToInt('10.96.0.0');
const SIZE = 1 << 20;
const STATIC_IP_BAND = 256; // min(max(16, size/16), 256)
export const NODE_PORT_MIN = 30000;
export const NODE_PORT_MAX = 32767;
const STATIC_PORT_BAND = 86; // min(max(16, 2768/32), 128)

export function ipToInt(ip: string): number {
  const p = ip.split('.').map(Number);
  if (p.length !== 4 || p.some((x) => !Number.isInteger(x) || x < 0 || x > 255)) return NaN;
  return ((p[0] << 24) >>> 0) + (p[1] << 16) + (p[2] << 8) + p[3];
}

export function intToIp(n: number): string {
  return [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

interface Port {
  name?: string;
  port?: number;
  nodePort?: number;
  protocol?: string;
}

interface ServiceSpec {
  type?: string;
  clusterIP?: string;
  clusterIPs?: string[];
  ports?: Port[];
}

function used(cluster: Cluster, except?: string): { ips: Set<string>; ports: Set<number> } {
  const ips = new Set<string>();
  const ports = new Set<number>();
  for (const s of cluster.api.store.list('/services')) {
    if (s.metadata.uid === except) continue;
    const spec = s.spec as ServiceSpec;
    for (const ip of spec.clusterIPs ?? (spec.clusterIP ? [spec.clusterIP] : [])) ips.add(ip);
    for (const p of spec.ports ?? []) if (p.nodePort) ports.add(p.nodePort);
  }
  return { ips, ports };
}

function pickIp(cluster: Cluster, taken: Set<string>): string | undefined {
  for (let i = 0; i < 64; i++) {
    const off = STATIC_IP_BAND + cluster.rng.int(SIZE - STATIC_IP_BAND - 1);
    const ip = intToIp(BASE + off);
    if (!taken.has(ip)) return ip;
  }
  for (let off = STATIC_IP_BAND; off < SIZE - 1; off++) if (!taken.has(intToIp(BASE + off))) return intToIp(BASE + off);
  return undefined;
}

function pickPort(cluster: Cluster, taken: Set<number>): number | undefined {
  const lo = NODE_PORT_MIN + STATIC_PORT_BAND;
  for (let i = 0; i < 64; i++) {
    const p = lo + cluster.rng.int(NODE_PORT_MAX - lo + 1);
    if (!taken.has(p)) return p;
  }
  for (let p = NODE_PORT_MIN; p <= NODE_PORT_MAX; p++) if (!taken.has(p)) return p;
  return undefined;
}

/** Allocates (mutating `svc`) or returns the 422 the API server answers. */
export function allocate(cluster: Cluster, svc: KObject, old?: KObject): Status | undefined {
  const spec = (svc.spec ?? {}) as ServiceSpec;
  const name = svc.metadata.name ?? '';
  const type = spec.type ?? 'ClusterIP';
  const { ips, ports } = used(cluster, old?.metadata.uid);
  if (type !== 'ExternalName') {
    const want = spec.clusterIP;
    if (want === undefined || want === '') {
      if (old && (old.spec as ServiceSpec).clusterIP) {
        spec.clusterIP = (old.spec as ServiceSpec).clusterIP;
        spec.clusterIPs = (old.spec as ServiceSpec).clusterIPs ?? [spec.clusterIP!];
      } else {
        const ip = pickIp(cluster, ips);
        if (!ip) return invalid('Service', '', name, [field.invalid('spec.clusterIPs', [], 'failed to allocate a serviceIP: range is full')]);
        spec.clusterIP = ip;
        spec.clusterIPs = [ip];
      }
    } else if (want !== 'None' && (!old || (old.spec as ServiceSpec).clusterIP !== want)) {
      const n = ipToInt(want);
      if (Number.isNaN(n) || n <= BASE || n >= BASE + SIZE - 1)
        return invalid('Service', '', name, [field.invalid('spec.clusterIPs', [want], `failed to allocate IP ${want}: the provided IP (${want}) is not in the valid range. The range of valid IPs is ${SERVICE_CIDR}`)]);
      if (ips.has(want)) return invalid('Service', '', name, [field.invalid('spec.clusterIPs', [want], `failed to allocate IP ${want}: provided IP is already allocated`)]);
      spec.clusterIPs = [want];
    } else if (want === 'None') spec.clusterIPs = ['None'];
  }
  if (type === 'NodePort' || type === 'LoadBalancer') {
    const mine = new Set<number>();
    for (const [i, p] of (spec.ports ?? []).entries()) {
      if (p.nodePort) {
        const was = (old?.spec as ServiceSpec | undefined)?.ports?.some((o) => o.nodePort === p.nodePort);
        if (p.nodePort < NODE_PORT_MIN || p.nodePort > NODE_PORT_MAX)
          return invalid('Service', '', name, [field.invalid(`spec.ports[${i}].nodePort`, p.nodePort, `provided port is not in the valid range. The range of valid ports is ${NODE_PORT_MIN}-${NODE_PORT_MAX}`)]);
        if (!was && (ports.has(p.nodePort) || mine.has(p.nodePort)))
          return invalid('Service', '', name, [field.invalid(`spec.ports[${i}].nodePort`, p.nodePort, 'provided port is already allocated')]);
        mine.add(p.nodePort);
      }
    }
    for (const p of spec.ports ?? []) {
      if (p.nodePort) continue;
      const port = pickPort(cluster, new Set([...ports, ...mine]));
      if (port === undefined) return invalid('Service', '', name, [field.invalid('spec.ports[0].nodePort', 0, 'range is full')]);
      p.nodePort = port;
      mine.add(port);
    }
  } else for (const p of spec.ports ?? []) delete p.nodePort;
  svc.spec = spec;
  return undefined;
}

const installed = new WeakSet<Cluster>();

export function registerServiceAllocation(cluster: Cluster): void {
  if (installed.has(cluster)) return;
  installed.add(cluster);
  cluster.api.admission.mutating('ServiceIPAllocation', (ctx) => {
    if (ctx.info.plural !== 'services' || ctx.info.group !== '' || ctx.subresource) return undefined;
    if (ctx.operation === 'CREATE') return allocate(cluster, ctx.object);
    if (ctx.operation === 'UPDATE') return allocate(cluster, ctx.object, ctx.oldObject);
    return undefined;
  });
}
