/**
 * What the API server does to a request body before validation: decoding JSON into the Go
 * types (k8s.io/apimachinery runtime/serializer/json with sigs.k8s.io/json), so a wrong JSON
 * type becomes a 400 like
 *   `Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string
 *    into Go struct field DeploymentSpec.spec.replicas of type int32`
 * and unknown fields follow ?fieldValidation= (Strict: 400 `strict decoding error: unknown field
 * "spec.foo"`, Warn: a warning each, Ignore: dropped silently).
 *
 * Custom resources are checked against their CRD's openAPIV3Schema instead (./custom).
 *
 * The walker below is authoritative: it reproduces Go's messages and cleans the body (drops
 * nulls and unknown fields) in place. Kinds decoded often also get a fast path: an ajv validator
 * compiled lazily from the generated schema (made slightly stricter than Go: no nulls, quantity
 * pattern, int32 bounds) that accepts well-formed bodies in a couple of µs; whatever it rejects
 * still goes through the walker. In the page's worker ajv arrives after the first prompt
 * (./ajv); until then the walker answers alone, with the same results.
 */
import type Ajv from 'ajv';
import type { ValidateFunction } from 'ajv';
import { ajvClass } from './ajv';
import { badRequest } from '../errors';
import type { KindInfo } from '../registry';
import { apiVersionOf } from '../registry';
import { definitionFor, deref, goStructName, goTypeName, K8S_SCHEMA, type SchemaNode } from '../schema';
import type { KObject, Status } from '../types';
import { unknownCustomFields } from './custom';
import { quantityError } from './quantity';

export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

export interface DecodeResult {
  status?: Status;
  warnings: string[];
}

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

/**
 * Fields whose Go type is a named type (`type RestartPolicy string`), which kubernetes-types
 * flattens to `string`; Go prints the named type in unmarshal errors.
 */
const NAMED_TYPES: Record<string, string> = {
  'Container.imagePullPolicy': 'v1.PullPolicy',
  'EphemeralContainer.imagePullPolicy': 'v1.PullPolicy',
  'Container.terminationMessagePolicy': 'v1.TerminationMessagePolicy',
  'PodSpec.restartPolicy': 'v1.RestartPolicy',
  'PodSpec.dnsPolicy': 'v1.DNSPolicy',
  'PodSpec.preemptionPolicy': 'v1.PreemptionPolicy',
  'ContainerPort.protocol': 'v1.Protocol',
  'ServicePort.protocol': 'v1.Protocol',
  'ServiceSpec.type': 'v1.ServiceType',
  'ServiceSpec.sessionAffinity': 'v1.ServiceAffinity',
  'ServiceSpec.externalTrafficPolicy': 'v1.ServiceExternalTrafficPolicy',
  'ServiceSpec.internalTrafficPolicy': 'v1.ServiceInternalTrafficPolicy',
  'ServiceSpec.ipFamilyPolicy': 'v1.IPFamilyPolicy',
  'Secret.type': 'v1.SecretType',
  'Toleration.operator': 'v1.TolerationOperator',
  'Toleration.effect': 'v1.TaintEffect',
  'Taint.effect': 'v1.TaintEffect',
  'DeploymentStrategy.type': 'v1.DeploymentStrategyType',
  'StatefulSetSpec.podManagementPolicy': 'v1.PodManagementPolicyType',
  'StatefulSetUpdateStrategy.type': 'v1.StatefulSetUpdateStrategyType',
  'DaemonSetUpdateStrategy.type': 'v1.DaemonSetUpdateStrategyType',
  'CronJobSpec.concurrencyPolicy': 'v1.ConcurrencyPolicy',
  'JobSpec.completionMode': 'v1.CompletionMode',
  'ResourceRequirements.limits': 'v1.ResourceList',
  'ResourceRequirements.requests': 'v1.ResourceList',
  'VolumeResourceRequirements.limits': 'v1.ResourceList',
  'VolumeResourceRequirements.requests': 'v1.ResourceList',
  'ResourceQuotaSpec.hard': 'v1.ResourceList',
  'PersistentVolumeSpec.capacity': 'v1.ResourceList',
  'Secret.data': 'map[string][]uint8',
  'ConfigMap.binaryData': 'map[string][]uint8',
};

/** Fields that hold base64 ([]byte in Go). */
const BYTES_MAPS = new Set(['Secret.data', 'ConfigMap.binaryData']);

let ajv: Ajv | undefined;
const validators = new Map<string, ValidateFunction>();

/**
 * Compiling a kind's ajv validator costs a few hundred ms for Pod-sized schemas, while the
 * walker below decodes a small pod in ~10 µs; so a kind gets its ajv fast path (~2 µs) only
 * once it is written often (controllers creating many objects), never for a learner's first
 * `kubectl apply`.
 */
