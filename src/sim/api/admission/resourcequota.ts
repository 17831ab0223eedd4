/**
 * The ResourceQuota admission plugin (k8s.io/apiserver/pkg/admission/plugin/resourcequota and
 * the evaluators of pkg/quota/v1/evaluator/core, as of 1.32), and the usage evaluators the
 * resourcequota controller shares with it.
 *
 * A create that a quota of its namespace counts is checked against the quota's status
 * (hard and used, as the controller last wrote them): a pod must state every cpu/memory
 * request or limit a quota constrains (`failed quota: …: must specify …`), and nothing may
 * push used past hard (`exceeded quota: …`). An admitted create is charged to status.used at
 * once, as kube-apiserver does, so a burst of creates cannot overshoot before the controller
 * recounts. Quotas with no status.hard yet (the controller has not seen them) match nothing.
 */
import type { ApiServer } from '../server';
import type { KObject, Status } from '../types';
import { forbidden } from '../errors';
import { podResources, qty, qtyString, type Qty } from './limitranger';

export type Usage = Map<string, Qty>;

const ONE: Qty = { value: 1, format: 'DecimalSI' };
const COMPUTE = new Set(['cpu', 'memory', 'ephemeral-storage']);
const VALIDATION_SET = new Set(['cpu', 'memory', 'requests.cpu', 'requests.memory', 'limits.cpu', 'limits.memory']);

interface Container {
  name?: string;
  resources?: { requests?: Record<string, unknown>; limits?: Record<string, unknown> };
}

/** `count/<resource>[.<group>]`, the generic object-count name. */
export function countName(group: string, plural: string): string {
  return group ? `count/${plural}.${group}` : `count/${plural}`;
}

/** Resources whose usage is more than an object count, by `group/plural`. */
const LEGACY_COUNT: Record<string, string> = {
  '/pods': 'pods',
  '/services': 'services',
  '/configmaps': 'configmaps',
  '/secrets': 'secrets',
  '/persistentvolumeclaims': 'persistentvolumeclaims',
  '/replicationcontrollers': 'replicationcontrollers',
  '/resourcequotas': 'resourcequotas',
};

/** A request a pod can be charged for: cpu, memory, ephemeral storage, hugepages, extended resources. */
function podRequestName(r: string): boolean {
  return COMPUTE.has(r) || r.startsWith('hugepages-') || (r.includes('/') && !r.startsWith('kubernetes.io/'));
}

/** podComputeUsageHelper: pods=1 plus the cpu/memory/storage requests and limits. */
function computeUsage(requests: Usage, limits: Usage): Usage {
  const out: Usage = new Map([['pods', ONE]]);
  for (const [k, v] of requests) {
    if (COMPUTE.has(k)) {
      out.set(k, v);
      out.set(`requests.${k}`, v);
    } else if (podRequestName(k)) out.set(`requests.${k}`, v);
  }
  for (const [k, v] of limits) if (COMPUTE.has(k)) out.set(`limits.${k}`, v);
  return out;
}

/** QuotaV1Pod: terminal pods, and pods past their deletion grace, stop counting. */
export function podCounts(pod: KObject, now: number): boolean {
  const phase = (pod.status as { phase?: string } | undefined)?.phase;
  if (phase === 'Succeeded' || phase === 'Failed') return false;
  const del = pod.metadata.deletionTimestamp;
  if (del) {
    const grace = Number(pod.metadata.deletionGracePeriodSeconds ?? 0);
    if (now > Date.parse(String(del)) + grace * 1000) return false;
  }
  return true;
}

