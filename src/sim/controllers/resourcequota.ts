/**
 * The resourcequota controller (kubernetes pkg/controller/resourcequota): keeps every
 * ResourceQuota's status.hard equal to spec.hard and status.used equal to what the
 * namespace's objects use, recounted when a quota changes, when an object it counts comes,
 * goes or changes in a way that matters (a pod turning terminal), and every 5 minutes (the
 * full resync). Object events from namespaces without a quota cost one map lookup; the
 * controller indexes the objects of namespaces that have a quota, so a recount walks only them.
 */
import type { Cluster } from '../cluster';
import type { KObject } from '../api/types';
import { countName, matchesResourceName, quotaMatches, usageOf, addQty, usageRecord, type Usage } from '../api/admission/resourcequota';
import { canonical } from '../api/admission/limitranger';
import { parseRef, splitKey, type InformerFactory, type Reconciler, type ReconcileContext, type ReconcileResult, type Watches } from './runtime';

export const QUOTA_RESYNC_MS = 5 * 60_000;

/** Resources the controller always watches (the legacy quota names), as informer refs. */
const WATCHED = ['pods', 'services', 'configmaps', 'secrets', 'persistentvolumeclaims', 'replicationcontrollers'];

export class ResourceQuotaReconciler implements Reconciler {
  readonly name = 'resourcequota-controller';
  /** namespace → quota names, kept from the quota informer */
  private byNs = new Map<string, Set<string>>();
  /** `ref\nnamespace` → the counted objects of a namespace that has a quota, by name */
  private objects = new Map<string, Map<string, KObject>>();
  private watched = new Set<string>();
  private informers?: InformerFactory;

  constructor(private cluster: Cluster) {}

  setup(w: Watches, informers: InformerFactory): void {
    this.informers = informers;
    w.for('resourcequotas');
    const quotas = informers.for('resourcequotas');
    quotas.on((type, q) => (type === 'DELETED' ? this.forget(q) : this.remember(q)));
    for (const r of WATCHED) this.watch(r);
    // an informer that already existed delivered its objects before our handler was on it
    for (const q of quotas.list()) this.remember(q);
  }

  private remember(q: KObject): void {
    const ns = q.metadata.namespace!;
    let set = this.byNs.get(ns);
    if (!set) {
      this.byNs.set(ns, (set = new Set()));
      // the first quota of a namespace: index what the namespace already holds (once)
      for (const ref of this.watched) this.seed(ref, ns);
    }
    set.add(q.metadata.name!);
  }

  private forget(q: KObject): void {
    const ns = q.metadata.namespace!;
    const set = this.byNs.get(ns);
    set?.delete(q.metadata.name!);
    if (set && !set.size) {
      this.byNs.delete(ns);
      for (const ref of this.watched) this.objects.delete(`${ref}\n${ns}`);
    }
  }

  private seed(ref: string, ns: string): void {
    const m = new Map<string, KObject>();
    for (const o of this.informers!.for(ref).list(ns)) m.set(o.metadata.name!, o);
    this.objects.set(`${ref}\n${ns}`, m);
  }

  /** Starts counting a resource: its changes re-enqueue the quotas of their namespace. */
  private watch(ref: string): void {
    if (this.watched.has(ref) || !this.informers) return;
    this.watched.add(ref);
    const isPods = ref === 'pods';
    // the informer directly, not Watches.watches: a deletion must be told from an update
    this.informers.for(ref).on((type, o, old) => {
      const ns = o.metadata.namespace;
      const names = ns ? this.byNs.get(ns) : undefined;
      if (!names) return;
      const m = this.objects.get(`${ref}\n${ns}`);
      if (m) {
        if (type === 'DELETED') m.delete(o.metadata.name!);
        else m.set(o.metadata.name!, o);
      }
      // a pod's status changes all the time; only phase and deletion change its usage
      if (isPods && type === 'MODIFIED' && old && old.metadata.deletionTimestamp === o.metadata.deletionTimestamp && phaseOf(old) === phaseOf(o)) return;
      const ctl = this.cluster.controllers.get(this.name);
      for (const n of names) ctl?.enqueue(`${ns}/${n}`);
    });
    for (const ns of this.byNs.keys()) this.seed(ref, ns);
  }

