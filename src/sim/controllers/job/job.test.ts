import { describe, expect, it } from 'vitest';
import { harness, condition, type Harness } from '../../testing/harness';
import { jobController } from './controller';
import { TtlAfterFinishedReconciler } from './ttl';
import { installScheduler } from '../../scheduler';
import { backoffDelay, formatIndexes } from './backoff';
import type { KObject } from '../../api/types';

function job(name: string, spec: Record<string, unknown> = {}, command = ['sh', '-c', 'exit 0']): KObject {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name },
    spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox:1.36', command }] } }, ...spec },
  };
}

function setup(exit: (p: KObject) => number, afterMs = 5000): Harness {
  const h = harness({ kubelet: { behaviour: (p) => ({ exitCode: exit(p), afterMs }) } });
  h.c.controllers.add(jobController(h.c));
  h.c.controllers.add(new TtlAfterFinishedReconciler(h.c));
  installScheduler(h.c);
  return h;
}

const conds = (o: KObject | undefined) => ((o?.status as { conditions?: { type: string; status: string; reason: string; message: string }[] })?.conditions ?? []).map((c) => `${c.type}=${c.status} ${c.reason}: ${c.message}`);

describe('Job controller', () => {
  it('runs completions with parallelism, then SuccessCriteriaMet and Complete', () => {
    const h = setup(() => 0);
    h.create(job('pi', { completions: 3, parallelism: 2 }));
    h.settle();
    const first = h.list('pods');
    expect(first).toHaveLength(2);
    for (const p of first) {
      expect(p.metadata.name).toMatch(/^pi-\w{5}$/);
      expect(p.metadata.finalizers).toEqual(['batch.kubernetes.io/job-tracking']);
      expect(p.metadata.labels).toMatchObject({ 'batch.kubernetes.io/job-name': 'pi', 'job-name': 'pi' });
    }
    h.advance(60_000);
    const j = h.get('jobs.batch', 'pi')!;
    expect(conds(j)).toEqual([
      'SuccessCriteriaMet=True CompletionsReached: Reached expected number of succeeded pods',
      'Complete=True CompletionsReached: Reached expected number of succeeded pods',
    ]);
    const st = j.status as Record<string, unknown>;
    expect(st).toMatchObject({ succeeded: 3, ready: 0, terminating: 0, uncountedTerminatedPods: {} });
    expect(st.active).toBeUndefined();
    expect(st.completionTime).toBeDefined();
    expect(h.list('pods').every((p) => !p.metadata.finalizers)).toBe(true);
    expect(h.events({ kind: 'Job' }).filter((e) => e.includes('SuccessfulCreate'))).toHaveLength(3);
    expect(h.events({ kind: 'Job' }).slice(-1)[0]).toBe('Normal Completed Job completed (job-controller)');
  });

  it('exhausts its backoffLimit with 10s, 20s back-off, then FailureTarget and Failed', () => {
    const h = setup(() => 1, 1000);
    h.create(job('fail', { backoffLimit: 2 }));
    const created: number[] = [];
    h.c.watch({ verb: 'watch', resource: 'pods', namespace: 'default' }, (e) => {
      if (e.type === 'ADDED') created.push(h.c.clock.now() - Date.UTC(2025, 0, 1));
    });
    h.advance(120_000);
    // pod 1 at 0; fails at ~2s (bind + start 1s, exit 1s); pod 2 10s later; pod 3 20s after pod 2 fails
    expect(created).toHaveLength(3);
    expect(created[1] - created[0]).toBeGreaterThanOrEqual(12_000);
    expect(created[2] - created[1]).toBeGreaterThanOrEqual(22_000);
    const j = h.get('jobs.batch', 'fail')!;
    expect(conds(j)).toEqual([
      'FailureTarget=True BackoffLimitExceeded: Job has reached the specified backoff limit',
      'Failed=True BackoffLimitExceeded: Job has reached the specified backoff limit',
    ]);
    expect((j.status as { failed: number }).failed).toBe(3);
    expect(h.events({ kind: 'Job', reason: 'BackoffLimitExceeded' })).toEqual(['Warning BackoffLimitExceeded Job has reached the specified backoff limit (job-controller)']);
  });

  it('fails with DeadlineExceeded after activeDeadlineSeconds and kills running pods', () => {
    const h = setup(() => 0, 600_000);
    h.create(job('slow', { activeDeadlineSeconds: 30 }));
    h.advance(40_000);
    const j = h.get('jobs.batch', 'slow')!;
    expect(conds(j)).toEqual(['FailureTarget=True DeadlineExceeded: Job was active longer than specified deadline', 'Failed=True DeadlineExceeded: Job was active longer than specified deadline']);
    expect(h.events({ kind: 'Job', reason: 'DeadlineExceeded' })).toEqual(['Warning DeadlineExceeded Job was active longer than specified deadline (job-controller)']);
    expect(h.list('pods').filter((p) => (p.status as { phase: string }).phase === 'Running')).toHaveLength(0);
  });

  it('Indexed: one pod per index with the completion index label, annotation, hostname and env', () => {
    const h = setup(() => 0);
    h.create(job('idx', { completions: 3, parallelism: 3, completionMode: 'Indexed' }));
    h.settle();
    const pods = h.list('pods').sort((a, b) => (a.metadata.name! < b.metadata.name! ? -1 : 1));
    expect(pods.map((p) => p.metadata.labels!['batch.kubernetes.io/job-completion-index'])).toEqual(['0', '1', '2']);
    pods.forEach((p, i) => {
      expect(p.metadata.name).toMatch(new RegExp(`^idx-${i}-\\w{5}$`));
      expect(p.metadata.annotations!['batch.kubernetes.io/job-completion-index']).toBe(String(i));
      expect((p.spec as { hostname: string }).hostname).toBe(`idx-${i}`);
      expect((p.spec as { containers: { env: unknown[] }[] }).containers[0].env).toContainEqual({ name: 'JOB_COMPLETION_INDEX', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: "metadata.labels['batch.kubernetes.io/job-completion-index']" } } });
    });
    h.advance(30_000);
    expect(h.get('jobs.batch', 'idx')!.status).toMatchObject({ completedIndexes: '0-2', succeeded: 3 });
  });

  it('ttlSecondsAfterFinished deletes the job and its pods', () => {
    const h = setup(() => 0, 1000);
    h.create(job('ttl', { ttlSecondsAfterFinished: 60 }));
    h.advance(30_000);
    expect(condition(h.get('jobs.batch', 'ttl'), 'Complete')?.status).toBe('True');
    h.advance(60_000);
    expect(h.get('jobs.batch', 'ttl')).toBeUndefined();
    h.advance(1000);
    expect(h.list('pods')).toHaveLength(0);
  });

  it('suspends and resumes', () => {
    const h = setup(() => 0, 600_000);
    h.create(job('sus', {}));
    h.advance(3000);
    h.req({ verb: 'patch', group: 'batch', resource: 'jobs', namespace: 'default', name: 'sus', patchType: 'merge', body: { spec: { suspend: true } } });
    h.advance(5000);
    expect(conds(h.get('jobs.batch', 'sus'))).toEqual(['Suspended=True JobSuspended: Job suspended']);
    expect(h.list('pods').filter((p) => !p.metadata.deletionTimestamp && (p.status as { phase: string }).phase === 'Running')).toHaveLength(0);
    h.req({ verb: 'patch', group: 'batch', resource: 'jobs', namespace: 'default', name: 'sus', patchType: 'merge', body: { spec: { suspend: false } } });
    h.advance(3000);
    expect(conds(h.get('jobs.batch', 'sus'))).toEqual(['Suspended=False JobResumed: Job resumed']);
    expect(h.events({ kind: 'Job' }).filter((e) => /Suspended|Resumed/.test(e))).toEqual(['Normal Suspended Job suspended (job-controller)', 'Normal Resumed Job resumed (job-controller)']);
  });

  it('back-off doubles from 10s and is capped at 6 minutes; indexes print as ranges', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map(backoffDelay)).toEqual([10_000, 20_000, 40_000, 80_000, 160_000, 320_000, 360_000]);
    expect(formatIndexes([0, 1, 2, 4, 6, 7])).toBe('0-2,4,6-7');
  });
});
