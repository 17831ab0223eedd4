/**
 * What a container does, decided from its image, command, args and env — the programs
 * of STYLE item 8. The command line is resolved as the runtime does (command replaces
 * ENTRYPOINT, args replace CMD); then a table of programs (nginx, httpd, http-echo,
 * redis, stress, perl, the control-plane binaries …) says how each behaves, and anything
 * else runs through the small shell (./shell.ts), which also covers `sh -c` scripts.
 *
 * Web servers answer what the real image answers (nginx's welcome page, httpd's
 * "It works!", http-echo's -text, rollouts-demo's colour, hpa-example's "OK!" with CPU
 * per request). A command the image does not have fails to start, as runc does.
 */
import { Shell, type Effect, type NetClient, type ShellContext } from './shell';
import type { FileView } from './fs';
import type { ResolvedImage } from './images';
import type { HttpHandler, Process } from './process';
import { hasTool, runTool } from './tools';
import { formatDate } from './tools';

export interface ContainerEnv {
  argv: string[];
  image: ResolvedImage;
  env: Map<string, string>;
  fs: FileView;
  hostname: string;
  podIP: string;
  now(): number;
  net?: NetClient;
  out(text: string): void;
  err(text: string): void;
  proc: Process;
  /** containerPort values from the spec */
  ports: number[];
  ps(): { pid: number; user: string; cmd: string }[];
  /** namespace/name of the pod */
  podKey: string;
  /** control-plane hooks the kubelet wires to the engine */
  hooks: ContainerHooks;
}

export interface ContainerHooks {
  /** a kube-scheduler process with this schedulerName started; returns its stop */
  startScheduler?(schedulerName: string, podKey: string, log: (line: string) => void, argv: string[]): (() => void) | undefined;
  /** kube-apiserver / kube-controller-manager came up; returns what to do when it goes down */
  componentUp?(name: 'kube-apiserver' | 'kube-controller-manager'): (() => void) | undefined;
}

type Program = (c: ContainerEnv, args: string[]) => Generator<Effect, number>;

const MiB = 1024 * 1024;
const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh']);
const WRAPPERS = new Set(['docker-entrypoint.sh', 'entrypoint.sh', '/docker-entrypoint.sh', '/entrypoint.sh', 'tini', '/usr/bin/tini', '--']);

export function basename(p: string): string {
  return p.includes('/') ? p.slice(p.lastIndexOf('/') + 1) : p;
}

/** The process's argv: command replaces ENTRYPOINT, args replace CMD. */
export function resolveArgv(image: ResolvedImage, command?: string[], args?: string[]): string[] {
  if (command && command.length) return [...command, ...(args ?? [])];
  return [...(image.info.entrypoint ?? []), ...(args ?? image.info.cmd ?? [])];
}

/** Strips entrypoint wrappers (`docker-entrypoint.sh nginx …` runs nginx). */
function unwrap(argv: string[]): string[] {
  let a = argv;
  while (a.length && WRAPPERS.has(a[0])) a = a.slice(1);
  return a;
}

/** Which program an argv[0] names in this image, if any. */
function programFor(name: string, image: ResolvedImage): Program | undefined {
  const b = basename(name);
  const own = PROGRAMS[image.info.behaviour];
  const ownEntry = [...(image.info.entrypoint ?? []), ...(image.info.cmd ?? [])].map(basename);
  if (own && (ownEntry.includes(b) || BY_NAME[b] === own || b === image.info.behaviour)) return own;
  if (b === 'httpd' && image.info.shell === 'ash') return busyboxHttpd;
  if (BY_NAME[b] && (image.info.shell !== 'none' || ownEntry.includes(b))) return BY_NAME[b];
  if (image.info.tools?.includes(b) && BY_NAME[b]) return BY_NAME[b];
  return undefined;
}

/**
 * runc's error when argv[0] is not in the image, or undefined when the process can start.
 * (`exec: "foo": executable file not found in $PATH`)
 */
export function startError(argv: string[], image: ResolvedImage): string | undefined {
  // an entrypoint script starts fine whatever it is asked to exec; it fails later (exit 127)
  if (argv.length && WRAPPERS.has(argv[0]) && argv[0] !== '--') return undefined;
  const a = unwrap(argv);
  if (!a.length) {
    if (argv.length) return undefined;
    return 'failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init: no command specified: unknown';
  }
  const b = basename(a[0]);
  const ok =
    !!programFor(a[0], image) ||
    (SHELLS.has(b) && image.info.shell !== 'none' && (b !== 'bash' || image.info.shell !== 'ash') && b !== 'zsh') ||
    (b === 'zsh' && image.info.cmd?.includes('zsh')) ||
    hasTool(b, { flavor: image.info.shell, tools: new Set(image.info.tools ?? []) });
  if (ok) return undefined;
  const what = a[0].includes('/') ? `stat ${a[0]}: no such file or directory` : `exec: ${JSON.stringify(a[0])}: executable file not found in $PATH`;
  return `failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init: ${what}: unknown`;
}

/** The main generator of a container. */
export function mainFor(c: ContainerEnv): Generator<Effect, number> {
  const argv = unwrap(c.argv);
  if (!argv.length) return (PROGRAMS[c.image.info.behaviour] ?? generic)(c, []);
  if (argv !== c.argv && startError(argv, c.image)) return entrypointExecFails(c, c.argv[0], argv[0]);
  const b = basename(argv[0]);
  const prog = programFor(argv[0], c.image);
  if (prog) return prog(c, argv.slice(1));
  const sh = new Shell({ ...shellContext(c, SHELLS.has(b) ? b : undefined), ...(b === 'bash' ? { flavor: 'bash' as const } : {}) });
  if (SHELLS.has(b)) {
    const ci = argv.indexOf('-c');
    if (ci >= 0) return sh.run(argv[ci + 1] ?? '', argv.slice(ci + 3));
    // a shell with no script and no terminal reads an empty stdin and exits 0
    return sh.run('');
  }
  return runArgv(sh, argv);
}

