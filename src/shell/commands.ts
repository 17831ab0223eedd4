/**
 * The commands of the learner's shell: file tools, text tools, `kubectl`/`k`, `watch`,
 * `sleep` on the virtual clock, `ssh NODE` into a node's shell, editors through the
 * page's hook. Unknown commands fail as bash does (127).
 */
import type { Kubectl } from '../kubectl';
import type { KubectlIO } from '../kubectl/types';
import type { NodeHost } from '../sim/node/host';
import { normalize, nodeFs, type ShellFs } from './fs';
import { type CommandFn, type Proc, type Session, runSource } from './interp';
import { needsMore } from './interp';
import { awk, base64, cut, grep, head, sed, sort, tail, tr, uniq, wc } from './text';

export interface ShellHost {
  kubectl: Kubectl;
  now(): number;
  sleep(ms: number): Promise<void>;
  cancelled(): boolean;
  interactive: boolean;
  streamLimitMs: number;
  readLine(prompt: string): Promise<string | null>;
  edit?(text: string, fileName: string): Promise<string | undefined>;
  node?(name: string): NodeHost | undefined;
  history(): string[];
  clear(): void;
}

export function parseSleep(s: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)(s|m|h|d)?$/.exec(s);
  if (!m) return undefined;
  const n = parseFloat(m[1]);
  return Math.round(n * (m[2] === 'm' ? 60000 : m[2] === 'h' ? 3600000 : m[2] === 'd' ? 86400000 : 1000));
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** `date`'s default format in UTC: `Wed Jan  1 00:00:05 UTC 2025`. */
export function dateString(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} UTC ${d.getUTCFullYear()}`;
}

/** Arguments that are numbers for head/tail/sort flags must not be read as files. */
function toolNoFiles(fn: (args: string[], input: string) => { out: string; err?: string; code: number }, name: string): CommandFn {
  return (p) => {
    const fileArgs = p.args.filter((a, i) => !a.startsWith('-') && !/^(-n|-k|-t|-d|-f|-c|-F|-w)$/.test(p.args[i - 1] ?? ''));
    let input = p.stdin;
    let args = p.args;
    if (fileArgs.length && name !== 'awk' && name !== 'tr') {
      const texts: string[] = [];
      for (const f of fileArgs) {
        const t = p.session.fs.read(normalize(f, p.session.cwd, p.session.home));
        if (t === undefined) {
          p.err(`${name}: cannot open '${f}' for reading: No such file or directory\n`);
          return 1;
        }
        texts.push(t);
      }
      input = texts.join('');
      args = p.args.filter((a) => !fileArgs.includes(a));
    } else if (name === 'awk' && fileArgs.length > 1) {
      const t = p.session.fs.read(normalize(fileArgs[fileArgs.length - 1], p.session.cwd, p.session.home));
      if (t !== undefined) {
        input = t;
        args = p.args.slice(0, -1);
      }
    }
    const r = fn(args, input);
    p.out(r.out);
    if (r.err) p.err(r.err);
    return r.code;
  };
}

function fsCommands(): Record<string, CommandFn> {
  const abs = (p: Proc, x: string) => normalize(x, p.session.cwd, p.session.home);
  return {
    pwd: (p) => (p.out(p.session.cwd + '\n'), 0),
    cd: (p) => {
      const target = abs(p, p.args[0] ?? '~');
      if (!p.session.fs.isDir(target)) {
        p.err(`bash: cd: ${p.args[0]}: ${p.session.fs.exists(target) ? 'Not a directory' : 'No such file or directory'}\n`);
        return 1;
      }
      p.session.cwd = target;
      return 0;
    },
    ls: (p) => {
      const flags = p.args.filter((a) => a.startsWith('-')).join('');
      const targets = p.args.filter((a) => !a.startsWith('-'));
      let code = 0;
      const all = flags.includes('a');
      const long = flags.includes('l');
      const stamp = (() => {
        const d = new Date(p.session.now?.() ?? 0);
        const mon = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][d.getUTCMonth()];
        return `${mon} ${String(d.getUTCDate()).padStart(2, ' ')} ${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
      })();
      const show = (names: string[], dir?: string) => {
        if (long) {
          const rows = names.map((n) => {
            const path = normalize(dir ? `${dir}/${n}` : n, p.session.cwd, p.session.home);
            const isDir = p.session.fs.isDir(path) || n === '.' || n === '..';
            const size = isDir ? 4096 : new TextEncoder().encode(p.session.fs.read(path) ?? '').length;
            return { n, isDir, size };
          });
          const w = Math.max(1, ...rows.map((r) => String(r.size).length));
          if (dir !== undefined) p.out(`total ${rows.reduce((t, r) => t + (r.size ? 4 : 0), 0)}\n`);
          for (const r of rows) p.out(`${r.isDir ? 'drwxr-xr-x 2' : '-rw-r--r-- 1'} root root ${String(r.size).padStart(w)} ${stamp} ${r.n}\n`);
        } else if (p.piped || flags.includes('1')) for (const n of names) p.out(n + '\n');
        else if (names.length) p.out(names.join('  ') + '\n');
      };
      const list = targets.length ? targets : ['.'];
      list.forEach((t, i) => {
        const path = abs(p, t);
        if (p.session.fs.isDir(path)) {
          if (list.length > 1) p.out(`${i ? '\n' : ''}${t}:\n`);
          const names = (p.session.fs.list(path) ?? []).filter((n) => all || !n.startsWith('.'));
          show(all ? ['.', '..', ...names] : names, t);
        } else if (p.session.fs.exists(path)) show([t]);
        else {
          p.err(`ls: cannot access '${t}': No such file or directory\n`);
          code = 2;
        }
      });
      return code;
    },
    cat: (p) => {
      const files = p.args.filter((a) => a !== '-' && !a.startsWith('-'));
      if (!files.length) {
        p.out(p.stdin);
        return 0;
      }
      let code = 0;
      for (const f of files) {
        const path = abs(p, f);
        if (p.session.fs.isDir(path)) {
          p.err(`cat: ${f}: Is a directory\n`);
          code = 1;
          continue;
        }
        const t = p.session.fs.read(path);
        if (t === undefined) {
          p.err(`cat: ${f}: No such file or directory\n`);
          code = 1;
        } else p.out(t);
      }
      return code;
    },
    mkdir: (p) => {
      const parents = p.args.includes('-p');
      let code = 0;
      for (const d of p.args.filter((a) => !a.startsWith('-'))) {
        const path = abs(p, d);
        if (p.session.fs.exists(path)) {
          if (!parents) {
            p.err(`mkdir: cannot create directory '${d}': File exists\n`);
            code = 1;
          }
          continue;
        }
        const parent = path.slice(0, path.lastIndexOf('/')) || '/';
        if (!parents && !p.session.fs.isDir(parent)) {
          p.err(`mkdir: cannot create directory '${d}': No such file or directory\n`);
          code = 1;
          continue;
        }
        p.session.fs.mkdir(path);
      }
      return code;
    },
    rm: (p) => {
      const flags = p.args.filter((a) => a.startsWith('-')).join('');
      let code = 0;
      for (const f of p.args.filter((a) => !a.startsWith('-'))) {
        const path = abs(p, f);
        if (p.session.fs.isDir(path) && !flags.includes('r') && !flags.includes('R')) {
          p.err(`rm: cannot remove '${f}': Is a directory\n`);
          code = 1;
          continue;
        }
        if (!p.session.fs.remove(path) && !flags.includes('f')) {
          p.err(`rm: cannot remove '${f}': No such file or directory\n`);
          code = 1;
        }
      }
      return code;
    },
    touch: (p) => {
      for (const f of p.args.filter((a) => !a.startsWith('-'))) {
        const path = abs(p, f);
        if (!p.session.fs.exists(path)) p.session.fs.write(path, '');
      }
      return 0;
    },
    cp: (p) => copyMove(p, false),
    mv: (p) => copyMove(p, true),
    echo: (p) => {
      let args = p.args;
      let newline = true;
      let escapes = false;
      while (args[0] && /^-[neE]+$/.test(args[0])) {
        if (args[0].includes('n')) newline = false;
        if (args[0].includes('e')) escapes = true;
        args = args.slice(1);
      }
      let s = args.join(' ');
      if (escapes) s = s.replace(/\\n/g, '\n').replace(/\\t/g, '\t');
      p.out(s + (newline ? '\n' : ''));
      return 0;
    },
    printf: (p) => {
      const [fmt = '', ...rest] = p.args;
      let i = 0;
      const s = fmt.replace(/%[sd]|\\n|\\t|%%/g, (m) => (m === '\\n' ? '\n' : m === '\\t' ? '\t' : m === '%%' ? '%' : rest[i++] ?? ''));
      p.out(s);
      return 0;
    },
    seq: (p) => {
      const n = p.args.filter((a) => !a.startsWith('-') || /^-\d/.test(a)).map(Number);
      if (!n.length || n.some((x) => Number.isNaN(x))) {
        p.err(`seq: invalid floating point argument: '${p.args.find((a) => Number.isNaN(Number(a))) ?? ''}'\nTry 'seq --help' for more information.\n`);
        return 1;
      }
      const [first, step, last] = n.length === 1 ? [1, 1, n[0]] : n.length === 2 ? [n[0], 1, n[1]] : [n[0], n[1], n[2]];
      let out = '';
      for (let x = first; step > 0 ? x <= last : x >= last; x += step) out += `${x}\n`;
      p.out(out);
      return 0;
    },
    break: (p) => ((p.session.loopCtl = 'break'), 0),
    continue: (p) => ((p.session.loopCtl = 'continue'), 0),
    test: (p) => testExpr(p.args, p),
    '[': (p) => {
      if (p.args[p.args.length - 1] !== ']') {
        p.err("bash: [: missing `]'\n");
        return 2;
      }
      return testExpr(p.args.slice(0, -1), p);
    },
    true: () => 0,
    false: () => 1,
    ':': () => 0,
    grep: (p) => {
      const r = grep(p.args, p.stdin, (f) => p.session.fs.read(normalize(f, p.session.cwd, p.session.home)));
      p.out(r.out);
      if (r.err) p.err(r.err);
      return r.code;
    },
    head: toolNoFiles(head, 'head'),
    tail: toolNoFiles(tail, 'tail'),
    wc: toolNoFiles(wc, 'wc'),
    sort: toolNoFiles(sort, 'sort'),
    uniq: toolNoFiles(uniq, 'uniq'),
    cut: toolNoFiles(cut, 'cut'),
    tr: toolNoFiles(tr, 'tr'),
    awk: toolNoFiles(awk, 'awk'),
    base64: toolNoFiles(base64, 'base64'),
    sed: (p) => {
      let inPlace = false;
      const scripts: string[] = [];
      const files: string[] = [];
      for (let i = 0; i < p.args.length; i++) {
        const a = p.args[i];
        if (a === '-i' || a.startsWith('-i')) inPlace = true;
        else if (a === '-e') scripts.push(p.args[++i] ?? '');
        else if (a === '-E' || a === '-r') continue;
        else if (!scripts.length) scripts.push(a);
        else files.push(a);
      }
      if (!scripts.length) {
        p.err('Usage: sed [OPTION]... {script-only-if-no-other-script} [input-file]...\n');
        return 1;
      }
      const run = (text: string) => sed(scripts, text);
      if (!files.length) {
        const r = run(p.stdin);
        p.out(r.out);
        if (r.err) p.err(r.err);
        return r.code;
      }
      for (const f of files) {
        const path = normalize(f, p.session.cwd, p.session.home);
        const t = p.session.fs.read(path);
        if (t === undefined) {
          p.err(`sed: can't read ${f}: No such file or directory\n`);
          return 2;
        }
        const r = run(t);
        if (r.err) {
          p.err(r.err);
          return r.code;
        }
        if (inPlace) p.session.fs.write(path, r.out);
        else p.out(r.out);
      }
      return 0;
    },
  };
}