export const decodeTuning = { ajvAfter: 200 };
const uses = new Map<string, number>();

/** A copy of the generated schema tightened to what Go accepts, for the fast path. */
function ajvSchema(): Record<string, unknown> {
  const defs: Record<string, unknown> = {};
  const tighten = (n: SchemaNode, parent: string, prop: string): Record<string, unknown> => {
    if (n.$ref) return { $ref: n.$ref };
    if (n['x-kubernetes-preserve-unknown-fields']) return {};
    const out: Record<string, unknown> = {};
    if (n.type === 'integer') {
      out.type = 'integer';
      if (n.format === 'int32') {
        out.minimum = INT32_MIN;
        out.maximum = INT32_MAX;
      }
    } else if (n.type === 'array') {
      out.type = 'array';
      if (n.items) out.items = tighten(n.items, parent, prop);
    } else if (n.type === 'object' || n.properties) {
      out.type = 'object';
      if (n.properties) {
        const ps: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(n.properties)) ps[k] = tighten(v, parent, k);
        out.properties = ps;
        out.additionalProperties = false;
      } else if (n.additionalProperties && typeof n.additionalProperties === 'object') {
        out.additionalProperties = tighten(n.additionalProperties, parent, prop);
      }
    } else if (n.anyOf) {
      return { anyOf: n.anyOf.map((b) => tighten(b, parent, prop)) };
    } else if (n.type !== undefined) {
      out.type = n.type;
    }
    if (n.type === 'string' && BYTES_MAPS.has(`${parent}.${prop}`)) out.pattern = '^[A-Za-z0-9+/]*={0,2}$';
    return out;
  };
  for (const [name, d] of Object.entries(K8S_SCHEMA.definitions)) {
    if (name === 'Quantity')
      defs[name] = { anyOf: [{ type: 'number' }, { type: 'string', pattern: '^\\s*[+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[KMGTPE]i|[numkMGTPE]|[eE][-+]?[0-9]+)?\\s*$' }] };
    else if (name === 'IntOrString') defs[name] = { anyOf: [{ type: 'integer', minimum: INT32_MIN, maximum: INT32_MAX }, { type: 'string' }] };
    else defs[name] = tighten(d, name.split('.').pop()!, '');
  }
  return { $id: 'k8s', definitions: defs };
}

/** The kind's fast-path validator, or undefined while ajv is not loaded (worker only). */
function validatorFor(def: string): ValidateFunction | undefined {
  let v = validators.get(def);
  if (!v) {
    if (!ajv) {
      const AjvClass = ajvClass();
      if (!AjvClass) return undefined;
      ajv = new AjvClass({ strict: false, allErrors: false, validateFormats: false, validateSchema: false, addUsedSchema: false });
      ajv.addSchema(ajvSchema());
    }
    v = ajv.compile({ $ref: `k8s#/definitions/${def}` });
    validators.set(def, v);
  }
  return v;
}

/** Go's name for the JSON value kind in `cannot unmarshal <x>`. */
function jsonKind(v: unknown): string {
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return 'number';
  if (typeof v === 'boolean') return 'bool';
  if (Array.isArray(v)) return 'array';
  return 'object';
}

interface Walk {
  /** first type error (Go saves the first and keeps decoding) */
  typeError?: string;
  /** an error that stops decoding at once (custom unmarshalers: Quantity, IntOrString) */
  abort?: string;
  unknown: string[];
  drop: boolean;
}

/** Records Go's first type error (a plain function: closures per call cost in hot loops). */
function setTypeErr(w: Walk, kind: string, n: SchemaNode, structName: string, goPath: string, owner: string, prop: string): void {
  if (!w.typeError) w.typeError = `json: cannot unmarshal ${kind} into Go struct field ${structName}.${goPath} of type ${goType(n, owner, prop)}`;
}

/** Go type name of a schema node, for `of type ...`. */
function goType(n: SchemaNode, owner: string, prop: string): string {
  const named = NAMED_TYPES[`${owner}.${prop}`];
  if (named) return named;
  if (n.$ref) return goTypeName(deref(n).name!);
  switch (n.type) {
    case 'string':
      return 'string';
    case 'boolean':
      return 'bool';
    case 'integer':
      return n.format === 'int64' ? 'int64' : 'int32';
    case 'number':
      return 'float64';
    case 'array':
      return `[]${n.items ? goType(n.items, owner, prop) : 'interface {}'}`;
    case 'object':
      return n.additionalProperties && typeof n.additionalProperties === 'object'
        ? `map[string]${goType(n.additionalProperties, owner, '')}`
        : 'map[string]interface {}';
    default:
      return 'interface {}';
  }
}

