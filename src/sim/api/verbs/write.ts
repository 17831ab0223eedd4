/**
 * create, update (PUT) and patch, for main resources and the status and scale
 * subresources. Server-owned metadata (uid, resourceVersion, generation,
 * creationTimestamp, deletionTimestamp) is set here and never taken from the client.
 */
import {
  alreadyExists,
  badRequest,
  conflict,
  field,
  forbidden,
  invalid,
  notFound,
  OPTIMISTIC_LOCK_MSG,
  unsupportedMediaType,
} from '../errors';
import { clone, isPlainObject, jsonEqual, specChanged } from '../objects';
import { jsonPatch, mergePatch, PatchError, strategicMergePatch } from '../patch';
import { apiVersionOf, parseApiVersion, type KindInfo } from '../registry';
import { storeKey, fail, type ApiServer } from '../server';
import { applyScale, bindPod, scaleOf } from '../subresources';
import type { ApiRequest, ApiResponse, FieldError, KObject, Status } from '../types';
import { served } from './read';
import { finishIfReady } from './delete';

const NAME_MAX_GENERATE = 58; // 63 - 5 random characters

function namespaceOf(info: KindInfo, req: ApiRequest): string | undefined {
  return info.namespaced ? req.namespace : undefined;
}

/** Checks the body names the kind and version of the endpoint it was sent to. */
function checkBody(info: KindInfo, body: unknown): Status | KObject {
  if (!isPlainObject(body)) return badRequest(`the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf`);
  const kind = body.kind;
  const apiVersion = body.apiVersion;
  if (kind === undefined || kind === '') return badRequest(`Object 'Kind' is missing in '${JSON.stringify(body)}'`);
  if (apiVersion === undefined || apiVersion === '') return badRequest(`Object 'apiVersion' is missing in '${JSON.stringify(body)}'`);
  if (typeof kind !== 'string' || typeof apiVersion !== 'string') return badRequest(`couldn't get version/kind; json parse error: json: cannot unmarshal ${typeof kind === 'string' ? typeof apiVersion : typeof kind} into Go struct field .kind of type string`);
  const { group, version } = parseApiVersion(apiVersion);
  if (kind !== info.kind || group !== info.group)
    return badRequest(`the API version in the data (${apiVersion}) does not match the expected API version (${apiVersionOf(info)})`);
  if (version !== info.version) {
    // a custom resource may be written at any served version of its CRD
    if (!info.crd) return badRequest(`the API version in the data (${apiVersion}) does not match the expected API version (${apiVersionOf(info)})`);
  }
  if (body.metadata !== undefined && !isPlainObject(body.metadata))
    return badRequest(`${info.kind} in version "${info.version}" cannot be handled as a ${info.kind}: json: cannot unmarshal ${Array.isArray(body.metadata) ? 'array' : typeof body.metadata} into Go struct field ${info.kind}.metadata of type v1.ObjectMeta`);
  return body as KObject;
}

function decoded(api: ApiServer, info: KindInfo, body: unknown, req: ApiRequest): { obj?: KObject; status?: Status; warnings: string[] } {
  const checked = checkBody(info, body);
  if ('code' in checked && (checked as Status).kind === 'Status') return { status: checked as Status, warnings: [] };
  // A status write uses only the body's status (and metadata's name and version): parts of
  // the body that are deep-frozen came from the store as they are, already decoded, so
  // decoding them again could find nothing to drop or warn about — they are passed over.
  let kept: [string, unknown][] | undefined;
  let src = checked as KObject;
  if (req.subresource === 'status' && !info.crd) {
    for (const k of Object.keys(src))
      if (k !== 'status' && k !== 'apiVersion' && k !== 'kind' && isPlainObject(src[k]) && Object.isFrozen(src[k])) (kept ??= []).push([k, src[k]]);
    if (kept) {
      src = { ...src };
      for (const [k] of kept) delete src[k];
    }
  }
  // decoding drops nulls and unknown fields in place: work on our own copy, never the
  // caller's (which may be a frozen object it got from us)
  const obj = clone(src);
  const d = api.strategy.decode(info, obj, { fieldValidation: req.query?.fieldValidation ?? 'Strict' });
  if (d.status) return { status: d.status, warnings: d.warnings };
  if (kept) for (const [k, v] of kept) (obj as Record<string, unknown>)[k] = v;
  if (!obj.metadata) obj.metadata = {};
  return { obj, warnings: d.warnings };
}

