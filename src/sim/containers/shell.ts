/**
 * A small POSIX-shell interpreter for the scripts tutorials put in `command:`/`args:`
 * (`sh -c 'while true; do echo hi; sleep 5; done'`) and for what a learner types in
 * `kubectl exec`. It parses lists, `&&`/`||`, pipes, redirections, `while`/`until`/
 * `for`/`if`, variables, `$(…)` and `$((…))`, and runs a set of busybox/coreutils
 * commands. It is a generator: `sleep` yields to the virtual clock, so a script is a
 * program on simulated time (STYLE item 8).
 *
 * Error texts follow the shell the image has: busybox ash (`sh: foo: not found`),
 * Debian's dash (`sh: 1: foo: not found`) or bash. Left out: functions, here-docs,
 * globbing beyond `*` in a directory, job control (`&` runs in the foreground).
 */
import type { FileView } from './fs';
import { normalize } from './fs';
import type { ShellFlavor } from './images';
import { runTool } from './tools';

// ------------------------------------------------------------------ effects and context

export type Effect = { type: 'sleep'; ms: number } | { type: 'block' };

export interface HttpRequest {
  host: string;
  port: number;
  path: string;
  method: string;
  headers?: Record<string, string>;
  body?: string;
}

export type HttpOutcome =
  | { ok: true; ip: string; status: number; statusText: string; headers: Record<string, string>; body: string }
  | { ok: false; ip?: string; error: 'no such host' | 'refused' | 'timeout' | 'unreachable' };

/** What the network looks like from inside a pod. */
export interface NetClient {
  /** DNS with the pod's search path; undefined = NXDOMAIN */
  resolve(name: string): { fqdn: string; ips: string[] } | undefined;
  http(req: HttpRequest): HttpOutcome;
  /** TCP connect check (nc -z, probes) */
  connect(host: string, port: number): 'ok' | 'refused' | 'timeout' | 'no such host';
  nameserver: string;
  /** CoreDNS cannot be reached: lookups time out */
  dnsDown?(): boolean;
}

export interface ShellContext {
  env: Map<string, string>;
  fs: FileView;
  flavor: ShellFlavor;
  /** extra executables of the image (curl, wget …) */
  tools: Set<string>;
  hostname: string;
  now(): number;
  out(text: string): void;
  err(text: string): void;
  net?: NetClient;
  /** process table for ps */
  ps?(): { pid: number; user: string; cmd: string }[];
  /** memory the process holds, for stress-like commands */
  setMemory?(bytes: number): void;
  setCpu?(millicores: number): void;
  /** called when the script installs a TERM trap */
  onTrap?(signal: string, action: string): void;
  /** run an executable the shell does not know (image-specific programs) */
  external?(argv: string[], ctx: ShellContext): Generator<Effect, number> | undefined;
  /** exec runs with no virtual time: sleeps return at once */
  instant?: boolean;
  cwd?: string;
  /** $0 */
  argv0?: string;
  stdin?: string;
}

// ------------------------------------------------------------------ tokens and AST

type Part =
  | { t: 'lit'; v: string; q: boolean }
  | { t: 'var'; name: string; q: boolean; op?: string; arg?: string }
  | { t: 'cmd'; src: string; q: boolean }
  | { t: 'arith'; src: string; q: boolean };

interface WordTok {
  k: 'word';
  parts: Part[];
  raw: string;
}
interface OpTok {
  k: 'op';
  v: string;
}
type Tok = WordTok | OpTok;

export interface Redir {
  fd: number;
  op: '>' | '>>' | '<' | '>&';
  target: WordTok;
}

type Cmd =
  | { t: 'simple'; assigns: [string, WordTok][]; words: WordTok[]; redirs: Redir[] }
  | { t: 'while'; until: boolean; cond: List; body: List; redirs: Redir[] }
  | { t: 'for'; name: string; items?: WordTok[]; body: List; redirs: Redir[] }
  | { t: 'if'; clauses: { cond: List; body: List }[]; otherwise?: List; redirs: Redir[] }
  | { t: 'group'; body: List; subshell: boolean; redirs: Redir[] };

interface Pipeline {
  negate: boolean;
  cmds: Cmd[];
}
interface AndOr {
  first: Pipeline;
  rest: { op: '&&' | '||'; p: Pipeline }[];
}
type List = AndOr[];

export class ShellSyntaxError extends Error {}

const OPS = ['&&', '||', ';;', '>>', '>&', '2>&1', '&', '|', ';', '(', ')', '<', '>', '\n'];
const KEYWORDS = new Set(['while', 'until', 'for', 'do', 'done', 'if', 'then', 'elif', 'else', 'fi', 'in', '{', '}', '!']);

