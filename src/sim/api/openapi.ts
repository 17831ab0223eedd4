/**
 * OpenAPI documents generated from the same schema the server validates with, as
 * kube-apiserver serves them: /openapi/v3 (a root listing one document per group
 * version) and /openapi/v3/<api|apis/group>/<version>, plus a JSON /openapi/v2.
 *
 * kubectl reads them for `explain` and to learn that the server validates fields
 * itself: each kind's PATCH operation carries its group-version-kind and the
 * `fieldValidation` query parameter, which is what kubectl looks for before it leaves
 * validation to the server.
 */
import { K8S_SCHEMA, definitionFor, type SchemaNode } from './schema';
import { SERVER_VERSION } from './discovery';
import type { KindInfo, KindRegistry } from './registry';
import { apiVersionOf } from './registry';
import { fnv32a } from '../random';

type Json = Record<string, unknown>;

/** `api/v1`, `apis/apps/v1` */
export function gvPath(group: string, version: string): string {
  return group ? `apis/${group}/${version}` : `api/${version}`;
}

function rewriteRefs(node: unknown, prefix: string): unknown {
  if (Array.isArray(node)) return node.map((n) => rewriteRefs(n, prefix));
  if (node && typeof node === 'object') {
    const out: Json = {};
    for (const [k, v] of Object.entries(node as Json)) {
      if (k === '$ref' && typeof v === 'string') out[k] = v.replace('#/definitions/', prefix);
      else if (k === 'type' && Array.isArray(v)) {
        // IntOrString and Quantity: one JSON type in Swagger 2.0, oneOf in OpenAPI 3.0, as kube-openapi writes them
        if (prefix === '#/components/schemas/') out.oneOf = v.map((t) => ({ type: t }));
        else out.type = v.includes('string') ? 'string' : v[0];
      } else out[k] = rewriteRefs(v, prefix);
    }
    // OpenAPI 3.0 ignores the siblings of a $ref, so kube-apiserver wraps a described
    // reference in allOf; kubectl explain then shows the field's description and the type's.
    if (prefix === '#/components/schemas/' && typeof out.$ref === 'string' && Object.keys(out).length > 1) {
      const { $ref, ...rest } = out;
      return { ...rest, allOf: [{ $ref }] };
    }
    return out;
  }
  return node;
}

/** The definition names reachable from `name` through $refs. */
function closure(names: string[]): string[] {
  const seen = new Set<string>();
  const walk = (n: unknown) => {
    if (Array.isArray(n)) n.forEach(walk);
    else if (n && typeof n === 'object') {
      for (const [k, v] of Object.entries(n as Json)) {
        if (k === '$ref' && typeof v === 'string') {
          const name = v.slice('#/definitions/'.length);
          if (!seen.has(name)) {
            seen.add(name);
            walk(K8S_SCHEMA.definitions[name]);
          }
        } else walk(v);
      }
    }
  };
  for (const n of names) {
    if (!seen.has(n)) {
      seen.add(n);
      walk(K8S_SCHEMA.definitions[n]);
    }
  }
  return [...seen].filter((n) => K8S_SCHEMA.definitions[n]).sort();
}

function gvkExt(k: KindInfo) {
  return [{ group: k.group, version: k.version, kind: k.kind }];
}

function schemaOfCustom(k: KindInfo): Json {
  const s = (k.schema ?? { type: 'object', 'x-kubernetes-preserve-unknown-fields': true }) as Json;
  const props = { ...((s.properties as Json) ?? {}) };
  props.apiVersion = { type: 'string', description: 'APIVersion defines the versioned schema of this representation of an object.' };
  props.kind = { type: 'string', description: 'Kind is a string value representing the REST resource this object represents.' };
  props.metadata = { $ref: '#/definitions/ObjectMeta', description: "Standard object's metadata." };
  return { ...s, type: 'object', properties: props, 'x-kubernetes-group-version-kind': gvkExt(k) };
}

