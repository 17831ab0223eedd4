/**
 * Custom resources against their CRD version's openAPIV3Schema, as apiextensions-apiserver
 * does: pruning of unknown fields (unless x-kubernetes-preserve-unknown-fields), and schema
 * validation whose messages come from kube-openapi (`spec.replicas in body must be of type
 * integer: "string"`) wrapped in field errors.
 */
import { field } from '../errors';
import type { KindInfo } from '../registry';
import type { FieldError, KObject } from '../types';

export interface JSONSchemaProps {
  type?: string;
  format?: string;
  properties?: Record<string, JSONSchemaProps>;
  additionalProperties?: boolean | JSONSchemaProps;
  items?: JSONSchemaProps;
  required?: string[];
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: boolean;
  exclusiveMaximum?: boolean;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minItems?: number;
  maxItems?: number;
  minProperties?: number;
  maxProperties?: number;
  multipleOf?: number;
  nullable?: boolean;
  default?: unknown;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-embedded-resource'?: boolean;
  [k: string]: unknown;
}

/** kube-openapi's name for the JSON type of a value. */
function valueType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  if (typeof v === 'boolean') return 'boolean';
  return typeof v; // string | object
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Paths of fields the schema does not declare (in document order); removes them when `remove`.
 * The root's apiVersion, kind and metadata are always known.
 */
export function unknownCustomFields(info: KindInfo, obj: KObject, remove: boolean): string[] {
  const schema = info.schema as JSONSchemaProps | undefined;
  const out: string[] = [];
  if (!schema) return out;
  const visit = (v: unknown, s: JSONSchemaProps, path: string, root: boolean) => {
    if (s['x-kubernetes-preserve-unknown-fields'] && !s.properties) return;
    if (Array.isArray(v)) {
      if (s.items) v.forEach((x, i) => visit(x, s.items!, `${path}[${i}]`, false));
      return;
    }
    if (!isObject(v)) return;
    const embedded = root || s['x-kubernetes-embedded-resource'];
    for (const k of Object.keys(v)) {
      if (embedded && (k === 'apiVersion' || k === 'kind' || k === 'metadata')) continue;
      const p = join(path, k);
      const sub = s.properties?.[k];
      if (sub) {
        visit(v[k], sub, p, false);
        continue;
      }
      if (typeof s.additionalProperties === 'object') {
        visit(v[k], s.additionalProperties, p, false);
        continue;
      }
      if (s.additionalProperties === true || s['x-kubernetes-preserve-unknown-fields']) continue;
      out.push(p);
      if (remove) delete v[k];
    }
  };
  visit(obj, schema, '', true);
  return out;
}

/** Drops every field the CRD schema does not declare (structural pruning). */
export function pruneCustom(info: KindInfo, obj: KObject): void {
  unknownCustomFields(info, obj, true);
}

function typeMatches(v: unknown, s: JSONSchemaProps): boolean {
  if (s['x-kubernetes-int-or-string']) return typeof v === 'string' || (typeof v === 'number' && Number.isInteger(v));
  switch (s.type) {
    case undefined:
      return true;
    case 'object':
      return isObject(v);
    case 'array':
      return Array.isArray(v);
    case 'string':
      return typeof v === 'string';
    case 'integer':
      return typeof v === 'number' && Number.isInteger(v);
    case 'number':
      return typeof v === 'number';
    case 'boolean':
      return typeof v === 'boolean';
    default:
      return true;
  }
}

/** Schema validation of a custom resource (everything but metadata), as 422 field errors. */
export function validateCustom(info: KindInfo, obj: KObject): FieldError[] {
  const schema = info.schema as JSONSchemaProps | undefined;
  const errs: FieldError[] = [];
  if (!schema) return errs;
  const check = (v: unknown, s: JSONSchemaProps, path: string, root: boolean) => {
    if (v === null) {
      if (s.nullable) return;
      if (s.type) errs.push(field.invalid(path, 'null', `${path} in body must be of type ${s.type}: "null"`));
      return;
    }
    if (!typeMatches(v, s)) {
      const t = s['x-kubernetes-int-or-string'] ? 'integer,string' : s.type!;
      errs.push({
        type: 'FieldValueTypeInvalid',
        field: path,
        value: valueType(v),
        hasValue: true,
        detail: `${path} in body must be of type ${t}: ${JSON.stringify(valueType(v))}`,
      });
      return;
    }
    if (s.enum && !s.enum.some((e) => JSON.stringify(e) === JSON.stringify(v))) {
      errs.push(field.notSupported(path, v, s.enum.map((e) => (typeof e === 'string' ? e : JSON.stringify(e)))));
    }
    if (typeof v === 'number') {
      if (s.minimum !== undefined) {
        if (s.exclusiveMinimum ? v <= s.minimum : v < s.minimum)
          errs.push(field.invalid(path, v, `${path} in body should be greater than ${s.exclusiveMinimum ? '' : 'or equal to '}${s.minimum}`));
      }
      if (s.maximum !== undefined) {
        if (s.exclusiveMaximum ? v >= s.maximum : v > s.maximum)
          errs.push(field.invalid(path, v, `${path} in body should be less than ${s.exclusiveMaximum ? '' : 'or equal to '}${s.maximum}`));
      }
      if (s.multipleOf !== undefined && s.multipleOf > 0 && Math.abs(v / s.multipleOf - Math.round(v / s.multipleOf)) > 1e-9)
        errs.push(field.invalid(path, v, `${path} in body should be a multiple of ${s.multipleOf}`));
    }
    if (typeof v === 'string') {
      const len = [...v].length;
      if (s.minLength !== undefined && len < s.minLength)
        errs.push(field.invalid(path, v, `${path} in body should be at least ${s.minLength} chars long`));
      if (s.maxLength !== undefined && len > s.maxLength) errs.push(field.tooLong(path, s.maxLength));
      if (s.pattern !== undefined) {
        let re: RegExp | undefined;
        try {
          re = new RegExp(s.pattern, 'u');
        } catch {
          re = undefined;
        }
        if (re && !re.test(v)) errs.push(field.invalid(path, v, `${path} in body should match '${s.pattern}'`));
      }
    }
    if (Array.isArray(v)) {
      if (s.minItems !== undefined && v.length < s.minItems)
        errs.push(field.invalid(path, v.length, `${path} in body should have at least ${s.minItems} items`));
      if (s.maxItems !== undefined && v.length > s.maxItems) errs.push(field.tooMany(path, v.length, s.maxItems));
      if (s.items) v.forEach((x, i) => check(x, s.items!, `${path}[${i}]`, false));
    }
    if (isObject(v)) {
      for (const r of s.required ?? []) if (v[r] === undefined) errs.push(field.required(join(path, r), ''));
      const n = Object.keys(v).length;
      if (s.minProperties !== undefined && n < s.minProperties)
        errs.push(field.invalid(path, n, `${path} in body should have at least ${s.minProperties} properties`));
      if (s.maxProperties !== undefined && n > s.maxProperties) errs.push(field.tooMany(path, n, s.maxProperties));
      for (const [k, x] of Object.entries(v)) {
        if (root && (k === 'metadata' || k === 'apiVersion' || k === 'kind')) continue;
        const sub = s.properties?.[k] ?? (typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined);
        if (sub) check(x, sub, join(path, k), false);
      }
    }
  };
  check(obj, schema, '', true);
  return errs;
}
