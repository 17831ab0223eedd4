/**
 * delete and deletecollection: graceful deletion of scheduled pods (deletionTimestamp =
 * now + grace period, the kubelet finishes it), finalizers, and the propagation policies
 * (Foreground adds the `foregroundDeletion` finalizer, Orphan adds `orphan`; the garbage
 * collector in ../gc.ts does the rest).
 */
import { badRequest, conflict } from '../errors';
import { clone } from '../objects';
import type { KindInfo } from '../registry';
import { storeKey, fail, type ApiServer } from '../server';
import type { ApiRequest, ApiResponse, KList, KObject } from '../types';
import { apiVersionOf } from '../registry';
import { requestMatcher, served } from './read';

export function handleDelete(api: ApiServer, info: KindInfo, req: ApiRequest): ApiResponse {
  const ns = info.namespaced ? req.namespace : undefined;
  const name = req.name!;
  const old = api.store.get(storeKey(info), ns, name);
  if (!old) return fail(api.notFoundFor(info, name));
  const pre = req.query?.preconditions;
  if (pre?.uid && pre.uid !== old.metadata.uid)
    return fail(
      conflict(
        info.plural,
        info.group,
        name,
        `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${old.metadata.uid}`,
      ),
    );
  if (pre?.resourceVersion && pre.resourceVersion !== old.metadata.resourceVersion)
    return fail(
      conflict(
        info.plural,
        info.group,
        name,
        `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${old.metadata.resourceVersion}`,
      ),
    );
  const policy = req.query?.propagationPolicy;
  if (policy !== undefined && !['Background', 'Foreground', 'Orphan'].includes(policy))
    return fail(badRequest(`DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Unsupported value: "${policy}": supported values: "Foreground", "Background", "Orphan", "nil"`));
  const grace = req.query?.gracePeriodSeconds;
  if (grace !== undefined && (!Number.isInteger(grace) || grace < 0))
    return fail(badRequest(`DeleteOptions.meta.k8s.io "" is invalid: gracePeriodSeconds: Invalid value: ${grace}: must be greater than or equal to 0`));
  const dryRun = req.query?.dryRun === 'All';
  const denied = api.admit({ operation: 'DELETE', info, object: old, user: api.userOf(req), dryRun });
  if (denied) return fail(denied);
  if (dryRun) return { code: 200, body: served(info, old) };

  const isPod = info.group === '' && info.plural === 'pods';
  const spec = old.spec as { nodeName?: string; terminationGracePeriodSeconds?: number } | undefined;
  // Only a pod that a kubelet runs is deleted gracefully; an unscheduled one goes at once.
  let graceSeconds = 0;
  if (isPod && spec?.nodeName && old.status && (old.status as { phase?: string }).phase !== 'Succeeded' && (old.status as { phase?: string }).phase !== 'Failed')
    graceSeconds = grace ?? spec.terminationGracePeriodSeconds ?? 30;
  if (isPod && old.metadata.deletionTimestamp) {
    // a second delete may shorten the grace period, never lengthen it
    const current = old.metadata.deletionGracePeriodSeconds ?? 0;
    if (grace === undefined || grace >= current) return { code: 200, body: served(info, old) };
    graceSeconds = grace;
  } else if (old.metadata.deletionTimestamp) {
    return { code: 202, body: served(info, old) };
  }

  const finalizers = [...(old.metadata.finalizers ?? [])];
  if (!old.metadata.deletionTimestamp) {
    if (policy === 'Foreground' && !finalizers.includes('foregroundDeletion')) finalizers.push('foregroundDeletion');
    if (policy === 'Orphan' && !finalizers.includes('orphan')) finalizers.push('orphan');
  }
  const nsFinalizers = info.plural === 'namespaces' && info.group === '' ? ((old.spec as { finalizers?: string[] })?.finalizers ?? []) : [];
  if (finalizers.length === 0 && graceSeconds === 0 && nsFinalizers.length === 0) {
    const last = api.store.remove(storeKey(info), old);
    return { code: 200, body: served(info, last) };
  }
  const next = clone(old);
  next.metadata.finalizers = finalizers.length ? finalizers : undefined;
  if (!next.metadata.finalizers) delete next.metadata.finalizers;
  next.metadata.deletionTimestamp = api.clock.iso(api.clock.now() + graceSeconds * 1000);
  next.metadata.deletionGracePeriodSeconds = graceSeconds;
  if (info.generation && !old.metadata.deletionTimestamp) next.metadata.generation = (old.metadata.generation ?? 1) + 1;
  if (nsFinalizers.length) next.status = { ...((next.status as object) ?? {}), phase: 'Terminating' };
  delete next.metadata.resourceVersion;
  const stored = api.store.update(storeKey(info), next, old);
  api.notifyWrite(info, stored, old);
  const finished = finishIfReady(api, info, stored);
  return { code: finished ? 200 : 202, body: served(info, finished ?? stored) };
}

/**
 * Removes an object whose deletion has nothing left to wait for: deletionTimestamp set,
 * no finalizers, no grace period still running (pods), and for namespaces no
 * spec.finalizers. Returns the last state when it removed the object.
 */
export function finishIfReady(api: ApiServer, info: KindInfo, o: KObject): KObject | undefined {
  if (!o.metadata.deletionTimestamp) return undefined;
  if ((o.metadata.finalizers ?? []).length) return undefined;
  if ((o.metadata.deletionGracePeriodSeconds ?? 0) > 0) return undefined;
  if (info.plural === 'namespaces' && info.group === '' && ((o.spec as { finalizers?: string[] })?.finalizers ?? []).length) return undefined;
  return api.store.remove(storeKey(info), o);
}

export function handleDeleteCollection(api: ApiServer, info: KindInfo, req: ApiRequest): ApiResponse {
  const m = requestMatcher(info, { ...req, name: undefined });
  if (typeof m !== 'function') return fail(m);
  const ns = info.namespaced ? req.namespace || undefined : undefined;
  const items: KObject[] = [];
  for (const o of api.store.list(storeKey(info), ns).filter(m)) {
    const res = handleDelete(api, info, { ...req, verb: 'delete', namespace: o.metadata.namespace, name: o.metadata.name });
    if (res.code < 300) items.push(res.body as KObject);
  }
  const list: KList = { apiVersion: apiVersionOf(info), kind: info.listKind, metadata: { resourceVersion: String(api.store.revision) }, items };
  return { code: 200, body: list };
}
