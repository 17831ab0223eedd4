/**
 * ObjectMeta validation (apimachinery/pkg/api/validation/objectmeta.go): names per kind,
 * namespace presence, labels, annotations, owner references, finalizers, and the update
 * rules (name/namespace/uid/creationTimestamp immutable). Also label-selector validation
 * (metav1 validation.ValidateLabelSelector) and the Go `%#v` renderings used in messages.
 */
import { field } from '../errors';
import type { KindInfo } from '../registry';
import type { FieldError, KObject } from '../types';
import {
  isDNS1123Subdomain,
  isQualifiedName,
  isValidLabelValue,
  nameIsDNS1035Label,
  nameIsDNSLabel,
  nameIsDNSSubdomain,
  nameIsPathSegment,
  type NameFn,
} from './names';

export type Obj = Record<string, unknown>;

export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

export function sortedKeys(m: Obj): string[] {
  return Object.keys(m).sort();
}

/** Which name rule a kind uses (ValidateObjectMeta's nameFn). */
export function nameFnFor(info: KindInfo): NameFn {
  if (info.group === '' && info.kind === 'Service') return nameIsDNS1035Label;
  if (info.group === '' && info.kind === 'Namespace') return nameIsDNSLabel;
  if (info.group === 'rbac.authorization.k8s.io') return nameIsPathSegment;
  if (info.group === 'apps' && info.kind === 'StatefulSet') return nameIsDNSLabel;
  return nameIsDNSSubdomain;
}

export function validateLabels(labels: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!isObj(labels)) return errs;
  for (const k of sortedKeys(labels)) {
    for (const m of isQualifiedName(k)) errs.push(field.invalid(path, k, m));
    for (const m of isValidLabelValue(str(labels[k]))) errs.push(field.invalid(path, str(labels[k]), m));
  }
  return errs;
}

const TOTAL_ANNOTATION_SIZE = 256 * 1024;

export function validateAnnotations(ann: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!isObj(ann)) return errs;
  let size = 0;
  for (const k of sortedKeys(ann)) {
    for (const m of isQualifiedName(k.toLowerCase())) errs.push(field.invalid(path, k, m));
    size += k.length + str(ann[k]).length;
  }
  if (size > TOTAL_ANNOTATION_SIZE) errs.push(field.tooLong(path, TOTAL_ANNOTATION_SIZE));
  return errs;
}

export function validateObjectMeta(info: KindInfo, obj: KObject): FieldError[] {
  const errs: FieldError[] = [];
  const meta = (isObj(obj.metadata) ? obj.metadata : {}) as Obj;
  const nameFn = nameFnFor(info);
  const name = str(meta.name);
  const gen = str(meta.generateName);
  if (gen) for (const m of nameFn(gen, true)) errs.push(field.invalid('metadata.generateName', gen, m));
  if (!name) errs.push(field.required('metadata.name', 'name or generateName is required'));
  else for (const m of nameFn(name, false)) errs.push(field.invalid('metadata.name', name, m));
  const ns = str(meta.namespace);
  if (info.namespaced) {
    if (!ns) errs.push(field.required('metadata.namespace', ''));
    else for (const m of nameIsDNSLabel(ns, false)) errs.push(field.invalid('metadata.namespace', ns, m));
  } else if (ns) {
    errs.push(field.forbidden('metadata.namespace', 'not allowed on this type'));
  }
  if (typeof meta.generation === 'number' && meta.generation < 0)
    errs.push(field.invalid('metadata.generation', meta.generation, 'must be greater than or equal to 0'));
  errs.push(...validateLabels(meta.labels, 'metadata.labels'));
  errs.push(...validateAnnotations(meta.annotations, 'metadata.annotations'));
  errs.push(...validateOwnerReferences(meta.ownerReferences));
  errs.push(...validateFinalizers(meta.finalizers));
  return errs;
}

function validateOwnerReferences(refs: unknown): FieldError[] {
  const errs: FieldError[] = [];
  if (!Array.isArray(refs)) return errs;
  let controllers = 0;
  refs.forEach((r, i) => {
    if (!isObj(r)) return;
    const p = `metadata.ownerReferences[${i}]`;
    if (!str(r.apiVersion)) errs.push(field.invalid(`${p}.apiVersion`, str(r.apiVersion), 'version must not be empty'));
    if (!str(r.kind)) errs.push(field.invalid(`${p}.kind`, str(r.kind), 'must not be empty'));
    if (!str(r.name)) errs.push(field.invalid(`${p}.name`, str(r.name), 'must not be empty'));
    if (!str(r.uid)) errs.push(field.invalid(`${p}.uid`, str(r.uid), 'must not be empty'));
    if (r.controller === true) controllers++;
  });
  if (controllers > 1)
    errs.push(field.invalid('metadata.ownerReferences', refs, 'Only one reference can have Controller set to true'));
  return errs;
}

