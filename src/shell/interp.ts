/**
 * Runs parsed scripts: expansion (variables, `$(...)`, field splitting, simple globs),
 * pipelines (each stage's output is the next one's input), redirections to the file
 * system, `&&`/`||`, and exit statuses as bash reports them.
 */
import { normalize, type ShellFs } from './fs';
import { type AndOr, type Command, type Pipeline, type Script, type SimpleCommand, type Word, parse } from './parse';

export interface Proc {
  args: string[];
  stdin: string;
  /** true when stdout goes to another command or a file, not the terminal */
  piped: boolean;
  out(s: string): void;
  err(s: string): void;
  session: Session;
}

export type CommandFn = (p: Proc) => Promise<number> | number;

export interface Session {
  fs: ShellFs;
  cwd: string;
  home: string;
  vars: Map<string, string>;
  exported: Set<string>;
  lastCode: number;
  commands: Record<string, CommandFn>;
  /** the user pressed Ctrl+C */
  cancelled(): boolean;
  /** virtual time, for `ls -l` and `date` */
  now?(): number;
  /** set by `exit` */
  exitRequested?: number;
  /** set by `break` / `continue` inside a loop */
  loopCtl?: 'break' | 'continue';
  /** how many times a loop may run when nobody can press Ctrl+C (default 1000) */
  maxLoops?: number;
  /** runs programs the shell does not have (the host's curl, etcdctl …); undefined = none */
  fallback?: (argv: string[], stdin: string) => { code: number; stdout: string; stderr: string } | undefined;
}

interface Sink {
  out(s: string): void;
  err(s: string): void;
}

export async function runSource(src: string, s: Session, sink: Sink): Promise<number> {
  const r = parse(src);
  if ('error' in r) {
    sink.err(`${r.error}\n`);
    s.lastCode = 2;
    return 2;
  }
  if ('incomplete' in r) {
    sink.err(`bash: syntax error: unexpected end of file\n`);
    s.lastCode = 2;
    return 2;
  }
  await runScript(r.script, s, sink);
  return s.lastCode;
}

async function runScript(script: Script, s: Session, sink: Sink): Promise<number> {
  for (const ao of script) {
    if (s.cancelled() || s.exitRequested !== undefined || s.loopCtl) break;
    await runAndOr(ao, s, sink);
  }
  return s.lastCode;
}

/** for / while / until / if, as bash runs them; loops stop on Ctrl+C or after `maxLoops` rounds. */
async function runCompound(c: Exclude<Command, SimpleCommand>, s: Session, sink: Sink): Promise<number> {
  const max = s.maxLoops ?? 1000;
  if (c.kind === 'for') {
    const items: string[] = [];
    for (const w of c.items ?? []) items.push(...(await expandWord(w, s, true)));
    let code = 0;
    for (const it of items) {
      if (s.cancelled() || s.exitRequested !== undefined) break;
      s.vars.set(c.name, it);
      code = await runScript(c.body, s, sink);
      const ctl = s.loopCtl;
      s.loopCtl = undefined;
      if (ctl === 'break') break;
    }
    s.lastCode = code;
    return code;
  }
  if (c.kind === 'while') {
    let code = 0;
    for (let n = 0; n < max; n++) {
      if (s.cancelled() || s.exitRequested !== undefined) break;
      const ok = (await runScript(c.cond, s, sink)) === 0;
      if (ok === c.until) break;
      code = await runScript(c.body, s, sink);
      const ctl = s.loopCtl;
      s.loopCtl = undefined;
      if (ctl === 'break') break;
    }
    s.lastCode = code;
    return code;
  }
  for (const b of c.branches) {
    if ((await runScript(b.cond, s, sink)) === 0) return runScript(b.body, s, sink);
  }
  if (c.els) return runScript(c.els, s, sink);
  s.lastCode = 0;
  return 0;
}

async function runAndOr(ao: AndOr, s: Session, sink: Sink): Promise<void> {
  let code = await runPipeline(ao.first, s, sink);
  for (const { op, p } of ao.rest) {
    if (s.cancelled() || s.exitRequested !== undefined) return;
    if ((op === '&&' && code === 0) || (op === '||' && code !== 0)) code = await runPipeline(p, s, sink);
  }
}

