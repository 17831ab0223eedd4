/**
 * One resource, two served versions: requests to an older version (autoscaling/v1
 * HorizontalPodAutoscalers, which `kubectl autoscale` posts) are converted to the stored
 * version (autoscaling/v2), served there, and the answers converted back — as
 * kube-apiserver converts through its internal version.
 *
 * v1 has no room for v2's metrics other than CPU utilization, its behavior or its status
 * conditions; the conversion keeps them in `autoscaling.alpha.kubernetes.io/*` annotations,
 * as Kubernetes does, so that a round trip through v1 loses nothing.
 */
import { clone } from './objects';
import { jsonPatch, mergePatch, strategicMergePatch } from './patch';
import type { KindInfo } from './registry';
import { apiVersionOf } from './registry';
import { fail, type ApiServer } from './server';
import { badRequest, methodNotSupported } from './errors';
import type { ApiRequest, ApiResponse, KList, KObject, WatchEvent, WatchHandle } from './types';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

interface Conversion {
  /** stored version → served version */
  toServed(o: KObject): KObject;
  /** served version → stored version */
  toStored(o: KObject): KObject;
}

const ANN = {
  metrics: 'autoscaling.alpha.kubernetes.io/metrics',
  behavior: 'autoscaling.alpha.kubernetes.io/behavior',
  conditions: 'autoscaling.alpha.kubernetes.io/conditions',
  currentMetrics: 'autoscaling.alpha.kubernetes.io/current-metrics',
};

const isCpuUtilization = (m: Json) => m?.type === 'Resource' && m.resource?.name === 'cpu' && m.resource?.target?.type === 'Utilization';

function withoutEmpty(o: Json): Json {
  for (const k of Object.keys(o)) if (o[k] === undefined) delete o[k];
  return o;
}

const hpaV1: Conversion = {
  toServed(stored) {
    const o = clone(stored) as Json;
    const spec: Json = o.spec ?? {};
    const status: Json | undefined = o.status;
    const annotations: Record<string, string> = { ...(o.metadata.annotations ?? {}) };
    const metrics: Json[] = spec.metrics ?? [];
    const cpu = metrics.find(isCpuUtilization);
    const others = metrics.filter((m) => m !== cpu);
    if (others.length) annotations[ANN.metrics] = JSON.stringify(others);
    if (spec.behavior) annotations[ANN.behavior] = JSON.stringify(spec.behavior);
    let v1Status: Json | undefined;
    if (status) {
      const current: Json[] = status.currentMetrics ?? [];
      const currentCpu = current.find((m) => m?.type === 'Resource' && m.resource?.name === 'cpu');
      const otherCurrent = current.filter((m) => m !== currentCpu);
      if (status.conditions?.length) annotations[ANN.conditions] = JSON.stringify(status.conditions);
      if (otherCurrent.length) annotations[ANN.currentMetrics] = JSON.stringify(otherCurrent);
      v1Status = withoutEmpty({
        observedGeneration: status.observedGeneration,
        lastScaleTime: status.lastScaleTime,
        currentReplicas: status.currentReplicas ?? 0,
        desiredReplicas: status.desiredReplicas ?? 0,
        currentCPUUtilizationPercentage: currentCpu?.resource?.current?.averageUtilization,
      });
    }
    return {
      ...o,
      apiVersion: 'autoscaling/v1',
      metadata: { ...o.metadata, ...(Object.keys(annotations).length ? { annotations } : {}) },
      spec: withoutEmpty({
        scaleTargetRef: spec.scaleTargetRef,
        minReplicas: spec.minReplicas,
        maxReplicas: spec.maxReplicas,
        targetCPUUtilizationPercentage: cpu?.resource?.target?.averageUtilization,
      }),
      ...(v1Status ? { status: v1Status } : {}),
    } as unknown as KObject;
  },
  toStored(served) {
    const o = clone(served) as Json;
    const spec: Json = o.spec ?? {};
    const annotations: Record<string, string> = { ...(o.metadata?.annotations ?? {}) };
    const take = (key: string): unknown => {
      const text = annotations[key];
      delete annotations[key];
      if (text === undefined) return undefined;
      try {
        return JSON.parse(text);
      } catch {
        return undefined;
      }
    };
    const otherMetrics = (take(ANN.metrics) as Json[] | undefined) ?? [];
    const behavior = take(ANN.behavior);
    const conditions = take(ANN.conditions);
    const currentMetrics = (take(ANN.currentMetrics) as Json[] | undefined) ?? [];
    const target = spec.targetCPUUtilizationPercentage;
    const metrics = [
      ...(typeof target === 'number' ? [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: target } } }] : []),
      ...otherMetrics,
    ];
    const status: Json | undefined = o.status;
    let v2Status: Json | undefined;
    if (status) {
      const cpuNow = status.currentCPUUtilizationPercentage;
      const current = [...(typeof cpuNow === 'number' ? [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: cpuNow } } }] : []), ...currentMetrics];
      v2Status = withoutEmpty({
        observedGeneration: status.observedGeneration,
        lastScaleTime: status.lastScaleTime,
        currentReplicas: status.currentReplicas,
        desiredReplicas: status.desiredReplicas,
        currentMetrics: current.length ? current : undefined,
        conditions: conditions ?? undefined,
      });
    }
    const metadata = { ...(o.metadata ?? {}) };
    if (Object.keys(annotations).length) metadata.annotations = annotations;
    else delete metadata.annotations;
    return {
      ...o,
      apiVersion: 'autoscaling/v2',
      metadata,
      spec: withoutEmpty({
        scaleTargetRef: spec.scaleTargetRef,
        minReplicas: spec.minReplicas,
        maxReplicas: spec.maxReplicas,
        metrics: metrics.length ? metrics : undefined,
        behavior: behavior ?? undefined,
      }),
      ...(v2Status ? { status: v2Status } : {}),
    } as unknown as KObject;
  },
};

