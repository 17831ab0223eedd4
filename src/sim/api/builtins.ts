/**
 * The built-in kinds of a Kubernetes 1.32 cluster that the sandbox serves, with the
 * names, short names and categories `kubectl api-resources` shows.
 */
import type { KindInfo } from './registry';

const RW = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

interface Spec {
  kind: string;
  plural?: string;
  short?: string[];
  namespaced?: boolean;
  all?: boolean;
  status?: boolean;
  scale?: boolean;
  generation?: boolean;
  other?: string[];
  verbs?: string[];
  specFields?: string[];
  storageVersion?: string;
}

function kinds(group: string, version: string, specs: Spec[]): KindInfo[] {
  return specs.map((s) => ({
    group,
    version,
    kind: s.kind,
    listKind: `${s.kind}List`,
    plural: s.plural ?? `${s.kind.toLowerCase()}s`,
    singular: s.kind.toLowerCase(),
    shortNames: s.short ?? [],
    categories: s.all ? ['all'] : [],
    namespaced: s.namespaced ?? true,
    verbs: s.verbs ?? RW,
    subresources: {
      ...(s.status ? { status: true } : {}),
      ...(s.scale
        ? { scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas', labelSelectorPath: '.status.selector' } }
        : {}),
      ...(s.other ? { other: s.other } : {}),
    },
    generation: s.generation ?? false,
    strategicMerge: true,
    specFields: s.specFields,
    ...(s.storageVersion ? { storageVersion: s.storageVersion } : {}),
  }));
}

export const BUILTIN_KINDS: KindInfo[] = [
  ...kinds('', 'v1', [
    { kind: 'Binding', verbs: ['create'] },
    { kind: 'ComponentStatus', plural: 'componentstatuses', short: ['cs'], namespaced: false, verbs: ['get', 'list'] },
    { kind: 'ConfigMap', short: ['cm'], specFields: ['data', 'binaryData', 'immutable'] },
    { kind: 'Endpoints', plural: 'endpoints', short: ['ep'], specFields: ['subsets'] },
    { kind: 'Event', short: ['ev'] },
    { kind: 'LimitRange', short: ['limits'], generation: false },
    { kind: 'Namespace', short: ['ns'], namespaced: false, status: true, other: ['finalize'] },
    { kind: 'Node', short: ['no'], namespaced: false, status: true, other: ['proxy'] },
    { kind: 'PersistentVolumeClaim', short: ['pvc'], status: true },
    { kind: 'PersistentVolume', short: ['pv'], namespaced: false, status: true },
    {
      kind: 'Pod',
      short: ['po'],
      all: true,
      status: true,
      other: ['attach', 'binding', 'eviction', 'exec', 'log', 'portforward', 'proxy', 'ephemeralcontainers', 'resize'],
    },
    { kind: 'PodTemplate', specFields: ['template'] },
    { kind: 'ReplicationController', short: ['rc'], all: true, status: true, scale: true, generation: true },
    { kind: 'ResourceQuota', short: ['quota'], status: true },
    { kind: 'Secret', specFields: ['data', 'stringData', 'type', 'immutable'] },
    { kind: 'ServiceAccount', short: ['sa'], other: ['token'], specFields: ['secrets', 'imagePullSecrets', 'automountServiceAccountToken'] },
    { kind: 'Service', short: ['svc'], all: true, status: true, other: ['proxy'] },
  ]),
  ...kinds('apps', 'v1', [
    { kind: 'ControllerRevision', specFields: ['data', 'revision'] },
    { kind: 'DaemonSet', short: ['ds'], all: true, status: true, generation: true },
    { kind: 'Deployment', short: ['deploy'], all: true, status: true, scale: true, generation: true },
    { kind: 'ReplicaSet', short: ['rs'], all: true, status: true, scale: true, generation: true },
    { kind: 'StatefulSet', short: ['sts'], all: true, status: true, scale: true, generation: true },
  ]),
  ...kinds('authentication.k8s.io', 'v1', [
    { kind: 'SelfSubjectReview', namespaced: false, verbs: ['create'] },
  ]),
  ...kinds('authorization.k8s.io', 'v1', [
    { kind: 'LocalSubjectAccessReview', verbs: ['create'] },
    { kind: 'SelfSubjectAccessReview', namespaced: false, verbs: ['create'] },
    { kind: 'SubjectAccessReview', namespaced: false, verbs: ['create'] },
  ]),
  ...kinds('autoscaling', 'v2', [{ kind: 'HorizontalPodAutoscaler', short: ['hpa'], all: true, status: true, generation: true }]),
  ...kinds('autoscaling', 'v1', [{ kind: 'HorizontalPodAutoscaler', short: ['hpa'], status: true, generation: true, storageVersion: 'v2' }]),
  ...kinds('batch', 'v1', [
    { kind: 'CronJob', short: ['cj'], all: true, status: true, generation: true },
    { kind: 'Job', all: true, status: true, generation: true },
  ]),
  ...kinds('coordination.k8s.io', 'v1', [{ kind: 'Lease' }]),
  ...kinds('discovery.k8s.io', 'v1', [{ kind: 'EndpointSlice', specFields: ['addressType', 'endpoints', 'ports'] }]),
  ...kinds('events.k8s.io', 'v1', [{ kind: 'Event', short: ['ev'] }]),
  ...kinds('networking.k8s.io', 'v1', [
    { kind: 'IngressClass', plural: 'ingressclasses', namespaced: false, generation: true },
    { kind: 'Ingress', plural: 'ingresses', short: ['ing'], status: true, generation: true },
    { kind: 'NetworkPolicy', plural: 'networkpolicies', short: ['netpol'], generation: true },
  ]),
  ...kinds('policy', 'v1', [{ kind: 'PodDisruptionBudget', short: ['pdb'], status: true, generation: true }]),
  ...kinds('rbac.authorization.k8s.io', 'v1', [
    { kind: 'ClusterRoleBinding', namespaced: false, specFields: ['roleRef', 'subjects'] },
    { kind: 'ClusterRole', namespaced: false, specFields: ['rules', 'aggregationRule'] },
    { kind: 'RoleBinding', specFields: ['roleRef', 'subjects'] },
    { kind: 'Role', specFields: ['rules'] },
  ]),
  ...kinds('scheduling.k8s.io', 'v1', [
    { kind: 'PriorityClass', plural: 'priorityclasses', short: ['pc'], namespaced: false, specFields: ['value', 'globalDefault', 'description', 'preemptionPolicy'] },
  ]),
  ...kinds('storage.k8s.io', 'v1', [
    { kind: 'StorageClass', plural: 'storageclasses', short: ['sc'], namespaced: false },
  ]),
  ...kinds('apiextensions.k8s.io', 'v1', [
    { kind: 'CustomResourceDefinition', short: ['crd', 'crds'], namespaced: false, status: true, generation: true },
  ]),
];
