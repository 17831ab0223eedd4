/**
 * The StatefulSet controller (kubernetes `pkg/controller/statefulset`): pods `<sts>-<ordinal>`
 * with stable hostname/subdomain and PersistentVolumeClaims `<claim>-<sts>-<ordinal>`
 * created before each pod. OrderedReady creates one pod at a time in ordinal order, each
 * Running and Ready before the next, and removes from the highest ordinal down; Parallel
 * does both at once. RollingUpdate replaces pods from the highest ordinal down to
 * `partition`, one at a time; OnDelete waits for the user. Revisions are ControllerRevisions.
 * Left out: maxUnavailable > 1 and PVC retention policy Delete.
 */
import { quiet } from '../util/quiet';
import type { Cluster } from '../../cluster';
import type { KObject } from '../../api/types';
import { fromLabelSelector, matches } from '../../api/selectors';
import { splitKey, type InformerFactory, type Reconciler, type ReconcileContext, type ReconcileResult, type Watches } from '../runtime';
import { isPodAvailable, isPodReady, isTerminal, msUntilAvailable, ownerRefTo, phaseOf, podFromTemplate, type PodTemplate } from '../util/pods';
import { ownerIndex, podIndex } from '../util/pod-index';
import { syncRevision } from '../util/revisions';
import { clone } from '../../api/objects';
import { CreateBackoff } from '../util/create-backoff';

const COMPONENT = { component: 'statefulset-controller' };

interface StsSpec {
  replicas?: number;
  selector?: never;
  serviceName?: string;
  template?: PodTemplate;
  podManagementPolicy?: string;
  updateStrategy?: { type?: string; rollingUpdate?: { partition?: number } };
  volumeClaimTemplates?: KObject[];
  minReadySeconds?: number;
  revisionHistoryLimit?: number;
  ordinals?: { start?: number };
}

interface StsStatus {
  currentRevision?: string;
  updateRevision?: string;
  collisionCount?: number;
}

export function ordinalOf(sts: string, pod: string): number | undefined {
  const m = new RegExp(`^${sts.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}-(\\d+)$`).exec(pod);
  return m ? Number(m[1]) : undefined;
}

const runningAndReady = (p: KObject) => phaseOf(p) === 'Running' && isPodReady(p);

export class StatefulSetReconciler implements Reconciler {
  readonly name = 'statefulset-controller';
  private createBackoff = new CreateBackoff();
  constructor(private cluster: Cluster) {}

  setup(w: Watches, _inf: InformerFactory): void {
    w.for('statefulsets.apps');
    w.owns('pods', 'StatefulSet');
    podIndex(this.cluster);
    ownerIndex(this.cluster, 'controllerrevisions.apps');
  }

  private templateOf(rev: string | undefined, revisions: KObject[], fallback: PodTemplate | undefined): PodTemplate | undefined {
    const r = revisions.find((x) => x.metadata.name === rev);
    const t = (r?.data as { spec?: { template?: PodTemplate & { $patch?: string } } } | undefined)?.spec?.template;
    if (!t) return fallback;
    const { $patch: _p, ...rest } = t;
    return rest;
  }

