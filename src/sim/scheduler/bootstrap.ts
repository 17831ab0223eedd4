/**
 * Cluster objects the scheduler side of a kubeadm cluster relies on: the built-in
 * PriorityClasses, the `system:kube-scheduler` ClusterRole and its binding (as the RBAC
 * bootstrap policy of 1.32 defines them; its leases rule names only `kube-scheduler`,
 * which is why a second scheduler with leader election needs the role edited), and the
 * Priority admission plugin that resolves priorityClassName into spec.priority.
 */
import type { Cluster } from '../cluster';
import type { KObject } from '../api/types';
import { forbidden } from '../api/errors';
import { clone } from '../api/objects';

const R = (apiGroups: string[], resources: string[], verbs: string[], resourceNames?: string[]) => ({ apiGroups, resources, verbs, ...(resourceNames ? { resourceNames } : {}) });

export const KUBE_SCHEDULER_ROLE: KObject = {
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'ClusterRole',
  metadata: { name: 'system:kube-scheduler', labels: { 'kubernetes.io/bootstrapping': 'rbac-defaults' }, annotations: { 'rbac.authorization.kubernetes.io/autoupdate': 'true' } },
  rules: [
    R(['', 'events.k8s.io'], ['events'], ['create', 'patch', 'update']),
    R(['coordination.k8s.io'], ['leases'], ['create']),
    R(['coordination.k8s.io'], ['leases'], ['get', 'update'], ['kube-scheduler']),
    R([''], ['endpoints'], ['create']),
    R([''], ['endpoints'], ['get', 'update'], ['kube-scheduler']),
    R([''], ['nodes'], ['get', 'list', 'watch']),
    R([''], ['pods'], ['delete', 'get', 'list', 'watch']),
    R([''], ['bindings', 'pods/binding'], ['create']),
    R([''], ['pods/status'], ['patch', 'update']),
    R([''], ['replicationcontrollers', 'services'], ['get', 'list', 'watch']),
    R(['apps', 'extensions'], ['replicasets'], ['get', 'list', 'watch']),
    R(['apps'], ['statefulsets'], ['get', 'list', 'watch']),
    R(['policy'], ['poddisruptionbudgets'], ['get', 'list', 'watch']),
    R([''], ['persistentvolumeclaims', 'persistentvolumes'], ['get', 'list', 'watch']),
    R(['authentication.k8s.io'], ['tokenreviews'], ['create']),
    R(['authorization.k8s.io'], ['subjectaccessreviews'], ['create']),
    R(['storage.k8s.io'], ['csinodes'], ['get', 'list', 'watch']),
    R([''], ['namespaces'], ['get', 'list', 'watch']),
    R(['storage.k8s.io'], ['csidrivers'], ['get', 'list', 'watch']),
    R(['storage.k8s.io'], ['csistoragecapacities'], ['get', 'list', 'watch']),
  ],
};

const PRIORITY_CLASSES: KObject[] = [
  { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'system-cluster-critical' }, value: 2000000000, description: 'Used for system critical pods that must run in the cluster, but can be moved to another node if necessary.', preemptionPolicy: 'PreemptLowerPriority' },
  { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'system-node-critical' }, value: 2000001000, description: 'Used for system critical pods that must not be moved from their current node.', preemptionPolicy: 'PreemptLowerPriority' },
];

function ensure(cluster: Cluster, group: string, resource: string, o: KObject): void {
  const key = `${group}/${resource}`;
  if (cluster.api.store.get(key, o.metadata.namespace, o.metadata.name!)) return;
  cluster.request({ verb: 'create', group, resource, namespace: o.metadata.namespace, body: clone(o), user: 'system:apiserver' });
}

export function bootstrapSchedulingObjects(cluster: Cluster): void {
  for (const pc of PRIORITY_CLASSES) ensure(cluster, 'scheduling.k8s.io', 'priorityclasses', pc);
  ensure(cluster, 'rbac.authorization.k8s.io', 'clusterroles', KUBE_SCHEDULER_ROLE);
  ensure(cluster, 'rbac.authorization.k8s.io', 'clusterrolebindings', {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name: 'system:kube-scheduler', labels: { 'kubernetes.io/bootstrapping': 'rbac-defaults' }, annotations: { 'rbac.authorization.kubernetes.io/autoupdate': 'true' } },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'system:kube-scheduler' },
    subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'system:kube-scheduler' }],
  });
}

const admitted = new WeakSet<Cluster>();

/** The Priority admission plugin: priorityClassName → spec.priority and spec.preemptionPolicy. */
export function registerPriorityAdmission(cluster: Cluster): void {
  if (admitted.has(cluster)) return;
  admitted.add(cluster);
  cluster.api.admission.mutating('Priority', (ctx) => {
    if (ctx.operation !== 'CREATE' || ctx.info.plural !== 'pods' || ctx.info.group !== '' || ctx.subresource) return undefined;
    const spec = ctx.object.spec as { priorityClassName?: string; priority?: number; preemptionPolicy?: string } | undefined;
    if (!spec) return undefined;
    let pc: KObject | undefined;
    if (spec.priorityClassName) {
      pc = cluster.api.store.get('scheduling.k8s.io/priorityclasses', undefined, spec.priorityClassName);
      if (!pc) return forbidden('pods', '', ctx.object.metadata.name ?? '', `no PriorityClass with name ${spec.priorityClassName} was found`);
    } else {
      pc = cluster.api.store.list('scheduling.k8s.io/priorityclasses').find((x) => x.globalDefault === true);
      if (pc) spec.priorityClassName = pc.metadata.name;
    }
    spec.priority = (pc?.value as number | undefined) ?? 0;
    spec.preemptionPolicy = (pc?.preemptionPolicy as string | undefined) ?? 'PreemptLowerPriority';
    return undefined;
  });
}
