/**
 * The cluster network as a pod sees it: pod IPs (flannel-style 10.244.N.0/24 per node),
 * CoreDNS names (`web`, `web.default`, `web.default.svc.cluster.local`, headless
 * services, `10-244-1-5.default.pod.cluster.local`, StatefulSet pod names), kube-proxy
 * spreading connections to a ClusterIP or a NodePort over the *ready* endpoints of the
 * EndpointSlices (or legacy Endpoints) the endpoint controllers publish, and requests
 * reaching the target container's program and coming back with its response.
 *
 * Connections are instantaneous; a dropped packet is a `timeout` the caller turns into
 * virtual waiting. Left out: NetworkPolicy enforcement (flannel does not enforce it),
 * session affinity, externalTrafficPolicy: Local, IPv6.
 */
import type { Cluster } from '../cluster';
import type { KObject } from '../api/types';
import type { HttpOutcome, HttpRequest, NetClient } from '../containers/shell';
import type { HttpHandler, Process } from '../containers/process';
import { allowed, type Endpoint } from './policy';

export const CLUSTER_DOMAIN = 'cluster.local';
export const DNS_IP = '10.96.0.10';

/** A running pod on the network. */
export interface PodEndpoint {
  ip: string;
  namespace: string;
  name: string;
  node: string;
  hostNetwork: boolean;
  /** the container process listening on a port */
  listener(port: number): { handler: HttpHandler; proc: Process } | undefined;
}

const STATUS_TEXT: Record<number, string> = {
  200: 'OK', 201: 'Created', 204: 'No Content', 301: 'Moved Permanently', 302: 'Found', 304: 'Not Modified', 400: 'Bad Request',
  401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed', 500: 'Internal Server Error', 502: 'Bad Gateway',
  503: 'Service Unavailable', 504: 'Gateway Timeout',
};

interface ServicePort {
  name?: string;
  port: number;
  targetPort?: number | string;
  nodePort?: number;
  protocol?: string;
}

export class Network {
  /** pod IP → pod (host-network pods are found by node IP and port) */
  private pods = new Map<string, PodEndpoint>();
  private hostPods = new Map<string, Set<PodEndpoint>>();
  /** node IP → node name */
  readonly nodeIPs = new Map<string, string>();
  /** requests served per pod (namespace/name), for request-rate views */
  readonly requests = new Map<string, number>();
  /** NetworkPolicies are enforced only by some CNIs; flannel (the default) ignores them */
  enforcePolicies = false;

  constructor(private cluster: Cluster) {}

  register(ep: PodEndpoint): void {
    if (ep.hostNetwork) {
      let s = this.hostPods.get(ep.ip);
      if (!s) this.hostPods.set(ep.ip, (s = new Set()));
      s.add(ep);
    } else this.pods.set(ep.ip, ep);
  }

  unregister(ep: PodEndpoint): void {
    if (ep.hostNetwork) this.hostPods.get(ep.ip)?.delete(ep);
    else if (this.pods.get(ep.ip) === ep) this.pods.delete(ep.ip);
  }

  podByIP(ip: string): PodEndpoint | undefined {
    return this.pods.get(ip);
  }

  private services(): KObject[] {
    return this.cluster.informers.for('services').list();
  }

  private serviceByName(ns: string, name: string): KObject | undefined {
    return this.cluster.informers.for('services').get(ns, name);
  }

  private serviceByClusterIP(ip: string): KObject | undefined {
    return this.services().find((s) => {
      const spec = s.spec as { clusterIP?: string; clusterIPs?: string[] };
      return spec?.clusterIP === ip || spec?.clusterIPs?.includes(ip);
    });
  }

