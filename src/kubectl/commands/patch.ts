/** `kubectl patch`: strategic (default), merge and json patches given as JSON or YAML. */
import { parse as parseYaml } from 'yaml';
import type { KObject } from '../../sim/api/types';
import { DRY_RUN, FILE_FLAGS, OUTPUT_FLAGS, type Command } from '../command';
import { isStatus, resolveResourceArgs } from '../context';
import { dryRunOf, printResult } from './util';

export const patchCommand: Command = {
  name: 'patch',
  flags: [
    ...FILE_FLAGS,
    ...OUTPUT_FLAGS,
    DRY_RUN,
    { name: 'patch', short: 'p', type: 'string', default: '' },
    { name: 'patch-file', type: 'string', default: '' },
    { name: 'type', type: 'string', default: 'strategic' },
    { name: 'subresource', type: 'string', default: '' },
    { name: 'local', type: 'bool', default: false },
    { name: 'field-manager', type: 'string', default: 'kubectl-patch' },
  ],
  run(ctx) {
    const dry = dryRunOf(ctx);
    if (typeof dry === 'object') return ctx.fail(dry.error);
    let text = ctx.flag<string>('patch');
    const pf = ctx.flag<string>('patch-file');
    if (pf) {
      const c = ctx.io.fs?.read(pf);
      if (c === undefined) return ctx.fail(`unable to read patch file: open ${pf}: no such file or directory`);
      text = c;
    }
    if (!text) return ctx.fail('must specify --patch or --patch-file containing the contents of the patch');
    const type = ctx.flag<string>('type');
    if (!['strategic', 'merge', 'json'].includes(type)) return ctx.fail(`--type must be one of [json merge strategic], not "${type}"`);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      try {
        body = parseYaml(text);
      } catch (e) {
        return ctx.fail(`unable to parse "${text}": yaml: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
      }
    }
    if (type !== 'json' && (body === null || typeof body !== 'object' || Array.isArray(body)))
      return ctx.fail(`unable to parse "${text}": json: cannot unmarshal ${Array.isArray(body) ? 'array' : typeof body} into Go value of type map[string]interface {}`);
    if (type === 'json' && !Array.isArray(body)) return ctx.fail(`unable to parse "${text}": json: cannot unmarshal object into Go value of type jsonpatch.Patch`);
    if (ctx.p.args.length === 0) return ctx.usage('must specify a resource and name or a file');
    const groups = resolveResourceArgs(ctx, ctx.p.args, false);
    if ('error' in groups) return ctx.fail(groups.error);
    let code = 0;
    for (const g of groups) {
      if (!g.names) return ctx.usage('resource(s) were provided, but no name was specified');
      for (const name of g.names) {
        const before = ctx.get(g.info, name);
        if (isStatus(before)) {
          code = ctx.status(before);
          continue;
        }
        const q: Record<string, unknown> = { fieldManager: ctx.flag<string>('field-manager'), fieldValidation: 'Strict' };
        if (dry === 'server' || dry === 'client') q.dryRun = 'All';
        const sub = ctx.flag<string>('subresource') || undefined;
        const res = ctx.request(ctx.req(g.info, 'patch', { name, body, patchType: type as 'strategic' | 'merge' | 'json', query: q, subresource: sub }));
        if (isStatus(res.body)) {
          code = ctx.status(res.body);
          continue;
        }
        const after = res.body as KObject;
        const same = after.metadata.resourceVersion === (before as KObject).metadata.resourceVersion;
        code = printResult(ctx, g.info, after, same ? 'patched (no change)' : 'patched', dry) || code;
      }
    }
    return code;
  },
};
