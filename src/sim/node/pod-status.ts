/**
 * The status a kubelet posts for a pod, from what its worker knows: the phase
 * (pkg/kubelet/kubelet_pods.go getPhase), the conditions with their reasons and messages
 * (pkg/kubelet/status/generate.go), container statuses, IPs, start time and QoS class.
 * lastTransitionTime only moves when a condition's status changes.
 */
import { qosClass } from './pod-env';
import type { ContainerRecord, PodWorker } from './pod-worker';

export interface PrevStatus {
  conditions?: { type: string; status: string; lastTransitionTime?: string }[];
}

export function containerStatus(r: ContainerRecord): Record<string, unknown> {
  return {
    ...(r.containerID ? { containerID: r.containerID } : {}),
    image: r.image,
    imageID: r.imageID,
    lastState: r.lastState ?? {},
    name: r.name,
    ready: r.ready,
    restartCount: r.restartCount,
    started: r.kind === 'init' ? false : r.running && r.started,
    state: r.state,
    ...(r.spec.volumeMounts?.length
      ? { volumeMounts: r.spec.volumeMounts.map((m) => ({ mountPath: m.mountPath, name: m.name, ...(m.readOnly ? { readOnly: true, recursiveReadOnly: 'Disabled' } : {}) })) }
      : {}),
  };
}

/** getPhase: Pending until init containers finish and every app container has started. */
export function podPhase(w: PodWorker): string {
  if (w.final) return w.final;
  const init = w.containers.filter((r) => r.kind === 'init');
  if (init.some((r) => !r.succeeded)) return 'Pending';
  let running = 0;
  let waiting = 0;
  let stopped = 0;
  let succeeded = 0;
  for (const r of w.containers.filter((x) => x.kind === 'regular')) {
    if (r.running) running++;
    else if ('terminated' in r.state) {
      stopped++;
      if (r.state.terminated.exitCode === 0) succeeded++;
    } else if (r.lastState && 'terminated' in r.lastState) stopped++;
    else waiting++;
  }
  if (waiting > 0) return 'Pending';
  if (running > 0) return 'Running';
  if (stopped > 0) {
    if (w.restartPolicy === 'Always') return 'Running';
    if (stopped === succeeded) return 'Succeeded';
    if (w.restartPolicy === 'Never') return 'Failed';
    return 'Running';
  }
  return 'Pending';
}

export function podStatus(w: PodWorker, prev: PrevStatus, now: string): Record<string, unknown> {
  const phase = podPhase(w);
  const done = phase === 'Succeeded' || phase === 'Failed';
  const cond = (type: string, ok: boolean, reason?: string, message?: string) => {
    const status = ok ? 'True' : 'False';
    const old = prev.conditions?.find((c) => c.type === type);
    return {
      lastProbeTime: null,
      lastTransitionTime: old && old.status === status ? old.lastTransitionTime : now,
      ...(message ? { message } : {}),
      ...(reason ? { reason } : {}),
      status,
      type,
    };
  };
  const init = w.containers.filter((r) => r.kind !== 'regular');
  const incomplete = init.filter((r) => (r.kind === 'init' ? !r.succeeded : !r.ready)).map((r) => r.name);
  const unready = w.containers.filter((r) => (r.kind === 'regular' || r.kind === 'sidecar') && !r.ready).map((r) => r.name);
  const scheduled = prev.conditions?.find((c) => c.type === 'PodScheduled');
  // a terminal pod is not ready (PodCompleted / PodFailed)
  const terminal = phase === 'Succeeded' ? 'PodCompleted' : 'PodFailed';
  const notReady = (type: string) =>
    done ? cond(type, false, terminal) : cond(type, unready.length === 0, unready.length ? 'ContainersNotReady' : undefined, unready.length ? `containers with unready status: [${unready.join(' ')}]` : undefined);
  const conditions = [
    // the sandbox of a finished pod is torn down
    cond('PodReadyToStartContainers', w.sandboxReady && !done),
    phase === 'Succeeded'
      ? cond('Initialized', true, 'PodCompleted')
      : cond('Initialized', incomplete.length === 0, incomplete.length ? 'ContainersNotInitialized' : undefined, incomplete.length ? `containers with incomplete status: [${incomplete.join(' ')}]` : undefined),
    notReady('Ready'),
    notReady('ContainersReady'),
    scheduled ?? cond('PodScheduled', true),
  ];
  const hostIP = w.kubelet.nodeIP;
  const status: Record<string, unknown> = {
    conditions,
    containerStatuses: w.containers.filter((r) => r.kind === 'regular').map(containerStatus),
    hostIP,
    hostIPs: [{ ip: hostIP }],
    ...(init.length ? { initContainerStatuses: init.map(containerStatus) } : {}),
    ...(w.deadlineExceeded ? { message: 'Pod was active on the node longer than the specified deadline' } : {}),
    phase,
    ...(w.podIP ? { podIP: w.podIP, podIPs: [{ ip: w.podIP }] } : {}),
    ...(w.deadlineExceeded ? { reason: 'DeadlineExceeded' } : {}),
    qosClass: qosClass(w.spec),
    ...(w.startTime ? { startTime: w.startTime } : {}),
  };
  // no copy needed: the API server decodes its own copy of a body, and the worker only
  // serialises this one to compare it with the last status it wrote
  return status;
}