function paths(kinds: KindInfo[]): Json {
  const out: Json = {};
  for (const k of kinds) {
    const base = `/${gvPath(k.group, k.version)}${k.namespaced ? '/namespaces/{namespace}' : ''}/${k.plural}`;
    const ext = { 'x-kubernetes-group-version-kind': gvkExt(k)[0], 'x-kubernetes-action': 'patch' };
    const param = (name: string) => ({ name, in: 'query', schema: { type: 'string', uniqueItems: true } });
    const ref = { $ref: `#/components/schemas/${schemaName(k)}` };
    out[`${base}/{name}`] = {
      get: { operationId: `read${k.kind}`, 'x-kubernetes-group-version-kind': gvkExt(k)[0], 'x-kubernetes-action': 'get', responses: { '200': { content: { 'application/json': { schema: ref } } } } },
      patch: {
        operationId: `patch${k.kind}`,
        ...ext,
        parameters: [param('dryRun'), param('fieldManager'), param('fieldValidation'), { name: 'force', in: 'query', schema: { type: 'boolean', uniqueItems: true } }],
        requestBody: {
          content: {
            'application/json-patch+json': { schema: { type: 'object' } },
            'application/merge-patch+json': { schema: { type: 'object' } },
            'application/apply-patch+yaml': { schema: { type: 'object' } },
          },
          required: true,
        },
        responses: { '200': { content: { 'application/json': { schema: ref } } } },
      },
    };
  }
  return out;
}

function schemaName(k: KindInfo): string {
  return k.crd ? `${k.group}.${k.version}.${k.kind}` : (definitionFor(apiVersionOf(k), k.kind) ?? k.kind);
}

/** The OpenAPI v3 document of one group version, or undefined if it is not served. */
export function openapiV3(kinds: KindRegistry, group: string, version: string): Json | undefined {
  const infos = kinds.all().filter((k) => k.group === group && k.version === version);
  if (infos.length === 0) return undefined;
  const builtin = infos.filter((k) => !k.crd && definitionFor(apiVersionOf(k), k.kind));
  const names = closure([...builtin.map((k) => definitionFor(apiVersionOf(k), k.kind)!), ...(infos.some((k) => k.crd) ? ['ObjectMeta'] : [])]);
  const schemas: Json = {};
  for (const n of names) schemas[n] = rewriteRefs(K8S_SCHEMA.definitions[n] as SchemaNode, '#/components/schemas/');
  for (const k of builtin) {
    const n = definitionFor(apiVersionOf(k), k.kind)!;
    schemas[n] = { ...(schemas[n] as Json), 'x-kubernetes-group-version-kind': gvkExt(k) };
  }
  for (const k of infos.filter((x) => x.crd)) schemas[schemaName(k)] = rewriteRefs(schemaOfCustom(k), '#/components/schemas/');
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: SERVER_VERSION.gitVersion },
    paths: paths(infos),
    components: { schemas },
  };
}

/** /openapi/v3: where each group version's document lives, with a content hash. */
export function openapiV3Root(kinds: KindRegistry): Json {
  const paths: Json = {};
  for (const [group, versions] of kinds.groups())
    for (const v of versions) {
      const doc = openapiV3(kinds, group, v);
      const hash = fnv32a(JSON.stringify(doc)).toString(16).toUpperCase().padStart(8, '0');
      paths[gvPath(group, v)] = { serverRelativeURL: `/openapi/v3/${gvPath(group, v)}?hash=${hash}` };
    }
  return { paths };
}

/** A Swagger 2.0 document of every kind (JSON form of /openapi/v2). */
export function openapiV2(kinds: KindRegistry): Json {
  const definitions: Json = {};
  for (const n of Object.keys(K8S_SCHEMA.definitions)) definitions[n] = rewriteRefs(K8S_SCHEMA.definitions[n], '#/definitions/');
  for (const k of kinds.all()) {
    const n = k.crd ? schemaName(k) : definitionFor(apiVersionOf(k), k.kind);
    if (!n) continue;
    const base = k.crd ? rewriteRefs(schemaOfCustom(k), '#/definitions/') : definitions[n];
    const prev = ((definitions[n] as Json)?.['x-kubernetes-group-version-kind'] as unknown[]) ?? [];
    definitions[n] = { ...(base as Json), 'x-kubernetes-group-version-kind': [...(k.crd ? [] : prev), ...gvkExt(k)] };
  }
  return { swagger: '2.0', info: { title: 'Kubernetes', version: SERVER_VERSION.gitVersion }, paths: {}, definitions };
}
