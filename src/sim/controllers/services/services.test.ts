import { describe, expect, it } from 'vitest';
import { harness, type Harness } from '../../testing/harness';
import { registerServiceAllocation } from './allocator';
import { EndpointSliceReconciler, EndpointsReconciler } from './endpoints';
import { installScheduler } from '../../scheduler';
import type { KObject, Status } from '../../api/types';

function svc(name: string, spec: Record<string, unknown> = {}): KObject {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name }, spec: { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 'http' }], ...spec } };
}

function webPod(name: string): KObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.27', ports: [{ name: 'http', containerPort: 8080 }] }] } };
}

function setup(): Harness {
  const h = harness();
  registerServiceAllocation(h.c);
  installScheduler(h.c);
  h.c.controllers.add(new EndpointsReconciler(h.c));
  h.c.controllers.add(new EndpointSliceReconciler(h.c));
  return h;
}

describe('Service allocation', () => {
  it('allocates a ClusterIP from 10.96.0.0/12 in the create response, and NodePorts in 30000-32767', () => {
    const h = setup();
    const s = h.create(svc('web', { type: 'NodePort' }));
    const spec = s.spec as { clusterIP: string; clusterIPs: string[]; ports: { nodePort: number }[] };
    expect(spec.clusterIP).toMatch(/^10\.(9[6-9]|10[0-9]|11[01])\.\d+\.\d+$/);
    expect(spec.clusterIPs).toEqual([spec.clusterIP]);
    expect(spec.ports[0].nodePort).toBeGreaterThanOrEqual(30086);
    expect(spec.ports[0].nodePort).toBeLessThanOrEqual(32767);
  });

  it('rejects taken and out-of-range ports and IPs with the real messages', () => {
    const h = setup();
    h.create(svc('a', { type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] }));
    const taken = h.req({ verb: 'create', resource: 'services', namespace: 'default', body: svc('b', { type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] }) });
    expect(taken.code).toBe(422);
    expect((taken.body as Status).message).toBe('Service "b" is invalid: spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated');
    const range = h.req({ verb: 'create', resource: 'services', namespace: 'default', body: svc('c', { type: 'NodePort', ports: [{ port: 80, nodePort: 80 }] }) });
    expect((range.body as Status).message).toBe('Service "c" is invalid: spec.ports[0].nodePort: Invalid value: 80: provided port is not in the valid range. The range of valid ports is 30000-32767');
    h.create(svc('dns', { clusterIP: '10.96.0.10' }));
    const ip = h.req({ verb: 'create', resource: 'services', namespace: 'default', body: svc('d', { clusterIP: '10.96.0.10' }) });
    expect((ip.body as Status).message).toBe('Service "d" is invalid: spec.clusterIPs: Invalid value: []string{"10.96.0.10"}: failed to allocate IP 10.96.0.10: provided IP is already allocated');
    // deleting frees the port
    h.req({ verb: 'delete', resource: 'services', namespace: 'default', name: 'a' });
    expect(h.req({ verb: 'create', resource: 'services', namespace: 'default', body: svc('b', { type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] }) }).code).toBe(201);
  });
});

describe('Endpoints and EndpointSlices', () => {
  it('lists ready pods as addresses with the named target port resolved, and not-ready ones apart', () => {
    const h = setup();
    h.create(svc('web'));
    h.create(webPod('web-1'));
    h.create(webPod('web-2'));
    h.advance(5000);
    const ep = h.get('endpoints', 'web')!;
    const subsets = ep.subsets as { addresses: { ip: string; nodeName: string; targetRef: { kind: string; name: string } }[]; ports: unknown[] }[];
    expect(subsets).toHaveLength(1);
    expect(subsets[0].addresses.map((a) => a.targetRef.name)).toEqual(['web-1', 'web-2']);
    expect(subsets[0].addresses[0]).toMatchObject({ ip: expect.stringMatching(/^10\.244\./), nodeName: expect.stringMatching(/^node0[12]$/), targetRef: { kind: 'Pod', name: 'web-1', namespace: 'default' } });
    expect(subsets[0].ports).toEqual([{ port: 8080, protocol: 'TCP' }]);
    const [slice] = h.list('endpointslices.discovery.k8s.io');
    expect(slice.metadata.name).toMatch(/^web-\w{5}$/);
    expect(slice.metadata.labels).toMatchObject({ 'kubernetes.io/service-name': 'web', 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io' });
    expect(slice.addressType).toBe('IPv4');
    expect(slice.ports).toEqual([{ name: '', port: 8080, protocol: 'TCP' }]);
    expect((slice.endpoints as { conditions: unknown }[]).map((e) => e.conditions)).toEqual([
      { ready: true, serving: true, terminating: false },
      { ready: true, serving: true, terminating: false },
    ]);
    // a pod going away: terminating in the slice, gone from Endpoints
    h.kubelet!.enabled = false;
    h.req({ verb: 'delete', resource: 'pods', namespace: 'default', name: 'web-1' });
    h.advance(100);
    expect(((h.get('endpoints', 'web')!.subsets as { addresses: unknown[] }[])[0].addresses)).toHaveLength(1);
    const eps = (h.list('endpointslices.discovery.k8s.io')[0].endpoints as { conditions: unknown; targetRef: { name: string } }[]);
    expect(eps.find((e) => e.targetRef.name === 'web-1')!.conditions).toEqual({ ready: false, serving: true, terminating: true });
  });

  it('deletes the Endpoints with the Service', () => {
    const h = setup();
    h.create(svc('web'));
    h.advance(100);
    expect(h.get('endpoints', 'web')).toBeDefined();
    h.req({ verb: 'delete', resource: 'services', namespace: 'default', name: 'web' });
    h.advance(100);
    expect(h.get('endpoints', 'web')).toBeUndefined();
  });
});
