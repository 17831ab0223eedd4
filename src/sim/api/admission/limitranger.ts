/**
 * The LimitRanger admission plugin (kubernetes plugin/pkg/admission/limitranger, as of 1.32):
 * on pod create, containers and init containers missing a request or limit get the
 * namespace's LimitRange `defaultRequest` / `default` (annotated `kubernetes.io/limit-ranger`),
 * then every LimitRange's min / max / maxLimitRequestRatio is enforced per Container, per Pod
 * (the pod's effective requests and limits) and per PersistentVolumeClaim (storage request),
 * with kube-apiserver's Forbidden messages. Go iterates the LimitRange's resource maps in
 * random order; we use the object's key order so a message list is reproducible.
 */
import type { ApiServer } from '../server';
import type { KObject, Status } from '../types';
import { forbidden, invalid } from '../errors';
import { parseQuantityFull, formatQuantity, type QuantityFormat } from '../validation/quantity';

type RL = Record<string, string | number>;
interface LimitItem {
  type?: string;
  min?: RL;
  max?: RL;
  default?: RL;
  defaultRequest?: RL;
  maxLimitRequestRatio?: RL;
}
interface Container {
  name?: string;
  restartPolicy?: string;
  resources?: { requests?: RL; limits?: RL };
}

export const LIMIT_RANGER_ANNOTATION = 'kubernetes.io/limit-ranger';

/** A parsed quantity that remembers its format, so it prints as Quantity.String() would. */
export interface Qty {
  value: number;
  format: QuantityFormat;
}

export function qty(v: unknown): Qty | undefined {
  if (typeof v !== 'string' && typeof v !== 'number') return undefined;
  try {
    return parseQuantityFull(v);
  } catch {
    return undefined;
  }
}

export function qtyString(q: Qty): string {
  return formatQuantity(q.value, q.format);
}

/** Quantity.String() of a stored value ('' when unparseable, as a zero Quantity is '0'). */
export function canonical(v: unknown): string {
  const q = qty(v);
  return q ? qtyString(q) : '0';
}

/** MilliValue() rounds up, as resource.Quantity does. */
function milli(q: Qty): number {
  return Math.ceil(q.value * 1000 - 1e-9);
}

type QtyList = Map<string, Qty>;

function toList(rl: RL | undefined): QtyList {
  const out: QtyList = new Map();
  for (const [k, v] of Object.entries(rl ?? {})) {
    const q = qty(v);
    if (q) out.set(k, q);
  }
  return out;
}

function addTo(dst: QtyList, src: QtyList): void {
  // Quantity.Add keeps the receiver's format: the first addend's
  for (const [k, v] of src) {
    const cur = dst.get(k);
    dst.set(k, cur ? { value: cur.value + v.value, format: cur.format } : { ...v });
  }
}

function maxInto(dst: QtyList, src: QtyList): void {
  for (const [k, v] of src) {
    const cur = dst.get(k);
    if (!cur || v.value > cur.value) dst.set(k, { ...v });
  }
}

/**
 * The pod's effective requests or limits (component-helpers PodRequests/PodLimits without
 * overhead): containers and sidecars summed, then the max with each regular init container
 * plus the sidecars started before it.
 */
export function podResources(pod: KObject, which: 'requests' | 'limits'): QtyList {
  const spec = (pod.spec ?? {}) as { containers?: Container[]; initContainers?: Container[] };
  const total: QtyList = new Map();
  for (const c of spec.containers ?? []) addTo(total, toList(c.resources?.[which]));
  const sidecars: QtyList = new Map();
  const initMax: QtyList = new Map();
  for (const c of spec.initContainers ?? []) {
    const r = toList(c.resources?.[which]);
    if (c.restartPolicy === 'Always') {
      addTo(sidecars, r);
      addTo(total, r);
    } else {
      const candidate: QtyList = new Map();
      addTo(candidate, r);
      addTo(candidate, sidecars);
      maxInto(initMax, candidate);
    }
  }
  maxInto(total, initMax);
  return total;
}

function enforcedValues(req: Qty | undefined, lim: Qty | undefined, enforced: Qty): { r: number; l: number; e: number } {
  // Go compares at milli precision when nothing overflows, which is always the case here
  return { r: req ? milli(req) : 0, l: lim ? milli(lim) : 0, e: milli(enforced) };
}

