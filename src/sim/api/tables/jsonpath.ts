/**
 * A small evaluator for the JSONPath expressions Kubernetes uses in CRD printer columns
 * and kubectl templates (k8s.io/client-go/util/jsonpath): `.a.b`, `[0]`, `[*]`, `..name`,
 * `['key.with.dots']`, `[?(@.type=="Ready")]`, `[1:3]`. It answers the list of matches.
 */

type Seg =
  | { t: 'field'; name: string }
  | { t: 'all' }
  | { t: 'index'; i: number }
  | { t: 'slice'; start?: number; end?: number }
  | { t: 'recursive'; name: string | '*' }
  | { t: 'filter'; path: Seg[]; op?: string; value?: unknown };

export function parsePath(expr: string): Seg[] | string {
  const segs: Seg[] = [];
  let i = 0;
  const s = expr.trim();
  if (s.startsWith('$')) i = 1;
  while (i < s.length) {
    const c = s[i];
    if (c === '.') {
      if (s[i + 1] === '.') {
        i += 2;
        const m = /^[A-Za-z0-9_\-*]+/.exec(s.slice(i));
        if (!m) return `invalid recursive descent in ${expr}`;
        segs.push({ t: 'recursive', name: m[0] === '*' ? '*' : m[0] });
        i += m[0].length;
        continue;
      }
      i++;
      const m = /^[A-Za-z0-9_\-$/]*/.exec(s.slice(i))!;
      if (m[0] === '' && s[i] === '*') {
        segs.push({ t: 'all' });
        i++;
      } else if (m[0] !== '') {
        segs.push({ t: 'field', name: m[0] });
        i += m[0].length;
      }
      continue;
    }
    if (c === '[') {
      const close = matchBracket(s, i);
      if (close < 0) return `unterminated array`;
      const inner = s.slice(i + 1, close).trim();
      i = close + 1;
      if (inner === '*') segs.push({ t: 'all' });
      else if (/^-?\d+$/.test(inner)) segs.push({ t: 'index', i: parseInt(inner, 10) });
      else if (/^-?\d*:-?\d*$/.test(inner)) {
        const [a, b] = inner.split(':');
        segs.push({ t: 'slice', start: a ? parseInt(a, 10) : undefined, end: b ? parseInt(b, 10) : undefined });
      } else if (/^'.*'$|^".*"$/.test(inner)) segs.push({ t: 'field', name: inner.slice(1, -1) });
      else if (inner.startsWith('?(') && inner.endsWith(')')) {
        const f = parseFilter(inner.slice(2, -1));
        if (typeof f === 'string') return f;
        segs.push(f);
      } else return `invalid array index ${inner}`;
      continue;
    }
    const m = /^[A-Za-z0-9_\-]+/.exec(s.slice(i));
    if (m) {
      segs.push({ t: 'field', name: m[0] });
      i += m[0].length;
      continue;
    }
    return `unrecognized character in action: U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')} '${c}'`;
  }
  return segs;
}

function matchBracket(s: string, open: number): number {
  let depth = 0;
  let quote = '';
  for (let i = open; i < s.length; i++) {
    const c = s[i];
    if (quote) {
      if (c === quote) quote = '';
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '[') depth++;
    else if (c === ']' && --depth === 0) return i;
  }
  return -1;
}

function parseFilter(f: string): Seg | string {
  const m = /^@((?:\.[A-Za-z0-9_\-]+|\[[^\]]*\])*)\s*(==|!=|<=|>=|<|>)?\s*(.*)$/.exec(f.trim());
  if (!m) return `unsupported filter ${f}`;
  const path = parsePath(m[1]);
  if (typeof path === 'string') return path;
  if (!m[2]) return { t: 'filter', path };
  let raw = m[3].trim();
  let value: unknown;
  if (/^".*"$|^'.*'$/.test(raw)) value = raw.slice(1, -1);
  else if (raw === 'true' || raw === 'false') value = raw === 'true';
  else if (raw !== '' && !Number.isNaN(Number(raw))) value = Number(raw);
  else value = raw;
  return { t: 'filter', path, op: m[2], value };
}

function compare(a: unknown, op: string, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'string' && b !== '' && !Number.isNaN(Number(b))) b = Number(b);
  switch (op) {
    case '==':
      return a === b || (a !== undefined && String(a) === String(b) && typeof b !== 'number');
    case '!=':
      return !(a === b || String(a) === String(b));
    case '<':
      return (a as number) < (b as number);
    case '>':
      return (a as number) > (b as number);
    case '<=':
      return (a as number) <= (b as number);
    case '>=':
      return (a as number) >= (b as number);
  }
  return false;
}

function step(values: unknown[], seg: Seg): unknown[] {
  const out: unknown[] = [];
  for (const v of values) {
    switch (seg.t) {
      case 'field':
        if (v && typeof v === 'object' && !Array.isArray(v) && seg.name in (v as object)) out.push((v as Record<string, unknown>)[seg.name]);
        break;
      case 'all':
        if (Array.isArray(v)) out.push(...v);
        else if (v && typeof v === 'object') out.push(...Object.values(v as object));
        break;
      case 'index':
        if (Array.isArray(v)) {
          const i = seg.i < 0 ? v.length + seg.i : seg.i;
          if (i >= 0 && i < v.length) out.push(v[i]);
        }
        break;
      case 'slice':
        if (Array.isArray(v)) out.push(...v.slice(seg.start, seg.end));
        break;
      case 'recursive':
        walk(v, (x) => {
          if (x && typeof x === 'object' && !Array.isArray(x)) {
            if (seg.name === '*') out.push(...Object.values(x as object));
            else if (seg.name in (x as object)) out.push((x as Record<string, unknown>)[seg.name]);
          }
        });
        break;
      case 'filter': {
        const items = Array.isArray(v) ? v : v && typeof v === 'object' ? Object.values(v as object) : [];
        for (const item of items) {
          const got = evaluate(item, seg.path);
          if (seg.op === undefined ? got.length > 0 && got[0] !== false : got.length > 0 && compare(got[0], seg.op, seg.value)) out.push(item);
        }
        break;
      }
    }
  }
  return out;
}

function walk(v: unknown, fn: (x: unknown) => void): void {
  fn(v);
  if (Array.isArray(v)) v.forEach((x) => walk(x, fn));
  else if (v && typeof v === 'object') Object.values(v as object).forEach((x) => walk(x, fn));
}

export function evaluate(root: unknown, path: Seg[]): unknown[] {
  let values: unknown[] = [root];
  for (const seg of path) values = step(values, seg);
  return values;
}

/** Evaluates one path expression; a parse error answers an empty list. */
export function query(root: unknown, expr: string): unknown[] {
  const p = parsePath(expr);
  return typeof p === 'string' ? [] : evaluate(root, p);
}
