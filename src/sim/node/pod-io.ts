/**
 * pods/log and pods/exec: the API server forwards them to the kubelet of the pod's node,
 * which reads the container's log (current or previous instance; tail, since,
 * timestamps; follow as a watch of LogChunk events) or runs a command in it. Error texts
 * are the API server's and the kubelet's (validateContainerLogStatus, the exec upgrade).
 */
import type { Cluster } from '../cluster';
import type { ApiRequest, ApiResponse, KObject, Status, WatchEvent, WatchHandle } from '../api/types';
import { badRequest } from '../api/errors';
import type { LogLine } from '../containers/process';
import type { NodeWorld } from './kubelet';
import type { ContainerRecord, PodWorker } from './pod-worker';
import type { PodSpec } from './pod-env';

function fail(status: Status): ApiResponse<Status> {
  return { code: status.code, body: status };
}

export function workerFor(world: NodeWorld, pod: KObject): PodWorker | undefined {
  const node = (pod.spec as PodSpec).nodeName;
  if (!node) return undefined;
  const k = world.kubelets.get(node);
  if (!k) return undefined;
  return k.workers.get(pod.metadata.uid!) ?? k.allWorkers().find((w) => w.staticKey && w.name === pod.metadata.name && w.ns === pod.metadata.namespace);
}

/** Picks the container a request is about, or the 400 the API server answers. */
function pickContainer(pod: KObject, name: string | undefined): { name: string } | Status {
  const spec = pod.spec as PodSpec;
  const containers = (spec.containers ?? []).map((c) => c.name);
  const init = (spec.initContainers ?? []).map((c) => c.name);
  if (!name) {
    if (containers.length === 1) return { name: containers[0] };
    const a = pod.metadata.annotations?.['kubectl.kubernetes.io/default-container'];
    if (a && containers.includes(a)) return { name: a };
    return badRequest(
      `a container name must be specified for pod ${pod.metadata.name}, choose one of: [${containers.join(' ')}]${init.length ? ` or one of the init containers: [${init.join(' ')}]` : ''}`,
    );
  }
  if (!containers.includes(name) && !init.includes(name)) return badRequest(`container ${name} is not valid for pod ${pod.metadata.name}`);
  return { name };
}

/** Go's RFC3339Nano as the CRI log file has it. */
function stamp(l: LogLine, i: number): string {
  const iso = new Date(l.t).toISOString();
  const ns = String((l.t % 1000) * 1_000_000 + ((i * 7919 + l.text.length * 104_729) % 1_000_000)).padStart(9, '0');
  return `${iso.slice(0, 19)}.${ns}Z`;
}

function render(lines: LogLine[], q: ApiRequest['query'], now: number): string {
  let ls = lines;
  if (q?.sinceSeconds !== undefined) ls = ls.filter((l) => l.t >= now - Number(q.sinceSeconds) * 1000);
  if (q?.tailLines !== undefined && Number(q.tailLines) >= 0) ls = Number(q.tailLines) === 0 ? [] : ls.slice(-Number(q.tailLines));
  return ls.map((l, i) => `${q?.timestamps ? `${stamp(l, i)} ` : ''}${l.text}\n`).join('');
}

/** The log buffer a log request reads, or the error. */
function logSource(cluster: Cluster, world: NodeWorld, req: ApiRequest, pod: KObject): { lines: LogLine[]; rec?: ContainerRecord } | Status | 'empty' {
  const pick = pickContainer(pod, req.query?.container);
  if ('code' in pick) return pick;
  const podName = pod.metadata.name!;
  if (!(pod.spec as PodSpec).nodeName) return 'empty';
  const w = workerFor(world, pod);
  const rec = w?.containers.find((c) => c.name === pick.name);
  const previous = !!req.query?.previous;
  if (!rec) {
    if (previous) return badRequest(`previous terminated container ${JSON.stringify(pick.name)} in pod ${JSON.stringify(podName)} not found`);
    return badRequest(`container ${JSON.stringify(pick.name)} in pod ${JSON.stringify(podName)} is waiting to start: ContainerCreating`);
  }
  if (previous) {
    // the instance before the current one; while waiting to restart, the one that just exited
    const prev = 'waiting' in rec.state ? rec.logs : rec.prevLogs;
    if (!prev || !rec.lastState) return badRequest(`previous terminated container ${JSON.stringify(pick.name)} in pod ${JSON.stringify(podName)} not found`);
    return { lines: prev.lines };
  }
  if (!rec.logs) {
    const reason = 'waiting' in rec.state ? rec.state.waiting.reason : 'ContainerCreating';
    if (reason === 'ErrImagePull') return badRequest(`container ${JSON.stringify(pick.name)} in pod ${JSON.stringify(podName)} is waiting to start: image can't be pulled`);
    if (reason === 'ImagePullBackOff') return badRequest(`container ${JSON.stringify(pick.name)} in pod ${JSON.stringify(podName)} is waiting to start: trying and failing to pull image`);
    return badRequest(`container ${JSON.stringify(pick.name)} in pod ${JSON.stringify(podName)} is waiting to start: ${reason}`);
  }
  void cluster;
  return { lines: rec.logs.lines, rec };
}

