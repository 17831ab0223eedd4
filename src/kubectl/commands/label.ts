/**
 * `kubectl label` and `kubectl annotate`: `key=value` and `key-` arguments sent as a merge
 * patch of metadata; `--overwrite`, `--all`, `-l`, `--list`; messages labeled / unlabeled /
 * not labeled and the "already has a value" error of kubectl's label.go.
 */
import type { KindInfo } from '../../sim/api/registry';
import { DRY_RUN, FILE_FLAGS, type Command } from '../command';
import { isStatus, resolveResourceArgs } from '../context';
import { kindRef } from '../discovery';
import { loadFiles } from '../manifest';
import { deepEqual } from '../merge3';
import { dryRunOf, dryRunSuffix } from './util';

function make(kind: 'label' | 'annotate'): Command {
  const field = kind === 'label' ? 'labels' : 'annotations';
  const past = kind === 'label' ? 'labeled' : 'annotated';
  return {
    name: kind,
    flags: [
      ...FILE_FLAGS,
      DRY_RUN,
      { name: 'overwrite', type: 'bool', default: false },
      { name: 'all', type: 'bool', default: false },
      { name: 'all-namespaces', short: 'A', type: 'bool', default: false },
      { name: 'selector', short: 'l', type: 'string', default: '' },
      { name: 'field-selector', type: 'string', default: '' },
      { name: 'list', type: 'bool', default: false },
      { name: 'local', type: 'bool', default: false },
      { name: 'resource-version', type: 'string', default: '' },
      { name: 'output', short: 'o', type: 'string', default: '' },
      { name: 'field-manager', type: 'string', default: `kubectl-${kind}` },
    ],
    run(ctx) {
      const dry = dryRunOf(ctx);
      if (typeof dry === 'object') return ctx.fail(dry.error);
      const resArgs: string[] = [];
      const changes: string[] = [];
      for (const a of ctx.p.args) {
        if (a.includes('=') || (a.endsWith('-') && resArgs.length > 0)) changes.push(a);
        else resArgs.push(a);
      }
      const files = ctx.flag<string[]>('filename');
      if (!files.length && resArgs.length === 0) return ctx.fail('one or more resources must be specified as <resource> <name> or <resource>/<name>');
      if (!ctx.flag<boolean>('list') && changes.length === 0) return ctx.fail(`at least one ${kind === 'label' ? 'label' : 'annotation'} update is required`);
      const set: Record<string, string> = {};
      const remove: string[] = [];
      for (const c of changes) {
        if (c.endsWith('-') && !c.includes('=')) remove.push(c.slice(0, -1));
        else {
          const i = c.indexOf('=');
          const k = c.slice(0, i);
          if (k in set) return ctx.fail(`can not both modify and remove the following ${kind === 'label' ? 'label' : 'annotation'}(s) in the same command: ${k}`);
          set[k] = c.slice(i + 1);
        }
      }
      for (const k of remove) if (k in set) return ctx.fail(`can not both modify and remove the following ${kind === 'label' ? 'label' : 'annotation'}(s) in the same command: ${k}`);
      const targets: { info: KindInfo; name: string; ns?: string }[] = [];
      if (files.length) {
        const l = loadFiles(files, ctx.io, ctx.flag('recursive'), kind);
        if ('error' in l) return ctx.fail(l.error);
        for (const m of l.items) {
          const info = ctx.infoFor(m.obj);
          if (info) targets.push({ info, name: m.obj.metadata.name!, ns: m.obj.metadata.namespace });
        }
      } else {
        if (resArgs.length === 0) return ctx.usage('one or more resources must be specified as <resource> <name> or <resource>/<name>');
        const groups = resolveResourceArgs(ctx, resArgs);
        if ('error' in groups) return ctx.fail(groups.error);
        for (const g of groups) {
          if (g.names) targets.push(...g.names.map((name) => ({ info: g.info, name })));
          else if (ctx.flag<boolean>('all') || ctx.flag<string>('selector') || ctx.flag<string>('field-selector')) {
            const q: Record<string, unknown> = {};
            if (ctx.flag<string>('selector')) q.labelSelector = ctx.flag<string>('selector');
            if (ctx.flag<string>('field-selector')) q.fieldSelector = ctx.flag<string>('field-selector');
            const l = ctx.list(g.info, q, ctx.flag<boolean>('all-namespaces') ? null : undefined);
            if (isStatus(l)) return ctx.status(l);
            targets.push(...l.items.map((o) => ({ info: g.info, name: o.metadata.name!, ns: o.metadata.namespace })));
          } else return ctx.usage('resource(s) were provided, but no name was specified');
        }
      }
      let code = 0;
      for (const t of targets) {
        const cur = ctx.get(t.info, t.name, t.ns);
        if (isStatus(cur)) {
          code = ctx.status(cur);
          continue;
        }
        const old = (cur.metadata[field] as Record<string, string> | undefined) ?? {};
        if (ctx.flag<boolean>('list')) {
          for (const k of Object.keys(old).sort()) ctx.out(`${k}=${old[k]}\n`);
          continue;
        }
        if (!ctx.flag<boolean>('overwrite')) {
          const clash = Object.keys(set).find((k) => k in old && old[k] !== set[k]);
          if (clash) {
            code = ctx.fail(`'${clash}' already has a value (${old[clash]}), and --overwrite is false`);
            continue;
          }
        }
        const next: Record<string, string> = { ...old, ...set };
        const patch: Record<string, string | null> = { ...set };
        for (const k of remove) {
          if (!(k in old)) ctx.out(`${kind === 'label' ? 'label' : 'annotation'} "${k}" not found.\n`);
          else {
            delete next[k];
            patch[k] = null;
          }
        }
        const changed = !deepEqual(old, next);
        let msg = changed ? past : `not ${past}`;
        if (changed && kind === 'label' && !ctx.flag<boolean>('overwrite') && Object.keys(next).length < Object.keys(old).length) msg = 'unlabeled';
        if (kind === 'annotate') msg = past;
        if (changed && dry !== 'client') {
          const q: Record<string, unknown> = { fieldManager: ctx.flag<string>('field-manager') };
          if (dry === 'server') q.dryRun = 'All';
          const res = ctx.request(ctx.req(t.info, 'patch', { name: t.name, patchType: 'merge', body: { metadata: { [field]: patch } }, query: q }, t.ns));
          if (isStatus(res.body)) {
            code = ctx.status(res.body);
            continue;
          }
        }
        if (ctx.flag<string>('output') === 'name') ctx.out(`${kindRef(t.info)}/${t.name}\n`);
        else ctx.out(`${kindRef(t.info)}/${t.name} ${msg}${dryRunSuffix(dry)}\n`);
      }
      return code;
    },
  };
}

export const labelCommand = make('label');
export const annotateCommand = make('annotate');
