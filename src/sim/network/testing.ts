/**
 * Test helper standing in for the endpoint controllers: writes one EndpointSlice per
 * Service with a selector, from the pods that match it (ready = the pod's Ready
 * condition), as endpointslice-controller does.
 */
import type { Cluster } from '../cluster';
import type { KObject } from '../api/types';
import { fromMap, matches } from '../api/selectors';

export function publishEndpointSlices(cluster: Cluster): void {
  const services = (cluster.request({ verb: 'list', resource: 'services' }).body as { items: KObject[] }).items;
  const pods = (cluster.request({ verb: 'list', resource: 'pods' }).body as { items: KObject[] }).items;
  for (const svc of services) {
    const spec = svc.spec as { selector?: Record<string, string>; ports?: { name?: string; port: number; targetPort?: number | string; protocol?: string }[] };
    if (!spec.selector) continue;
    const sel = fromMap(spec.selector);
    const ns = svc.metadata.namespace!;
    const members = pods.filter((p) => p.metadata.namespace === ns && matches(sel, p.metadata.labels) && (p.status as { podIP?: string } | undefined)?.podIP);
    const first = members[0];
    const ports = (spec.ports ?? []).map((p) => {
      let port = typeof p.targetPort === 'number' ? p.targetPort : p.targetPort === undefined ? p.port : undefined;
      if (port === undefined && first)
        for (const c of (first.spec as { containers: { ports?: { name?: string; containerPort: number }[] }[] }).containers)
          port ??= c.ports?.find((x) => x.name === p.targetPort)?.containerPort;
      return { ...(p.name ? { name: p.name } : { name: '' }), port: port ?? p.port, protocol: p.protocol ?? 'TCP' };
    });
    const endpoints = members.map((p) => {
      const st = p.status as { podIP: string; conditions?: { type: string; status: string }[] };
      const ready = st.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
      return {
        addresses: [st.podIP],
        conditions: { ready: ready && !p.metadata.deletionTimestamp, serving: ready, terminating: !!p.metadata.deletionTimestamp },
        nodeName: (p.spec as { nodeName?: string }).nodeName,
        targetRef: { kind: 'Pod', name: p.metadata.name, namespace: ns, uid: p.metadata.uid },
      };
    });
    const name = `${svc.metadata.name}-test`;
    const body = {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: { name, namespace: ns, labels: { 'kubernetes.io/service-name': svc.metadata.name!, 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io' } },
      addressType: 'IPv4',
      endpoints,
      ports,
    };
    const cur = cluster.request({ verb: 'get', group: 'discovery.k8s.io', resource: 'endpointslices', namespace: ns, name });
    if (cur.code === 200) cluster.request({ verb: 'update', group: 'discovery.k8s.io', resource: 'endpointslices', namespace: ns, name, body: { ...body, metadata: { ...body.metadata } } });
    else cluster.request({ verb: 'create', group: 'discovery.k8s.io', resource: 'endpointslices', namespace: ns, body });
  }
}