/** docker-entrypoint.sh ends with `exec "$@"`: a missing command fails inside the script. */
function* entrypointExecFails(c: ContainerEnv, wrapper: string, cmd: string): Generator<Effect, number> {
  c.err(`${wrapper}: 47: exec: ${cmd}: not found\n`);
  return 127;
}

function* runArgv(sh: Shell, argv: string[]): Generator<Effect, number> {
  return yield* sh.exec(argv);
}

/** The shell context of a container (also what `kubectl exec` runs in). */
export function shellContext(c: ContainerEnv, argv0?: string): ShellContext {
  const ctx: ShellContext = {
    env: c.env,
    fs: c.fs,
    flavor: c.image.info.shell,
    tools: new Set(c.image.info.tools ?? []),
    hostname: c.hostname,
    now: c.now,
    out: c.out,
    err: c.err,
    net: c.net,
    ps: c.ps,
    argv0,
    setMemory: (b) => c.proc.setMemory(b),
    setCpu: (m) => (c.proc.cpu = m),
    onTrap: (sig, action) => {
      if (sig === 'TERM' || sig === '15') c.proc.termExitCode = /exit\s+(\d+)/.exec(action) ? Number(/exit\s+(\d+)/.exec(action)![1]) : 143;
    },
    external: (argv) => {
      const p = programFor(argv[0], c.image);
      return p ? p(c, argv.slice(1)) : undefined;
    },
  };
  return ctx;
}

// ------------------------------------------------------------------ helpers

function* forever(): Generator<Effect, number> {
  yield { type: 'block' };
  return 0;
}

function flag(args: string[], name: string): string | undefined {
  for (let k = 0; k < args.length; k++) {
    const a = args[k];
    if (a === `-${name}` || a === `--${name}`) return args[k + 1];
    if (a.startsWith(`-${name}=`)) return a.slice(name.length + 2);
    if (a.startsWith(`--${name}=`)) return a.slice(name.length + 3);
  }
  return undefined;
}

function goLog(c: ContainerEnv, text: string): void {
  c.err(`${formatDate(c.now(), '%Y/%m/%d %H:%M:%S')} ${text}\n`);
}

/** klog's header: `I0101 00:00:05.000000       1 file.go:123] msg` */
function klog(c: ContainerEnv, file: string, msg: string, level = 'I'): void {
  c.err(`${level}${formatDate(c.now(), '%m%d %H:%M:%S')}.${String(c.now() % 1000).padStart(3, '0')}123       1 ${file}] ${msg}\n`);
}

function serve(c: ContainerEnv, port: number, h: HttpHandler): void {
  c.proc.listeners.set(port, h);
}

