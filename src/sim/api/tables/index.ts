/**
 * Server-side tables (`as=Table`): the per-kind columns the API server prints, as
 * kubernetes pkg/printers/internalversion does for built-ins and apiextensions does for
 * CRDs. kubectl only lays these tables out.
 */
import type { KindInfo } from '../registry';
import type { KObject } from '../types';
import { customPrinter, defaultPrinter } from './custom';
import { configMapPrinter, leasePrinter, pdbPrinter, priorityClassPrinter, pvPrinter, pvcPrinter, resourceQuotaPrinter, roleBindingPrinter, secretPrinter, serviceAccountPrinter, storageClassPrinter } from './config';
import { eventPrinter } from './events';
import { namespacePrinter, nodePrinter } from './nodes';
import { podPrinter } from './pods';
import { endpointSlicePrinter, endpointsPrinter, ingressPrinter, networkPolicyPrinter, servicePrinter } from './services';
import type { Printer, Table, TableContext } from './types';
import {
  controllerRevisionPrinter,
  cronJobPrinter,
  daemonSetPrinter,
  deploymentPrinter,
  hpaPrinter,
  jobPrinter,
  replicaSetPrinter,
  replicationControllerPrinter,
  statefulSetPrinter,
} from './workloads';

export type { Table, TableColumnDefinition, TableRow, TableContext } from './types';
export { humanDuration, age } from './duration';
export { podStatus } from './pods';

/** Printers for built-in kinds, keyed by `group/Kind`. */
const BUILTIN: Record<string, Printer> = {
  '/Pod': podPrinter,
  '/Service': servicePrinter,
  '/Endpoints': endpointsPrinter,
  '/Node': nodePrinter,
  '/Namespace': namespacePrinter,
  '/ConfigMap': configMapPrinter,
  '/Secret': secretPrinter,
  '/ServiceAccount': serviceAccountPrinter,
  '/Event': eventPrinter,
  '/PersistentVolumeClaim': pvcPrinter,
  '/PersistentVolume': pvPrinter,
  '/ReplicationController': replicationControllerPrinter,
  '/ResourceQuota': resourceQuotaPrinter,
  'apps/Deployment': deploymentPrinter,
  'apps/ReplicaSet': replicaSetPrinter,
  'apps/StatefulSet': statefulSetPrinter,
  'apps/DaemonSet': daemonSetPrinter,
  'apps/ControllerRevision': controllerRevisionPrinter,
  'batch/Job': jobPrinter,
  'batch/CronJob': cronJobPrinter,
  'autoscaling/HorizontalPodAutoscaler': hpaPrinter,
  'networking.k8s.io/Ingress': ingressPrinter,
  'networking.k8s.io/NetworkPolicy': networkPolicyPrinter,
  'discovery.k8s.io/EndpointSlice': endpointSlicePrinter,
  'events.k8s.io/Event': eventPrinter,
  'storage.k8s.io/StorageClass': storageClassPrinter,
  'policy/PodDisruptionBudget': pdbPrinter,
  'rbac.authorization.k8s.io/RoleBinding': roleBindingPrinter,
  'rbac.authorization.k8s.io/ClusterRoleBinding': roleBindingPrinter,
  'scheduling.k8s.io/PriorityClass': priorityClassPrinter,
  'coordination.k8s.io/Lease': leasePrinter,
};

export function printerFor(info: KindInfo): Printer {
  if (info.crd) return customPrinter(info);
  return BUILTIN[`${info.group}/${info.kind}`] ?? defaultPrinter;
}

export function toTable(info: KindInfo, items: KObject[], ctx: TableContext): Table {
  const p = printerFor(info);
  const rows = items.map((object) => {
    let cells: unknown[];
    try {
      cells = p.cells(object, ctx);
    } catch {
      // a malformed object must not break a whole listing: show what we can
      cells = p.columns.map((c, i) => (i === 0 ? object.metadata?.name ?? '' : '<unknown>'));
    }
    return { cells, object };
  });
  return { kind: 'Table', apiVersion: 'meta.k8s.io/v1', metadata: {}, columnDefinitions: p.columns.map((c) => ({ ...c })), rows };
}
