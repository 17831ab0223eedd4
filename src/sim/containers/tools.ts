/**
 * The commands a container's shell can run: the busybox/coreutils set every image with
 * a shell has (echo, cat, ls, date …) and the network tools only some images ship
 * (wget and nslookup in busybox/alpine, curl in nginx/curlimages/python …). Output and
 * error texts are those of busybox, or of coreutils/curl where Debian images differ.
 */
import type { Effect, HttpOutcome, Shell, ShellContext } from './shell';
import { normalize } from './fs';
import { etcdctl, etcdutl } from './etcdctl';

type Tool = (args: string[], ctx: ShellContext, sh: Shell) => Generator<Effect, number>;

const CORE = new Set([
  'echo', 'printf', 'true', 'false', ':', 'test', '[', 'cat', 'ls', 'date', 'hostname', 'env', 'printenv', 'head', 'tail', 'wc',
  'grep', 'seq', 'mkdir', 'touch', 'rm', 'pwd', 'whoami', 'id', 'uname', 'expr', 'tee', 'cp', 'mv', 'basename', 'dirname', 'kill',
  'sleep', 'sort', 'uniq', 'cut', 'tr', 'rmdir', 'df', 'du', 'read', 'wait', 'nproc', 'stat', 'ln', 'chmod', 'chown', 'which', 'type', 'command', 'yes',
]);
const BUSYBOX_ONLY = new Set(['ps', 'free', 'top', 'uptime']);

export function hasTool(cmd: string, ctx: Pick<ShellContext, 'flavor' | 'tools'>): boolean {
  // distroless images still carry their own binaries (etcd has etcdctl)
  if (ctx.tools.has(cmd) && TOOLS[cmd]) return true;
  if (ctx.flavor === 'none') return false;
  if (CORE.has(cmd)) return true;
  if (BUSYBOX_ONLY.has(cmd) && ctx.flavor === 'ash') return true;
  return ctx.tools.has(cmd);
}

export function runTool(cmd: string, args: string[], ctx: ShellContext, sh: Shell): Generator<Effect, number> | undefined {
  if (!hasTool(cmd, ctx)) return undefined;
  const t = TOOLS[cmd];
  return t ? t(args, ctx, sh) : undefined;
}