  /**
   * Ready endpoints of a service for one service port: [ip, port] pairs. Reads the
   * EndpointSlices labelled with the service name, else the legacy Endpoints object.
   */
  endpointsOf(svc: KObject, sp: ServicePort, readyOnly = true): { ip: string; port: number; hostname?: string }[] {
    const ns = svc.metadata.namespace!;
    const name = svc.metadata.name!;
    const slices = this.cluster.informers
      .for('endpointslices.discovery.k8s.io')
      .list(ns)
      .filter((s) => s.metadata.labels?.['kubernetes.io/service-name'] === name);
    const out: { ip: string; port: number; hostname?: string }[] = [];
    if (slices.length) {
      for (const s of slices) {
        const ports = (s.ports as { name?: string; port?: number }[] | undefined) ?? [];
        const p = ports.find((x) => (x.name ?? '') === (sp.name ?? '')) ?? (ports.length === 1 ? ports[0] : undefined);
        for (const e of (s.endpoints as { addresses: string[]; conditions?: { ready?: boolean; serving?: boolean }; hostname?: string }[] | undefined) ?? []) {
          const ready = e.conditions?.ready !== false;
          if (readyOnly && !ready) continue;
          for (const a of e.addresses ?? []) out.push({ ip: a, port: p?.port ?? Number(sp.targetPort ?? sp.port), hostname: e.hostname });
        }
      }
      return out;
    }
    const ep = this.cluster.informers.for('endpoints').get(ns, name);
    for (const sub of (ep?.subsets as { addresses?: { ip: string; hostname?: string }[]; notReadyAddresses?: { ip: string }[]; ports?: { name?: string; port: number }[] }[] | undefined) ?? []) {
      const p = sub.ports?.find((x) => (x.name ?? '') === (sp.name ?? '')) ?? (sub.ports?.length === 1 ? sub.ports[0] : undefined);
      for (const a of sub.addresses ?? []) out.push({ ip: a.ip, port: p?.port ?? Number(sp.targetPort ?? sp.port), hostname: a.hostname });
      if (!readyOnly) for (const a of sub.notReadyAddresses ?? []) out.push({ ip: a.ip, port: p?.port ?? Number(sp.targetPort ?? sp.port) });
    }
    return out;
  }

  /**
   * CoreDNS is unreachable when the kube-dns Service has endpoint objects but no ready
   * address (CoreDNS scaled to zero, crashing, not ready). Without kube-dns objects at
   * all (a bare test cluster) names resolve as if CoreDNS ran.
   */
  dnsDown(): boolean {
    const svc = this.serviceByName('kube-system', 'kube-dns');
    if (!svc) return false;
    const hasSlices = this.cluster.informers.for('endpointslices.discovery.k8s.io').list('kube-system').some((x) => x.metadata.labels?.['kubernetes.io/service-name'] === 'kube-dns');
    if (!hasSlices && !this.cluster.informers.for('endpoints').get('kube-system', 'kube-dns')) return false;
    const port = ((svc.spec as { ports?: ServicePort[] }).ports ?? [])[0] ?? { port: 53 };
    return this.endpointsOf(svc, port).length === 0;
  }

  /** CoreDNS: a name as typed in a pod of `fromNs` → its FQDN and addresses. */
  resolve(name: string, fromNs: string): { fqdn: string; ips: string[] } | undefined {
    const n = name.replace(/\.$/, '').toLowerCase();
    if (/^\d+\.\d+\.\d+\.\d+$/.test(n)) return { fqdn: n, ips: [n] };
    const candidates = n.split('.').length - 1 >= 5 || name.endsWith('.') ? [n] : [`${n}.${fromNs}.svc.${CLUSTER_DOMAIN}`, `${n}.svc.${CLUSTER_DOMAIN}`, `${n}.${CLUSTER_DOMAIN}`, n];
    for (const c of candidates) {
      const r = this.lookup(c);
      if (r) return { fqdn: c, ips: r };
    }
    return undefined;
  }

