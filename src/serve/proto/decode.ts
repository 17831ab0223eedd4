/**
 * Reads request bodies in `application/vnd.kubernetes.protobuf`, which the real kubectl's
 * typed clients send (`kubectl create deployment|configmap|namespace …`, drain's
 * evictions, `create token`, `auth can-i`), and turns them into the JSON object the
 * apiserver would have decoded.
 *
 * The wire format is the 4-byte magic `k8s\0` and a runtime.Unknown envelope
 * ({typeMeta: {apiVersion, kind}, raw}), `raw` being the object in the Go types' protobuf
 * encoding. The message layouts are in k8s.proto.json (see scripts/gen-proto.ts).
 *
 * Go's protobuf encoders write every non-pointer field, zero or not, where its JSON
 * encoder leaves out `omitempty` zeros; a Go apiserver cannot tell the two apart. So zero
 * scalars are dropped, except the pointer fields whose zero means something other than
 * "unset" (replicas: 0, gracePeriodSeconds: 0, suspend: false, …) and the required
 * PriorityClass value.
 */
import protobuf from 'protobufjs';
import generated from './k8s.proto.json' with { type: 'json' };

const root = protobuf.Root.fromJSON(generated.layouts as protobuf.INamespace);
/** Go's embedded structs: their fields are the parent's in JSON. */
const INLINE = new Set(generated.inline);
const META = 'k8s.io.apimachinery.pkg.apis.meta.v1';
const Unknown = root.lookupType('k8s.io.apimachinery.pkg.runtime.Unknown');
const MAGIC = [0x6b, 0x38, 0x73, 0x00];

export const PROTOBUF_TYPE = 'application/vnd.kubernetes.protobuf';

const KEEP_ZERO = new Set([
  // pointer integers
  'replicas', 'gracePeriodSeconds', 'parallelism', 'completions', 'backoffLimit', 'backoffLimitPerIndex', 'maxFailedIndexes',
  'activeDeadlineSeconds', 'ttlSecondsAfterFinished', 'startingDeadlineSeconds', 'successfulJobsHistoryLimit',
  'failedJobsHistoryLimit', 'revisionHistoryLimit', 'progressDeadlineSeconds', 'terminationGracePeriodSeconds',
  'expirationSeconds', 'minReplicas', 'runAsUser', 'runAsGroup', 'fsGroup', 'defaultMode', 'mode',
  // pointer booleans
  'suspend', 'automountServiceAccountToken', 'allowPrivilegeEscalation', 'readOnlyRootFilesystem', 'runAsNonRoot',
  'privileged', 'hostUsers', 'optional', 'immutable', 'enableServiceLinks', 'orphanDependents', 'shareProcessNamespace',
  'allocateLoadBalancerNodePorts', 'setHostnameAsFQDN', 'manualSelector',
  // PriorityClass.value: required, and 0 is a valid priority
  'value',
]);

/** API group → the package its generated.proto declares. */
function packageOf(apiVersion: string): string | undefined {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  if (group === 'meta.k8s.io') return `${META.slice(0, -3)}.${version}`;
  return `k8s.io.api.${group === '' ? 'core' : group.split('.')[0]}.${version}`;
}

function messageType(apiVersion: string, kind: string): protobuf.Type | undefined {
  // Options kinds (DeleteOptions, …) are sent under any group's version and live in meta/v1.
  for (const pkg of [packageOf(apiVersion), META]) {
    if (!pkg) continue;
    try {
      return root.lookupType(`${pkg}.${kind}`);
    } catch {
      // not in this package
    }
  }
  return undefined;
}

export type Decoded = { object: Record<string, unknown> } | { error: string };

/** Decodes a protobuf request body into the object's JSON form. */
export function decodeProtobuf(bytes: Uint8Array): Decoded {
  if (bytes.length < 4 || MAGIC.some((b, i) => bytes[i] !== b)) return { error: 'provided Protobuf data is not a Kubernetes object: the "k8s\\x00" prefix is missing' };
  let envelope: { typeMeta?: { apiVersion?: string; kind?: string }; raw?: Uint8Array };
  try {
    envelope = Unknown.decode(bytes.subarray(4)) as typeof envelope;
  } catch (e) {
    return { error: `unable to decode the protobuf envelope: ${(e as Error).message}` };
  }
  const apiVersion = envelope.typeMeta?.apiVersion ?? '';
  const kind = envelope.typeMeta?.kind ?? '';
  if (!kind) return { error: "Object 'Kind' is missing in the protobuf envelope" };
  const type = messageType(apiVersion, kind);
  if (!type) return { error: `no kind "${kind}" is registered for version "${apiVersion}" in protobuf` };
  try {
    const message = type.decode(envelope.raw ?? new Uint8Array());
    return { object: { apiVersion, kind, ...(toJson(type, message) as Record<string, unknown>) } };
  } catch (e) {
    return { error: `unable to decode ${kind}: ${(e as Error).message}` };
  }
}