function validateFinalizers(fins: unknown): FieldError[] {
  const errs: FieldError[] = [];
  if (!Array.isArray(fins)) return errs;
  for (const f of fins) for (const m of isQualifiedName(str(f))) errs.push(field.invalid('metadata.finalizers', str(f), m));
  return errs;
}

/** Warnings (not errors) the server adds for metadata, as GetWarningsForObjectMeta. */
export function metadataWarnings(obj: KObject): string[] {
  const out: string[] = [];
  const fins = isObj(obj.metadata) && Array.isArray(obj.metadata.finalizers) ? obj.metadata.finalizers : [];
  for (const f of fins) {
    const s = str(f);
    if (!s.includes('/') && !['kubernetes', 'orphan', 'foregroundDeletion'].includes(s))
      out.push(`metadata.finalizers: ${JSON.stringify(s)}: prefer a domain-qualified finalizer name to avoid accidental conflicts with other finalizer writers`);
  }
  return out;
}

export function validateObjectMetaUpdate(obj: KObject, old: KObject): FieldError[] {
  const errs: FieldError[] = [];
  const m = (isObj(obj.metadata) ? obj.metadata : {}) as Obj;
  const o = (isObj(old.metadata) ? old.metadata : {}) as Obj;
  const imm = (k: string) => {
    if (m[k] !== undefined && o[k] !== undefined && m[k] !== o[k]) errs.push(field.immutable(`metadata.${k}`, m[k]));
  };
  imm('name');
  imm('namespace');
  imm('uid');
  imm('creationTimestamp');
  return errs;
}

interface LabelSelectorRequirement {
  key?: unknown;
  operator?: unknown;
  values?: unknown;
}

export function validateLabelSelector(sel: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!isObj(sel)) return errs;
  errs.push(...validateLabels(sel.matchLabels, `${path}.matchLabels`));
  const exprs = Array.isArray(sel.matchExpressions) ? sel.matchExpressions : [];
  exprs.forEach((e: LabelSelectorRequirement, i: number) => {
    const p = `${path}.matchExpressions[${i}]`;
    const values = Array.isArray(e.values) ? (e.values as unknown[]) : [];
    switch (e.operator) {
      case 'In':
      case 'NotIn':
        if (values.length === 0) errs.push(field.required(`${p}.values`, "must be specified when `operator` is 'In' or 'NotIn'"));
        break;
      case 'Exists':
      case 'DoesNotExist':
        if (values.length > 0) errs.push(field.forbidden(`${p}.values`, "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
        break;
      default:
        errs.push(field.invalid(`${p}.operator`, str(e.operator), 'not a valid selector operator'));
    }
    for (const m of isQualifiedName(str(e.key))) errs.push(field.invalid(`${p}.key`, str(e.key), m));
    values.forEach((v, j) => {
      for (const m of isValidLabelValue(str(v))) errs.push(field.invalid(`${p}.values[${j}]`, str(v), m));
    });
  });
  return errs;
}

/** Go `%#v` of a string map: `map[string]string{"a":"b"}` or `map[string]string(nil)`. */
export function goStringMap(m: unknown): string {
  if (!isObj(m)) return 'map[string]string(nil)';
  return `map[string]string{${sortedKeys(m)
    .map((k) => `${JSON.stringify(k)}:${JSON.stringify(str(m[k]))}`)
    .join(', ')}}`;
}

/** Go `%#v` of a metav1.LabelSelector, as immutable-selector errors print it. */
export function goLabelSelector(sel: unknown): string {
  if (!isObj(sel)) return 'null';
  const ml = isObj(sel.matchLabels) ? goStringMap(sel.matchLabels) : 'map[string]string(nil)';
  const exprs = Array.isArray(sel.matchExpressions) ? sel.matchExpressions : undefined;
  const me = exprs
    ? `[]v1.LabelSelectorRequirement{${exprs
        .map((e: LabelSelectorRequirement) => {
          const vals = Array.isArray(e.values)
            ? `[]string{${(e.values as unknown[]).map((v) => JSON.stringify(str(v))).join(', ')}}`
            : '[]string(nil)';
          return `v1.LabelSelectorRequirement{Key:${JSON.stringify(str(e.key))}, Operator:${JSON.stringify(str(e.operator))}, Values:${vals}}`;
        })
        .join(', ')}}`
    : '[]v1.LabelSelectorRequirement(nil)';
  return `v1.LabelSelector{MatchLabels:${ml}, MatchExpressions:${me}}`;
}

/** Value-equality of JSON values (apiequality.Semantic.DeepEqual for decoded JSON). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => deepEqual(x, bb[i]));
  }
  const ak = Object.keys(a as Obj).filter((k) => (a as Obj)[k] !== undefined);
  const bk = Object.keys(b as Obj).filter((k) => (b as Obj)[k] !== undefined);
  if (ak.length !== bk.length) return false;
  return ak.every((k) => deepEqual((a as Obj)[k], (b as Obj)[k]));
}

export { isDNS1123Subdomain };