function checkNamespace(api: ApiServer, info: KindInfo, ns: string | undefined, name: string, verb: 'create' | 'update'): Status | undefined {
  if (!info.namespaced) return undefined;
  if (!ns) return badRequest('the namespace of the object is required');
  const nsObj = api.store.get('/namespaces', undefined, ns);
  if (!nsObj) return notFound('namespaces', '', ns);
  if (verb === 'create' && nsObj.metadata.deletionTimestamp)
    return forbidden(info.plural, info.group, name, `unable to create new content in namespace ${ns} because it is being terminated`);
  return undefined;
}

function validationErrors(api: ApiServer, info: KindInfo, obj: KObject, old?: KObject): FieldError[] {
  const errs = api.strategy.validate(info, obj, old);
  if (old?.metadata.deletionTimestamp) {
    const added = (obj.metadata.finalizers ?? []).filter((f) => !(old.metadata.finalizers ?? []).includes(f));
    if (added.length)
      errs.push(
        field.forbidden('metadata.finalizers', `no new finalizers can be added if the object is being deleted, found new finalizers []string{${added.map((f) => JSON.stringify(f)).join(', ')}}`),
      );
  }
  return errs;
}

export function handleCreate(api: ApiServer, info: KindInfo, req: ApiRequest): ApiResponse {
  if (req.subresource === 'binding' && info.plural === 'pods') return bindPod(api, req);
  if (info.plural === 'bindings' && info.group === '') return bindPod(api, { ...req, name: (req.body as KObject)?.metadata?.name });
  if (req.subresource) return fail(badRequest(`the server does not allow this method on the requested resource`));
  if (req.name) return fail({ ...badRequest('the server does not allow this method on the requested resource'), code: 405, reason: 'MethodNotAllowed' });
  const d = decoded(api, info, req.body, req);
  if (d.status) return fail(d.status);
  const obj = d.obj!;
  const ns = namespaceOf(info, req);
  if (info.namespaced) {
    if (obj.metadata.namespace && ns && obj.metadata.namespace !== ns)
      return fail(badRequest('the namespace of the provided object does not match the namespace sent on the request'));
    obj.metadata.namespace = ns ?? obj.metadata.namespace;
  } else delete obj.metadata.namespace;
  if (!obj.metadata.name && obj.metadata.generateName) {
    const prefix = String(obj.metadata.generateName).slice(0, NAME_MAX_GENERATE);
    obj.metadata.name = prefix + api.rng.suffix(5);
  }
  const name = obj.metadata.name;
  if (!name) return fail(invalid(info.kind, info.group, '', [field.required('metadata.name', 'name or generateName is required')]));
  const nsErr = checkNamespace(api, info, obj.metadata.namespace, name, 'create');
  if (nsErr) return fail(nsErr);
  // server-owned fields are never taken from the client
  for (const k of ['uid', 'resourceVersion', 'generation', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'selfLink'])
    delete obj.metadata[k];
  // status is the server's and the controllers' to write; only Nodes may bring one on create
  if (info.subresources.status && info.plural !== 'nodes') {
    delete obj.status;
    if (info.plural === 'pods' && info.group === '') obj.status = { phase: 'Pending' };
  }
  api.strategy.applyDefaults(info, obj, { rng: api.rng, operation: 'create' });
  // the uid exists before validation, as in Kubernetes: a Job's generated selector is built from it
  obj.metadata.uid = api.rng.uuid();
  const errs = validationErrors(api, info, obj);
  if (errs.length) return fail(invalid(info.kind, info.group, name, errs));
  const dryRun = req.query?.dryRun === 'All';
  const denied = api.admit({ operation: 'CREATE', info, object: obj, user: api.userOf(req), dryRun });
  if (denied) return fail(denied);
  if (api.store.get(storeKey(info), obj.metadata.namespace, name)) return fail(alreadyExists(info.plural, info.group, name));
  obj.metadata.creationTimestamp = api.clock.iso();
  if (info.generation) obj.metadata.generation = 1;
  obj.metadata = orderMetadata(obj.metadata);
  if (dryRun) return { code: 201, body: served(info, obj), warnings: d.warnings };
  const stored = api.store.create(storeKey(info), obj);
  api.notifyWrite(info, stored, undefined);
  return { code: 201, body: served(info, stored), warnings: d.warnings.length ? d.warnings : undefined };
}