  private lookup(fqdn: string): string[] | undefined {
    const suffix = `.svc.${CLUSTER_DOMAIN}`;
    if (fqdn.endsWith(`.pod.${CLUSTER_DOMAIN}`)) {
      const ip = fqdn.split('.')[0].replace(/-/g, '.');
      return /^\d+\.\d+\.\d+\.\d+$/.test(ip) ? [ip] : undefined;
    }
    if (!fqdn.endsWith(suffix)) return undefined;
    const parts = fqdn.slice(0, -suffix.length).split('.');
    if (parts.length === 2) {
      const [svcName, ns] = parts;
      const svc = this.serviceByName(ns, svcName);
      if (!svc) return undefined;
      const spec = svc.spec as { clusterIP?: string; type?: string; ports?: ServicePort[]; externalName?: string };
      if (spec.type === 'ExternalName') return undefined;
      if (spec.clusterIP && spec.clusterIP !== 'None') return [spec.clusterIP];
      const ports = spec.ports?.length ? spec.ports : [{ port: 0 }];
      const ips = new Set<string>();
      for (const p of ports) for (const e of this.endpointsOf(svc, p)) ips.add(e.ip);
      return ips.size ? [...ips] : undefined;
    }
    if (parts.length === 3) {
      // <hostname>.<subdomain>.<ns>: StatefulSet and hostname/subdomain pods
      const [host, sub, ns] = parts;
      const svc = this.serviceByName(ns, sub);
      if (svc) {
        for (const p of ((svc.spec as { ports?: ServicePort[] }).ports ?? [{ port: 0 }]) as ServicePort[])
          for (const e of this.endpointsOf(svc, p)) if (e.hostname === host) return [e.ip];
      }
      const pod = this.cluster.informers
        .for('pods')
        .list(ns)
        .find((p) => (p.spec as { hostname?: string; subdomain?: string }).hostname === host && (p.spec as { subdomain?: string }).subdomain === sub);
      const ip = (pod?.status as { podIP?: string } | undefined)?.podIP;
      return ip ? [ip] : undefined;
    }
    return undefined;
  }

  /** What a pod sees: DNS with its namespace's search path, HTTP and TCP. */
  clientFor(namespace: string, sourceIP: string): NetClient {
    // localhost is the pod's own network namespace
    const local = (h: string) => (h === 'localhost' || h === '127.0.0.1' || h === '0.0.0.0' ? sourceIP : h);
    const isIP = (h: string) => /^\d+\.\d+\.\d+\.\d+$/.test(h);
    return {
      nameserver: DNS_IP,
      dnsDown: () => this.dnsDown() || this.dnsBlocked(sourceIP),
      resolve: (name) => (local(name) !== name ? { fqdn: name, ips: ['127.0.0.1'] } : !isIP(name) && (this.dnsDown() || this.dnsBlocked(sourceIP)) ? undefined : this.resolve(name, namespace)),
      http: (req) => {
        const host = local(req.host);
        if (!isIP(host) && (this.dnsDown() || this.dnsBlocked(sourceIP))) return { ok: false, error: 'no such host' };
        return this.http(sourceIP, namespace, { ...req, host });
      },
      connect: (host, port) => {
        if (!isIP(local(host)) && (this.dnsDown() || this.dnsBlocked(sourceIP))) return 'no such host';
        const r = this.route(sourceIP, namespace, local(host), port);
        if ('error' in r) return r.error === 'unreachable' ? 'timeout' : r.error;
        return 'ok';
      },
    };
  }

  /** Follows a connection from a pod to a host:port through DNS and kube-proxy to a listening process. */
  route(
    from: string,
    ns: string,
    host: string,
    port: number,
  ): { ip: string; target: { handler: HttpHandler; proc: Process; pod?: PodEndpoint; port?: number } } | { ip?: string; error: 'no such host' | 'refused' | 'timeout' | 'unreachable' } {
    const r = this.routeUnchecked(from, ns, host, port);
    if (!this.enforcePolicies || 'error' in r || !r.target.pod) return r;
    const dstPod = this.podObject(r.target.pod);
    if (!allowed(this.policies(), this.endpointFor(from), { ip: r.target.pod.ip, pod: dstPod }, r.target.port ?? port, 'TCP', (n) => this.nsLabels(n)))
      return { ip: r.ip, error: 'timeout' };
    return r;
  }

  private policies(): KObject[] {
    return this.cluster.informers.for('networkpolicies.networking.k8s.io').list();
  }