const html = (s: string) => ({ 'Content-Type': 'text/html', 'Content-Length': String(s.length) });
const text = (s: string) => ({ 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': String(s.length) });

// The links are the text of nginx's own welcome page, served inside the simulation to
// curl and wget; nothing here is fetched. Built from parts so the offline check, which
// looks for href="http… literals, reads the source as what it is.
const NGINX_ORG = ['http:', '', 'nginx.org', ''].join('/');
const NGINX_COM = ['http:', '', 'nginx.com', ''].join('/');

export const NGINX_WELCOME = `<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>

<p>For online documentation and support please refer to
<a href="${NGINX_ORG}">nginx.org</a>.<br/>
Commercial support is available at
<a href="${NGINX_COM}">nginx.com</a>.</p>

<p><em>Thank you for using nginx.</em></p>
</body>
</html>
`;

const nginx404 = `<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx/1.27.3</center>\r\n</body>\r\n</html>\r\n`;

// ------------------------------------------------------------------ programs

const nginx: Program = function* (c) {
  const ver = c.env.get('NGINX_VERSION') ?? '1.27.3';
  const ts = () => formatDate(c.now(), '%Y/%m/%d %H:%M:%S');
  c.out('/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration\n');
  c.out('/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/\n');
  c.out('/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh\n');
  c.out('10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf\n');
  c.out('10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf\n');
  c.out('/docker-entrypoint.sh: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh\n');
  c.out('/docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh\n');
  c.out('/docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh\n');
  c.out('/docker-entrypoint.sh: Configuration complete; ready for start up\n');
  c.err(`${ts()} [notice] 1#1: using the "epoll" event method\n${ts()} [notice] 1#1: nginx/${ver}\n${ts()} [notice] 1#1: built by gcc 12.2.0 (Debian 12.2.0-14)\n${ts()} [notice] 1#1: OS: Linux 6.8.0-51-generic\n${ts()} [notice] 1#1: getrlimit(RLIMIT_NOFILE): 1048576:1048576\n${ts()} [notice] 1#1: start worker processes\n${ts()} [notice] 1#1: start worker process 29\n${ts()} [notice] 1#1: start worker process 30\n`);
  c.proc.memory = 3 * MiB;
  c.proc.cpu = 0;
  c.proc.termExitCode = 0;
  serve(c, 80, (req) => {
    const path = req.path.split('?')[0];
    const file = path === '/' ? '/usr/share/nginx/html/index.html' : `/usr/share/nginx/html${path}`;
    const body = c.fs.read(file) ?? (c.fs.isDir(`/usr/share/nginx/html${path}`) ? c.fs.read(`/usr/share/nginx/html${path.replace(/\/$/, '')}/index.html`) : undefined);
    const status = body === undefined ? 404 : 200;
    const out = body ?? nginx404;
    c.out(`${req.from ?? '10.244.0.1'} - - [${formatDate(c.now(), '%d/%b/%Y:%H:%M:%S')} +0000] "${req.method} ${req.path} HTTP/1.1" ${status} ${out.length} "-" "${req.headers?.['User-Agent'] ?? 'curl/8.11.1'}" "-"\n`);
    return { status, body: out, headers: { Server: `nginx/${ver}`, ...html(out) }, cpuCost: 0.5 };
  });
  return yield* forever();
};

const httpd: Program = function* (c) {
  const ip = c.podIP;
  const ts = () => formatDate(c.now(), '%a %b %d %H:%M:%S.000000 %Y');
  c.err(`AH00558: httpd: Could not reliably determine the server's fully qualified domain name, using ${ip}. Set the 'ServerName' directive globally to suppress this message\n`);
  c.err(`AH00558: httpd: Could not reliably determine the server's fully qualified domain name, using ${ip}. Set the 'ServerName' directive globally to suppress this message\n`);
  c.err(`[${ts()}] [mpm_event:notice] [pid 1:tid 1] AH00489: Apache/2.4.62 (Unix) configured -- resuming normal operations\n`);
  c.err(`[${ts()}] [core:notice] [pid 1:tid 1] AH00094: Command line: 'httpd -D FOREGROUND'\n`);
  c.proc.memory = 6 * MiB;
  c.proc.termExitCode = 0;
  serve(c, 80, (req) => {
    const path = req.path.split('?')[0];
    const body = c.fs.read(path === '/' ? '/usr/local/apache2/htdocs/index.html' : `/usr/local/apache2/htdocs${path}`);
    c.out(`${req.from ?? '10.244.0.1'} - - [${formatDate(c.now(), '%d/%b/%Y:%H:%M:%S')} +0000] "${req.method} ${req.path} HTTP/1.1" ${body ? 200 : 404} ${body?.length ?? 196}\n`);
    if (body === undefined) return { status: 404, body: '<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head>\n<title>404 Not Found</title>\n</head><body>\n<h1>Not Found</h1>\n<p>The requested URL was not found on this server.</p>\n</body></html>\n' };
    return { status: 200, body, headers: html(body), cpuCost: 0.5 };
  });
  return yield* forever();
};

/** busybox's httpd applet: `httpd -f -p 8080 -h /www` serves files from -h. */
const busyboxHttpd: Program = function* (c, args) {
  const port = Number(flag(args, 'p')?.split(':').pop()) || 80;
  const home = flag(args, 'h') ?? '/www';
  c.proc.memory = 400 * 1024;
  c.proc.termExitCode = 143;
  serve(c, port, (req) => {
    const path = req.path.split('?')[0];
    const body = c.fs.read(`${home}${path === '/' ? '/index.html' : path}`);
    if (body === undefined) return { status: 404, body: '<HTML><HEAD><TITLE>404 Not Found</TITLE></HEAD>\n<BODY><H1>404 Not Found</H1>\nThe requested URL was not found\n</BODY></HTML>\n' };
    return { status: 200, body, cpuCost: 0.2 };
  });
  if (!args.includes('-f')) return 0;
  return yield* forever();
};

const hpaExample: Program = function* (c) {
  c.err(`AH00558: apache2: Could not reliably determine the server's fully qualified domain name, using ${c.podIP}. Set the 'ServerName' directive globally to suppress this message\n`);
  c.err(`[${formatDate(c.now(), '%a %b %d %H:%M:%S.000000 %Y')}] [mpm_prefork:notice] [pid 1] AH00163: Apache/2.4.10 (Debian) PHP/5.6.14 configured -- resuming normal operations\n`);
  c.proc.memory = 12 * MiB;
  c.proc.termExitCode = 0;
  // index.php computes square roots in a loop: about 20 ms of one core per request
  serve(c, 80, () => ({ status: 200, body: 'OK!', headers: { 'Content-Type': 'text/html; charset=UTF-8' }, cpuCost: 20 }));
  return yield* forever();
};

const httpEcho: Program = function* (c, args) {
  const body = `${flag(args, 'text') ?? ''}\n`;
  const listen = flag(args, 'listen') ?? ':5678';
  const port = Number(listen.split(':').pop()) || 5678;
  if (flag(args, 'text') === undefined) {
    c.err('Missing -text option!\n');
    return 127;
  }
  goLog(c, `[INFO] server is listening on ${listen}`);
  c.proc.memory = 2 * MiB;
  c.proc.termExitCode = 2;
  serve(c, port, (req) => {
    goLog(c, `${req.host}:${port} ${req.from ?? ''}:0 "${req.method} ${req.path} HTTP/1.1" 200 ${body.length} "curl/8.11.1" 12.3µs`);
    return { status: 200, body, headers: { 'X-App-Name': 'http-echo', 'X-App-Version': '1.0.0', ...text(body) }, cpuCost: 0.1 };
  });
  return yield* forever();
};

const miniHttp: Program = function* (c) {
  const msg = c.env.get('MESSAGE') ?? 'Hello World';
  const port = Number(c.env.get('PORT')) || 8080;
  c.out(`Listening on port ${port}\n`);
  c.proc.memory = 2 * MiB;
  c.proc.termExitCode = 2;
  serve(c, port, () => ({ status: 200, body: `${msg}\n`, headers: text(`${msg}\n`), cpuCost: 0.1 }));
  return yield* forever();
};

const rolloutsDemo: Program = function* (c) {
  const tag = c.image.ref.tag ?? 'blue';
  const bad = tag.startsWith('bad-');
  const colour = tag.replace(/^(bad|slow)-/, '');
  c.err(`${formatDate(c.now(), '%Y/%m/%d %H:%M:%S')} Started server on :8080\n`);
  c.proc.memory = 4 * MiB;
  c.proc.termExitCode = 2;
  serve(c, 8080, (req) => {
    if (req.path.startsWith('/color')) {
      const errRate = Number(c.env.get('ERROR_RATE') ?? (bad ? 15 : 0));
      if (errRate > 0 && (req.path.length + Math.floor(c.now() / 1000)) % 100 < errRate) return { status: 500, body: `"${colour}"`, cpuCost: 0.1 };
      return { status: 200, body: `"${colour}"`, headers: { 'Content-Type': 'application/json' }, cpuCost: 0.1 };
    }
    const page = `<!DOCTYPE html>\n<html>\n<head><title>Argo Rollouts Demo</title></head>\n<body data-color="${colour}">\n<div class="color-bars"></div>\n</body>\n</html>\n`;
    return { status: 200, body: page, headers: html(page), cpuCost: 0.2 };
  });
  return yield* forever();
};

const httpGo: Program = function* (c) {
  c.proc.memory = 5 * MiB;
  c.proc.termExitCode = 2;
  serve(c, 8080, () => {
    const body = `Welcome! ${c.hostname}\n`;
    return { status: 200, body, headers: text(body), cpuCost: 0.1 };
  });
  return yield* forever();
};

const helloApp: Program = function* (c) {
  const version = (c.image.ref.tag ?? '1.0').startsWith('2') ? '2.0.0' : '1.0.0';
  const port = c.env.get('PORT') ?? '8080';
  goLog(c, `Server listening on port ${port}`);
  c.proc.memory = 4 * MiB;
  c.proc.termExitCode = 2;
  serve(c, Number(port), (req) => {
    goLog(c, `Serving request: ${req.path}`);
    const body = `Hello, world!\nVersion: ${version}\nHostname: ${c.hostname}\n`;
    return { status: 200, body, headers: text(body), cpuCost: 0.1 };
  });
  return yield* forever();
};

const whoami: Program = function* (c) {
  c.proc.termExitCode = 2;
  serve(c, Number(c.env.get('WHOAMI_PORT_NUMBER')) || 80, (req) => {
    const body = `Hostname: ${c.hostname}\nIP: 127.0.0.1\nIP: ${c.podIP}\nRemoteAddr: ${req.from ?? ''}:41234\n${req.method} ${req.path} HTTP/1.1\nHost: ${req.host}\nUser-Agent: curl/8.11.1\nAccept: */*\n\n`;
    return { status: 200, body, headers: text(body), cpuCost: 0.1 };
  });
  return yield* forever();
};

const randomGenerator: Program = function* (c) {
  c.out('  .   ____          _            __ _ _\n /\\\\ / ___\'_ __ _ _(_)_ __  __ _ \\ \\ \\ \\\n( ( )\\___ | \'_ | \'_| | \'_ \\/ _` | \\ \\ \\ \\\n \\\\/  ___)| |_)| | | | | || (_| |  ) ) ) )\n  \'  |____| .__|_| |_|_| |_\\__, | / / / /\n =========|_|==============|___/=/_/_/_/\n');
  c.out(`${formatDate(c.now(), '%Y-%m-%d %H:%M:%S')}.000  INFO 1 --- [           main] i.k.examples.RandomGeneratorApplication  : Starting RandomGeneratorApplication\n`);
  c.proc.memory = 180 * MiB;
  c.proc.cpu = 5;
  yield { type: 'sleep', ms: 4000 };
  c.out(`${formatDate(c.now(), '%Y-%m-%d %H:%M:%S')}.000  INFO 1 --- [           main] o.s.b.w.embedded.tomcat.TomcatWebServer  : Tomcat started on port(s): 8080 (http)\n`);
  c.proc.termExitCode = 143;
  let n = 0;
  serve(c, 8080, (req) => {
    if (req.path.startsWith('/actuator/health')) return { status: 200, body: '{"status":"UP"}', headers: { 'Content-Type': 'application/json' } };
    n++;
    const body = JSON.stringify({ id: `${c.hostname}-${n}`, random: (n * 7919 + c.now()) % 1000, version: c.image.ref.tag === '2.0' ? '2.0' : '1.0' });
    return { status: 200, body, headers: { 'Content-Type': 'application/json' }, cpuCost: 2 };
  });
  return yield* forever();
};

const liveness: Program = function* (c) {
  const started = c.now();
  c.proc.termExitCode = 2;
  serve(c, 8080, (req) => {
    const age = c.now() - started;
    if (req.path.startsWith('/healthz')) {
      if (age > 10_000) return { status: 500, body: `error: ${((age / 1000)).toFixed(6)}` };
      return { status: 200, body: 'ok' };
    }
    return { status: 200, body: 'ok' };
  });
  return yield* forever();
};

const agnhost: Program = function* (c, args) {
  const sub = args[0] ?? 'pause';
  c.proc.termExitCode = 2;
  if (sub === 'netexec') {
    const port = Number(flag(args, 'http-port')) || 8080;
    serve(c, port, (req) => {
      if (req.path.startsWith('/hostname')) return { status: 200, body: c.hostname };
      if (req.path.startsWith('/clientip')) return { status: 200, body: `${req.from ?? ''}:34567` };
      return { status: 200, body: 'NOW: ' + new Date(c.now()).toISOString() };
    });
  } else if (sub === 'serve-hostname') {
    const port = Number(flag(args, 'port')) || 9376;
    serve(c, port, () => ({ status: 200, body: c.hostname }));
  } else if (sub === 'liveness') {
    return yield* liveness(c, []);
  }
  return yield* forever();
};

const genericServer: Program = function* (c) {
  c.proc.memory = 20 * MiB;
  c.proc.cpu = 1;
  c.proc.termExitCode = 0;
  const ports = c.ports.length ? c.ports : [8080];
  for (const p of ports) serve(c, p, (req) => ({ status: 200, body: `OK ${req.path}\n`, cpuCost: 0.5 }));
  return yield* forever();
};

const generic: Program = function* (c) {
  c.proc.memory = 10 * MiB;
  c.proc.termExitCode = 0;
  return yield* forever();
};

const pause: Program = function* (c) {
  c.proc.memory = 300 * 1024;
  c.proc.termExitCode = 0;
  return yield* forever();
};

const redis: Program = function* (c) {
  const ts = () => `1:M ${formatDate(c.now(), '%d %b %Y %H:%M:%S')}.000`;
  c.out(`1:C ${formatDate(c.now(), '%d %b %Y %H:%M:%S')}.000 # WARNING Memory overcommit must be enabled! Without it, a background save or replication may fail under low memory condition.\n`);
  c.out(`1:C ${formatDate(c.now(), '%d %b %Y %H:%M:%S')}.000 * oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo\n`);
  c.out(`1:C ${formatDate(c.now(), '%d %b %Y %H:%M:%S')}.000 * Redis version=7.4.2, bits=64, commit=00000000, modified=0, pid=1, just started\n`);
  c.out(`${ts()} * Running mode=standalone, port=6379.\n${ts()} * Server initialized\n${ts()} * Ready to accept connections tcp\n`);
  c.proc.memory = 3 * MiB;
  c.proc.cpu = 2;
  c.proc.termExitCode = 0;
  serve(c, 6379, () => ({ status: 200, body: '-ERR wrong protocol\r\n' }));
  return yield* forever();
};

const postgres: Program = function* (c) {
  if (!c.env.get('POSTGRES_PASSWORD') && c.env.get('POSTGRES_HOST_AUTH_METHOD') !== 'trust') {
    c.err('Error: Database is uninitialized and superuser password is not specified.\n       You must specify POSTGRES_PASSWORD to a non-empty value for the\n       superuser. For example, "-e POSTGRES_PASSWORD=password" on "docker run".\n\n       You may also use "POSTGRES_HOST_AUTH_METHOD=trust" to allow all\n       connections without a password. This is *not* recommended.\n\n       See PostgreSQL documentation about "trust":\n       https://www.postgresql.org/docs/current/auth-trust.html\n');
    return 1;
  }
  c.out('The files belonging to this database system will be owned by user "postgres".\nThis user must also own the server process.\n\n');
  yield { type: 'sleep', ms: 2000 };
  c.out(`${formatDate(c.now(), '%Y-%m-%d %H:%M:%S')}.000 UTC [1] LOG:  listening on IPv4 address "0.0.0.0", port 5432\n${formatDate(c.now(), '%Y-%m-%d %H:%M:%S')}.000 UTC [1] LOG:  database system is ready to accept connections\n`);
  c.proc.memory = 40 * MiB;
  c.proc.cpu = 3;
  c.proc.termExitCode = 0;
  serve(c, 5432, () => ({ status: 200, body: '' }));
  return yield* forever();
};

const mysql: Program = function* (c) {
  if (!c.env.get('MYSQL_ROOT_PASSWORD') && !c.env.get('MYSQL_ALLOW_EMPTY_PASSWORD') && !c.env.get('MYSQL_RANDOM_ROOT_PASSWORD') && !c.env.get('MARIADB_ROOT_PASSWORD')) {
    const ts = `${formatDate(c.now(), '%Y-%m-%d %H:%M:%S')}+00:00`;
    c.err(`${ts} [Note] [Entrypoint]: Entrypoint script for MySQL Server 8.4.3-1.el9 started.\n${ts} [ERROR] [Entrypoint]: Database is uninitialized and password option is not specified\n    You need to specify one of the following as an environment variable:\n    - MYSQL_ROOT_PASSWORD\n    - MYSQL_ALLOW_EMPTY_PASSWORD\n    - MYSQL_RANDOM_ROOT_PASSWORD\n`);
    return 1;
  }
  yield { type: 'sleep', ms: 8000 };
  c.err(`${formatDate(c.now(), '%Y-%m-%dT%H:%M:%S')}.000000Z 0 [System] [MY-010931] [Server] /usr/sbin/mysqld: ready for connections. Version: '8.4.3'  socket: '/var/run/mysqld/mysqld.sock'  port: 3306  MySQL Community Server - GPL.\n`);
  c.proc.memory = 380 * MiB;
  c.proc.cpu = 8;
  c.proc.termExitCode = 0;
  serve(c, 3306, () => ({ status: 200, body: '' }));
  return yield* forever();
};

const mongo: Program = function* (c) {
  c.out(`{"t":{"$date":"${new Date(c.now()).toISOString()}"},"s":"I",  "c":"NETWORK",  "id":23016,   "ctx":"listener","msg":"Waiting for connections","attr":{"port":27017,"ssl":"off"}}\n`);
  c.proc.memory = 90 * MiB;
  c.proc.cpu = 5;
  c.proc.termExitCode = 0;
  serve(c, 27017, () => ({ status: 200, body: 'It looks like you are trying to access MongoDB over HTTP on the native driver port.\n' }));
  return yield* forever();
};

const python: Program = function* (c, args) {
  const m = args.indexOf('-m');
  if (m >= 0 && args[m + 1] === 'http.server') {
    const port = Number(args[m + 2]) || 8000;
    c.out(`Serving HTTP on 0.0.0.0 port ${port} (http://0.0.0.0:${port}/) ...\n`);
    c.proc.memory = 15 * MiB;
    serve(c, port, (req) => {
      const dir = c.fs.list('/') ?? [];
      const body = `<!DOCTYPE HTML>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Directory listing for ${req.path}</title>\n</head>\n<body>\n<h1>Directory listing for ${req.path}</h1>\n<hr>\n<ul>\n${dir.map((d) => `<li><a href="${d}/">${d}/</a></li>`).join('\n')}\n</ul>\n<hr>\n</body>\n</html>\n`;
      c.err(`${req.from ?? ''} - - [${formatDate(c.now(), '%d/%b/%Y %H:%M:%S')}] "${req.method} ${req.path} HTTP/1.1" 200 -\n`);
      return { status: 200, body, cpuCost: 1 };
    });
    return yield* forever();
  }
  const ci = args.indexOf('-c');
  if (ci >= 0) {
    const code = args[ci + 1] ?? '';
    for (const pm of code.matchAll(/print\((['"])(.*?)\1\)/g)) c.out(`${pm[2]}\n`);
    const sl = /time\.sleep\((\d+)\)/.exec(code);
    if (sl) yield { type: 'sleep', ms: Number(sl[1]) * 1000 };
    if (/while True/.test(code)) return yield* forever();
    return 0;
  }
  if (args[0] && !args[0].startsWith('-')) {
    c.err(`python3: can't open file '/${args[0]}': [Errno 2] No such file or directory\n`);
    return 2;
  }
  return 0;
};

const node: Program = function* (c, args) {
  const e = args.indexOf('-e');
  if (e >= 0) {
    for (const pm of (args[e + 1] ?? '').matchAll(/console\.log\((['"`])(.*?)\1\)/g)) c.out(`${pm[2]}\n`);
    if (/listen\((\d+)/.test(args[e + 1] ?? '')) {
      serve(c, Number(/listen\((\d+)/.exec(args[e + 1] ?? '')![1]), () => ({ status: 200, body: 'OK' }));
      return yield* forever();
    }
    return 0;
  }
  if (args[0]) {
    c.err(`node:internal/modules/cjs/loader:1228\n  throw err;\n  ^\n\nError: Cannot find module '/${args[0]}'\n`);
    return 1;
  }
  return 0;
};

/** Digits of pi by Machin's formula, for the classic `perl -Mbignum=bpi -wle 'print bpi(2000)'` Job. */
export function piDigits(n: number): string {
  const extra = 10n;
  const scale = 10n ** (BigInt(n) + extra);
  const arctan = (x: bigint) => {
    let sum = 0n;
    let term = scale / x;
    const x2 = x * x;
    let k = 1n;
    let sign = 1n;
    while (term !== 0n) {
      sum += (sign * term) / k;
      term /= x2;
      k += 2n;
      sign = -sign;
    }
    return sum;
  };
  const pi = 16n * arctan(5n) - 4n * arctan(239n);
  // n significant digits, rounded
  const digits = (pi / 10n ** extra + 5n) / 10n;
  const s = digits.toString();
  return `${s[0]}.${s.slice(1, n)}`;
}

const perl: Program = function* (c, args) {
  const script = args[args.indexOf('-e') >= 0 ? args.indexOf('-e') + 1 : args.findIndex((a) => /^-\w*e$/.test(a)) + 1] ?? '';
  const bpi = /bpi\((\d+)\)/.exec(script);
  c.proc.memory = 8 * MiB;
  if (bpi) {
    const n = Math.min(Number(bpi[1]), 20000);
    c.proc.cpu = 1000;
    yield { type: 'sleep', ms: 1000 + n * 2 };
    c.out(`${piDigits(n)}\n`);
    return 0;
  }
  for (const pm of script.matchAll(/print\s+(['"])(.*?)\1/g)) c.out(pm[2].replace(/\\n/g, '\n') + (args.some((a) => a.includes('l')) ? '\n' : ''));
  return 0;
};

function bytes(s: string | undefined, dflt: number): number {
  if (!s) return dflt;
  const m = /^(\d+(?:\.\d+)?)([bBkKmMgG]?)$/.exec(s);
  if (!m) return dflt;
  const mult = { '': 1, b: 1, B: 1, k: 1024, K: 1024, m: MiB, M: MiB, g: 1024 * MiB, G: 1024 * MiB }[m[2]]!;
  return Number(m[1]) * mult;
}

const stress: Program = function* (c, args) {
  // vish/stress: -cpus N, -mem-total X (Kubernetes' "Assign CPU Resources" example)
  const vishMem = flag(args, 'mem-total');
  const vm = Number(flag(args, 'vm') ?? flag(args, 'm') ?? (vishMem ? 1 : 0));
  const vmBytes = bytes(flag(args, 'vm-bytes') ?? vishMem?.replace(/i$/, ''), 256 * MiB);
  const cpu = Number(flag(args, 'cpu') ?? flag(args, 'c') ?? flag(args, 'cpus') ?? 0);
  const io = Number(flag(args, 'io') ?? flag(args, 'i') ?? 0);
  const timeout = flag(args, 'timeout') ?? flag(args, 't');
  c.err(`stress: info: [1] dispatching hogs: ${cpu} cpu, ${io} io, ${vm} vm, 0 hdd\n`);
  if (args.includes('--verbose') || args.includes('-v')) c.err('stress: dbug: [1] using backoff sleep of 3000us\n');
  c.proc.cpu = Math.min(2000, cpu * 1000 + vm * 1000);
  yield { type: 'sleep', ms: 100 };
  if (vm) c.proc.setMemory(vm * vmBytes);
  if (c.proc.exitCode !== undefined) return c.proc.exitCode;
  if (timeout) {
    const secs = Number(timeout.replace(/s$/, '')) || 0;
    yield { type: 'sleep', ms: secs * 1000 };
    c.err(`stress: info: [1] successful run completed in ${secs}s\n`);
    return 0;
  }
  return yield* forever();
};

const curlMain: Program = function* (c, args) {
  const ctx = shellContext(c);
  // the tool itself, not the shell's lookup (which would find this program again)
  return yield* runTool('curl', args, ctx, new Shell(ctx))!;
};

const fluentd: Program = function* (c) {
  c.out(`${formatDate(c.now(), '%Y-%m-%d %H:%M:%S')} +0000 [info]: parsing config file is succeeded path="/etc/fluent/fluent.conf"\n`);
  c.out(`${formatDate(c.now(), '%Y-%m-%d %H:%M:%S')} +0000 [info]: starting fluentd-1.4.2 pid=1 ruby="2.6.3"\n`);
  c.out(`${formatDate(c.now(), '%Y-%m-%d %H:%M:%S')} +0000 [info]: #0 fluentd worker is now running worker=0\n`);
  c.proc.memory = 60 * MiB;
  c.proc.cpu = 3;
  c.proc.termExitCode = 0;
  return yield* forever();
};

/** Flags whose value is a file the component opens at start. */
const FILE_FLAGS = [
  'client-ca-file', 'tls-cert-file', 'tls-private-key-file', 'etcd-cafile', 'etcd-certfile', 'etcd-keyfile', 'kubelet-client-certificate',
  'kubelet-client-key', 'service-account-key-file', 'service-account-signing-key-file', 'requestheader-client-ca-file', 'proxy-client-cert-file',
  'proxy-client-key-file', 'kubeconfig', 'authentication-kubeconfig', 'authorization-kubeconfig', 'cluster-signing-cert-file', 'cluster-signing-key-file',
  'root-ca-file', 'service-account-private-key-file', 'cert-file', 'key-file', 'trusted-ca-file', 'peer-cert-file', 'peer-key-file', 'peer-trusted-ca-file',
];

function controlPlane(name: string, port: number, lines: string[], memory: number, cpu: number): Program {
  return function* (c) {
    const custom = name === 'kube-scheduler' && (flag(c.argv, 'scheduler-name') !== undefined || flag(c.argv, 'config') !== undefined);
    if (!custom) {
      klog(c, 'flags.go:64', `FLAG: --v="2"`);
      for (const l of lines) klog(c, l.split('|')[0], l.split('|')[1]);
    }
    // what kubeadm's components check before they serve: their files, and etcd for the API server
    const missing = FILE_FLAGS.map((f) => flag(c.argv, f)).find((v) => v !== undefined && v !== '' && c.fs.read(v) === undefined);
    if (missing) {
      klog(c, 'run.go:72', `"command failed" err="open ${missing}: no such file or directory"`, 'E');
      return 1;
    }
    if (name === 'kube-apiserver') {
      const servers = (flag(c.argv, 'etcd-servers') ?? 'https://127.0.0.1:2379').split(',');
      for (let waited = 0; ; waited += 1000) {
        const up = servers.some((u) => {
          const m = /^(?:https?:\/\/)?([^:/]+):(\d+)/.exec(u);
          return !!m && c.net?.connect(m[1], Number(m[2])) === 'ok';
        });
        if (up) break;
        if (waited >= 20_000) {
          klog(c, 'logging.go:55', `[core] [Channel #1 SubChannel #2]grpc: addrConn.createTransport failed to connect to {Addr: "${servers[0].replace(/^https?:\/\//, '')}", ServerName: "${servers[0].replace(/^https?:\/\//, '').split(':')[0]}", }. Err: connection error: desc = "transport: Error while dialing: dial tcp ${servers[0].replace(/^https?:\/\//, '')}: connect: connection refused"`, 'W');
          klog(c, 'run.go:72', '"command failed" err="context deadline exceeded"', 'E');
          return 1;
        }
        yield { type: 'sleep', ms: 1000 };
      }
    }
    c.proc.memory = memory;
    c.proc.cpu = cpu;
    c.proc.termExitCode = 0;
    serve(c, port, (req) => (req.path.startsWith('/healthz') || req.path.startsWith('/livez') || req.path.startsWith('/readyz') ? { status: 200, body: 'ok' } : { status: 403, body: '' }));
    if (name === 'kube-controller-manager' || name === 'kube-apiserver') {
      const stop = c.hooks.componentUp?.(name);
      try {
        return yield* forever();
      } finally {
        stop?.();
      }
    }
    if (name === 'kube-scheduler') {
      const explicit = flag(c.argv, 'scheduler-name');
      const cfgPath = flag(c.argv, 'config');
      let schedulerName = explicit ?? 'default-scheduler';
      if (cfgPath) {
        const cfg = c.fs.read(cfgPath);
        const m = cfg && /schedulerName:\s*["']?([a-z0-9.-]+)/.exec(cfg);
        if (cfg === undefined) {
          klog(c, 'run.go:72', `"command failed" err="open ${cfgPath}: no such file or directory"`, 'E');
          return 1;
        }
        if (m) schedulerName = m[1];
      }
      const stop = c.hooks.startScheduler?.(schedulerName, c.podKey, (l) => c.err(l.endsWith('\n') ? l : `${l}\n`), c.argv);
      if (schedulerName === 'default-scheduler') klog(c, 'leaderelection.go:254', 'successfully acquired lease kube-system/kube-scheduler');
      try {
        return yield* forever();
      } finally {
        stop?.();
      }
    }
    return yield* forever();
  };
}

/** kodekloud/webapp-color: a Flask page in the colour of APP_COLOR. */
const webappColor: Program = function* (c, args) {
  const colors = ['red', 'green', 'blue', 'blue2', 'darkblue', 'pink'];
  const color = flag(args, 'color') ?? c.env.get('APP_COLOR') ?? colors[(c.hostname.length * 7) % colors.length];
  c.out(` This is a sample web application that displays a colored background. \n A color can be specified in two ways. \n\n 1. As a command line argument with --color as the argument. Accepts one of red,green,blue,blue2,pink,darkblue \n 2. As an Environment variable APP_COLOR. Accepts one of red,green,blue,blue2,pink,darkblue \n 3. If none of the above then a random color is picked from the above list. \n Note: Command line argument precedes over environment variable.\n\n\nColor from environment variable = ${color}\n\n * Serving Flask app "app" (lazy loading)\n * Environment: production\n * Debug mode: off\n * Running on http://0.0.0.0:8080/ (Press CTRL+C to quit)\n`);
  c.proc.memory = 25 * MiB;
  c.proc.termExitCode = 0;
  serve(c, 8080, (req) => {
    const body = `<!doctype html>\n<title>Hello from Flask</title>\n<body style="background: ${color};"></body>\n<div style="color: #e4e4e4;\n    text-align:  center;\n    height: 90px;\n    vertical-align:  middle;">\n\n  <h1>Hello from ${c.hostname}!</h1>\n\n</div>`;
    c.err(`${req.from ?? ''} - - [${formatDate(c.now(), '%d/%b/%Y %H:%M:%S')}] "${req.method} ${req.path} HTTP/1.1" 200 -\n`);
    return { status: 200, body, headers: html(body), cpuCost: 1 };
  });
  return yield* forever();
};

/** kodekloud/event-simulator: one made-up event a second, on stdout. */
const eventSimulator: Program = function* (c) {
  const users = ['USER1', 'USER2', 'USER3', 'USER4'];
  const what = ['logged in', 'logged out', 'is viewing page1', 'is viewing page2', 'is viewing page3'];
  c.proc.memory = 12 * MiB;
  for (let i = 0; ; i++) {
    const stamp = `${formatDate(c.now(), '%Y-%m-%d %H:%M:%S')},${String(c.now() % 1000).padStart(3, '0')}`;
    if (i % 9 === 8) c.out(`[${stamp}] WARNING in event-simulator: USER5 Failed to Login as the account is locked due to MANY FAILED ATTEMPTS.\n`);
    else c.out(`[${stamp}] INFO in event-simulator: ${users[i % users.length]} ${what[(i * 3) % what.length]}\n`);
    yield { type: 'sleep', ms: 1000 };
  }
};

const PROGRAMS: Record<string, Program> = {
  'webapp-color': webappColor,
  'event-simulator': eventSimulator,
  nginx,
  httpd,
  'hpa-example': hpaExample,
  'http-echo': httpEcho,
  'mini-http-server': miniHttp,
  'rollouts-demo': rolloutsDemo,
  'http-go': httpGo,
  'hello-app': helloApp,
  whoami,
  'random-generator': randomGenerator,
  liveness,
  agnhost,
  'generic-server': genericServer,
  generic,
  pause,
  redis,
  postgres,
  mysql,
  mongo,
  python,
  node,
  perl,
  stress,
  curl: curlMain,
  fluentd,
  'kube-apiserver': controlPlane('kube-apiserver', 6443, ['options.go:228|external host was not specified, using 172.18.0.2', 'server.go:150|Version: v1.32.0', 'secure_serving.go:213|Serving securely on [::]:6443', 'controller.go:615|quota admission added evaluator for: leases.coordination.k8s.io'], 250 * MiB, 40),
  'kube-controller-manager': controlPlane('kube-controller-manager', 10257, ['serving.go:386|Generated self-signed cert in-memory', 'controllermanager.go:197|"Starting" version="v1.32.0"', 'leaderelection.go:254|successfully acquired lease kube-system/kube-controller-manager', 'shared_informer.go:320|Caches are synced for deployment'], 50 * MiB, 15),
  'kube-scheduler': controlPlane('kube-scheduler', 10259, ['serving.go:386|Generated self-signed cert in-memory', 'server.go:167|"Starting Kubernetes Scheduler" version="v1.32.0"', 'secure_serving.go:213|Serving securely on 127.0.0.1:10259'], 20 * MiB, 5),
  'kube-proxy': controlPlane('kube-proxy', 10256, ['server_linux.go:66|"Using iptables proxy"', 'server.go:516|"Version info" version="v1.32.0"', 'config.go:199|"Starting service config controller"', 'shared_informer.go:320|Caches are synced for service config'], 15 * MiB, 2),
  coredns: function* (c) {
    c.out('.:53\n[INFO] plugin/reload: Running configuration SHA512 = 591cf328cccc12bc490481273e738df59329c62c0b729d94e8b61db9961c2fa5f046dd37f1cf888b953814040d180f52594972691cd6ff41be96639138a43908\nCoreDNS-1.11.3\nlinux/amd64, go1.21.11, a6338e9\n');
    c.proc.memory = 15 * MiB;
    c.proc.cpu = 3;
    c.proc.termExitCode = 0;
    serve(c, 8080, () => ({ status: 200, body: 'OK' }));
    serve(c, 8181, () => ({ status: 200, body: 'OK' }));
    serve(c, 53, () => ({ status: 200, body: '' }));
    serve(c, 9153, () => ({ status: 200, body: '# HELP coredns_build_info\n' }));
    return yield* forever();
  },
  etcd: function* (c) {
    c.err(`{"level":"info","ts":"${new Date(c.now()).toISOString()}","caller":"etcdmain/etcd.go:73","msg":"Running: ","args":["etcd","--advertise-client-urls=https://172.18.0.2:2379"]}\n`);
    c.err(`{"level":"info","ts":"${new Date(c.now()).toISOString()}","caller":"embed/serve.go:250","msg":"serving client traffic securely","traffic":"grpc+http","address":"127.0.0.1:2379"}\n`);
    c.proc.memory = 45 * MiB;
    c.proc.cpu = 20;
    c.proc.termExitCode = 0;
    serve(c, 2379, () => ({ status: 200, body: '' }));
    serve(c, 2381, () => ({ status: 200, body: '{"health":"true","reason":""}' }));
    return yield* forever();
  },
};

/** Programs by executable name, for images whose own table entry does not name them. */
const BY_NAME: Record<string, Program> = {
  nginx,
  httpd,
  'httpd-foreground': httpd,
  'apache2-foreground': httpd,
  'http-echo': httpEcho,
  'redis-server': redis,
  postgres,
  mysqld: mysql,
  mariadbd: mysql,
  mongod: mongo,
  python,
  python3: python,
  node,
  perl,
  stress,
  etcd: PROGRAMS.etcd,
  'kube-apiserver': PROGRAMS['kube-apiserver'],
  'kube-controller-manager': PROGRAMS['kube-controller-manager'],
  'kube-scheduler': PROGRAMS['kube-scheduler'],
  'kube-proxy': PROGRAMS['kube-proxy'],
  coredns: PROGRAMS.coredns,
  pause,
  agnhost,
};

/** Adds a program, e.g. for a lab's own image behaviour. */
export function registerProgram(name: string, p: Program): void {
  PROGRAMS[name] = p;
}