/** `test` / `[ … ]`: string, integer and file tests, `!`, `-a`, `-o`. */
function testExpr(args: string[], p: Proc): number {
  const fs = p.session.fs;
  const abs = (x: string) => normalize(x, p.session.cwd, p.session.home);
  const one = (a: string[]): boolean | undefined => {
    if (a[0] === '!') {
      const r = one(a.slice(1));
      return r === undefined ? undefined : !r;
    }
    if (a.length === 0) return false;
    if (a.length === 1) return a[0] !== '';
    if (a.length === 2) {
      const [op, x] = a;
      switch (op) {
        case '-z':
          return x === '';
        case '-n':
          return x !== '';
        case '-f':
          return fs.exists(abs(x)) && !fs.isDir(abs(x));
        case '-d':
          return fs.isDir(abs(x));
        case '-e':
          return fs.exists(abs(x));
        case '-s':
          return (fs.read(abs(x)) ?? '').length > 0;
      }
      return undefined;
    }
    if (a.length === 3) {
      const [x, op, y] = a;
      const nx = parseInt(x, 10);
      const ny = parseInt(y, 10);
      switch (op) {
        case '=':
        case '==':
          return x === y;
        case '!=':
          return x !== y;
        case '-eq':
          return nx === ny;
        case '-ne':
          return nx !== ny;
        case '-lt':
          return nx < ny;
        case '-le':
          return nx <= ny;
        case '-gt':
          return nx > ny;
        case '-ge':
          return nx >= ny;
      }
    }
    return undefined;
  };
  const groups: string[][] = [[]];
  const ops: string[] = [];
  for (const a of args) {
    if (a === '-a' || a === '-o') {
      ops.push(a);
      groups.push([]);
    } else groups[groups.length - 1].push(a);
  }
  let result = one(groups[0]);
  for (let i = 0; i < ops.length; i++) {
    const r = one(groups[i + 1]);
    if (result === undefined || r === undefined) break;
    result = ops[i] === '-a' ? result && r : result || r;
  }
  if (result === undefined) {
    p.err(`bash: test: ${args.join(' ')}: binary operator expected\n`);
    return 2;
  }
  return result ? 0 : 1;
}

