/**
 * The CronJob controller (kubernetes `pkg/controller/cronjob/cronjob_controllerv2.go`): on
 * the virtual clock, creates `<cronjob>-<minutes since epoch>` Jobs at each schedule time
 * (5-field cron or @macros, in spec.timeZone), honouring suspend, startingDeadlineSeconds
 * and concurrencyPolicy Allow / Forbid / Replace; tracks active jobs, records
 * lastScheduleTime / lastSuccessfulTime, trims history, and requeues itself for the next
 * schedule time.
 */
import parser from 'cron-parser';
import { quiet } from './util/quiet';
import type { Cluster } from '../cluster';
import type { KObject } from '../api/types';
import { splitKey, type InformerFactory, type Reconciler, type ReconcileContext, type ReconcileResult, type Watches } from './runtime';
import { ownerIndex } from './util/pod-index';
import { ms, ownerRefTo, type Condition } from './util/pods';
import { clone } from '../api/objects';

const COMPONENT = { component: 'cronjob-controller' };

interface CronSpec {
  schedule?: string;
  timeZone?: string;
  startingDeadlineSeconds?: number;
  concurrencyPolicy?: string;
  suspend?: boolean;
  successfulJobsHistoryLimit?: number;
  failedJobsHistoryLimit?: number;
  jobTemplate?: { metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> }; spec?: Record<string, unknown> };
}

interface CronStatus {
  active?: { apiVersion: string; kind: string; name: string; namespace: string; resourceVersion?: string; uid: string }[];
  lastScheduleTime?: string;
  lastSuccessfulTime?: string;
}

function finishedType(j: KObject): 'Complete' | 'Failed' | undefined {
  const c = ((j.status as { conditions?: Condition[] } | undefined)?.conditions ?? []).find((x) => (x.type === 'Complete' || x.type === 'Failed') && x.status === 'True');
  return c?.type as 'Complete' | 'Failed' | undefined;
}

/** The schedule times after `from` up to `now`: the most recent one, how many were missed, and the next one. */
export function scheduleTimes(schedule: string, tz: string | undefined, from: number, now: number): { last?: number; missed: number; next: number } {
  const e = parser.parseExpression(schedule, { currentDate: new Date(from), tz: tz ?? 'UTC' });
  let last: number | undefined;
  let missed = 0;
  for (;;) {
    const t = e.next().getTime();
    if (t > now) return { last, missed, next: t };
    last = t;
    missed++;
    if (missed > 1000) {
      // far behind: jump to the last time before now
      const e2 = parser.parseExpression(schedule, { currentDate: new Date(now), tz: tz ?? 'UTC' });
      const prev = e2.prev().getTime();
      const e3 = parser.parseExpression(schedule, { currentDate: new Date(now), tz: tz ?? 'UTC' });
      return { last: prev, missed, next: e3.next().getTime() };
    }
  }
}

