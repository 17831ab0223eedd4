import { describe, expect, it } from 'vitest';
import { maxSurge, maxUnavailable, newRSNewReplicas, resolveFenceposts, setCondition, setNewRSAnnotations, templateKey } from './util';
import type { KObject } from '../../api/types';

const d = (replicas: number, strategy: Record<string, unknown> = {}, annotations: Record<string, string> = {}): KObject => ({
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', annotations }, spec: { replicas, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' }, ...strategy } },
});
const rs = (replicas: number, ann: Record<string, string> = {}): KObject => ({ apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'x', annotations: ann }, spec: { replicas } });

describe('deployment arithmetic', () => {
  it('resolves fenceposts: surge rounds up, unavailable rounds down (fidelity/workloads.md examples)', () => {
    expect([3, 4, 10, 1].map((r) => resolveFenceposts('25%', '25%', r))).toEqual([
      { surge: 1, unavailable: 0 },
      { surge: 1, unavailable: 1 },
      { surge: 3, unavailable: 2 },
      { surge: 1, unavailable: 0 },
    ]);
    expect(resolveFenceposts(0, 0, 5)).toEqual({ surge: 0, unavailable: 1 });
    expect(resolveFenceposts('0%', '0%', 5)).toEqual({ surge: 0, unavailable: 1 });
    expect(maxUnavailable(d(2, { rollingUpdate: { maxUnavailable: 5, maxSurge: 0 } }))).toBe(2); // capped at replicas
    expect(maxSurge(d(3, { type: 'Recreate', rollingUpdate: undefined }))).toBe(0);
    expect(maxUnavailable(d(0))).toBe(0);
  });

  it('sizes the new ReplicaSet within replicas + maxSurge', () => {
    expect(newRSNewReplicas(d(3), [rs(3)], undefined)).toBe(1);
    expect(newRSNewReplicas(d(3), [rs(3), rs(1)], rs(1))).toBe(1); // 4 = 3 + 1 already
    expect(newRSNewReplicas(d(3), [rs(2), rs(1)], rs(1))).toBe(2);
    expect(newRSNewReplicas(d(10), [rs(10)], undefined)).toBe(3);
    expect(newRSNewReplicas(d(3, { type: 'Recreate' }), [rs(3)], undefined)).toBe(3);
  });

  it('ignores pod-template-hash when comparing templates', () => {
    expect(templateKey({ metadata: { labels: { app: 'a', 'pod-template-hash': 'x' } }, spec: { b: 1, a: 2 } })).toBe(templateKey({ metadata: { labels: { app: 'a' } }, spec: { a: 2, b: 1 } }));
  });

  it('keeps revision history when an old set becomes current, and copies change-cause', () => {
    const old = rs(0, { 'deployment.kubernetes.io/revision': '1' });
    const changed = setNewRSAnnotations(d(3, {}, { 'kubernetes.io/change-cause': 'undo', 'kubectl.kubernetes.io/last-applied-configuration': '{}' }), old, 3, true);
    expect(changed).toBe(true);
    expect(old.metadata.annotations).toEqual({ 'deployment.kubernetes.io/revision': '3', 'deployment.kubernetes.io/revision-history': '1', 'kubernetes.io/change-cause': 'undo' });
    setNewRSAnnotations(d(3), old, 5, true);
    expect(old.metadata.annotations!['deployment.kubernetes.io/revision-history']).toBe('1,3');
  });

  it('sets conditions like SetDeploymentCondition: same status keeps lastTransitionTime, changes move to the end', () => {
    const s = { conditions: [{ type: 'Progressing', status: 'True', reason: 'A', lastTransitionTime: 't0', lastUpdateTime: 't0' }, { type: 'Available', status: 'True', reason: 'M', lastTransitionTime: 't0' }] };
    setCondition(s, { type: 'Progressing', status: 'True', reason: 'B', lastTransitionTime: 't1', lastUpdateTime: 't1' });
    expect(s.conditions.map((c) => c.type)).toEqual(['Available', 'Progressing']);
    expect(s.conditions[1]).toMatchObject({ reason: 'B', lastTransitionTime: 't0', lastUpdateTime: 't1' });
    setCondition(s, { type: 'Available', status: 'True', reason: 'M', lastTransitionTime: 't2' });
    expect(s.conditions[0].lastTransitionTime).toBe('t0');
  });
});
