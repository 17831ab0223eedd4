/**
 * Defaulting as a Kubernetes 1.32 API server applies it to a freshly decoded object:
 * the generated defaulters of pkg/apis/<group>/<version>/defaults.go, v1 conversion quirks
 * (Secret stringData → data, serviceAccount mirroring serviceAccountName), the create-time
 * strategy fields users see (Pod/Service/PVC status, Namespace finalizers) and, for Pods only,
 * what the admission plugins add on create (ServiceAccount: serviceAccountName and the
 * kube-api-access-xxxxx projected volume; DefaultTolerationSeconds: the two NoExecute
 * tolerations; Priority: priority and preemptionPolicy).
 *
 * Pod-spec defaults also apply inside workload templates; admission additions do not.
 * Mutates `obj` in place; never throws on odd input (validation reports it).
 */
import type { KindInfo } from '../registry';
import type { KObject } from '../types';
import { pruneCustom, type JSONSchemaProps } from '../validation/custom';
import { parseQuantityFull } from '../validation/quantity';

type Obj = Record<string, unknown>;

export interface DefaultsContext {
  rng: { suffix(n?: number): string };
  /**
   * 'update' skips what only happens on create (admission additions, initial status).
   * Default: 'update' when the object already has a metadata.uid (the server assigns it on
   * create after defaulting), else 'create'.
   */
  operation?: 'create' | 'update';
}

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The object at obj[key], created as {} when absent. */
function child(obj: Obj, key: string): Obj {
  if (!isObj(obj[key])) obj[key] = {};
  return obj[key] as Obj;
}

function setIfMissing(obj: Obj, key: string, value: unknown): void {
  if (obj[key] === undefined || obj[key] === null || obj[key] === '') obj[key] = value;
}

function list(v: unknown): Obj[] {
  return Array.isArray(v) ? (v.filter(isObj) as Obj[]) : [];
}

export const SERVICE_ACCOUNT_MOUNT = '/var/run/secrets/kubernetes.io/serviceaccount';

/** parsers.ParseImageName's tag: `latest` when neither tag nor digest is given. */
export function imageTag(image: string): string | undefined {
  const at = image.indexOf('@');
  const name = at >= 0 ? image.slice(0, at) : image;
  const slash = name.lastIndexOf('/');
  const colon = name.lastIndexOf(':');
  if (colon > slash) return name.slice(colon + 1);
  return at >= 0 ? undefined : 'latest';
}

function defaultProbe(p: unknown): void {
  if (!isObj(p)) return;
  setIfMissing(p, 'timeoutSeconds', 1);
  setIfMissing(p, 'periodSeconds', 10);
  setIfMissing(p, 'successThreshold', 1);
  setIfMissing(p, 'failureThreshold', 3);
  if (isObj(p.httpGet)) {
    setIfMissing(p.httpGet, 'path', '/');
    setIfMissing(p.httpGet, 'scheme', 'HTTP');
  }
}

function defaultEnv(env: unknown): void {
  for (const e of list(env)) {
    const vf = e.valueFrom;
    if (!isObj(vf)) continue;
    if (isObj(vf.fieldRef)) setIfMissing(vf.fieldRef, 'apiVersion', 'v1');
    if (isObj(vf.resourceFieldRef)) setIfMissing(vf.resourceFieldRef, 'divisor', '0');
  }
}

function defaultContainer(c: Obj): void {
  if (c.imagePullPolicy === undefined || c.imagePullPolicy === '') {
    const tag = imageTag(typeof c.image === 'string' ? c.image : '');
    c.imagePullPolicy = tag === 'latest' ? 'Always' : 'IfNotPresent';
  }
  setIfMissing(c, 'terminationMessagePath', '/dev/termination-log');
  setIfMissing(c, 'terminationMessagePolicy', 'File');
  if (!isObj(c.resources)) c.resources = {};
  for (const p of list(c.ports)) setIfMissing(p, 'protocol', 'TCP');
  defaultProbe(c.livenessProbe);
  defaultProbe(c.readinessProbe);
  defaultProbe(c.startupProbe);
  defaultEnv(c.env);
}