function zeroOf(n: SchemaNode): unknown {
  const r = n.$ref ? deref(n).node : n;
  if (r.type === 'object' || r.properties) return {};
  if (r.type === 'string') return '';
  if (r.type === 'integer' || r.type === 'number') return 0;
  if (r.type === 'boolean') return false;
  return null;
}

/** Index of the first byte Go's base64.StdEncoding rejects, or -1. */
function base64ErrorOffset(s: string): number {
  const body = s.replace(/[\r\n]/g, '');
  let i = 0;
  for (; i < body.length; i++) {
    const c = body[i];
    if (!/[A-Za-z0-9+/]/.test(c)) break;
  }
  if (i === body.length) return body.length % 4 === 0 ? -1 : body.length - (body.length % 4);
  // padding: only at the end, completing a quantum
  const pad = body.slice(i);
  if (/^=+$/.test(pad) && pad.length <= 2 && body.length % 4 === 0 && i % 4 >= 2) return -1;
  return i;
}

/**
 * Walks `value` against schema node `n`. `structName` and `goPath` build Go's
 * `Go struct field <Struct>.<a.b.c>`; `path` (with [i]) builds strict-decoding field paths.
 */
function walk(
  value: unknown,
  n: SchemaNode,
  w: Walk,
  structName: string,
  goPath: string,
  path: string,
  owner: string,
  prop: string,
): void {
  if (w.abort) return;
  if (n.anyOf) {
    walkAnyOf(value, n.anyOf, w, structName, goPath, path, owner, prop);
    return;
  }
  if (n.$ref) {
    const { name, node } = deref(n);
    if (name === 'Quantity') {
      const err = quantityError(typeof value === 'string' || typeof value === 'number' ? value : JSON.stringify(value));
      if (err) w.abort = err;
      return;
    }
    if (name === 'IntOrString') {
      if (typeof value === 'string') return;
      if (typeof value === 'number' && Number.isInteger(value) && value >= INT32_MIN && value <= INT32_MAX) return;
      const kind = typeof value === 'number' ? `number ${value}` : jsonKind(value);
      w.abort = `json: cannot unmarshal ${kind} into Go struct field ${structName}.${goPath} of type int32`;
      return;
    }
    if (node['x-kubernetes-preserve-unknown-fields']) return;
    if (node.anyOf) {
      walkAnyOf(value, node.anyOf, w, structName, goPath, path, owner, prop);
      return;
    }
    if (node.type === 'string') {
      if (typeof value !== 'string') setTypeErr(w, jsonKind(value), n, structName, goPath, owner, prop);
      return;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      setTypeErr(w, jsonKind(value), n, structName, goPath, owner, prop);
      return;
    }
    walkStruct(value as Record<string, unknown>, node, w, goStructName(name!), goPath, path, name!);
    return;
  }
  switch (n.type) {
    case 'string':
      if (typeof value !== 'string') setTypeErr(w, value !== null && typeof value === 'object' && !Array.isArray(value) ? 'object' : jsonKind(value), n, structName, goPath, owner, prop);
      return;
    case 'boolean':
      if (typeof value !== 'boolean') setTypeErr(w, jsonKind(value), n, structName, goPath, owner, prop);
      return;
    case 'integer':
      if (typeof value !== 'number') setTypeErr(w, jsonKind(value), n, structName, goPath, owner, prop);
      else {
        const [lo, hi] = n.format === 'int64' ? [-(2 ** 63), 2 ** 63 - 1] : [INT32_MIN, INT32_MAX];
        if (!Number.isInteger(value) || value < lo || value > hi) setTypeErr(w, `number ${value}`, n, structName, goPath, owner, prop);
      }
      return;
    case 'number':
      if (typeof value !== 'number') setTypeErr(w, jsonKind(value), n, structName, goPath, owner, prop);
      return;
    case 'array': {
      if (!Array.isArray(value)) {
        setTypeErr(w, jsonKind(value), n, structName, goPath, owner, prop);
        return;
      }
      const items = n.items ?? {};
      for (let i = 0; i < value.length; i++) {
        if (value[i] === null) {
          value[i] = zeroOf(items);
          continue;
        }
        walk(value[i], items, w, structName, goPath, `${path}[${i}]`, owner, prop);
      }
      return;
    }
    case 'object': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        setTypeErr(w, jsonKind(value), n, structName, goPath, owner, prop);
        return;
      }
      const ap = n.additionalProperties;
      if (!ap || typeof ap !== 'object') return;
      const bytes = BYTES_MAPS.has(`${owner}.${prop}`);
      const rec = value as Record<string, unknown>;
      for (const k of Object.keys(rec)) {
        const v = rec[k];
        if (v === null) {
          rec[k] = zeroOf(ap);
          continue;
        }
        if (bytes) {
          if (typeof v !== 'string') {
            if (!w.typeError) w.typeError = `json: cannot unmarshal ${jsonKind(v)} into Go struct field ${structName}.${goPath} of type []uint8`;
            continue;
          }
          const off = base64ErrorOffset(v);
          if (off >= 0) {
            w.abort = `illegal base64 data at input byte ${off}`;
            return;
          }
          continue;
        }
        walk(v, ap, w, structName, goPath, `${path}.${k}`, owner, prop);
      }
      return;
    }
    default:
      return;
  }
}

