/**
 * The Endpoints and EndpointSlice controllers (kubernetes `pkg/controller/endpoint`,
 * `pkg/controller/endpointslice`): for every Service with a selector, the pods it selects
 * that have an IP — ready ones as addresses, the others as notReadyAddresses (Endpoints)
 * or with conditions ready/serving/terminating (EndpointSlices, up to 100 per slice).
 * Named targetPorts are resolved per pod; pods with different resolved ports land in
 * different subsets / slices.
 */
import type { Cluster } from '../../cluster';
import type { KObject } from '../../api/types';
import { fromMap, matches } from '../../api/selectors';
import { splitKey, type InformerFactory, type Reconciler, type ReconcileContext, type ReconcileResult, type Watches } from '../runtime';
import { isPodReady, isTerminal, nodeNameOf, ownerRefTo } from '../util/pods';
import { clone } from '../../api/objects';

interface ServicePort {
  name?: string;
  port: number;
  targetPort?: number | string;
  protocol?: string;
  appProtocol?: string;
}

interface Ep {
  pod: KObject;
  ip: string;
  ready: boolean;
  serving: boolean;
  terminating: boolean;
  ports: { name?: string; port: number; protocol: string; appProtocol?: string }[];
}

const MANAGED_BY = 'endpointslice.kubernetes.io/managed-by';
const SLICE_MANAGER = 'endpointslice-controller.k8s.io';
const MAX_PER_SLICE = 100;

function selectorOf(svc: KObject): Record<string, string> | undefined {
  const sel = (svc.spec as { selector?: Record<string, string> } | undefined)?.selector;
  return sel && Object.keys(sel).length ? sel : undefined;
}

/** Resolves a targetPort on a pod: numbers as they are, names through the containers' ports. */
function resolvePort(pod: KObject, sp: ServicePort): number | undefined {
  const tp = sp.targetPort ?? sp.port;
  if (typeof tp === 'number') return tp;
  if (/^\d+$/.test(tp)) return Number(tp);
  for (const c of ((pod.spec as { containers?: { ports?: { name?: string; containerPort: number; protocol?: string }[] }[] }).containers ?? []))
    for (const p of c.ports ?? []) if (p.name === tp && (p.protocol ?? 'TCP') === (sp.protocol ?? 'TCP')) return p.containerPort;
  return undefined;
}

function endpointsFor(cluster: Cluster, svc: KObject, publishNotReady: boolean): Ep[] {
  const sel = fromMap(selectorOf(svc));
  const ports = ((svc.spec as { ports?: ServicePort[] }).ports ?? []);
  const out: Ep[] = [];
  for (const pod of cluster.informers.for('pods').list(svc.metadata.namespace)) {
    if (!matches(sel, pod.metadata.labels) || isTerminal(pod)) continue;
    const ip = (pod.status as { podIP?: string } | undefined)?.podIP;
    if (!ip) continue;
    const resolved: Ep['ports'] = [];
    let ok = true;
    for (const sp of ports) {
      const port = resolvePort(pod, sp);
      if (port === undefined) {
        ok = false;
        continue;
      }
      resolved.push({ ...(sp.name ? { name: sp.name } : {}), port, protocol: sp.protocol ?? 'TCP', ...(sp.appProtocol ? { appProtocol: sp.appProtocol } : {}) });
    }
    if (!ok && ports.length === 1) continue;
    const terminating = !!pod.metadata.deletionTimestamp;
    const ready = isPodReady(pod);
    out.push({ pod, ip, ready: publishNotReady || (ready && !terminating), serving: publishNotReady || ready, terminating, ports: resolved });
  }
  return out.sort((a, b) => (a.pod.metadata.name! < b.pod.metadata.name! ? -1 : 1));
}

function targetRef(p: KObject) {
  return { kind: 'Pod', name: p.metadata.name, namespace: p.metadata.namespace, uid: p.metadata.uid };
}

const portsKey = (ps: Ep['ports']) => JSON.stringify(ps);

