/**
 * Generates src/sim/api/schema/k8s.schema.json: one JSON Schema (draft-07) for every built-in
 * kind the sandbox serves, from the `.d.ts` files of kubernetes-types (field docs, required
 * fields, structure) plus src/sim/api/schema/int-formats.json (int32/int64 per field, taken from
 * the attributeTypeMap of @kubernetes/client-node 1.4.0's generated models, because
 * kubernetes-types turns every integer into `number`).
 *
 * The one document serves three readers:
 *  - the API server's decoder (src/sim/api/validation/decode.ts): integer vs number, the Go type
 *    of each definition (`x-go-type`, for `... into Go struct field DeploymentSpec.spec.replicas
 *    of type int32`), additionalProperties:false for strict field validation;
 *  - monaco-yaml: the root dispatches on apiVersion+kind with if/then;
 *  - `kubectl explain`: descriptions.
 *
 * It walks the type syntax directly (no type checker): kubernetes-types is regular generated code.
 * Run with `npm run schema`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import ts from 'typescript';
import { BUILTIN_KINDS } from '../src/sim/api/builtins';

const require = createRequire(import.meta.url);
const typesRoot = dirname(require.resolve('kubernetes-types/package.json'));
const outDir = join(process.cwd(), 'src/sim/api/schema');
const intFormats: Record<string, Record<string, string>> = JSON.parse(readFileSync(join(outDir, 'int-formats.json'), 'utf8'));

/** API group (as in builtins.ts) → the kubernetes-types module folder. */
const GROUP_DIR: Record<string, string> = {
  '': 'core',
  apps: 'apps',
  autoscaling: 'autoscaling',
  batch: 'batch',
  'coordination.k8s.io': 'coordination',
  'discovery.k8s.io': 'discovery',
  'events.k8s.io': 'events',
  'networking.k8s.io': 'networking',
  policy: 'policy',
  'rbac.authorization.k8s.io': 'rbac',
  'scheduling.k8s.io': 'scheduling',
  'storage.k8s.io': 'storage',
  'apiextensions.k8s.io': 'apiextensions',
  'authentication.k8s.io': 'authentication',
  'authorization.k8s.io': 'authorization',
};

/** Kinds served only as verbs or not worth a schema. */
const SKIP = new Set(['ComponentStatus']);

type Json = Record<string, unknown>;

interface ModuleInfo {
  /** e.g. 'core/v1' */
  mod: string;
  decls: Map<string, ts.InterfaceDeclaration | ts.TypeAliasDeclaration>;
  imports: Map<string, string>; // local name → module ('meta/v1')
}

const modules = new Map<string, ModuleInfo>();

function loadModule(mod: string): ModuleInfo {
  const hit = modules.get(mod);
  if (hit) return hit;
  const file = join(typesRoot, `${mod}.d.ts`);
  const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  const info: ModuleInfo = { mod, decls: new Map(), imports: new Map() };
  for (const st of sf.statements) {
    if (ts.isImportDeclaration(st) && st.importClause?.namedBindings && ts.isNamedImports(st.importClause.namedBindings)) {
      const from = (st.moduleSpecifier as ts.StringLiteral).text; // '../meta/v1' or '../runtime'
      const target = join(dirname(mod), from).replace(/\\/g, '/');
      for (const el of st.importClause.namedBindings.elements) info.imports.set(el.name.text, target);
    } else if (ts.isInterfaceDeclaration(st) || ts.isTypeAliasDeclaration(st)) {
      info.decls.set(st.name.text, st);
    }
  }
  modules.set(mod, info);
  return info;
}

function jsDoc(node: ts.Node): string | undefined {
  const docs = (node as unknown as { jsDoc?: ts.JSDoc[] }).jsDoc;
  if (!docs?.length) return undefined;
  const text = ts.getTextOfJSDocComment(docs[docs.length - 1].comment);
  return text?.trim() || undefined;
}

/** Go's package name for a kubernetes-types module: core/v1 → v1, autoscaling/v2 → v2. */
function goPackage(mod: string, name: string): string {
  if (mod === 'api/resource') return 'resource';
  if (mod === 'runtime') return 'runtime';
  if (name === 'JSON' || name.startsWith('JSONSchemaProps')) return 'v1';
  return mod.split('/').pop()!;
}

/** client-node model names: V1DeploymentSpec, V2MetricSpec, CoreV1EndpointPort, DiscoveryV1EndpointPort … */
function modelCandidates(mod: string, name: string): string[] {
  const [dir, ver] = mod.split('/');
  const V = ver ? ver[0].toUpperCase() + ver.slice(1) : '';
  const cap = dir[0].toUpperCase() + dir.slice(1);
  return [`${cap}${V}${name}`, `${V}${name}`];
}

