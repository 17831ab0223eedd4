/**
 * The text tools learners pipe kubectl into — grep, head, tail, wc, sort, uniq, awk,
 * cut, tr, base64 — as pure functions of (args, input) with GNU coreutils' output and
 * error wording for the common flags.
 */
export interface ToolResult {
  out: string;
  err?: string;
  code: number;
}

function lines(s: string): string[] {
  if (s === '') return [];
  const l = s.split('\n');
  if (l[l.length - 1] === '') l.pop();
  return l;
}

const join = (ls: string[]) => (ls.length ? ls.join('\n') + '\n' : '');

/** GNU basic regular expressions to JavaScript: `\|`, `\(`, `\+` are the operators. */
function breToJs(p: string): string {
  let out = '';
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === '\\' && i + 1 < p.length) {
      const n = p[i + 1];
      if ('|(){}+?'.includes(n)) out += n;
      else out += c + n;
      i++;
    } else if ('|(){}+?'.includes(c)) out += '\\' + c;
    else out += c;
  }
  return out;
}

export function grep(args: string[], input: string, files?: (p: string) => string | undefined): ToolResult {
  let invert = false, icase = false, ext = false, count = false, num = false, word = false, only = false, quiet = false, fixed = false;
  const patterns: string[] = [];
  const rest: string[] = [];
  let after = 0;
  let before = 0;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const ctxm = /^-([ABC])(\d*)$/.exec(a);
    if (ctxm) {
      const n = parseInt(ctxm[2] || args[++i] || '0', 10) || 0;
      if (ctxm[1] !== 'B') after = n;
      if (ctxm[1] !== 'A') before = n;
      continue;
    }
    if (a === '-e') patterns.push(args[++i] ?? '');
    else if (a === '--') rest.push(...args.slice(i + 1)), (i = args.length);
    else if (/^-[a-zA-Z]+$/.test(a)) {
      for (const f of a.slice(1)) {
        if (f === 'v') invert = true;
        else if (f === 'i') icase = true;
        else if (f === 'E') ext = true;
        else if (f === 'c') count = true;
        else if (f === 'n') num = true;
        else if (f === 'w') word = true;
        else if (f === 'o') only = true;
        else if (f === 'q') quiet = true;
        else if (f === 'F') fixed = true;
        else if (f === 'r' || f === 'h' || f === 's') void 0;
        else return { out: '', err: `grep: invalid option -- '${f}'\nUsage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n`, code: 2 };
      }
    } else if (a === '--invert-match') invert = true;
    else if (a === '--ignore-case') icase = true;
    else rest.push(a);
  }
  if (!patterns.length) {
    if (!rest.length) return { out: '', err: "Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n", code: 2 };
    patterns.push(rest.shift()!);
  }
  const src = patterns
    .map((p) => (fixed ? p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') : ext ? p : breToJs(p)))
    .map((p) => (word ? `\\b(?:${p})\\b` : p))
    .join('|');
  let re: RegExp;
  try {
    re = new RegExp(src, icase ? 'gi' : 'g');
  } catch {
    return { out: '', err: `grep: Unmatched ( or \\(\n`, code: 2 };
  }
  const inputs: { name?: string; text: string }[] = [];
  let err = '';
  if (rest.length && files) {
    for (const f of rest) {
      const t = files(f);
      if (t === undefined) err += `grep: ${f}: No such file or directory\n`;
      else inputs.push({ name: rest.length > 1 ? f : undefined, text: t });
    }
  } else inputs.push({ text: input });
  let out = '';
  let matched = 0;
  for (const inp of inputs) {
    let n = 0;
    const ls = lines(inp.text);
    let lastPrinted = -1;
    const printLine = (idx: number, sep: string) => {
      if ((after || before) && lastPrinted >= 0 && idx > lastPrinted + 1) out += '--\n';
      out += `${inp.name ? `${inp.name}${sep}` : ''}${num ? `${idx + 1}${sep}` : ''}${ls[idx]}\n`;
      lastPrinted = idx;
    };
    let pendingAfter = 0;
    ls.forEach((l, idx) => {
      re.lastIndex = 0;
      const hit = re.test(l) !== invert;
      if (!hit) {
        if (pendingAfter > 0 && !count && !quiet) {
          printLine(idx, '-');
          pendingAfter--;
        }
        return;
      }
      n++;
      if (count || quiet) return;
      for (let b = Math.max(lastPrinted + 1, idx - before); b < idx; b++) printLine(b, '-');
      if (only && !invert) {
        re.lastIndex = 0;
        const pre = (inp.name ? `${inp.name}:` : '') + (num ? `${idx + 1}:` : '');
        for (const m of l.matchAll(re)) out += `${pre}${m[0]}\n`;
        lastPrinted = idx;
      } else printLine(idx, ':');
      pendingAfter = after;
    });
    if (count) out += `${inp.name ? `${inp.name}:` : ''}${n}\n`;
    matched += n;
  }
  return { out: quiet ? '' : out, err: err || undefined, code: err && !matched ? 2 : matched ? 0 : 1 };
}

function countArg(args: string[], def: number): { n: number; fromStart: boolean; files: string[] } {
  let n = def;
  let fromStart = false;
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '-n' || a === '--lines') {
      const v = args[++i] ?? '';
      fromStart = v.startsWith('+');
      n = parseInt(v.replace(/^[+-]/, ''), 10);
    } else if (/^-n[+-]?\d+$/.test(a)) {
      fromStart = a[2] === '+';
      n = parseInt(a.slice(2).replace(/^[+-]/, ''), 10);
    } else if (/^--lines=/.test(a)) n = parseInt(a.slice(8), 10);
    else if (/^-\d+$/.test(a)) n = parseInt(a.slice(1), 10);
    else files.push(a);
  }
  return { n, fromStart, files };
}