  reconcile(key: string, ctx: ReconcileContext): ReconcileResult | void {
    const { namespace, name } = splitKey(key);
    const quota = this.cluster.informers.for('resourcequotas').get(namespace, name);
    if (!quota) return;
    const hard = ((quota.spec as { hard?: Record<string, unknown> } | undefined)?.hard ?? {}) as Record<string, unknown>;
    const hardNames = Object.keys(hard).sort();
    const used = this.calculate(quota, namespace!, hardNames);
    const status = (quota.status ?? {}) as { hard?: Record<string, string>; used?: Record<string, string> };
    const nextHard: Record<string, string> = {};
    for (const k of hardNames) nextHard[k] = canonical(hard[k]);
    const nextUsed = usageRecord(used);
    if (sameRecord(status.hard, nextHard) && sameRecord(status.used, nextUsed)) return { requeueAfter: QUOTA_RESYNC_MS };
    ctx.observe(`quota ${name}: used ${Object.entries(nextUsed).map(([k, v]) => `${k}=${v}`).join(', ') || 'nothing'}`);
    ctx.decide('write status.hard and status.used');
    const body = structuredClone(quota) as KObject;
    body.status = { hard: nextHard, used: nextUsed };
    const res = ctx.request({ verb: 'update', resource: 'resourcequotas', namespace, name, subresource: 'status', body });
    // a conflict means the quota moved on: its own event brings it back
    if (res.code >= 300 && res.code !== 409 && res.code !== 404) throw new Error(`status update failed: ${res.code}`);
    return { requeueAfter: QUOTA_RESYNC_MS };
  }

  /** CalculateUsage: the sum over the namespace's objects, every hard name present (0 if unused). */
  private calculate(quota: KObject, ns: string, hardNames: string[]): Usage {
    const used: Usage = new Map();
    for (const n of hardNames) used.set(n, { value: 0, format: 'DecimalSI' });
    const resources = new Map<string, { group: string; plural: string }>();
    for (const n of hardNames) {
      const ref = refOf(n);
      if (ref) resources.set(`${ref.group}/${ref.plural}`, ref);
    }
    const now = this.cluster.clock.now();
    for (const { group, plural } of resources.values()) {
      if (!this.cluster.api.kinds.resource(group, undefined, plural)) continue;
      const ref = group ? `${plural}.${group}` : plural;
      this.watch(ref);
      for (const o of this.objects.get(`${ref}\n${ns}`)?.values() ?? []) {
        if (!quotaMatches(quota, hardNames, group, plural, o)) continue;
        for (const [k, v] of usageOf(group, plural, o, now)) if (used.has(k)) used.set(k, addQty(used.get(k), v));
      }
    }
    return used;
  }
}

/** Which resource a quota name counts. */
function refOf(name: string): { group: string; plural: string } | undefined {
  if (name.startsWith('count/')) {
    const r = parseRef(name.slice('count/'.length));
    return { group: r.group ?? '', plural: r.resource };
  }
  for (const plural of ['pods', 'services', 'configmaps', 'secrets', 'persistentvolumeclaims', 'replicationcontrollers', 'resourcequotas'])
    if (matchesResourceName('', plural, name) && name !== countName('', plural)) return { group: '', plural };
  return undefined;
}

function phaseOf(o: KObject): string | undefined {
  return (o.status as { phase?: string } | undefined)?.phase;
}

function sameRecord(a: Record<string, string> | undefined, b: Record<string, string>): boolean {
  const ak = Object.keys(a ?? {});
  if (ak.length !== Object.keys(b).length) return false;
  for (const k of ak) if (a![k] !== b[k]) return false;
  return true;
}
