/**
 * Object printers other than tables: `-o yaml` (sigs.k8s.io/yaml over go-yaml v2: sorted
 * keys, unindented sequences, YAML 1.1 quoting), `-o json` (Go's MarshalIndent: 4 spaces,
 * sorted keys, HTML-escaped), `-o name`, `-o jsonpath=` templates and `-o custom-columns=`.
 */
import { Document, Scalar, visit } from 'yaml';
import { evaluate, parsePath } from '../../sim/api/tables/jsonpath';
import type { KObject } from '../../sim/api/types';
import { tabulate } from './tabwriter';

// strings go-yaml v2 would resolve to another type, so it double-quotes them
const YAML11_NON_STRING =
  /^(?:|~|null|Null|NULL|y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0[0-7_]+|[-+]?0x[0-9a-fA-F_]+|[-+]?0b[01_]+|[-+]?(?:\d[\d_]*)?\.[\d_]*(?:[eE][-+]?\d+)?|[-+]?\d[\d_]*(?:[eE][-+]?\d+)|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?|\d{4}-\d\d?-\d\d?(?:(?:[Tt]|[ \t]+)\d\d?:\d\d:\d\d(?:\.\d*)?(?:[ \t]*(?:Z|[-+]\d\d?(?::\d\d)?))?)?)$/;

export function toYaml(obj: unknown): string {
  const doc = new Document(obj, { sortMapEntries: true });
  visit(doc, {
    Scalar(_key, node: Scalar) {
      if (typeof node.value === 'string') {
        if (node.value.includes('\n')) node.type = Scalar.BLOCK_LITERAL;
        else if (YAML11_NON_STRING.test(node.value)) node.type = Scalar.QUOTE_DOUBLE;
      }
    },
  });
  return doc.toString({ indentSeq: false, lineWidth: 0, singleQuote: true, nullStr: 'null', flowCollectionPadding: false });
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v as object).sort()) out[k] = sortKeys((v as Record<string, unknown>)[k]);
    return out;
  }
  return v;
}

export function toJson(obj: unknown): string {
  return (
    JSON.stringify(sortKeys(obj), null, 4)
      .replace(/</g, '\\u003c')
      .replace(/>/g, '\\u003e')
      .replace(/&/g, '\\u0026') + '\n'
  );
}

/** The `List` kubectl prints when several objects go through -o yaml/json. */
export function asList(items: KObject[]): Record<string, unknown> {
  return { apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } };
}

/** Strips what kubectl hides without --show-managed-fields. */
export function hideManagedFields(o: KObject): KObject {
  if (!o.metadata?.managedFields) return o;
  const { managedFields: _mf, ...meta } = o.metadata;
  return { ...o, metadata: meta };
}

// ---- jsonpath templates (k8s.io/client-go/util/jsonpath) ----

type Node = { t: 'text'; s: string } | { t: 'expr'; path: string } | { t: 'range'; path: string; body: Node[] };

function parseTemplate(tpl: string): Node[] | string {
  const root: Node[] = [];
  const stack: Node[][] = [root];
  let i = 0;
  while (i < tpl.length) {
    const open = tpl.indexOf('{', i);
    if (open < 0) {
      stack[stack.length - 1].push({ t: 'text', s: tpl.slice(i) });
      break;
    }
    if (open > i) stack[stack.length - 1].push({ t: 'text', s: tpl.slice(i, open) });
    // find matching close, ignoring braces inside quotes
    let j = open + 1;
    let quote = '';
    for (; j < tpl.length; j++) {
      const c = tpl[j];
      if (quote) {
        if (c === '\\') j++;
        else if (c === quote) quote = '';
      } else if (c === '"' || c === "'") quote = c;
      else if (c === '}') break;
    }
    if (j >= tpl.length) return `unclosed action`;
    const inner = tpl.slice(open + 1, j).trim();
    i = j + 1;
    if (inner.startsWith('"') || inner.startsWith("'")) {
      const body = inner.slice(1, -1);
      const s = inner.startsWith('"') ? body.replace(/\\n/g, '\n').replace(/\\t/g, '\t').replace(/\\r/g, '\r').replace(/\\"/g, '"').replace(/\\\\/g, '\\') : body;
      stack[stack.length - 1].push({ t: 'text', s });
    } else if (inner.startsWith('range ')) {
      const node: Node = { t: 'range', path: inner.slice(6).trim(), body: [] };
      stack[stack.length - 1].push(node);
      stack.push(node.body);
    } else if (inner === 'end') {
      if (stack.length === 1) return `not in range, nothing to end`;
      stack.pop();
    } else stack[stack.length - 1].push({ t: 'expr', path: inner });
  }
  if (stack.length > 1) return `unclosed action`;
  return root;
}

function printValue(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

function evalPath(root: unknown, current: unknown, path: string): unknown[] | string {
  let p = path;
  let base = current;
  if (p === '@' || p === '$') return [p === '$' ? root : current];
  if (p.startsWith('$')) {
    base = root;
    p = p.slice(1);
  } else if (p.startsWith('@')) p = p.slice(1);
  const segs = parsePath(p);
  if (typeof segs === 'string') return segs;
  return evaluate(base, segs);
}

/** Executes a kubectl jsonpath template; returns the text or an error message. */
export function jsonpathTemplate(tpl: string, data: unknown): { text: string } | { error: string } {
  const nodes = parseTemplate(tpl);
  if (typeof nodes === 'string') return { error: `error parsing jsonpath ${tpl}, ${nodes}` };
  let out = '';
  const run = (ns: Node[], cur: unknown): string | undefined => {
    for (const n of ns) {
      if (n.t === 'text') out += n.s;
      else if (n.t === 'expr') {
        const vals = evalPath(data, cur, n.path);
        if (typeof vals === 'string') return vals;
        out += vals.map(printValue).join(' ');
      } else {
        const vals = evalPath(data, cur, n.path);
        if (typeof vals === 'string') return vals;
        for (const v of vals) {
          const e = run(n.body, v);
          if (e) return e;
        }
      }
    }
    return undefined;
  };
  const e = run(nodes, data);
  if (e) return { error: `error parsing jsonpath ${tpl}, ${e}` };
  return { text: out };
}

/** `-o custom-columns=NAME:.metadata.name,...` */
export function customColumns(spec: string, items: KObject[], noHeaders: boolean): { text: string } | { error: string } {
  const cols: { header: string; path: string }[] = [];
  for (const part of spec.split(',')) {
    const i = part.indexOf(':');
    if (i < 0) return { error: `unexpected custom-columns spec: ${part}, expected <header>:<json-path-expr>` };
    let path = part.slice(i + 1).trim();
    if (path.startsWith('{') && path.endsWith('}')) path = path.slice(1, -1);
    if (!path.startsWith('.') && !path.startsWith('$') && !path.startsWith('[')) path = '.' + path;
    cols.push({ header: part.slice(0, i), path });
  }
  const rows: string[][] = noHeaders ? [] : [cols.map((c) => c.header)];
  for (const it of items) {
    rows.push(
      cols.map((c) => {
        const v = evalPath(it, it, c.path);
        if (typeof v === 'string' || v.length === 0) return '<none>';
        return v.map(printValue).join(',');
      }),
    );
  }
  return { text: tabulate(rows) };
}
