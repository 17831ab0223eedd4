/**
 * /openapi/v2 in the form kubectl asks for it: gnostic's OpenAPI v2 `Document` message
 * (`application/com.github.proto-openapi.spec.v2@v1.0+protobuf`). kubectl reads it when it
 * validates a kind it cannot find in OpenAPI v3 and for `explain --output=plaintext-openapiv2`.
 *
 * The JSON document (src/sim/api/openapi.ts) maps onto gnostic's messages field by field:
 * `$ref` → Ref, `type` → TypeItem, `properties`/`additionalProperties` → named lists,
 * values such as `default` and `enum` → Any{yaml}, and `x-…` keys → vendor extensions.
 * Definitions are all kubectl reads, so paths are left empty.
 */
import protobuf from 'protobufjs';
import YAML from 'yaml';
import generated from './k8s.proto.json' with { type: 'json' };

export const OPENAPI_V2_PROTOBUF = 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf';

const root = protobuf.Root.fromJSON(generated.openapiV2 as protobuf.INamespace);
const Document = root.lookupType('openapi.v2.Document');

type Json = Record<string, unknown>;

const anyOf = (v: unknown) => ({ yaml: YAML.stringify(v) });

const STRINGS = ['format', 'title', 'description', 'pattern', 'discriminator'];
const NUMBERS = ['multipleOf', 'maximum', 'minimum', 'maxLength', 'minLength', 'maxItems', 'minItems', 'maxProperties', 'minProperties'];
const BOOLEANS = ['exclusiveMaximum', 'exclusiveMinimum', 'uniqueItems', 'readOnly'];

function schema(s: Json): Json {
  const out: Json = {};
  const extensions: Json[] = [];
  for (const [k, v] of Object.entries(s)) {
    if (k === '$ref') out.Ref = v;
    else if (k === 'type') out.type = { value: Array.isArray(v) ? v : [v] };
    else if (k === 'items') out.items = { schema: (Array.isArray(v) ? v : [v]).map((i) => schema(i as Json)) };
    else if (k === 'properties') out.properties = { additionalProperties: Object.entries(v as Json).map(([name, p]) => ({ name, value: schema(p as Json) })) };
    else if (k === 'additionalProperties') out.additionalProperties = typeof v === 'boolean' ? { boolean: v } : { schema: schema(v as Json) };
    else if (k === 'allOf') out.allOf = (v as Json[]).map(schema);
    else if (k === 'required') out.required = v;
    else if (k === 'enum') out.enum = (v as unknown[]).map(anyOf);
    else if (k === 'default' || k === 'example') out[k] = anyOf(v);
    else if (STRINGS.includes(k) || NUMBERS.includes(k) || BOOLEANS.includes(k)) out[k] = v;
    else if (k.startsWith('x-')) extensions.push({ name: k, value: anyOf(v) });
  }
  if (extensions.length) out.vendorExtension = extensions;
  return out;
}

/** The JSON OpenAPI v2 document as gnostic protobuf bytes. */
export function openapiV2Protobuf(doc: Json): Uint8Array {
  const info = (doc.info ?? {}) as Json;
  const definitions = (doc.definitions ?? {}) as Record<string, Json>;
  const message = Document.fromObject({
    swagger: doc.swagger ?? '2.0',
    info: { title: info.title ?? 'Kubernetes', version: info.version ?? '' },
    paths: {},
    definitions: { additionalProperties: Object.entries(definitions).map(([name, s]) => ({ name, value: schema(s) })) },
  });
  return Document.encode(message).finish();
}