export function handleUpdate(api: ApiServer, info: KindInfo, req: ApiRequest): ApiResponse {
  const ns = namespaceOf(info, req);
  const name = req.name!;
  if (req.subresource === 'scale') return applyScale(api, info, req, ns, name);
  const d = decoded(api, info, req.body, req);
  if (d.status) return fail(d.status);
  const incoming = d.obj!;
  if (incoming.metadata.name && incoming.metadata.name !== name)
    return fail(badRequest(`the name of the object (${incoming.metadata.name}) does not match the name on the URL (${name})`));
  if (info.namespaced && incoming.metadata.namespace && incoming.metadata.namespace !== ns)
    return fail(badRequest('the namespace of the provided object does not match the namespace sent on the request'));
  const old = api.store.get(storeKey(info), ns, name);
  if (!old) return fail(notFound(info.plural, info.group, name));
  const rv = incoming.metadata.resourceVersion;
  if (rv !== undefined && rv !== '' && rv !== old.metadata.resourceVersion)
    return fail(conflict(info.plural, info.group, name, OPTIMISTIC_LOCK_MSG));
  return commitUpdate(api, info, req, old, incoming, d.warnings);
}

export function handlePatch(api: ApiServer, info: KindInfo, req: ApiRequest): ApiResponse {
  const ns = namespaceOf(info, req);
  const name = req.name!;
  const type = req.patchType ?? (info.strategicMerge ? 'strategic' : 'merge');
  let old = api.store.get(storeKey(info), ns, name);
  if (req.subresource === 'scale') {
    if (!old) return fail(notFound(info.plural, info.group, name));
    let patched: unknown;
    try {
      patched = applyPatchOfType(type, scaleOf(info, old), req.body, true);
    } catch (e) {
      return fail(patchFailure(e));
    }
    return applyScale(api, info, { ...req, body: patched }, ns, name);
  }
  if (type === 'apply') {
    // server-side apply, simplified: create when absent, else merge the applied configuration
    if (!old) {
      const res = handleCreate(api, info, { ...req, verb: 'create', name: undefined, body: req.body });
      return res.code === 201 ? { ...res, code: 201 } : res;
    }
  }
  if (!old) return fail(notFound(info.plural, info.group, name));
  if (type === 'strategic' && !info.strategicMerge)
    return fail(unsupportedMediaType(`the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml`));
  let patched: unknown;
  try {
    patched = applyPatchOfType(type, clone(old), req.body, false);
  } catch (e) {
    return fail(patchFailure(e));
  }
  if (!isPlainObject(patched)) return fail(badRequest('patched object is not an object'));
  const p = patched as KObject;
  if (!isPlainObject(p.metadata)) p.metadata = {};
  // a patch is applied to the latest version unless it names a resourceVersion itself
  const patchRv = isPlainObject(req.body) && isPlainObject((req.body as KObject).metadata) ? (req.body as KObject).metadata.resourceVersion : undefined;
  if (patchRv !== undefined && patchRv !== old.metadata.resourceVersion)
    return fail(conflict(info.plural, info.group, name, OPTIMISTIC_LOCK_MSG));
  if (p.apiVersion !== old.apiVersion && !info.crd) p.apiVersion = old.apiVersion;
  const d = decoded(api, info, p, req);
  if (d.status) return fail(d.status);
  old = api.store.get(storeKey(info), ns, name)!;
  return commitUpdate(api, info, req, old, d.obj!, d.warnings);
}

function applyPatchOfType(type: string, target: unknown, body: unknown, _scale: boolean): unknown {
  switch (type) {
    case 'json':
      return jsonPatch(target, body);
    case 'merge':
      if (!isPlainObject(body)) throw new PatchError('json: cannot unmarshal array into Go value of type map[string]interface {}');
      return mergePatch(target, body);
    case 'strategic':
      return strategicMergePatch(target, body);
    case 'apply':
      if (!isPlainObject(body)) throw new PatchError('error decoding YAML: apply patch must be an object');
      return strategicMergePatch(target, body);
    default:
      throw new PatchError(`unsupported patch type ${JSON.stringify(type)}`);
  }
}