/** The API server cannot reach a stopped kubelet (port 10250). */
function kubeletDown(world: NodeWorld, pod: KObject, container?: string): Status | undefined {
  const node = (pod.spec as PodSpec).nodeName;
  const k = node ? world.kubelets.get(node) : undefined;
  if (!k || k.running) return undefined;
  const c = container ?? (pod.spec as PodSpec).containers?.[0]?.name ?? '';
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: `Get "https://${k.nodeIP}:10250/containerLogs/${pod.metadata.namespace}/${pod.metadata.name}/${c}": dial tcp ${k.nodeIP}:10250: connect: connection refused`,
    code: 500,
  };
}

export function registerPodIO(cluster: Cluster, world: NodeWorld): void {
  cluster.api.subresource(
    '',
    'pods',
    'log',
    (req, pod) => {
      if (req.verb !== 'get') return fail(badRequest('the server does not allow this method on the requested resource'));
      const down = kubeletDown(world, pod, req.query?.container);
      if (down) return fail(down);
      const src = logSource(cluster, world, req, pod);
      if (src === 'empty') return { code: 200, body: '' };
      if ('code' in src) return fail(src);
      return { code: 200, body: render(src.lines, req.query, cluster.clock.now()) + (src.rec?.logs && src.lines === src.rec.logs.lines ? src.rec.logs.pending() : '') };
    },
    (req, pod, onEvent): WatchHandle => {
      const src = logSource(cluster, world, req, pod);
      const send = (text: string) => {
        if (text) onEvent({ type: 'MODIFIED', object: { kind: 'LogChunk', apiVersion: 'v1', metadata: {}, text } as KObject } as WatchEvent);
      };
      if (src === 'empty') return { stop() {} };
      if ('code' in src) {
        onEvent({ type: 'ERROR', object: src });
        return { stop() {} };
      }
      send(render(src.lines, req.query, cluster.clock.now()));
      if (req.query?.previous || !src.rec?.logs) return { stop() {} };
      let i = src.lines.length;
      let ended = false;
      // the end of the stream (the container exited) is one DELETED event with an empty chunk
      const stop = src.rec.logs.follow(
        (l) => send(`${req.query?.timestamps ? `${stamp(l, i++)} ` : ''}${l.text}\n`),
        () => {
          if (ended) return;
          ended = true;
          onEvent({ type: 'DELETED', object: { kind: 'LogChunk', apiVersion: 'v1', metadata: {}, text: '' } as KObject });
        },
      );
      return {
        stop: () => {
          ended = true;
          stop();
        },
      };
    },
  );

  cluster.api.subresource('', 'pods', 'exec', (req, pod) => {
    if (req.verb !== 'create' && req.verb !== 'get') return fail(badRequest('the server does not allow this method on the requested resource'));
    const body = (req.body ?? {}) as { command?: unknown; container?: string; stdin?: unknown };
    const command = Array.isArray(body.command) ? body.command.map(String) : typeof body.command === 'string' ? [body.command] : [];
    if (!command.length) return fail(badRequest('you must specify at least one command for the container'));
    const spec = pod.spec as PodSpec;
    if (!spec.nodeName) return fail(badRequest(`pod ${pod.metadata.name} does not have a host assigned`));
    const phase = (pod.status as { phase?: string } | undefined)?.phase;
    if (phase === 'Succeeded' || phase === 'Failed') return fail(badRequest(`cannot exec into a container in a completed pod; current phase is ${phase}`));
    const pick = pickContainer(pod, body.container ?? req.query?.container);
    if ('code' in pick) return fail(pick);
    const k = world.kubelets.get(spec.nodeName);
    if (!k?.running) {
      const ip = k?.nodeIP ?? '172.18.0.2';
      return fail({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: `error dialing backend: dial tcp ${ip}:10250: connect: connection refused`, code: 500 });
    }
    const w = workerFor(world, pod);
    const rec = w?.containers.find((c) => c.name === pick.name);
    if (!w || !rec || !rec.running) return fail(badRequest(`unable to upgrade connection: container not found (${JSON.stringify(pick.name)})`));
    const res = w.execIn(rec, command, typeof body.stdin === 'string' ? body.stdin : undefined);
    return { code: 200, body: res };
  });
}
