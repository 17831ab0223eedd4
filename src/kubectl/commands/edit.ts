/**
 * `kubectl edit` and `kubectl replace`. edit opens the object as YAML in the editor hook
 * the terminal provides (the page's editor, or a test's function) and updates it; an
 * unchanged buffer cancels, invalid edits are reported as kubectl reports them.
 */
import type { KObject } from '../../sim/api/types';
import { DRY_RUN, FILE_FLAGS, OUTPUT_FLAGS, type Command } from '../command';
import { isStatus, resolveResourceArgs } from '../context';
import { formatStatus } from '../errors';
import { parseManifests } from '../manifest';
import { deepEqual } from '../merge3';
import { hideManagedFields, toYaml } from '../printers/format';
import { dryRunOf, eachManifest, printResult } from './util';

const HEADER =
  '# Please edit the object below. Lines beginning with a \'#\' will be ignored,\n# and an empty file will abort the edit. If an error occurs while saving this file will be\n# reopened with the relevant failures.\n#\n';

export const editCommand: Command = {
  name: 'edit',
  flags: [...OUTPUT_FLAGS, ...FILE_FLAGS, { name: 'validate', type: 'string', default: 'strict' }, { name: 'save-config', type: 'bool', default: false }, { name: 'subresource', type: 'string', default: '' }, { name: 'windows-line-endings', type: 'bool', default: false }, { name: 'field-manager', type: 'string', default: 'kubectl-edit' }],
  async run(ctx) {
    if (!ctx.p.args.length) return ctx.fail("You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'");
    if (!ctx.io.edit) return ctx.fail('no editor is available in this terminal');
    const groups = resolveResourceArgs(ctx, ctx.p.args, false);
    if ('error' in groups) return ctx.fail(groups.error);
    let code = 0;
    for (const g of groups) {
      if (!g.names) return ctx.usage('resource(s) were provided, but no name was specified');
      for (const name of g.names) {
        const cur = ctx.get(g.info, name);
        if (isStatus(cur)) {
          code = ctx.status(cur);
          continue;
        }
        const shown = hideManagedFields(cur as KObject);
        const text = HEADER + toYaml(shown);
        for (;;) {
          const edited = await ctx.io.edit(text, `${g.info.plural}-${name}.yaml`);
          const body = edited === undefined ? undefined : edited.split('\n').filter((l) => !l.startsWith('#')).join('\n');
          if (edited === undefined || body === undefined || deepEqual(parseSafe(body), parseSafe(toYaml(shown)))) {
            ctx.out('Edit cancelled, no changes made.\n');
            break;
          }
          if (body.trim() === '') {
            ctx.out('Edit cancelled, saved file was empty.\n');
            break;
          }
          const parsed = parseManifests(body, `${g.info.plural}-${name}.yaml`);
          if ('error' in parsed) {
            ctx.err(`error: ${parsed.error}\n`);
            code = 1;
            break;
          }
          const obj = parsed.items[0].obj;
          const res = ctx.request(ctx.req(g.info, 'update', { name, body: obj, query: { fieldManager: 'kubectl-edit', fieldValidation: 'Strict' } }));
          if (isStatus(res.body)) {
            const msg = formatStatus(res.body);
            ctx.err(`error: ${g.info.plural}${g.info.group ? '.' + g.info.group : ''} "${name}" could not be patched: ${msg.replace(/^Error from server \([^)]*\): /, '').trim()}\nYou can run \`kubectl replace -f /tmp/kubectl-edit-${name}.yaml\` to try this update again.\n`);
            code = 1;
            break;
          }
          printResult(ctx, g.info, res.body as KObject, 'edited');
          break;
        }
      }
    }
    return code;
  },
};

function parseSafe(s: string): unknown {
  const r = parseManifests(s, 'x');
  return 'error' in r ? s : r.items.map((i) => i.obj);
}

export const replaceCommand: Command = {
  name: 'replace',
  flags: [...FILE_FLAGS, ...OUTPUT_FLAGS, DRY_RUN, { name: 'force', type: 'bool', default: false }, { name: 'grace-period', type: 'int', default: -1 }, { name: 'cascade', type: 'string', default: 'background' }, { name: 'validate', type: 'string', default: 'strict' }, { name: 'save-config', type: 'bool', default: false }, { name: 'wait', type: 'bool', default: false }, { name: 'field-manager', type: 'string', default: 'kubectl-replace' }],
  run(ctx) {
    const files = ctx.flag<string[]>('filename');
    if (!files.length) return ctx.usage('must specify --filename to replace');
    const dry = dryRunOf(ctx);
    if (typeof dry === 'object') return ctx.fail(dry.error);
    return eachManifest(ctx, 'replace', (m, info, ns) => {
      const name = m.obj.metadata.name!;
      const q: Record<string, unknown> = { fieldManager: 'kubectl-replace', fieldValidation: 'Strict' };
      if (dry !== 'none') q.dryRun = 'All';
      if (ctx.flag<boolean>('force')) {
        const del = ctx.request(ctx.req(info, 'delete', { name, query: { gracePeriodSeconds: 0 } }, ns));
        if (!isStatus(del.body) || del.body.status === 'Success') ctx.out(`${info.kind.toLowerCase()}${info.group ? '.' + info.group : ''} "${name}" deleted\n`);
        const res = ctx.request(ctx.req(info, 'create', { body: m.obj, query: q }, ns));
        if (isStatus(res.body)) return ctx.status(res.body, { verb: 'creating', file: m.source });
        return printResult(ctx, info, res.body as KObject, 'replaced', dry);
      }
      const res = ctx.request(ctx.req(info, 'update', { name, body: m.obj, query: q }, ns));
      if (isStatus(res.body)) return ctx.status(res.body, res.body.reason === 'Invalid' ? undefined : { verb: 'replacing', file: m.source });
      return printResult(ctx, info, res.body as KObject, 'replaced', dry);
    });
  },
};
