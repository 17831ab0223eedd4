/**
 * The request interface: one shape, modelled on the Kubernetes REST API, through which
 * everything talks to the API server — kubectl, controllers, kubelets, the page.
 *
 * Objects handed out by the server (get, list, watch) are deep-frozen and shared: clone
 * them (see `clone` in ./objects) before changing anything, as with client-go's caches.
 */

/** Any Kubernetes object as JSON. */
export interface KObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [field: string]: unknown;
}

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface ManagedFieldsEntry {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  time: string;
  fieldsType: 'FieldsV1';
  fieldsV1: Record<string, unknown>;
  subresource?: string;
}

export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  finalizers?: string[];
  managedFields?: ManagedFieldsEntry[];
  [field: string]: unknown;
}

export interface ListMeta {
  resourceVersion: string;
  continue?: string;
  remainingItemCount?: number;
}

export interface KList {
  apiVersion: string;
  kind: string; // e.g. PodList
  metadata: ListMeta;
  items: KObject[];
}

export interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

/** meta/v1 Status: the body of every error, and of some successful deletes. */
export interface Status {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never> | { resourceVersion?: string };
  status: 'Success' | 'Failure';
  message?: string;
  reason?: string;
  details?: StatusDetails;
  code: number;
}

export type Verb =
  | 'get'
  | 'list'
  | 'watch'
  | 'create'
  | 'update'
  | 'patch'
  | 'delete'
  | 'deletecollection';

export type PatchType = 'merge' | 'strategic' | 'json' | 'apply';

export type PropagationPolicy = 'Background' | 'Foreground' | 'Orphan';

export interface RequestQuery {
  labelSelector?: string;
  fieldSelector?: string;
  resourceVersion?: string;
  /** list pagination */
  limit?: number;
  continue?: string;
  /** 'All' = dry run: validate and answer, store nothing */
  dryRun?: 'All';
  fieldManager?: string;
  /** server-side apply: take over conflicting fields */
  force?: boolean;
  /** delete options */
  propagationPolicy?: PropagationPolicy;
  gracePeriodSeconds?: number;
  preconditions?: { uid?: string; resourceVersion?: string };
  /** watch options */
  allowWatchBookmarks?: boolean;
  sendInitialEvents?: boolean;
  /** ask for a server-side table (meta.k8s.io/v1 Table) instead of objects */
  as?: 'Table';
  /** with as=Table: include the full object in each row (default none) */
  includeObject?: 'None' | 'Object' | 'Metadata';
  /** log subresource options */
  container?: string;
  previous?: boolean;
  tailLines?: number;
  sinceSeconds?: number;
  timestamps?: boolean;
  /** field validation for unknown/duplicate fields (kubectl default: Strict) */
  fieldValidation?: 'Strict' | 'Warn' | 'Ignore';
}

export interface ApiRequest {
  verb: Verb;
  /** '' (or omitted) is the core group */
  group?: string;
  /** omitted: the group's preferred version */
  version?: string;
  /** plural resource name, e.g. 'pods', 'deployments' */
  resource: string;
  namespace?: string;
  name?: string;
  subresource?: string;
  query?: RequestQuery;
  body?: unknown;
  /** for verb 'patch' (default 'strategic' for built-ins) */
  patchType?: PatchType;
  /** who asks: shows up in managedFields and event sources; default 'kubernetes-admin' */
  user?: string;
  /** the groups of `user` when it is not the default (impersonation: `kubectl --as-group`) */
  groups?: string[];
}

export interface ApiResponse<T = KObject | KList | Status | unknown> {
  /** HTTP status code: 200, 201, 202, 4xx, 5xx */
  code: number;
  body: T;
  /** Warning headers, as `Warning: ...` lines kubectl prints */
  warnings?: string[];
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

export interface WatchEvent {
  type: WatchEventType;
  object: KObject | Status;
}

export interface WatchHandle {
  /** stop delivering events; idempotent */
  stop(): void;
}

export interface FieldError {
  /** e.g. FieldValueRequired */
  type: FieldErrorType;
  /** e.g. spec.template.spec.containers[0].image */
  field: string;
  /** the bad value (omitted for Required/Forbidden/TooMany etc.) */
  value?: unknown;
  hasValue?: boolean;
  /** detail, e.g. "must be greater than or equal to 0" */
  detail?: string;
  /** for NotSupported: the allowed values */
  supported?: string[];
  /** the value exactly as Go would print it, when goValue() cannot (e.g. `v1.LabelSelector{...}`) */
  rendered?: string;
}

export type FieldErrorType =
  | 'FieldValueRequired'
  | 'FieldValueInvalid'
  | 'FieldValueNotSupported'
  | 'FieldValueDuplicate'
  | 'FieldValueForbidden'
  | 'FieldValueNotFound'
  | 'FieldValueTooLong'
  | 'FieldValueTooMany'
  | 'InternalError'
  | 'FieldValueTypeInvalid';
