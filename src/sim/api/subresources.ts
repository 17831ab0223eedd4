/**
 * The built-in subresources the server itself serves: scale (autoscaling/v1 Scale over
 * any kind with a scale subresource, CRDs included), pods/binding (what the scheduler
 * posts), pods/eviction (what `kubectl drain` posts) and namespaces/finalize.
 */
import { badRequest, conflict, field, invalid, notFound } from './errors';
import { clone, getPath, setPath } from './objects';
import type { KindInfo } from './registry';
import { formatLabelSelector, type LabelSelectorObject } from './selectors';
import { storeKey, fail, type ApiServer } from './server';
import type { ApiRequest, ApiResponse, KObject } from './types';

export function scaleOf(info: KindInfo, o: KObject): KObject {
  const s = info.subresources.scale!;
  const replicas = getPath(o, s.specReplicasPath);
  const statusReplicas = getPath(o, s.statusReplicasPath);
  let selector: string | undefined;
  if (info.crd) {
    const v = s.labelSelectorPath ? getPath(o, s.labelSelectorPath) : undefined;
    selector = typeof v === 'string' ? v : undefined;
  } else {
    const sel = (o.spec as { selector?: LabelSelectorObject | Record<string, string> } | undefined)?.selector;
    if (sel) {
      const isStructured = 'matchLabels' in sel || 'matchExpressions' in sel;
      selector = formatLabelSelector(isStructured ? (sel as LabelSelectorObject) : { matchLabels: sel as Record<string, string> });
      if (selector === '<none>') selector = '';
    }
  }
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: {
      name: o.metadata.name,
      namespace: o.metadata.namespace,
      uid: o.metadata.uid,
      resourceVersion: o.metadata.resourceVersion,
      creationTimestamp: o.metadata.creationTimestamp,
    },
    spec: { replicas: typeof replicas === 'number' ? replicas : 0 },
    status: { replicas: typeof statusReplicas === 'number' ? statusReplicas : 0, ...(selector ? { selector } : {}) },
  };
}

/** PUT/PATCH of the scale subresource: only spec.replicas moves. */
export function applyScale(api: ApiServer, info: KindInfo, req: ApiRequest, ns: string | undefined, name: string): ApiResponse {
  const old = api.store.get(storeKey(info), ns, name);
  if (!old) return fail(notFound(info.plural, info.group, name));
  const body = req.body as { spec?: { replicas?: unknown }; metadata?: { resourceVersion?: string } } | undefined;
  const replicas = body?.spec?.replicas;
  if (typeof replicas !== 'number' || !Number.isInteger(replicas))
    return fail(badRequest(`Scale in version "v1" cannot be handled as a Scale: json: cannot unmarshal ${typeof replicas} into Go struct field ScaleSpec.spec.replicas of type int32`));
  if (replicas < 0)
    return fail(invalid('Scale', 'autoscaling', name, [field.invalid('spec.replicas', replicas, 'must be greater than or equal to 0')]));
  const rv = body?.metadata?.resourceVersion;
  if (rv && rv !== old.metadata.resourceVersion)
    return fail(conflict(info.plural, info.group, name, 'the object has been modified; please apply your changes to the latest version and try again'));
  const next = clone(old);
  setPath(next as unknown as Record<string, unknown>, info.subresources.scale!.specReplicasPath, replicas);
  const res = api.request({ verb: 'update', group: info.group, version: info.version, resource: info.plural, namespace: ns, name, body: next, user: req.user });
  if (res.code >= 300) return res;
  return { code: 200, body: scaleOf(info, res.body as KObject) };
}

/** POST pods/{name}/binding: sets spec.nodeName once and marks the pod scheduled. */
export function bindPod(api: ApiServer, req: ApiRequest): ApiResponse {
  const body = req.body as { target?: { kind?: string; name?: string }; metadata?: { name?: string } } | undefined;
  const name = req.name ?? body?.metadata?.name;
  const ns = req.namespace;
  if (!name) return fail(badRequest('name is required'));
  const pod = api.store.get('/pods', ns, name);
  if (!pod) return fail(notFound('pods', '', name));
  const target = body?.target?.name;
  if (!target) return fail(invalid('Binding', '', name, [field.required('target.name', '')]));
  const spec = pod.spec as { nodeName?: string };
  if (pod.metadata.deletionTimestamp)
    return fail(conflict('pods/binding', '', name, `pod ${name} is being deleted, cannot be assigned to a host`));
  if (spec.nodeName)
    return fail(conflict('pods/binding', '', name, `pod ${name} is already assigned to node "${spec.nodeName}"`));
  // copies of only what changes: the rest of the stored (deep-frozen) pod is shared
  const { resourceVersion: _, ...metadata } = pod.metadata;
  const status = { ...((pod.status ?? {}) as Record<string, unknown>) } as { conditions?: { type: string; status: string; lastProbeTime: null; lastTransitionTime: string }[] };
  const conds = (status.conditions ?? []).filter((c) => c.type !== 'PodScheduled');
  conds.unshift({ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: api.clock.iso() });
  status.conditions = conds;
  const next = { ...pod, metadata, spec: { ...(pod.spec as object), nodeName: target }, status } as KObject;
  const stored = api.store.update('/pods', next, pod);
  api.notifyWrite(api.kinds.resource('', 'v1', 'pods')!, stored, pod);
  return {
    code: 201,
    body: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 },
  };
}

/** Registers the server's own subresource handlers. */
export function registerBuiltinSubresources(api: ApiServer): void {
  // pods/eviction: a graceful delete (PodDisruptionBudgets are checked by the disruption admission when present)
  api.subresource('', 'pods', 'eviction', (req, pod) => {
    const opts = (req.body as { deleteOptions?: { gracePeriodSeconds?: number } } | undefined)?.deleteOptions;
    const res = api.request({
      verb: 'delete',
      resource: 'pods',
      namespace: pod.metadata.namespace,
      name: pod.metadata.name,
      query: opts?.gracePeriodSeconds !== undefined ? { gracePeriodSeconds: opts.gracePeriodSeconds } : {},
      user: req.user,
    });
    if (res.code >= 300) return res;
    return { code: 201, body: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 } };
  });
  // namespaces/finalize: the namespace controller clears spec.finalizers here
  api.subresource('', 'namespaces', 'finalize', (req, ns) => {
    const want = ((req.body as KObject | undefined)?.spec as { finalizers?: string[] } | undefined)?.finalizers ?? [];
    const next = clone(ns);
    (next.spec as { finalizers?: string[] }) = { ...((next.spec as object) ?? {}), finalizers: want };
    if (want.length === 0) delete (next.spec as { finalizers?: string[] }).finalizers;
    delete next.metadata.resourceVersion;
    const info = api.kinds.resource('', 'v1', 'namespaces')!;
    const stored = api.store.update('/namespaces', next, ns);
    api.notifyWrite(info, stored, ns);
    if (stored.metadata.deletionTimestamp && !want.length && !(stored.metadata.finalizers ?? []).length) {
      const last = api.store.remove('/namespaces', stored);
      return { code: 200, body: last };
    }
    return { code: 200, body: stored };
  });
}