function branchKind(b: SchemaNode): string {
  const r = b.$ref ? deref(b).node : b;
  if (r.type === 'array') return 'array';
  if (r.type === 'boolean') return 'bool';
  if (r.type === 'string') return 'string';
  return 'object';
}

/** Unions (JSONSchemaPropsOrArray, …OrBool): the branch whose JSON kind fits the value. */
function walkAnyOf(
  value: unknown,
  branches: SchemaNode[],
  w: Walk,
  structName: string,
  goPath: string,
  path: string,
  owner: string,
  prop: string,
): void {
  const k = jsonKind(value);
  let b: SchemaNode | undefined;
  for (const x of branches) if (branchKind(x) === k) b = b ?? x;
  if (b) walk(value, b, w, structName, goPath, path, owner, prop);
  else if (!w.typeError) w.typeError = `json: cannot unmarshal ${k} into Go struct field ${structName}.${goPath} of type ${goTypeName(owner)}`;
}

function walkStruct(
  rec: Record<string, unknown>,
  def: SchemaNode,
  w: Walk,
  structName: string,
  goPath: string,
  path: string,
  defName: string,
): void {
  const props = def.properties ?? {};
  const owner = defName.split('.').pop()!;
  for (const k of Object.keys(rec)) {
    if (w.abort) return;
    const p = path ? `${path}.${k}` : k;
    const sub = props[k];
    if (!sub) {
      w.unknown.push(p);
      if (w.drop) delete rec[k];
      continue;
    }
    const v = rec[k];
    if (v === null) {
      delete rec[k];
      continue;
    }
    walk(v, sub, w, structName, goPath ? `${goPath}.${k}` : k, p, owner, k);
  }
}

function cannotHandle(info: KindInfo, msg: string): Status {
  return badRequest(`${info.kind} in version ${JSON.stringify(info.version)} cannot be handled as a ${info.kind}: ${msg}`);
}

function finish(info: KindInfo, unknown: string[], mode: FieldValidation): DecodeResult {
  if (unknown.length === 0 || mode === 'Ignore') return { warnings: [] };
  const texts = unknown.map((p) => `unknown field ${JSON.stringify(p)}`);
  if (mode === 'Warn') return { warnings: texts };
  return { status: cannotHandle(info, `strict decoding error: ${texts.join(', ')}`), warnings: [] };
}

/**
 * Decodes a request body for `info`, in place: drops nulls (Go's zero values) and unknown
 * fields. Answers a 400 Status for what the real decoder rejects. Never throws.
 */
export function decode(info: KindInfo, obj: unknown, opts?: { fieldValidation?: FieldValidation }): DecodeResult {
  const mode = opts?.fieldValidation ?? 'Strict';
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj))
    return { status: cannotHandle(info, `json: cannot unmarshal ${jsonKind(obj)} into Go value of type map[string]interface {}`), warnings: [] };
  const rec = obj as Record<string, unknown>;
  if (info.crd) {
    // metadata is a real ObjectMeta; the rest follows the CRD's structural schema
    const w: Walk = { unknown: [], drop: true };
    if (rec.metadata !== undefined && rec.metadata !== null) walk(rec.metadata, { $ref: '#/definitions/ObjectMeta' }, w, info.kind, 'metadata', 'metadata', info.kind, 'metadata');
    if (w.abort || w.typeError) return { status: cannotHandle(info, (w.abort ?? w.typeError)!), warnings: [] };
    const unknown = [...w.unknown, ...unknownCustomFields(info, rec as KObject, true)];
    return finish(info, unknown, mode);
  }
  const def = definitionFor(apiVersionOf(info), info.kind);
  if (!def) return { warnings: [] };
  const n = (uses.get(def) ?? 0) + 1;
  uses.set(def, n);
  if (n > decodeTuning.ajvAfter && validatorFor(def)?.(obj)) return { warnings: [] };
  const w: Walk = { unknown: [], drop: true };
  walkStruct(rec, K8S_SCHEMA.definitions[def], w, goStructName(def), '', '', def);
  const err = w.abort ?? w.typeError;
  if (err) return { status: cannotHandle(info, err), warnings: [] };
  return finish(info, w.unknown, mode);
}