/** An object's quota usage (evaluator.Usage), keyed by quota resource name. */
export function usageOf(group: string, plural: string, obj: KObject, now: number): Usage {
  const out: Usage = new Map([[countName(group, plural), ONE]]);
  const legacy = group === '' ? LEGACY_COUNT[`/${plural}`] : undefined;
  if (!legacy) return out;
  if (plural === 'pods') {
    if (!podCounts(obj, now)) return out;
    for (const [k, v] of computeUsage(podResources(obj, 'requests'), podResources(obj, 'limits'))) out.set(k, v);
    return out;
  }
  out.set(legacy, ONE);
  const spec = (obj.spec ?? {}) as Record<string, unknown>;
  if (plural === 'services') {
    const ports = Array.isArray(spec.ports) ? spec.ports.length : 0;
    if (spec.type === 'NodePort') out.set('services.nodeports', { value: ports, format: 'DecimalSI' });
    if (spec.type === 'LoadBalancer') {
      out.set('services.loadbalancers', ONE);
      if (spec.allocateLoadBalancerNodePorts !== false) out.set('services.nodeports', { value: ports, format: 'DecimalSI' });
    }
  }
  if (plural === 'persistentvolumeclaims') {
    const storage = qty((spec.resources as { requests?: Record<string, unknown> } | undefined)?.requests?.storage);
    const cls = typeof spec.storageClassName === 'string' ? spec.storageClassName : '';
    if (storage) out.set('requests.storage', storage);
    if (cls) {
      out.set(`${cls}.storageclass.storage.k8s.io/persistentvolumeclaims`, ONE);
      if (storage) out.set(`${cls}.storageclass.storage.k8s.io/requests.storage`, storage);
    }
  }
  return out;
}

/** evaluator.MatchingResources: which of a quota's names this kind of object can use. */
export function matchesResourceName(group: string, plural: string, name: string): boolean {
  if (name === countName(group, plural)) return true;
  if (group !== '') return false;
  switch (plural) {
    case 'pods':
      return name === 'pods' || COMPUTE.has(name) || (name.startsWith('requests.') && podRequestName(name.slice(9))) || name === 'limits.cpu' || name === 'limits.memory' || name === 'limits.ephemeral-storage';
    case 'services':
      return name === 'services' || name === 'services.nodeports' || name === 'services.loadbalancers';
    case 'persistentvolumeclaims':
      return name === 'persistentvolumeclaims' || name === 'requests.storage' || /\.storageclass\.storage\.k8s\.io\/(requests\.storage|persistentvolumeclaims)$/.test(name);
    default:
      return name === LEGACY_COUNT[`/${plural}`];
  }
}

interface ScopeReq {
  scopeName: string;
  operator: string;
  values?: string[];
}

export function scopeSelectors(quota: KObject): ScopeReq[] {
  const spec = (quota.spec ?? {}) as { scopes?: string[]; scopeSelector?: { matchExpressions?: ScopeReq[] } };
  return [...(spec.scopes ?? []).map((s) => ({ scopeName: s, operator: 'Exists' })), ...(spec.scopeSelector?.matchExpressions ?? [])];
}

function isBestEffort(pod: KObject): boolean {
  const spec = (pod.spec ?? {}) as { containers?: Container[]; initContainers?: Container[] };
  for (const c of [...(spec.containers ?? []), ...(spec.initContainers ?? [])])
    for (const rl of [c.resources?.requests, c.resources?.limits]) for (const k of Object.keys(rl ?? {})) if (k === 'cpu' || k === 'memory') return false;
  return true;
}

/** podMatchesScopeFunc; every other kind matches no scope. */
function podMatchesScope(s: ScopeReq, pod: KObject): boolean {
  const spec = (pod.spec ?? {}) as { activeDeadlineSeconds?: number; priorityClassName?: string };
  switch (s.scopeName) {
    case 'Terminating':
      return typeof spec.activeDeadlineSeconds === 'number' && spec.activeDeadlineSeconds >= 0;
    case 'NotTerminating':
      return !(typeof spec.activeDeadlineSeconds === 'number' && spec.activeDeadlineSeconds >= 0);
    case 'BestEffort':
      return isBestEffort(pod);
    case 'NotBestEffort':
      return !isBestEffort(pod);
    case 'PriorityClass': {
      const pc = spec.priorityClassName ?? '';
      switch (s.operator) {
        case 'Exists':
          return pc !== '';
        case 'DoesNotExist':
          return pc === '';
        case 'In':
          return pc !== '' && (s.values ?? []).includes(pc);
        case 'NotIn':
          return pc === '' || !(s.values ?? []).includes(pc);
      }
      return false;
    }
  }
  return false;
}

