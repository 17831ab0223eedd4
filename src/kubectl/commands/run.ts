/**
 * `kubectl run`: one Pod built as kubectl 1.32 builds it (label run=NAME, dnsPolicy
 * ClusterFirst); `-i`/`-it` attach (a command's output, or an interactive shell sent
 * line by line through exec), `--rm` deletes the pod afterwards.
 */
import type { KObject } from '../../sim/api/types';
import { jsonPatch, mergePatch, strategicMergePatch } from '../../sim/api/patch';
import { DRY_RUN, OUTPUT_FLAGS, type Command } from '../command';
import { type Ctx, isStatus } from '../context';
import { formatStatus } from '../errors';
import { interactiveSession } from './exec';
import { dryRunOf, printResult } from './util';

export const runCommand: Command = {
  name: 'run',
  flags: [
    ...OUTPUT_FLAGS,
    DRY_RUN,
    { name: 'image', type: 'string', default: '' },
    { name: 'restart', type: 'string', default: 'Always' },
    { name: 'port', type: 'string', default: '' },
    { name: 'labels', short: 'l', type: 'string', default: '' },
    { name: 'env', type: 'stringArray' },
    { name: 'command', type: 'bool', default: false },
    { name: 'rm', type: 'bool', default: false },
    { name: 'stdin', short: 'i', type: 'bool', default: false },
    { name: 'tty', short: 't', type: 'bool', default: false },
    { name: 'attach', type: 'bool', default: false },
    { name: 'quiet', short: 'q', type: 'bool', default: false },
    { name: 'image-pull-policy', type: 'string', default: '' },
    { name: 'annotations', type: 'stringArray' },
    { name: 'expose', type: 'bool', default: false },
    { name: 'privileged', type: 'bool', default: false },
    { name: 'override-type', type: 'string', default: 'merge' },
    { name: 'overrides', type: 'string', default: '' },
    { name: 'pod-running-timeout', type: 'string', default: '1m0s' },
    { name: 'save-config', type: 'bool', default: false },
    { name: 'field-manager', type: 'string', default: 'kubectl-run' },
  ],
  async run(ctx) {
    const name = ctx.p.args[0];
    if (!name) return ctx.usage('NAME is required for run');
    const image = ctx.flag<string>('image');
    if (!image) return ctx.fail('required flag(s) "image" not set');
    const dry = dryRunOf(ctx);
    if (typeof dry === 'object') return ctx.fail(dry.error);
    const restart = ctx.flag<string>('restart');
    if (!['Always', 'OnFailure', 'Never'].includes(restart)) return ctx.usage(`invalid restart policy: ${restart}`);
    const rm = ctx.flag<boolean>('rm');
    const stdin = ctx.flag<boolean>('stdin');
    const tty = ctx.flag<boolean>('tty');
    if (rm && !stdin && !ctx.flag<boolean>('attach')) return ctx.fail('--rm should only be used for attached containers');
    const labels: Record<string, string> = {};
    const lf = ctx.flag<string>('labels');
    if (lf) {
      for (const kv of lf.split(',')) {
        const [k, v] = kv.split('=');
        if (v === undefined) return ctx.fail(`invalid label spec: ${kv}`);
        labels[k] = v;
      }
    } else labels.run = name;
    const container: Record<string, unknown> = {};
    const extra = [...(ctx.p.args.slice(1)), ...(ctx.p.dash ?? [])];
    if (extra.length) container[ctx.flag<boolean>('command') ? 'command' : 'args'] = extra;
    const env = ctx.flag<string[]>('env');
    if (env.length) container.env = env.map((kv) => ({ name: kv.slice(0, kv.indexOf('=') < 0 ? kv.length : kv.indexOf('=')), value: kv.includes('=') ? kv.slice(kv.indexOf('=') + 1) : '' }));
    container.image = image;
    if (ctx.flag<string>('image-pull-policy')) container.imagePullPolicy = ctx.flag<string>('image-pull-policy');
    container.name = name;
    const port = ctx.flag<string>('port');
    if (port) container.ports = [{ containerPort: parseInt(port, 10) }];
    container.resources = {};
    if (stdin) container.stdin = true;
    if (stdin && rm) container.stdinOnce = true;
    if (tty) container.tty = true;
    const metadata: Record<string, unknown> = { creationTimestamp: null, labels, name };
    const anns = ctx.flag<string[]>('annotations');
    if (anns.length) metadata.annotations = Object.fromEntries(anns.map((a) => [a.split('=')[0], a.split('=').slice(1).join('=')]));
    let pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata,
      spec: { containers: [container], dnsPolicy: 'ClusterFirst', restartPolicy: restart },
      status: {},
    } as unknown as KObject;
    const overrides = ctx.flag<string>('overrides');
    if (overrides) {
      const over = withOverrides(pod, overrides, ctx.flag<string>('override-type'));
      if ('error' in over) return ctx.fail(over.error);
      pod = over.pod;
    }
    const info = ctx.resolveType('pods')!;
    if (dry === 'client') return printResult(ctx, info, pod, 'created', dry);
    const body = JSON.parse(JSON.stringify(pod));
    delete body.metadata.creationTimestamp;
    const q: Record<string, unknown> = { fieldManager: 'kubectl-run', fieldValidation: 'Strict' };
    if (dry === 'server') q.dryRun = 'All';
    const res = ctx.request(ctx.req(info, 'create', { body, query: q }));
    if (isStatus(res.body)) return ctx.status(res.body);
    if (!stdin && !ctx.flag<boolean>('attach')) return printResult(ctx, info, res.body as KObject, 'created', dry);
    return attach(ctx, name, extra, tty, rm, restart);
  },
};

