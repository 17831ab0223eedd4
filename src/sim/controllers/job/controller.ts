/**
 * The Job controller (kubernetes `pkg/controller/job/job_controller.go`, 1.32): runs
 * min(parallelism, remaining completions) pods, counts finished pods through the
 * `batch.kubernetes.io/job-tracking` finalizer, replaces failed pods after the back-off,
 * and finishes the Job in two steps as 1.31+ does — SuccessCriteriaMet / FailureTarget
 * first (remaining pods are terminated), then Complete / Failed. Indexed Jobs get one pod
 * per completion index. Suspend/resume, activeDeadlineSeconds and backoffLimit (with
 * container restarts for restartPolicy OnFailure) are modelled; podFailurePolicy,
 * successPolicy and backoffLimitPerIndex are not.
 */
import { quiet } from '../util/quiet';
import type { Cluster } from '../../cluster';
import type { KObject } from '../../api/types';
import { fromLabelSelector, matches } from '../../api/selectors';
import { splitKey, type InformerFactory, type Reconciler, type ReconcileContext, type ReconcileResult, type Watches } from '../runtime';
import { isPodReady, isTerminal, ms, phaseOf, podFromTemplate, sumRestarts, type Condition, type PodTemplate } from '../util/pods';
import { podIndex } from '../util/pod-index';
import { slowStartBatch } from '../replicaset';
import { backoffDelay, formatIndexes, parseIndexes } from './backoff';
import { CreateBackoff } from '../util/create-backoff';
import { clone } from '../../api/objects';

export const TRACKING_FINALIZER = 'batch.kubernetes.io/job-tracking';
export const INDEX_KEY = 'batch.kubernetes.io/job-completion-index';
const COMPONENT = { component: 'job-controller' };

interface JobSpec {
  completions?: number;
  parallelism?: number;
  backoffLimit?: number;
  activeDeadlineSeconds?: number;
  completionMode?: string;
  suspend?: boolean;
  selector?: never;
  template?: PodTemplate;
}

interface JobStatus {
  conditions?: Condition[];
  startTime?: string;
  completionTime?: string;
  active?: number;
  ready?: number;
  terminating?: number;
  succeeded?: number;
  failed?: number;
  completedIndexes?: string;
  uncountedTerminatedPods?: Record<string, unknown>;
}

