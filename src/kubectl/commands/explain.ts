/**
 * `kubectl explain TYPE[.field.path] [--recursive]` from the generated schema's
 * descriptions, in kubectl 1.32's plaintext layout (KIND/VERSION header, FIELD line,
 * DESCRIPTION wrapped at 80 columns, FIELDS with `<type>` and `-required-`).
 */
import { K8S_SCHEMA, type SchemaNode, deref, fieldSchema, goStructName } from '../../sim/api/schema';
import type { Command } from '../command';

function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  for (const para of text.split('\n')) {
    let line = '';
    for (const word of para.split(' ')) {
      if (line && line.length + 1 + word.length > width) {
        out.push(line);
        line = word;
      } else line = line ? `${line} ${word}` : word;
    }
    out.push(line);
  }
  return out;
}

/** The type kubectl shows in angle brackets. */
export function typeName(n: SchemaNode | undefined): string {
  if (!n) return 'Object';
  if (n.$ref) {
    const r = deref(n);
    const name = r.name ? goStructName(r.name) : 'Object';
    if (name === 'Quantity') return 'Quantity';
    if (name === 'IntOrString') return 'IntOrString';
    if (name === 'Time' || name === 'MicroTime') return 'string';
    if (r.node && !r.node.properties && r.node.type && r.node.type !== 'object') return typeName({ ...r.node, $ref: undefined });
    return name;
  }
  if (n.anyOf) return n.anyOf.some((x) => x.type === 'integer') && n.anyOf.some((x) => x.type === 'string') ? 'IntOrString' : typeName(n.anyOf[0]);
  const t = Array.isArray(n.type) ? n.type.find((x) => x !== 'null') : n.type;
  if (t === 'array') return `[]${typeName(n.items)}`;
  if (t === 'object' && n.additionalProperties && typeof n.additionalProperties === 'object') return `map[string]${typeName(n.additionalProperties)}`;
  if (t === 'object') return 'Object';
  return t ?? 'Object';
}

function propsOf(n: SchemaNode): { props: Record<string, SchemaNode>; required: string[] } {
  let cur = n;
  for (let i = 0; i < 10; i++) {
    if (cur.$ref) cur = deref(cur).node;
    else if ((cur.type === 'array' || (Array.isArray(cur.type) && cur.type.includes('array'))) && cur.items) cur = cur.items;
    else break;
  }
  return { props: cur.properties ?? {}, required: cur.required ?? [] };
}

function fieldLines(n: SchemaNode, recursive: boolean, indent: number, seen: string[]): string[] {
  const { props, required } = propsOf(n);
  const out: string[] = [];
  for (const k of Object.keys(props).sort()) {
    const p = props[k];
    out.push(`${' '.repeat(indent)}${k}\t<${typeName(p)}>${required.includes(k) ? ' -required-' : ''}`);
    if (recursive) {
      const ref = p.$ref ?? (p.items?.$ref);
      if (ref && seen.includes(ref)) continue;
      out.push(...fieldLines(p, true, indent + 2, ref ? [...seen, ref] : seen));
    } else {
      if (p.description) for (const l of wrap(p.description, 76)) out.push(`${' '.repeat(indent + 2)}${l}`);
      out.push('');
    }
  }
  return out;
}

export const explainCommand: Command = {
  name: 'explain',
  flags: [
    { name: 'recursive', type: 'bool', default: false },
    { name: 'api-version', type: 'string', default: '' },
    { name: 'output', short: 'o', type: 'string', default: 'plaintext' },
  ],
  run(ctx) {
    const arg = ctx.p.args[0];
    if (!arg) {
      return ctx.fail('You must specify the type of resource to explain. Use "kubectl api-resources" for a complete list of supported resources.');
    }
    const [type, ...path] = arg.split('.');
    const info = ctx.resolveType(type);
    if (!info) {
      // printed by kubectl without its usual "error: " prefix
      ctx.err(`the server doesn't have a resource type "${type}"\n`);
      return 1;
    }
    const apiVersion = info.group ? `${info.group}/${info.version}` : info.version;
    let text = info.group ? `GROUP:      ${info.group}\n` : '';
    text += `KIND:       ${info.kind}\nVERSION:    ${info.version}\n\n`;
    let node: SchemaNode | undefined;
    let description: string | undefined;
    if (info.crd && info.schema) {
      node = info.schema as SchemaNode;
      for (const p of path) {
        const { props } = propsOf(node);
        node = props[p];
        if (!node) {
          ctx.out(text);
          return ctx.fail(`field "${p}" does not exist`);
        }
      }
      description = node.description;
    } else {
      const fs = fieldSchema(apiVersion, info.kind, path);
      if (!fs) {
        if (!(K8S_SCHEMA['x-kinds'] ?? []).some((k) => k.kind === info.kind)) return ctx.fail(`couldn't find resource for "${apiVersion}, Kind=${info.kind}"`);
        // the header is printed before the field path is resolved
        ctx.out(text);
        return ctx.fail(`field "${path[path.length - 1]}" does not exist`);
      }
      node = fs.node;
      description = fs.description;
    }
    if (path.length) text += `FIELD: ${path[path.length - 1]} <${typeName(node)}>\n\n`;
    if (path.length && node.enum) void 0;
    text += `${path.length ? '\n' : ''}DESCRIPTION:\n`;
    for (const l of wrap(description ?? '<empty>', 76)) text += `    ${l}\n`;
    // a field of a named type: kubectl adds the type's own description
    const additional = typeof node.additionalProperties === 'object' ? node.additionalProperties.$ref : undefined;
    const typeRef = path.length ? (node.$ref ?? node.items?.$ref ?? additional) : undefined;
    const typeDescription = typeRef ? deref({ $ref: typeRef }).node?.description : undefined;
    if (typeDescription) for (const l of wrap(typeDescription, 76)) text += `    ${l}\n`;
    const enums = node.enum ?? (node.$ref ? deref(node).node?.enum : undefined);
    if (enums?.length) {
      text += '    \n    Possible enum values:\n';
      for (const e of enums) text += `     - \`"${e}"\`\n`;
    }
    text += '    \n';
    const lines = fieldLines(node, ctx.flag<boolean>('recursive'), 2, node.$ref ? [node.$ref] : []);
    if (lines.length) text += `FIELDS:\n${lines.join('\n')}\n`;
    ctx.out(`${text}\n`);
    return 0;
  },
};