function copyMove(p: Proc, move: boolean): number {
  const name = move ? 'mv' : 'cp';
  const args = p.args.filter((a) => !a.startsWith('-'));
  if (args.length < 2) {
    p.err(`${name}: missing destination file operand after '${args[0] ?? ''}'\nTry '${name} --help' for more information.\n`);
    return 1;
  }
  const fs = p.session.fs;
  const dest = normalize(args[args.length - 1], p.session.cwd, p.session.home);
  for (const src of args.slice(0, -1)) {
    const from = normalize(src, p.session.cwd, p.session.home);
    const text = fs.read(from);
    if (text === undefined) {
      p.err(`${name}: cannot stat '${src}': No such file or directory\n`);
      return 1;
    }
    const to = fs.isDir(dest) ? `${dest === '/' ? '' : dest}/${from.split('/').pop()}` : dest;
    fs.write(to, text);
    if (move) fs.remove(from);
  }
  return 0;
}

function kubectlIo(p: Proc, host: ShellHost): KubectlIO {
  const s = p.session;
  return {
    out: p.out,
    err: p.err,
    stdin: p.stdin,
    fs: {
      read: (x) => (s.fs.isDir(normalize(x, s.cwd, s.home)) ? undefined : s.fs.read(normalize(x, s.cwd, s.home))),
      write: (x, c) => s.fs.write(normalize(x, s.cwd, s.home), c),
      isDir: (x) => s.fs.isDir(normalize(x, s.cwd, s.home)),
      list: (x) => s.fs.list(normalize(x, s.cwd, s.home)),
    },
    sleep: host.sleep,
    cancelled: host.cancelled,
    edit: host.edit,
    readLine: host.readLine,
    interactive: host.interactive,
    streamLimitMs: host.streamLimitMs,
  };
}

