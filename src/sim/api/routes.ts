/**
 * Maps an HTTP request of the Kubernetes REST API onto the engine's request interface:
 * the path (/api/v1/namespaces/ns/pods/name/log, /apis/apps/v1/deployments, …), the
 * method (GET → get/list/watch, POST → create, PUT → update, PATCH → patch by
 * Content-Type, DELETE → delete/deletecollection) and the query parameters.
 */
import type { ApiRequest, PatchType, RequestQuery } from './types';

export interface Route {
  req: ApiRequest;
  /** ?watch=1 (or the legacy /watch/ path prefix) */
  watch: boolean;
  /** pods/log with ?follow=true */
  follow: boolean;
  /** the client asked for a server-side Table */
  table: boolean;
  /** watch timeout in seconds (timeoutSeconds) */
  timeoutSeconds?: number;
}

const PATCH_TYPES: Record<string, PatchType> = {
  'application/json-patch+json': 'json',
  'application/merge-patch+json': 'merge',
  'application/strategic-merge-patch+json': 'strategic',
  'application/apply-patch+yaml': 'apply',
};

export function patchTypeOf(contentType: string | undefined): PatchType | undefined {
  const base = (contentType ?? '').split(';')[0].trim().toLowerCase();
  return PATCH_TYPES[base];
}

/** Does an Accept header ask for meta.k8s.io Tables first? */
export function wantsTable(accept: string | undefined): boolean {
  if (!accept) return false;
  const first = accept.split(',')[0];
  return /as=Table/.test(first) && /g=meta\.k8s\.io/.test(first);
}

function bool(v: string | null): boolean | undefined {
  if (v === null) return undefined;
  return v === '' || v === '1' || v === 'true';
}

function int(v: string | null): number | undefined {
  if (v === null || v === '') return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
}

/**
 * Parses a resource path. Returns undefined for paths that are not resource paths
 * (discovery, /version, …), which the server answers elsewhere.
 */
export function parseRoute(method: string, url: URL, headers: { accept?: string; contentType?: string }, body: unknown): Route | undefined {
  let segs = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  let group = '';
  let version: string;
  if (segs[0] === 'api' && segs.length >= 3) {
    version = segs[1];
    segs = segs.slice(2);
  } else if (segs[0] === 'apis' && segs.length >= 4) {
    group = segs[1];
    version = segs[2];
    segs = segs.slice(3);
  } else return undefined;
  let watch = false;
  if (segs[0] === 'watch') {
    watch = true;
    segs = segs.slice(1);
  }
  let namespace: string | undefined;
  let resource: string;
  let name: string | undefined;
  let subresource: string | undefined;
  if (segs[0] === 'namespaces' && segs.length >= 3 && !(segs.length === 3 && (segs[2] === 'status' || segs[2] === 'finalize'))) {
    namespace = segs[1];
    [resource, name, subresource] = segs.slice(2);
  } else [resource, name, subresource] = segs;
  if (!resource) return undefined;

  const p = url.searchParams;
  if (bool(p.get('watch'))) watch = true;
  const query: RequestQuery = {};
  const str = (k: keyof RequestQuery & string) => {
    const v = p.get(k);
    if (v !== null) (query as Record<string, unknown>)[k] = v;
  };
  str('labelSelector');
  str('fieldSelector');
  str('resourceVersion');
  str('continue');
  str('fieldManager');
  str('container');
  str('propagationPolicy');
  const fv = p.get('fieldValidation');
  if (fv) query.fieldValidation = fv as RequestQuery['fieldValidation'];
  if (p.get('dryRun') === 'All') query.dryRun = 'All';
  const limit = int(p.get('limit'));
  if (limit !== undefined) query.limit = limit;
  const grace = int(p.get('gracePeriodSeconds'));
  if (grace !== undefined) query.gracePeriodSeconds = grace;
  const tail = int(p.get('tailLines'));
  if (tail !== undefined) query.tailLines = tail;
  const since = int(p.get('sinceSeconds'));
  if (since !== undefined) query.sinceSeconds = since;
  if (bool(p.get('previous'))) query.previous = true;
  if (bool(p.get('timestamps'))) query.timestamps = true;
  if (bool(p.get('force'))) query.force = true;
  if (bool(p.get('allowWatchBookmarks'))) query.allowWatchBookmarks = true;
  if (bool(p.get('sendInitialEvents'))) query.sendInitialEvents = true;
  const table = wantsTable(headers.accept);
  if (table) query.as = 'Table';
  const includeObject = p.get('includeObject');
  if (includeObject === 'None' || includeObject === 'Object' || includeObject === 'Metadata') query.includeObject = includeObject;

  // DeleteOptions may come in the body
  if (method === 'DELETE' && body && typeof body === 'object') {
    const o = body as { propagationPolicy?: string; gracePeriodSeconds?: number; preconditions?: { uid?: string; resourceVersion?: string }; dryRun?: string[] };
    if (o.propagationPolicy) query.propagationPolicy = o.propagationPolicy as RequestQuery['propagationPolicy'];
    if (typeof o.gracePeriodSeconds === 'number') query.gracePeriodSeconds = o.gracePeriodSeconds;
    if (o.preconditions) query.preconditions = o.preconditions;
    if (o.dryRun?.includes('All')) query.dryRun = 'All';
  }

  let verb: ApiRequest['verb'];
  switch (method) {
    case 'GET':
      verb = watch ? 'watch' : name ? 'get' : 'list';
      break;
    case 'POST':
      verb = 'create';
      break;
    case 'PUT':
      verb = 'update';
      break;
    case 'PATCH':
      verb = 'patch';
      break;
    case 'DELETE':
      verb = name ? 'delete' : 'deletecollection';
      break;
    default:
      verb = 'get';
  }
  const req: ApiRequest = { verb, group, version, resource, query };
  if (namespace !== undefined) req.namespace = namespace;
  if (name !== undefined) req.name = name;
  if (subresource !== undefined) req.subresource = subresource;
  if (verb === 'create' || verb === 'update' || verb === 'patch') req.body = body;
  if (verb === 'patch') req.patchType = patchTypeOf(headers.contentType);
  return {
    req,
    watch,
    follow: subresource === 'log' && !!bool(p.get('follow')),
    table,
    timeoutSeconds: int(p.get('timeoutSeconds')),
  };
}