/** generic.Matches: the quota constrains a resource this object uses, and every scope matches. */
export function quotaMatches(quota: KObject, hardNames: string[], group: string, plural: string, obj: KObject): boolean {
  if (!hardNames.some((n) => matchesResourceName(group, plural, n))) return false;
  for (const s of scopeSelectors(quota)) if (!(group === '' && plural === 'pods' && podMatchesScope(s, obj))) return false;
  return true;
}

/** podEvaluator.Constraints: the cpu/memory names a quota constrains that a container leaves out. */
function podConstraints(required: string[], pod: KObject): string | undefined {
  const req = required.filter((r) => VALIDATION_SET.has(r));
  if (!req.length) return undefined;
  const missing = new Map<string, Set<string>>();
  const spec = (pod.spec ?? {}) as { containers?: Container[]; initContainers?: Container[] };
  for (const c of [...(spec.containers ?? []), ...(spec.initContainers ?? [])]) {
    const have = new Set<string>();
    for (const k of Object.keys(c.resources?.requests ?? {})) if (k === 'cpu' || k === 'memory') have.add(k).add(`requests.${k}`);
    for (const k of Object.keys(c.resources?.limits ?? {})) if (k === 'cpu' || k === 'memory') have.add(`limits.${k}`);
    for (const r of req) if (!have.has(r)) (missing.get(r) ?? missing.set(r, new Set()).get(r)!).add(c.name ?? '');
  }
  if (!missing.size) return undefined;
  const parts = [...missing.keys()].sort().map((r) => `${r} for: ${[...missing.get(r)!].sort().join(',')}`);
  return `must specify ${parts.join('; ')}`;
}

function toUsage(rl: unknown): Usage {
  const out: Usage = new Map();
  for (const [k, v] of Object.entries((rl ?? {}) as Record<string, unknown>)) {
    const q = qty(v);
    if (q) out.set(k, q);
  }
  return out;
}

/** quota's prettyPrint: sorted `name=quantity` joined by commas. */
function pretty(u: Usage, keys: string[]): string {
  return keys.map((k) => `${k}=${u.has(k) ? qtyString(u.get(k)!) : '0'}`).join(',');
}

/** quota.Add for one value: the sum keeps the first addend's format. */
export function addQty(a: Qty | undefined, b: Qty): Qty {
  // Quantity.Add: a zero receiver takes the addend's format
  return a && a.value !== 0 ? { value: a.value + b.value, format: a.format } : { value: (a?.value ?? 0) + b.value, format: b.format };
}

/** Values compare at milli precision, as Quantity.Cmp does for everything a course uses. */
export function lessOrEqual(a: Qty, b: Qty): boolean {
  return Math.round(a.value * 1000) <= Math.round(b.value * 1000);
}

/**
 * Checks one create (or a Service's or claim's update, given the stored object) against the namespace's quotas. Returns the rejecting Status, or the
 * quotas' new status.used (by quota name) to be charged.
 */