/** Services in `pod`'s namespace that select it (before or after the change). */
function servicesFor(cluster: Cluster, pod: KObject, old?: KObject): string[] {
  const out: string[] = [];
  for (const svc of cluster.informers.for('services').list(pod.metadata.namespace)) {
    const sel = selectorOf(svc);
    if (!sel) continue;
    const s = fromMap(sel);
    if (matches(s, pod.metadata.labels) || (old && matches(s, old.metadata.labels))) out.push(`${svc.metadata.namespace}/${svc.metadata.name}`);
  }
  return out;
}

export class EndpointsReconciler implements Reconciler {
  readonly name = 'endpoint-controller';
  constructor(private cluster: Cluster) {}

  setup(w: Watches, _inf: InformerFactory): void {
    w.for('services');
    w.watches('pods', (p, old) => servicesFor(this.cluster, p, old));
  }

  reconcile(key: string, ctx: ReconcileContext): ReconcileResult | void {
    const { namespace, name } = splitKey(key);
    const svc = this.cluster.informers.for('services').get(namespace, name);
    const cur = this.cluster.informers.for('endpoints').get(namespace, name);
    if (!svc) {
      // the Service was deleted (only Service events reach here): its Endpoints go too
      if (cur) ctx.request({ verb: 'delete', resource: 'endpoints', namespace, name });
      return;
    }
    // a Service without a selector: its Endpoints are the user's
    if (!selectorOf(svc)) return;
    const spec = svc.spec as { publishNotReadyAddresses?: boolean; clusterIP?: string };
    const eps = endpointsFor(this.cluster, svc, !!spec.publishNotReadyAddresses).filter((e) => !e.terminating || spec.publishNotReadyAddresses);
    const groups = new Map<string, { addresses: unknown[]; notReadyAddresses: unknown[]; ports: Ep['ports'] }>();
    for (const e of eps) {
      const k = portsKey(e.ports);
      if (!groups.has(k)) groups.set(k, { addresses: [], notReadyAddresses: [], ports: e.ports });
      const addr = { ip: e.ip, ...(nodeNameOf(e.pod) ? { nodeName: nodeNameOf(e.pod) } : {}), targetRef: targetRef(e.pod) };
      (e.ready ? groups.get(k)!.addresses : groups.get(k)!.notReadyAddresses).push(addr);
    }
    const subsets = [...groups.values()].map((g) => ({
      ...(g.addresses.length ? { addresses: g.addresses } : {}),
      ...(g.notReadyAddresses.length ? { notReadyAddresses: g.notReadyAddresses } : {}),
      ...(g.ports.length ? { ports: g.ports } : {}),
    }));
    const labels = { ...(svc.metadata.labels ?? {}), ...(spec.clusterIP === 'None' ? { 'service.kubernetes.io/headless': '' } : {}) };
    if (!cur) {
      ctx.decide(`create endpoints with ${eps.length} address(es)`);
      ctx.request({ verb: 'create', resource: 'endpoints', namespace, body: { apiVersion: 'v1', kind: 'Endpoints', metadata: { name, namespace, labels }, ...(subsets.length ? { subsets } : {}) } });
      return;
    }
    if (JSON.stringify(cur.subsets ?? []) === JSON.stringify(subsets) && JSON.stringify(cur.metadata.labels ?? {}) === JSON.stringify(labels)) return;
    ctx.decide(`update endpoints: ${eps.filter((e) => e.ready).length} ready, ${eps.filter((e) => !e.ready).length} not ready`);
    const next = clone(cur) as KObject;
    next.metadata.labels = labels;
    if (subsets.length) next.subsets = clone(subsets);
    else delete next.subsets;
    ctx.request({ verb: 'update', resource: 'endpoints', namespace, name, body: next });
  }
}

export class EndpointSliceReconciler implements Reconciler {
  readonly name = 'endpointslice-controller';
  constructor(private cluster: Cluster) {}

  setup(w: Watches, _inf: InformerFactory): void {
    w.for('services');
    w.watches('pods', (p, old) => servicesFor(this.cluster, p, old));
    w.owns('endpointslices.discovery.k8s.io', 'Service');
  }

