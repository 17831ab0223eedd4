/**
 * The shell language the course needs, parsed as bash does in the common cases: lists
 * (`;`, `&&`, `||`), pipelines, simple commands with assignments, redirections (`>`,
 * `>>`, `<`, `2>`, `2>&1`, `&>`), heredocs (`<<EOF`, `<<-EOF`, quoted delimiters), and
 * words with quotes, `$VAR`, `${VAR}`, `$?`, `$(...)` and backticks. Parsing never
 * throws: an error value carries bash's message.
 */

export type WordPart =
  | { t: 'lit'; s: string; quoted: boolean }
  | { t: 'var'; name: string; quoted: boolean }
  | { t: 'sub'; src: string; quoted: boolean }
  | { t: 'arith'; expr: string; quoted: boolean };

export type Word = WordPart[];

export interface Redirect {
  fd: 1 | 2 | 0 | 'both';
  op: '>' | '>>' | '<' | '>&1';
  target?: Word;
}

export interface SimpleCommand {
  kind?: undefined;
  assigns: { name: string; value: Word }[];
  words: Word[];
  redirects: Redirect[];
  heredoc?: { delim: string; strip: boolean; expand: boolean; body?: string };
}

export interface ForCommand {
  kind: 'for';
  name: string;
  items?: Word[];
  body: Script;
}

export interface WhileCommand {
  kind: 'while';
  until: boolean;
  cond: Script;
  body: Script;
}

export interface IfCommand {
  kind: 'if';
  branches: { cond: Script; body: Script }[];
  els?: Script;
}

export type Command = SimpleCommand | ForCommand | WhileCommand | IfCommand;

export interface Pipeline {
  cmds: Command[];
  negate: boolean;
}

export interface AndOr {
  first: Pipeline;
  rest: { op: '&&' | '||'; p: Pipeline }[];
}

export type Script = AndOr[];

export type ParseResult = { script: Script } | { incomplete: string } | { error: string };

interface Tok {
  t: 'word' | 'op';
  v: string;
  word?: Word;
}

