/**
 * NetworkPolicy enforcement, for clusters whose CNI enforces it (Calico, Cilium). The
 * default sandbox network is flannel's, which ignores policies as the real one does;
 * a lab turns enforcement on with `setNetworkPolicyEnforcement(cluster, true)`.
 *
 * Semantics of networking.k8s.io/v1: a pod selected by any policy with policyType
 * Ingress (or Egress) is isolated in that direction, and a connection is allowed only
 * when some rule of some selecting policy admits the peer (podSelector within the
 * policy's namespace, namespaceSelector, both together, or ipBlock with except) and the
 * port (number or named container port, endPort ranges). Both directions must allow.
 * A denied connection is dropped (a timeout), not refused.
 */
import type { KObject } from '../api/types';
import { fromLabelSelector, matches, type LabelSelectorObject } from '../api/selectors';

interface PolicyPort {
  protocol?: string;
  port?: number | string;
  endPort?: number;
}

interface Peer {
  podSelector?: LabelSelectorObject;
  namespaceSelector?: LabelSelectorObject;
  ipBlock?: { cidr: string; except?: string[] };
}

interface PolicySpec {
  podSelector?: LabelSelectorObject;
  policyTypes?: string[];
  ingress?: { from?: Peer[]; ports?: PolicyPort[] }[];
  egress?: { to?: Peer[]; ports?: PolicyPort[] }[];
}

/** One end of a connection. */
export interface Endpoint {
  ip: string;
  pod?: KObject;
}

function ipToInt(ip: string): number {
  return ip.split('.').reduce((a, o) => (a << 8) + (Number(o) & 255), 0) >>> 0;
}

export function inCidr(ip: string, cidr: string): boolean {
  const [base, bits] = cidr.split('/');
  const n = Number(bits ?? 32);
  if (!/^\d+\.\d+\.\d+\.\d+$/.test(ip) || !/^\d+\.\d+\.\d+\.\d+$/.test(base ?? '') || Number.isNaN(n)) return false;
  const mask = n === 0 ? 0 : (0xffffffff << (32 - n)) >>> 0;
  return (ipToInt(ip) & mask) === (ipToInt(base) & mask);
}

function policyTypes(spec: PolicySpec): string[] {
  if (spec.policyTypes?.length) return spec.policyTypes;
  return spec.egress ? ['Ingress', 'Egress'] : ['Ingress'];
}

function selects(p: KObject, pod: KObject | undefined): boolean {
  if (!pod || pod.metadata.namespace !== p.metadata.namespace) return false;
  return matches(fromLabelSelector((p.spec as PolicySpec).podSelector ?? {}), pod.metadata.labels);
}

function peerMatches(peer: Peer, policyNs: string, other: Endpoint, nsLabels: (ns: string) => Record<string, string> | undefined): boolean {
  if (peer.ipBlock) {
    if (!inCidr(other.ip, peer.ipBlock.cidr)) return false;
    return !(peer.ipBlock.except ?? []).some((c) => inCidr(other.ip, c));
  }
  const pod = other.pod;
  if (!pod) return false;
  const ns = pod.metadata.namespace!;
  if (peer.namespaceSelector) {
    if (!matches(fromLabelSelector(peer.namespaceSelector), nsLabels(ns))) return false;
  } else if (ns !== policyNs) return false;
  return peer.podSelector ? matches(fromLabelSelector(peer.podSelector), pod.metadata.labels) : true;
}

function portMatches(ports: PolicyPort[] | undefined, port: number, protocol: string, named: (name: string) => number | undefined): boolean {
  if (!ports?.length) return true;
  return ports.some((p) => {
    if ((p.protocol ?? 'TCP') !== protocol) return false;
    if (p.port === undefined) return true;
    const n = typeof p.port === 'number' ? p.port : /^\d+$/.test(p.port) ? Number(p.port) : named(p.port);
    if (n === undefined) return false;
    return p.endPort !== undefined ? port >= n && port <= p.endPort : port === n;
  });
}

/**
 * Whether a connection from `src` to `dst` on `port` is allowed by the policies.
 * `named` resolves a named port on the destination pod.
 */
export function allowed(
  policies: KObject[],
  src: Endpoint,
  dst: Endpoint,
  port: number,
  protocol: string,
  nsLabels: (ns: string) => Record<string, string> | undefined,
): boolean {
  const named = (pod: KObject | undefined) => (name: string) => {
    for (const c of ((pod?.spec as { containers?: { ports?: { name?: string; containerPort: number }[] }[] } | undefined)?.containers ?? []))
      for (const p of c.ports ?? []) if (p.name === name) return p.containerPort;
    return undefined;
  };
  // egress of the source
  const egress = policies.filter((p) => selects(p, src.pod) && policyTypes(p.spec as PolicySpec).includes('Egress'));
  if (egress.length) {
    const ok = egress.some((p) =>
      ((p.spec as PolicySpec).egress ?? []).some(
        (r) => (!r.to?.length || r.to.some((peer) => peerMatches(peer, p.metadata.namespace!, dst, nsLabels))) && portMatches(r.ports, port, protocol, named(dst.pod)),
      ),
    );
    if (!ok) return false;
  }
  // ingress of the destination
  const ingress = policies.filter((p) => selects(p, dst.pod) && policyTypes(p.spec as PolicySpec).includes('Ingress'));
  if (ingress.length) {
    const ok = ingress.some((p) =>
      ((p.spec as PolicySpec).ingress ?? []).some(
        (r) => (!r.from?.length || r.from.some((peer) => peerMatches(peer, p.metadata.namespace!, src, nsLabels))) && portMatches(r.ports, port, protocol, named(dst.pod)),
      ),
    );
    if (!ok) return false;
  }
  return true;
}
