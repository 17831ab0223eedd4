/**
 * The three patch formats the API server accepts: JSON merge patch (RFC 7386), strategic
 * merge patch (keyed lists of the built-in kinds merged by their patchMergeKey, with the
 * `$patch`, `$retainKeys`, `$setElementOrder` and `$deleteFromPrimitiveList` directives),
 * and JSON Patch (RFC 6902, through fast-json-patch).
 *
 * The merge keys are those of the Kubernetes Go types' `patchMergeKey` tags; lists without
 * a strategy (args, command, tolerations, …) are replaced whole, as upstream.
 */
// the package's ESM build (its main entry resolves to TypeScript sources some loaders pick up)
import * as fjp from 'fast-json-patch/index.mjs';
import type { Operation } from 'fast-json-patch';
import { clone } from './objects';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type JsonObject = { [k: string]: Json };

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** RFC 7386: maps merge recursively, null deletes, anything else (lists included) replaces. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return clone(patch);
  const out: JsonObject = isObject(target) ? { ...(target as JsonObject) } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v) as Json;
  }
  return out;
}

/** patchMergeKey by field name; `ports` is keyed by containerPort in containers and by port in Services. */
const MERGE_KEYS: Record<string, string> = {
  containers: 'name',
  initContainers: 'name',
  ephemeralContainers: 'name',
  env: 'name',
  volumes: 'name',
  volumeMounts: 'mountPath',
  volumeDevices: 'devicePath',
  imagePullSecrets: 'name',
  hostAliases: 'ip',
  ownerReferences: 'uid',
  conditions: 'type',
  topologySpreadConstraints: 'topologyKey',
  schedulingGates: 'name',
  resourceClaims: 'name',
  addresses: 'type',
  podIPs: 'ip',
  ephemeralContainerStatuses: 'name',
};

/** Primitive lists whose strategy is merge (a set union), not replace. */
const MERGE_PRIMITIVE = new Set(['finalizers']);

function mergeKeyFor(field: string, items: unknown[]): string | undefined {
  if (field === 'ports') {
    const sample = items.find(isObject);
    if (sample && 'containerPort' in sample) return 'containerPort';
    if (sample && 'port' in sample) return 'port';
    return undefined;
  }
  return MERGE_KEYS[field];
}

export class PatchError extends Error {}

/** Applies a strategic merge patch to a built-in object. */
export function strategicMergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) throw new PatchError('strategic merge patch must be a JSON object');
  return mergeMap(isObject(target) ? target : {}, patch);
}

function mergeMap(original: JsonObject, patch: JsonObject): JsonObject | undefined {
  const directive = patch['$patch'];
  if (directive === 'replace') {
    const { $patch: _, ...rest } = patch;
    return stripDirectives(rest) as JsonObject;
  }
  if (directive === 'delete') return undefined;
  const out: JsonObject = { ...original };
  const orders: [string, Json][] = [];
  let retain: string[] | undefined;
  for (const [k, v] of Object.entries(patch)) {
    if (k === '$patch') continue;
    if (k === '$retainKeys') {
      retain = Array.isArray(v) ? (v.filter((x) => typeof x === 'string') as string[]) : undefined;
      continue;
    }
    if (k.startsWith('$setElementOrder/')) {
      orders.push([k.slice('$setElementOrder/'.length), v]);
      continue;
    }
    if (k.startsWith('$deleteFromPrimitiveList/')) {
      const f = k.slice('$deleteFromPrimitiveList/'.length);
      const drop = new Set((Array.isArray(v) ? v : []).map((x) => JSON.stringify(x)));
      if (Array.isArray(out[f])) out[f] = (out[f] as Json[]).filter((x) => !drop.has(JSON.stringify(x)));
      continue;
    }
    if (v === null) {
      delete out[k];
      continue;
    }
    const cur = out[k];
    if (isObject(v)) {
      const merged = isObject(cur) ? mergeMap(cur, v) : mergeMap({}, v);
      if (merged === undefined) delete out[k];
      else out[k] = merged;
    } else if (Array.isArray(v)) {
      out[k] = mergeList(k, Array.isArray(cur) ? cur : [], v);
    } else out[k] = v;
  }
  for (const [f, order] of orders) if (Array.isArray(out[f]) && Array.isArray(order)) out[f] = applyOrder(f, out[f] as Json[], order);
  if (retain) for (const k of Object.keys(out)) if (!retain.includes(k)) delete out[k];
  return out;
}

