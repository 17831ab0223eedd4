/**
 * Pod facts every workload controller needs, worded as in kubernetes/kubernetes
 * `pkg/api/v1/pod/util.go` and `pkg/controller/controller_utils.go`: ready, available
 * (ready for minReadySeconds), active (not terminal, not being deleted), and the pod a
 * controller builds from its template.
 */
import type { KObject, OwnerReference } from '../../api/types';
import { clone } from '../../api/objects';

export interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
  lastUpdateTime?: string;
  lastProbeTime?: string | null;
  lastHeartbeatTime?: string;
}

export function conditionsOf(o: KObject): Condition[] {
  return (((o.status as { conditions?: Condition[] } | undefined)?.conditions) ?? []) as Condition[];
}

export function podCondition(pod: KObject, type: string): Condition | undefined {
  return conditionsOf(pod).find((c) => c.type === type);
}

export function phaseOf(pod: KObject): string {
  return ((pod.status as { phase?: string } | undefined)?.phase) ?? 'Pending';
}

export function nodeNameOf(pod: KObject): string | undefined {
  return (pod.spec as { nodeName?: string } | undefined)?.nodeName || undefined;
}

/**
 * What the workload controllers ask of a pod, worked out once per stored version: objects
 * from the store and informers are deep-frozen, so the answers cannot change, and every
 * ReplicaSet sync asks them of each of its pods again.
 */
export interface PodFacts {
  readonly pod: KObject;
  readonly ready: boolean;
  readonly readySince: number | undefined;
  readonly active: boolean;
  /** the last selector this pod version was matched against, and the answer (see the ReplicaSet controller) */
  sel?: unknown;
  selOk?: boolean;
}

const factsCache = new WeakMap<object, PodFacts>();

function computeFacts(pod: KObject): PodFacts {
  const c = podCondition(pod, 'Ready');
  const ready = c?.status === 'True';
  let since: number | undefined;
  if (ready) {
    const t = c!.lastTransitionTime ? Date.parse(c!.lastTransitionTime) : NaN;
    since = Number.isNaN(t) ? undefined : t;
  }
  return { pod, ready, readySince: since, active: !isTerminal(pod) && !pod.metadata.deletionTimestamp };
}

/** Cached only for deep-frozen pods (the frozen status and metadata say the answers cannot change). */
export function podFacts(pod: KObject): PodFacts {
  let f = factsCache.get(pod);
  if (f) return f;
  f = computeFacts(pod);
  const status = pod.status as { conditions?: unknown } | undefined;
  if (Object.isFrozen(pod) && Object.isFrozen(pod.metadata) && (status === undefined || (Object.isFrozen(status) && (status.conditions === undefined || Object.isFrozen(status.conditions)))))
    factsCache.set(pod, f);
  return f;
}

export function isPodReady(pod: KObject): boolean {
  return podFacts(pod).ready;
}

/** When the pod last became Ready (ms), undefined when not ready. */
export function readySince(pod: KObject): number | undefined {
  return podFacts(pod).readySince;
}

/** podutil.IsPodAvailable: ready for at least minReadySeconds. */
export function isPodAvailable(pod: KObject, minReadySeconds: number, now: number): boolean {
  if (!isPodReady(pod)) return false;
  if (!minReadySeconds) return true;
  const since = readySince(pod);
  return since !== undefined && since + minReadySeconds * 1000 <= now;
}

/** Milliseconds until a ready pod becomes available, 0 when it already is / never will by waiting. */
export function msUntilAvailable(pod: KObject, minReadySeconds: number, now: number): number {
  if (!minReadySeconds || !isPodReady(pod)) return 0;
  const since = readySince(pod);
  if (since === undefined) return 0;
  return Math.max(0, since + minReadySeconds * 1000 - now);
}

export function isTerminal(pod: KObject): boolean {
  const p = phaseOf(pod);
  return p === 'Succeeded' || p === 'Failed';
}

/** controller.IsPodActive */
export function isPodActive(pod: KObject): boolean {
  return podFacts(pod).active;
}

export function isTerminating(pod: KObject): boolean {
  return !!pod.metadata.deletionTimestamp && !isTerminal(pod);
}

export function controllerRef(o: KObject): OwnerReference | undefined {
  return o.metadata.ownerReferences?.find((r) => r.controller);
}

export function ownerRefTo(owner: KObject): OwnerReference {
  return {
    apiVersion: owner.apiVersion,
    kind: owner.kind,
    name: owner.metadata.name!,
    uid: owner.metadata.uid!,
    controller: true,
    blockOwnerDeletion: true,
  };
}

export interface PodTemplate {
  metadata?: { labels?: Record<string, string>; annotations?: Record<string, string>; finalizers?: string[]; [k: string]: unknown };
  spec?: Record<string, unknown>;
}

/** controller.GetPodFromTemplate: labels, annotations and finalizers of the template, a generateName prefix and the owner. */
export function podFromTemplate(template: PodTemplate | undefined, owner: KObject, generateName: string): KObject {
  const t = template ?? {};
  const md = t.metadata ?? {};
  const pod: KObject = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      generateName,
      namespace: owner.metadata.namespace,
      ...(md.labels ? { labels: { ...md.labels } } : {}),
      ...(md.annotations ? { annotations: { ...md.annotations } } : {}),
      ...(md.finalizers ? { finalizers: [...md.finalizers] } : {}),
      ownerReferences: [ownerRefTo(owner)],
    },
    spec: clone(t.spec ?? {}),
  };
  return pod;
}

export function restartCount(pod: KObject): number {
  const cs = ((pod.status as { containerStatuses?: { restartCount?: number }[] } | undefined)?.containerStatuses) ?? [];
  return cs.reduce((m, c) => Math.max(m, c.restartCount ?? 0), 0);
}

export function sumRestarts(pod: KObject): number {
  const cs = ((pod.status as { containerStatuses?: { restartCount?: number }[] } | undefined)?.containerStatuses) ?? [];
  return cs.reduce((m, c) => m + (c.restartCount ?? 0), 0);
}

export function ms(iso: string | undefined): number | undefined {
  if (!iso) return undefined;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? undefined : t;
}
