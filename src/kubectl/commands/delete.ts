/**
 * `kubectl delete`: by name, `TYPE/NAME`, `-f`, `-l`, `--all`; grace periods, `--force`,
 * `--cascade`, and `--wait` (the default), which polls on the virtual clock until the
 * objects are gone, as kubectl's wait-for-deletion does.
 */
import type { KindInfo } from '../../sim/api/registry';
import type { KList, KObject, PropagationPolicy } from '../../sim/api/types';
import { DRY_RUN, FILE_FLAGS, type Command } from '../command';
import { type Ctx, isStatus, resolveResourceArgs } from '../context';
import { kindRef } from '../discovery';
import { formatStatus } from '../errors';
import { loadFiles } from '../manifest';
import { dryRunOf, notFoundMapping, objectNamespace } from './util';

interface Target {
  info: KindInfo;
  name: string;
  ns?: string;
  /** the file it was read from (-f), for kubectl's "error when deleting" */
  source?: string;
  /** the uid the delete answered with, which waiting for deletion compares against */
  uid?: string;
}

export const deleteCommand: Command = {
  name: 'delete',
  flags: [
    ...FILE_FLAGS,
    DRY_RUN,
    { name: 'output', short: 'o', type: 'string', default: '' },
    { name: 'all', type: 'bool', default: false },
    { name: 'all-namespaces', short: 'A', type: 'bool', default: false },
    { name: 'selector', short: 'l', type: 'string', default: '' },
    { name: 'field-selector', type: 'string', default: '' },
    { name: 'grace-period', type: 'int', default: -1 },
    { name: 'force', type: 'bool', default: false },
    { name: 'now', type: 'bool', default: false },
    { name: 'cascade', type: 'string', default: 'background' },
    { name: 'wait', type: 'bool', default: true },
    { name: 'timeout', type: 'string', default: '0s' },
    { name: 'ignore-not-found', type: 'bool', default: false },
    { name: 'interactive', short: 'i', type: 'bool', default: false },
    { name: 'raw', type: 'string', default: '' },
  ],
  async run(ctx) {
    const dry = dryRunOf(ctx);
    if (typeof dry === 'object') return ctx.fail(dry.error);
    const files = ctx.flag<string[]>('filename');
    const targets: Target[] = [];
    const selector = ctx.flag<string>('selector');
    const fieldSelector = ctx.flag<string>('field-selector');
    const all = ctx.flag<boolean>('all');
    const allNs = ctx.flag<boolean>('all-namespaces');
    let code = 0;
    let ignoreNotFound = ctx.flag<boolean>('ignore-not-found');
    if (files.length) {
      const loaded = loadFiles(files, ctx.io, ctx.flag('recursive'), 'delete');
      if ('error' in loaded) return ctx.fail(loaded.error);
      for (const m of loaded.items) {
        const info = ctx.infoFor(m.obj);
        if (!info) return ctx.fail(notFoundMapping(m.obj, m.source));
        const ns = objectNamespace(ctx, info, m.obj);
        if (typeof ns === 'object') return ctx.fail(ns.error);
        targets.push({ info, name: m.obj.metadata.name ?? '', ns, source: m.source });
      }
    } else {
      if (ctx.p.args.length === 0) {
        ctx.err(
          "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'\n",
        );
        return 1;
      }
      const groups = resolveResourceArgs(ctx, ctx.p.args);
      if ('error' in groups) return ctx.fail(groups.error);
      for (const g of groups) {
        if (g.names) {
          if (all || selector) return ctx.fail('name cannot be provided when a selector is specified');
          for (const name of g.names) targets.push({ info: g.info, name });
          continue;
        }
        if (!all && !selector && !fieldSelector) return ctx.fail('resource(s) were provided, but no name was specified');
        ignoreNotFound = true;
        const q: Record<string, unknown> = {};
        if (selector) q.labelSelector = selector;
        if (fieldSelector) q.fieldSelector = fieldSelector;
        const list = ctx.list(g.info, q, allNs ? null : undefined);
        if (isStatus(list)) return ctx.status(list);
        for (const o of (list as KList).items) targets.push({ info: g.info, name: o.metadata.name!, ns: o.metadata.namespace });
      }
      if (targets.length === 0) {
        ctx.err(groups.some((g) => g.info.namespaced) && !allNs ? `No resources found\n` : 'No resources found\n');
        return 0;
      }
    }
    let grace = ctx.flag<number>('grace-period');
    const force = ctx.flag<boolean>('force');
    if (ctx.flag<boolean>('now')) grace = 1;
    if (force && grace < 0) grace = 0;
    if (force && grace === 0)
      ctx.err('Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n');
    if (!force && grace === 0) grace = 1; // kubectl turns --grace-period=0 without --force into 1
    const cascadeFlag = ctx.flag<string>('cascade');
    const policies: Record<string, PropagationPolicy> = { background: 'Background', true: 'Background', foreground: 'Foreground', orphan: 'Orphan', false: 'Orphan' };
    const policy = policies[cascadeFlag];
    if (!policy) return ctx.fail(`invalid cascade value (${cascadeFlag}). Must be "background", "foreground", or "orphan".`);
    const deleted: Target[] = [];
    for (const t of targets) {
      const q: Record<string, unknown> = { propagationPolicy: policy };
      if (grace >= 0) q.gracePeriodSeconds = grace;
      if (dry === 'server') q.dryRun = 'All';
      if (dry === 'client') {
        ctx.out(`${kindRef(t.info)} "${t.name}" deleted (dry run)\n`);
        continue;
      }
      const res = ctx.request(ctx.req(t.info, 'delete', { name: t.name, query: q }, t.ns));
      if (isStatus(res.body) && res.body.status !== 'Success') {
        if (res.body.code === 404 && ignoreNotFound) continue;
        ctx.err(formatStatus(res.body, t.source ? { verb: 'deleting', file: t.source } : undefined));
        code = 1;
        continue;
      }
      if (ctx.flag<string>('output') === 'name') ctx.out(`${kindRef(t.info)}/${t.name}\n`);
      else ctx.out(`${kindRef(t.info)} "${t.name}" ${force && grace === 0 ? 'force deleted' : 'deleted'}${dry === 'server' ? ' (server dry run)' : ''}\n`);
      // the uid of what was deleted, from the answer: a controller may already have made a new one by that name
      const body = res.body as KObject | { details?: { uid?: string } };
      const uid = (body as KObject).metadata?.uid ?? (body as { details?: { uid?: string } }).details?.uid;
      deleted.push(uid ? { ...t, uid } : t);
    }
    if (ctx.flag<boolean>('wait') && dry === 'none' && !(force && grace === 0)) {
      const timeout = parseTimeout(ctx.flag<string>('timeout'));
      const r = await waitForDeletion(ctx, deleted, timeout);
      if (r !== 0) code = r;
    }
    return code;
  },
};

