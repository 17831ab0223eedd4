/**
 * The built-in kinds the schema generator (scripts/gen-schema.ts) turns into JSON Schema.
 * Type-only: local interfaces so typescript-json-schema sees exported symbols
 * (re-exporting with `export type` yields an empty schema). Names that clash across API
 * groups (core/v1 Event vs events.k8s.io/v1 Event) get a group prefix here; the generator
 * maps them back to the Kubernetes kind.
 */
import type * as core from 'kubernetes-types/core/v1';
import type * as apps from 'kubernetes-types/apps/v1';
import type * as batch from 'kubernetes-types/batch/v1';
import type * as autoscaling from 'kubernetes-types/autoscaling/v2';
import type * as networking from 'kubernetes-types/networking/v1';
import type * as discovery from 'kubernetes-types/discovery/v1';
import type * as policy from 'kubernetes-types/policy/v1';
import type * as rbac from 'kubernetes-types/rbac/v1';
import type * as storage from 'kubernetes-types/storage/v1';
import type * as scheduling from 'kubernetes-types/scheduling/v1';
import type * as coordination from 'kubernetes-types/coordination/v1';
import type * as events from 'kubernetes-types/events/v1';
import type * as apiextensions from 'kubernetes-types/apiextensions/v1';

export interface Binding extends core.Binding {}
export interface ComponentStatus extends core.ComponentStatus {}
export interface ConfigMap extends core.ConfigMap {}
export interface Endpoints extends core.Endpoints {}
export interface Event extends core.Event {}
export interface LimitRange extends core.LimitRange {}
export interface Namespace extends core.Namespace {}
export interface Node extends core.Node {}
export interface PersistentVolumeClaim extends core.PersistentVolumeClaim {}
export interface PersistentVolume extends core.PersistentVolume {}
export interface Pod extends core.Pod {}
export interface PodTemplate extends core.PodTemplate {}
export interface ReplicationController extends core.ReplicationController {}
export interface ResourceQuota extends core.ResourceQuota {}
export interface Secret extends core.Secret {}
export interface ServiceAccount extends core.ServiceAccount {}
export interface Service extends core.Service {}
export interface ControllerRevision extends apps.ControllerRevision {}
export interface DaemonSet extends apps.DaemonSet {}
export interface Deployment extends apps.Deployment {}
export interface ReplicaSet extends apps.ReplicaSet {}
export interface StatefulSet extends apps.StatefulSet {}
export interface HorizontalPodAutoscaler extends autoscaling.HorizontalPodAutoscaler {}
export interface CronJob extends batch.CronJob {}
export interface Job extends batch.Job {}
export interface Lease extends coordination.Lease {}
export interface EndpointSlice extends discovery.EndpointSlice {}
export interface EventsEvent extends events.Event {}
export interface IngressClass extends networking.IngressClass {}
export interface Ingress extends networking.Ingress {}
export interface NetworkPolicy extends networking.NetworkPolicy {}
export interface PodDisruptionBudget extends policy.PodDisruptionBudget {}
export interface ClusterRoleBinding extends rbac.ClusterRoleBinding {}
export interface ClusterRole extends rbac.ClusterRole {}
export interface RoleBinding extends rbac.RoleBinding {}
export interface Role extends rbac.Role {}
export interface PriorityClass extends scheduling.PriorityClass {}
export interface StorageClass extends storage.StorageClass {}
export interface CustomResourceDefinition extends apiextensions.CustomResourceDefinition {}
