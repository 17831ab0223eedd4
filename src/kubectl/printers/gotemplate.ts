/**
 * A small Go text/template for `-o go-template=` (kubectl's GoTemplatePrinter): field
 * paths (`.metadata.name`), `range`/`if`/`else`/`end` (with `.` rebound inside range),
 * string literals, `index`, `len`, `printf`, and kubectl's `base64decode`/`base64encode`
 * pipeline functions. Missing keys print `<no value>`, as Go does.
 */
type Node =
  | { t: 'text'; s: string }
  | { t: 'action'; expr: string }
  | { t: 'range'; expr: string; body: Node[]; els: Node[] }
  | { t: 'if'; expr: string; body: Node[]; els: Node[] };

function parse(tpl: string): Node[] | string {
  const root: Node[] = [];
  const stack: { nodes: Node[]; block?: Extract<Node, { t: 'range' | 'if' }>; inElse?: boolean }[] = [{ nodes: root }];
  let i = 0;
  const cur = () => stack[stack.length - 1];
  const push = (n: Node) => {
    const c = cur();
    if (c.block && c.inElse) c.block.els.push(n);
    else c.nodes.push(n);
  };
  while (i < tpl.length) {
    const open = tpl.indexOf('{{', i);
    if (open < 0) {
      push({ t: 'text', s: tpl.slice(i) });
      break;
    }
    let text = tpl.slice(i, open);
    let start = open + 2;
    if (tpl[start] === '-' && tpl[start + 1] === ' ') {
      text = text.replace(/\s+$/, '');
      start += 2;
    }
    if (text) push({ t: 'text', s: text });
    const close = tpl.indexOf('}}', start);
    if (close < 0) return 'unclosed action';
    let inner = tpl.slice(start, close);
    i = close + 2;
    if (inner.endsWith(' -')) {
      inner = inner.slice(0, -2);
      while (i < tpl.length && /\s/.test(tpl[i])) i++;
    }
    inner = inner.trim();
    if (inner.startsWith('/*')) continue;
    const m = /^(range|if)\s+(.*)$/.exec(inner);
    if (m) {
      const block = { t: m[1] as 'range' | 'if', expr: m[2], body: [] as Node[], els: [] as Node[] };
      push(block);
      stack.push({ nodes: block.body, block });
    } else if (inner === 'else') {
      if (!cur().block) return 'unexpected {{else}}';
      cur().inElse = true;
    } else if (inner === 'end') {
      if (stack.length === 1) return 'unexpected {{end}}';
      stack.pop();
    } else push({ t: 'action', expr: inner });
  }
  if (stack.length > 1) return 'unexpected EOF';
  return root;
}

function field(dot: unknown, path: string): unknown {
  let v: unknown = dot;
  for (const k of path.split('.').filter(Boolean)) {
    if (v && typeof v === 'object' && k in (v as object)) v = (v as Record<string, unknown>)[k];
    else return undefined;
  }
  return v;
}

function tokens(expr: string): string[] {
  return expr.match(/"(?:\\.|[^"\\])*"|`[^`]*`|\(|\)|[^\s()]+/g) ?? [];
}

function literal(tok: string): unknown {
  if (tok.startsWith('"')) return JSON.parse(tok);
  if (tok.startsWith('`')) return tok.slice(1, -1);
  if (/^-?\d+$/.test(tok)) return parseInt(tok, 10);
  if (tok === 'true' || tok === 'false') return tok === 'true';
  return undefined;
}

function show(v: unknown): string {
  if (v === undefined) return '<no value>';
  if (v === null) return '<nil>';
  if (Array.isArray(v)) return `[${v.map(show).join(' ')}]`;
  if (typeof v === 'object') return `map[${Object.keys(v as object).sort().map((k) => `${k}:${show((v as Record<string, unknown>)[k])}`).join(' ')}]`;
  return String(v);
}

function evalCmd(words: string[], dot: unknown, root: unknown, piped?: unknown): unknown {
  const arg = (w: string): unknown => {
    if (w === '.') return dot;
    if (w === '$') return root;
    if (w.startsWith('$.')) return field(root, w.slice(1));
    if (w.startsWith('.')) return field(dot, w);
    return literal(w);
  };
  const [head, ...rest] = words;
  const args = rest.map(arg);
  if (piped !== undefined) args.push(piped);
  switch (head) {
    case 'index': {
      let v = args[0];
      for (const k of args.slice(1)) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[String(k)] : undefined;
      return v;
    }
    case 'len':
      return Array.isArray(args[0]) ? args[0].length : args[0] && typeof args[0] === 'object' ? Object.keys(args[0] as object).length : String(args[0] ?? '').length;
    case 'base64decode':
      return new TextDecoder().decode(Uint8Array.from(atob(String(args[0] ?? '')), (c) => c.charCodeAt(0)));
    case 'base64encode':
      return btoa(String.fromCharCode(...new TextEncoder().encode(String(args[0] ?? ''))));
    case 'printf': {
      const [fmt, ...vals] = args as [string, ...unknown[]];
      let k = 0;
      return String(fmt).replace(/%[svdq%]/g, (m) => (m === '%%' ? '%' : m === '%q' ? JSON.stringify(show(vals[k++])) : show(vals[k++])));
    }
    case 'not':
      return !truthy(args[0]);
    case 'eq':
      return args.slice(1).some((a) => a === args[0]);
    case 'ne':
      return args[0] !== args[1];
    default:
      if (rest.length === 0 && piped === undefined) return arg(head);
      throw new Error(`function "${head}" not defined`);
  }
}

function evalExpr(expr: string, dot: unknown, root: unknown): unknown {
  const stages = expr.split(/\s\|\s/);
  let v: unknown;
  stages.forEach((st, i) => {
    v = evalCmd(tokens(st), dot, root, i === 0 ? undefined : v);
  });
  return v;
}

function truthy(v: unknown): boolean {
  if (Array.isArray(v)) return v.length > 0;
  if (v && typeof v === 'object') return Object.keys(v).length > 0;
  return !!v;
}

export function goTemplate(tpl: string, data: unknown): { text: string } | { error: string } {
  const nodes = parse(tpl);
  if (typeof nodes === 'string') return { error: `error parsing template ${tpl}, template: output:1: ${nodes}` };
  let out = '';
  const run = (ns: Node[], dot: unknown) => {
    for (const n of ns) {
      if (n.t === 'text') out += n.s;
      else if (n.t === 'action') out += show(evalExpr(n.expr, dot, data));
      else if (n.t === 'if') run(truthy(evalExpr(n.expr, dot, data)) ? n.body : n.els, dot);
      else {
        const v = evalExpr(n.expr, dot, data);
        const items = Array.isArray(v) ? v : v && typeof v === 'object' ? Object.keys(v).sort().map((k) => (v as Record<string, unknown>)[k]) : [];
        if (!items.length) run(n.els, dot);
        for (const it of items) run(n.body, it);
      }
    }
  };
  try {
    run(nodes, data);
  } catch (e) {
    return { error: `error executing template "${tpl}": template: output:1: ${e instanceof Error ? e.message : String(e)}` };
  }
  return { text: out };
}
