/**
 * The generated JSON Schema of the built-in kinds (k8s.schema.json, made by
 * `npm run schema` = scripts/gen-schema.ts) and lookups into it. The same document feeds
 * the API server's decoder, monaco-yaml and `kubectl explain`.
 *
 * In Node the document comes with the module (./load). In the page's worker it is fetched as
 * a chunk of its own: the worker awaits `loadSchema()` before it builds a cluster, so every
 * lookup below finds it loaded.
 */
import { bundledSchema, fetchSchema } from './load';

export interface SchemaNode {
  $ref?: string;
  type?: string | string[];
  format?: string;
  const?: string;
  enum?: string[];
  description?: string;
  properties?: Record<string, SchemaNode>;
  required?: string[];
  additionalProperties?: boolean | SchemaNode;
  items?: SchemaNode;
  anyOf?: SchemaNode[];
  'x-go-type'?: string;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
}

export interface K8sSchema {
  $schema: string;
  $id: string;
  'x-kinds': Array<{ apiVersion: string; kind: string; definition: string }>;
  definitions: Record<string, SchemaNode>;
  [k: string]: unknown;
}

/**
 * The schema document. A live binding: in the worker it is set when `loadSchema()` settles,
 * and the engine only reads it once a request arrives.
 */
export let K8S_SCHEMA = bundledSchema as K8sSchema;

let byKind: Map<string, string> | undefined;

/** True once the schema can be used synchronously (always in Node). */
export function schemaLoaded(): boolean {
  return K8S_SCHEMA !== undefined;
}

/** Resolves once the schema is loaded; the first call in the worker starts the fetch. */
export async function loadSchema(): Promise<void> {
  if (K8S_SCHEMA === undefined) K8S_SCHEMA = (await fetchSchema()) as K8sSchema;
}

/** The definition name of a built-in kind (`Deployment`, `events.v1.Event`), or undefined. */
export function definitionFor(apiVersion: string, kind: string): string | undefined {
  byKind ??= new Map(K8S_SCHEMA['x-kinds'].map((k) => [`${k.apiVersion}/${k.kind}`, k.definition]));
  return byKind.get(`${apiVersion}/${kind}`);
}

const derefs = new Map<string, { name?: string; node: SchemaNode }>();

/** Resolves a `$ref` (`#/definitions/X`) to its definition name and node (memoized: decoding is hot). */
export function deref(node: SchemaNode): { name?: string; node: SchemaNode } {
  if (!node.$ref) return { node };
  let r = derefs.get(node.$ref);
  if (!r) {
    const name = node.$ref.slice('#/definitions/'.length);
    r = { name, node: K8S_SCHEMA.definitions[name] };
    derefs.set(node.$ref, r);
  }
  return r;
}

const goTypes = new Map<string, string>();

/** Go's type name for a definition, as encoding/json prints it: `v1.DeploymentSpec`. */
export function goTypeName(defName: string): string {
  let t = goTypes.get(defName);
  if (t === undefined) {
    t = K8S_SCHEMA.definitions[defName]?.['x-go-type'] ?? `v1.${defName.split('.').pop()}`;
    goTypes.set(defName, t);
  }
  return t;
}

/** The Go struct name of a definition (no package), as in `Go struct field DeploymentSpec.spec.replicas`. */
export function goStructName(defName: string): string {
  const t = goTypeName(defName);
  return t.slice(t.indexOf('.') + 1);
}

/**
 * The schema of a field path inside a kind (`['spec', 'template', 'spec', 'containers']`),
 * stepping through $refs, arrays and maps, for `kubectl explain` and editor hovers.
 * `definition` is the definition reached last (the field's type when it is a struct).
 */
export function fieldSchema(
  apiVersion: string,
  kind: string,
  path: string[],
): { node: SchemaNode; definition?: string; description?: string } | undefined {
  const def = definitionFor(apiVersion, kind);
  if (!def) return undefined;
  let definition: string | undefined = def;
  let node: SchemaNode = K8S_SCHEMA.definitions[def];
  let description = node.description;
  const unwrap = () => {
    for (;;) {
      if (node.$ref) {
        const r = deref(node);
        definition = r.name;
        node = r.node;
      } else if (node.type === 'array' && node.items) node = node.items;
      else return;
    }
  };
  for (const step of path) {
    unwrap();
    const next: SchemaNode | undefined = node.properties?.[step];
    if (!next) return undefined;
    description = next.description;
    node = next;
    definition = undefined;
  }
  const field = node;
  unwrap();
  return { node: path.length ? field : node, definition, description: description ?? node.description };
}