/** Splits a line into tokens, expanding nothing yet. `incomplete` when a quote is open. */
function lex(src: string): Tok[] | { incomplete: string } | { error: string } {
  const toks: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (c === ' ' || c === '\t') {
      i++;
      continue;
    }
    if (c === '\n') {
      toks.push({ t: 'op', v: '\n' });
      i++;
      continue;
    }
    if (c === '#') {
      while (i < src.length && src[i] !== '\n') i++;
      continue;
    }
    if ((c === '<' || c === '>') && src[i + 1] === '(') {
      // process substitution, e.g. `source <(kubectl completion bash)`: kept as one word
      let depth = 0;
      let j = i + 1;
      for (; j < src.length; j++) {
        if (src[j] === '(') depth++;
        else if (src[j] === ')' && --depth === 0) break;
      }
      if (j >= src.length) return { incomplete: '(' };
      const text = src.slice(i, j + 1);
      toks.push({ t: 'word', v: text, word: [{ t: 'lit', s: text, quoted: true }] });
      i = j + 1;
      continue;
    }
    const ops = ['&&', '||', '>>', '2>&1', '&>', '2>>', '2>', '<<-', '<<', ';', '|', '>', '<', '&', '(', ')'];
    const op = ops.find((o) => src.startsWith(o, i) && (o !== '2>&1' && o !== '2>' && o !== '2>>' ? true : i === 0 || /[\s;|&]/.test(src[i - 1])));
    if (op) {
      toks.push({ t: 'op', v: op });
      i += op.length;
      continue;
    }
    // a word
    const parts: Word = [];
    let lit = '';
    const flush = (quoted: boolean) => {
      if (lit) parts.push({ t: 'lit', s: lit, quoted });
      lit = '';
    };
    const readDollar = (quoted: boolean): { error?: string; incomplete?: boolean } => {
      // at src[i] === '$'
      const n = src[i + 1];
      if (n === '(' && src[i + 2] === '(') {
        const j = src.indexOf('))', i + 3);
        if (j < 0) return { incomplete: true };
        flush(quoted);
        parts.push({ t: 'arith', expr: src.slice(i + 3, j), quoted });
        i = j + 2;
        return {};
      }
      if (n === '(') {
        let depth = 0;
        let j = i + 1;
        let q = '';
        for (; j < src.length; j++) {
          const ch = src[j];
          if (q) {
            if (ch === q) q = '';
            continue;
          }
          if (ch === "'" || ch === '"') q = ch;
          else if (ch === '(') depth++;
          else if (ch === ')' && --depth === 0) break;
        }
        if (j >= src.length) return { incomplete: true };
        flush(quoted);
        parts.push({ t: 'sub', src: src.slice(i + 2, j), quoted });
        i = j + 1;
        return {};
      }
      if (n === '{') {
        const j = src.indexOf('}', i);
        if (j < 0) return { incomplete: true };
        flush(quoted);
        parts.push({ t: 'var', name: src.slice(i + 2, j), quoted });
        i = j + 1;
        return {};
      }
      const m = /^[A-Za-z_][A-Za-z0-9_]*|^[?#$0-9@*]/.exec(src.slice(i + 1));
      if (!m) {
        lit += '$';
        i++;
        return {};
      }
      flush(quoted);
      parts.push({ t: 'var', name: m[0], quoted });
      i += 1 + m[0].length;
      return {};
    };
    while (i < src.length) {
      const ch = src[i];
      if (/[\s;|&<>()]/.test(ch)) break;
      if (ch === '\\') {
        if (i + 1 >= src.length) return { incomplete: '\\' };
        if (src[i + 1] === '\n') {
          i += 2;
          continue;
        }
        lit += src[i + 1];
        i += 2;
        continue;
      }
      if (ch === "'") {
        const j = src.indexOf("'", i + 1);
        if (j < 0) return { incomplete: "'" };
        flush(false);
        parts.push({ t: 'lit', s: src.slice(i + 1, j), quoted: true });
        i = j + 1;
        continue;
      }
      if (ch === '"') {
        flush(false);
        i++;
        let closed = false;
        while (i < src.length) {
          const d = src[i];
          if (d === '"') {
            closed = true;
            i++;
            break;
          }
          if (d === '\\' && i + 1 < src.length && '"\\$`\n'.includes(src[i + 1])) {
            if (src[i + 1] !== '\n') lit += src[i + 1];
            i += 2;
            continue;
          }
          if (d === '$') {
            const r = readDollar(true);
            if (r.incomplete) return { incomplete: '"' };
            continue;
          }
          if (d === '`') {
            const j = src.indexOf('`', i + 1);
            if (j < 0) return { incomplete: '"' };
            flush(true);
            parts.push({ t: 'sub', src: src.slice(i + 1, j), quoted: true });
            i = j + 1;
            continue;
          }
          lit += d;
          i++;
        }
        if (!closed) return { incomplete: '"' };
        if (lit === '' && !parts.length) parts.push({ t: 'lit', s: '', quoted: true });
        else flush(true);
        // an empty "" still makes an argument
        if (parts.length === 0) parts.push({ t: 'lit', s: '', quoted: true });
        continue;
      }
      if (ch === '$') {
        const r = readDollar(false);
        if (r.incomplete) return { incomplete: '$(' };
        continue;
      }
      if (ch === '`') {
        const j = src.indexOf('`', i + 1);
        if (j < 0) return { incomplete: '`' };
        flush(false);
        parts.push({ t: 'sub', src: src.slice(i + 1, j), quoted: false });
        i = j + 1;
        continue;
      }
      lit += ch;
      i++;
    }
    flush(false);
    toks.push({ t: 'word', v: wordText(parts), word: parts });
  }
  return toks;
}

/** The literal text of a word (for heredoc delimiters and assignments). */
export function wordText(w: Word): string {
  return w.map((p) => (p.t === 'lit' ? p.s : p.t === 'var' ? `$${p.name}` : p.t === 'arith' ? `$((${p.expr}))` : `$(${p.src})`)).join('');
}

/**
 * Parses a (possibly multi-line) source. Heredoc bodies are taken from the lines that
 * follow the command; a missing delimiter makes the result `incomplete`.
 */