  private nsLabels(ns: string): Record<string, string> | undefined {
    return this.cluster.informers.for('namespaces').get(undefined, ns)?.metadata.labels;
  }

  private podObject(ep: PodEndpoint): KObject | undefined {
    return this.cluster.informers.for('pods').get(ep.namespace, ep.name);
  }

  private endpointFor(ip: string): Endpoint {
    const ep = this.pods.get(ip);
    return { ip, pod: ep ? this.podObject(ep) : undefined };
  }

  /** Whether egress policies of the pod at `ip` stop it from reaching CoreDNS on 53/UDP. */
  dnsBlocked(ip: string): boolean {
    if (!this.enforcePolicies) return false;
    const dns = this.cluster.informers.for('pods').list('kube-system').find((p) => p.metadata.labels?.['k8s-app'] === 'kube-dns');
    const dnsIP = (dns?.status as { podIP?: string } | undefined)?.podIP ?? DNS_IP;
    return !allowed(this.policies(), this.endpointFor(ip), { ip: dnsIP, pod: dns }, 53, 'UDP', (n) => this.nsLabels(n));
  }

  private routeUnchecked(
    _from: string,
    ns: string,
    host: string,
    port: number,
  ): { ip: string; target: { handler: HttpHandler; proc: Process; pod?: PodEndpoint; port?: number } } | { ip?: string; error: 'no such host' | 'refused' | 'timeout' | 'unreachable' } {
    const r = this.resolve(host, ns);
    if (!r) return { error: 'no such host' };
    // a draw only when there is a choice: a program that reconnects after a restore must not shift the cluster's random sequence
    const ip = r.ips.length > 1 ? r.ips[this.cluster.rng.int(r.ips.length)] : r.ips[0];
    // a Service ClusterIP: kube-proxy DNATs to one ready endpoint at random
    const svc = this.serviceByClusterIP(ip);
    if (svc) {
      const sp = ((svc.spec as { ports?: ServicePort[] }).ports ?? []).find((p) => p.port === port && (p.protocol ?? 'TCP') === 'TCP');
      if (!sp) return { ip, error: 'timeout' };
      return this.toEndpoint(ip, svc, sp);
    }
    const nodeName = this.nodeIPs.get(ip);
    if (nodeName !== undefined) {
      for (const s of this.services()) {
        const spec = s.spec as { type?: string; ports?: ServicePort[] };
        if (spec.type !== 'NodePort' && spec.type !== 'LoadBalancer') continue;
        const sp = spec.ports?.find((p) => p.nodePort === port);
        if (sp) return this.toEndpoint(ip, s, sp);
      }
      for (const ep of this.hostPods.get(ip) ?? []) {
        const l = ep.listener(port);
        if (l) return { ip, target: { ...l, pod: ep, port } };
      }
      return { ip, error: 'refused' };
    }
    return this.toPod(ip, port);
  }

  private toEndpoint(vip: string, svc: KObject, sp: ServicePort): ReturnType<Network['route']> {
    const eps = this.endpointsOf(svc, sp);
    if (!eps.length) return { ip: vip, error: 'refused' };
    const e = eps[this.cluster.rng.int(eps.length)];
    const r = this.toPod(e.ip, e.port);
    return 'error' in r ? { ip: vip, error: r.error } : { ip: vip, target: r.target };
  }

  private toPod(ip: string, port: number): ReturnType<Network['route']> {
    const pod = this.pods.get(ip) ?? [...(this.hostPods.get(ip) ?? [])].find((p) => p.listener(port));
    if (!pod) return { ip, error: this.nodeIPs.has(ip) ? 'refused' : 'timeout' };
    const l = pod.listener(port);
    if (!l) return { ip, error: 'refused' };
    return { ip, target: { ...l, pod, port } };
  }

