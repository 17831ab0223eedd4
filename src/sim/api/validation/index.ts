/**
 * Validation of built-in objects after defaulting: the 422 field errors the real API server
 * returns (the server wraps them with invalid() from ../errors). One function per kind, in
 * the files of their API group; kinds without specific rules get ObjectMeta validation.
 *
 * Custom resources are validated by ./custom (validateCustom); this entry point also handles
 * them, so callers can use one function.
 */
import type { KindInfo } from '../registry';
import type { FieldError, KObject } from '../types';
import { validateControllerRevision, validateDaemonSet, validateDeployment, validateReplicaSet, validateStatefulSet } from './apps';
import { validateCronJob, validateJob } from './batch';
import { validateConfigMap, validatePodTemplate, validatePV, validatePVC, validateReplicationController, validateSecret, validateService } from './core';
import { validateCustom } from './custom';
import { validateObjectMeta, validateObjectMetaUpdate } from './meta';
import {
  validateCRD,
  validateHPA,
  validateIngress,
  validateNetworkPolicy,
  validatePDB,
  validatePriorityClass,
  validateRole,
  validateRoleBinding,
  validateStorageClass,
} from './others';
import { validatePod, validatePodUpdate } from './pod';

type Validator = (info: KindInfo, obj: KObject, old?: KObject) => FieldError[];

const VALIDATORS: Record<string, Validator> = {
  '/Pod': (i, o, old) => (old ? validatePodUpdate(i, o, old) : validatePod(i, o)),
  '/Service': validateService,
  '/ConfigMap': validateConfigMap,
  '/Secret': validateSecret,
  '/PersistentVolumeClaim': validatePVC,
  '/PersistentVolume': validatePV,
  '/ReplicationController': validateReplicationController,
  '/PodTemplate': validatePodTemplate,
  'apps/Deployment': validateDeployment,
  'apps/ReplicaSet': validateReplicaSet,
  'apps/StatefulSet': validateStatefulSet,
  'apps/DaemonSet': validateDaemonSet,
  'apps/ControllerRevision': validateControllerRevision,
  'batch/Job': validateJob,
  'batch/CronJob': validateCronJob,
  'autoscaling/HorizontalPodAutoscaler': validateHPA,
  'networking.k8s.io/Ingress': validateIngress,
  'networking.k8s.io/NetworkPolicy': validateNetworkPolicy,
  'policy/PodDisruptionBudget': validatePDB,
  'rbac.authorization.k8s.io/Role': validateRole,
  'rbac.authorization.k8s.io/ClusterRole': validateRole,
  'rbac.authorization.k8s.io/RoleBinding': validateRoleBinding,
  'rbac.authorization.k8s.io/ClusterRoleBinding': validateRoleBinding,
  'scheduling.k8s.io/PriorityClass': validatePriorityClass,
  'storage.k8s.io/StorageClass': validateStorageClass,
  'apiextensions.k8s.io/CustomResourceDefinition': validateCRD,
};

/**
 * Field errors for `obj` (already decoded and defaulted); `old` is the stored object on
 * update. For Jobs this also generates the selector and template labels on create (as the
 * Job strategy does in Validate), so call it after metadata.uid is set.
 */
export function validate(info: KindInfo, obj: KObject, old?: KObject): FieldError[] {
  const errs: FieldError[] = [];
  if (info.crd) {
    errs.push(...validateObjectMeta(info, obj), ...validateCustom(info, obj));
  } else {
    const v = VALIDATORS[`${info.group}/${info.kind}`];
    errs.push(...(v ? v(info, obj, old) : validateObjectMeta(info, obj)));
  }
  if (old) errs.push(...validateObjectMetaUpdate(obj, old));
  return errs;
}

export { validateCustom, pruneCustom } from './custom';
export { decode } from './decode';
export { metadataWarnings } from './meta';
export { cronParseError, generateJobSelector } from './batch';