function mergeList(field: string, original: Json[], patch: Json[]): Json[] {
  const replace = patch.find((x) => isObject(x) && x['$patch'] === 'replace');
  if (replace) return stripDirectives(patch.filter((x) => x !== replace)) as Json[];
  if (MERGE_PRIMITIVE.has(field) && patch.every((x) => !isObject(x))) {
    const out = [...original];
    for (const x of patch) if (!out.some((y) => JSON.stringify(y) === JSON.stringify(x))) out.push(x);
    return out;
  }
  const key = mergeKeyFor(field, [...patch, ...original]);
  if (!key || !patch.every(isObject)) return stripDirectives(patch) as Json[];
  const out: Json[] = original.map((x) => x);
  for (const p of patch as JsonObject[]) {
    const idx = out.findIndex((o) => isObject(o) && o[key] === p[key]);
    if (p['$patch'] === 'delete') {
      if (idx >= 0) out.splice(idx, 1);
      continue;
    }
    if (idx >= 0) {
      const merged = mergeMap(out[idx] as JsonObject, p);
      if (merged === undefined) out.splice(idx, 1);
      else out[idx] = merged;
    } else out.push(stripDirectives(p) as Json);
  }
  return out;
}

function applyOrder(field: string, list: Json[], order: Json[]): Json[] {
  const key = mergeKeyFor(field, list);
  const id = (x: Json) => (key && isObject(x) ? JSON.stringify(x[key]) : JSON.stringify(x));
  const wanted = order.map((o) => (key && isObject(o) ? JSON.stringify(o[key]) : JSON.stringify(o)));
  return [...list].sort((a, b) => {
    const ia = wanted.indexOf(id(a));
    const ib = wanted.indexOf(id(b));
    return (ia < 0 ? Infinity : ia) - (ib < 0 ? Infinity : ib);
  });
}

function stripDirectives(v: Json): Json {
  if (Array.isArray(v)) return v.map(stripDirectives);
  if (isObject(v)) {
    const out: JsonObject = {};
    for (const [k, x] of Object.entries(v)) if (!k.startsWith('$')) out[k] = stripDirectives(x);
    return out;
  }
  return v;
}

// fast-json-patch is CommonJS for Node and ESM for bundlers: take applyPatch from whichever shape loaded
const applyPatch: typeof fjp.applyPatch =
  fjp.applyPatch ?? (fjp as unknown as { default: typeof fjp }).default.applyPatch;

/** RFC 6902 through fast-json-patch; failures become a PatchError worded like the apiserver's. */
export function jsonPatch(target: unknown, ops: unknown): unknown {
  if (!Array.isArray(ops)) throw new PatchError('json: cannot unmarshal object into Go value of type jsonpatch.Patch');
  const doc = clone(target);
  try {
    const res = applyPatch(doc, ops as Operation[], true, true);
    return res.newDocument;
  } catch (e) {
    const err = e as { name?: string; operation?: { op?: string; path?: string }; message?: string };
    const op = err.operation?.op ?? 'unknown';
    const path = err.operation?.path ?? '';
    if (err.name === 'TEST_OPERATION_FAILED') throw new PatchError(`testing value ${path} failed: test failed`);
    if (err.name === 'OPERATION_PATH_UNRESOLVABLE' || err.name === 'OPERATION_PATH_CANNOT_ADD')
      throw new PatchError(`jsonpatch ${op} operation does not apply: doc is missing path: "${path}": missing value`);
    if (err.name === 'OPERATION_OP_INVALID') throw new PatchError(`Unexpected kind: ${op}`);
    throw new PatchError(`jsonpatch ${op} operation does not apply: ${String(err.message ?? e).split('\n')[0]}`);
  }
}