function parseTimeout(s: string): number {
  const m = /^(\d+)(ms|s|m|h)?$/.exec(s);
  if (!m) return 0;
  const n = parseInt(m[1], 10);
  return m[2] === 'ms' ? n : m[2] === 'm' ? n * 60000 : m[2] === 'h' ? n * 3600000 : n * 1000;
}

/** Polls until every deleted object is gone (or has a new uid). */
export async function waitForDeletion(ctx: Ctx, targets: Target[], timeoutMs: number): Promise<number> {
  // nobody can press Ctrl+C on piped input: give up after 15 virtual minutes instead of hanging
  const limit = timeoutMs > 0 ? timeoutMs : ctx.io.interactive ? Infinity : Math.max(ctx.io.streamLimitMs ?? 0, 900_000);
  const uids = new Map<Target, string | undefined>(targets.filter((t) => t.uid).map((t) => [t, t.uid]));
  let waited = 0;
  let pending = targets;
  for (;;) {
    pending = pending.filter((t) => {
      const o = ctx.get(t.info, t.name, t.ns);
      if (isStatus(o)) return false;
      if (!uids.has(t)) uids.set(t, (o as KObject).metadata.uid);
      return (o as KObject).metadata.uid === uids.get(t);
    });
    if (pending.length === 0) return 0;
    if (ctx.io.cancelled()) return 130;
    if (waited >= limit) return ctx.fail('timed out waiting for the condition');
    await ctx.io.sleep(1000);
    waited += 1000;
  }
}