export function checkCreate(quotas: KObject[], group: string, plural: string, obj: KObject, now: number, old?: KObject): Status | Map<string, Usage> {
  const name = obj.metadata.name ?? '';
  const interesting: { quota: KObject; hard: Usage; used: Usage }[] = [];
  for (const quota of quotas) {
    const st = (quota.status ?? {}) as { hard?: Record<string, unknown>; used?: Record<string, unknown> };
    const hardNames = Object.keys(st.hard ?? {});
    if (!hardNames.length || !quotaMatches(quota, hardNames, group, plural, obj)) continue;
    const restricted = hardNames.filter((n) => matchesResourceName(group, plural, n));
    if (group === '' && plural === 'pods') {
      const missing = podConstraints(restricted, obj);
      if (missing) return forbidden(plural, group, name, `failed quota: ${quota.metadata.name}: ${missing}`);
    }
    const unknown = restricted.filter((r) => !(st.used && r in st.used));
    if (unknown.length) return forbidden(plural, group, name, `status unknown for quota: ${quota.metadata.name}, resources: ${restricted.slice().sort().join(',')}`);
    interesting.push({ quota, hard: toUsage(st.hard), used: toUsage(st.used) });
  }
  const charged = new Map<string, Usage>();
  if (!interesting.length) return charged;
  const usage = usageOf(group, plural, obj, now);
  // an update is charged what it adds over the stored object (SubtractWithNonNegativeResult)
  const before = old ? usageOf(group, plural, old, now) : undefined;
  for (const { quota, hard, used } of interesting) {
    const requested: Usage = new Map();
    for (const [k, v] of usage) {
      const prev = before && quotaMatches(quota, [...hard.keys()], group, plural, old!) ? (before.get(k)?.value ?? 0) : 0;
      const delta = Math.max(0, v.value - prev);
      if (hard.has(k) && delta !== 0) requested.set(k, { value: delta, format: v.format });
    }
    if (!requested.size) continue;
    const next: Usage = new Map(used);
    const exceeded: string[] = [];
    for (const [k, v] of requested) {
      const sum = addQty(used.get(k), v);
      next.set(k, sum);
      if (!lessOrEqual(sum, hard.get(k)!)) exceeded.push(k);
    }
    if (exceeded.length) {
      exceeded.sort();
      return forbidden(plural, group, name, `exceeded quota: ${quota.metadata.name}, requested: ${pretty(requested, exceeded)}, used: ${pretty(used, exceeded)}, limited: ${pretty(hard, exceeded)}`);
    }
    charged.set(quota.metadata.name!, next);
  }
  return charged;
}

export function usageRecord(u: Usage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of [...u.keys()].sort()) out[k] = qtyString(u.get(k)!);
  return out;
}

const installed = new WeakSet<ApiServer>();

/** Registers the ResourceQuota validating plugin; install it after the other plugins (it runs last in kube-apiserver). */
export function registerResourceQuotaAdmission(api: ApiServer): void {
  if (installed.has(api)) return;
  installed.add(api);
  api.admission.validating('ResourceQuota', (ctx) => {
    if (ctx.subresource) return undefined;
    // evaluators' Handles: every kind on create; Services (type, ports) and claims (resize) on update too
    const updatable = ctx.info.group === '' && (ctx.info.plural === 'services' || ctx.info.plural === 'persistentvolumeclaims');
    if (ctx.operation !== 'CREATE' && !(ctx.operation === 'UPDATE' && updatable && ctx.oldObject)) return undefined;
    const ns = ctx.object.metadata.namespace;
    if (!ns || !ctx.info.namespaced) return undefined;
    // the common case, a namespace without quotas, costs one map scan of the quotas alone
    const quotas = api.store.list('/resourcequotas', ns);
    if (!quotas.length) return undefined;
    const res = checkCreate(quotas, ctx.info.group, ctx.info.plural, ctx.object, api.clock.now(), ctx.operation === 'UPDATE' ? ctx.oldObject : undefined);
    if (!(res instanceof Map)) return res;
    if (ctx.dryRun) return undefined;
    for (const [qname, used] of res) {
      const cur = api.store.get('/resourcequotas', ns, qname);
      if (!cur) continue;
      const body = structuredClone(cur) as KObject;
      body.status = { ...((body.status ?? {}) as object), used: usageRecord(used) };
      api.request({ verb: 'update', resource: 'resourcequotas', namespace: ns, name: qname, subresource: 'status', body, user: 'system:apiserver' });
    }
    return undefined;
  });
}