export function parse(src: string): ParseResult {
  // split off heredoc bodies first: a line with `<<DELIM` owns the following lines up to DELIM
  const lines = src.split('\n');
  const cmdLines: string[] = [];
  const bodies: { delim: string; body: string }[] = [];
  for (let li = 0; li < lines.length; li++) {
    const line = lines[li];
    cmdLines.push(line);
    const re = /<<(-?)\s*(?:'([^']*)'|"([^"]*)"|\\?([A-Za-z0-9_.-]+))/g;
    let m: RegExpExecArray | null;
    const pending: { delim: string; strip: boolean }[] = [];
    // ignore << inside single quotes, roughly: count quotes before the match
    while ((m = re.exec(line))) {
      const before = line.slice(0, m.index);
      if ((before.split("'").length - 1) % 2 === 1) continue;
      pending.push({ delim: m[2] ?? m[3] ?? m[4], strip: m[1] === '-' });
    }
    for (const p of pending) {
      const body: string[] = [];
      let found = false;
      while (++li < lines.length) {
        const l = p.strip ? lines[li].replace(/^\t+/, '') : lines[li];
        if (l === p.delim) {
          found = true;
          break;
        }
        body.push(l);
      }
      if (!found) return { incomplete: 'heredoc' };
      bodies.push({ delim: p.delim, body: body.length ? body.join('\n') + '\n' : '' });
    }
  }
  const lexed = lex(cmdLines.join('\n'));
  if ('incomplete' in lexed || 'error' in lexed) return lexed as ParseResult;
  const toks = lexed;
  let pos = 0;
  let bodyIdx = 0;
  const peek = () => toks[pos];
  const syntax = (near: string): ParseResult => ({ error: `bash: syntax error near unexpected token \`${near}'` });
  const isKw = (t: Tok | undefined, kws: string[]): boolean =>
    !!t && t.t === 'word' && t.word!.length === 1 && t.word![0].t === 'lit' && !t.word![0].quoted && kws.includes(t.v);
  const skipSeps = () => {
    while (peek() && (peek().v === '\n' || peek().v === ';')) pos++;
  };
  /** `for NAME [in WORDS]; do LIST; done`, `while|until LIST; do LIST; done`, `if LIST; then LIST; [elif …] [else LIST;] fi` */
  const parseCompound = (): Command | ParseResult => {
    const kw = peek().v;
    pos++;
    const expect = (word: string): ParseResult | undefined => {
      skipSeps();
      if (!peek()) return { incomplete: kw };
      if (!isKw(peek(), [word])) return syntax(peek().v === '\n' ? 'newline' : peek().v);
      pos++;
      return undefined;
    };
    if (kw === 'for') {
      const name = peek();
      if (!name || name.t !== 'word') return name ? syntax(name.v) : { incomplete: kw };
      pos++;
      let items: Word[] | undefined;
      if (isKw(peek(), ['in'])) {
        pos++;
        items = [];
        while (peek() && peek().t === 'word') items.push(toks[pos++].word!);
      }
      const e = expect('do');
      if (e) return e;
      const body = parseList(['done']);
      if (!Array.isArray(body)) return body;
      const d = expect('done');
      if (d) return d;
      return { kind: 'for', name: name.v, items, body };
    }
    if (kw === 'while' || kw === 'until') {
      const cond = parseList(['do']);
      if (!Array.isArray(cond)) return cond;
      const e = expect('do');
      if (e) return e;
      const body = parseList(['done']);
      if (!Array.isArray(body)) return body;
      const d = expect('done');
      if (d) return d;
      return { kind: 'while', until: kw === 'until', cond, body };
    }
    // if
    const branches: { cond: Script; body: Script }[] = [];
    let els: Script | undefined;
    for (;;) {
      const cond = parseList(['then']);
      if (!Array.isArray(cond)) return cond;
      const e = expect('then');
      if (e) return e;
      const body = parseList(['elif', 'else', 'fi']);
      if (!Array.isArray(body)) return body;
      branches.push({ cond, body });
      skipSeps();
      if (!peek()) return { incomplete: kw };
      if (isKw(peek(), ['elif'])) {
        pos++;
        continue;
      }
      if (isKw(peek(), ['else'])) {
        pos++;
        const b = parseList(['fi']);
        if (!Array.isArray(b)) return b;
        els = b;
      }
      const f = expect('fi');
      if (f) return f;
      return { kind: 'if', branches, els };
    }
  };
  const parseCommand = (): Command | ParseResult | undefined => {
    if (isKw(peek(), ['for', 'while', 'until', 'if'])) return parseCompound();
    const cmd: SimpleCommand = { assigns: [], words: [], redirects: [] };
    for (;;) {
      const t = peek();
      if (!t) break;
      if (t.t === 'word') {
        pos++;
        const m = /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(t.v);
        if (cmd.words.length === 0 && m && t.word![0]?.t === 'lit' && !t.word![0].quoted) {
          const first = t.word![0] as { t: 'lit'; s: string; quoted: boolean };
          const value: Word = [{ ...first, s: first.s.slice(m[0].length) }, ...t.word!.slice(1)];
          cmd.assigns.push({ name: m[1], value });
        } else cmd.words.push(t.word!);
        continue;
      }
      if (['>', '>>', '<', '2>', '2>>', '&>'].includes(t.v)) {
        pos++;
        const target = peek();
        if (!target || target.t !== 'word') return syntax(target?.v === '\n' || !target ? 'newline' : target.v);
        pos++;
        const fd = t.v === '2>' || t.v === '2>>' ? 2 : t.v === '<' ? 0 : t.v === '&>' ? 'both' : 1;
        const op = t.v === '>>' || t.v === '2>>' ? '>>' : t.v === '<' ? '<' : '>';
        cmd.redirects.push({ fd, op, target: target.word });
        continue;
      }
      if (t.v === '2>&1') {
        pos++;
        cmd.redirects.push({ fd: 2, op: '>&1' });
        continue;
      }
      if (t.v === '<<' || t.v === '<<-') {
        pos++;
        const d = peek();
        if (!d || d.t !== 'word') return syntax('newline');
        pos++;
        const quoted = d.word!.some((p) => p.t === 'lit' && p.quoted);
        const b = bodies[bodyIdx++];
        cmd.heredoc = { delim: wordText(d.word!), strip: t.v === '<<-', expand: !quoted, body: b?.body ?? '' };
        continue;
      }
      break;
    }
    if (!cmd.words.length && !cmd.assigns.length && !cmd.redirects.length && !cmd.heredoc) return undefined;
    return cmd;
  };
  const parsePipeline = (): Pipeline | ParseResult | undefined => {
    let negate = false;
    if (peek()?.t === 'word' && peek()!.v === '!') {
      negate = true;
      pos++;
    }
    const cmds: Command[] = [];
    for (;;) {
      const c = parseCommand();
      if (c === undefined) {
        if (cmds.length) {
          const t = peek();
          return t ? syntax(t.v === '\n' ? 'newline' : t.v) : { incomplete: '|' };
        }
        return undefined;
      }
      if ('error' in c || 'incomplete' in c || 'script' in c) return c as ParseResult;
      cmds.push(c as Command);
      if (peek()?.v === '|') {
        pos++;
        while (peek()?.v === '\n') pos++;
        if (!peek()) return { incomplete: '|' };
        continue;
      }
      break;
    }
    return { cmds, negate };
  };
  function parseList(stop: string[]): Script | ParseResult {
    const script: Script = [];
    while (pos < toks.length) {
      const t = peek();
      if (t.v === '\n' || t.v === ';') {
        if (t.v === ';' && (script.length === 0 || toks[pos - 1]?.v === ';' || toks[pos - 1]?.v === '\n')) return syntax(';');
        pos++;
        continue;
      }
      if (isKw(t, stop)) return script;
      if (isKw(t, ['do', 'done', 'then', 'fi', 'else', 'elif'])) return syntax(t.v);
      const first = parsePipeline();
      if (first === undefined) return syntax(peek()?.v ?? 'newline');
      if ('error' in first || 'incomplete' in first) return first as ParseResult;
      const ao: AndOr = { first: first as Pipeline, rest: [] };
      while (peek()?.v === '&&' || peek()?.v === '||') {
        const op = peek()!.v as '&&' | '||';
        pos++;
        while (peek()?.v === '\n') pos++;
        if (!peek()) return { incomplete: op };
        const p = parsePipeline();
        if (p === undefined) return syntax(peek()?.v ?? 'newline');
        if ('error' in p || 'incomplete' in p) return p as ParseResult;
        ao.rest.push({ op, p: p as Pipeline });
      }
      script.push(ao);
      const n = peek();
      if (n && n.v !== ';' && n.v !== '\n' && n.v !== '&') return syntax(n.v);
      if (n?.v === '&') pos++;
    }
    return stop.length ? { incomplete: stop[0] } : script;
  }
  const top = parseList([]);
  if (!Array.isArray(top)) return top;
  return { script: top };
}