  reconcile(key: string, ctx: ReconcileContext): ReconcileResult | void {
    const { namespace, name } = splitKey(key);
    const svc = this.cluster.informers.for('services').get(namespace, name);
    if (!svc || !selectorOf(svc) || svc.metadata.deletionTimestamp) return;
    const spec = svc.spec as { publishNotReadyAddresses?: boolean; clusterIP?: string };
    const eps = endpointsFor(this.cluster, svc, !!spec.publishNotReadyAddresses);
    const nodes = this.cluster.informers.for('nodes');
    const desired: { ports: Ep['ports']; endpoints: unknown[] }[] = [];
    const byPorts = new Map<string, Ep[]>();
    for (const e of eps) {
      const k = portsKey(e.ports);
      if (!byPorts.has(k)) byPorts.set(k, []);
      byPorts.get(k)!.push(e);
    }
    if (byPorts.size === 0) {
      const ports = ((svc.spec as { ports?: ServicePort[] }).ports ?? []).map((sp) => ({ ...(sp.name !== undefined ? { name: sp.name } : { name: '' }), port: typeof sp.targetPort === 'number' ? sp.targetPort : sp.port, protocol: sp.protocol ?? 'TCP' }));
      desired.push({ ports: ports as Ep['ports'], endpoints: [] });
    }
    for (const list of byPorts.values())
      for (let i = 0; i < list.length; i += MAX_PER_SLICE)
        desired.push({
          ports: list[0].ports.map((p) => ({ ...p, name: p.name ?? '' })),
          endpoints: list.slice(i, i + MAX_PER_SLICE).map((e) => {
            const node = nodeNameOf(e.pod);
            const zone = node ? nodes.get(undefined, node)?.metadata.labels?.['topology.kubernetes.io/zone'] : undefined;
            return {
              addresses: [e.ip],
              conditions: { ready: e.ready, serving: e.serving, terminating: e.terminating },
              ...(node ? { nodeName: node } : {}),
              targetRef: targetRef(e.pod),
              ...(zone ? { zone } : {}),
            };
          }),
        });
    const existing = this.cluster.informers
      .for('endpointslices.discovery.k8s.io')
      .list(namespace)
      .filter((s) => s.metadata.labels?.['kubernetes.io/service-name'] === name && s.metadata.labels?.[MANAGED_BY] === SLICE_MANAGER);
    const labels = { ...(svc.metadata.labels ?? {}), 'kubernetes.io/service-name': name, [MANAGED_BY]: SLICE_MANAGER, ...(spec.clusterIP === 'None' ? { 'service.kubernetes.io/headless': '' } : {}) };
    desired.forEach((d, i) => {
      const cur = existing[i];
      if (!cur) {
        ctx.decide(`create an endpoint slice with ${d.endpoints.length} endpoint(s)`);
        ctx.request({
          verb: 'create', group: 'discovery.k8s.io', resource: 'endpointslices', namespace,
          body: { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { generateName: `${name}-`, namespace, labels, ownerReferences: [ownerRefTo(svc)] }, addressType: 'IPv4', endpoints: d.endpoints, ports: d.ports },
        });
        return;
      }
      if (JSON.stringify(cur.endpoints ?? []) === JSON.stringify(d.endpoints) && JSON.stringify(cur.ports ?? []) === JSON.stringify(d.ports) && JSON.stringify(cur.metadata.labels) === JSON.stringify(labels)) return;
      ctx.decide(`update slice ${cur.metadata.name}: ${d.endpoints.length} endpoint(s)`);
      const next = clone(cur) as KObject;
      next.endpoints = clone(d.endpoints);
      next.ports = clone(d.ports);
      next.metadata.labels = labels;
      ctx.request({ verb: 'update', group: 'discovery.k8s.io', resource: 'endpointslices', namespace, name: cur.metadata.name, body: next });
    });
    for (const extra of existing.slice(desired.length)) ctx.request({ verb: 'delete', group: 'discovery.k8s.io', resource: 'endpointslices', namespace, name: extra.metadata.name });
  }
}