async function expandWord(w: Word, s: Session, split: boolean): Promise<string[]> {
  // returns fields; quoted parts never split
  const fields: string[] = [''];
  let any = false;
  let sawQuoted = false;
  for (const part of w) {
    let text: string;
    if (part.t === 'lit') text = part.s;
    else if (part.t === 'var') text = varValue(part.name, s);
    else if (part.t === 'arith') text = String(arith(part.expr, s));
    else {
      let out = '';
      const sub: Session = { ...s, vars: new Map(s.vars) };
      await runSource(part.src, sub, { out: (x) => (out += x), err: (x) => (out += '') || sinkErr(s, x) });
      s.lastCode = sub.lastCode;
      text = out.replace(/\n+$/, '');
    }
    if (part.quoted) sawQuoted = true;
    if (split && !part.quoted && part.t !== 'lit') {
      const pieces = text.split(/[ \t\n]+/);
      for (let i = 0; i < pieces.length; i++) {
        if (i > 0) fields.push('');
        fields[fields.length - 1] += pieces[i];
      }
      any = any || text.length > 0;
    } else {
      fields[fields.length - 1] += text;
      any = true;
    }
  }
  const res = fields.filter((f, i) => f !== '' || (sawQuoted && i === 0) || (any && fields.length === 1 && sawQuoted));
  if (!split) return [fields.join(' ')];
  // globbing of unquoted literals with * or ?
  const out: string[] = [];
  for (const f of res) {
    const unquotedGlob = w.some((p) => p.t === 'lit' && !p.quoted && /[*?]/.test(p.s));
    if (unquotedGlob && /[*?]/.test(f)) {
      const m = glob(f, s);
      if (m.length) {
        out.push(...m);
        continue;
      }
    }
    out.push(f);
  }
  return out;
}

const errSinks = new WeakMap<Session, (s: string) => void>();
function sinkErr(s: Session, x: string): void {
  errSinks.get(s)?.(x);
}