export function shellCommands(host: ShellHost, extra: Record<string, CommandFn> = {}): Record<string, CommandFn> {
  const cmds: Record<string, CommandFn> = {
    ...fsCommands(),
    kubectl: (p) => host.kubectl.run(p.args, kubectlIo(p, host)),
    export: (p) => {
      for (const a of p.args) {
        const i = a.indexOf('=');
        if (i > 0) {
          p.session.vars.set(a.slice(0, i), a.slice(i + 1));
          p.session.exported.add(a.slice(0, i));
        } else p.session.exported.add(a);
      }
      return 0;
    },
    unset: (p) => {
      for (const a of p.args) p.session.vars.delete(a);
      return 0;
    },
    env: (p) => {
      for (const k of [...p.session.exported].sort()) if (p.session.vars.has(k)) p.out(`${k}=${p.session.vars.get(k)}\n`);
      return 0;
    },
    // shell setup lines from cheat sheets (completion, aliases) are accepted and do nothing
    source: () => 0,
    '.': () => 0,
    complete: () => 0,
    set: () => 0,
    alias: (p) => {
      if (!p.args.length) p.out("alias k='kubectl'\n");
      return 0;
    },
    clear: () => (host.clear(), 0),
    date: (p) => (p.out(dateString(host.now()) + '\n'), 0),
    hostname: (p) => (p.out('controlplane\n'), 0),
    whoami: (p) => (p.out('root\n'), 0),
    which: (p) => {
      let code = 0;
      for (const a of p.args) {
        if (p.session.commands[a]) p.out(`/usr/bin/${a}\n`);
        else code = 1;
      }
      return code;
    },
    history: (p) => {
      host.history().forEach((h, i) => p.out(`${String(i + 1).padStart(5)}  ${h}\n`));
      return 0;
    },
    sleep: async (p) => {
      if (!p.args.length) {
        p.err("sleep: missing operand\nTry 'sleep --help' for more information.\n");
        return 1;
      }
      let total = 0;
      for (const a of p.args) {
        const ms = parseSleep(a);
        if (ms === undefined) {
          p.err(`sleep: invalid time interval '${a}'\nTry 'sleep --help' for more information.\n`);
          return 1;
        }
        total += ms;
      }
      const chunk = Math.max(1000, Math.ceil(total / 600));
      let done = 0;
      while (done < total) {
        if (host.cancelled()) return 130;
        const step = Math.min(chunk, total - done);
        await host.sleep(step);
        done += step;
      }
      return 0;
    },
    watch: async (p) => {
      let interval = 2;
      let args = p.args;
      let title = true;
      while (args[0]?.startsWith('-')) {
        if (args[0] === '-n' || args[0] === '--interval') {
          interval = parseFloat(args[1]) || 2;
          args = args.slice(2);
        } else if (/^-n\d/.test(args[0])) {
          interval = parseFloat(args[0].slice(2)) || 2;
          args = args.slice(1);
        } else if (args[0] === '-t' || args[0] === '--no-title') {
          title = false;
          args = args.slice(1);
        } else args = args.slice(1);
      }
      if (!args.length) {
        p.err('Usage:\n watch [options] command\n');
        return 1;
      }
      const src = args.join(' ');
      const limit = host.interactive ? Infinity : host.streamLimitMs;
      let waited = 0;
      for (;;) {
        let frame = '';
        const sub: Session = { ...p.session, vars: new Map(p.session.vars) };
        await runSource(src, sub, { out: (x) => (frame += x), err: (x) => (frame += x) });
        if (host.interactive) host.clear();
        if (title) p.out(`Every ${interval.toFixed(1)}s: ${src}${' '.repeat(4)}controlplane: ${dateString(host.now())}\n\n`);
        p.out(frame);
        if (!host.interactive) p.out('\n');
        if (host.cancelled() || waited >= limit) return 0;
        await host.sleep(interval * 1000);
        waited += interval * 1000;
        if (host.cancelled()) return 0;
      }
    },
    xargs: async (p) => {
      let args = p.args;
      let perCall = Infinity;
      let replace: string | undefined;
      while (args[0]?.startsWith('-')) {
        if (args[0] === '-n') {
          perCall = parseInt(args[1], 10) || Infinity;
          args = args.slice(2);
        } else if (/^-n\d+$/.test(args[0])) {
          perCall = parseInt(args[0].slice(2), 10);
          args = args.slice(1);
        } else if (args[0] === '-I') {
          replace = args[1];
          args = args.slice(2);
        } else if (args[0] === '-r' || args[0] === '--no-run-if-empty') args = args.slice(1);
        else args = args.slice(1);
      }
      if (!args.length) args = ['echo'];
      const items = replace ? p.stdin.split('\n').filter(Boolean) : p.stdin.split(/\s+/).filter(Boolean);
      if (!items.length) return 0;
      const fn = p.session.commands[args[0]];
      if (!fn) {
        p.err(`xargs: ${args[0]}: No such file or directory\n`);
        return 127;
      }
      let code = 0;
      const batches: string[][] = [];
      if (replace) for (const it of items) batches.push(args.slice(1).map((a) => a.split(replace!).join(it)));
      else for (let i = 0; i < items.length; i += perCall === Infinity ? items.length : perCall) batches.push([...args.slice(1), ...items.slice(i, i + (perCall === Infinity ? items.length : perCall))]);
      for (const b of batches) {
        const r = await fn({ ...p, args: b, stdin: '' });
        if (r !== 0) code = 123;
      }
      return code;
    },
    help: (p) => {
      p.out(
        'kubelab shell: a small bash for the sandbox cluster.\n\n' +
          '  kubectl (k)        talk to the cluster; kubectl --help lists its commands\n' +
          '  sleep 30s|5m|1h    let virtual time pass\n' +
          '  watch CMD          rerun CMD every 2 seconds (Ctrl+C stops)\n' +
          '  ssh NODE           open a shell on a node (systemctl, crictl, files)\n' +
          '  ls cd pwd cat mkdir rm cp mv touch echo vi    files in your home folder\n' +
          '  grep head tail wc sort uniq awk cut tr xargs base64    text tools for pipes\n' +
          '  export VAR=value, $(...), |, >, >>, <<EOF, &&, ||, ;\n' +
          '  clear, history, Ctrl+C cancels, Tab completes, Up/Down browse history\n',
      );
      return 0;
    },
    exit: (p) => {
      p.session.exitRequested = parseInt(p.args[0] ?? '', 10) || p.session.lastCode || 0;
      return p.session.exitRequested;
    },
    ssh: async (p) => {
      // ssh [options] destination [command [argument ...]]
      const first = p.args.findIndex((a) => !a.startsWith('-'));
      const target = first < 0 ? undefined : p.args[first];
      const remote = first < 0 ? [] : p.args.slice(first + 1);
      if (!target) {
        p.err('usage: ssh destination [command [argument ...]]\n');
        return 255;
      }
      const nodeName = target.includes('@') ? target.split('@')[1] : target;
      const node = host.node?.(nodeName);
      if (!node) {
        p.err(`ssh: Could not resolve hostname ${nodeName}: Name or service not known\n`);
        return 255;
      }
      return nodeSession(p, host, node, remote.length ? remote.join(' ') : undefined);
    },
    ...extra,
  };
  cmds.k = cmds.kubectl;
  const editor: CommandFn = async (p) => {
    const file = p.args.filter((a) => !a.startsWith('-') && !a.startsWith('+'))[0];
    if (!file) {
      p.err('vi: a file name is needed here (e.g. vi web.yaml)\n');
      return 1;
    }
    if (!host.edit) {
      p.err('vi: no editor is available in this terminal\n');
      return 1;
    }
    const path = normalize(file, p.session.cwd, p.session.home);
    const edited = await host.edit(p.session.fs.read(path) ?? '', file);
    if (edited !== undefined) p.session.fs.write(path, edited);
    return 0;
  };
  cmds.vi = cmds.vim = cmds.nano = editor;
  return cmds;
}