const definitions: Record<string, Json> = {};
const defKey = new Map<string, string>(); // `${mod}:${name}` → definition name
const queue: Array<{ mod: string; name: string; key: string }> = [];
const missingFormats: string[] = [];

/** Definition name for a type: plain Go name, or `<dir>.<version>.<Name>` when the plain name is taken. */
function refFor(mod: string, name: string): string {
  const id = `${mod}:${name}`;
  let key = defKey.get(id);
  if (key) return key;
  key = name;
  const taken = new Set(defKey.values());
  if (taken.has(key)) key = `${mod.replace('/', '.')}.${name}`;
  defKey.set(id, key);
  queue.push({ mod, name, key });
  return key;
}

function ref(key: string, description?: string): Json {
  const r: Json = { $ref: `#/definitions/${key}` };
  if (description) r.description = description;
  return r;
}

/** Resolves a type reference name seen in `mod` to [module, declaration name]. */
function resolveName(mod: string, name: string): [string, string] {
  const m = loadModule(mod);
  if (m.decls.has(name)) return [mod, name];
  const from = m.imports.get(name);
  if (!from) throw new Error(`unresolved type ${name} in ${mod}`);
  return [from, name];
}

function typeSchema(mod: string, owner: string, prop: string, t: ts.TypeNode): Json {
  if (t.kind === ts.SyntaxKind.StringKeyword) return { type: 'string' };
  if (t.kind === ts.SyntaxKind.BooleanKeyword) return { type: 'boolean' };
  if (t.kind === ts.SyntaxKind.NumberKeyword) {
    let fmt: string | undefined;
    for (const c of modelCandidates(mod, owner)) {
      fmt = intFormats[c]?.[prop];
      if (fmt) break;
    }
    if (!fmt) {
      missingFormats.push(`${mod} ${owner}.${prop}`);
      return { type: 'integer', format: 'int32' };
    }
    return fmt === 'double' ? { type: 'number', format: 'double' } : { type: 'integer', format: fmt };
  }
  if (ts.isLiteralTypeNode(t) && ts.isStringLiteral(t.literal)) return { type: 'string', const: t.literal.text };
  if (ts.isArrayTypeNode(t)) return { type: 'array', items: typeSchema(mod, owner, prop, t.elementType) };
  if (ts.isParenthesizedTypeNode(t)) return typeSchema(mod, owner, prop, t.type);
  if (ts.isTypeLiteralNode(t)) {
    const idx = t.members.find(ts.isIndexSignatureDeclaration);
    if (idx) return { type: 'object', additionalProperties: typeSchema(mod, owner, prop, idx.type) };
    return { type: 'object' };
  }
  if (ts.isUnionTypeNode(t)) {
    const kinds = t.types.map((x) => x.kind);
    if (kinds.includes(ts.SyntaxKind.NumberKeyword) && kinds.includes(ts.SyntaxKind.StringKeyword)) return ref('IntOrString');
    return { anyOf: t.types.map((x) => typeSchema(mod, owner, prop, x)) };
  }
  if (ts.isTypeReferenceNode(t)) {
    const name = t.typeName.getText();
    if (name === 'Array' && t.typeArguments?.length === 1)
      return { type: 'array', items: typeSchema(mod, owner, prop, t.typeArguments[0]) };
    const [m, n] = resolveName(mod, name);
    return ref(refFor(m, n));
  }
  throw new Error(`unsupported type ${ts.SyntaxKind[t.kind]} at ${mod} ${owner}.${prop}`);
}

/** Shortens the long Quantity/RawExtension essays: the first paragraph is what a hover needs. */
function firstParagraph(s: string | undefined): string | undefined {
  return s?.split('\n\n')[0];
}

/**
 * kubernetes-types leaves out JSONSchemaProps' x-kubernetes-* vendor extensions, which every
 * real CRD uses; they are added here with apiextensions' own descriptions, abridged.
 */
function crdExtensions(mod: string): Json {
  return {
    'x-kubernetes-embedded-resource': {
      type: 'boolean',
      description: 'x-kubernetes-embedded-resource defines that the value is an embedded Kubernetes runtime.Object, with TypeMeta and ObjectMeta.',
    },
    'x-kubernetes-int-or-string': {
      type: 'boolean',
      description: 'x-kubernetes-int-or-string specifies that this value is either an integer or a string.',
    },
    'x-kubernetes-list-map-keys': {
      type: 'array',
      items: { type: 'string' },
      description: 'x-kubernetes-list-map-keys annotates an array with the x-kubernetes-list-type `map` by specifying the keys used as the index of the map.',
    },
    'x-kubernetes-list-type': {
      type: 'string',
      description: 'x-kubernetes-list-type annotates an array to further describe its topology: atomic, set or map.',
    },
    'x-kubernetes-map-type': {
      type: 'string',
      description: 'x-kubernetes-map-type annotates an object to further describe its topology: granular or atomic.',
    },
    'x-kubernetes-preserve-unknown-fields': {
      type: 'boolean',
      description:
        'x-kubernetes-preserve-unknown-fields stops the API server decoding step from pruning fields which are not specified in the validation schema.',
    },
    'x-kubernetes-validations': {
      type: 'array',
      items: ref(refFor(mod, 'ValidationRule')),
      description: 'x-kubernetes-validations describes a list of validation rules written in the CEL expression language.',
    },
  };
}