const VOLUME_SOURCES = [
  'hostPath', 'emptyDir', 'gcePersistentDisk', 'awsElasticBlockStore', 'gitRepo', 'secret', 'nfs', 'iscsi', 'glusterfs',
  'persistentVolumeClaim', 'rbd', 'flexVolume', 'cinder', 'cephfs', 'flocker', 'downwardAPI', 'fc', 'azureFile', 'configMap',
  'vsphereVolume', 'quobyte', 'azureDisk', 'photonPersistentDisk', 'projected', 'portworxVolume', 'scaleIO', 'storageos', 'csi',
  'ephemeral', 'image',
];

function defaultVolume(v: Obj): void {
  if (!VOLUME_SOURCES.some((k) => v[k] !== undefined)) v.emptyDir = {};
  for (const k of ['secret', 'configMap', 'projected', 'downwardAPI']) if (isObj(v[k])) setIfMissing(v[k] as Obj, 'defaultMode', 420);
  if (isObj(v.hostPath) && v.hostPath.type === undefined) v.hostPath.type = '';
  if (isObj(v.downwardAPI))
    for (const it of list(v.downwardAPI.items)) if (isObj(it.fieldRef)) setIfMissing(it.fieldRef, 'apiVersion', 'v1');
  if (isObj(v.ephemeral) && isObj(v.ephemeral.volumeClaimTemplate)) {
    const vct = v.ephemeral.volumeClaimTemplate;
    if (isObj(vct.spec)) setIfMissing(vct.spec, 'volumeMode', 'Filesystem');
  }
}

/** SetDefaults_PodSpec and the per-container/volume defaulters: Pods and templates alike. */
export function defaultPodSpec(spec: Obj): void {
  setIfMissing(spec, 'dnsPolicy', 'ClusterFirst');
  setIfMissing(spec, 'restartPolicy', 'Always');
  if (!isObj(spec.securityContext)) spec.securityContext = {};
  if (typeof spec.terminationGracePeriodSeconds !== 'number') spec.terminationGracePeriodSeconds = 30;
  setIfMissing(spec, 'schedulerName', 'default-scheduler');
  for (const c of list(spec.containers)) defaultContainer(c);
  for (const c of list(spec.initContainers)) defaultContainer(c);
  for (const c of list(spec.ephemeralContainers)) defaultContainer(c);
  for (const v of list(spec.volumes)) defaultVolume(v);
  // v1 conversion keeps the deprecated serviceAccount field in step with serviceAccountName
  if (!spec.serviceAccountName && typeof spec.serviceAccount === 'string' && spec.serviceAccount) spec.serviceAccountName = spec.serviceAccount;
  if (typeof spec.serviceAccountName === 'string' && spec.serviceAccountName) spec.serviceAccount = spec.serviceAccountName;
}

function defaultPodTemplate(tpl: unknown): void {
  if (!isObj(tpl)) return;
  defaultPodSpec(child(tpl, 'spec'));
}