/** `ssh NODE`: a nested shell on the node's own file system, with systemctl and crictl. */
async function nodeSession(p: Proc, host: ShellHost, node: NodeHost, command?: string): Promise<number> {
  const fs: ShellFs = nodeFs(node);
  if (!fs.isDir('/root')) fs.mkdir('/root');
  const session: Session = {
    ...p.session,
    fs,
    cwd: '/root',
    home: '/root',
    vars: new Map(p.session.vars),
    exported: new Set(p.session.exported),
    exitRequested: undefined,
    commands: {},
    fallback: node.run ? (argv, stdin) => node.run!(argv, stdin) : undefined,
  };
  const run = (r: { code: number; stdout: string; stderr: string }, q: Proc) => {
    q.out(r.stdout);
    q.err(r.stderr);
    return r.code;
  };
  session.commands = {
    ...p.session.commands,
    ssh: (q) => {
      q.err(`ssh: connect to host ${q.args[q.args.length - 1]} port 22: Connection refused\n`);
      return 255;
    },
    systemctl: (q) => run(node.systemctl(q.args), q),
    crictl: (q) => run(node.crictl(q.args), q),
    hostname: (q) => (q.out(`${node.name}\n`), 0),
  };
  if (command !== undefined) {
    // `ssh node01 ls /etc/kubernetes`: run one command there and come back, no login banner
    await runSource(command, session, { out: p.out, err: p.err });
    return session.exitRequested ?? session.lastCode ?? 0;
  }
  const prompt = () => `root@${node.name}:${session.cwd === '/root' ? '~' : session.cwd}# `;
  for (;;) {
    let src = await host.readLine(prompt());
    if (src === null) break;
    while (needsMore(src)) {
      const more = await host.readLine('> ');
      if (more === null) break;
      src += '\n' + more;
    }
    await runSource(src, session, { out: p.out, err: p.err });
    if (session.exitRequested !== undefined) break;
  }
  p.out(`logout\nConnection to ${node.name} closed.\n`);
  return session.exitRequested ?? 0;
}
