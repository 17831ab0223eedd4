/**
 * `kubectl set image|env|resources`: edits the pod template of a workload (or a Pod's
 * spec) and updates the object; messages as kubectl's set commands print them.
 */
import type { KindInfo } from '../../sim/api/registry';
import type { KObject } from '../../sim/api/types';
import { DRY_RUN, type Command } from '../command';
import { type Ctx, deepClone, isStatus, resolveResourceArgs } from '../context';
import { parseFlags } from '../flags';
import { deepEqual } from '../merge3';
import { dryRunOf, printResult } from './util';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

/** The pod spec inside an object, where `set` and `describe` look for containers. */
export function podSpecOf(obj: KObject): Any | undefined {
  const o = obj as Any;
  if (obj.kind === 'Pod') return o.spec;
  if (obj.kind === 'CronJob') return o.spec?.jobTemplate?.spec?.template?.spec;
  return o.spec?.template?.spec;
}

type Mutator = (ctx: Ctx, obj: KObject, info: KindInfo) => string | undefined;

const SUBS: Record<string, { flags: Parameters<typeof parseFlags>[1]; message: string; mutate: Mutator; needsArgs: (args: string[]) => { res: string[]; rest: string[] } }> = {
  image: {
    flags: [{ name: 'all', type: 'bool', default: false }, { name: 'selector', short: 'l', type: 'string', default: '' }, { name: 'record', type: 'bool', default: false }, { name: 'local', type: 'bool', default: false }],
    message: 'image updated',
    needsArgs: (args) => ({ res: args.filter((a) => !a.includes('=')), rest: args.filter((a) => a.includes('=')) }),
    mutate(ctx, obj) {
      const sp = podSpecOf(obj);
      const pairs = ctx.p.args.filter((a) => a.includes('='));
      for (const p of pairs) {
        const [name, image] = [p.slice(0, p.indexOf('=')), p.slice(p.indexOf('=') + 1)];
        const all = [...(sp?.containers ?? []), ...(sp?.initContainers ?? [])];
        const hits = name === '*' ? all : all.filter((c: Any) => c.name === name);
        if (!hits.length) return `unable to find container named "${name}"`;
        for (const c of hits) c.image = image;
      }
      return undefined;
    },
  },
  env: {
    flags: [
      { name: 'containers', short: 'c', type: 'string', default: '*' },
      { name: 'env', short: 'e', type: 'stringArray' },
      { name: 'from', type: 'string', default: '' },
      { name: 'list', type: 'bool', default: false },
      { name: 'overwrite', type: 'bool', default: true },
      { name: 'all', type: 'bool', default: false },
      { name: 'selector', short: 'l', type: 'string', default: '' },
      { name: 'keys', type: 'stringSlice' },
      { name: 'prefix', type: 'string', default: '' },
    ],
    message: 'env updated',
    needsArgs: (args) => ({ res: args.filter((a) => !a.includes('=') && !a.endsWith('-')), rest: args.filter((a) => a.includes('=') || a.endsWith('-')) }),
    mutate(ctx, obj) {
      const sp = podSpecOf(obj);
      const sel = ctx.flag<string>('containers');
      const cs = (sp?.containers ?? []).filter((c: Any) => sel === '*' || c.name === sel);
      const pairs = [...ctx.flag<string[]>('env'), ...ctx.p.args.filter((a) => a.includes('=') || (a.endsWith('-') && !a.includes('/')))];
      const from = ctx.flag<string>('from');
      let fromEntries: Any[] = [];
      if (from) {
        const [t, n] = from.split('/');
        const info = ctx.resolveType(t);
        if (!info) return `the server doesn't have a resource type "${t}"`;
        const src = ctx.get(info, n);
        if (isStatus(src)) return src.message;
        const keys = Object.keys((src as Any).data ?? {}).sort();
        const ref = info.kind === 'Secret' ? 'secretKeyRef' : 'configMapKeyRef';
        fromEntries = keys.map((k) => ({ name: (ctx.flag<string>('prefix') + k).toUpperCase().replace(/[^A-Z0-9_]/g, '_'), valueFrom: { [ref]: { key: k, name: n } } }));
      }
      for (const c of cs) {
        let env: Any[] = c.env ?? [];
        for (const p of pairs) {
          if (p.endsWith('-') && !p.includes('=')) {
            env = env.filter((e) => e.name !== p.slice(0, -1));
            continue;
          }
          const name = p.slice(0, p.indexOf('='));
          const value = p.slice(p.indexOf('=') + 1);
          const i = env.findIndex((e) => e.name === name);
          if (i >= 0) env[i] = { name, value };
          else env.push({ name, value });
        }
        for (const fe of fromEntries) {
          const i = env.findIndex((e) => e.name === fe.name);
          if (i >= 0) env[i] = fe;
          else env.push(fe);
        }
        if (env.length) c.env = env;
        else delete c.env;
      }
      return undefined;
    },
  },
  resources: {
    flags: [
      { name: 'containers', short: 'c', type: 'string', default: '*' },
      { name: 'limits', type: 'string', default: '' },
      { name: 'requests', type: 'string', default: '' },
      { name: 'all', type: 'bool', default: false },
      { name: 'selector', short: 'l', type: 'string', default: '' },
      { name: 'local', type: 'bool', default: false },
    ],
    message: 'resource requirements updated',
    needsArgs: (args) => ({ res: args, rest: [] }),
    mutate(ctx, obj) {
      const sp = podSpecOf(obj);
      const sel = ctx.flag<string>('containers');
      const parse = (s: string) => Object.fromEntries(s.split(',').filter(Boolean).map((kv) => kv.split('=')));
      const limits = parse(ctx.flag<string>('limits'));
      const requests = parse(ctx.flag<string>('requests'));
      if (!Object.keys(limits).length && !Object.keys(requests).length) return 'you must specify an update to requests or limits (in the form of --requests/--limits)';
      const cs = (sp?.containers ?? []).filter((c: Any) => sel === '*' || c.name === sel);
      if (!cs.length) return `unable to find container named ${sel}`;
      for (const c of cs) {
        c.resources = c.resources ?? {};
        if (Object.keys(limits).length) c.resources.limits = { ...(c.resources.limits ?? {}), ...limits };
        if (Object.keys(requests).length) c.resources.requests = { ...(c.resources.requests ?? {}), ...requests };
      }
      return undefined;
    },
  },
};