/** kube qos.GetPodQOS: Guaranteed, Burstable or BestEffort. */
export function podQOSClass(spec: Obj): 'Guaranteed' | 'Burstable' | 'BestEffort' {
  const containers = [...list(spec.containers), ...list(spec.initContainers)];
  let any = false;
  let guaranteed = true;
  for (const c of containers) {
    const r = isObj(c.resources) ? c.resources : {};
    const req = isObj(r.requests) ? r.requests : {};
    const lim = isObj(r.limits) ? r.limits : {};
    const val = (q: unknown) => {
      try {
        return parseQuantityFull(q as string).value;
      } catch {
        return 0;
      }
    };
    for (const k of ['cpu', 'memory']) {
      if (k in req && val(req[k]) !== 0) any = true;
      if (k in lim && val(lim[k]) !== 0) any = true;
      if (!(k in lim) || !(k in req) || val(req[k]) !== val(lim[k])) guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

function defaultPod(obj: KObject, ctx: DefaultsContext): void {
  const spec = child(obj, 'spec');
  // SetDefaults_Pod: requests default to limits (Pods only, not templates)
  for (const c of [...list(spec.containers), ...list(spec.initContainers)]) {
    const r = isObj(c.resources) ? c.resources : undefined;
    if (r && isObj(r.limits)) {
      const req = child(r, 'requests');
      for (const [k, v] of Object.entries(r.limits)) if (!(k in req)) req[k] = v;
    }
  }
  if (typeof spec.enableServiceLinks !== 'boolean') spec.enableServiceLinks = true;
  // defaultHostNetworkPorts: with the host's network a container port is a host port
  if (spec.hostNetwork === true)
    for (const c of [...list(spec.containers), ...list(spec.initContainers)])
      for (const p of list(c.ports)) if (!p.hostPort) p.hostPort = p.containerPort;
  defaultPodSpec(spec);
  if (ctx.operation === 'update') return;
  // --- admission plugins, create only ---
  // ServiceAccount
  setIfMissing(spec, 'serviceAccountName', 'default');
  spec.serviceAccount = spec.serviceAccountName;
  const volumes = list(spec.volumes);
  const hasTokenMount = [...list(spec.containers), ...list(spec.initContainers)].some((c) =>
    list(c.volumeMounts).some((m) => m.mountPath === SERVICE_ACCOUNT_MOUNT),
  );
  if (spec.automountServiceAccountToken !== false && !hasTokenMount && !volumes.some((v) => String(v.name).startsWith('kube-api-access-'))) {
    const name = `kube-api-access-${ctx.rng.suffix(5)}`;
    const vol = {
      name,
      projected: {
        sources: [
          { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
          { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
          { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
        ],
        defaultMode: 420,
      },
    };
    spec.volumes = [...(Array.isArray(spec.volumes) ? spec.volumes : []), vol];
    for (const c of [...list(spec.containers), ...list(spec.initContainers)]) {
      const mounts = Array.isArray(c.volumeMounts) ? c.volumeMounts : [];
      c.volumeMounts = [...mounts, { name, readOnly: true, mountPath: SERVICE_ACCOUNT_MOUNT }];
    }
  }
  // DefaultTolerationSeconds
  const tols = Array.isArray(spec.tolerations) ? (spec.tolerations as Obj[]) : [];
  const tolerates = (key: string) =>
    tols.some((t) => isObj(t) && (t.operator === 'Exists' && !t.key ? true : t.key === key) && (!t.effect || t.effect === 'NoExecute'));
  const add: Obj[] = [];
  for (const key of ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable'])
    if (!tolerates(key)) add.push({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 });
  if (add.length) spec.tolerations = [...tols, ...add];
  // Priority
  if (typeof spec.priority !== 'number') spec.priority = 0;
  setIfMissing(spec, 'preemptionPolicy', 'PreemptLowerPriority');
  // the registry's PrepareForCreate resets status
  obj.status = { phase: 'Pending', qosClass: podQOSClass(spec) };
}

function defaultDeployment(obj: KObject): void {
  const spec = child(obj, 'spec');
  if (typeof spec.replicas !== 'number') spec.replicas = 1;
  const st = child(spec, 'strategy');
  setIfMissing(st, 'type', 'RollingUpdate');
  if (st.type === 'RollingUpdate') {
    const ru = child(st, 'rollingUpdate');
    if (ru.maxUnavailable === undefined || ru.maxUnavailable === null) ru.maxUnavailable = '25%';
    if (ru.maxSurge === undefined || ru.maxSurge === null) ru.maxSurge = '25%';
  }
  if (typeof spec.revisionHistoryLimit !== 'number') spec.revisionHistoryLimit = 10;
  if (typeof spec.progressDeadlineSeconds !== 'number') spec.progressDeadlineSeconds = 600;
  defaultPodTemplate(spec.template);
}

function defaultReplicaSet(obj: KObject): void {
  const spec = child(obj, 'spec');
  if (typeof spec.replicas !== 'number') spec.replicas = 1;
  defaultPodTemplate(spec.template);
}

function defaultPVCSpec(spec: Obj): void {
  setIfMissing(spec, 'volumeMode', 'Filesystem');
}

function defaultStatefulSet(obj: KObject): void {
  const spec = child(obj, 'spec');
  setIfMissing(spec, 'podManagementPolicy', 'OrderedReady');
  const us = child(spec, 'updateStrategy');
  if (!us.type) {
    us.type = 'RollingUpdate';
    if (!isObj(us.rollingUpdate)) us.rollingUpdate = {};
  }
  if (us.type === 'RollingUpdate' && isObj(us.rollingUpdate) && typeof us.rollingUpdate.partition !== 'number') us.rollingUpdate.partition = 0;
  const ret = child(spec, 'persistentVolumeClaimRetentionPolicy');
  setIfMissing(ret, 'whenDeleted', 'Retain');
  setIfMissing(ret, 'whenScaled', 'Retain');
  if (typeof spec.replicas !== 'number') spec.replicas = 1;
  if (typeof spec.revisionHistoryLimit !== 'number') spec.revisionHistoryLimit = 10;
  defaultPodTemplate(spec.template);
  for (const t of list(spec.volumeClaimTemplates)) {
    setIfMissing(t, 'apiVersion', 'v1');
    setIfMissing(t, 'kind', 'PersistentVolumeClaim');
    defaultPVCSpec(child(t, 'spec'));
    const st = child(t, 'status');
    setIfMissing(st, 'phase', 'Pending');
  }
}

function defaultDaemonSet(obj: KObject): void {
  const spec = child(obj, 'spec');
  const us = child(spec, 'updateStrategy');
  setIfMissing(us, 'type', 'RollingUpdate');
  if (us.type === 'RollingUpdate') {
    const ru = child(us, 'rollingUpdate');
    if (ru.maxUnavailable === undefined || ru.maxUnavailable === null) ru.maxUnavailable = 1;
    if (ru.maxSurge === undefined || ru.maxSurge === null) ru.maxSurge = 0;
  }
  if (typeof spec.revisionHistoryLimit !== 'number') spec.revisionHistoryLimit = 10;
  defaultPodTemplate(spec.template);
}

function defaultJob(obj: KObject): void {
  const spec = child(obj, 'spec');
  if (typeof spec.completions !== 'number' && typeof spec.parallelism !== 'number') {
    spec.completions = 1;
    spec.parallelism = 1;
  }
  if (typeof spec.parallelism !== 'number') spec.parallelism = 1;
  if (typeof spec.backoffLimit !== 'number') spec.backoffLimit = typeof spec.backoffLimitPerIndex === 'number' ? 2147483647 : 6;
  const tpl = isObj(spec.template) ? spec.template : undefined;
  const tlabels = tpl && isObj(tpl.metadata) && isObj(tpl.metadata.labels) ? tpl.metadata.labels : undefined;
  const meta = child(obj as unknown as Obj, 'metadata');
  if (tlabels && (!isObj(meta.labels) || Object.keys(meta.labels).length === 0)) meta.labels = { ...tlabels };
  setIfMissing(spec, 'completionMode', 'NonIndexed');
  if (typeof spec.suspend !== 'boolean') spec.suspend = false;
  if (isObj(spec.podFailurePolicy))
    for (const r of list(spec.podFailurePolicy.rules)) for (const c of list(r.onPodConditions)) setIfMissing(c, 'status', 'True');
  setIfMissing(spec, 'podReplacementPolicy', isObj(spec.podFailurePolicy) ? 'Failed' : 'TerminatingOrFailed');
  defaultPodTemplate(spec.template);
}

function defaultCronJob(obj: KObject): void {
  const spec = child(obj, 'spec');
  setIfMissing(spec, 'concurrencyPolicy', 'Allow');
  if (typeof spec.suspend !== 'boolean') spec.suspend = false;
  if (typeof spec.successfulJobsHistoryLimit !== 'number') spec.successfulJobsHistoryLimit = 3;
  if (typeof spec.failedJobsHistoryLimit !== 'number') spec.failedJobsHistoryLimit = 1;
  const jt = isObj(spec.jobTemplate) ? spec.jobTemplate : undefined;
  if (jt && isObj(jt.spec)) defaultPodTemplate(jt.spec.template);
}

function defaultService(obj: KObject, ctx: DefaultsContext): void {
  const spec = child(obj, 'spec');
  setIfMissing(spec, 'sessionAffinity', 'None');
  if (spec.sessionAffinity === 'None') delete spec.sessionAffinityConfig;
  setIfMissing(spec, 'type', 'ClusterIP');
  for (const p of list(spec.ports)) {
    setIfMissing(p, 'protocol', 'TCP');
    if (p.targetPort === undefined || p.targetPort === null || p.targetPort === 0 || p.targetPort === '') p.targetPort = p.port;
  }
  const externallyAccessible =
    spec.type === 'LoadBalancer' || spec.type === 'NodePort' || (spec.type === 'ClusterIP' && Array.isArray(spec.externalIPs) && spec.externalIPs.length > 0);
  if (externallyAccessible) setIfMissing(spec, 'externalTrafficPolicy', 'Cluster');
  if (spec.internalTrafficPolicy === undefined && spec.type !== 'ExternalName') spec.internalTrafficPolicy = 'Cluster';
  if (spec.type === 'LoadBalancer' && typeof spec.allocateLoadBalancerNodePorts !== 'boolean') spec.allocateLoadBalancerNodePorts = true;
  if (spec.type !== 'ExternalName') {
    if (!Array.isArray(spec.ipFamilies) || spec.ipFamilies.length === 0) spec.ipFamilies = ['IPv4'];
    setIfMissing(spec, 'ipFamilyPolicy', 'SingleStack');
  }
  if (ctx.operation !== 'update') obj.status = { loadBalancer: {} };
}

/** utf-8 → base64 without Node's Buffer (the engine runs in a Web Worker). */
export function base64Encode(s: string): string {
  const bytes = new TextEncoder().encode(s);
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin);
}

function defaultSecret(obj: KObject): void {
  setIfMissing(obj as unknown as Obj, 'type', 'Opaque');
  // v1 → internal conversion: stringData overwrites data and is not stored
  if (isObj(obj.stringData)) {
    const data = child(obj as unknown as Obj, 'data');
    for (const [k, v] of Object.entries(obj.stringData)) data[k] = base64Encode(typeof v === 'string' ? v : String(v));
    delete obj.stringData;
  }
}

function defaultNamespace(obj: KObject, ctx: DefaultsContext): void {
  const meta = child(obj as unknown as Obj, 'metadata');
  if (typeof meta.name === 'string' && meta.name) {
    const labels = child(meta, 'labels');
    labels['kubernetes.io/metadata.name'] = meta.name;
  }
  if (ctx.operation !== 'update') {
    const spec = child(obj, 'spec');
    spec.finalizers = ['kubernetes'];
    obj.status = { phase: 'Active' };
  } else {
    const st = child(obj, 'status');
    setIfMissing(st, 'phase', 'Active');
  }
}

function defaultPVC(obj: KObject, ctx: DefaultsContext): void {
  defaultPVCSpec(child(obj, 'spec'));
  if (ctx.operation !== 'update') obj.status = { phase: 'Pending' };
}

function defaultPV(obj: KObject, ctx: DefaultsContext): void {
  const spec = child(obj, 'spec');
  setIfMissing(spec, 'persistentVolumeReclaimPolicy', 'Retain');
  setIfMissing(spec, 'volumeMode', 'Filesystem');
  if (isObj(spec.hostPath) && spec.hostPath.type === undefined) spec.hostPath.type = '';
  if (ctx.operation !== 'update') obj.status = { phase: 'Pending' };
}

function defaultLimitRange(obj: KObject): void {
  const spec = child(obj, 'spec');
  for (const item of list(spec.limits)) {
    if (item.type !== 'Container') continue;
    const def = child(item, 'default');
    const defReq = child(item, 'defaultRequest');
    for (const [k, v] of Object.entries(isObj(item.max) ? item.max : {})) if (!(k in def)) def[k] = v;
    for (const [k, v] of Object.entries(def)) if (!(k in defReq)) defReq[k] = v;
    for (const [k, v] of Object.entries(isObj(item.min) ? item.min : {})) if (!(k in defReq)) defReq[k] = v;
  }
}

const HPA_SCALE_UP = {
  stabilizationWindowSeconds: 0,
  selectPolicy: 'Max',
  policies: [
    { type: 'Pods', value: 4, periodSeconds: 15 },
    { type: 'Percent', value: 100, periodSeconds: 15 },
  ],
};
// no stabilizationWindowSeconds: the controller's --horizontal-pod-autoscaler-downscale-stabilization (300s) applies
const HPA_SCALE_DOWN = {
  selectPolicy: 'Max',
  policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }],
};

function scalingRules(from: unknown, defaults: Obj): Obj {
  const to = structuredClone(defaults);
  if (!isObj(from)) return to;
  if (from.selectPolicy !== undefined) to.selectPolicy = from.selectPolicy;
  if (from.stabilizationWindowSeconds !== undefined) to.stabilizationWindowSeconds = from.stabilizationWindowSeconds;
  if (from.policies !== undefined) to.policies = from.policies;
  return to;
}

function defaultHPA(obj: KObject): void {
  const spec = child(obj, 'spec');
  if (typeof spec.minReplicas !== 'number') spec.minReplicas = 1;
  if (!Array.isArray(spec.metrics) || spec.metrics.length === 0)
    spec.metrics = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }];
  if (isObj(spec.behavior)) {
    spec.behavior.scaleUp = scalingRules(spec.behavior.scaleUp, HPA_SCALE_UP);
    spec.behavior.scaleDown = scalingRules(spec.behavior.scaleDown, HPA_SCALE_DOWN);
  }
}

function defaultReplicationController(obj: KObject): void {
  const spec = child(obj, 'spec');
  const tpl = isObj(spec.template) ? spec.template : undefined;
  const tlabels = tpl && isObj(tpl.metadata) && isObj(tpl.metadata.labels) ? tpl.metadata.labels : undefined;
  if (tlabels) {
    if (!isObj(spec.selector) || Object.keys(spec.selector).length === 0) spec.selector = { ...tlabels };
    const meta = child(obj as unknown as Obj, 'metadata');
    if (!isObj(meta.labels) || Object.keys(meta.labels).length === 0) meta.labels = { ...tlabels };
  }
  if (typeof spec.replicas !== 'number') spec.replicas = 1;
  defaultPodTemplate(spec.template);
}

function defaultSubjects(obj: KObject): void {
  for (const s of list(obj.subjects)) {
    if (s.apiGroup !== undefined && s.apiGroup !== '') continue;
    if (s.kind === 'User' || s.kind === 'Group') s.apiGroup = 'rbac.authorization.k8s.io';
    else if (s.kind === 'ServiceAccount') delete s.apiGroup;
  }
}

function defaultNetworkPolicy(obj: KObject): void {
  const spec = child(obj, 'spec');
  for (const dir of ['ingress', 'egress']) for (const r of list(spec[dir])) for (const p of list(r.ports)) setIfMissing(p, 'protocol', 'TCP');
  if (!Array.isArray(spec.policyTypes) || spec.policyTypes.length === 0) {
    spec.policyTypes = ['Ingress'];
    if (Array.isArray(spec.egress) && spec.egress.length > 0) (spec.policyTypes as string[]).push('Egress');
  }
}

function defaultCRD(obj: KObject): void {
  const spec = child(obj, 'spec');
  const names = child(spec, 'names');
  if (typeof names.kind === 'string' && names.kind) {
    setIfMissing(names, 'listKind', `${names.kind}List`);
    setIfMissing(names, 'singular', names.kind.toLowerCase());
  }
  if (!isObj(spec.conversion)) spec.conversion = { strategy: 'None' };
  const conv = spec.conversion as Obj;
  if (isObj(conv.webhook) && isObj(conv.webhook.clientConfig) && isObj(conv.webhook.clientConfig.service))
    setIfMissing(conv.webhook.clientConfig.service, 'port', 443);
}

/** Structural-schema defaulting of custom resources: `default:` values, applied top-down. */
export function defaultCustom(schema: JSONSchemaProps | undefined, value: unknown): void {
  if (!schema) return;
  if (isObj(value)) {
    for (const [k, s] of Object.entries(schema.properties ?? {})) {
      if (value[k] === undefined && s.default !== undefined) value[k] = structuredClone(s.default);
      if (value[k] !== undefined) defaultCustom(s, value[k]);
    }
    if (isObj(schema.additionalProperties))
      for (const k of Object.keys(value)) if (!(k in (schema.properties ?? {}))) defaultCustom(schema.additionalProperties, value[k]);
  } else if (Array.isArray(value) && schema.items) {
    for (const x of value) defaultCustom(schema.items, x);
  }
}

function defaultEndpoints(obj: KObject): void {
  for (const s of list(obj.subsets)) for (const p of list(s.ports)) setIfMissing(p, 'protocol', 'TCP');
}

function defaultEndpointSlice(obj: KObject): void {
  for (const p of list(obj.ports)) {
    setIfMissing(p, 'protocol', 'TCP');
    if (p.name === undefined) p.name = '';
  }
}

type Defaulter = (obj: KObject, ctx: DefaultsContext) => void;

const DEFAULTERS: Record<string, Defaulter> = {
  '/Pod': defaultPod,
  '/PodTemplate': (o) => defaultPodTemplate(o.template),
  '/ReplicationController': defaultReplicationController,
  '/Service': defaultService,
  '/Secret': defaultSecret,
  '/Namespace': defaultNamespace,
  '/PersistentVolumeClaim': defaultPVC,
  '/PersistentVolume': defaultPV,
  '/LimitRange': defaultLimitRange,
  '/Endpoints': defaultEndpoints,
  'discovery.k8s.io/EndpointSlice': defaultEndpointSlice,
  'apps/Deployment': defaultDeployment,
  'apps/ReplicaSet': defaultReplicaSet,
  'apps/StatefulSet': defaultStatefulSet,
  'apps/DaemonSet': defaultDaemonSet,
  'batch/Job': defaultJob,
  'batch/CronJob': defaultCronJob,
  'autoscaling/HorizontalPodAutoscaler': defaultHPA,
  'networking.k8s.io/NetworkPolicy': defaultNetworkPolicy,
  'rbac.authorization.k8s.io/RoleBinding': defaultSubjects,
  'rbac.authorization.k8s.io/ClusterRoleBinding': defaultSubjects,
  'scheduling.k8s.io/PriorityClass': (o) => setIfMissing(o as unknown as Obj, 'preemptionPolicy', 'PreemptLowerPriority'),
  'storage.k8s.io/StorageClass': (o) => {
    setIfMissing(o as unknown as Obj, 'reclaimPolicy', 'Delete');
    setIfMissing(o as unknown as Obj, 'volumeBindingMode', 'Immediate');
  },
  'apiextensions.k8s.io/CustomResourceDefinition': defaultCRD,
};

/**
 * Fills the defaults a 1.32 API server fills. Custom resources: pruning of undeclared
 * fields, then the schema's `default:` values.
 */
export function applyDefaults(info: KindInfo, obj: KObject, ctx: DefaultsContext): void {
  if (!isObj(obj)) return;
  if (info.crd) {
    pruneCustom(info, obj);
    defaultCustom(info.schema as JSONSchemaProps | undefined, obj);
    return;
  }
  const d = DEFAULTERS[`${info.group}/${info.kind}`];
  const operation = ctx.operation ?? (isObj(obj.metadata) && obj.metadata.uid ? 'update' : 'create');
  if (d) d(obj, { ...ctx, operation });
}

/**
 * What the Service strategy's PrepareForUpdate keeps from the stored object when an update
 * leaves it out (clusterIP/clusterIPs, nodePorts, healthCheckNodePort), so a re-applied
 * manifest without them is not a change.
 */
export function prepareForUpdate(info: KindInfo, obj: KObject, old: KObject): void {
  if (info.group !== '' || info.kind !== 'Service') return;
  const spec = isObj(obj.spec) ? obj.spec : undefined;
  const os = isObj(old.spec) ? old.spec : undefined;
  if (!spec || !os) return;
  const sameType = (spec.type ?? 'ClusterIP') === (os.type ?? 'ClusterIP') || (spec.type !== 'ExternalName' && os.type !== 'ExternalName');
  if (!sameType) return;
  if (spec.type !== 'ExternalName') {
    if (spec.clusterIP === undefined || spec.clusterIP === '') {
      if (os.clusterIP !== undefined) spec.clusterIP = os.clusterIP;
      if (os.clusterIPs !== undefined) spec.clusterIPs = structuredClone(os.clusterIPs);
    } else if (spec.clusterIPs === undefined && os.clusterIPs !== undefined && spec.clusterIP === os.clusterIP) {
      spec.clusterIPs = structuredClone(os.clusterIPs);
    }
  }
  if (spec.type === 'NodePort' || spec.type === 'LoadBalancer') {
    const oldPorts = list(os.ports);
    for (const p of list(spec.ports)) {
      if (p.nodePort !== undefined && p.nodePort !== 0) continue;
      const match = oldPorts.find((o) => o.port === p.port && (o.protocol ?? 'TCP') === (p.protocol ?? 'TCP'));
      if (match && typeof match.nodePort === 'number') p.nodePort = match.nodePort;
    }
    if (spec.healthCheckNodePort === undefined && os.healthCheckNodePort !== undefined) spec.healthCheckNodePort = os.healthCheckNodePort;
  }
}