/** time.RFC1123Z, as in the MissSchedule event */
function rfc1123z(t: number): string {
  const d = new Date(t);
  const day = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][d.getUTCDay()];
  const mon = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][d.getUTCMonth()];
  const p = (n: number) => String(n).padStart(2, '0');
  return `${day}, ${p(d.getUTCDate())} ${mon} ${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}

export class CronJobReconciler implements Reconciler {
  readonly name = 'cronjob-controller';
  constructor(private cluster: Cluster) {}

  setup(w: Watches, _inf: InformerFactory): void {
    w.for('cronjobs.batch');
    w.owns('jobs.batch', 'CronJob');
    ownerIndex(this.cluster, 'jobs.batch');
  }

  reconcile(key: string, outer: ReconcileContext): ReconcileResult | void {
    const ctx = quiet(outer);
    const { namespace, name } = splitKey(key);
    const cj = this.cluster.informers.for('cronjobs.batch').get(namespace, name);
    if (!cj || cj.metadata.deletionTimestamp) return;
    const spec = cj.spec as CronSpec;
    const st = clone((cj.status ?? {}) as CronStatus);
    const now = ctx.now();
    const jobs = ownerIndex(this.cluster, 'jobs.batch').byOwner(cj.metadata.uid);
    let changed = false;

    // forget active jobs that finished or vanished
    const active = st.active ?? [];
    const still: typeof active = [];
    for (const ref of active) {
      const j = jobs.find((x) => x.metadata.uid === ref.uid);
      if (!j) {
        changed = true;
        continue;
      }
      const fin = finishedType(j);
      if (fin) {
        this.cluster.events.record(cj, 'Normal', 'SawCompletedJob', `Saw completed job: ${j.metadata.name}, status: ${fin}`, COMPONENT);
        if (fin === 'Complete') {
          const ct = (j.status as { completionTime?: string }).completionTime;
          if (ct && (!st.lastSuccessfulTime || ct > st.lastSuccessfulTime)) st.lastSuccessfulTime = ct;
        }
        changed = true;
        continue;
      }
      still.push(ref);
    }
    // jobs it owns but lost track of count as active too
    for (const j of jobs) if (!finishedType(j) && !j.metadata.deletionTimestamp && !still.some((r) => r.uid === j.metadata.uid)) {
      still.push(this.refOf(j));
      changed = true;
    }
    st.active = still;

    this.cleanupHistory(cj, jobs, spec, ctx);
    const result = this.schedule(cj, spec, st, still, now, ctx);
    if (result.changed) changed = true;
    if (changed) this.writeStatus(cj, st, ctx);
    return result.requeue !== undefined ? { requeueAfter: result.requeue } : undefined;
  }

  private schedule(cj: KObject, spec: CronSpec, st: CronStatus, active: NonNullable<CronStatus['active']>, now: number, ctx: ReconcileContext): { changed: boolean; requeue?: number } {
    if (spec.suspend) {
      ctx.observe('suspended: no new jobs');
      return { changed: false };
    }
    let times: ReturnType<typeof scheduleTimes>;
    try {
      const from = ms(st.lastScheduleTime) ?? ms(cj.metadata.creationTimestamp) ?? now;
      times = scheduleTimes(spec.schedule ?? '', spec.timeZone, from, now);
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      if (spec.timeZone && /timestamp|zone/i.test(msg)) this.cluster.events.record(cj, 'Warning', 'UnknownTimeZone', `invalid timeZone: "${spec.timeZone}": unknown time zone ${spec.timeZone}`, COMPONENT);
      else this.cluster.events.record(cj, 'Warning', 'UnparseableSchedule', `unparseable schedule: "${spec.schedule}" : ${msg}`, COMPONENT);
      return { changed: false };
    }
    const requeue = times.next - now;
    if (times.last === undefined) {
      ctx.observe(`next run at ${this.cluster.clock.iso(times.next)}`);
      return { changed: false, requeue };
    }
    if (times.missed > 100)
      this.cluster.events.record(cj, 'Warning', 'TooManyMissedTimes', `too many missed start times: ${times.missed}. Set or decrease .spec.startingDeadlineSeconds or check clock skew`, COMPONENT);
    const t = times.last;
    if (spec.startingDeadlineSeconds !== undefined && spec.startingDeadlineSeconds !== null && t + spec.startingDeadlineSeconds * 1000 < now) {
      this.cluster.events.record(cj, 'Warning', 'MissSchedule', `Missed scheduled time to start a job: ${rfc1123z(t)}`, COMPONENT);
      return { changed: false, requeue };
    }
    const jobName = `${cj.metadata.name}-${Math.floor(t / 60000)}`;
    if (active.some((r) => r.name === jobName)) return { changed: false, requeue };
    const policy = spec.concurrencyPolicy ?? 'Allow';
    if (policy === 'Forbid' && active.length) {
      this.cluster.events.record(cj, 'Normal', 'JobAlreadyActive', 'Not starting job because prior execution is running and concurrency policy is Forbid', COMPONENT);
      ctx.decide(`skip the ${this.cluster.clock.iso(t)} run: concurrencyPolicy Forbid`);
      // the missed time stays unmet; it runs at the next schedule time if the job finished by then
      return { changed: false, requeue };
    }
    if (policy === 'Replace' && active.length) {
      for (const r of active) {
        ctx.decide(`delete job ${r.name}: concurrencyPolicy Replace`);
        const res = ctx.request({ verb: 'delete', group: 'batch', resource: 'jobs', namespace: r.namespace, name: r.name, query: { propagationPolicy: 'Background' } });
        if (res.code < 300) this.cluster.events.record(cj, 'Normal', 'SuccessfulDelete', `Deleted job ${r.name}`, COMPONENT);
      }
      active.length = 0;
    }
    const tpl = spec.jobTemplate ?? {};
    const body: KObject = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: {
        name: jobName,
        namespace: cj.metadata.namespace,
        ...(tpl.metadata?.labels ? { labels: { ...tpl.metadata.labels } } : {}),
        annotations: { ...(tpl.metadata?.annotations ?? {}), 'batch.kubernetes.io/cronjob-scheduled-timestamp': this.cluster.clock.iso(t) },
        ownerReferences: [ownerRefTo(cj)],
      },
      spec: clone(tpl.spec ?? {}),
    };
    ctx.decide(`create job ${jobName} for ${this.cluster.clock.iso(t)}`);
    const res = ctx.request({ verb: 'create', group: 'batch', resource: 'jobs', namespace: cj.metadata.namespace, body });
    if (res.code === 409) {
      st.lastScheduleTime = this.cluster.clock.iso(t);
      return { changed: true, requeue };
    }
    if (res.code >= 300) {
      this.cluster.events.record(cj, 'Warning', 'FailedCreate', `Error creating job: ${(res.body as { message?: string }).message}`, COMPONENT);
      return { changed: false, requeue };
    }
    const job = res.body as KObject;
    this.cluster.events.record(cj, 'Normal', 'SuccessfulCreate', `Created job ${jobName}`, COMPONENT);
    active.push(this.refOf(job));
    st.lastScheduleTime = this.cluster.clock.iso(t);
    return { changed: true, requeue };
  }

  private refOf(j: KObject) {
    return { apiVersion: 'batch/v1', kind: 'Job', name: j.metadata.name!, namespace: j.metadata.namespace!, resourceVersion: j.metadata.resourceVersion, uid: j.metadata.uid! };
  }

  private cleanupHistory(cj: KObject, jobs: KObject[], spec: CronSpec, ctx: ReconcileContext): void {
    for (const [type, limit] of [['Complete', spec.successfulJobsHistoryLimit ?? 3], ['Failed', spec.failedJobsHistoryLimit ?? 1]] as const) {
      const done = jobs.filter((j) => finishedType(j) === type && !j.metadata.deletionTimestamp).sort((a, b) => ((a.status as { startTime?: string }).startTime ?? a.metadata.creationTimestamp ?? '').localeCompare((b.status as { startTime?: string }).startTime ?? b.metadata.creationTimestamp ?? ''));
      for (let i = 0; i < done.length - limit; i++) {
        ctx.decide(`delete job ${done[i].metadata.name}: beyond the ${type === 'Complete' ? 'successful' : 'failed'} jobs history limit ${limit}`);
        const res = ctx.request({ verb: 'delete', group: 'batch', resource: 'jobs', namespace: done[i].metadata.namespace, name: done[i].metadata.name, query: { propagationPolicy: 'Background' } });
        if (res.code < 300) this.cluster.events.record(cj, 'Normal', 'SuccessfulDelete', `Deleted job ${done[i].metadata.name}`, COMPONENT);
      }
    }
  }

  private writeStatus(cj: KObject, st: CronStatus, ctx: ReconcileContext): void {
    const latest = this.cluster.informers.for('cronjobs.batch').get(cj.metadata.namespace, cj.metadata.name!) ?? cj;
    const body = clone(latest) as KObject;
    const next = clone(st);
    if (!next.active?.length) delete next.active;
    body.status = next;
    ctx.request({ verb: 'update', group: 'batch', resource: 'cronjobs', subresource: 'status', namespace: cj.metadata.namespace, name: cj.metadata.name, body });
  }
}

export function cronJobController(cluster: Cluster): CronJobReconciler {
  return new CronJobReconciler(cluster);
}
