/**
 * Workload tables (printDeployment, printReplicaSet, printStatefulSet, printDaemonSet,
 * printJob, printCronJob, printReplicationController, printControllerRevision,
 * printHorizontalPodAutoscaler from pkg/printers/internalversion/printers.go).
 */
import type { KObject } from '../types';
import { age, humanDuration } from './duration';
import { type Any, AGE, NAME, col, containerCells, formatLabelSelector, mapString, num, spec, status } from './common';
import type { Printer, TableContext } from './types';

const wideTemplate = [col('Containers', 'string', 1), col('Images', 'string', 1), col('Selector', 'string', 1)];

function templateCells(o: KObject, withSelector = true): string[] {
  const [c, i] = containerCells(spec(o).template?.spec);
  return withSelector ? [c, i, formatLabelSelector(spec(o).selector)] : [c, i];
}

function replicas(o: KObject): number {
  const r = spec(o).replicas;
  return typeof r === 'number' ? r : 1;
}

export const deploymentPrinter: Printer = {
  columns: [NAME, col('Ready'), col('Up-to-date', 'integer'), col('Available', 'integer'), AGE, ...wideTemplate],
  cells(o, ctx) {
    const st = status(o);
    return [
      o.metadata.name,
      `${num(st.readyReplicas)}/${replicas(o)}`,
      num(st.updatedReplicas),
      num(st.availableReplicas),
      age(o.metadata.creationTimestamp, ctx.now),
      ...templateCells(o),
    ];
  },
};

export const replicaSetPrinter: Printer = {
  columns: [NAME, col('Desired', 'integer'), col('Current', 'integer'), col('Ready', 'integer'), AGE, ...wideTemplate],
  cells(o, ctx) {
    const st = status(o);
    return [o.metadata.name, replicas(o), num(st.replicas), num(st.readyReplicas), age(o.metadata.creationTimestamp, ctx.now), ...templateCells(o)];
  },
};

export const replicationControllerPrinter: Printer = {
  columns: [NAME, col('Desired', 'integer'), col('Current', 'integer'), col('Ready', 'integer'), AGE, ...wideTemplate],
  cells(o, ctx) {
    const st = status(o);
    const [c, i] = containerCells(spec(o).template?.spec);
    return [o.metadata.name, replicas(o), num(st.replicas), num(st.readyReplicas), age(o.metadata.creationTimestamp, ctx.now), c, i, mapString(spec(o).selector)];
  },
};

export const statefulSetPrinter: Printer = {
  columns: [NAME, col('Ready'), AGE, col('Containers', 'string', 1), col('Images', 'string', 1)],
  cells(o, ctx) {
    return [o.metadata.name, `${num(status(o).readyReplicas)}/${replicas(o)}`, age(o.metadata.creationTimestamp, ctx.now), ...templateCells(o, false)];
  },
};

export const daemonSetPrinter: Printer = {
  columns: [
    NAME,
    col('Desired', 'integer'),
    col('Current', 'integer'),
    col('Ready', 'integer'),
    col('Up-to-date', 'integer'),
    col('Available', 'integer'),
    col('Node Selector'),
    AGE,
    ...wideTemplate,
  ],
  cells(o, ctx) {
    const st = status(o);
    return [
      o.metadata.name,
      num(st.desiredNumberScheduled),
      num(st.currentNumberScheduled),
      num(st.numberReady),
      num(st.updatedNumberScheduled),
      num(st.numberAvailable),
      mapString(spec(o).template?.spec?.nodeSelector),
      age(o.metadata.creationTimestamp, ctx.now),
      ...templateCells(o),
    ];
  },
};

function hasCondition(o: KObject, type: string): boolean {
  return (status(o).conditions ?? []).some((c: Any) => c.type === type && c.status === 'True');
}

export function jobStatus(o: KObject): string {
  if (hasCondition(o, 'Complete')) return 'Complete';
  if (hasCondition(o, 'Failed')) return 'Failed';
  if (o.metadata.deletionTimestamp) return 'Terminating';
  if (hasCondition(o, 'Suspended')) return 'Suspended';
  if (hasCondition(o, 'FailureTarget')) return 'FailureTarget';
  return 'Running';
}