export function head(args: string[], input: string): ToolResult {
  const { n } = countArg(args, 10);
  return { out: join(lines(input).slice(0, n)), code: 0 };
}

export function tail(args: string[], input: string): ToolResult {
  const { n, fromStart } = countArg(args, 10);
  const ls = lines(input);
  return { out: join(fromStart ? ls.slice(Math.max(0, n - 1)) : n === 0 ? [] : ls.slice(-n)), code: 0 };
}

export function wc(args: string[], input: string): ToolResult {
  const flags = args.filter((a) => a.startsWith('-')).join('');
  const l = (input.match(/\n/g) ?? []).length;
  const w = input.split(/\s+/).filter(Boolean).length;
  const c = new TextEncoder().encode(input).length;
  const want: number[] = [];
  if (flags.includes('l')) want.push(l);
  if (flags.includes('w')) want.push(w);
  if (flags.includes('c') || flags.includes('m')) want.push(c);
  if (!want.length) return { out: `${String(l).padStart(7)} ${String(w).padStart(7)} ${String(c).padStart(7)}\n`, code: 0 };
  if (want.length === 1) return { out: `${want[0]}\n`, code: 0 };
  return { out: want.map((x) => String(x).padStart(7)).join(' ') + '\n', code: 0 };
}

export function sort(args: string[], input: string): ToolResult {
  let rev = false, numeric = false, uniq = false, key = 0, sep: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '-k') key = parseInt(args[++i], 10);
    else if (a.startsWith('-k')) key = parseInt(a.slice(2), 10);
    else if (a === '-t') sep = args[++i];
    else if (a.startsWith('-t')) sep = a.slice(2);
    else if (a.startsWith('-')) {
      if (a.includes('r')) rev = true;
      if (a.includes('n')) numeric = true;
      if (a.includes('u')) uniq = true;
      if (a.includes('h')) numeric = true;
    }
  }
  const field = (l: string) => {
    if (!key) return l;
    const parts = sep !== undefined ? l.split(sep) : l.trim().split(/\s+/);
    return parts.slice(key - 1).join(sep ?? ' ');
  };
  let ls = lines(input);
  ls.sort((a, b) => {
    const fa = field(a);
    const fb = field(b);
    let r: number;
    if (numeric) r = (parseFloat(fa) || 0) - (parseFloat(fb) || 0);
    else r = fa < fb ? -1 : fa > fb ? 1 : 0;
    if (r === 0) r = a < b ? -1 : a > b ? 1 : 0;
    return rev ? -r : r;
  });
  if (uniq) ls = ls.filter((l, i) => i === 0 || field(l) !== field(ls[i - 1]));
  return { out: join(ls), code: 0 };
}

export function uniq(args: string[], input: string): ToolResult {
  const c = args.some((a) => a.startsWith('-') && a.includes('c'));
  const d = args.some((a) => a.startsWith('-') && a.includes('d'));
  const groups: { l: string; n: number }[] = [];
  for (const l of lines(input)) {
    const g = groups[groups.length - 1];
    if (g && g.l === l) g.n++;
    else groups.push({ l, n: 1 });
  }
  return { out: join(groups.filter((g) => !d || g.n > 1).map((g) => (c ? `${String(g.n).padStart(7)} ${g.l}` : g.l))), code: 0 };
}