function patchFailure(e: unknown): Status {
  const msg = e instanceof Error ? e.message : String(e);
  return { ...badRequest(msg), code: 422, reason: 'Invalid' } as Status;
}

/**
 * Shared tail of update and patch: carries server-owned metadata over, keeps status
 * (or only takes status, for the status subresource), bumps generation on spec change,
 * validates, admits, stores, and finishes a deletion whose last finalizer went.
 */
function commitUpdate(api: ApiServer, info: KindInfo, req: ApiRequest, old: KObject, incoming: KObject, warnings: string[]): ApiResponse {
  const name = old.metadata.name!;
  let next: KObject;
  if (req.subresource === 'status') {
    // only metadata and status change: the stored (deep-frozen) spec is shared, not copied,
    // so it is not copied or frozen again and caches keyed by it (pod requests) stay valid
    // (metadata is copied one level deep: only its own fields are set below, its labels,
    // annotations and owner references stay the stored, frozen ones)
    next = { ...old, metadata: { ...old.metadata }, status: incoming.status } as KObject;
    if (incoming.status === undefined) delete next.status;
  } else {
    next = incoming;
    if (info.subresources.status) {
      if (old.status === undefined) delete next.status;
      else next.status = clone(old.status);
    }
  }
  const m = next.metadata;
  m.name = name;
  if (info.namespaced) m.namespace = old.metadata.namespace;
  else delete m.namespace;
  m.uid = old.metadata.uid;
  m.creationTimestamp = old.metadata.creationTimestamp;
  delete m.resourceVersion;
  if (old.metadata.deletionTimestamp) {
    m.deletionTimestamp = old.metadata.deletionTimestamp;
    if (old.metadata.deletionGracePeriodSeconds !== undefined) m.deletionGracePeriodSeconds = old.metadata.deletionGracePeriodSeconds;
  } else {
    delete m.deletionTimestamp;
    delete m.deletionGracePeriodSeconds;
  }
  if (info.generation) {
    const gen = old.metadata.generation ?? 1;
    m.generation = req.subresource !== 'status' && specChanged(next, old) ? gen + 1 : gen;
  } else delete m.generation;
  if (req.subresource !== 'status') {
    api.strategy.prepareForUpdate?.(info, next, old);
    api.strategy.applyDefaults(info, next, { rng: api.rng, operation: 'update' });
  }
  const errs = validationErrors(api, info, next, old);
  if (errs.length) return fail(invalid(info.kind, info.group, name, errs));
  const dryRun = req.query?.dryRun === 'All';
  const denied = api.admit({ operation: 'UPDATE', info, object: next, oldObject: old, subresource: req.subresource, user: api.userOf(req), dryRun });
  if (denied) return fail(denied);
  next.metadata = orderMetadata(next.metadata);
  // an update that changes nothing is not written (no new resourceVersion), as in Kubernetes
  if (jsonEqual(withoutRv(next), withoutRv(old))) return { code: 200, body: served(info, old) };
  if (dryRun) return { code: 200, body: served(info, { ...next, metadata: { ...next.metadata, resourceVersion: old.metadata.resourceVersion } }) };
  const stored = api.store.update(storeKey(info), next, old);
  api.notifyWrite(info, stored, old);
  const finished = finishIfReady(api, info, stored);
  return { code: 200, body: served(info, finished ?? stored), warnings: warnings.length ? warnings : undefined };
}

function withoutRv(o: KObject): KObject {
  const { resourceVersion: _, ...m } = o.metadata;
  return { ...o, metadata: m };
}

const META_ORDER = [
  'annotations',
  'creationTimestamp',
  'deletionGracePeriodSeconds',
  'deletionTimestamp',
  'finalizers',
  'generateName',
  'generation',
  'labels',
  'managedFields',
  'name',
  'namespace',
  'ownerReferences',
  'resourceVersion',
  'uid',
];

/** Go marshals ObjectMeta's fields in declaration order; kubectl -o yaml then sorts keys. Keep a stable order. */
function orderMetadata(m: KObject['metadata']): KObject['metadata'] {
  const out: KObject['metadata'] = {};
  for (const k of META_ORDER) if (m[k] !== undefined) out[k] = m[k];
  for (const k of Object.keys(m)) if (!(k in out) && m[k] !== undefined) out[k] = m[k];
  return out;
}
