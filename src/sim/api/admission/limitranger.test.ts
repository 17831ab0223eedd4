import { describe, expect, it } from 'vitest';
import { bootCluster } from '../../boot';
import type { KObject, Status } from '../types';

function setup() {
  const c = bootCluster();
  c.request({ verb: 'create', resource: 'namespaces', body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team' } } });
  return c;
}

function limitRange(c: ReturnType<typeof bootCluster>, limits: unknown[]) {
  const r = c.request({ verb: 'create', resource: 'limitranges', namespace: 'team', body: { apiVersion: 'v1', kind: 'LimitRange', metadata: { name: 'limits' }, spec: { limits } } });
  expect(r.code).toBe(201);
}

function pod(name: string, containers: unknown[], extra: Record<string, unknown> = {}): KObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { containers, ...extra } };
}

describe('LimitRanger admission', () => {
  it('defaults requests and limits and annotates the pod as the plugin does', () => {
    const c = setup();
    limitRange(c, [{ type: 'Container', default: { cpu: '500m', memory: '128Mi' }, defaultRequest: { cpu: '100m', memory: '64Mi' } }]);
    const r = c.request({ verb: 'create', resource: 'pods', namespace: 'team', body: pod('x', [{ name: 'web', image: 'nginx' }]) });
    expect(r.code).toBe(201);
    const p = r.body as KObject;
    expect(p.metadata.annotations?.['kubernetes.io/limit-ranger']).toBe('LimitRanger plugin set: cpu, memory request for container web; cpu, memory limit for container web');
    const res = (p.spec as { containers: { resources: unknown }[] }).containers[0].resources;
    expect(res).toEqual({ limits: { cpu: '500m', memory: '128Mi' }, requests: { cpu: '100m', memory: '64Mi' } });
  });

  it('defaults requests to the default limit when only default is given, and names init containers', () => {
    const c = setup();
    limitRange(c, [{ type: 'Container', default: { cpu: '300m' } }]);
    const r = c.request({
      verb: 'create',
      resource: 'pods',
      namespace: 'team',
      body: pod('x', [{ name: 'web', image: 'nginx', resources: { limits: { cpu: '200m' } } }], { initContainers: [{ name: 'setup', image: 'busybox' }] }),
    });
    expect(r.code).toBe(201);
    const p = r.body as KObject;
    // the API's own defaulting already copied web's limit into its request, so only the init container is named
    expect(p.metadata.annotations?.['kubernetes.io/limit-ranger']).toBe('LimitRanger plugin set: cpu request for init container setup; cpu limit for init container setup');
    const spec = p.spec as { containers: { resources: Record<string, unknown> }[]; initContainers: { resources: Record<string, unknown> }[] };
    expect(spec.containers[0].resources).toEqual({ limits: { cpu: '200m' }, requests: { cpu: '200m' } });
    expect(spec.initContainers[0].resources).toEqual({ limits: { cpu: '300m' }, requests: { cpu: '300m' } });
  });

  it('forbids containers outside min, max and the limit/request ratio with the real messages', () => {
    const c = setup();
    limitRange(c, [{ type: 'Container', max: { cpu: '500m' }, min: { memory: '64Mi' }, maxLimitRequestRatio: { cpu: '2' }, default: { cpu: '200m', memory: '128Mi' }, defaultRequest: { cpu: '100m', memory: '64Mi' } }]);
    const over = c.request({ verb: 'create', resource: 'pods', namespace: 'team', body: pod('x', [{ name: 'web', image: 'nginx', resources: { limits: { cpu: '1' }, requests: { cpu: '500m' } } }]) });
    expect(over.code).toBe(403);
    expect((over.body as Status).message).toBe('pods "x" is forbidden: maximum cpu usage per Container is 500m, but limit is 1');
    expect((over.body as Status).reason).toBe('Forbidden');
    const small = c.request({ verb: 'create', resource: 'pods', namespace: 'team', body: pod('y', [{ name: 'web', image: 'nginx', resources: { requests: { memory: '32Mi' }, limits: { memory: '64Mi' } } }]) });
    expect((small.body as Status).message).toBe('pods "y" is forbidden: minimum memory usage per Container is 64Mi, but request is 32Mi');
    const ratio = c.request({ verb: 'create', resource: 'pods', namespace: 'team', body: pod('z', [{ name: 'web', image: 'nginx', resources: { requests: { cpu: '100m' }, limits: { cpu: '400m' } } }]) });
    expect((ratio.body as Status).message).toBe('pods "z" is forbidden: cpu max limit to request ratio per Container is 2, but provided ratio is 4.000000');
    const both = c.request({ verb: 'create', resource: 'pods', namespace: 'team', body: pod('w', [{ name: 'web', image: 'nginx', resources: { requests: { cpu: '100m', memory: '32Mi' }, limits: { cpu: '1' } } }]) });
    expect((both.body as Status).message).toBe('pods "w" is forbidden: [minimum memory usage per Container is 64Mi, but request is 32Mi, maximum cpu usage per Container is 500m, but limit is 1, cpu max limit to request ratio per Container is 2, but provided ratio is 10.000000]');
    expect(c.request({ verb: 'get', resource: 'pods', namespace: 'team', name: 'x' }).code).toBe(404);
  });

  it('sums the containers for type Pod limits', () => {
    const c = setup();
    limitRange(c, [{ type: 'Pod', max: { cpu: '1' } }]);
    const cont = (n: string) => ({ name: n, image: 'nginx', resources: { limits: { cpu: '600m' } } });
    const r = c.request({ verb: 'create', resource: 'pods', namespace: 'team', body: pod('p', [cont('a'), cont('b')]) });
    expect((r.body as Status).message).toBe('pods "p" is forbidden: maximum cpu usage per Pod is 1, but limit is 1200m');
    expect(c.request({ verb: 'create', resource: 'pods', namespace: 'team', body: pod('q', [cont('a')]) }).code).toBe(201);
  });

  it('bounds PersistentVolumeClaim storage requests', () => {
    const c = setup();
    limitRange(c, [{ type: 'PersistentVolumeClaim', max: { storage: '2Gi' }, min: { storage: '1Gi' } }]);
    const pvc = (name: string, storage: string) => ({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage } } } });
    const big = c.request({ verb: 'create', resource: 'persistentvolumeclaims', namespace: 'team', body: pvc('big', '5Gi') });
    expect((big.body as Status).message).toBe('persistentvolumeclaims "big" is forbidden: maximum storage usage per PersistentVolumeClaim is 2Gi, but request is 5Gi');
    const tiny = c.request({ verb: 'create', resource: 'persistentvolumeclaims', namespace: 'team', body: pvc('tiny', '500Mi') });
    expect((tiny.body as Status).message).toBe('persistentvolumeclaims "tiny" is forbidden: minimum storage usage per PersistentVolumeClaim is 1Gi, but request is 500Mi');
    expect(c.request({ verb: 'create', resource: 'persistentvolumeclaims', namespace: 'team', body: pvc('ok', '1Gi') }).code).toBe(201);
  });

  it('validates the pod after defaulting: a default limit below the pod\'s own request is Invalid', () => {
    const c = setup();
    limitRange(c, [{ type: 'Container', default: { memory: '128Mi' }, defaultRequest: { memory: '64Mi' } }]);
    const r = c.request({ verb: 'create', resource: 'pods', namespace: 'team', body: pod('x', [{ name: 'web', image: 'nginx', resources: { requests: { memory: '256Mi' } } }]) });
    expect(r.code).toBe(422);
    expect((r.body as Status).message).toBe('Pod "x" is invalid: spec.containers[0].resources.requests: Invalid value: "256Mi": must be less than or equal to memory limit of 128Mi');
  });

  it('leaves namespaces without a LimitRange alone', () => {
    const c = setup();
    const r = c.request({ verb: 'create', resource: 'pods', namespace: 'team', body: pod('x', [{ name: 'web', image: 'nginx' }]) });
    expect((r.body as KObject).metadata.annotations?.['kubernetes.io/limit-ranger']).toBeUndefined();
  });
});