async function waitPod(ctx: Ctx, name: string, done: (p: KObject) => boolean, limitMs: number): Promise<KObject | undefined> {
  const info = ctx.resolveType('pods')!;
  let waited = 0;
  for (;;) {
    const p = ctx.get(info, name);
    if (isStatus(p)) return undefined;
    if (done(p)) return p;
    if (ctx.io.cancelled() || waited >= limitMs) return undefined;
    await ctx.io.sleep(1000);
    waited += 1000;
  }
}

const phase = (p: KObject) => String((p as { status?: { phase?: string } }).status?.phase ?? '');

async function attach(ctx: Ctx, name: string, command: string[], tty: boolean, rm: boolean, restart: string): Promise<number> {
  const info = ctx.resolveType('pods')!;
  let code = 0;
  const shellLike = command.length === 0 || (command.length === 1 && /^(sh|bash|ash|\/bin\/sh|\/bin\/bash)$/.test(command[0]));
  if (tty && shellLike) {
    const running = await waitPod(ctx, name, (p) => phase(p) === 'Running' || phase(p) === 'Succeeded' || phase(p) === 'Failed', 60_000);
    if (!running || phase(running) !== 'Running') {
      ctx.err(`error: timed out waiting for the condition\n`);
      code = 1;
    } else {
      ctx.out(`If you don't see a command prompt, try pressing enter.\n`);
      code = await interactiveSession(ctx, name, ctx.namespace, undefined, command[0] ?? 'sh');
      ctx.out(`Session ended, resume using 'kubectl attach ${name} -c ${name} -i -t' command when the pod is running\n`);
    }
  } else {
    const finished = await waitPod(ctx, name, (p) => phase(p) === 'Succeeded' || phase(p) === 'Failed' || (restart !== 'Never' && phase(p) === 'Running'), 600_000);
    const logs = ctx.request({ verb: 'get', resource: 'pods', namespace: ctx.namespace, name, subresource: 'log', query: {} });
    if (typeof logs.body === 'string') ctx.out(logs.body);
    else if (isStatus(logs.body)) ctx.err(formatStatus(logs.body));
    if (finished && phase(finished) === 'Failed') {
      ctx.err(`pod ${ctx.namespace}/${name} terminated (Error)\n`);
      code = 1;
    }
  }
  if (rm) {
    const res = ctx.request(ctx.req(info, 'delete', { name }));
    if (!isStatus(res.body) || res.body.status === 'Success') ctx.out(`pod "${name}" deleted\n`);
  }
  return code;
}

/** --overrides: a JSON merge (default), strategic merge or JSON patch over the generated pod. */
function withOverrides(pod: KObject, overrides: string, type: string): { pod: KObject } | { error: string } {
  if (!['json', 'merge', 'strategic'].includes(type)) return { error: `invalid override type: ${type}` };
  let patch: unknown;
  try {
    patch = JSON.parse(overrides);
  } catch {
    return { error: 'Invalid JSON Patch' };
  }
  let out: KObject;
  try {
    out = (type === 'json' ? jsonPatch(pod, patch) : type === 'merge' ? mergePatch(pod, patch) : strategicMergePatch(pod, patch)) as KObject;
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
  // kubectl decodes the result into a Pod, which gives every container its (empty) resources
  const containers = (out.spec as { containers?: Record<string, unknown>[] } | undefined)?.containers;
  for (const c of containers ?? []) if (c && typeof c === 'object' && !('resources' in c)) c.resources = {};
  return { pod: out };
}