  reconcile(key: string, outer: ReconcileContext): ReconcileResult | void {
    const ctx = quiet(outer);
    const { namespace, name } = splitKey(key);
    const sts = this.cluster.informers.for('statefulsets.apps').get(namespace, name);
    if (!sts || sts.metadata.deletionTimestamp) return;
    const spec = sts.spec as StsSpec;
    const st = (sts.status ?? {}) as StsStatus;
    const selector = fromLabelSelector(spec.selector);
    const rev = syncRevision(ctx, sts, ownerIndex(this.cluster, 'controllerrevisions.apps').byOwner(sts.metadata.uid), spec.template, spec.revisionHistoryLimit ?? 10);
    const updateRevision = rev.name;
    const currentRevision = st.currentRevision ?? updateRevision;
    const replicas = spec.replicas ?? 1;
    const start = spec.ordinals?.start ?? 0;
    const parallel = spec.podManagementPolicy === 'Parallel';
    let createFailed = false;
    const strategy = spec.updateStrategy?.type ?? 'RollingUpdate';
    const partition = spec.updateStrategy?.rollingUpdate?.partition ?? 0;
    const now = ctx.now();
    const pods = podIndex(this.cluster).byOwner(sts.metadata.uid).filter((p) => matches(selector, p.metadata.labels));
    const byOrd = new Map<number, KObject>();
    const condemned: KObject[] = [];
    for (const p of pods) {
      const o = ordinalOf(name, p.metadata.name!);
      if (o === undefined) continue;
      if (o >= start && o < start + replicas) byOrd.set(o, p);
      else condemned.push(p);
    }
    condemned.sort((a, b) => ordinalOf(name, b.metadata.name!)! - ordinalOf(name, a.metadata.name!)!);
    ctx.observe(`${byOrd.size} of ${replicas} pods, ${condemned.length} to remove`);
    let acted = false;
    const revisionFor = (o: number) => (strategy === 'RollingUpdate' && o - start < partition ? currentRevision : updateRevision);

    // 1. failed pods are replaced; missing pods created (in order unless Parallel)
    for (let o = start; o < start + replicas; o++) {
      const p = byOrd.get(o);
      if (p && phaseOf(p) === 'Failed' && !p.metadata.deletionTimestamp) {
        this.deletePod(sts, p, ctx);
        acted = true;
        if (!parallel) break;
        continue;
      }
      if (!p) {
        const r = revisionFor(o);
        if (!this.createPod(sts, o, r, this.templateOf(r, rev.all, spec.template), ctx)) createFailed = true;
        acted = true;
        if (!parallel) break;
        continue;
      }
      if (!parallel && (!runningAndReady(p) || p.metadata.deletionTimestamp)) {
        ctx.observe(`waiting for ${p.metadata.name} to be Running and Ready`);
        acted = true;
        break;
      }
    }
    // 2. scale down from the highest ordinal, one at a time (OrderedReady) after the rest is healthy
    if (!acted && condemned.length) {
      const terminating = condemned.filter((p) => p.metadata.deletionTimestamp);
      if (parallel) for (const p of condemned.filter((x) => !x.metadata.deletionTimestamp)) this.deletePod(sts, p, ctx);
      else if (!terminating.length) this.deletePod(sts, condemned[0], ctx);
      acted = true;
    }
    // 3. rolling update from the highest ordinal down to the partition
    if (!acted && strategy === 'RollingUpdate') {
      const ords = [...byOrd.keys()].sort((a, b) => b - a);
      const unhealthy = ords.some((o) => !runningAndReady(byOrd.get(o)!) || byOrd.get(o)!.metadata.deletionTimestamp);
      if (!unhealthy)
        for (const o of ords) {
          if (o - start < partition) break;
          const p = byOrd.get(o)!;
          if (p.metadata.labels?.['controller-revision-hash'] !== updateRevision) {
            ctx.decide(`update ${p.metadata.name} to revision ${updateRevision}`);
            this.deletePod(sts, p, ctx);
            break;
          }
        }
    }
    const result = this.updateStatus(sts, updateRevision, currentRevision, now, ctx);
    const retry = this.createBackoff.after(sts.metadata.uid ?? '', createFailed);
    return retry === undefined ? result : { requeueAfter: Math.min(retry, result?.requeueAfter ?? Infinity) };
  }

