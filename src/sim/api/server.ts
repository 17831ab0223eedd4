/**
 * The API server: one request interface shaped like the Kubernetes REST API. Every write
 * goes through decode → defaulting → validation → admission (mutating, then validating)
 * → store, as in kube-apiserver. Requests are synchronous and never throw: every failure
 * is answered with a `Status`, worded as the real server words it.
 *
 * The verbs live in ./verbs (read, write, delete), subresources in ./subresources.
 */
import type { Clock } from '../clock';
import type { Rng } from '../random';
import { BUILTIN_KINDS } from './builtins';
import { serveConverted, watchConverted } from './conversion';
import { badRequest, internalError, isStatus, methodNotSupported, noResource, StatusError } from './errors';
import { KindRegistry, type KindInfo } from './registry';
import { Store, type StoreOptions } from './store';
import type { ApiRequest, ApiResponse, FieldError, KObject, Status, WatchEvent, WatchHandle } from './types';
import { handleGet, handleList, handleWatch } from './verbs/read';
import { handleCreate, handlePatch, handleUpdate } from './verbs/write';
import { handleDelete, handleDeleteCollection } from './verbs/delete';

export type AdmissionOperation = 'CREATE' | 'UPDATE' | 'DELETE';

export interface AdmissionContext {
  operation: AdmissionOperation;
  info: KindInfo;
  /** the object being written (mutating plugins may change it); for DELETE, the stored object */
  object: KObject;
  oldObject?: KObject;
  subresource?: string;
  user: string;
  dryRun: boolean;
}

/** An admission plugin: return a Status to reject the request. */
export type AdmissionPlugin = (ctx: AdmissionContext) => Status | undefined | void;

/** How objects are decoded, defaulted and validated (the schema layer plugs in here). */
export interface Strategy {
  decode(info: KindInfo, obj: unknown, opts: { fieldValidation?: 'Strict' | 'Warn' | 'Ignore' }): { status?: Status; warnings: string[] };
  applyDefaults(info: KindInfo, obj: KObject, ctx: { rng: Rng; operation: 'create' | 'update' }): void;
  validate(info: KindInfo, obj: KObject, old?: KObject): FieldError[];
  /** what an update keeps from the stored object when the client left it out (a Service's clusterIP) */
  prepareForUpdate?(info: KindInfo, obj: KObject, old: KObject): void;
}

export type SubresourceHandler = (req: ApiRequest, obj: KObject) => ApiResponse;
/** A create-only resource answered from the request and never stored (access and token reviews). */
export type ReviewHandler = (req: ApiRequest, info: KindInfo) => ApiResponse;
export type SubresourceWatchHandler = (req: ApiRequest, obj: KObject, onEvent: (e: WatchEvent) => void) => WatchHandle;

export interface ApiServerOptions {
  clock: Clock;
  rng: Rng;
  strategy: Strategy;
  store?: StoreOptions;
}

/** the kubeconfig's user, whom every request runs as unless it names another */
export const DEFAULT_USER = 'kubernetes-admin';

export class ApiServer {
  readonly kinds = new KindRegistry();
  readonly store: Store;
  readonly clock: Clock;
  readonly rng: Rng;
  readonly strategy: Strategy;
  private mutatingPlugins: { name: string; fn: AdmissionPlugin }[] = [];
  private validatingPlugins: { name: string; fn: AdmissionPlugin }[] = [];
  private subHandlers = new Map<string, SubresourceHandler>();
  private subWatchHandlers = new Map<string, SubresourceWatchHandler>();
  private reviewHandlers = new Map<string, ReviewHandler>();
  /** called after an object is stored; the CRD and namespace logic hook in here */
  private afterWriteHooks: ((info: KindInfo, obj: KObject, old: KObject | undefined) => void)[] = [];

  readonly admission = {
    mutating: (name: string, fn: AdmissionPlugin) => this.mutatingPlugins.push({ name, fn }),
    validating: (name: string, fn: AdmissionPlugin) => this.validatingPlugins.push({ name, fn }),
  };

  constructor(opts: ApiServerOptions) {
    this.clock = opts.clock;
    this.rng = opts.rng;
    this.strategy = opts.strategy;
    this.store = new Store(() => this.clock.now(), opts.store);
    for (const k of BUILTIN_KINDS) this.kinds.register(k);
  }

  /** Serves one request. Never throws. */
  request(req: ApiRequest): ApiResponse {
    try {
      const shape = checkShape(req);
      if (shape) return fail(shape);
      const info = this.kinds.resource(req.group ?? '', req.version, req.resource);
      if (!info) return fail(noResource());
      if (info.storageVersion) return serveConverted(this, info, req);
      if (req.subresource && !this.servesSubresource(info, req.subresource)) return fail(noResource());
      const custom = req.subresource ? this.subHandlers.get(subKey(info, req.subresource)) : undefined;
      if (custom) {
        const obj = this.store.get(storeKey(info), info.namespaced ? req.namespace : undefined, req.name ?? '');
        if (!obj) return fail(this.notFoundFor(info, req.name ?? ''));
        return custom(req, obj);
      }
      const review = this.reviewHandlers.get(`${info.group}/${info.plural}`);
      if (review) return req.verb === 'create' ? review(req, info) : fail(methodNotSupported(info.plural, info.group, String(req.verb)));
      switch (req.verb) {
        case 'get':
          return handleGet(this, info, req);
        case 'list':
          return handleList(this, info, req);
        case 'create':
          return handleCreate(this, info, req);
        case 'update':
          return handleUpdate(this, info, req);
        case 'patch':
          return handlePatch(this, info, req);
        case 'delete':
          return handleDelete(this, info, req);
        case 'deletecollection':
          return handleDeleteCollection(this, info, req);
        case 'watch':
          return fail(badRequest('use watch() for watch requests'));
        default:
          return fail(methodNotSupported(info.plural, info.group, String(req.verb)));
      }
    } catch (e) {
      if (e instanceof StatusError) return fail(e.status);
      return fail(internalError(e instanceof Error ? e.message : String(e)));
    }
  }