/** Splits a script into words and operators. */
export function tokenize(src: string): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  const n = src.length;
  while (i < n) {
    const c = src[i];
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    if (c === '\\' && src[i + 1] === '\n') {
      i += 2;
      continue;
    }
    if (c === '#') {
      while (i < n && src[i] !== '\n') i++;
      continue;
    }
    // fd-prefixed redirections: 2>, 2>>, 1>, 2>&1
    const fdm = /^([0-9])(>>|>&|>|<)/.exec(src.slice(i, i + 4));
    if (fdm && (i === 0 || /[\s;&|]/.test(src[i - 1]))) {
      toks.push({ k: 'op', v: fdm[0] });
      i += fdm[0].length;
      continue;
    }
    const op = OPS.find((o) => o !== '2>&1' && src.startsWith(o, i));
    if (op) {
      toks.push({ k: 'op', v: op });
      i += op.length;
      continue;
    }
    // a word
    const parts: Part[] = [];
    const start = i;
    let lit = '';
    let litQ = false;
    const flush = () => {
      if (lit) parts.push({ t: 'lit', v: lit, q: litQ });
      lit = '';
    };
    const pushLit = (s: string, q: boolean) => {
      if (q !== litQ) flush();
      litQ = q;
      lit += s;
    };
    const readDollar = (q: boolean): void => {
      // at src[i] === '$'
      const nx = src[i + 1];
      if (nx === '(' && src[i + 2] === '(') {
        const end = matchParen(src, i + 1);
        flush();
        parts.push({ t: 'arith', src: src.slice(i + 3, end - 1), q });
        i = end + 1;
        return;
      }
      if (nx === '(') {
        const end = matchParen(src, i + 1);
        flush();
        parts.push({ t: 'cmd', src: src.slice(i + 2, end), q });
        i = end + 1;
        return;
      }
      if (nx === '{') {
        const end = src.indexOf('}', i);
        if (end < 0) throw new ShellSyntaxError('bad substitution');
        const inner = src.slice(i + 2, end);
        const m = /^(#?)([A-Za-z_][A-Za-z0-9_]*|[0-9@*#?$!])(?:(:?[-=+?]|##?|%%?)(.*))?$/s.exec(inner);
        if (!m) throw new ShellSyntaxError(`\${${inner}}: bad substitution`);
        flush();
        parts.push({ t: 'var', name: m[2], q, op: m[1] ? '#len' : m[3], arg: m[4] });
        i = end + 1;
        return;
      }
      const m = /^([A-Za-z_][A-Za-z0-9_]*|[0-9@*#?$!])/.exec(src.slice(i + 1));
      if (m) {
        flush();
        parts.push({ t: 'var', name: m[1], q });
        i += 1 + m[1].length;
        return;
      }
      pushLit('$', q);
      i++;
    };
    while (i < n) {
      const ch = src[i];
      if (/[\s;&|()<>]/.test(ch)) break;
      if (ch === '\\') {
        if (i + 1 < n) pushLit(src[i + 1], true);
        i += 2;
        continue;
      }
      if (ch === "'") {
        const end = src.indexOf("'", i + 1);
        if (end < 0) throw new ShellSyntaxError('unterminated quoted string');
        pushLit(src.slice(i + 1, end), true);
        if (end === i + 1) parts.push({ t: 'lit', v: '', q: true });
        i = end + 1;
        continue;
      }
      if (ch === '"') {
        i++;
        let empty = true;
        while (i < n && src[i] !== '"') {
          empty = false;
          if (src[i] === '\\' && i + 1 < n && '$`"\\\n'.includes(src[i + 1])) {
            pushLit(src[i + 1], true);
            i += 2;
          } else if (src[i] === '$') readDollar(true);
          else if (src[i] === '`') {
            const end = src.indexOf('`', i + 1);
            if (end < 0) throw new ShellSyntaxError('unterminated quoted string');
            flush();
            parts.push({ t: 'cmd', src: src.slice(i + 1, end), q: true });
            i = end + 1;
          } else {
            pushLit(src[i], true);
            i++;
          }
        }
        if (i >= n) throw new ShellSyntaxError('unterminated quoted string');
        if (empty) {
          flush();
          parts.push({ t: 'lit', v: '', q: true });
        }
        i++;
        continue;
      }
      if (ch === '$') {
        readDollar(false);
        continue;
      }
      if (ch === '`') {
        const end = src.indexOf('`', i + 1);
        if (end < 0) throw new ShellSyntaxError('unterminated quoted string');
        flush();
        parts.push({ t: 'cmd', src: src.slice(i + 1, end), q: false });
        i = end + 1;
        continue;
      }
      pushLit(ch, false);
      i++;
    }
    flush();
    toks.push({ k: 'word', parts, raw: src.slice(start, i) });
  }
  return toks;
}

function matchParen(src: string, open: number): number {
  let depth = 0;
  for (let j = open; j < src.length; j++) {
    const c = src[j];
    if (c === "'") {
      j = src.indexOf("'", j + 1);
      if (j < 0) break;
      continue;
    }
    if (c === '(') depth++;
    else if (c === ')') {
      depth--;
      if (depth === 0) return j;
    }
  }
  throw new ShellSyntaxError(`Syntax error: end of file unexpected (expecting ")")`);
}

class Parser {
  private i = 0;
  constructor(private toks: Tok[]) {}

  private peek(): Tok | undefined {
    return this.toks[this.i];
  }
  private isWord(v: string): boolean {
    const t = this.peek();
    return !!t && t.k === 'word' && t.raw === v;
  }
  private isOp(v: string): boolean {
    const t = this.peek();
    return !!t && t.k === 'op' && t.v === v;
  }
  private skipNewlines(): void {
    while (this.isOp('\n') || this.isOp(';')) this.i++;
  }
  private expectWord(v: string): void {
    this.skipNewlines();
    if (!this.isWord(v)) {
      const t = this.peek();
      const got = !t ? 'end of file' : t.k === 'op' ? (t.v === '\n' ? 'newline' : `"${t.v}"`) : `"${t.raw}"`;
      throw new ShellSyntaxError(`Syntax error: ${got} unexpected (expecting "${v}")`);
    }
    this.i++;
  }

  parseScript(): List {
    const l = this.parseList([]);
    if (this.i < this.toks.length) {
      const t = this.toks[this.i];
      throw new ShellSyntaxError(`Syntax error: "${t.k === 'op' ? t.v : t.raw}" unexpected`);
    }
    return l;
  }

  /** A list up to one of the terminator keywords (not consumed). */
  parseList(terms: string[]): List {
    const out: List = [];
    for (;;) {
      this.skipNewlines();
      const t = this.peek();
      if (!t) break;
      if (t.k === 'word' && terms.includes(t.raw)) break;
      if (t.k === 'op' && t.v === ')') break;
      out.push(this.parseAndOr());
      if (this.isOp('&') || this.isOp(';') || this.isOp('\n')) this.i++;
      else if (this.peek() && !(this.peek()!.k === 'op' && (this.peek() as OpTok).v === ')') && !(this.peek()!.k === 'word' && terms.includes((this.peek() as WordTok).raw))) {
        const x = this.peek()!;
        throw new ShellSyntaxError(`Syntax error: "${x.k === 'op' ? x.v : x.raw}" unexpected`);
      }
    }
    return out;
  }

  private parseAndOr(): AndOr {
    const first = this.parsePipeline();
    const rest: AndOr['rest'] = [];
    while (this.isOp('&&') || this.isOp('||')) {
      const op = (this.peek() as OpTok).v as '&&' | '||';
      this.i++;
      while (this.isOp('\n')) this.i++;
      rest.push({ op, p: this.parsePipeline() });
    }
    return { first, rest };
  }

  private parsePipeline(): Pipeline {
    let negate = false;
    if (this.isWord('!')) {
      negate = true;
      this.i++;
    }
    const cmds = [this.parseCommand()];
    while (this.isOp('|')) {
      this.i++;
      while (this.isOp('\n')) this.i++;
      cmds.push(this.parseCommand());
    }
    return { negate, cmds };
  }

  private parseRedirs(into: Redir[]): void {
    for (;;) {
      const t = this.peek();
      if (!t || t.k !== 'op') return;
      const m = /^([0-9]?)(>>|>&|>|<)$/.exec(t.v);
      if (!m) return;
      this.i++;
      const target = this.peek();
      if (!target || target.k !== 'word') throw new ShellSyntaxError('Syntax error: newline unexpected');
      this.i++;
      const fd = m[1] ? Number(m[1]) : m[2] === '<' ? 0 : 1;
      into.push({ fd, op: m[2] as Redir['op'], target });
    }
  }

  private parseCommand(): Cmd {
    const t = this.peek();
    if (!t) throw new ShellSyntaxError('Syntax error: end of file unexpected');
    if (t.k === 'op' && t.v === '(') {
      this.i++;
      const body = this.parseList([]);
      if (!this.isOp(')')) throw new ShellSyntaxError('Syntax error: end of file unexpected (expecting ")")');
      this.i++;
      const redirs: Redir[] = [];
      this.parseRedirs(redirs);
      return { t: 'group', body, subshell: true, redirs };
    }
    if (t.k === 'word') {
      if (t.raw === 'while' || t.raw === 'until') {
        this.i++;
        const cond = this.parseList(['do']);
        this.expectWord('do');
        const body = this.parseList(['done']);
        this.expectWord('done');
        const redirs: Redir[] = [];
        this.parseRedirs(redirs);
        return { t: 'while', until: t.raw === 'until', cond, body, redirs };
      }
      if (t.raw === 'for') {
        this.i++;
        const nameTok = this.peek();
        if (!nameTok || nameTok.k !== 'word') throw new ShellSyntaxError('Syntax error: Bad for loop variable');
        this.i++;
        let items: WordTok[] | undefined;
        while (this.isOp('\n')) this.i++;
        if (this.isWord('in')) {
          this.i++;
          items = [];
          while (this.peek() && this.peek()!.k === 'word' && !this.isWord('do')) items.push(this.toks[this.i++] as WordTok);
        }
        this.expectWord('do');
        const body = this.parseList(['done']);
        this.expectWord('done');
        const redirs: Redir[] = [];
        this.parseRedirs(redirs);
        return { t: 'for', name: nameTok.raw, items, body, redirs };
      }
      if (t.raw === 'if') {
        this.i++;
        const clauses: { cond: List; body: List }[] = [];
        let otherwise: List | undefined;
        const cond = this.parseList(['then']);
        this.expectWord('then');
        clauses.push({ cond, body: this.parseList(['elif', 'else', 'fi']) });
        for (;;) {
          this.skipNewlines();
          if (this.isWord('elif')) {
            this.i++;
            const c = this.parseList(['then']);
            this.expectWord('then');
            clauses.push({ cond: c, body: this.parseList(['elif', 'else', 'fi']) });
          } else if (this.isWord('else')) {
            this.i++;
            otherwise = this.parseList(['fi']);
          } else break;
        }
        this.expectWord('fi');
        const redirs: Redir[] = [];
        this.parseRedirs(redirs);
        return { t: 'if', clauses, otherwise, redirs };
      }
      if (t.raw === '{') {
        this.i++;
        const body = this.parseList(['}']);
        this.expectWord('}');
        const redirs: Redir[] = [];
        this.parseRedirs(redirs);
        return { t: 'group', body, subshell: false, redirs };
      }
      if (['do', 'done', 'then', 'fi', 'elif', 'else', '}'].includes(t.raw))
        throw new ShellSyntaxError(`Syntax error: "${t.raw}" unexpected`);
    }
    const assigns: [string, WordTok][] = [];
    const words: WordTok[] = [];
    const redirs: Redir[] = [];
    for (;;) {
      this.parseRedirs(redirs);
      const w = this.peek();
      if (!w || w.k !== 'word') break;
      const m = /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(w.raw);
      if (m && words.length === 0 && w.parts[0]?.t === 'lit' && !w.parts[0].q) {
        const first = w.parts[0];
        const restParts: Part[] = [{ ...first, v: first.v.slice(m[0].length) }, ...w.parts.slice(1)];
        assigns.push([m[1], { k: 'word', parts: restParts, raw: w.raw.slice(m[0].length) }]);
      } else words.push(w);
      this.i++;
    }
    if (!words.length && !assigns.length && !redirs.length) {
      const x = this.peek();
      throw new ShellSyntaxError(`Syntax error: "${x ? (x.k === 'op' ? (x.v === '\n' ? 'newline' : x.v) : x.raw) : 'end of file'}" unexpected`);
    }
    return { t: 'simple', assigns, words, redirs };
  }
}

export function parseScript(src: string): List {
  return new Parser(tokenize(src)).parseScript();
}

// ------------------------------------------------------------------ execution

class ExitSignal {
  constructor(readonly code: number) {}
}
class LoopSignal {
  constructor(
    readonly kind: 'break' | 'continue',
    readonly n: number,
  ) {}
}

/** How many commands run between two yields when a loop never sleeps: a busy loop. */
const BUSY_SLICE = 200;

export class Shell {
  last = 0;
  private steps = 0;
  private positional: string[] = [];
  lineNo = 1;

  constructor(readonly ctx: ShellContext) {}

  private name(): string {
    return this.ctx.argv0 ?? (this.ctx.flavor === 'bash' ? 'bash' : 'sh');
  }

  /** `sh: foo: not found` in the image's shell dialect. */
  errPrefix(): string {
    const n = this.name();
    if (this.ctx.flavor === 'dash') return `${n}: ${this.lineNo}: `;
    if (this.ctx.flavor === 'bash') return `${n}: line ${this.lineNo}: `;
    return `${n}: `;
  }

  notFound(cmd: string): string {
    if (this.ctx.flavor === 'bash') return `${this.errPrefix()}${cmd}: command not found\n`;
    return `${this.errPrefix()}${cmd}: not found\n`;
  }

  /** Runs a script; the generator's return value is the exit status. */
  *run(src: string, positional: string[] = []): Generator<Effect, number> {
    this.positional = positional;
    let list: List;
    try {
      list = parseScript(src);
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      this.ctx.err(`${this.errPrefix()}${msg}\n`);
      return 2;
    }
    try {
      yield* this.list(list);
    } catch (e) {
      if (e instanceof ExitSignal) return e.code;
      if (e instanceof LoopSignal) return this.last;
      throw e;
    }
    return this.last;
  }

  private *list(l: List): Generator<Effect, number> {
    for (const ao of l) {
      let st = yield* this.pipeline(ao.first);
      for (const r of ao.rest) {
        if ((r.op === '&&' && st === 0) || (r.op === '||' && st !== 0)) st = yield* this.pipeline(r.p);
      }
      this.last = st;
    }
    return this.last;
  }

  private *pipeline(p: Pipeline): Generator<Effect, number> {
    let st: number;
    if (p.cmds.length === 1) st = yield* this.command(p.cmds[0]);
    else {
      const saveOut = this.ctx.out;
      const saveIn = this.ctx.stdin;
      let input: string | undefined = this.ctx.stdin;
      st = 0;
      for (let k = 0; k < p.cmds.length; k++) {
        let buf = '';
        const lastCmd = k === p.cmds.length - 1;
        this.ctx.stdin = input;
        if (!lastCmd) this.ctx.out = (t) => void (buf += t);
        else this.ctx.out = saveOut;
        try {
          st = yield* this.command(p.cmds[k]);
        } finally {
          this.ctx.out = saveOut;
          this.ctx.stdin = saveIn;
        }
        input = buf;
      }
    }
    if (p.negate) st = st === 0 ? 1 : 0;
    this.last = st;
    return st;
  }

  private *tick(): Generator<Effect, void> {
    if (++this.steps % BUSY_SLICE === 0) {
      this.ctx.setCpu?.(1000);
      yield { type: 'sleep', ms: 10 };
    }
  }

  private *command(c: Cmd): Generator<Effect, number> {
    yield* this.tick();
    const restore = this.applyRedirs(c.redirs);
    if (typeof restore === 'number') return restore;
    try {
      switch (c.t) {
        case 'simple':
          return yield* this.simple(c);
        case 'group': {
          if (c.subshell) {
            const env = new Map(this.ctx.env);
            const saved = this.ctx.env;
            this.ctx.env = env;
            try {
              return yield* this.list(c.body);
            } catch (e) {
              if (e instanceof ExitSignal) return e.code;
              throw e;
            } finally {
              this.ctx.env = saved;
            }
          }
          return yield* this.list(c.body);
        }
        case 'if': {
          for (const cl of c.clauses) {
            const st = yield* this.list(cl.cond);
            if (st === 0) return yield* this.list(cl.body);
          }
          if (c.otherwise) return yield* this.list(c.otherwise);
          return 0;
        }
        case 'while': {
          let st = 0;
          for (;;) {
            yield* this.tick();
            const cond = yield* this.list(c.cond);
            if (c.until ? cond === 0 : cond !== 0) break;
            try {
              st = yield* this.list(c.body);
            } catch (e) {
              if (e instanceof LoopSignal) {
                if (e.n > 1) throw new LoopSignal(e.kind, e.n - 1);
                if (e.kind === 'break') break;
                continue;
              }
              throw e;
            }
          }
          return st;
        }
        case 'for': {
          const items = c.items ? yield* this.expandWords(c.items) : [...this.positional];
          let st = 0;
          for (const v of items) {
            yield* this.tick();
            this.ctx.env.set(c.name, v);
            try {
              st = yield* this.list(c.body);
            } catch (e) {
              if (e instanceof LoopSignal) {
                if (e.n > 1) throw new LoopSignal(e.kind, e.n - 1);
                if (e.kind === 'break') break;
                continue;
              }
              throw e;
            }
          }
          return st;
        }
      }
    } finally {
      restore();
    }
  }

  /** Applies redirections; returns the undo function, or an exit status on failure. */
  private applyRedirs(redirs: Redir[]): (() => void) | number {
    const saveOut = this.ctx.out;
    const saveErr = this.ctx.err;
    const saveIn = this.ctx.stdin;
    const undo = () => {
      this.ctx.out = saveOut;
      this.ctx.err = saveErr;
      this.ctx.stdin = saveIn;
    };
    for (const r of redirs) {
      const target = this.expandNoSplit(r.target);
      if (r.op === '>&') {
        if (target === '1' && r.fd === 2) this.ctx.err = this.ctx.out;
        else if (target === '2' && r.fd === 1) this.ctx.out = this.ctx.err;
        continue;
      }
      const path = normalize(target, this.ctx.cwd ?? '/');
      if (r.op === '<') {
        const content = this.ctx.fs.read(path);
        if (content === undefined) {
          this.ctx.err(`${this.errPrefix()}can't open ${target}: no such file\n`);
          undo();
          return 2;
        }
        this.ctx.stdin = content;
        continue;
      }
      let sink: (t: string) => void;
      if (path === '/dev/null') sink = () => {};
      else if (path === '/dev/stdout') sink = saveOut;
      else if (path === '/dev/stderr') sink = saveErr;
      else {
        const error = this.ctx.fs.write(path, '', r.op === '>>');
        if (error) {
          this.ctx.err(`${this.errPrefix()}can't create ${target}: ${error === 'nonexistent directory' ? 'nonexistent directory' : error}\n`);
          undo();
          return this.ctx.flavor === 'ash' ? 1 : 2;
        }
        sink = (t) => void this.ctx.fs.write(path, t, true);
      }
      if (r.fd === 2) this.ctx.err = sink;
      else this.ctx.out = sink;
    }
    return undo;
  }

  // ---------------------------------------------------------------- expansion

  private getVar(name: string): string | undefined {
    if (name === '?') return String(this.last);
    if (name === '$') return '1';
    if (name === '!') return '';
    if (name === '#') return String(this.positional.length);
    if (name === '@' || name === '*') return this.positional.join(' ');
    if (/^[0-9]$/.test(name)) return name === '0' ? this.name() : this.positional[Number(name) - 1];
    return this.ctx.env.get(name);
  }

  private *expandPart(p: Part): Generator<Effect, string> {
    switch (p.t) {
      case 'lit':
        return p.v;
      case 'var': {
        const v = this.getVar(p.name);
        if (p.op === '#len') return String((v ?? '').length);
        const arg = p.arg !== undefined ? yield* this.expandString(p.arg) : '';
        switch (p.op) {
          case ':-':
            return v ? v : arg;
          case '-':
            return v !== undefined ? v : arg;
          case ':=':
          case '=':
            if (p.op === ':=' ? !v : v === undefined) {
              this.ctx.env.set(p.name, arg);
              return arg;
            }
            return v!;
          case ':+':
            return v ? arg : '';
          case '+':
            return v !== undefined ? arg : '';
          case '#':
          case '##':
            return v !== undefined && v.startsWith(arg) ? v.slice(arg.length) : (v ?? '');
          case '%':
          case '%%':
            return v !== undefined && v.endsWith(arg) && arg ? v.slice(0, v.length - arg.length) : (v ?? '');
          default:
            return v ?? '';
        }
      }
      case 'cmd': {
        let buf = '';
        const saveOut = this.ctx.out;
        this.ctx.out = (t) => void (buf += t);
        try {
          const sub = new Shell({ ...this.ctx, env: new Map(this.ctx.env), out: (t) => void (buf += t) });
          yield* sub.run(p.src, this.positional);
          this.last = sub.last;
        } finally {
          this.ctx.out = saveOut;
        }
        return buf.replace(/\n+$/, '');
      }
      case 'arith':
        return String(yield* this.arith(p.src));
    }
  }

  private *expandString(s: string): Generator<Effect, string> {
    const toks = tokenize(s.replace(/"/g, '\\"'));
    let out = '';
    for (const t of toks) if (t.k === 'word') for (const p of t.parts) out += yield* this.expandPart(p);
    return out;
  }

  private *arith(src: string): Generator<Effect, number> {
    const expanded = yield* this.expandString(src);
    return evalArith(expanded, (n) => Number(this.ctx.env.get(n) ?? 0) || 0);
  }

  /** Expands a word into fields: unquoted expansions split on whitespace. */
  private *expandWord(w: WordTok): Generator<Effect, string[]> {
    const fields: string[] = [];
    let cur = '';
    let has = false;
    for (const p of w.parts) {
      const v = yield* this.expandPart(p);
      if (p.q || p.t === 'lit') {
        cur += v;
        has = true;
        continue;
      }
      const pieces = v.split(/[ \t\n]+/);
      for (let k = 0; k < pieces.length; k++) {
        if (k > 0) {
          if (has || cur) fields.push(cur);
          cur = '';
          has = false;
        }
        if (pieces[k]) {
          cur += pieces[k];
          has = true;
        }
      }
    }
    if (has || cur) fields.push(cur);
    // `*` globbing in one directory, as `for f in /data/*`
    return fields.flatMap((f) => (w.parts.some((p) => p.t === 'lit' && !p.q && p.v.includes('*')) ? this.glob(f) : [f]));
  }

  private glob(pattern: string): string[] {
    const i = pattern.lastIndexOf('/');
    const dir = i >= 0 ? pattern.slice(0, i) || '/' : this.ctx.cwd ?? '/';
    const base = i >= 0 ? pattern.slice(i + 1) : pattern;
    if (!base.includes('*')) return [pattern];
    const names = this.ctx.fs.list(normalize(dir, this.ctx.cwd ?? '/'));
    if (!names) return [pattern];
    const re = new RegExp(`^${base.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
    const hits = names.filter((n) => re.test(n) && !n.startsWith('.')).map((n) => (i >= 0 ? `${pattern.slice(0, i)}/${n}` : n));
    return hits.length ? hits : [pattern];
  }

  private expandNoSplit(w: WordTok): string {
    // redirection targets: no command substitution there in practice
    let out = '';
    for (const p of w.parts) {
      if (p.t === 'lit') out += p.v;
      else if (p.t === 'var') out += this.getVar(p.name) ?? '';
    }
    return out;
  }

  private *expandWords(ws: WordTok[]): Generator<Effect, string[]> {
    const out: string[] = [];
    for (const w of ws) out.push(...(yield* this.expandWord(w)));
    return out;
  }

  // ---------------------------------------------------------------- commands

  private *simple(c: Extract<Cmd, { t: 'simple' }>): Generator<Effect, number> {
    const argv = yield* this.expandWords(c.words);
    const assigned: [string, string][] = [];
    for (const [k, w] of c.assigns) assigned.push([k, (yield* this.expandWord(w)).join(' ')]);
    if (!argv.length) {
      for (const [k, v] of assigned) this.ctx.env.set(k, v);
      return this.last === 0 || c.words.length === 0 ? (c.assigns.some(([, w]) => w.parts.some((p) => p.t === 'cmd')) ? this.last : 0) : this.last;
    }
    // VAR=x cmd: only for that command
    const saved = new Map<string, string | undefined>();
    for (const [k, v] of assigned) {
      saved.set(k, this.ctx.env.get(k));
      this.ctx.env.set(k, v);
    }
    try {
      return yield* this.exec(argv);
    } finally {
      for (const [k, v] of saved) {
        if (v === undefined) this.ctx.env.delete(k);
        else this.ctx.env.set(k, v);
      }
    }
  }

  /** Runs one command line already split into argv. */
  *exec(argv: string[]): Generator<Effect, number> {
    const [cmd0, ...args] = argv;
    const cmd = cmd0.includes('/') ? cmd0.slice(cmd0.lastIndexOf('/') + 1) : cmd0;
    const ctx = this.ctx;
    switch (cmd) {
      case 'exit': {
        const code = args[0] !== undefined ? Number(args[0]) & 255 : this.last;
        throw new ExitSignal(Number.isNaN(code) ? 2 : code);
      }
      case 'break':
      case 'continue':
        throw new LoopSignal(cmd, Number(args[0] ?? 1) || 1);
      case 'export':
        for (const a of args) {
          const i = a.indexOf('=');
          if (i > 0) ctx.env.set(a.slice(0, i), a.slice(i + 1));
        }
        return 0;
      case 'unset':
        for (const a of args) ctx.env.delete(a);
        return 0;
      case 'set':
      case 'shift':
        if (cmd === 'shift') this.positional.shift();
        return 0;
      case 'cd': {
        const to = normalize(args[0] ?? ctx.env.get('HOME') ?? '/', ctx.cwd ?? '/');
        if (!ctx.fs.isDir(to)) {
          ctx.err(`${this.errPrefix()}cd: can't cd to ${args[0]}: No such file or directory\n`);
          return 2;
        }
        ctx.cwd = to;
        ctx.env.set('PWD', to);
        return 0;
      }
      case 'exec':
      case 'nohup':
      case 'timeout': {
        // exec replaces the shell: the script ends with the command's status
        const rest = cmd === 'timeout' ? args.slice(args.findIndex((a) => !a.startsWith('-')) + 1) : args;
        if (!rest.length) return 0;
        const st = yield* this.exec(rest);
        if (cmd === 'exec') throw new ExitSignal(st);
        return st;
      }
      case 'trap':
        if (args.length >= 2) for (const s of args.slice(1)) ctx.onTrap?.(s.replace(/^SIG/, ''), args[0]);
        return 0;
      case 'sleep': {
        const ms = parseDuration(args);
        if (ms === undefined) {
          ctx.err(`sleep: invalid number '${args[0] ?? ''}'\n`);
          return 1;
        }
        if (ctx.instant) return 0;
        if (ms === Infinity) yield { type: 'block' };
        else yield { type: 'sleep', ms };
        return 0;
      }
      case 'sh':
      case 'bash':
      case 'ash':
      case 'dash': {
        // Debian-based images have bash next to dash; busybox and alpine do not
        if (cmd === 'bash' && ctx.flavor !== 'bash' && ctx.flavor !== 'dash') break;
        const ci = args.indexOf('-c');
        const sub = new Shell({ ...ctx, argv0: cmd0, flavor: cmd === 'bash' ? 'bash' : ctx.flavor });
        if (ci >= 0) {
          const st = yield* sub.run(args[ci + 1] ?? '', args.slice(ci + 3));
          return st;
        }
        if (args[0] && !args[0].startsWith('-')) {
          const script = ctx.fs.read(normalize(args[0], ctx.cwd ?? '/'));
          if (script === undefined) {
            ctx.err(`${cmd}: can't open '${args[0]}': No such file or directory\n`);
            return 2;
          }
          return yield* sub.run(script, args.slice(1));
        }
        if (ctx.stdin) return yield* sub.run(ctx.stdin);
        return 0;
      }
    }
    const ext = ctx.external?.(argv, ctx);
    if (ext) return yield* ext;
    const tool = runTool(cmd, args, ctx, this);
    if (tool !== undefined) return yield* tool;
    ctx.err(this.notFound(cmd0));
    return 127;
  }
}

/** sleep's argument: seconds with optional s/m/h/d suffix; `infinity`. */
export function parseDuration(args: string[]): number | undefined {
  if (!args.length) return undefined;
  let total = 0;
  for (const a of args) {
    if (a === 'infinity' || a === 'inf') return Infinity;
    const m = /^([0-9]*\.?[0-9]+)([smhd]?)$/.exec(a);
    if (!m) return undefined;
    const mult = { '': 1, s: 1, m: 60, h: 3600, d: 86400 }[m[2]]!;
    total += Number(m[1]) * mult * 1000;
  }
  return Math.round(total);
}

/** $((…)) arithmetic: + - * / % comparisons, && ||, parentheses, variables. */
export function evalArith(src: string, lookup: (name: string) => number): number {
  const toks = src.match(/\d+|[A-Za-z_][A-Za-z0-9_]*|==|!=|<=|>=|&&|\|\||[-+*/%()<>!]/g) ?? [];
  let i = 0;
  const prec: Record<string, number> = { '||': 1, '&&': 2, '==': 3, '!=': 3, '<': 4, '>': 4, '<=': 4, '>=': 4, '+': 5, '-': 5, '*': 6, '/': 6, '%': 6 };
  const primary = (): number => {
    const t = toks[i++];
    if (t === undefined) return 0;
    if (t === '(') {
      const v = expr(0);
      i++;
      return v;
    }
    if (t === '-') return -primary();
    if (t === '+') return primary();
    if (t === '!') return primary() ? 0 : 1;
    if (/^\d+$/.test(t)) return Number(t);
    return lookup(t);
  };
  const expr = (min: number): number => {
    let left = primary();
    for (;;) {
      const op = toks[i];
      const p = op !== undefined ? prec[op] : undefined;
      if (p === undefined || p <= min - 1 || p < min) break;
      i++;
      const right = expr(p + 1);
      switch (op) {
        case '+': left += right; break;
        case '-': left -= right; break;
        case '*': left *= right; break;
        case '/': left = right === 0 ? 0 : Math.trunc(left / right); break;
        case '%': left = right === 0 ? 0 : left % right; break;
        case '<': left = +(left < right); break;
        case '>': left = +(left > right); break;
        case '<=': left = +(left <= right); break;
        case '>=': left = +(left >= right); break;
        case '==': left = +(left === right); break;
        case '!=': left = +(left !== right); break;
        case '&&': left = +(!!left && !!right); break;
        case '||': left = +(!!left || !!right); break;
      }
    }
    return left;
  };
  return expr(0);
}

/**
 * Runs a generator to its end with no virtual time (exec, probes, hooks). Sleeps are
 * skipped; a script that never ends is stopped after `maxSteps` yields.
 */
export function runToEnd(g: Generator<Effect, number>, maxSteps = 5000): number | undefined {
  for (let k = 0; k < maxSteps; k++) {
    const r = g.next();
    if (r.done) return r.value;
    if (r.value.type === 'block') return undefined;
  }
  return undefined;
}