function toNumber(v: unknown): number {
  return typeof v === 'number' ? v : Number(String(v));
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

function rfc3339(seconds: number, micros?: number): string {
  const d = new Date(seconds * 1000);
  const base = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  return micros === undefined ? `${base}Z` : `${base}.${pad(micros, 6)}Z`;
}

/** time.Duration's String(): 1h2m3.5s, 150ms, 0s. */
function goDuration(nanos: number): string {
  if (nanos === 0) return '0s';
  const sign = nanos < 0 ? '-' : '';
  let n = Math.abs(nanos);
  if (n < 1e3) return `${sign}${n}ns`;
  if (n < 1e6) return `${sign}${n / 1e3}µs`;
  if (n < 1e9) return `${sign}${n / 1e6}ms`;
  const h = Math.floor(n / 3.6e12);
  n -= h * 3.6e12;
  const m = Math.floor(n / 6e10);
  n -= m * 6e10;
  const s = `${Number((n / 1e9).toFixed(9))}s`;
  return sign + (h ? `${h}h${m}m${s}` : m ? `${m}m${s}` : s);
}

function isZero(v: unknown): boolean {
  return v === '' || v === 0 || v === false;
}

/** A decoded message in the JSON form its Go type marshals to. */
function toJson(type: protobuf.Type, message: protobuf.Message): unknown {
  const m = message as unknown as Record<string, unknown>;
  switch (type.fullName.slice(1)) {
    case `${META}.Time`:
    case `${META}.MicroTime`: {
      const seconds = toNumber(m.seconds ?? 0);
      const nanos = toNumber(m.nanos ?? 0);
      if (seconds === 0 && nanos === 0) return undefined;
      return type.name === 'Time' ? rfc3339(seconds) : rfc3339(seconds, Math.floor(nanos / 1000));
    }
    case `${META}.Duration`:
      return goDuration(toNumber(m.duration ?? 0));
    case 'k8s.io.apimachinery.pkg.api.resource.Quantity':
      return m.string ?? '0';
    case 'k8s.io.apimachinery.pkg.util.intstr.IntOrString':
      return toNumber(m.type ?? 0) === 1 ? (m.strVal ?? '') : toNumber(m.intVal ?? 0);
    case 'k8s.io.apimachinery.pkg.runtime.RawExtension':
    case `${META}.FieldsV1`: {
      const raw = (m.raw ?? m.Raw) as Uint8Array | undefined;
      return raw && raw.length ? JSON.parse(Buffer.from(raw).toString('utf8')) : undefined;
    }
    case `${META}.Verbs`:
    case 'k8s.io.api.authentication.v1.ExtraValue':
    case 'k8s.io.api.authorization.v1.ExtraValue':
      return [...((m.items as string[]) ?? [])];
  }
  const out: Record<string, unknown> = {};
  for (const field of type.fieldsArray) {
    if (!Object.prototype.hasOwnProperty.call(m, field.name)) continue;
    const raw = m[field.name];
    let value: unknown;
    if (field.map) {
      const entries = Object.entries(raw as Record<string, unknown>);
      if (!entries.length) continue;
      value = Object.fromEntries(entries.map(([k, v]) => [k, scalarOrMessage(field, v)]));
    } else if (field.repeated) {
      if (!(raw as unknown[]).length) continue;
      value = (raw as unknown[]).map((v) => scalarOrMessage(field, v));
    } else {
      value = scalarOrMessage(field, raw);
      const scalar = !(field.resolvedType instanceof protobuf.Type);
      if (value === undefined || (scalar && isZero(value) && !KEEP_ZERO.has(field.name))) continue;
    }
    if (INLINE.has(field.name) && value && typeof value === 'object') Object.assign(out, value);
    else out[field.name] = value;
  }
  return out;
}

function scalarOrMessage(field: protobuf.Field, v: unknown): unknown {
  const resolved = field.resolve().resolvedType;
  if (resolved instanceof protobuf.Type) return toJson(resolved, v as protobuf.Message);
  if (resolved instanceof protobuf.Enum) return v;
  if (field.type === 'bytes') return Buffer.from(v as Uint8Array).toString('base64');
  if (/int64|fixed64/.test(field.type)) return toNumber(v);
  return v;
}