export function cut(args: string[], input: string): ToolResult {
  let delim = '\t';
  let fields: string | undefined;
  let chars: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '-d') delim = args[++i] ?? '\t';
    else if (a.startsWith('-d')) delim = a.slice(2);
    else if (a === '-f') fields = args[++i];
    else if (a.startsWith('-f')) fields = a.slice(2);
    else if (a === '-c') chars = args[++i];
    else if (a.startsWith('-c')) chars = a.slice(2);
  }
  const pick = (spec: string, n: number): number[] => {
    const out: number[] = [];
    for (const part of spec.split(',')) {
      const [a, b] = part.split('-');
      const from = a === '' ? 1 : parseInt(a, 10);
      const to = part.includes('-') ? (b === '' ? n : parseInt(b, 10)) : from;
      for (let i = from; i <= Math.min(to, n); i++) out.push(i);
    }
    return out;
  };
  if (!fields && !chars) return { out: '', err: 'cut: you must specify a list of bytes, characters, or fields\nTry \'cut --help\' for more information.\n', code: 1 };
  const res = lines(input).map((l) => {
    if (chars) return pick(chars, l.length).map((i) => l[i - 1]).join('');
    if (!l.includes(delim)) return l;
    const parts = l.split(delim);
    return pick(fields!, parts.length).map((i) => parts[i - 1]).join(delim);
  });
  return { out: join(res), code: 0 };
}

function expandSet(s: string): string {
  const classes: Record<string, string> = {
    '[:lower:]': 'abcdefghijklmnopqrstuvwxyz',
    '[:upper:]': 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
    '[:digit:]': '0123456789',
    '[:space:]': ' \t\n\r\f\v',
  };
  for (const [k, v] of Object.entries(classes)) s = s.split(k).join(v);
  s = s.replace(/\\n/g, '\n').replace(/\\t/g, '\t');
  let out = '';
  for (let i = 0; i < s.length; i++) {
    if (s[i + 1] === '-' && i + 2 < s.length) {
      for (let c = s.charCodeAt(i); c <= s.charCodeAt(i + 2); c++) out += String.fromCharCode(c);
      i += 2;
    } else out += s[i];
  }
  return out;
}

export function tr(args: string[], input: string): ToolResult {
  const flags = args.filter((a) => /^-[dsc]+$/.test(a)).join('');
  const sets = args.filter((a) => !/^-[dsc]+$/.test(a)).map(expandSet);
  let s = input;
  if (flags.includes('d')) {
    const del = new Set(sets[0] ?? '');
    s = [...s].filter((c) => !del.has(c)).join('');
  } else if (sets.length >= 2) {
    const [a, b] = sets;
    s = [...s].map((c) => (a.includes(c) ? b[Math.min(a.indexOf(c), b.length - 1)] : c)).join('');
  }
  if (flags.includes('s')) {
    const sq = new Set(sets[sets.length - 1] ?? '');
    s = [...s].filter((c, i, arr) => !(i > 0 && c === arr[i - 1] && sq.has(c))).join('');
  }
  return { out: s, code: 0 };
}

export function base64(args: string[], input: string): ToolResult {
  const decode = args.some((a) => a === '-d' || a === '--decode' || a === '-D');
  if (decode) {
    try {
      const bin = atob(input.replace(/\s+/g, ''));
      const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
      return { out: new TextDecoder().decode(bytes), code: 0 };
    } catch {
      return { out: '', err: 'base64: invalid input\n', code: 1 };
    }
  }
  const bytes = new TextEncoder().encode(input);
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  const enc = btoa(bin);
  const wrap0 = args.some((a) => a === '-w0' || a === '--wrap=0') || (args.includes('-w') && args[args.indexOf('-w') + 1] === '0');
  if (wrap0) return { out: enc, code: 0 };
  return { out: (enc.match(/.{1,76}/g) ?? ['']).join('\n') + (enc ? '\n' : ''), code: 0 };
}