export const setCommand: Command = {
  name: 'set',
  rawArgs: true,
  flags: [],
  subcommands: ['env', 'image', 'resources', 'selector', 'serviceaccount', 'subject'],
  run(ctx) {
    const [sub, ...rest] = ctx.p.args;
    const s = SUBS[sub];
    if (!sub) return ctx.usage('set requires a subcommand');
    if (!s) {
      ctx.err(`error: unknown command "${sub}"\nSee 'kubectl set -h' for help and examples\n`);
      return 1;
    }
    const p = parseFlags(rest, [...s.flags, DRY_RUN, { name: 'record', type: 'bool', default: false }, { name: 'output', short: 'o', type: 'string', default: '' }, { name: 'filename', short: 'f', type: 'stringSlice' }, { name: 'recursive', short: 'R', type: 'bool', default: false }]);
    if ('error' in p) {
      ctx.err(`error: ${p.error}\nSee 'kubectl set ${sub} --help' for usage.\n`);
      return 1;
    }
    Object.assign(ctx.p, p);
    if (p.set.has('record')) ctx.err('Flag --record has been deprecated, --record will be removed in the future\n');
    const dry = dryRunOf(ctx);
    if (typeof dry === 'object') return ctx.fail(dry.error);
    const { res } = s.needsArgs(p.args);
    if (res.length === 0) return ctx.fail("You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'");
    if (sub === 'image' && p.args.filter((a) => a.includes('=')).length === 0) return ctx.fail('at least one image update is required');
    const groups = resolveResourceArgs(ctx, res, false);
    if ('error' in groups) return ctx.fail(groups.error);
    let code = 0;
    for (const g of groups) {
      let names = g.names ?? [];
      if (!g.names) {
        const l = ctx.list(g.info, ctx.flag<string>('selector') ? { labelSelector: ctx.flag<string>('selector') } : {});
        if (isStatus(l)) return ctx.status(l);
        names = l.items.map((o) => o.metadata.name!);
      }
      for (const name of names) {
        const cur = ctx.get(g.info, name);
        if (isStatus(cur)) {
          code = ctx.status(cur);
          continue;
        }
        if (sub === 'env' && ctx.flag<boolean>('list')) {
          const sp = podSpecOf(cur);
          for (const c of sp?.containers ?? []) {
            ctx.out(`# ${g.info.kind} ${name}, container ${c.name}\n`);
            for (const e of c.env ?? []) ctx.out(e.value !== undefined ? `${e.name}=${e.value}\n` : `# ${e.name} from ${Object.keys(e.valueFrom ?? {})[0]}\n`);
          }
          continue;
        }
        const obj = deepClone(cur as KObject);
        const err = s.mutate(ctx, obj, g.info);
        if (!err && ctx.p.flags.record) obj.metadata.annotations = { ...(obj.metadata.annotations ?? {}), 'kubernetes.io/change-cause': ctx.commandLine() };
        if (err) {
          code = ctx.fail(err);
          continue;
        }
        if (deepEqual(obj, cur) || dry === 'client') {
          printResult(ctx, g.info, obj, sub === 'env' && deepEqual(obj, cur) ? 'env updated' : s.message, dry);
          continue;
        }
        const q: Record<string, unknown> = { fieldManager: 'kubectl-set' };
        if (dry === 'server') q.dryRun = 'All';
        const r = ctx.request(ctx.req(g.info, 'update', { name, body: obj, query: q }));
        if (isStatus(r.body)) {
          code = ctx.status(r.body);
          continue;
        }
        printResult(ctx, g.info, r.body as KObject, s.message, dry);
      }
    }
    return code;
  },
};