function buildDefinition(mod: string, name: string): Json {
  const decl = loadModule(mod).decls.get(name);
  if (!decl) throw new Error(`no declaration ${mod} ${name}`);
  const description = jsDoc(decl);
  const goType = `${goPackage(mod, name)}.${name}`;
  const base: Json = {};
  if (ts.isTypeAliasDeclaration(decl)) {
    if (name === 'Quantity')
      return { description: firstParagraph(description), type: ['string', 'number'], 'x-go-type': 'resource.Quantity' };
    if (name === 'Time' || name === 'MicroTime')
      return { description, type: 'string', format: 'date-time', 'x-go-type': goType };
    // JSONSchemaPropsOrArray / OrBool / OrStringArray: unions
    return { description, ...typeSchema(mod, name, '', decl.type), 'x-go-type': goType };
  }
  if (name === 'RawExtension' || name === 'JSON' || name === 'FieldsV1')
    return {
      description: firstParagraph(description),
      'x-kubernetes-preserve-unknown-fields': true,
      'x-go-type': goType,
    };
  if (description) base.description = description;
  base.type = 'object';
  const properties: Json = {};
  const required: string[] = [];
  for (const m of decl.members) {
    if (!ts.isPropertySignature(m) || !m.type) continue;
    const prop = ts.isStringLiteral(m.name) ? m.name.text : m.name.getText();
    const s = typeSchema(mod, name, prop, m.type);
    const d = jsDoc(m);
    if (d) s.description = d;
    properties[prop] = s;
    if (!m.questionToken) required.push(prop);
  }
  if (name === 'JSONSchemaProps') Object.assign(properties, crdExtensions(mod));
  base.properties = properties;
  if (required.length) base.required = required;
  base.additionalProperties = false;
  if (goType !== `v1.${name}`) base['x-go-type'] = goType;
  return base;
}

// The kinds, core first so core types keep the plain names.
const kinds = BUILTIN_KINDS;
const dispatch: Json[] = [];
const kindNames = new Set<string>();
const apiVersions = new Set<string>();
const kindIndex: Array<{ apiVersion: string; kind: string; definition: string }> = [];
for (const k of kinds) {
  if (SKIP.has(k.kind)) continue;
  const dir = GROUP_DIR[k.group];
  if (!dir) throw new Error(`no kubernetes-types module for group ${k.group}`);
  const mod = `${dir}/${k.version}`;
  const key = refFor(mod, k.kind);
  const apiVersion = k.group ? `${k.group}/${k.version}` : k.version;
  kindNames.add(k.kind);
  apiVersions.add(apiVersion);
  kindIndex.push({ apiVersion, kind: k.kind, definition: key });
  dispatch.push({
    if: { properties: { apiVersion: { const: apiVersion }, kind: { const: k.kind } }, required: ['apiVersion', 'kind'] },
    then: ref(key),
  });
}
definitions.IntOrString = {
  description: 'IntOrString is a type that can hold an int32 or a string.',
  type: ['integer', 'string'],
  format: 'int-or-string',
  'x-go-type': 'intstr.IntOrString',
};
while (queue.length) {
  const { mod, name, key } = queue.shift()!;
  definitions[key] = buildDefinition(mod, name);
}

const sorted: Record<string, Json> = {};
for (const k of Object.keys(definitions).sort()) sorted[k] = definitions[k];

const schema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://kubelab.local/schemas/k8s-1.32.json',
  description: 'Kubernetes built-in kinds (generated by scripts/gen-schema.ts from kubernetes-types; do not edit)',
  type: 'object',
  required: ['apiVersion', 'kind'],
  properties: {
    apiVersion: { type: 'string', enum: [...apiVersions] },
    kind: { type: 'string', enum: [...kindNames].sort() },
  },
  allOf: dispatch,
  'x-kinds': kindIndex,
  definitions: sorted,
};

const text = JSON.stringify(schema);
writeFileSync(join(outDir, 'k8s.schema.json'), text + '\n');
console.log(
  `k8s.schema.json: ${kindIndex.length} kinds, ${Object.keys(sorted).length} definitions, ${(text.length / 1024).toFixed(0)} KiB`,
);
if (missingFormats.length) console.log(`no int format known (assumed int32): ${missingFormats.join(', ')}`);
