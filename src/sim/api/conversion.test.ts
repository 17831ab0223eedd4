/**
 * autoscaling/v1 and autoscaling/v2 serve the same HorizontalPodAutoscalers: what `kubectl
 * autoscale` posts as v1 is stored as v2, and v2-only data survives a round trip through v1.
 */
import { describe, expect, it } from 'vitest';
import { Cluster } from '../cluster';
import type { KObject, WatchEvent } from './types';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const target = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' };
const hpa = (c: Cluster, version: 'v1' | 'v2', verb: 'get' | 'list' | 'create' | 'update' | 'patch' | 'delete', more: Json = {}) =>
  c.request({ verb, group: 'autoscaling', version, resource: 'horizontalpodautoscalers', namespace: 'default', ...more });

describe('HorizontalPodAutoscaler in autoscaling/v1', () => {
  it('stores a v1 object as v2 and serves it back as v1', () => {
    const c = new Cluster({ seed: 1 });
    const created = hpa(c, 'v1', 'create', { body: { apiVersion: 'autoscaling/v1', kind: 'HorizontalPodAutoscaler', metadata: { name: 'web' }, spec: { scaleTargetRef: target, maxReplicas: 5, targetCPUUtilizationPercentage: 70 } } });
    expect(created.code).toBe(201);
    expect((created.body as Json).apiVersion).toBe('autoscaling/v1');
    expect((created.body as Json).spec).toEqual({ scaleTargetRef: target, minReplicas: 1, maxReplicas: 5, targetCPUUtilizationPercentage: 70 });
    const v2 = hpa(c, 'v2', 'get', { name: 'web' }).body as Json;
    expect(v2.apiVersion).toBe('autoscaling/v2');
    expect(v2.spec.metrics).toEqual([{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }]);
    const list = hpa(c, 'v1', 'list').body as Json;
    expect(list.kind).toBe('HorizontalPodAutoscalerList');
    expect(list.items.map((i: Json) => [i.apiVersion, i.spec.targetCPUUtilizationPercentage])).toEqual([['autoscaling/v1', 70]]);
  });

  it('keeps v2-only metrics and behavior in annotations, so an update through v1 loses nothing', () => {
    const c = new Cluster({ seed: 1 });
    const memory = { type: 'Resource', resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '200Mi' } } };
    const behavior = { scaleDown: { stabilizationWindowSeconds: 60 } };
    hpa(c, 'v2', 'create', { body: { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'web' }, spec: { scaleTargetRef: target, maxReplicas: 5, metrics: [memory], behavior } } });
    const v1 = hpa(c, 'v1', 'get', { name: 'web' }).body as Json;
    expect(v1.spec.targetCPUUtilizationPercentage).toBeUndefined();
    expect(JSON.parse(v1.metadata.annotations['autoscaling.alpha.kubernetes.io/metrics'])).toEqual([memory]);
    v1.spec.maxReplicas = 8;
    expect(hpa(c, 'v1', 'update', { name: 'web', body: v1 }).code).toBe(200);
    const v2 = hpa(c, 'v2', 'get', { name: 'web' }).body as Json;
    expect(v2.spec.maxReplicas).toBe(8);
    expect(v2.spec.metrics).toEqual([memory]);
    expect(v2.spec.behavior.scaleDown.stabilizationWindowSeconds).toBe(60);
    expect(v2.metadata.annotations).toBeUndefined();
  });

  it('patches the v1 form, watches and deletes through v1', () => {
    const c = new Cluster({ seed: 1 });
    const events: WatchEvent[] = [];
    const w = c.watch({ verb: 'watch', group: 'autoscaling', version: 'v1', resource: 'horizontalpodautoscalers', namespace: 'default' }, (e) => events.push(e));
    hpa(c, 'v1', 'create', { body: { apiVersion: 'autoscaling/v1', kind: 'HorizontalPodAutoscaler', metadata: { name: 'web' }, spec: { scaleTargetRef: target, maxReplicas: 5 } } });
    const patched = hpa(c, 'v1', 'patch', { name: 'web', patchType: 'merge', body: { spec: { targetCPUUtilizationPercentage: 50 } } });
    expect((patched.body as Json).spec.targetCPUUtilizationPercentage).toBe(50);
    expect((hpa(c, 'v2', 'get', { name: 'web' }).body as Json).spec.metrics[0].resource.target.averageUtilization).toBe(50);
    expect(hpa(c, 'v1', 'delete', { name: 'web' }).code).toBe(200);
    w.stop();
    expect(events.map((e) => [e.type, (e.object as KObject).apiVersion])).toEqual([
      ['ADDED', 'autoscaling/v1'],
      ['MODIFIED', 'autoscaling/v1'],
      ['DELETED', 'autoscaling/v1'],
    ]);
  });
});
