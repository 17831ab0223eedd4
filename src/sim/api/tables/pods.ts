/**
 * Pod table: printPod from kubernetes pkg/printers/internalversion/printers.go, including
 * the STATUS derivation (phase → reason → init containers → containers last to first →
 * deletion), READY counting sidecars, and RESTARTS with "(<age> ago)".
 */
import type { KObject } from '../types';
import { age, humanDuration } from './duration';
import { type Any, AGE, NAME, col, spec, status } from './common';
import type { Printer, TableContext } from './types';

function hasPodReadyCondition(conds: Any[] | undefined): boolean {
  return (conds ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
}

function isSidecar(c: Any): boolean {
  return c?.restartPolicy === 'Always';
}

/** The STATUS cell, as printPod computes `reason`. */
export function podStatus(pod: KObject): string {
  const sp = spec(pod);
  const st = status(pod);
  let reason: string = st.phase ?? '';
  if (st.reason) reason = st.reason;
  for (const c of st.conditions ?? []) {
    if (c.type === 'PodScheduled' && c.reason === 'SchedulingGated') reason = 'SchedulingGated';
  }
  const initSpecs: Any[] = sp.initContainers ?? [];
  const initStatuses: Any[] = st.initContainerStatuses ?? [];
  let initializing = false;
  for (let i = 0; i < initStatuses.length; i++) {
    const cs = initStatuses[i];
    const specC = initSpecs.find((c) => c.name === cs.name);
    const term = cs.state?.terminated;
    const wait = cs.state?.waiting;
    if (term && term.exitCode === 0) continue;
    if (isSidecar(specC) && cs.started) continue;
    if (term) {
      if (!term.reason) reason = term.signal ? `Init:Signal:${term.signal}` : `Init:ExitCode:${term.exitCode}`;
      else reason = `Init:${term.reason}`;
      initializing = true;
    } else if (wait && wait.reason && wait.reason !== 'PodInitializing') {
      reason = `Init:${wait.reason}`;
      initializing = true;
    } else {
      reason = `Init:${i}/${initSpecs.length}`;
      initializing = true;
    }
    break;
  }
  const initialized = (st.conditions ?? []).some((c: Any) => c.type === 'Initialized' && c.status === 'True');
  if (!initializing || initialized) {
    let hasRunning = false;
    const css: Any[] = st.containerStatuses ?? [];
    for (let i = css.length - 1; i >= 0; i--) {
      const cs = css[i];
      const wait = cs.state?.waiting;
      const term = cs.state?.terminated;
      if (wait && wait.reason) reason = wait.reason;
      else if (term && term.reason) reason = term.reason;
      else if (term && !term.reason) reason = term.signal ? `Signal:${term.signal}` : `ExitCode:${term.exitCode}`;
      else if (cs.ready && cs.state?.running) hasRunning = true;
      else if (cs.state?.running) hasRunning = true;
    }
    if (reason === 'Completed' && hasRunning) reason = hasPodReadyCondition(st.conditions) ? 'Running' : 'NotReady';
  }
  if (pod.metadata.deletionTimestamp) {
    if (st.reason === 'NodeLost') reason = 'Unknown';
    else if (st.phase !== 'Succeeded' && st.phase !== 'Failed') reason = 'Terminating';
  }
  return reason;
}

/** READY `ready/total`: regular containers plus sidecar init containers. */
export function podReady(pod: KObject): string {
  const sp = spec(pod);
  const st = status(pod);
  let total = (sp.containers ?? []).length;
  let ready = 0;
  const initSpecs: Any[] = sp.initContainers ?? [];
  for (const c of initSpecs) if (isSidecar(c)) total++;
  for (const cs of st.initContainerStatuses ?? []) {
    const specC = initSpecs.find((c) => c.name === cs.name);
    if (isSidecar(specC) && cs.ready && cs.state?.running) ready++;
  }
  for (const cs of st.containerStatuses ?? []) if (cs.ready && cs.state?.running) ready++;
  return `${ready}/${total}`;
}

export function podRestarts(pod: KObject, now: number): string {
  const st = status(pod);
  const initSpecs: Any[] = spec(pod).initContainers ?? [];
  let restarts = 0;
  let last: number | undefined;
  const consider = (cs: Any) => {
    restarts += cs.restartCount ?? 0;
    const fin = cs.lastState?.terminated?.finishedAt;
    if (fin) {
      const t = Date.parse(fin);
      if (!Number.isNaN(t) && (last === undefined || t > last)) last = t;
    }
  };
  for (const cs of st.initContainerStatuses ?? []) {
    const specC = initSpecs.find((c) => c.name === cs.name);
    if (isSidecar(specC)) consider(cs);
    else restarts += 0;
  }
  for (const cs of st.containerStatuses ?? []) consider(cs);
  if (restarts > 0 && last !== undefined) return `${restarts} (${humanDuration(now - last)} ago)`;
  return String(restarts);
}

export const podPrinter: Printer = {
  columns: [
    NAME,
    col('Ready'),
    col('Status'),
    col('Restarts', 'string'),
    AGE,
    col('IP', 'string', 1),
    col('Node', 'string', 1),
    col('Nominated Node', 'string', 1),
    col('Readiness Gates', 'string', 1),
  ],
  cells(pod: KObject, ctx: TableContext) {
    const sp = spec(pod);
    const st = status(pod);
    const ip = st.podIPs?.[0]?.ip ?? st.podIP ?? '<none>';
    const gates: Any[] = sp.readinessGates ?? [];
    let gatesCell = '<none>';
    if (gates.length) {
      const trueCount = gates.filter((g) => (st.conditions ?? []).some((c: Any) => c.type === g.conditionType && c.status === 'True')).length;
      gatesCell = `${trueCount}/${gates.length}`;
    }
    return [
      pod.metadata.name,
      podReady(pod),
      podStatus(pod),
      podRestarts(pod, ctx.now),
      age(pod.metadata.creationTimestamp, ctx.now),
      ip || '<none>',
      sp.nodeName || '<none>',
      st.nominatedNodeName || '<none>',
      gatesCell,
    ];
  },
};
