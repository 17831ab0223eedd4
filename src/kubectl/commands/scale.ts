/** `kubectl scale`: writes the scale subresource; `--current-replicas` precondition, `-l`, `--all`. */
import type { KindInfo } from '../../sim/api/registry';
import { DRY_RUN, FILE_FLAGS, type Command } from '../command';
import { isStatus, resolveResourceArgs } from '../context';
import { kindRef } from '../discovery';
import { dryRunOf, dryRunSuffix } from './util';

export const scaleCommand: Command = {
  name: 'scale',
  flags: [
    ...FILE_FLAGS,
    DRY_RUN,
    { name: 'replicas', type: 'int', default: -1 },
    { name: 'current-replicas', type: 'int', default: -1 },
    { name: 'resource-version', type: 'string', default: '' },
    { name: 'selector', short: 'l', type: 'string', default: '' },
    { name: 'all', type: 'bool', default: false },
    { name: 'timeout', type: 'string', default: '0s' },
    { name: 'output', short: 'o', type: 'string', default: '' },
  ],
  run(ctx) {
    if (!ctx.p.set.has('replicas')) return ctx.fail('required flag(s) "replicas" not set');
    const replicas = ctx.flag<number>('replicas');
    if (replicas < 0) return ctx.fail('The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0');
    const dry = dryRunOf(ctx);
    if (typeof dry === 'object') return ctx.fail(dry.error);
    if (ctx.p.args.length === 0) {
      ctx.err("error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'\n");
      return 1;
    }
    const groups = resolveResourceArgs(ctx, ctx.p.args, false);
    if ('error' in groups) return ctx.fail(groups.error);
    const targets: { info: KindInfo; name: string }[] = [];
    for (const g of groups) {
      if (g.names) targets.push(...g.names.map((name) => ({ info: g.info, name })));
      else if (ctx.flag<boolean>('all') || ctx.flag<string>('selector')) {
        const l = ctx.list(g.info, ctx.flag<string>('selector') ? { labelSelector: ctx.flag<string>('selector') } : {});
        if (isStatus(l)) return ctx.status(l);
        targets.push(...l.items.map((o) => ({ info: g.info, name: o.metadata.name! })));
      } else return ctx.fail('resource(s) were provided, but no name was specified');
    }
    let code = 0;
    for (const t of targets) {
      if (!t.info.subresources.scale) {
        ctx.err(`error: no scaler has been implemented for {"${t.info.group}" "${t.info.kind}"}\n`);
        code = 1;
        continue;
      }
      const cur = ctx.get(t.info, t.name);
      if (isStatus(cur)) {
        code = ctx.status(cur);
        continue;
      }
      const currentReplicas = ctx.flag<number>('current-replicas');
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      const have = (cur as any).spec?.replicas ?? 1;
      if (currentReplicas >= 0 && have !== currentReplicas) {
        ctx.err(`error: Expected replicas to be ${currentReplicas}, was ${have}\n`);
        code = 1;
        continue;
      }
      if (dry !== 'client') {
        const q: Record<string, unknown> = {};
        if (dry === 'server') q.dryRun = 'All';
        const res = ctx.request(ctx.req(t.info, 'patch', { name: t.name, subresource: 'scale', patchType: 'merge', body: { spec: { replicas } }, query: q }));
        if (isStatus(res.body)) {
          if (res.body.code === 404 && /could not find|not found/.test(res.body.message ?? '') && !/"/.test(res.body.message ?? '')) {
            const r2 = ctx.request(ctx.req(t.info, 'patch', { name: t.name, patchType: 'merge', body: { spec: { replicas } }, query: q }));
            if (isStatus(r2.body)) {
              code = ctx.status(r2.body);
              continue;
            }
          } else {
            code = ctx.status(res.body);
            continue;
          }
        }
      }
      if (ctx.flag<string>('output') === 'name') ctx.out(`${kindRef(t.info)}/${t.name}\n`);
      else ctx.out(`${kindRef(t.info)}/${t.name} scaled${dryRunSuffix(dry)}\n`);
    }
    return code;
  },
};