/** A small awk: `-F sep`, an optional pattern (`NR>1`, `/re/`, `$3=="x"`) and `{print ...}`. */
export function awk(args: string[], input: string): ToolResult {
  let fs: string | undefined;
  let prog: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '-F') fs = args[++i];
    else if (a.startsWith('-F')) fs = a.slice(2);
    else if (prog === undefined) prog = a;
  }
  if (prog === undefined) return { out: '', err: 'usage: awk [-F fs][-v var=value][prog | -f progfile][file ...]\n', code: 2 };
  const m = /^\s*([^{]*?)\s*(?:\{(.*)\})?\s*$/s.exec(prog);
  if (!m) return { out: '', err: `awk: syntax error in ${prog}\n`, code: 2 };
  const pattern = m[1].trim();
  const action = m[2] === undefined ? 'print' : m[2].trim();
  let out = '';
  lines(input).forEach((line, idx) => {
    const fields = fs === undefined ? line.trim().split(/\s+/).filter(Boolean) : line.split(fs === '\\t' ? '\t' : fs);
    const NR = idx + 1;
    const val = (tok: string): string => {
      tok = tok.trim();
      if (tok === '$0') return line;
      if (tok === 'NR') return String(NR);
      if (tok === 'NF') return String(fields.length);
      if (tok === '$NF') return fields[fields.length - 1] ?? '';
      const fm = /^\$(\d+)$/.exec(tok);
      if (fm) return fields[parseInt(fm[1], 10) - 1] ?? '';
      const sm = /^"(.*)"$/.exec(tok);
      if (sm) return sm[1].replace(/\\t/g, '\t').replace(/\\n/g, '\n');
      return tok;
    };
    if (pattern) {
      const re = /^\/(.*)\/$/.exec(pattern);
      if (re) {
        if (!new RegExp(re[1]).test(line)) return;
      } else {
        const cm = /^(.+?)\s*(==|!=|>=|<=|>|<|~)\s*(.+)$/.exec(pattern);
        if (cm) {
          const a = val(cm[1]);
          const b = val(cm[3]);
          const na = parseFloat(a);
          const nb = parseFloat(b);
          const num = !Number.isNaN(na) && !Number.isNaN(nb);
          const ok =
            cm[2] === '==' ? a === b : cm[2] === '!=' ? a !== b : cm[2] === '~' ? new RegExp(b.replace(/^\/|\/$/g, '')).test(a)
            : cm[2] === '>' ? (num ? na > nb : a > b) : cm[2] === '<' ? (num ? na < nb : a < b) : cm[2] === '>=' ? (num ? na >= nb : a >= b) : num ? na <= nb : a <= b;
          if (!ok) return;
        }
      }
    }
    for (const stmt of action.split(';').map((s) => s.trim()).filter(Boolean)) {
      const pm = /^print\s*(.*)$/.exec(stmt);
      if (!pm) continue;
      const exprs = pm[1].trim();
      if (!exprs) {
        out += line + '\n';
        continue;
      }
      // split on commas outside quotes; juxtaposed terms concatenate
      const parts: string[] = [];
      let cur = '';
      let q = false;
      for (const ch of exprs) {
        if (ch === '"') q = !q;
        if (ch === ',' && !q) {
          parts.push(cur);
          cur = '';
        } else cur += ch;
      }
      parts.push(cur);
      const rendered = parts.map((p) => (p.match(/"[^"]*"|\S+/g) ?? []).map(val).join(''));
      out += rendered.join(' ') + '\n';
    }
  });
  return { out, code: 0 };
}

/** sed's substitute command: `s/re/rep/[g][i]` (any delimiter), several with `-e` or `;`. */
export function sed(scripts: string[], input: string): ToolResult {
  const cmds: { re: RegExp; rep: string }[] = [];
  for (const script of scripts.flatMap((x) => x.split(/;(?=\s*s)/))) {
    const t = script.trim();
    if (!t.startsWith('s') || t.length < 2) return { out: '', err: `sed: -e expression #1, char ${t.length}: unknown command: \`${t[0] ?? ''}'\n`, code: 1 };
    const d = t[1];
    const parts: string[] = [];
    let cur = '';
    for (let i = 2; i < t.length; i++) {
      if (t[i] === '\\' && t[i + 1] === d) {
        cur += d;
        i++;
      } else if (t[i] === d) {
        parts.push(cur);
        cur = '';
      } else cur += t[i];
    }
    parts.push(cur);
    if (parts.length < 3) return { out: '', err: `sed: -e expression #1, char ${t.length}: unterminated \`s' command\n`, code: 1 };
    const [pat, rep, flags] = parts;
    const js = pat.replace(/\\([(){}|+?])/g, '$1');
    cmds.push({ re: new RegExp(js, (flags.includes('g') ? 'g' : '') + (flags.includes('i') || flags.includes('I') ? 'i' : '')), rep: rep.replace(/\\(\d)/g, '$$$1').replace(/&/g, '$$&') });
  }
  const out = input
    .split('\n')
    .map((l) => cmds.reduce((acc, c) => acc.replace(c.re, c.rep), l))
    .join('\n');
  return { out, code: 0 };
}
