/**
 * etcdctl and etcdutl as a CKA learner uses them against the control-plane etcd:
 * version, member list, endpoint health/status, snapshot save/status, and
 * `etcdutl snapshot restore` into a new data directory. TLS flags (or the ETCDCTL_*
 * variables) are required as on kubeadm's etcd: without them the client times out.
 *
 * Left out: the key-value commands (get/put/watch) and a restore that rolls the
 * cluster's objects back; the files it writes are markers, not a bbolt database.
 */
import type { Effect, ShellContext } from './shell';
import { normalize } from './fs';

const VERSION = '3.5.16';

function opt(args: string[], name: string, env: Map<string, string>, envName: string): string | undefined {
  for (let k = 0; k < args.length; k++) {
    if (args[k] === `--${name}`) return args[k + 1];
    if (args[k].startsWith(`--${name}=`)) return args[k].slice(name.length + 3);
  }
  return env.get(envName);
}

function log(ctx: ShellContext, caller: string, msg: string, extra: Record<string, string> = {}): void {
  ctx.err(`${JSON.stringify({ level: 'info', ts: new Date(ctx.now()).toISOString().replace('Z', '000Z'), caller, msg, ...extra })}\n`);
}

export function* etcdctl(args: string[], ctx: ShellContext): Generator<Effect, number> {
  const pos = args.filter((a, i) => !a.startsWith('-') && !(i > 0 && /^--(endpoints|cacert|cert|key|write-out|data-dir|name|initial-cluster|initial-advertise-peer-urls|initial-cluster-token)$/.test(args[i - 1])) && !(i > 0 && args[i - 1] === '-w'));
  const [cmd, sub, file] = pos;
  if (cmd === 'version' || args.includes('--version')) {
    ctx.out(`etcdctl version: ${VERSION}\nAPI version: 3.5\n`);
    return 0;
  }
  if (!cmd) {
    ctx.out('NAME:\n\tetcdctl - A simple command line client for etcd3.\n\nUSAGE:\n\tetcdctl [flags]\n');
    return 0;
  }
  if (cmd === 'snapshot' && sub === 'status') return yield* snapshotStatus(ctx, file, args);
  const endpoint = (opt(args, 'endpoints', ctx.env, 'ETCDCTL_ENDPOINTS') ?? '127.0.0.1:2379').split(',')[0].replace(/^https?:\/\//, '');
  const cacert = opt(args, 'cacert', ctx.env, 'ETCDCTL_CACERT');
  const cert = opt(args, 'cert', ctx.env, 'ETCDCTL_CERT');
  const key = opt(args, 'key', ctx.env, 'ETCDCTL_KEY');
  for (const f of [cacert, cert, key]) {
    if (f && ctx.fs.read(normalize(f, ctx.cwd ?? '/')) === undefined) {
      ctx.err(`Error: open ${f}: no such file or directory\n`);
      return 1;
    }
  }
  if (!cacert || !cert || !key) {
    // kubeadm's etcd wants client certificates: the TLS handshake never completes
    if (!ctx.instant) yield { type: 'sleep', ms: 5000 };
    ctx.err(`${JSON.stringify({ level: 'warn', ts: new Date(ctx.now()).toISOString(), logger: 'etcd-client', caller: 'v3@v3.5.16/retry_interceptor.go:62', msg: 'retrying of unary invoker failed', target: `etcd-endpoints://0xc000170000/${endpoint}`, attempt: 0, error: 'rpc error: code = DeadlineExceeded desc = latest balancer error: last connection error: connection error: desc = "error reading server preface: EOF"' })}\nError: context deadline exceeded\n`);
    return 1;
  }
  switch (cmd) {
    case 'member':
      ctx.out(`8e9e05c52164694d, started, ${ctx.env.get('__NODE') ?? 'controlplane'}, https://${ctx.env.get('__NODE_IP') ?? '172.18.0.2'}:2380, https://${ctx.env.get('__NODE_IP') ?? '172.18.0.2'}:2379, false\n`);
      return 0;
    case 'endpoint':
      if (sub === 'status') ctx.out(`https://${endpoint}, 8e9e05c52164694d, ${VERSION}, 5.7 MB, true, false, 2, 4821, 4821, \n`);
      else ctx.out(`https://${endpoint} is healthy: successfully committed proposal: took = 9.482151ms\n`);
      return 0;
    case 'snapshot': {
      if (sub !== 'save' || !file) {
        ctx.err('Error: snapshot save expects one argument\n');
        return 1;
      }
      const path = normalize(file, ctx.cwd ?? '/');
      log(ctx, 'snapshot/v3_snapshot.go:65', 'created temporary db file', { path: `${file}.part` });
      const err = ctx.fs.write(path, `etcd snapshot (simulated)\nrevision: ${Math.floor(ctx.now() / 1000) % 100000}\n`);
      if (err) {
        ctx.err(`Error: could not open ${file}.part (${err === 'nonexistent directory' ? 'open ' + file + '.part: no such file or directory' : err})\n`);
        return 1;
      }
      log(ctx, 'snapshot/v3_snapshot.go:73', 'fetching snapshot', { endpoint });
      log(ctx, 'snapshot/v3_snapshot.go:88', 'fetched snapshot', { endpoint, size: '5.7 MB', took: 'now' });
      log(ctx, 'snapshot/v3_snapshot.go:97', 'saved', { path: file });
      ctx.out(`Snapshot saved at ${file}\n`);
      return 0;
    }
  }
  ctx.err(`Error: unknown command "${cmd}" for "etcdctl"\nRun 'etcdctl --help' for usage.\n`);
  return 1;
}

function* snapshotStatus(ctx: ShellContext, file: string | undefined, args: string[]): Generator<Effect, number> {
  const text = file ? ctx.fs.read(normalize(file, ctx.cwd ?? '/')) : undefined;
  if (!text) {
    ctx.err(`Error: stat ${file ?? ''}: no such file or directory\n`);
    return 1;
  }
  const rev = /revision: (\d+)/.exec(text)?.[1] ?? '1';
  const table = args.includes('table') || args.includes('--write-out=table');
  if (table) ctx.out(`+----------+----------+------------+------------+\n|   HASH   | REVISION | TOTAL KEYS | TOTAL SIZE |\n+----------+----------+------------+------------+\n| 3c1a4b6f | ${rev.padStart(8)} |       1021 |     5.7 MB |\n+----------+----------+------------+------------+\n`);
  else ctx.out(`3c1a4b6f, ${rev}, 1021, 5.7 MB\n`);
  return 0;
}

/** etcdutl snapshot restore FILE --data-dir DIR: a new member directory from the snapshot. */
export function* etcdutl(args: string[], ctx: ShellContext): Generator<Effect, number> {
  const [cmd, sub, file] = args.filter((a, i) => !a.startsWith('-') && !(i > 0 && /^--(data-dir|name|initial-cluster|initial-advertise-peer-urls|initial-cluster-token)$/.test(args[i - 1])));
  if (cmd === 'version') {
    ctx.out(`etcdutl version: ${VERSION}\nAPI version: 3.5\n`);
    return 0;
  }
  if (cmd === 'snapshot' && sub === 'status') return yield* snapshotStatus(ctx, file, args);
  if (cmd !== 'snapshot' || sub !== 'restore' || !file) {
    ctx.err('Error: unknown command\n');
    return 1;
  }
  if (ctx.fs.read(normalize(file, ctx.cwd ?? '/')) === undefined) {
    ctx.err(`Error: stat ${file}: no such file or directory\n`);
    return 1;
  }
  const dir = opt(args, 'data-dir', ctx.env, '__none') ?? 'default.etcd';
  const d = normalize(dir, ctx.cwd ?? '/');
  if (ctx.fs.isDir(`${d}/member`)) {
    ctx.err(`Error: data-dir "${dir}" not empty or could not be read\n`);
    return 1;
  }
  ctx.fs.mkdir(`${d}/member/snap`);
  ctx.fs.mkdir(`${d}/member/wal`);
  ctx.fs.write(`${d}/member/snap/db`, ctx.fs.read(normalize(file, ctx.cwd ?? '/'))!);
  ctx.fs.write(`${d}/member/wal/0000000000000000-0000000000000000.wal`, '');
  log(ctx, 'snapshot/v3_snapshot.go:248', 'restoring snapshot', { path: file, 'wal-dir': `${dir}/member/wal`, 'data-dir': dir, 'snap-dir': `${dir}/member/snap` });
  log(ctx, 'snapshot/v3_snapshot.go:269', 'restored snapshot', { path: file, 'wal-dir': `${dir}/member/wal`, 'data-dir': dir, 'snap-dir': `${dir}/member/snap` });
  return 0;
}