function minConstraint(type: string, name: string, enforced: Qty, request: QtyList, limit: QtyList): string | undefined {
  const req = request.get(name);
  const lim = limit.get(name);
  const { r, l, e } = enforcedValues(req, lim, enforced);
  if (!req) return `minimum ${name} usage per ${type} is ${qtyString(enforced)}.  No request is specified`;
  if (r < e) return `minimum ${name} usage per ${type} is ${qtyString(enforced)}, but request is ${qtyString(req)}`;
  if (lim && l < e) return `minimum ${name} usage per ${type} is ${qtyString(enforced)}, but limit is ${qtyString(lim)}`;
  return undefined;
}

function maxRequestConstraint(type: string, name: string, enforced: Qty, request: QtyList): string | undefined {
  const req = request.get(name);
  const { r, e } = enforcedValues(req, undefined, enforced);
  if (!req) return `maximum ${name} usage per ${type} is ${qtyString(enforced)}.  No request is specified`;
  if (r > e) return `maximum ${name} usage per ${type} is ${qtyString(enforced)}, but request is ${qtyString(req)}`;
  return undefined;
}

function maxConstraint(type: string, name: string, enforced: Qty, request: QtyList, limit: QtyList): string | undefined {
  const req = request.get(name);
  const lim = limit.get(name);
  const { r, l, e } = enforcedValues(req, lim, enforced);
  if (!lim) return `maximum ${name} usage per ${type} is ${qtyString(enforced)}.  No limit is specified`;
  if (l > e) return `maximum ${name} usage per ${type} is ${qtyString(enforced)}, but limit is ${qtyString(lim)}`;
  if (req && r > e) return `maximum ${name} usage per ${type} is ${qtyString(enforced)}, but request is ${qtyString(req)}`;
  return undefined;
}

function ratioConstraint(type: string, name: string, enforced: Qty, request: QtyList, limit: QtyList): string | undefined {
  const req = request.get(name);
  const lim = limit.get(name);
  const { r, l } = enforcedValues(req, lim, enforced);
  if (!req || r === 0) return `${name} max limit to request ratio per ${type} is ${qtyString(enforced)}, but no request is specified or request is 0`;
  if (!lim || l === 0) return `${name} max limit to request ratio per ${type} is ${qtyString(enforced)}, but no limit is specified or limit is 0`;
  const observed = l / r;
  if (observed * 1000 > milli(enforced)) return `${name} max limit to request ratio per ${type} is ${qtyString(enforced)}, but provided ratio is ${observed.toFixed(6)}`;
  return undefined;
}

function checks(item: LimitItem, type: string, request: QtyList, limit: QtyList, errs: string[]): void {
  for (const [k, v] of toList(item.min)) push(errs, minConstraint(type, k, v, request, limit));
  for (const [k, v] of toList(item.max)) push(errs, maxConstraint(type, k, v, request, limit));
  for (const [k, v] of toList(item.maxLimitRequestRatio)) push(errs, ratioConstraint(type, k, v, request, limit));
}

function push(errs: string[], e: string | undefined): void {
  if (e) errs.push(e);
}

/** utilerrors.NewAggregate(errs).Error(): one message as is, several deduplicated in brackets. */
export function aggregate(errs: string[]): string {
  const seen = [...new Set(errs)];
  return seen.length === 1 ? seen[0] : `[${seen.join(', ')}]`;
}

function itemsOf(lr: KObject): LimitItem[] {
  const limits = (lr.spec as { limits?: unknown } | undefined)?.limits;
  return Array.isArray(limits) ? (limits as LimitItem[]) : [];
}

/** mergePodResourceRequirements: fills missing requests/limits and annotates the pod. */
export function applyLimitRangeDefaults(pod: KObject, lr: KObject): void {
  const defReq: RL = {};
  const defLim: RL = {};
  for (const item of itemsOf(lr)) {
    if (item.type !== 'Container') continue;
    Object.assign(defReq, item.defaultRequest ?? {});
    Object.assign(defLim, item.default ?? {});
  }
  const notes: string[] = [];
  const spec = (pod.spec ?? {}) as { containers?: Container[]; initContainers?: Container[] };
  const merge = (c: Container, prefix: string) => {
    const res = (c.resources ??= {});
    const limits = (res.limits ??= {});
    const requests = (res.requests ??= {});
    const setL: string[] = [];
    const setR: string[] = [];
    for (const [k, v] of Object.entries(defLim))
      if (!(k in limits)) {
        limits[k] = v;
        setL.push(k);
      }
    for (const [k, v] of Object.entries(defReq))
      if (!(k in requests)) {
        requests[k] = v;
        setR.push(k);
      }
    // Go leaves empty maps that serialise to nothing
    if (!Object.keys(limits).length) delete res.limits;
    if (!Object.keys(requests).length) delete res.requests;
    if (setR.length) notes.push(`${setR.sort().join(', ')} request for ${prefix} ${c.name}`);
    if (setL.length) notes.push(`${setL.sort().join(', ')} limit for ${prefix} ${c.name}`);
  };
  for (const c of spec.containers ?? []) merge(c, 'container');
  for (const c of spec.initContainers ?? []) merge(c, 'init container');
  if (notes.length) pod.metadata.annotations = { ...(pod.metadata.annotations ?? {}), [LIMIT_RANGER_ANNOTATION]: `LimitRanger plugin set: ${notes.join('; ')}` };
}