const CONVERSIONS: Record<string, Conversion> = {
  'autoscaling/HorizontalPodAutoscaler/v1': hpaV1,
};

function conversionOf(info: KindInfo): Conversion | undefined {
  return CONVERSIONS[`${info.group}/${info.kind}/${info.version}`];
}

function storedInfo(api: ApiServer, info: KindInfo): KindInfo | undefined {
  return api.kinds.resource(info.group, info.storageVersion, info.plural);
}

function answer(res: ApiResponse, info: KindInfo, conv: Conversion): ApiResponse {
  const body = res.body as KObject | KList | undefined;
  if (!body || res.code >= 300 || body.kind === 'Status' || body.kind === 'Table' || body.kind === 'Scale') return res;
  if (Array.isArray((body as KList).items))
    return { ...res, body: { ...(body as KList), apiVersion: apiVersionOf(info), kind: info.listKind, items: (body as KList).items.map((i) => conv.toServed(i)) } };
  return { ...res, body: conv.toServed(body as KObject) };
}

/** Serves a request to a converted version through its stored version. */
export function serveConverted(api: ApiServer, info: KindInfo, req: ApiRequest): ApiResponse {
  const conv = conversionOf(info);
  const stored = storedInfo(api, info);
  if (!conv || !stored) return fail(methodNotSupported(info.plural, info.group, String(req.verb)));
  const toStored: ApiRequest = { ...req, version: stored.version };
  switch (req.verb) {
    case 'create':
    case 'update':
      return answer(api.request({ ...toStored, body: req.body && typeof req.body === 'object' ? conv.toStored(req.body as KObject) : req.body }), info, conv);
    case 'patch': {
      if (req.subresource === 'scale') return api.request(toStored);
      if (req.patchType === 'apply') return fail(methodNotSupported(info.plural, info.group, 'apply'));
      // patch the served form, then store its conversion
      const current = api.request({ ...toStored, verb: 'get', subresource: undefined, body: undefined });
      if (current.code >= 300) return current;
      const served = conv.toServed(current.body as KObject);
      let patched: unknown;
      try {
        patched = req.patchType === 'json' ? jsonPatch(served, req.body) : req.patchType === 'merge' ? mergePatch(served, req.body) : strategicMergePatch(served, req.body);
      } catch (e) {
        return fail(badRequest(e instanceof Error ? e.message : String(e)));
      }
      return answer(api.request({ ...toStored, verb: 'update', patchType: undefined, body: conv.toStored(patched as KObject) }), info, conv);
    }
    default:
      return answer(api.request(toStored), info, conv);
  }
}

/** Watches a converted version: the stored version's events, converted. */
export function watchConverted(api: ApiServer, info: KindInfo, req: ApiRequest, onEvent: (e: WatchEvent) => void): WatchHandle {
  const conv = conversionOf(info);
  const stored = storedInfo(api, info);
  return api.watch({ ...req, version: stored?.version ?? req.version }, (e) => {
    const o = e.object as KObject | undefined;
    onEvent(conv && o && (e.type === 'ADDED' || e.type === 'MODIFIED' || e.type === 'DELETED') ? { ...e, object: conv.toServed(o) } : e);
  });
}