function* done(code: number): Generator<Effect, number> {
  return code;
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const p2 = (n: number) => String(n).padStart(2, '0');

/** `date` output in UTC: `Wed Jan  1 00:00:05 UTC 2025`, or a +FORMAT. */
export function formatDate(ms: number, fmt?: string): string {
  const d = new Date(ms);
  const Y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  const day = d.getUTCDate();
  const H = p2(d.getUTCHours());
  const M = p2(d.getUTCMinutes());
  const S = p2(d.getUTCSeconds());
  if (!fmt) return `${WEEKDAYS[d.getUTCDay()]} ${MONTHS[m]} ${String(day).padStart(2, ' ')} ${H}:${M}:${S} UTC ${Y}`;
  return fmt.replace(/%([a-zA-Z%])/g, (_x, c: string) => {
    switch (c) {
      case 'Y': return String(Y);
      case 'm': return p2(m + 1);
      case 'd': return p2(day);
      case 'H': return H;
      case 'M': return M;
      case 'S': return S;
      case 's': return String(Math.floor(ms / 1000));
      case 'T': return `${H}:${M}:${S}`;
      case 'F': return `${Y}-${p2(m + 1)}-${p2(day)}`;
      case 'a': return WEEKDAYS[d.getUTCDay()];
      case 'b': return MONTHS[m];
      case 'Z': return 'UTC';
      case 'N': return '000000000';
      case '%': return '%';
      default: return `%${c}`;
    }
  });
}

function echoEscapes(s: string): string {
  return s.replace(/\\(n|t|\\|c|e)/g, (_m, c: string) => ({ n: '\n', t: '\t', '\\': '\\', c: '', e: '\x1b' })[c] ?? '');
}

function printf(fmt: string, args: string[]): string {
  let out = '';
  let k = 0;
  do {
    out += echoEscapes(fmt).replace(/%(-?\d*)([sdfx%])/g, (_m, w: string, c: string) => {
      if (c === '%') return '%';
      const a = args[k++] ?? '';
      let v = c === 'd' ? String(parseInt(a, 10) || 0) : c === 'f' ? (Number(a) || 0).toFixed(6) : c === 'x' ? (parseInt(a, 10) || 0).toString(16) : a;
      const width = Number(w.replace('-', '')) || 0;
      if (width) v = w.startsWith('-') ? v.padEnd(width) : v.padStart(width);
      return v;
    });
  } while (k > 0 && k < args.length);
  return out;
}

function readInputs(args: string[], ctx: ShellContext, cmd: string): { text: string; code: number } {
  const files = args.filter((a) => !a.startsWith('-') || a === '-');
  if (!files.length) return { text: ctx.stdin ?? '', code: 0 };
  let text = '';
  let code = 0;
  for (const f of files) {
    if (f === '-') {
      text += ctx.stdin ?? '';
      continue;
    }
    const p = normalize(f, ctx.cwd ?? '/');
    const c = ctx.fs.read(p);
    if (c === undefined) {
      ctx.err(ctx.fs.isDir(p) ? `${cmd}: read error: Is a directory\n` : ctx.flavor === 'ash' ? `${cmd}: can't open '${f}': No such file or directory\n` : `${cmd}: ${f}: No such file or directory\n`);
      code = 1;
    } else text += c;
  }
  return { text, code };
}

function lines(text: string): string[] {
  const ls = text.split('\n');
  if (ls[ls.length - 1] === '') ls.pop();
  return ls;
}

function testExpr(a: string[], ctx: ShellContext): boolean {
  if (a[0] === '!') return !testExpr(a.slice(1), ctx);
  const ai = a.indexOf('-a');
  if (ai > 0) return testExpr(a.slice(0, ai), ctx) && testExpr(a.slice(ai + 1), ctx);
  const oi = a.indexOf('-o');
  if (oi > 0) return testExpr(a.slice(0, oi), ctx) || testExpr(a.slice(oi + 1), ctx);
  if (a.length === 0) return false;
  if (a.length === 1) return a[0] !== '';
  if (a.length === 2) {
    const p = normalize(a[1], ctx.cwd ?? '/');
    switch (a[0]) {
      case '-z': return a[1] === '';
      case '-n': return a[1] !== '';
      case '-f': return ctx.fs.read(p) !== undefined;
      case '-d': return ctx.fs.isDir(p);
      case '-e': case '-r': case '-s': return ctx.fs.read(p) !== undefined || ctx.fs.isDir(p);
    }
    return false;
  }
  const [l, op, r] = a;
  const nl = Number(l);
  const nr = Number(r);
  switch (op) {
    case '=': case '==': return l === r;
    case '!=': return l !== r;
    case '-eq': return nl === nr;
    case '-ne': return nl !== nr;
    case '-lt': return nl < nr;
    case '-le': return nl <= nr;
    case '-gt': return nl > nr;
    case '-ge': return nl >= nr;
  }
  return false;
}

// ------------------------------------------------------------------ network tools

interface Url {
  scheme: string;
  host: string;
  port: number;
  path: string;
}

export function parseUrl(u: string): Url | undefined {
  const m = /^(?:(https?):\/\/)?([^/:?#]+)(?::(\d+))?([^#]*)?$/.exec(u);
  if (!m) return undefined;
  const scheme = m[1] ?? 'http';
  return { scheme, host: m[2], port: m[3] ? Number(m[3]) : scheme === 'https' ? 443 : 80, path: m[4] || '/' };
}

function* wget(args: string[], ctx: ShellContext): Generator<Effect, number> {
  let quiet = false;
  let out: string | undefined;
  let spider = false;
  let timeout = 900;
  let url: string | undefined;
  for (let k = 0; k < args.length; k++) {
    const a = args[k];
    if (a === '-q' || a === '--quiet') quiet = true;
    else if (a === '-qO-' || a === '-qO' ) {
      quiet = true;
      out = a === '-qO-' ? '-' : args[++k];
    } else if (a === '-O' || a === '--output-document') out = args[++k];
    else if (a.startsWith('-O')) out = a.slice(2);
    else if (a.startsWith('--output-document=')) out = a.slice(18);
    else if (a === '-T' || a === '--timeout') timeout = Number(args[++k]) || 900;
    else if (a.startsWith('--timeout=')) timeout = Number(a.slice(10)) || 900;
    else if (a === '--spider') spider = true;
    else if (a.startsWith('-')) continue;
    else url = a;
  }
  if (!url) {
    ctx.err('BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: wget [-cqS] [--spider] [-O FILE] [-o LOGFILE] [--header STR]\n\t[--post-data STR | --post-file FILE] [-Y on/off]\n\t[-P DIR] [-U AGENT] [-T SEC] URL...\n');
    return 1;
  }
  const u = parseUrl(url);
  if (!u || !ctx.net) {
    ctx.err(`wget: bad address '${u?.host ?? url}'\n`);
    return 1;
  }
  const res = ctx.net.http({ host: u.host, port: u.port, path: u.path, method: spider ? 'HEAD' : 'GET' });
  if (!res.ok) {
    if (res.error === 'no such host') ctx.err(`wget: bad address '${u.host}'\n`);
    else if (res.error === 'timeout') {
      if (!ctx.instant) yield { type: 'sleep', ms: timeout * 1000 };
      ctx.err(`wget: download timed out\n`);
    } else ctx.err(`wget: can't connect to remote host (${res.ip}): ${res.error === 'refused' ? 'Connection refused' : 'No route to host'}\n`);
    return 1;
  }
  if (!quiet) ctx.err(`Connecting to ${u.host}${u.port !== 80 ? `:${u.port}` : ''} (${res.ip}:${u.port})\n`);
  if (res.status >= 400) {
    ctx.err(`wget: server returned error: HTTP/1.1 ${res.status} ${res.statusText}\n`);
    return 1;
  }
  if (spider) {
    if (!quiet) ctx.err('remote file exists\n');
    return 0;
  }
  const file = out ?? (u.path.split('/').pop() || 'index.html');
  if (file === '-') {
    ctx.out(res.body);
    return 0;
  }
  const err = ctx.fs.write(normalize(file, ctx.cwd ?? '/'), res.body);
  if (err) {
    ctx.err(`wget: can't open '${file}': ${err}\n`);
    return 1;
  }
  if (!quiet) {
    ctx.err(`saving to '${file}'\n`);
    ctx.err(`${file.padEnd(20)} 100% |********************************|   ${String(res.body.length).padStart(3)}  0:00:00 ETA\n`);
    ctx.err(`'${file}' saved\n`);
  }
  return 0;
}

function* curl(args: string[], ctx: ShellContext): Generator<Effect, number> {
  let silent = false;
  let showErr = false;
  let head = false;
  let include = false;
  let out: string | undefined;
  let fail = false;
  let write: string | undefined;
  let maxTime: number | undefined;
  let method = 'GET';
  let url: string | undefined;
  const headers: Record<string, string> = {};
  for (let k = 0; k < args.length; k++) {
    const a = args[k];
    if (a.startsWith('-') && !a.startsWith('--') && a.length > 2 && /^-[sSfLvki]+$/.test(a)) {
      for (const f of a.slice(1)) {
        if (f === 's') silent = true;
        if (f === 'S') showErr = true;
        if (f === 'f') fail = true;
        if (f === 'i') include = true;
      }
      continue;
    }
    switch (a) {
      case '-s': case '--silent': silent = true; break;
      case '-S': case '--show-error': showErr = true; break;
      case '-I': case '--head': head = true; method = 'HEAD'; break;
      case '-i': case '--include': include = true; break;
      case '-f': case '--fail': fail = true; break;
      case '-o': case '--output': out = args[++k]; break;
      case '-w': case '--write-out': write = args[++k]; break;
      case '-m': case '--max-time': case '--connect-timeout': maxTime = Number(args[++k]); break;
      case '-X': case '--request': method = args[++k] ?? 'GET'; break;
      case '-H': case '--header': {
        const h = args[++k] ?? '';
        const i = h.indexOf(':');
        if (i > 0) headers[h.slice(0, i).trim()] = h.slice(i + 1).trim();
        break;
      }
      case '-d': case '--data': k++; method = method === 'GET' ? 'POST' : method; break;
      case '-L': case '-v': case '-k': case '--location': case '--insecure': break;
      default:
        if (!a.startsWith('-')) url = a;
    }
  }
  if (!url) {
    ctx.err("curl: try 'curl --help' or 'curl --manual' for more information\n");
    return 2;
  }
  const u = parseUrl(url);
  const e = (code: number, text: string) => {
    if (!silent || showErr) ctx.err(`curl: (${code}) ${text}\n`);
    return code;
  };
  if (!u) return e(3, 'URL rejected: Malformed input to a URL function');
  if (u.scheme === 'https') {
    // the simulated servers speak plain HTTP only
    const res = ctx.net?.connect(u.host, u.port);
    if (res === 'no such host' || !ctx.net) return e(6, `Could not resolve host: ${u.host}`);
    if (res === 'refused') return e(7, `Failed to connect to ${u.host} port ${u.port} after 2 ms: Couldn't connect to server`);
    return e(35, 'OpenSSL/3.3.2: error:0A00010B:SSL routines::wrong version number');
  }
  if (!ctx.net) return e(6, `Could not resolve host: ${u.host}`);
  const res: HttpOutcome = ctx.net.http({ host: u.host, port: u.port, path: u.path, method, headers });
  if (!res.ok) {
    if (res.error === 'no such host') return e(6, `Could not resolve host: ${u.host}`);
    if (res.error === 'timeout') {
      const t = maxTime ?? 130;
      if (!ctx.instant) yield { type: 'sleep', ms: t * 1000 };
      return maxTime !== undefined
        ? e(28, `Connection timed out after ${Math.round(t * 1000) + 1} milliseconds`)
        : e(28, `Failed to connect to ${u.host} port ${u.port} after ${t * 1000 + 2} ms: Couldn't connect to server`);
    }
    return e(7, `Failed to connect to ${u.host} port ${u.port} after 2 ms: Couldn't connect to server`);
  }
  if (fail && res.status >= 400) return e(22, `The requested URL returned error: ${res.status}`);
  let text = '';
  if (head || include) {
    text += `HTTP/1.1 ${res.status} ${res.statusText}\r\n`;
    for (const [k, v] of Object.entries(res.headers)) text += `${k}: ${v}\r\n`;
    text += '\r\n';
  }
  if (!head) text += res.body;
  if (out && out !== '-') {
    const err = ctx.fs.write(normalize(out, ctx.cwd ?? '/'), text);
    if (err) return e(23, `Failure writing output to destination, passed ${text.length} returned 0`);
  } else ctx.out(text);
  if (write) ctx.out(echoEscapes(write.replace(/%\{http_code\}/g, String(res.status)).replace(/%\{remote_ip\}/g, res.ip)));
  return 0;
}

function* nslookup(args: string[], ctx: ShellContext): Generator<Effect, number> {
  const name = args.find((a) => !a.startsWith('-'));
  const ns = ctx.net?.nameserver ?? '10.96.0.10';
  if (!name) {
    ctx.err('BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: nslookup [-type=QUERY_TYPE] [-debug] HOST [DNS_SERVER]\n');
    return 1;
  }
  if (ctx.net?.dnsDown?.()) {
    // busybox retries the server, then gives up
    if (!ctx.instant) yield { type: 'sleep', ms: 10_000 };
    ctx.out(';; connection timed out; no servers could be reached\n\n');
    return 1;
  }
  ctx.out(`Server:\t\t${ns}\nAddress:\t${ns}:53\n\n`);
  const r = ctx.net?.resolve(name);
  if (!r || !r.ips.length) {
    const fq = name.includes('.') ? name : `${name}.${ctx.env.get('__NAMESPACE') ?? 'default'}.svc.cluster.local`;
    ctx.out(`** server can't find ${fq}: NXDOMAIN\n\n`);
    return 1;
  }
  for (const ip of r.ips) ctx.out(`Name:\t${r.fqdn}\nAddress: ${ip}\n`);
  ctx.out('\n');
  return 0;
}

function* nc(args: string[], ctx: ShellContext): Generator<Effect, number> {
  const pos = args.filter((a) => !a.startsWith('-'));
  const [host, port] = pos;
  if (!host || !port || !ctx.net) return 1;
  const r = ctx.net.connect(host, Number(port));
  if (r === 'ok') {
    if (args.some((a) => a.includes('v'))) ctx.err(`${host} (${host}:${port}) open\n`);
    return 0;
  }
  if (r === 'no such host') ctx.err(`nc: bad address '${host}'\n`);
  else if (r === 'timeout') {
    if (!ctx.instant) yield { type: 'sleep', ms: 5000 };
    ctx.err(`nc: ${host} (${host}:${port}): Connection timed out\n`);
  } else ctx.err(`nc: ${host} (${host}:${port}): Connection refused\n`);
  return 1;
}

/** tail [-n N|-n +N|-N] [-f|-F] FILE: with -f it follows the file on the virtual clock. */
function* tail(args: string[], ctx: ShellContext): Generator<Effect, number> {
  let n = 10;
  let fromStart = false;
  let follow = false;
  const files: string[] = [];
  for (let k = 0; k < args.length; k++) {
    const a = args[k];
    let spec: string | undefined;
    if (a === '-n' || a === '--lines') spec = args[++k];
    else if (/^-n[+-]?\d+$/.test(a)) spec = a.slice(2);
    else if (/^-\d+$/.test(a)) spec = a.slice(1);
    else if (a === '-f' || a === '-F' || a === '--follow' || a === '-qf') follow = true;
    else if (/^-[a-zA-Z]+$/.test(a)) follow = follow || /[fF]/.test(a);
    else files.push(a);
    if (spec !== undefined) {
      fromStart = spec.startsWith('+');
      n = Number(spec.replace(/^[+-]/, '')) || 0;
    }
  }
  const pick = (text: string) => {
    const ls = lines(text);
    return (fromStart ? ls.slice(Math.max(0, n - 1)) : n ? ls.slice(-n) : []).map((l) => `${l}\n`).join('');
  };
  if (!files.length) {
    ctx.out(pick(ctx.stdin ?? ''));
    return 0;
  }
  const path = normalize(files[0], ctx.cwd ?? '/');
  let text = ctx.fs.read(path);
  if (text === undefined) {
    ctx.err(`tail: can't open '${files[0]}': No such file or directory\n`);
    if (!follow || ctx.instant || !args.includes('-F')) return 1;
    text = '';
  }
  ctx.out(pick(text));
  if (!follow || ctx.instant) return 0;
  let seen = text.length;
  for (;;) {
    yield { type: 'sleep', ms: 1000 };
    const now = ctx.fs.read(path) ?? '';
    if (now.length < seen) seen = 0;
    if (now.length > seen) {
      ctx.out(now.slice(seen));
      seen = now.length;
    }
  }
}

/** busybox ping: pods answer ICMP, Service ClusterIPs do not (kube-proxy only forwards TCP/UDP ports). */
function* ping(args: string[], ctx: ShellContext): Generator<Effect, number> {
  const host = args.filter((a, i) => !a.startsWith('-') && !(i > 0 && ['-c', '-W', '-w', '-i', '-s'].includes(args[i - 1])))[0];
  const ci = args.indexOf('-c');
  const count = ci >= 0 ? Number(args[ci + 1]) || 1 : ctx.instant ? 4 : Infinity;
  if (!host) {
    ctx.err('BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: ping [OPTIONS] HOST\n');
    return 1;
  }
  const r = ctx.net?.resolve(host);
  if (!r) {
    ctx.err(`ping: bad address '${host}'\n`);
    return 1;
  }
  const ip = r.ips[0];
  // a pod IP or a node answers; a ClusterIP is virtual and never does
  const answers = ip === '127.0.0.1' || !/^10\.(9[6-9]|1[01][0-9])\./.test(ip);
  ctx.out(`PING ${host} (${ip}): 56 data bytes\n`);
  let sent = 0;
  for (; sent < count; sent++) {
    if (answers) ctx.out(`64 bytes from ${ip}: seq=${sent} ttl=${ip.startsWith('172.') ? 63 : 62} time=0.${(sent * 37 + 71) % 900 + 50} ms\n`);
    if (!ctx.instant && sent + 1 < count) yield { type: 'sleep', ms: 1000 };
  }
  ctx.out(`\n--- ${host} ping statistics ---\n${sent} packets transmitted, ${answers ? sent : 0} packets received, ${answers ? 0 : 100}% packet loss\n${answers ? 'round-trip min/avg/max = 0.050/0.071/0.102 ms\n' : ''}`);
  return answers ? 0 : 1;
}

const TOOLS: Record<string, Tool> = {
  echo(args, ctx) {
    let n = false;
    let e = ctx.flavor === 'dash';
    while (args[0] === '-n' || args[0] === '-e' || args[0] === '-ne' || args[0] === '-en') {
      const f = args.shift()!;
      if (f.includes('n')) n = true;
      if (f.includes('e')) e = true;
    }
    const text = args.join(' ');
    ctx.out((e ? echoEscapes(text) : text) + (n ? '' : '\n'));
    return done(0);
  },
  printf(args, ctx) {
    if (!args.length) {
      ctx.err('printf: usage: printf format [arguments]\n');
      return done(2);
    }
    ctx.out(printf(args[0], args.slice(1)));
    return done(0);
  },
  true: () => done(0),
  ':': () => done(0),
  false: () => done(1),
  wait: () => done(0),
  test: (args, ctx) => done(testExpr(args, ctx) ? 0 : 1),
  '[': (args, ctx) => {
    if (args[args.length - 1] !== ']') {
      ctx.err('[: missing ]\n');
      return done(2);
    }
    return done(testExpr(args.slice(0, -1), ctx) ? 0 : 1);
  },
  cat(args, ctx) {
    const r = readInputs(args, ctx, 'cat');
    ctx.out(r.text);
    return done(r.code);
  },
  head(args, ctx) {
    const n = Number(args[args.indexOf('-n') + 1]) || Number((args.find((a) => /^-\d+$/.test(a)) ?? '-10').slice(1));
    const r = readInputs(args.filter((a, i) => !(a === '-n' || args[i - 1] === '-n' || /^-\d+$/.test(a))), ctx, 'head');
    ctx.out(lines(r.text).slice(0, n).map((l) => `${l}\n`).join(''));
    return done(r.code);
  },
  tail: tail,
  wc(args, ctx) {
    const r = readInputs(args, ctx, 'wc');
    const l = lines(r.text).length;
    if (args.includes('-l')) ctx.out(`${l}\n`);
    else if (args.includes('-c')) ctx.out(`${r.text.length}\n`);
    else if (args.includes('-w')) ctx.out(`${r.text.split(/\s+/).filter(Boolean).length}\n`);
    else ctx.out(`${String(l).padStart(7)} ${String(r.text.split(/\s+/).filter(Boolean).length).padStart(7)} ${String(r.text.length).padStart(7)}\n`);
    return done(r.code);
  },
  grep(args, ctx) {
    const flags = args.filter((a) => a.startsWith('-'));
    const rest = args.filter((a) => !a.startsWith('-'));
    const pat = rest.shift();
    if (pat === undefined) return done(2);
    const r = readInputs(rest, ctx, 'grep');
    const i = flags.some((f) => f.includes('i'));
    const v = flags.some((f) => f.includes('v'));
    const q = flags.some((f) => f.includes('q'));
    const c = flags.some((f) => f.includes('c'));
    let re: RegExp;
    try {
      re = new RegExp(pat, i ? 'i' : '');
    } catch {
      re = new RegExp(pat.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), i ? 'i' : '');
    }
    const hits = lines(r.text).filter((l) => re.test(l) !== v);
    if (c) ctx.out(`${hits.length}\n`);
    else if (!q) ctx.out(hits.map((l) => `${l}\n`).join(''));
    return done(hits.length ? 0 : 1);
  },
  sort(args, ctx) {
    const r = readInputs(args, ctx, 'sort');
    const ls = lines(r.text).sort();
    if (args.includes('-r')) ls.reverse();
    ctx.out(ls.map((l) => `${l}\n`).join(''));
    return done(r.code);
  },
  uniq(args, ctx) {
    const r = readInputs(args, ctx, 'uniq');
    ctx.out(lines(r.text).filter((l, k, a) => k === 0 || a[k - 1] !== l).map((l) => `${l}\n`).join(''));
    return done(r.code);
  },
  tr(args, ctx) {
    const [a = '', b = ''] = args.filter((x) => !x.startsWith('-'));
    let text = ctx.stdin ?? '';
    if (args.includes('-d')) for (const ch of a) text = text.split(ch).join('');
    else if (a === 'a-z' && b === 'A-Z') text = text.toUpperCase();
    else if (a === 'A-Z' && b === 'a-z') text = text.toLowerCase();
    else for (let k = 0; k < a.length; k++) text = text.split(a[k]).join(b[Math.min(k, b.length - 1)] ?? '');
    ctx.out(text);
    return done(0);
  },
  cut(args, ctx) {
    const d = args.find((a) => a.startsWith('-d'));
    const f = args.find((a) => a.startsWith('-f'));
    const delim = d ? (d.length > 2 ? d.slice(2) : args[args.indexOf(d) + 1]) : '\t';
    const field = f ? Number(f.length > 2 ? f.slice(2) : args[args.indexOf(f) + 1]) : 1;
    ctx.out(lines(ctx.stdin ?? '').map((l) => `${l.split(delim)[field - 1] ?? ''}\n`).join(''));
    return done(0);
  },
  seq(args, ctx) {
    const nums = args.map(Number);
    const [first, step, last] = nums.length === 1 ? [1, 1, nums[0]] : nums.length === 2 ? [nums[0], 1, nums[1]] : nums;
    let out = '';
    for (let k = first; step > 0 ? k <= last : k >= last; k += step) out += `${k}\n`;
    ctx.out(out);
    return done(0);
  },
  expr(args, ctx) {
    const [a, op, b] = args;
    const x = Number(a);
    const y = Number(b);
    let v: number | string = a ?? '';
    if (op === '+') v = x + y;
    else if (op === '-') v = x - y;
    else if (op === '*') v = x * y;
    else if (op === '/') v = Math.trunc(x / y);
    else if (op === '%') v = x % y;
    ctx.out(`${v}\n`);
    return done(v === 0 || v === '' ? 1 : 0);
  },
  date(args, ctx) {
    const fmt = args.find((a) => a.startsWith('+'));
    ctx.out(`${formatDate(ctx.now(), fmt?.slice(1))}\n`);
    return done(0);
  },
  hostname(args, ctx) {
    if (args.includes('-i') || args.includes('-I')) {
      const line = (ctx.fs.read('/etc/hosts') ?? '').split('\n').find((l) => l.split(/\s+/).slice(1).includes(ctx.hostname));
      ctx.out(`${line?.split(/\s+/)[0] ?? '127.0.0.1'}${args.includes('-I') ? ' ' : ''}\n`);
      return done(0);
    }
    ctx.out(`${ctx.hostname}\n`);
    return done(0);
  },
  ip(args, ctx) {
    const line = (ctx.fs.read('/etc/hosts') ?? '').split('\n').find((l) => l.split(/\s+/).slice(1).includes(ctx.hostname));
    const ip = line?.split(/\s+/)[0] ?? '127.0.0.1';
    if (args[0]?.startsWith('r')) {
      ctx.out(`default via ${ip.split('.').slice(0, 3).join('.')}.1 dev eth0\n${ip.split('.').slice(0, 3).join('.')}.0/24 dev eth0 scope link  src ${ip}\n`);
      return done(0);
    }
    ctx.out(`1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue qlen 1000\n    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n    inet 127.0.0.1/8 scope host lo\n       valid_lft forever preferred_lft forever\n2: eth0@if7: <BROADCAST,MULTICAST,UP,LOWER_UP,M-DOWN> mtu 1450 qdisc noqueue\n    link/ether 2a:5c:8e:0b:1f:3d brd ff:ff:ff:ff:ff:ff\n    inet ${ip}/24 brd ${ip.split('.').slice(0, 3).join('.')}.255 scope global eth0\n       valid_lft forever preferred_lft forever\n`);
    return done(0);
  },
  ping,
  env(args, ctx, sh) {
    if (args.length && !args[0].startsWith('-')) {
      const assigns = args.filter((a) => a.includes('=') && !a.startsWith('-'));
      const rest = args.slice(assigns.length);
      if (rest.length) {
        for (const a of assigns) ctx.env.set(a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1));
        return sh.exec(rest);
      }
    }
    ctx.out([...ctx.env].filter(([k]) => !k.startsWith('__')).map(([k, v]) => `${k}=${v}\n`).join(''));
    return done(0);
  },
  printenv(args, ctx) {
    if (args.length) {
      const v = ctx.env.get(args[0]);
      if (v === undefined) return done(1);
      ctx.out(`${v}\n`);
      return done(0);
    }
    ctx.out([...ctx.env].filter(([k]) => !k.startsWith('__')).map(([k, v]) => `${k}=${v}\n`).join(''));
    return done(0);
  },
  ls(args, ctx) {
    const long = args.some((a) => /^-[a-zA-Z]*l/.test(a));
    const all = args.some((a) => /^-[a-zA-Z]*a/.test(a));
    const paths = args.filter((a) => !a.startsWith('-'));
    let code = 0;
    const targets = paths.length ? paths : ['.'];
    for (const t of targets) {
      const p = normalize(t, ctx.cwd ?? '/');
      const names = ctx.fs.list(p);
      if (names === undefined) {
        if (ctx.fs.read(p) !== undefined) {
          ctx.out(`${t}\n`);
          continue;
        }
        ctx.err(ctx.flavor === 'ash' ? `ls: ${t}: No such file or directory\n` : `ls: cannot access '${t}': No such file or directory\n`);
        code = ctx.flavor === 'ash' ? 1 : 2;
        continue;
      }
      if (targets.length > 1) ctx.out(`${t}:\n`);
      const shown = names.filter((n) => all || !n.startsWith('.'));
      if (long) {
        ctx.out(`total ${shown.length * 4}\n`);
        for (const n of shown) {
          const full = normalize(n, p);
          const dir = ctx.fs.isDir(full);
          const size = dir ? 4096 : (ctx.fs.read(full) ?? '').length;
          ctx.out(`${dir ? 'drwxr-xr-x' : '-rw-r--r--'}    1 root     root     ${String(size).padStart(8)} ${formatDate(ctx.now(), '%b %d %H:%M')} ${n}\n`);
        }
      } else if (shown.length) ctx.out(`${shown.join('\n')}\n`);
    }
    return done(code);
  },
  mkdir(args, ctx) {
    for (const a of args.filter((x) => !x.startsWith('-'))) {
      const e = ctx.fs.mkdir(normalize(a, ctx.cwd ?? '/'));
      if (e) {
        ctx.err(`mkdir: can't create directory '${a}': ${e}\n`);
        return done(1);
      }
    }
    return done(0);
  },
  touch(args, ctx) {
    for (const a of args.filter((x) => !x.startsWith('-'))) {
      const p = normalize(a, ctx.cwd ?? '/');
      const e = ctx.fs.write(p, ctx.fs.read(p) ?? '');
      if (e) {
        ctx.err(`touch: ${a}: ${e === 'nonexistent directory' ? 'No such file or directory' : e}\n`);
        return done(1);
      }
    }
    return done(0);
  },
  rm(args, ctx) {
    const force = args.some((a) => /^-[a-zA-Z]*f/.test(a));
    for (const a of args.filter((x) => !x.startsWith('-'))) {
      const e = ctx.fs.remove(normalize(a, ctx.cwd ?? '/'));
      if (e && !force) {
        ctx.err(`rm: can't remove '${a}': ${e}\n`);
        return done(1);
      }
    }
    return done(0);
  },
  rmdir: (args, ctx) => TOOLS.rm(args, ctx, undefined as never),
  tee(args, ctx) {
    const text = ctx.stdin ?? '';
    const append = args.includes('-a');
    for (const f of args.filter((a) => !a.startsWith('-'))) ctx.fs.write(normalize(f, ctx.cwd ?? '/'), text, append);
    ctx.out(text);
    return done(0);
  },
  cp(args, ctx) {
    const [a, b] = args.filter((x) => !x.startsWith('-'));
    const c = a !== undefined ? ctx.fs.read(normalize(a, ctx.cwd ?? '/')) : undefined;
    if (c === undefined || b === undefined) {
      ctx.err(`cp: can't stat '${a}': No such file or directory\n`);
      return done(1);
    }
    const dest = ctx.fs.isDir(normalize(b, ctx.cwd ?? '/')) ? normalize(`${b}/${a.split('/').pop()}`, ctx.cwd ?? '/') : normalize(b, ctx.cwd ?? '/');
    const e = ctx.fs.write(dest, c);
    if (e) ctx.err(`cp: can't create '${b}': ${e}\n`);
    return done(e ? 1 : 0);
  },
  mv(args, ctx, sh) {
    const [a] = args.filter((x) => !x.startsWith('-'));
    const g = TOOLS.cp(args, ctx, sh);
    const r = g.next();
    if (r.done && r.value === 0 && a) ctx.fs.remove(normalize(a, ctx.cwd ?? '/'));
    return done(r.done ? r.value : 1);
  },
  basename(args, ctx) {
    ctx.out(`${(args[0] ?? '').replace(/\/+$/, '').split('/').pop()}\n`);
    return done(0);
  },
  dirname(args, ctx) {
    const p = args[0] ?? '';
    ctx.out(`${p.includes('/') ? p.slice(0, p.lastIndexOf('/')) || '/' : '.'}\n`);
    return done(0);
  },
  pwd(_a, ctx) {
    ctx.out(`${ctx.cwd ?? '/'}\n`);
    return done(0);
  },
  whoami(_a, ctx) {
    ctx.out('root\n');
    return done(0);
  },
  id(_a, ctx) {
    ctx.out(ctx.flavor === 'ash' ? 'uid=0(root) gid=0(root) groups=0(root),10(wheel)\n' : 'uid=0(root) gid=0(root) groups=0(root)\n');
    return done(0);
  },
  uname(args, ctx) {
    ctx.out(args.includes('-a') ? `Linux ${ctx.hostname} 6.8.0-51-generic #52-Ubuntu SMP PREEMPT_DYNAMIC x86_64 GNU/Linux\n` : args.includes('-r') ? '6.8.0-51-generic\n' : 'Linux\n');
    return done(0);
  },
  nproc(_a, ctx) {
    ctx.out('2\n');
    return done(0);
  },
  df(_a, ctx) {
    ctx.out('Filesystem           1K-blocks      Used Available Use% Mounted on\noverlay               50620216  12125176  38478656  24% /\ntmpfs                    65536         0     65536   0% /dev\n');
    return done(0);
  },
  du: () => done(0),
  stat: () => done(0),
  ln: () => done(0),
  chmod: () => done(0),
  chown: () => done(0),
  kill: () => done(0),
  read(args, ctx) {
    const line = (ctx.stdin ?? '').split('\n')[0];
    if (args[0]) ctx.env.set(args[args.length - 1], line);
    return done(ctx.stdin ? 0 : 1);
  },
  yes(args, ctx) {
    ctx.out(`${args.join(' ') || 'y'}\n`.repeat(100));
    return done(0);
  },
  which(args, ctx) {
    const hit = args.filter((a) => hasTool(a, ctx));
    for (const a of hit) ctx.out(`/usr/bin/${a}\n`);
    return done(hit.length === args.length ? 0 : 1);
  },
  type: (args, ctx) => TOOLS.which(args, ctx, undefined as never),
  command: (args, ctx, sh) => (args[0] === '-v' ? TOOLS.which(args.slice(1), ctx, sh) : sh.exec(args)),
  ps(args, ctx) {
    const procs = ctx.ps?.() ?? [{ pid: 1, user: 'root', cmd: 'sh' }];
    if (ctx.flavor === 'ash') {
      ctx.out(`PID   USER     TIME  COMMAND\n${procs.map((p) => `${String(p.pid).padStart(5)} ${p.user.padEnd(8)} ${' 0:00'} ${p.cmd}\n`).join('')}`);
      return done(0);
    }
    // procps: `ps aux` / `ps -ef` as on a node or a Debian image
    const start = formatDate(ctx.now(), '%H:%M');
    if (args.some((a) => a.includes('e') && a.startsWith('-'))) {
      ctx.out(`UID          PID    PPID  C STIME TTY          TIME CMD\n${procs.map((p) => `${p.user.padEnd(8)} ${String(p.pid).padStart(7)} ${String(p.pid === 1 ? 0 : 1).padStart(7)}  0 ${start} ?        00:00:01 ${p.cmd}\n`).join('')}`);
      return done(0);
    }
    ctx.out(`USER         PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND\n${procs.map((p) => `${p.user.padEnd(8)} ${String(p.pid).padStart(7)}  0.1  0.5 ${String(100000 + p.pid * 37).padStart(6)} ${String(20000 + p.pid * 11).padStart(5)} ?        Ssl  ${start}   0:01 ${p.cmd}\n`).join('')}`);
    return done(0);
  },
  free(_a, ctx) {
    ctx.out('              total        used        free      shared  buff/cache   available\nMem:        4025360     1124000     1502336        4236     1399024     2628396\nSwap:             0           0           0\n');
    return done(0);
  },
  uptime(_a, ctx) {
    ctx.out(` ${formatDate(ctx.now(), '%H:%M:%S')} up 1 day,  2:14,  0 users,  load average: 0.21, 0.18, 0.12\n`);
    return done(0);
  },
  top(_a, ctx) {
    ctx.out('Mem: 1124000K used, 2901360K free, 4236K shrd, 102400K buff, 1296624K cached\nCPU:   2% usr   1% sys   0% nic  97% idle   0% io   0% irq   0% sirq\n');
    return done(0);
  },
  wget,
  curl,
  nslookup,
  nc,
  etcdctl,
  etcdutl,
};