export const isFinished = (j: KObject) => ((j.status as JobStatus | undefined)?.conditions ?? []).some((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');

function cond(type: string, status: string, reason: string, message: string, now: string): Condition {
  return { type, status, lastProbeTime: now, lastTransitionTime: now, reason, message };
}

function finishedAt(p: KObject): number | undefined {
  let t: number | undefined;
  for (const c of ((p.status as { containerStatuses?: { state?: { terminated?: { finishedAt?: string } } }[] })?.containerStatuses ?? [])) {
    const f = ms(c.state?.terminated?.finishedAt);
    if (f !== undefined && (t === undefined || f > t)) t = f;
  }
  return t;
}

function indexOf(p: KObject): number | undefined {
  const v = p.metadata.labels?.[INDEX_KEY] ?? p.metadata.annotations?.[INDEX_KEY];
  const n = Number(v);
  return v !== undefined && Number.isInteger(n) ? n : undefined;
}

export class JobReconciler implements Reconciler {
  readonly name = 'job-controller';
  /** DefaultJobApiBackOff 1 s, doubling to MaxJobApiBackOff 60 s */
  private createBackoff = new CreateBackoff(1000, 60_000);
  constructor(private cluster: Cluster) {}

  setup(w: Watches, _inf: InformerFactory): void {
    w.for('jobs.batch');
    w.owns('pods', 'Job');
    podIndex(this.cluster);
  }

  reconcile(key: string, outer: ReconcileContext): ReconcileResult | void {
    const ctx = quiet(outer);
    const { namespace, name } = splitKey(key);
    const job = this.cluster.informers.for('jobs.batch').get(namespace, name);
    const owned = job ? podIndex(this.cluster).byOwner(job.metadata.uid) : [];
    if (!job) return;
    const spec = job.spec as JobSpec;
    const st = clone((job.status ?? {}) as JobStatus);
    const nowIso = this.cluster.clock.iso();
    const now = ctx.now();
    const selector = fromLabelSelector(spec.selector);
    const pods = owned.filter((p) => matches(selector, p.metadata.labels));
    const indexed = spec.completionMode === 'Indexed';

    // 1. count finished pods, then let them go (finalizer removal)
    const done = pods.filter((p) => p.metadata.finalizers?.includes(TRACKING_FINALIZER) && (isTerminal(p) || (p.metadata.deletionTimestamp && job.metadata.deletionTimestamp) || (p.metadata.deletionTimestamp && (p.metadata.deletionGracePeriodSeconds ?? 0) === 0)));
    if (done.length || job.metadata.deletionTimestamp) {
      const completed = parseIndexes(st.completedIndexes);
      for (const p of done) {
        if (phaseOf(p) === 'Succeeded') {
          const i = indexOf(p);
          if (indexed && i !== undefined) {
            if (!completed.has(i)) st.succeeded = (st.succeeded ?? 0) + 1;
            completed.add(i);
          } else st.succeeded = (st.succeeded ?? 0) + 1;
        } else st.failed = (st.failed ?? 0) + 1;
      }
      if (indexed && completed.size) st.completedIndexes = formatIndexes(completed);
      const release = job.metadata.deletionTimestamp ? pods.filter((p) => p.metadata.finalizers?.includes(TRACKING_FINALIZER)) : done;
      if (done.length) ctx.observe(`${done.length} pod(s) finished: ${done.map((p) => `${p.metadata.name} ${phaseOf(p)}`).join(', ')}`);
      for (const p of release) this.dropFinalizer(p, ctx);
      if (!job.metadata.deletionTimestamp) this.writeStatus(job, st, pods, ctx);
      return;
    }
    if (isFinished(job)) return;
    const has = (t: string) => (st.conditions ?? []).find((c) => c.type === t && c.status === 'True');
    const active = pods.filter((p) => !isTerminal(p) && !p.metadata.deletionTimestamp);
    const terminating = pods.filter((p) => !isTerminal(p) && p.metadata.deletionTimestamp);

    // 2. a decided outcome: terminate what still runs, then finish
    const target = has('FailureTarget') ?? has('SuccessCriteriaMet');
    if (target) {
      if (active.length) {
        this.deletePods(job, active, ctx, 'the job has reached its outcome');
        return this.writeStatus(job, st, podIndex(this.cluster).byOwner(job.metadata.uid), ctx);
      }
      if (terminating.length) return;
      if (target.type === 'FailureTarget') {
        st.conditions = [...(st.conditions ?? []), cond('Failed', 'True', target.reason!, target.message!, nowIso)];
        this.cluster.events.record(job, 'Warning', target.reason!, target.message!, COMPONENT);
      } else {
        st.conditions = [...(st.conditions ?? []), cond('Complete', 'True', target.reason!, target.message!, nowIso)];
        st.completionTime = nowIso;
        this.cluster.events.record(job, 'Normal', 'Completed', 'Job completed', COMPONENT);
      }
      ctx.decide(`mark the job ${target.type === 'FailureTarget' ? 'Failed' : 'Complete'}`);
      this.writeStatus(job, st, pods, ctx);
      return;
    }

    // 3. suspend / resume
    const suspended = (st.conditions ?? []).find((c) => c.type === 'Suspended');
    if (spec.suspend) {
      if (active.length) {
        this.deletePods(job, active, ctx, 'the job is suspended');
        return this.writeStatus(job, st, podIndex(this.cluster).byOwner(job.metadata.uid), ctx);
      }
      if (suspended?.status !== 'True') {
        st.conditions = [...(st.conditions ?? []).filter((c) => c.type !== 'Suspended'), cond('Suspended', 'True', 'JobSuspended', 'Job suspended', nowIso)];
        this.cluster.events.record(job, 'Normal', 'Suspended', 'Job suspended', COMPONENT);
        ctx.decide('mark the job suspended');
      }
      this.writeStatus(job, st, pods, ctx);
      return;
    }
    if (suspended?.status === 'True') {
      st.conditions = [...(st.conditions ?? []).filter((c) => c.type !== 'Suspended'), cond('Suspended', 'False', 'JobResumed', 'Job resumed', nowIso)];
      st.startTime = nowIso;
      this.cluster.events.record(job, 'Normal', 'Resumed', 'Job resumed', COMPONENT);
    }
    if (!st.startTime) st.startTime = nowIso;

    // 4. failure and success criteria
    const start = ms(st.startTime)!;
    if (spec.activeDeadlineSeconds !== undefined && now >= start + spec.activeDeadlineSeconds * 1000) {
      st.conditions = [...(st.conditions ?? []), cond('FailureTarget', 'True', 'DeadlineExceeded', 'Job was active longer than specified deadline', nowIso)];
      ctx.decide('fail the job: activeDeadlineSeconds passed');
      this.writeStatus(job, st, pods, ctx);
      return;
    }
    const restarts = (spec.template?.spec as { restartPolicy?: string } | undefined)?.restartPolicy === 'OnFailure' ? active.reduce((s, p) => s + sumRestarts(p), 0) : 0;
    const backoffLimit = spec.backoffLimit ?? 6;
    if ((st.failed ?? 0) + restarts > backoffLimit) {
      st.conditions = [...(st.conditions ?? []), cond('FailureTarget', 'True', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit', nowIso)];
      ctx.decide(`fail the job: ${(st.failed ?? 0) + restarts} failures > backoffLimit ${backoffLimit}`);
      this.writeStatus(job, st, pods, ctx);
      return;
    }
    const succeeded = st.succeeded ?? 0;
    const completions = spec.completions;
    const parallelism = spec.parallelism ?? 1;
    if ((completions !== undefined && completions !== null && succeeded >= completions) || ((completions === undefined || completions === null) && succeeded > 0 && active.length === 0)) {
      st.conditions = [...(st.conditions ?? []), cond('SuccessCriteriaMet', 'True', 'CompletionsReached', 'Reached expected number of succeeded pods', nowIso)];
      ctx.decide(`the job succeeded: ${succeeded} completions`);
      this.writeStatus(job, st, pods, ctx);
      return;
    }

    // 5. run the right number of pods
    const want = completions === undefined || completions === null ? (succeeded > 0 ? 0 : parallelism) : Math.min(parallelism, completions - succeeded);
    const diff = want - active.length;
    ctx.observe(`${active.length} active, ${succeeded} succeeded, ${st.failed ?? 0} failed; want ${want} running`);
    let requeue: number | undefined;
    if (diff > 0) {
      const wait = this.backoffRemaining(pods, now);
      if (wait > 0) {
        ctx.observe(`back-off: next pod in ${Math.ceil(wait / 1000)}s`);
        requeue = wait;
      } else {
        const indexes: (number | undefined)[] = [];
        if (indexed) {
          const busy = new Set([...parseIndexes(st.completedIndexes), ...active.map(indexOf).filter((x): x is number => x !== undefined)]);
          for (let i = 0; indexes.length < diff && i < (completions ?? 0); i++) if (!busy.has(i)) indexes.push(i);
        } else for (let i = 0; i < diff; i++) indexes.push(undefined);
        ctx.decide(`create ${indexes.length} pod${indexes.length === 1 ? '' : 's'}`);
        let k = 0;
        let failed = false;
        slowStartBatch(indexes.length, () => {
          const res = ctx.request({ verb: 'create', resource: 'pods', namespace, body: this.podFor(job, indexes[k++]) });
          if (res.code >= 300) {
            this.cluster.events.record(job, 'Warning', 'FailedCreate', `Error creating: ${(res.body as { message?: string }).message}`, COMPONENT);
            failed = true;
            return false;
          }
          this.cluster.events.record(job, 'Normal', 'SuccessfulCreate', `Created pod: ${(res.body as KObject).metadata.name}`, COMPONENT);
          return true;
        });
        const r = this.finish(job, st, ctx, spec, start, now);
        const retry = this.createBackoff.after(job.metadata.uid ?? '', failed);
        if (retry === undefined) return r;
        ctx.decide(`retry the refused creates in ${retry / 1000}s`);
        return { requeueAfter: Math.min(retry, r?.requeueAfter ?? Infinity) };
      }
    } else if (diff < 0) {
      const extra = [...active].sort((a, b) => ((a.metadata.creationTimestamp ?? '') > (b.metadata.creationTimestamp ?? '') ? -1 : 1)).slice(0, -diff);
      this.deletePods(job, extra, ctx, 'too many active pods');
    }
    this.writeStatus(job, st, podIndex(this.cluster).byOwner(job.metadata.uid), ctx);
    const r = this.finish(job, st, ctx, spec, start, now);
    if (requeue !== undefined) return { requeueAfter: Math.min(requeue, r?.requeueAfter ?? Infinity) };
    return r;
  }

  private finish(job: KObject, st: JobStatus, ctx: ReconcileContext, spec: JobSpec, start: number, now: number): ReconcileResult | void {
    if (st.startTime && !(job.status as JobStatus | undefined)?.startTime) this.writeStatus(job, st, podIndex(this.cluster).byOwner(job.metadata.uid), ctx);
    if (spec.activeDeadlineSeconds !== undefined) return { requeueAfter: Math.max(0, start + spec.activeDeadlineSeconds * 1000 - now) };
  }

  /** Failures since the last success and the time of the last one decide the wait (in ms). */
  private backoffRemaining(pods: KObject[], now: number): number {
    let lastSuccess = -Infinity, lastFailure = -Infinity, failures = 0;
    const finished = pods.filter(isTerminal).map((p) => ({ p, t: finishedAt(p) ?? ms(p.metadata.creationTimestamp) ?? now }));
    for (const { p, t } of finished) if (phaseOf(p) === 'Succeeded') lastSuccess = Math.max(lastSuccess, t);
    for (const { p, t } of finished)
      if (phaseOf(p) === 'Failed' && t >= lastSuccess) {
        failures++;
        lastFailure = Math.max(lastFailure, t);
      }
    if (!failures) return 0;
    return Math.max(0, lastFailure + backoffDelay(failures) - now);
  }

  private podFor(job: KObject, index: number | undefined): KObject {
    const tpl = clone((job.spec as JobSpec).template ?? {}) as PodTemplate;
    const pod = podFromTemplate(tpl, job, index === undefined ? `${job.metadata.name}-` : `${job.metadata.name}-${index}-`);
    pod.metadata.finalizers = [...(pod.metadata.finalizers ?? []), TRACKING_FINALIZER];
    if (index !== undefined) {
      pod.metadata.labels = { ...(pod.metadata.labels ?? {}), [INDEX_KEY]: String(index) };
      pod.metadata.annotations = { ...(pod.metadata.annotations ?? {}), [INDEX_KEY]: String(index) };
      const spec = pod.spec as { hostname?: string; containers?: { env?: unknown[] }[]; initContainers?: { env?: unknown[] }[] };
      spec.hostname = `${job.metadata.name}-${index}`;
      const env = { name: 'JOB_COMPLETION_INDEX', valueFrom: { fieldRef: { fieldPath: `metadata.labels['${INDEX_KEY}']` } } };
      for (const c of [...(spec.containers ?? []), ...(spec.initContainers ?? [])]) c.env = [...(c.env ?? []), env];
    }
    return pod;
  }

  private dropFinalizer(p: KObject, ctx: ReconcileContext): void {
    const rest = (p.metadata.finalizers ?? []).filter((f) => f !== TRACKING_FINALIZER);
    ctx.request({ verb: 'patch', resource: 'pods', namespace: p.metadata.namespace, name: p.metadata.name, patchType: 'json', body: [{ op: 'test', path: '/metadata/uid', value: p.metadata.uid }, rest.length ? { op: 'replace', path: '/metadata/finalizers', value: rest } : { op: 'remove', path: '/metadata/finalizers' }] });
  }

  private deletePods(job: KObject, pods: KObject[], ctx: ReconcileContext, why: string): void {
    ctx.decide(`delete ${pods.length} pod(s): ${why}`);
    for (const p of pods) {
      const res = ctx.request({ verb: 'delete', resource: 'pods', namespace: p.metadata.namespace, name: p.metadata.name });
      if (res.code < 300) this.cluster.events.record(job, 'Normal', 'SuccessfulDelete', `Deleted pod: ${p.metadata.name}`, COMPONENT);
    }
  }

  private writeStatus(job: KObject, st: JobStatus, pods: KObject[], ctx: ReconcileContext): void {
    const live = pods.filter((p) => !isTerminal(p));
    const next: JobStatus = {
      ...st,
      active: live.filter((p) => !p.metadata.deletionTimestamp).length,
      ready: live.filter((p) => !p.metadata.deletionTimestamp && isPodReady(p)).length,
      terminating: live.filter((p) => p.metadata.deletionTimestamp).length,
      uncountedTerminatedPods: {},
    };
    for (const k of ['active', 'succeeded', 'failed'] as const) if (!next[k]) delete next[k];
    // the informer already holds this sync's earlier writes: build on the latest object
    const latest = this.cluster.informers.for('jobs.batch').get(job.metadata.namespace, job.metadata.name!) ?? job;
    const prev = (latest.status ?? {}) as JobStatus;
    if (JSON.stringify(sorted(prev)) === JSON.stringify(sorted(next))) return;
    const body = clone(latest) as KObject;
    body.status = clone(next);
    const res = ctx.request({ verb: 'update', group: 'batch', resource: 'jobs', subresource: 'status', namespace: job.metadata.namespace, name: job.metadata.name, body });
    if (res.code >= 300) throw new Error(`job status: ${(res.body as { message?: string }).message}`);
  }
}

function sorted(o: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(o).sort()) out[k] = (o as Record<string, unknown>)[k];
  return out;
}

export function jobController(cluster: Cluster): JobReconciler {
  return new JobReconciler(cluster);
}