/** PodValidateLimitFunc: the messages one LimitRange has against a pod. */
export function validatePodAgainst(pod: KObject, lr: KObject): string[] {
  const errs: string[] = [];
  const spec = (pod.spec ?? {}) as { containers?: Container[]; initContainers?: Container[] };
  for (const item of itemsOf(lr)) {
    if (item.type === 'Container') {
      for (const c of [...(spec.containers ?? []), ...(spec.initContainers ?? [])])
        checks(item, 'Container', toList(c.resources?.requests), toList(c.resources?.limits), errs);
    } else if (item.type === 'Pod') {
      checks(item, 'Pod', podResources(pod, 'requests'), podResources(pod, 'limits'), errs);
    }
  }
  return errs;
}

/** PersistentVolumeClaimValidateLimitFunc: min and max of the storage request. */
export function validatePvcAgainst(pvc: KObject, lr: KObject): string[] {
  const errs: string[] = [];
  const requests = toList((pvc.spec as { resources?: { requests?: RL } } | undefined)?.resources?.requests);
  for (const item of itemsOf(lr)) {
    if (item.type !== 'PersistentVolumeClaim') continue;
    for (const [k, v] of toList(item.min)) push(errs, minConstraint('PersistentVolumeClaim', k, v, requests, new Map()));
    for (const [k, v] of toList(item.max)) push(errs, maxRequestConstraint('PersistentVolumeClaim', k, v, requests));
  }
  return errs;
}

const installed = new WeakSet<ApiServer>();

/** Registers LimitRanger's mutating (defaults) and validating (constraints) halves. */
export function registerLimitRanger(api: ApiServer): void {
  if (installed.has(api)) return;
  installed.add(api);
  const rangesIn = (ns: string | undefined) => (ns ? api.store.list('/limitranges', ns) : []);
  // pods whose resources the mutating half filled in
  const defaulted = new WeakSet<KObject>();
  api.admission.mutating('LimitRanger', (ctx) => {
    if (ctx.operation !== 'CREATE' || ctx.subresource || ctx.info.group !== '' || ctx.info.plural !== 'pods') return undefined;
    const ranges = rangesIn(ctx.object.metadata.namespace);
    if (!ranges.length) return undefined;
    const before = JSON.stringify(ctx.object.spec);
    for (const lr of ranges) applyLimitRangeDefaults(ctx.object, lr);
    if (JSON.stringify(ctx.object.spec) !== before) defaulted.add(ctx.object);
    return undefined;
  });
  api.admission.validating('LimitRanger', (ctx): Status | undefined => {
    if (ctx.subresource || ctx.info.group !== '' || ctx.operation === 'DELETE') return undefined;
    const isPod = ctx.info.plural === 'pods';
    if (!isPod && ctx.info.plural !== 'persistentvolumeclaims') return undefined;
    // pods' containers are immutable after create; deleting objects are left alone
    if (isPod && ctx.operation !== 'CREATE') return undefined;
    if (ctx.oldObject?.metadata.deletionTimestamp) return undefined;
    // kube-apiserver validates the object after mutating admission; here validation ran
    // first, so a default that breaks the pod (a defaultRequest above the container's own
    // limit) is caught now, with the same 422 the API server would give
    if (defaulted.has(ctx.object)) {
      const errs = api.strategy.validate(ctx.info, ctx.object);
      if (errs.length) return invalid(ctx.info.kind, ctx.info.group, ctx.object.metadata.name ?? '', errs);
    }
    for (const lr of rangesIn(ctx.object.metadata.namespace)) {
      const errs = isPod ? validatePodAgainst(ctx.object, lr) : validatePvcAgainst(ctx.object, lr);
      if (errs.length) return forbidden(ctx.info.plural, '', ctx.object.metadata.name ?? '', aggregate(errs));
    }
    return undefined;
  });
}