  /** Creates the claims and the pod of one ordinal; false when the API refused one. */
  private createPod(sts: KObject, ordinal: number, revision: string, template: PodTemplate | undefined, ctx: ReconcileContext): boolean {
    const spec = sts.spec as StsSpec;
    const name = `${sts.metadata.name}-${ordinal}`;
    for (const t of spec.volumeClaimTemplates ?? []) {
      const claim = `${t.metadata.name}-${name}`;
      if (this.cluster.informers.for('persistentvolumeclaims').get(sts.metadata.namespace, claim)) continue;
      const selLabels = ((spec.selector as unknown as { matchLabels?: Record<string, string> }) ?? {}).matchLabels ?? {};
      const res = ctx.request({
        verb: 'create', resource: 'persistentvolumeclaims', namespace: sts.metadata.namespace,
        body: { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: claim, namespace: sts.metadata.namespace, labels: { ...(t.metadata.labels ?? {}), ...selLabels } }, spec: clone(t.spec ?? {}) },
      });
      if (res.code >= 300 && res.code !== 409) {
        this.cluster.events.record(sts, 'Warning', 'FailedCreate', `create Claim ${claim} for Pod ${name} in StatefulSet ${sts.metadata.name} failed error: ${(res.body as { message?: string }).message}`, COMPONENT);
        return false;
      }
      if (res.code < 300) this.cluster.events.record(sts, 'Normal', 'SuccessfulCreate', `create Claim ${claim} Pod ${name} in StatefulSet ${sts.metadata.name} success`, COMPONENT);
    }
    const pod = podFromTemplate(template, sts, '');
    delete pod.metadata.generateName;
    pod.metadata.name = name;
    pod.metadata.labels = { ...(pod.metadata.labels ?? {}), 'controller-revision-hash': revision, 'statefulset.kubernetes.io/pod-name': name, 'apps.kubernetes.io/pod-index': String(ordinal) };
    const ps = pod.spec as { hostname?: string; subdomain?: string; volumes?: { name: string }[] };
    ps.hostname = name;
    if (spec.serviceName) ps.subdomain = spec.serviceName;
    for (const t of spec.volumeClaimTemplates ?? []) {
      ps.volumes = (ps.volumes ?? []).filter((v) => v.name !== t.metadata.name);
      ps.volumes.push({ name: t.metadata.name!, persistentVolumeClaim: { claimName: `${t.metadata.name}-${name}` } } as never);
    }
    ctx.decide(`create pod ${name}`);
    const res = ctx.request({ verb: 'create', resource: 'pods', namespace: sts.metadata.namespace, body: pod });
    if (res.code >= 300) {
      this.cluster.events.record(sts, 'Warning', 'FailedCreate', `create Pod ${name} in StatefulSet ${sts.metadata.name} failed error: ${(res.body as { message?: string }).message}`, COMPONENT);
      return false;
    }
    this.cluster.events.record(sts, 'Normal', 'SuccessfulCreate', `create Pod ${name} in StatefulSet ${sts.metadata.name} successful`, COMPONENT);
    return true;
  }

  private deletePod(sts: KObject, p: KObject, ctx: ReconcileContext): void {
    ctx.decide(`delete pod ${p.metadata.name}`);
    const res = ctx.request({ verb: 'delete', resource: 'pods', namespace: p.metadata.namespace, name: p.metadata.name, query: { preconditions: { uid: p.metadata.uid } } });
    if (res.code < 300) this.cluster.events.record(sts, 'Normal', 'SuccessfulDelete', `delete Pod ${p.metadata.name} in StatefulSet ${sts.metadata.name} successful`, COMPONENT);
  }

  private updateStatus(sts: KObject, updateRevision: string, currentRevision: string, now: number, ctx: ReconcileContext): ReconcileResult | void {
    const latest = this.cluster.informers.for('statefulsets.apps').get(sts.metadata.namespace, sts.metadata.name!) ?? sts;
    const spec = latest.spec as StsSpec;
    const pods = podIndex(this.cluster).byOwner(sts.metadata.uid).filter((p) => !isTerminal(p) && ordinalOf(sts.metadata.name!, p.metadata.name!) !== undefined);
    const minReady = spec.minReadySeconds ?? 0;
    const replicas = pods.length;
    const ready = pods.filter(isPodReady).length;
    const available = pods.filter((p) => isPodAvailable(p, minReady, now)).length;
    const updated = pods.filter((p) => p.metadata.labels?.['controller-revision-hash'] === updateRevision).length;
    let current = pods.filter((p) => p.metadata.labels?.['controller-revision-hash'] === currentRevision).length;
    let cur = currentRevision;
    // once every wanted pod runs the update revision, it becomes the current one
    if (updated === (spec.replicas ?? 1) && ready === updated && replicas === updated) {
      cur = updateRevision;
      current = updated;
    }
    const prev = (latest.status ?? {}) as Record<string, unknown>;
    const status: Record<string, unknown> = {
      observedGeneration: latest.metadata.generation ?? 1,
      replicas,
      ...(ready ? { readyReplicas: ready } : {}),
      ...(current ? { currentReplicas: current } : {}),
      ...(updated ? { updatedReplicas: updated } : {}),
      currentRevision: cur,
      updateRevision,
      collisionCount: (prev.collisionCount as number | undefined) ?? 0,
      availableReplicas: available,
    };
    if (JSON.stringify(Object.entries(prev).sort()) !== JSON.stringify(Object.entries(status).sort())) {
      const body = clone(latest) as KObject;
      body.status = status;
      ctx.request({ verb: 'update', group: 'apps', resource: 'statefulsets', subresource: 'status', namespace: sts.metadata.namespace, name: sts.metadata.name, body });
    }
    let wait = 0;
    for (const p of pods) {
      const w = msUntilAvailable(p, minReady, now);
      if (w > 0 && (!wait || w < wait)) wait = w;
    }
    if (wait) return { requeueAfter: wait };
  }
}

export function statefulSetController(cluster: Cluster): StatefulSetReconciler {
  return new StatefulSetReconciler(cluster);
}

export { ownerRefTo };
