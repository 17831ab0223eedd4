import { describe, expect, it } from 'vitest';
import { harness, type Harness } from '../testing/harness';
import { cronJobController, scheduleTimes } from './cronjob';
import { jobController } from './job/controller';
import { installScheduler } from '../scheduler';
import type { KObject } from '../api/types';

const T0 = Date.UTC(2025, 0, 1);
const minutes = (name: string) => Number(name.split('-').pop()) - T0 / 60000;

function cron(name: string, extra: Record<string, unknown> = {}): KObject {
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name },
    spec: {
      schedule: '*/5 * * * *',
      jobTemplate: { spec: { template: { spec: { restartPolicy: 'OnFailure', containers: [{ name: 'hello', image: 'busybox:1.36', command: ['sleep', '420'] }] } } } },
      ...extra,
    },
  };
}

/** Jobs run for `runMs` then succeed. */
function setup(runMs: number): Harness {
  const h = harness({ kubelet: { behaviour: () => ({ exitCode: 0, afterMs: runMs }) } });
  h.c.controllers.add(cronJobController(h.c));
  h.c.controllers.add(jobController(h.c));
  installScheduler(h.c);
  return h;
}

function created(h: Harness): number[] {
  return h.events({ kind: 'CronJob', reason: 'SuccessfulCreate' }).map((e) => minutes(/Created job (\S+)/.exec(e)![1]));
}

describe('CronJob controller over an hour of virtual time', () => {
  it('Allow: a job every 5 minutes named <cronjob>-<minutes since epoch>, history trimmed to 3', () => {
    const h = setup(60_000);
    h.create(cron('hello'));
    h.advance(60 * 60_000 + 30_000);
    expect(created(h)).toEqual([5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55, 60]);
    const jobs = h.list('jobs.batch').map((j) => j.metadata.name!).sort();
    // three finished jobs kept (45, 50, 55) and the one still running (60)
    expect(jobs).toEqual([45, 50, 55, 60].map((m) => `hello-${T0 / 60000 + m}`));
    const j = h.get('jobs.batch', `hello-${T0 / 60000 + 60}`)!;
    expect(j.metadata.annotations!['batch.kubernetes.io/cronjob-scheduled-timestamp']).toBe('2025-01-01T01:00:00Z');
    expect(j.metadata.ownerReferences![0]).toMatchObject({ kind: 'CronJob', name: 'hello', controller: true });
    const st = h.get('cronjobs.batch', 'hello')!.status as Record<string, unknown>;
    expect(st.lastScheduleTime).toBe('2025-01-01T01:00:00Z');
    expect(st.lastSuccessfulTime).toMatch(/^2025-01-01T00:5/);
    expect(h.events({ kind: 'CronJob', reason: 'SawCompletedJob' })[0]).toBe(`Normal SawCompletedJob Saw completed job: hello-${T0 / 60000 + 5}, status: Complete (cronjob-controller)`);
    expect(h.events({ kind: 'CronJob', reason: 'SuccessfulDelete' })[0]).toBe(`Normal SuccessfulDelete Deleted job hello-${T0 / 60000 + 5} (cronjob-controller)`);
  });

  it('Forbid: skips while the previous 7-minute job runs, then starts the missed run late', () => {
    const h = setup(7 * 60_000);
    h.create(cron('hello', { concurrencyPolicy: 'Forbid' }));
    h.advance(60 * 60_000);
    const c = created(h);
    expect(c.slice(0, 2)).toEqual([5, 10]);
    expect(c.length).toBeLessThan(12);
    expect(h.events({ kind: 'CronJob', reason: 'JobAlreadyActive' })[0]).toBe('Normal JobAlreadyActive Not starting job because prior execution is running and concurrency policy is Forbid (cronjob-controller)');
    // never two active at once
    expect(((h.get('cronjobs.batch', 'hello')!.status as { active?: unknown[] }).active ?? []).length).toBeLessThanOrEqual(1);
  });

  it('Replace: deletes the running job and starts the new one on time', () => {
    const h = setup(7 * 60_000);
    h.create(cron('hello', { concurrencyPolicy: 'Replace' }));
    h.advance(60 * 60_000 + 30_000);
    expect(created(h)).toEqual([5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55, 60]);
    const del = h.events({ kind: 'CronJob', reason: 'SuccessfulDelete' });
    expect(del[0]).toBe(`Normal SuccessfulDelete Deleted job hello-${T0 / 60000 + 5} (cronjob-controller)`);
    expect(h.list('jobs.batch').filter((j) => !j.metadata.deletionTimestamp)).toHaveLength(1);
  });

  it('suspend stops new runs; startingDeadlineSeconds skips a missed run with MissSchedule', () => {
    const h = setup(60_000);
    h.create(cron('hello', { suspend: true }));
    h.advance(20 * 60_000);
    expect(created(h)).toEqual([]);
    h.c.controllers.stop('cronjob-controller');
    h.req({ verb: 'patch', group: 'batch', resource: 'cronjobs', namespace: 'default', name: 'hello', patchType: 'merge', body: { spec: { suspend: false, startingDeadlineSeconds: 10 } } });
    h.advance(2 * 60_000 + 30_000);
    h.c.controllers.start('cronjob-controller');
    h.advance(0);
    expect(h.events({ kind: 'CronJob', reason: 'MissSchedule' })[0]).toBe('Warning MissSchedule Missed scheduled time to start a job: Wed, 01 Jan 2025 00:20:00 +0000 (cronjob-controller)');
    h.advance(5 * 60_000);
    expect(created(h)).toEqual([25]);
  });

  it('computes schedule times in a time zone and for macros', () => {
    expect(scheduleTimes('@hourly', undefined, T0, T0 + 90 * 60_000)).toEqual({ last: T0 + 60 * 60_000, missed: 1, next: T0 + 120 * 60_000 });
    const r = scheduleTimes('0 9 * * *', 'Asia/Seoul', T0, T0 + 24 * 3600_000);
    // 09:00 in Seoul is 00:00 UTC; the run at 09:00 KST on Jan 1 was at the start instant, so the next is Jan 2
    expect(new Date(r.last!).toISOString()).toBe('2025-01-02T00:00:00.000Z');
    expect(new Date(r.next).toISOString()).toBe('2025-01-03T00:00:00.000Z');
  });
});