  /**
   * Starts a watch. Events are delivered synchronously, in resourceVersion order, as
   * changes are stored. A bad request is answered with one ERROR event.
   */
  watch(req: ApiRequest, onEvent: (e: WatchEvent) => void): WatchHandle {
    try {
      const shape = checkShape({ ...req, verb: 'watch' });
      if (shape) return errorWatch(onEvent, shape);
      const info = this.kinds.resource(req.group ?? '', req.version, req.resource);
      if (!info) return errorWatch(onEvent, noResource());
      if (info.storageVersion) return watchConverted(this, info, req, onEvent);
      if (req.subresource) {
        const h = this.subWatchHandlers.get(subKey(info, req.subresource));
        if (!h) return errorWatch(onEvent, methodNotSupported(info.plural, info.group, 'watch'));
        const obj = this.store.get(storeKey(info), info.namespaced ? req.namespace : undefined, req.name ?? '');
        if (!obj) return errorWatch(onEvent, this.notFoundFor(info, req.name ?? ''));
        return h(req, obj, onEvent);
      }
      return handleWatch(this, info, req, onEvent);
    } catch (e) {
      const status = e instanceof StatusError ? e.status : internalError(e instanceof Error ? e.message : String(e));
      return errorWatch(onEvent, status);
    }
  }

  /** Registers a handler for a subresource such as pods/log or pods/exec. */
  subresource(group: string, plural: string, sub: string, handler: SubresourceHandler, watch?: SubresourceWatchHandler): void {
    this.subHandlers.set(`${group}/${plural}/${sub}`, handler);
    if (watch) this.subWatchHandlers.set(`${group}/${plural}/${sub}`, watch);
  }

  /** Registers a create-only resource that is computed, not stored (SelfSubjectAccessReview, …). */
  review(group: string, plural: string, handler: ReviewHandler): void {
    this.reviewHandlers.set(`${group}/${plural}`, handler);
  }

  afterWrite(fn: (info: KindInfo, obj: KObject, old: KObject | undefined) => void): void {
    this.afterWriteHooks.push(fn);
  }

  /** @internal the verbs call this after every stored write */
  notifyWrite(info: KindInfo, obj: KObject, old: KObject | undefined): void {
    for (const fn of this.afterWriteHooks) fn(info, obj, old);
  }

  /** @internal runs the admission chain; returns the rejecting Status if any */
  admit(ctx: AdmissionContext): Status | undefined {
    for (const p of this.mutatingPlugins) {
      const s = p.fn(ctx);
      if (s) return s;
    }
    for (const p of this.validatingPlugins) {
      const s = p.fn(ctx);
      if (s) return s;
    }
    return undefined;
  }

  notFoundFor(info: KindInfo, name: string): Status {
    return {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: `${info.group ? `${info.plural}.${info.group}` : info.plural} ${JSON.stringify(name)} not found`,
      reason: 'NotFound',
      details: info.group ? { name, group: info.group, kind: info.plural } : { name, kind: info.plural },
      code: 404,
    };
  }

  private servesSubresource(info: KindInfo, sub: string): boolean {
    if (sub === 'status') return !!info.subresources.status;
    if (sub === 'scale') return !!info.subresources.scale;
    return !!info.subresources.other?.includes(sub) || this.subHandlers.has(subKey(info, sub));
  }

  userOf(req: ApiRequest): string {
    return req.user ?? DEFAULT_USER;
  }
}

/** Where a resource's objects live in the store: one key per group and resource, whatever the version. */
export function storeKey(info: Pick<KindInfo, 'group' | 'plural'>): string {
  return `${info.group}/${info.plural}`;
}

function subKey(info: KindInfo, sub: string): string {
  return `${info.group}/${info.plural}/${sub}`;
}

export function fail(status: Status): ApiResponse<Status> {
  return { code: status.code, body: status };
}

function errorWatch(onEvent: (e: WatchEvent) => void, status: Status): WatchHandle {
  onEvent({ type: 'ERROR', object: status });
  return { stop() {} };
}

const VERBS = new Set(['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection']);

/** Rejects requests that are not even shaped like requests (bad input from any caller). */
function checkShape(req: ApiRequest): Status | undefined {
  if (typeof req !== 'object' || req === null) return badRequest('invalid request');
  if (!VERBS.has(req.verb as string)) return badRequest(`unsupported verb ${JSON.stringify(req.verb)}`);
  if (typeof req.resource !== 'string' || !req.resource) return noResource();
  for (const k of ['group', 'version', 'namespace', 'name', 'subresource'] as const)
    if (req[k] !== undefined && typeof req[k] !== 'string') return badRequest(`invalid ${k} in request`);
  if (req.query !== undefined && (typeof req.query !== 'object' || req.query === null)) return badRequest('invalid query');
  if ((req.verb === 'get' || req.verb === 'update' || req.verb === 'patch' || req.verb === 'delete') && !req.name)
    return req.verb === 'get' ? undefined : badRequest('name is required');
  return undefined;
}

export { isStatus };
