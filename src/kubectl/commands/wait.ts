/**
 * `kubectl wait --for=condition=X[=value] | delete | jsonpath='{...}'=value`, polling on
 * the virtual clock until the condition holds or `--timeout` (default 30s) passes.
 */
import type { KObject } from '../../sim/api/types';
import { FILE_FLAGS, type Command } from '../command';
import { isStatus, resolveResourceArgs } from '../context';
import { kindRef } from '../discovery';
import { jsonpathTemplate } from '../printers/format';
import { parseGoDuration } from '../../sim/api/tables/duration';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

export const waitCommand: Command = {
  name: 'wait',
  flags: [
    ...FILE_FLAGS,
    { name: 'for', type: 'string', default: '' },
    { name: 'timeout', type: 'string', default: '30s' },
    { name: 'selector', short: 'l', type: 'string', default: '' },
    { name: 'field-selector', type: 'string', default: '' },
    { name: 'all', type: 'bool', default: false },
    { name: 'all-namespaces', short: 'A', type: 'bool', default: false },
    { name: 'output', short: 'o', type: 'string', default: '' },
    { name: 'local', type: 'bool', default: false },
  ],
  async run(ctx) {
    const forSpec = ctx.flag<string>('for');
    if (!forSpec) return ctx.fail('unrecognized condition: ""');
    let test: (o: KObject | undefined) => boolean;
    const isDelete = forSpec === 'delete';
    if (isDelete) test = (o) => o === undefined;
    else if (forSpec.startsWith('condition=')) {
      const [cond, want = 'true'] = forSpec.slice(10).split('=');
      test = (o) => !!o && ((o as Any).status?.conditions ?? []).some((c: Any) => c.type.toLowerCase() === cond.toLowerCase() && String(c.status).toLowerCase() === want.toLowerCase());
    } else if (forSpec.startsWith('jsonpath=')) {
      const spec = forSpec.slice(9);
      const m = /^(\{.*\})(?:=(.*))?$/.exec(spec) ?? /^([^=]*)(?:=(.*))?$/.exec(spec)!;
      const path = m[1].startsWith('{') ? m[1] : `{${m[1]}}`;
      const want = m[2]?.replace(/^['"]|['"]$/g, '');
      test = (o) => {
        if (!o) return false;
        const r = jsonpathTemplate(path, o);
        if ('error' in r) return false;
        return want === undefined ? r.text !== '' : r.text === want;
      };
    } else if (forSpec === 'create') test = (o) => o !== undefined;
    else return ctx.fail(`unrecognized condition: "${forSpec}"`);
    const groups = resolveResourceArgs(ctx, ctx.p.args, false);
    if ('error' in groups) return ctx.fail(groups.error);
    if (!groups.length) return ctx.fail('resource(s) were provided, but no name was specified');
    const targets: { info: (typeof groups)[0]['info']; name: string; ns?: string; uid?: string }[] = [];
    for (const g of groups) {
      if (g.names) for (const name of g.names) targets.push({ info: g.info, name });
      else {
        const q: Record<string, unknown> = {};
        if (ctx.flag<string>('selector')) q.labelSelector = ctx.flag<string>('selector');
        if (ctx.flag<string>('field-selector')) q.fieldSelector = ctx.flag<string>('field-selector');
        const l = ctx.list(g.info, q, ctx.flag<boolean>('all-namespaces') ? null : undefined);
        if (isStatus(l)) return ctx.status(l);
        if (!l.items.length) return ctx.fail(`no matching resources found`);
        for (const o of l.items) targets.push({ info: g.info, name: o.metadata.name!, ns: o.metadata.namespace, uid: o.metadata.uid });
      }
    }
    const timeout = parseGoDuration(ctx.flag<string>('timeout')) ?? 30_000;
    let code = 0;
    for (const t of targets) {
      let waited = 0;
      let first = true;
      for (;;) {
        const o = ctx.get(t.info, t.name, t.ns);
        if (isStatus(o) && o.code !== 404) return ctx.status(o);
        let obj = isStatus(o) ? undefined : o;
        if (obj && t.uid && isDelete && obj.metadata.uid !== t.uid) obj = undefined;
        if (first && !obj && !isDelete && forSpec !== 'create') {
          if (isStatus(o)) return ctx.status(o);
        }
        first = false;
        if (obj && !t.uid) t.uid = obj.metadata.uid;
        if (test(obj)) {
          ctx.out(`${kindRef(t.info)}/${t.name} condition met\n`);
          break;
        }
        if (ctx.io.cancelled()) return 130;
        if (waited >= timeout) {
          ctx.err(`error: timed out waiting for the condition on ${t.info.plural}/${t.name}\n`);
          code = 1;
          break;
        }
        await ctx.io.sleep(1000);
        waited += 1000;
      }
    }
    return code;
  },
};
