/**
 * Installs kube-controller-manager's controllers into a cluster, plus the API-server-side
 * allocators and admission plugins they rely on (Service IPs/ports, default toleration
 * seconds), and the kube-system add-ons of a kubeadm cluster. Idempotent, and safe after
 * `Cluster.restore()`: controllers resync from their informers, add-ons are created only
 * when missing.
 */
import type { Cluster } from '../cluster';
import { replicaSetController, replicationControllerController } from './replicaset';
import { deploymentController } from './deployment/controller';
import { daemonSetController } from './daemonset';
import { jobController } from './job/controller';
import { TtlAfterFinishedReconciler } from './job/ttl';
import { cronJobController } from './cronjob';
import { statefulSetController } from './statefulset/controller';
import { EndpointSliceReconciler, EndpointsReconciler } from './services/endpoints';
import { registerServiceAllocation } from './services/allocator';
import { NodeLifecycleReconciler } from './node/lifecycle';
import { registerDefaultTolerationSeconds, TaintEvictionReconciler } from './node/taint-eviction';
import { registerDefaultStorageClass, VolumeProvisionerReconciler } from './storage/provisioner';
import { PodGCReconciler } from './node/pod-gc';
import { installAddons } from './addons';
import { ResourceQuotaReconciler } from './resourcequota';
import { registerLimitRanger } from '../api/admission/limitranger';
import { registerResourceQuotaAdmission } from '../api/admission/resourcequota';
import type { Reconciler } from './runtime';

export { installAddons } from './addons';

/** The controller names, as `cluster.controllers.stop(name)` takes them. */
export const CONTROLLER_NAMES = [
  'replicaset-controller',
  'replication-controller',
  'deployment-controller',
  'daemonset-controller',
  'job-controller',
  'ttl-after-finished-controller',
  'cronjob-controller',
  'statefulset-controller',
  'endpoint-controller',
  'endpointslice-controller',
  'node-lifecycle-controller',
  'taint-eviction-controller',
  'persistentvolume-controller',
  'pod-garbage-collector',
  'resourcequota-controller',
];

export interface InstallOptions {
  /** create the kube-system add-ons (default true) */
  addons?: boolean;
}

export function installControllers(cluster: Cluster, opts: InstallOptions = {}): void {
  registerServiceAllocation(cluster);
  registerDefaultTolerationSeconds(cluster);
  registerDefaultStorageClass(cluster);
  registerLimitRanger(cluster.api);
  registerResourceQuotaAdmission(cluster.api);
  const all: Reconciler[] = [
    replicaSetController(cluster),
    replicationControllerController(cluster),
    deploymentController(cluster),
    daemonSetController(cluster),
    jobController(cluster),
    new TtlAfterFinishedReconciler(cluster),
    cronJobController(cluster),
    statefulSetController(cluster),
    new EndpointsReconciler(cluster),
    new EndpointSliceReconciler(cluster),
    new NodeLifecycleReconciler(cluster),
    new TaintEvictionReconciler(cluster),
    new VolumeProvisionerReconciler(cluster),
    new PodGCReconciler(cluster),
    new ResourceQuotaReconciler(cluster),
  ];
  for (const r of all) if (!cluster.controllers.get(r.name)) cluster.controllers.add(r);
  if (opts.addons !== false) installAddons(cluster);
}
