/**
 * The scheduler's entry points. `installScheduler` runs the default-scheduler as a
 * controller named `default-scheduler` (a lab can stop it with
 * `cluster.controllers.stop('default-scheduler')`); `startScheduler` / `stopScheduler`
 * are called by the kubelet when a container running kube-scheduler with
 * `--scheduler-name=X` (or a config whose profile names X) starts or stops.
 */
import type { Cluster } from '../cluster';
import { DEFAULT_SCHEDULER, klog, SchedulerReconciler } from './scheduler';
import { bootstrapSchedulingObjects, registerPriorityAdmission } from './bootstrap';

export { DEFAULT_SCHEDULER, SchedulerReconciler } from './scheduler';

export function installScheduler(cluster: Cluster): SchedulerReconciler {
  registerPriorityAdmission(cluster);
  bootstrapSchedulingObjects(cluster);
  const existing = cluster.controllers.get(DEFAULT_SCHEDULER);
  if (existing) return existing.reconciler as SchedulerReconciler;
  const r = new SchedulerReconciler(cluster, { schedulerName: DEFAULT_SCHEDULER });
  cluster.controllers.add(r);
  return r;
}

export interface StartSchedulerOptions {
  schedulerName: string;
  /** `namespace/name` of the pod running it: its ServiceAccount decides its RBAC permissions */
  podKey?: string;
  /** `--leader-elect` (kube-scheduler's default is true; the multiple-schedulers docs turn it off) */
  leaderElect?: boolean;
  /** `--leader-elect-resource-name` (default kube-scheduler) */
  leaseName?: string;
  /** receives the scheduler's log lines (write them to the container log) */
  log?: (line: string) => void;
}

interface Running {
  reconciler: SchedulerReconciler;
  timer?: number;
  stopped: boolean;
}

/** A log line without its klog header, to compare complaints across checks. */
function strip(s: string | undefined): string {
  return (s ?? '').replace(/^[IWE]\d{4} [\d:.]+\s+1 /gm, '');
}

const running = new WeakMap<Cluster, Map<string, Running>>();

/** Starts (or restarts) a scheduler serving `schedulerName`. Returns false when that name is already served by another pod. */
export function startScheduler(cluster: Cluster, opts: StartSchedulerOptions): boolean {
  let m = running.get(cluster);
  if (!m) running.set(cluster, (m = new Map()));
  const prev = m.get(opts.schedulerName);
  if (prev && !prev.stopped) stopScheduler(cluster, { schedulerName: opts.schedulerName });
  let account: { namespace: string; name: string } | undefined;
  if (opts.podKey) {
    const [ns, name] = opts.podKey.split('/');
    const pod = cluster.informers.for('pods').get(ns, name);
    account = { namespace: ns, name: ((pod?.spec as { serviceAccountName?: string } | undefined)?.serviceAccountName) ?? 'default' };
  }
  const r = new SchedulerReconciler(cluster, { schedulerName: opts.schedulerName, account, leaderElect: opts.leaderElect, leaseName: opts.leaseName, log: opts.log });
  const entry: Running = { reconciler: r, stopped: false };
  m.set(opts.schedulerName, entry);
  const log = (l: string) => opts.log?.(l);
  log(klog(cluster, 'I', 'serving.go:386', 'Generated self-signed cert in-memory'));
  log(klog(cluster, 'I', 'server.go:167', '"Starting Kubernetes Scheduler" version="v1.32.0"'));
  // permissions are re-checked every few seconds, as the informers' and the lease's retries do
  const check = () => {
    if (entry.stopped) return;
    const p = r.checkPermissions();
    const was = r.blocked;
    r.blocked = p.ok ? undefined : p.lines.join('\n');
    // a changed complaint is logged (with the time of this check); the same one again is not
    if (strip(r.blocked) !== strip(was)) for (const l of p.lines) log(l);
    if (!p.ok && was === undefined && cluster.controllers.get(r.name)?.reconciler === r) cluster.controllers.stop(r.name);
    if (p.ok && was !== undefined) {
      if (opts.leaderElect) log(klog(cluster, 'I', 'leaderelection.go:271', `successfully acquired lease kube-system/${opts.leaseName ?? 'kube-scheduler'}`));
      cluster.controllers.add(r);
    }
    entry.timer = cluster.clock.schedule(p.ok ? 30_000 : 5_000, check, `${r.name} permission check`);
  };
  const first = r.checkPermissions();
  if (first.ok) cluster.controllers.add(r);
  else {
    r.blocked = first.lines.join('\n');
    for (const l of first.lines) log(l);
  }
  entry.timer = cluster.clock.schedule(first.ok ? 30_000 : 5_000, check, `${r.name} permission check`);
  return true;
}

export function stopScheduler(cluster: Cluster, opts: { schedulerName: string }): void {
  const e = running.get(cluster)?.get(opts.schedulerName);
  if (!e) return;
  e.stopped = true;
  if (e.timer !== undefined) cluster.clock.cancel(e.timer);
  if (cluster.controllers.get(opts.schedulerName)?.reconciler === e.reconciler) cluster.controllers.stop(opts.schedulerName);
  running.get(cluster)!.delete(opts.schedulerName);
}