function glob(pattern: string, s: Session): string[] {
  const slash = pattern.lastIndexOf('/');
  const dir = slash >= 0 ? pattern.slice(0, slash) || '/' : '.';
  const base = slash >= 0 ? pattern.slice(slash + 1) : pattern;
  const abs = normalize(dir, s.cwd, s.home);
  const names = s.fs.list(abs) ?? [];
  const re = new RegExp('^' + base.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.') + '$');
  return names.filter((n) => re.test(n) && (!n.startsWith('.') || base.startsWith('.'))).map((n) => (slash >= 0 ? `${dir === '/' ? '' : dir}/${n}` : n));
}

/** `$((…))`: integer arithmetic with variables: + - * / % ( ), comparisons, && ||. */
export function arith(expr: string, s: Session): number {
  const toks = expr.match(/\d+|[A-Za-z_][A-Za-z0-9_]*|\$\{?[A-Za-z_][A-Za-z0-9_]*\}?|==|!=|<=|>=|&&|\|\||[-+*/%()<>!]/g) ?? [];
  let i = 0;
  const val = (t: string) => parseInt(s.vars.get(t.replace(/^\$\{?|\}$/g, '')) ?? '0', 10) || 0;
  const primary = (): number => {
    const t = toks[i++];
    if (t === undefined) return 0;
    if (t === '(') {
      const v = or();
      i++; // ')'
      return v;
    }
    if (t === '-') return -primary();
    if (t === '+') return primary();
    if (t === '!') return primary() ? 0 : 1;
    return /^\d+$/.test(t) ? parseInt(t, 10) : val(t);
  };
  const mul = (): number => {
    let v = primary();
    while (['*', '/', '%'].includes(toks[i])) {
      const op = toks[i++];
      const r = primary();
      v = op === '*' ? v * r : r === 0 ? 0 : op === '/' ? Math.trunc(v / r) : v % r;
    }
    return v;
  };
  const add = (): number => {
    let v = mul();
    while (toks[i] === '+' || toks[i] === '-') v = toks[i++] === '+' ? v + mul() : v - mul();
    return v;
  };
  const cmp = (): number => {
    let v = add();
    while (['<', '>', '<=', '>=', '==', '!='].includes(toks[i])) {
      const op = toks[i++];
      const r = add();
      v = Number(op === '<' ? v < r : op === '>' ? v > r : op === '<=' ? v <= r : op === '>=' ? v >= r : op === '==' ? v === r : v !== r);
    }
    return v;
  };
  const and = (): number => {
    let v = cmp();
    while (toks[i] === '&&') {
      i++;
      const r = cmp();
      v = Number(!!v && !!r);
    }
    return v;
  };
  const or = (): number => {
    let v = and();
    while (toks[i] === '||') {
      i++;
      const r = and();
      v = Number(!!v || !!r);
    }
    return v;
  };
  return or();
}

/** `${v#p}`, `${v##p}`, `${v%p}`, `${v%%p}`, `${v:-d}`, `${v:=d}`, `${#v}`, `${v/a/b}` */
function paramExpansion(expr: string, s: Session): string | undefined {
  if (/^[A-Za-z_][A-Za-z0-9_]*$|^[?#$]$/.test(expr)) return undefined;
  const len = /^#([A-Za-z_][A-Za-z0-9_]*)$/.exec(expr);
  if (len) return String((s.vars.get(len[1]) ?? '').length);
  const m = /^([A-Za-z_][A-Za-z0-9_]*)(:-|:=|##|#|%%|%|\/\/|\/)(.*)$/s.exec(expr);
  if (!m) return '';
  const v = s.vars.get(m[1]) ?? '';
  const glob = (p: string, greedy: boolean) => new RegExp(p.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, greedy ? '.*' : '.*?').replace(/\?/g, '.'));
  switch (m[2]) {
    case ':-':
      return v || m[3];
    case ':=':
      if (!v) s.vars.set(m[1], m[3]);
      return v || m[3];
    case '#':
    case '##': {
      const re = new RegExp('^(?:' + glob(m[3], m[2] === '##').source + ')');
      return v.replace(re, '');
    }
    case '%':
    case '%%': {
      // shortest/longest suffix: try every start position
      const re = new RegExp('^(?:' + glob(m[3], true).source + ')$');
      const starts = [...Array(v.length + 1).keys()];
      const order = m[2] === '%' ? starts.reverse() : starts;
      for (const i of order) if (re.test(v.slice(i))) return v.slice(0, i);
      return v;
    }
    default: {
      const [from, to = ''] = m[3].split('/');
      return m[2] === '//' ? v.split(from).join(to) : v.replace(from, to);
    }
  }
}

function varValue(name: string, s: Session): string {
  const pe = paramExpansion(name, s);
  if (pe !== undefined) return pe;
  if (name === '?') return String(s.lastCode);
  if (name === '$') return '1';
  if (name === '#') return '0';
  if (name === 'PWD') return s.cwd;
  if (name === 'HOME') return s.home;
  return s.vars.get(name) ?? '';
}

async function runPipeline(p: Pipeline, s: Session, sink: Sink): Promise<number> {
  let input = '';
  let code = 0;
  for (let i = 0; i < p.cmds.length; i++) {
    const last = i === p.cmds.length - 1;
    let captured = '';
    const stageSink: Sink = last ? sink : { out: (x) => (captured += x), err: sink.err };
    const c = p.cmds[i];
    code = c.kind ? await runCompound(c, s, stageSink) : await runSimple(c, s, stageSink, i === 0 ? undefined : input, !last);
    input = captured;
    if (s.cancelled()) break;
  }
  if (p.negate) code = code === 0 ? 1 : 0;
  s.lastCode = code;
  return code;
}

async function runSimple(c: SimpleCommand, s: Session, sink: Sink, pipedIn: string | undefined, pipedOut: boolean): Promise<number> {
  errSinks.set(s, sink.err);
  const words: string[] = [];
  for (const w of c.words) words.push(...(await expandWord(w, s, true)));
  const assigns: [string, string][] = [];
  for (const a of c.assigns) assigns.push([a.name, (await expandWord(a.value, s, false))[0]]);
  if (words.length === 0) {
    for (const [k, v] of assigns) s.vars.set(k, v);
    // a bare redirection creates/truncates the file
    for (const r of c.redirects) {
      if (r.target && (r.op === '>' || r.op === '>>')) {
        const path = normalize((await expandWord(r.target, s, false))[0], s.cwd, s.home);
        if (r.op === '>') s.fs.write(path, '');
      }
    }
    return 0;
  }
  let stdin = pipedIn ?? '';
  if (c.heredoc) {
    stdin = c.heredoc.body ?? '';
    if (c.heredoc.expand) stdin = await expandHeredoc(stdin, s);
  }
  let outFile: { path: string; append: boolean } | undefined;
  let errFile: { path: string; append: boolean } | undefined;
  let errToOut = false;
  let bothFile = false;
  for (const r of c.redirects) {
    if (r.op === '>&1') {
      errToOut = true;
      continue;
    }
    const target = (await expandWord(r.target!, s, false))[0];
    const path = normalize(target, s.cwd, s.home);
    if (path === '/dev/null') {
      if (r.fd === 2) errFile = { path, append: true };
      else if (r.op !== '<') {
        outFile = { path, append: true };
        if (r.fd === 'both') bothFile = true;
      } else stdin = '';
      continue;
    }
    if (r.op === '<') {
      const t = s.fs.read(path);
      if (t === undefined) {
        sink.err(`bash: ${target}: No such file or directory\n`);
        return 1;
      }
      stdin = t;
    } else if (s.fs.isDir(path)) {
      sink.err(`bash: ${target}: Is a directory\n`);
      return 1;
    } else if (r.fd === 2) errFile = { path, append: r.op === '>>' };
    else {
      outFile = { path, append: r.op === '>>' };
      if (r.fd === 'both') bothFile = true;
    }
  }
  let fileText = '';
  let errText = '';
  if (outFile && !outFile.append && outFile.path !== '/dev/null') s.fs.write(outFile.path, '');
  const out = outFile ? (x: string) => (fileText += x) : sink.out;
  const err = errFile ? (x: string) => (errText += x) : errToOut || bothFile ? out : sink.err;
  const [name, ...args] = words;
  const saved = assigns.map(([k]) => [k, s.vars.get(k)] as const);
  for (const [k, v] of assigns) s.vars.set(k, v);
  let code: number;
  const fn = Object.prototype.hasOwnProperty.call(s.commands, name) ? s.commands[name] : undefined;
  const ext = fn ? undefined : s.fallback?.(words, stdin);
  if (ext && ext.code !== 127) {
    out(ext.stdout);
    err(ext.stderr);
    code = ext.code;
  } else if (!fn) {
    err(`bash: ${name}: command not found\n`);
    code = 127;
  } else {
    try {
      code = await fn({ args, stdin, piped: pipedOut || !!outFile, out, err, session: s });
    } catch (e) {
      err(`bash: ${name}: ${e instanceof Error ? e.message : String(e)}\n`);
      code = 1;
    }
  }
  for (const [k, v] of saved) {
    if (v === undefined) s.vars.delete(k);
    else s.vars.set(k, v);
  }
  if (outFile && outFile.path !== '/dev/null') s.fs.write(outFile.path, (outFile.append ? s.fs.read(outFile.path) ?? '' : '') + fileText);
  if (errFile && errFile.path !== '/dev/null') s.fs.write(errFile.path, (errFile.append ? s.fs.read(errFile.path) ?? '' : '') + errText);
  s.lastCode = code;
  return code;
}

async function expandHeredoc(body: string, s: Session): Promise<string> {
  let out = '';
  let i = 0;
  while (i < body.length) {
    const c = body[i];
    if (c === '\\' && (body[i + 1] === '$' || body[i + 1] === '\\' || body[i + 1] === '`')) {
      out += body[i + 1];
      i += 2;
      continue;
    }
    if (c === '$') {
      const rest = body.slice(i + 1);
      if (rest.startsWith('(')) {
        let depth = 0;
        let j = i + 1;
        for (; j < body.length; j++) {
          if (body[j] === '(') depth++;
          else if (body[j] === ')' && --depth === 0) break;
        }
        const src = body.slice(i + 2, j);
        out += (await expandWord([{ t: 'sub', src, quoted: true }], s, false))[0];
        i = j + 1;
        continue;
      }
      const m = /^\{([^}]+)\}|^([A-Za-z_][A-Za-z0-9_]*|[?$#])/.exec(rest);
      if (m) {
        out += varValue(m[1] ?? m[2], s);
        i += 1 + m[0].length;
        continue;
      }
    }
    out += c;
    i++;
  }
  return out;
}

/** Whether more lines are needed before the source can run (open quote, heredoc, trailing pipe). */
export function needsMore(src: string): boolean {
  const r = parse(src);
  return 'incomplete' in r;
}
