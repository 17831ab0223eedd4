/**
 * Node maintenance: `cordon`, `uncordon`, `drain` (kubectl pkg/drain filters and
 * messages: DaemonSet-managed, unmanaged, local-storage and mirror pods; evictions) and
 * `taint`.
 */
import type { KindInfo } from '../../sim/api/registry';
import type { KObject } from '../../sim/api/types';
import { DRY_RUN, type Command } from '../command';
import { type Ctx, deepClone, isStatus } from '../context';
import { formatStatus } from '../errors';
import { parseGoDuration } from '../../sim/api/tables/duration';
import { dryRunOf, dryRunSuffix } from './util';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

function nodeTargets(ctx: Ctx, args: string[], allowAll: boolean): { info: KindInfo; names: string[] } | number {
  const info = ctx.resolveType('nodes')!;
  let names = args.map((a) => a.replace(/^(node|nodes|no)\//, ''));
  const sel = ctx.p.flags.selector as string | undefined;
  if ((allowAll && ctx.p.flags.all) || sel) {
    const l = ctx.list(info, sel ? { labelSelector: sel } : {});
    if (isStatus(l)) return ctx.status(l);
    names = l.items.map((n) => n.metadata.name!);
  }
  return { info, names };
}

async function setUnschedulable(ctx: Ctx, name: string, value: boolean): Promise<number> {
  const info = ctx.resolveType('nodes')!;
  const n = ctx.get(info, name);
  if (isStatus(n)) return ctx.status(n);
  const cur = !!(n as Any).spec?.unschedulable;
  const verb = value ? 'cordoned' : 'uncordoned';
  const dry = dryRunOf(ctx);
  if (cur === value) {
    ctx.out(`node/${name} already ${verb}\n`);
    return 0;
  }
  if (dry === 'none' || dry === 'server') {
    const res = ctx.request(ctx.req(info, 'patch', { name, patchType: 'merge', body: { spec: { unschedulable: value ? true : null } }, query: dry === 'server' ? { dryRun: 'All' } : {} }));
    if (isStatus(res.body)) return ctx.status(res.body);
  }
  ctx.out(`node/${name} ${verb}${typeof dry === 'string' ? dryRunSuffix(dry) : ''}\n`);
  return 0;
}

function cordonCmd(name: 'cordon' | 'uncordon'): Command {
  return {
    name,
    flags: [DRY_RUN, { name: 'selector', short: 'l', type: 'string', default: '' }],
    async run(ctx) {
      if (!ctx.p.args.length && !ctx.flag<string>('selector')) return ctx.usage('USAGE: ' + name + ' NODE [flags]');
      const t = nodeTargets(ctx, ctx.p.args, false);
      if (typeof t === 'number') return t;
      let code = 0;
      for (const n of t.names) code = (await setUnschedulable(ctx, n, name === 'cordon')) || code;
      return code;
    },
  };
}

export const cordonCommand = cordonCmd('cordon');
export const uncordonCommand = cordonCmd('uncordon');

export const drainCommand: Command = {
  name: 'drain',
  flags: [
    DRY_RUN,
    { name: 'force', type: 'bool', default: false },
    { name: 'ignore-daemonsets', type: 'bool', default: false },
    { name: 'delete-emptydir-data', type: 'bool', default: false },
    { name: 'delete-local-data', type: 'bool', default: false },
    { name: 'grace-period', type: 'int', default: -1 },
    { name: 'timeout', type: 'string', default: '0s' },
    { name: 'selector', short: 'l', type: 'string', default: '' },
    { name: 'pod-selector', type: 'string', default: '' },
    { name: 'disable-eviction', type: 'bool', default: false },
    { name: 'skip-wait-for-delete-timeout', type: 'int', default: 0 },
    { name: 'chunk-size', type: 'int', default: 500 },
  ],
  async run(ctx) {
    if (!ctx.p.args.length && !ctx.flag<string>('selector')) return ctx.usage('USAGE: drain NODE [flags]');
    const t = nodeTargets(ctx, ctx.p.args, false);
    if (typeof t === 'number') return t;
    let code = 0;
    for (const node of t.names) {
      const c = await setUnschedulable(ctx, node, true);
      if (c) return c;
      code = (await drainNode(ctx, node)) || code;
    }
    return code;
  },
};

async function drainNode(ctx: Ctx, node: string): Promise<number> {
  const podsInfo = ctx.resolveType('pods')!;
  const q: Record<string, unknown> = { fieldSelector: `spec.nodeName=${node}` };
  if (ctx.flag<string>('pod-selector')) q.labelSelector = ctx.flag<string>('pod-selector');
  const l = ctx.list(podsInfo, q, null);
  if (isStatus(l)) return ctx.status(l);
  const errors: { kind: string; pods: string[] }[] = [];
  const warnings: { kind: string; pods: string[] }[] = [];
  const add = (list: typeof errors, kind: string, pod: string) => {
    const e = list.find((x) => x.kind === kind);
    if (e) e.pods.push(pod);
    else list.push({ kind, pods: [pod] });
  };
  const toEvict: KObject[] = [];
  for (const p of l.items) {
    const id = `${p.metadata.namespace}/${p.metadata.name}`;
    const phase = (p as Any).status?.phase;
    if (p.metadata.annotations?.['kubernetes.io/config.mirror']) continue;
    if (p.metadata.deletionTimestamp) continue;
    const finished = phase === 'Succeeded' || phase === 'Failed';
    const ctrl = (p.metadata.ownerReferences ?? []).find((r) => r.controller);
    if (ctrl?.kind === 'DaemonSet' && !finished) {
      if (ctx.flag<boolean>('ignore-daemonsets')) add(warnings, 'ignoring DaemonSet-managed Pods', id);
      else add(errors, 'cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore)', id);
      continue;
    }
    if (!ctrl && !finished) {
      if (ctx.flag<boolean>('force')) add(warnings, 'deleting Pods that declare no controller', id);
      else {
        add(errors, 'cannot delete Pods that declare no controller (use --force to override)', id);
        continue;
      }
    }
    const local = ((p as Any).spec?.volumes ?? []).some((v: Any) => v.emptyDir);
    if (local && !finished) {
      if (ctx.flag<boolean>('delete-emptydir-data') || ctx.flag<boolean>('delete-local-data')) add(warnings, 'deleting Pods with local storage', id);
      else {
        add(errors, 'cannot delete Pods with local storage (use --delete-emptydir-data to override)', id);
        continue;
      }
    }
    toEvict.push(p);
  }
  // kubectl's filter order: DaemonSet-managed, local storage, unreplicated
  const rank = (k: string) => (k.includes('DaemonSet') ? 0 : k.includes('local storage') ? 1 : 2);
  errors.sort((a, b) => rank(a.kind) - rank(b.kind));
  warnings.sort((a, b) => rank(a.kind) - rank(b.kind));
  if (errors.length) {
    const parts = errors.map((e) => `${e.kind}: ${e.pods.join(', ')}`);
    const joined = parts.length === 1 ? parts[0] : `[${parts.join(', ')}]`;
    ctx.err(`error: unable to drain node "${node}" due to error: ${joined}, continuing command...\nThere are pending nodes to be drained:\n ${node}\n${parts.map((p) => `${p}\n`).join('')}`);
    return 1;
  }
  if (warnings.length) ctx.err(`Warning: ${warnings.map((w) => `${w.kind}: ${w.pods.join(', ')}`).join('; ')}\n`);
  const dry = dryRunOf(ctx);
  if (dry === 'client') {
    for (const p of toEvict) ctx.out(`evicting pod ${p.metadata.namespace}/${p.metadata.name} (dry run)\n`);
    ctx.out(`node/${node} drained (dry run)\n`);
    return 0;
  }
  const timeout = parseGoDuration(ctx.flag<string>('timeout')) ?? 0;
  const limit = timeout > 0 ? timeout : ctx.io.interactive ? Infinity : 900_000;
  let waited = 0;
  let pending = toEvict.slice();
  for (const p of pending) ctx.err(`evicting pod ${p.metadata.namespace}/${p.metadata.name}\n`);
  const evicted = new Set<string>();
  const gone = new Set<string>();
  for (;;) {
    for (const p of pending) {
      const key = `${p.metadata.namespace}/${p.metadata.name}`;
      if (evicted.has(key)) continue;
      const body: Record<string, unknown> = { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: p.metadata.name, namespace: p.metadata.namespace } };
      const grace = ctx.flag<number>('grace-period');
      if (grace >= 0) body.deleteOptions = { gracePeriodSeconds: grace };
      const res = ctx.flag<boolean>('disable-eviction')
        ? ctx.request({ verb: 'delete', resource: 'pods', namespace: p.metadata.namespace, name: p.metadata.name, query: grace >= 0 ? { gracePeriodSeconds: grace } : {} })
        : ctx.request({ verb: 'create', resource: 'pods', namespace: p.metadata.namespace, name: p.metadata.name, subresource: 'eviction', body });
      if (isStatus(res.body) && res.body.status !== 'Success') {
        if (res.body.code === 404) {
          evicted.add(key);
          continue;
        }
        if (res.body.code === 429) {
          ctx.err(`error when evicting pods/"${p.metadata.name}" -n "${p.metadata.namespace}" (will retry after 5s): ${res.body.message}\n`);
          continue;
        }
        ctx.err(formatStatus(res.body));
        return 1;
      }
      evicted.add(key);
    }
    // report pods that are gone (or were recreated with a new uid)
    for (const p of pending) {
      const key = `${p.metadata.namespace}/${p.metadata.name}`;
      if (!evicted.has(key) || gone.has(key)) continue;
      const cur = ctx.get(podsInfo, p.metadata.name!, p.metadata.namespace);
      if (isStatus(cur) || cur.metadata.uid !== p.metadata.uid) {
        gone.add(key);
        ctx.out(`pod/${p.metadata.name} evicted\n`);
      }
    }
    pending = pending.filter((p) => !gone.has(`${p.metadata.namespace}/${p.metadata.name}`));
    if (!pending.length) break;
    if (ctx.io.cancelled()) return 130;
    if (waited >= limit) {
      ctx.err(`error: unable to drain node "${node}" due to error: global timeout reached: ${ctx.flag<string>('timeout')}, continuing command...\nThere are pending nodes to be drained:\n ${node}\nglobal timeout reached: ${ctx.flag<string>('timeout')}\n`);
      return 1;
    }
    const step = pending.every((p) => evicted.has(`${p.metadata.namespace}/${p.metadata.name}`)) ? 1000 : 5000;
    await ctx.io.sleep(step);
    waited += step;
  }
  ctx.out(`node/${node} drained\n`);
  return 0;
}

export const taintCommand: Command = {
  name: 'taint',
  flags: [DRY_RUN, { name: 'overwrite', type: 'bool', default: false }, { name: 'all', type: 'bool', default: false }, { name: 'selector', short: 'l', type: 'string', default: '' }, { name: 'output', short: 'o', type: 'string', default: '' }, { name: 'validate', type: 'string', default: 'strict' }, { name: 'field-manager', type: 'string', default: 'kubectl-taint' }],
  run(ctx) {
    const args = ctx.p.args.slice();
    if (!args.length) return ctx.fail(`You must provide one or more resources by argument or filename.`);
    const type = args.shift()!;
    let targetNames: string[] = [];
    if (type.includes('/')) targetNames = [type.split('/')[1]];
    else {
      const info = ctx.resolveType(type);
      if (!info) return ctx.fail(`the server doesn't have a resource type "${type}"`);
      if (info.kind !== 'Node') return ctx.fail(`invalid resource type ${type}, only node types are supported`);
      if (!ctx.flag<boolean>('all') && !ctx.flag<string>('selector')) targetNames = [args.shift() ?? ''];
    }
    const specs = args;
    if (!specs.length) return ctx.fail('at least one taint update is required');
    const add: { key: string; value?: string; effect: string }[] = [];
    const remove: { key: string; effect?: string }[] = [];
    for (const s of specs) {
      if (s.endsWith('-')) {
        // key[=value][:effect]-: the value plays no part in what is removed
        const [keyValue, effect] = s.slice(0, -1).split(':');
        remove.push({ key: keyValue.split('=')[0], effect });
        continue;
      }
      const m = /^([^=:]+)(?:=([^:]*))?:(.+)$/.exec(s);
      if (!m) return ctx.fail(`invalid taint spec: ${s}, unknown taint spec`);
      if (!['NoSchedule', 'PreferNoSchedule', 'NoExecute'].includes(m[3])) return ctx.fail(`invalid taint effect: ${m[3]}, unsupported taint effect`);
      add.push({ key: m[1], ...(m[2] !== undefined && m[2] !== '' ? { value: m[2] } : {}), effect: m[3] });
    }
    const t = nodeTargets(ctx, targetNames, true);
    if (typeof t === 'number') return t;
    let code = 0;
    for (const name of t.names) {
      const n = ctx.get(t.info, name);
      if (isStatus(n)) {
        code = ctx.status(n);
        continue;
      }
      let taints: Any[] = deepClone((n as Any).spec?.taints ?? []);
      for (const a of add) {
        const same = taints.find((x) => x.key === a.key && x.effect === a.effect);
        if (same && !ctx.flag<boolean>('overwrite')) return ctx.fail(`node ${name} already has ${a.key} taint(s) with same effect(s) and --overwrite is false`);
        taints = taints.filter((x) => !(x.key === a.key && x.effect === a.effect));
        taints.push(a);
      }
      for (const r of remove) {
        const before = taints.length;
        taints = taints.filter((x) => !(x.key === r.key && (!r.effect || x.effect === r.effect)));
        if (taints.length === before) return ctx.fail(`taint "${r.key}${r.effect ? ':' + r.effect : ''}" not found`);
      }
      const res = ctx.request(ctx.req(t.info, 'patch', { name, patchType: 'merge', body: { spec: { taints: taints.length ? taints : null } } }));
      if (isStatus(res.body)) {
        code = ctx.status(res.body);
        continue;
      }
      ctx.out(`node/${name} ${remove.length && !add.length ? 'untainted' : 'tainted'}\n`);
    }
    return code;
  },
};
