/**
 * Status errors with the codes, reasons and message wording of
 * k8s.io/apimachinery/pkg/api/errors and pkg/util/validation/field.
 */
import type { FieldError, FieldErrorType, Status, StatusDetails } from './types';

/** Thrown inside the server pipeline; the server turns it into a Status response. */
export class StatusError extends Error {
  constructor(readonly status: Status) {
    super(status.message);
  }
}

export function isStatus(x: unknown): x is Status {
  return typeof x === 'object' && x !== null && (x as { kind?: unknown }).kind === 'Status';
}

function failure(code: number, reason: string, message: string, details?: StatusDetails): Status {
  const s: Status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code };
  if (details) s.details = details;
  return s;
}

/** `resource.group`, or just `resource` for the core group. */
export function qualified(resource: string, group: string | undefined): string {
  return group ? `${resource}.${group}` : resource;
}

function resourceDetails(name: string, resource: string, group?: string): StatusDetails {
  const d: StatusDetails = { name };
  if (group) d.group = group;
  d.kind = resource;
  return d;
}

export function notFound(resource: string, group: string | undefined, name: string): Status {
  return failure(404, 'NotFound', `${qualified(resource, group)} ${q(name)} not found`, resourceDetails(name, resource, group));
}

export function alreadyExists(resource: string, group: string | undefined, name: string): Status {
  return failure(409, 'AlreadyExists', `${qualified(resource, group)} ${q(name)} already exists`, resourceDetails(name, resource, group));
}

export function conflict(resource: string, group: string | undefined, name: string, detail: string): Status {
  return failure(
    409,
    'Conflict',
    `Operation cannot be fulfilled on ${qualified(resource, group)} ${q(name)}: ${detail}`,
    resourceDetails(name, resource, group),
  );
}

export const OPTIMISTIC_LOCK_MSG =
  'the object has been modified; please apply your changes to the latest version and try again';

export function badRequest(message: string): Status {
  return failure(400, 'BadRequest', message);
}

export function forbidden(resource: string, group: string | undefined, name: string, why: string): Status {
  const what = name ? `${qualified(resource, group)} ${q(name)}` : qualified(resource, group);
  return failure(403, 'Forbidden', `${what} is forbidden: ${why}`, resourceDetails(name, resource, group));
}

export function methodNotSupported(resource: string, group: string | undefined, action: string): Status {
  return failure(
    405,
    'MethodNotAllowed',
    `${action} is not supported on resources of kind ${q(qualified(resource, group))}`,
    group ? { group, kind: resource } : { kind: resource },
  );
}

export function expired(message: string): Status {
  return failure(410, 'Expired', message);
}

export function gone(message: string): Status {
  return failure(410, 'Gone', message);
}

export function unsupportedMediaType(message: string): Status {
  return failure(415, 'UnsupportedMediaType', message);
}

export function internalError(message: string): Status {
  return failure(500, 'InternalError', `Internal error occurred: ${message}`, {
    causes: [{ message }],
  });
}

export function notAcceptable(message: string): Status {
  return failure(406, 'NotAcceptable', message);
}

/** 503: what kube-apiserver answers when it cannot reach what it would proxy to. */
export function serviceUnavailable(): Status {
  return failure(503, 'ServiceUnavailable', 'the server is currently unable to handle the request', {});
}

/** 404 for a resource type the server does not serve. */
export function noResource(): Status {
  return failure(404, 'NotFound', 'the server could not find the requested resource', {});
}

const TYPE_TEXT: Record<FieldErrorType, string> = {
  FieldValueRequired: 'Required value',
  FieldValueInvalid: 'Invalid value',
  FieldValueNotSupported: 'Unsupported value',
  FieldValueDuplicate: 'Duplicate value',
  FieldValueForbidden: 'Forbidden',
  FieldValueNotFound: 'Not found',
  FieldValueTooLong: 'Too long',
  FieldValueTooMany: 'Too many',
  InternalError: 'Internal error',
  FieldValueTypeInvalid: 'Invalid value',
};

/** Go's %q for a string. */
export function q(s: string): string {
  return JSON.stringify(s);
}

