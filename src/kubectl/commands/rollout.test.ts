import { describe, expect, it } from 'vitest';
import type { KObject } from '../../sim/api/types';
import { rolloutStatus } from './rollout';

const deploy = (spec: object, status: object, generation = 2): KObject => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', generation }, spec, status }) as KObject;

describe('rollout status messages (polymorphichelpers/rollout_status.go)', () => {
  it('deployment: observed generation, updated, old pending, available, done, deadline', () => {
    expect(rolloutStatus(deploy({ replicas: 3 }, { observedGeneration: 1 }))).toEqual({ done: false, msg: 'Waiting for deployment spec update to be observed...\n' });
    expect(rolloutStatus(deploy({ replicas: 3 }, { observedGeneration: 2, updatedReplicas: 1, replicas: 3 }))).toEqual({
      done: false,
      msg: 'Waiting for deployment "web" rollout to finish: 1 out of 3 new replicas have been updated...\n',
    });
    expect(rolloutStatus(deploy({ replicas: 3 }, { observedGeneration: 2, updatedReplicas: 3, replicas: 4 }))).toEqual({
      done: false,
      msg: 'Waiting for deployment "web" rollout to finish: 1 old replicas are pending termination...\n',
    });
    expect(rolloutStatus(deploy({ replicas: 3 }, { observedGeneration: 2, updatedReplicas: 3, replicas: 3, availableReplicas: 2 }))).toEqual({
      done: false,
      msg: 'Waiting for deployment "web" rollout to finish: 2 of 3 updated replicas are available...\n',
    });
    expect(rolloutStatus(deploy({ replicas: 3 }, { observedGeneration: 2, updatedReplicas: 3, replicas: 3, availableReplicas: 3 }))).toEqual({ done: true, msg: 'deployment "web" successfully rolled out\n' });
    expect(rolloutStatus(deploy({ replicas: 3 }, { observedGeneration: 2, conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded' }] }))).toEqual({
      error: 'deployment "web" exceeded its progress deadline',
    });
  });
  it('statefulset: a defaulted partition 0 reports a partitioned roll out', () => {
    const sts = { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'db', generation: 1 }, spec: { replicas: 2, updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } } }, status: { observedGeneration: 1, readyReplicas: 2, updatedReplicas: 2 } } as unknown as KObject;
    expect(rolloutStatus(sts)).toEqual({ done: true, msg: 'partitioned roll out complete: 2 new pods have been updated...\n' });
    const onDelete = { ...sts, spec: { replicas: 2, updateStrategy: { type: 'OnDelete' } } } as unknown as KObject;
    expect(rolloutStatus(onDelete)).toEqual({ error: 'rollout status is only available for RollingUpdate strategy type' });
  });
});