export const jobPrinter: Printer = {
  columns: [NAME, col('Status'), col('Completions'), col('Duration'), AGE, ...wideTemplate],
  cells(o, ctx: TableContext) {
    const sp = spec(o);
    const st = status(o);
    let completions: string;
    if (typeof sp.completions === 'number') completions = `${num(st.succeeded)}/${sp.completions}`;
    else if (typeof sp.parallelism === 'number' && sp.parallelism > 1) completions = `${num(st.succeeded)}/1 of ${sp.parallelism}`;
    else completions = `${num(st.succeeded)}/1`;
    let duration = '';
    if (st.startTime) {
      const start = Date.parse(st.startTime);
      duration = st.completionTime ? humanDuration(Date.parse(st.completionTime) - start) : humanDuration(ctx.now - start);
    }
    return [o.metadata.name, jobStatus(o), completions, duration, age(o.metadata.creationTimestamp, ctx.now), ...templateCells(o)];
  },
};

export const cronJobPrinter: Printer = {
  columns: [
    NAME,
    col('Schedule'),
    col('Timezone'),
    col('Suspend', 'boolean'),
    col('Active', 'integer'),
    col('Last Schedule'),
    AGE,
    ...wideTemplate,
  ],
  cells(o, ctx) {
    const sp = spec(o);
    const st = status(o);
    const jt = sp.jobTemplate?.spec ?? {};
    const [c, i] = containerCells(jt.template?.spec);
    return [
      o.metadata.name,
      sp.schedule ?? '',
      sp.timeZone || '<none>',
      sp.suspend ? 'True' : 'False',
      (st.active ?? []).length,
      st.lastScheduleTime ? age(st.lastScheduleTime, ctx.now) : '<none>',
      age(o.metadata.creationTimestamp, ctx.now),
      c,
      i,
      formatLabelSelector(jt.selector),
    ];
  },
};

export const controllerRevisionPrinter: Printer = {
  columns: [NAME, col('Controller'), col('Revision', 'integer'), AGE],
  cells(o, ctx) {
    const owner = (o.metadata.ownerReferences ?? []).find((r) => r.controller);
    const ctrl = owner ? `${owner.kind.toLowerCase()}.${owner.apiVersion.split('/')[0]}/${owner.name}` : '<none>';
    return [o.metadata.name, ctrl, (o as Any).revision ?? 0, age(o.metadata.creationTimestamp, ctx.now)];
  },
};

function metricTarget(m: Any, current: Any[] | undefined): string {
  const cur = (current ?? []).find((c: Any) => c.type === m.type && (c.resource?.name ?? '') === (m.resource?.name ?? ''));
  if (m.type === 'Resource' && m.resource) {
    const t = m.resource.target ?? {};
    if (t.type === 'Utilization') {
      const v = cur?.resource?.current?.averageUtilization;
      return `${m.resource.name}: ${v === undefined ? '<unknown>' : `${v}%`}/${t.averageUtilization}%`;
    }
    const v = cur?.resource?.current?.averageValue;
    return `${m.resource.name}: ${v ?? '<unknown>'}/${t.averageValue ?? t.value}`;
  }
  return '<unknown>/<unknown>';
}

export const hpaPrinter: Printer = {
  columns: [NAME, col('Reference'), col('Targets'), col('MinPods', 'integer'), col('MaxPods', 'integer'), col('Replicas', 'integer'), AGE],
  cells(o, ctx) {
    const sp = spec(o);
    const st = status(o);
    const ref = `${sp.scaleTargetRef?.kind}/${sp.scaleTargetRef?.name}`;
    const metrics: Any[] = sp.metrics ?? [];
    let targets = metrics.length ? metrics.slice(0, 1).map((m) => metricTarget(m, st.currentMetrics)).join(', ') : '<none>';
    if (metrics.length > 1) targets += ` + ${metrics.length - 1} more...`;
    return [o.metadata.name, ref, targets, sp.minReplicas ?? 1, sp.maxReplicas ?? 0, num(st.currentReplicas), age(o.metadata.creationTimestamp, ctx.now)];
  },
};