/**
 * Renders a bad value as Go's fmt does for field errors: numbers and bools bare,
 * strings quoted, maps as `map[string]string{"k":"v"}`, nil as `null`.
 */
export function goValue(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return q(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) {
    if (value.every((v) => typeof v === 'string')) return `[]string{${value.map((v) => q(v as string)).join(', ')}}`;
    return `[]interface {}{${value.map(goValue).join(', ')}}`;
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    if (entries.every(([, v]) => typeof v === 'string'))
      return `map[string]string{${entries.map(([k, v]) => `${q(k)}:${q(v as string)}`).join(', ')}}`;
    return `map[string]interface {}{${entries.map(([k, v]) => `${q(k)}:${goValue(v)}`).join(', ')}}`;
  }
  return String(value);
}

/** The part after `field: ` — what field.Error.ErrorBody() returns. */
export function fieldErrorBody(e: FieldError): string {
  let s = TYPE_TEXT[e.type];
  const bare =
    e.type === 'FieldValueRequired' ||
    e.type === 'FieldValueForbidden' ||
    e.type === 'FieldValueTooLong' ||
    e.type === 'InternalError' ||
    (e.value === undefined && !e.hasValue && e.rendered === undefined);
  if (!bare) s += `: ${e.rendered ?? goValue(e.value)}`;
  let detail = e.detail;
  if (e.type === 'FieldValueNotSupported' && e.supported && !detail)
    detail = `supported values: ${e.supported.map(q).join(', ')}`;
  if (detail) s += `: ${detail}`;
  return s;
}

export function fieldErrorText(e: FieldError): string {
  return `${e.field}: ${fieldErrorBody(e)}`;
}

/** 422 Invalid: `<Kind[.group]> "<name>" is invalid: <errors>` */
export function invalid(kind: string, group: string | undefined, name: string, errs: FieldError[]): Status {
  const texts: string[] = [];
  for (const e of errs) {
    const t = fieldErrorText(e);
    if (!texts.includes(t)) texts.push(t);
  }
  const qk = group ? `${kind}.${group}` : kind;
  const agg = texts.length === 0 ? '' : texts.length === 1 ? texts[0] : `[${texts.join(', ')}]`;
  const message = agg ? `${qk} ${q(name)} is invalid: ${agg}` : `${qk} ${q(name)} is invalid`;
  const details: StatusDetails = { name };
  if (group) details.group = group;
  details.kind = kind;
  details.causes = errs.map((e) => ({ reason: e.type, message: fieldErrorBody(e), field: e.field }));
  return failure(422, 'Invalid', message, details);
}

/** Field error helpers, named as in k8s.io/apimachinery/pkg/util/validation/field. */
export const field = {
  required: (path: string, detail?: string): FieldError => ({ type: 'FieldValueRequired', field: path, detail }),
  invalid: (path: string, value: unknown, detail?: string): FieldError => ({
    type: 'FieldValueInvalid',
    field: path,
    value,
    hasValue: true,
    detail,
  }),
  notSupported: (path: string, value: unknown, supported: string[]): FieldError => ({
    type: 'FieldValueNotSupported',
    field: path,
    value,
    hasValue: true,
    supported,
  }),
  duplicate: (path: string, value: unknown): FieldError => ({ type: 'FieldValueDuplicate', field: path, value, hasValue: true }),
  forbidden: (path: string, detail: string): FieldError => ({ type: 'FieldValueForbidden', field: path, detail }),
  notFound: (path: string, value: unknown): FieldError => ({ type: 'FieldValueNotFound', field: path, value, hasValue: true }),
  tooLong: (path: string, max: number): FieldError => ({
    type: 'FieldValueTooLong',
    field: path,
    detail: `may not be more than ${max} bytes`,
  }),
  tooMany: (path: string, actual: number, max: number): FieldError => ({
    type: 'FieldValueTooMany',
    field: path,
    value: actual,
    hasValue: true,
    detail: `must have at most ${max} items`,
  }),
  immutable: (path: string, value: unknown, rendered?: string): FieldError => ({
    type: 'FieldValueInvalid',
    field: path,
    value,
    hasValue: true,
    rendered,
    detail: 'field is immutable',
  }),
};
