/**
 * `kubectl exec`: one exec request per command through the pods/exec subresource; with
 * `-it` and a shell, an interactive loop that reads a line, runs it with `sh -c`, and
 * prints the answer, until `exit` or end of input.
 */
import type { KObject } from '../../sim/api/types';
import type { Command } from '../command';
import { type Ctx, isStatus, resolveResourceArgs } from '../context';
import { formatStatus } from '../errors';

interface ExecResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export function execOnce(ctx: Ctx, pod: string, ns: string, container: string | undefined, command: string[], stdin?: string): ExecResult | number {
  const body: Record<string, unknown> = { command };
  if (container) body.container = container;
  if (stdin !== undefined) body.stdin = stdin;
  const res = ctx.request({ verb: 'create', resource: 'pods', namespace: ns, name: pod, subresource: 'exec', body });
  if (isStatus(res.body)) return ctx.status(res.body);
  return res.body as ExecResult;
}

/** The prompt a shell image shows: busybox/alpine `/ # `, bash `root@pod:/# `. */
function promptFor(shell: string, pod: string): string {
  return /bash/.test(shell) ? `root@${pod}:/# ` : '/ # ';
}

export async function interactiveSession(ctx: Ctx, pod: string, ns: string, container: string | undefined, shell: string): Promise<number> {
  const readLine = ctx.io.readLine;
  if (!readLine) return 0;
  let last = 0;
  for (;;) {
    const line = await readLine(promptFor(shell, pod));
    if (line === null) return last;
    const t = line.trim();
    if (t === '') continue;
    if (t === 'exit' || t.startsWith('exit ')) {
      const n = parseInt(t.slice(5), 10);
      return Number.isNaN(n) ? last : n;
    }
    const r = execOnce(ctx, pod, ns, container, ['sh', '-c', t]);
    if (typeof r === 'number') return r;
    ctx.out(r.stdout);
    ctx.err(r.stderr);
    last = r.exitCode;
  }
}

/** The pod a `TYPE/NAME` argument means (deploy/web → its first pod), as polymorphichelpers.AttachablePodForObject. */
export function podFor(ctx: Ctx, arg: string): { pod: KObject } | number {
  const podsInfo = ctx.resolveType('pods')!;
  if (!arg.includes('/')) {
    const p = ctx.get(podsInfo, arg);
    if (isStatus(p)) return ctx.status(p);
    return { pod: p };
  }
  const g = resolveResourceArgs(ctx, [arg]);
  if ('error' in g) return ctx.fail(g.error);
  const { info, names } = g[0];
  const obj = ctx.get(info, names![0]);
  if (isStatus(obj)) return ctx.status(obj);
  if (info.kind === 'Pod') return { pod: obj };
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const sel = (obj as any).spec?.selector;
  const ml: Record<string, string> = info.kind === 'Service' ? sel ?? {} : sel?.matchLabels ?? {};
  const labelSelector = Object.keys(ml).sort().map((k) => `${k}=${ml[k]}`).join(',');
  const list = ctx.list(podsInfo, { labelSelector });
  if (isStatus(list)) return ctx.status(list);
  const pods = list.items.slice().sort((a, b) => String(a.metadata.creationTimestamp).localeCompare(String(b.metadata.creationTimestamp)) || String(a.metadata.name).localeCompare(String(b.metadata.name)));
  if (!pods.length) return ctx.fail(`no pods found for ${info.kind.toLowerCase()} "${names![0]}"`);
  if (pods.length > 1) ctx.err(`Found ${pods.length} pods, using pod/${pods[0].metadata.name}\n`);
  return { pod: pods[0] };
}

export const execCommand: Command = {
  name: 'exec',
  flags: [
    { name: 'container', short: 'c', type: 'string', default: '' },
    { name: 'stdin', short: 'i', type: 'bool', default: false },
    { name: 'tty', short: 't', type: 'bool', default: false },
    { name: 'quiet', short: 'q', type: 'bool', default: false },
    { name: 'filename', short: 'f', type: 'stringSlice' },
    { name: 'pod-running-timeout', type: 'string', default: '1m0s' },
  ],
  async run(ctx) {
    const [target, ...rest] = ctx.p.args;
    const command = [...rest, ...(ctx.p.dash ?? [])];
    if (!target) return ctx.usage("expected 'exec (POD | TYPE/NAME) [-c CONTAINER] [flags] -- COMMAND [args...]'.\nPOD or TYPE/NAME is a required argument for the exec command");
    if (command.length === 0) return ctx.fail('you must specify at least one command for the container');
    if (rest.length && !ctx.p.dash) return ctx.fail('exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead');
    const found = podFor(ctx, target);
    if (typeof found === 'number') return found;
    const pod = found.pod;
    const name = pod.metadata.name!;
    const ns = pod.metadata.namespace ?? ctx.namespace;
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const st = (pod as any).status ?? {};
    if (st.phase === 'Succeeded' || st.phase === 'Failed') return ctx.fail(`cannot exec into a container in a completed pod; current phase is ${st.phase}`);
    let container = ctx.flag<string>('container') || undefined;
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const containers: any[] = (pod as any).spec?.containers ?? [];
    if (!container && containers.length > 1) {
      const def = pod.metadata.annotations?.['kubectl.kubernetes.io/default-container'] ?? containers[0].name;
      if (!ctx.flag<boolean>('quiet')) ctx.err(`Defaulted container "${def}" out of: ${containers.map((c) => c.name).join(', ')}\n`);
      container = def;
    }
    const shell = command.length === 1 && /^(\/bin\/)?(sh|bash|ash)$/.test(command[0]);
    if (ctx.flag<boolean>('stdin') && ctx.flag<boolean>('tty') && shell) return interactiveSession(ctx, name, ns, container, command[0]);
    const r = execOnce(ctx, name, ns, container, command, ctx.flag<boolean>('stdin') ? ctx.io.stdin ?? '' : undefined);
    if (typeof r === 'number') return r;
    ctx.out(r.stdout);
    ctx.err(r.stderr);
    if (r.exitCode !== 0) ctx.err(`command terminated with exit code ${r.exitCode}\n`);
    return r.exitCode;
  },
};

export { formatStatus };