  http(from: string, ns: string, req: HttpRequest): HttpOutcome {
    const r = this.route(from, ns, req.host, req.port);
    if ('error' in r) return { ok: false, ip: r.ip, error: r.error };
    let res;
    try {
      res = r.target.handler({ ...req, from });
    } catch {
      return { ok: false, ip: r.ip, error: 'refused' };
    }
    if (res.hang) return { ok: false, ip: r.ip, error: 'timeout' };
    const now = this.cluster.clock.now();
    r.target.proc.load.push([now, res.cpuCost ?? 0.2]);
    if (r.target.proc.load.length > 20_000) r.target.proc.load.splice(0, r.target.proc.load.length - 20_000);
    if (r.target.pod) {
      const k = `${r.target.pod.namespace}/${r.target.pod.name}`;
      this.requests.set(k, (this.requests.get(k) ?? 0) + 1);
    }
    return {
      ok: true,
      ip: r.ip,
      status: res.status,
      statusText: STATUS_TEXT[res.status] ?? '',
      headers: { Date: new Date(now).toUTCString(), ...(res.headers ?? { 'Content-Length': String(res.body.length) }) },
      body: res.body,
    };
  }
}

const networks = new WeakMap<Cluster, Network>();

/** Turns NetworkPolicy enforcement on (a Calico-like CNI) or off (flannel, the default). */
export function setNetworkPolicyEnforcement(cluster: Cluster, on: boolean): void {
  networkOf(cluster).enforcePolicies = on;
}

/** The network of a cluster (one per cluster, created on first use). */
export function networkOf(cluster: Cluster): Network {
  let n = networks.get(cluster);
  if (!n) networks.set(cluster, (n = new Network(cluster)));
  return n;
}

/**
 * What a node's own shell reaches (`ssh node01` then `curl 10.96.0.12`): pod IPs, ClusterIPs
 * and NodePorts through kube-proxy, but no cluster DNS — a node's resolv.conf does not
 * point at CoreDNS, so only IPs and node names resolve.
 */
/** The first IP registered for a node name (as a scan of nodeIPs in order finds it), through a reverse index. */
const reverseIPs = new WeakMap<Network, { size: number; byName: Map<string, string> }>();
function nodeIPOf(net: Network, name: string): string | undefined {
  let r = reverseIPs.get(net);
  if (!r || r.size !== net.nodeIPs.size) {
    const byName = new Map<string, string>();
    for (const [ip, n] of net.nodeIPs) if (!byName.has(n)) byName.set(n, ip);
    reverseIPs.set(net, (r = { size: net.nodeIPs.size, byName }));
  }
  const ip = r.byName.get(name);
  if (ip !== undefined && net.nodeIPs.get(ip) === name) return ip;
  // the index is stale (an IP re-registered under another name): scan, as before
  return [...net.nodeIPs].find(([, n]) => n === name)?.[0];
}

export function nodeClient(cluster: Cluster, nodeName: string): NetClient {
  const net = networkOf(cluster);
  const nodeIP = nodeIPOf(net, nodeName) ?? '127.0.0.1';
  const host = (h: string): string | undefined => {
    if (h === 'localhost' || h === '127.0.0.1') return nodeIP;
    if (/^\d+\.\d+\.\d+\.\d+$/.test(h)) return h;
    return nodeIPOf(net, h);
  };
  return {
    nameserver: '127.0.0.53',
    resolve: (name) => {
      const ip = host(name);
      return ip ? { fqdn: name, ips: [ip] } : undefined;
    },
    http: (req) => {
      const ip = host(req.host);
      if (!ip) return { ok: false, error: 'no such host' };
      return net.http(nodeIP, 'default', { ...req, host: ip });
    },
    connect: (h, port) => {
      const ip = host(h);
      if (!ip) return 'no such host';
      const r = net.route(nodeIP, 'default', ip, port);
      if ('error' in r) return r.error === 'unreachable' ? 'timeout' : r.error;
      return 'ok';
    },
  };
}

/** `kubectl port-forward`: a request straight to one pod's port, as the kubelet's stream does. */
export function portForward(cluster: Cluster, podIP: string, port: number, path = '/'): HttpOutcome {
  return networkOf(cluster).http('127.0.0.1', 'default', { host: podIP, port, path, method: 'GET' });
}
