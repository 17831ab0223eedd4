/**
 * `kubectl apply -f` (client-side apply): creates objects with the
 * last-applied-configuration annotation, or three-way merges them into the live object
 * and reports created / configured / unchanged.
 */
import type { KObject, Status } from '../../sim/api/types';
import { DRY_RUN, FILE_FLAGS, OUTPUT_FLAGS, type Command } from '../command';
import { type Ctx, deepClone, isStatus } from '../context';
import { formatStatus } from '../errors';
import { loadFiles } from '../manifest';
import { deepEqual, diffMergePatch, merge3, sortedJson } from '../merge3';
import { dryRunOf, notFoundMapping, objectNamespace, printResult } from './util';

export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/** The manifest with its own last-applied annotation, as GetModifiedConfiguration builds it. */
export function withLastApplied(obj: KObject, namespace: string | undefined): KObject {
  const o = deepClone(obj);
  o.metadata = o.metadata ?? {};
  if (namespace) o.metadata.namespace = namespace;
  const anns = { ...(o.metadata.annotations ?? {}) };
  delete anns[LAST_APPLIED];
  o.metadata.annotations = anns;
  const json = sortedJson(o) + '\n';
  o.metadata.annotations = { ...anns, [LAST_APPLIED]: json };
  return o;
}

export const applyCommand: Command = {
  name: 'apply',
  flags: [
    ...FILE_FLAGS,
    ...OUTPUT_FLAGS,
    DRY_RUN,
    { name: 'server-side', type: 'bool', default: false },
    { name: 'force-conflicts', type: 'bool', default: false },
    { name: 'field-manager', type: 'string', default: 'kubectl-client-side-apply' },
    { name: 'validate', type: 'string', default: 'strict' },
    { name: 'prune', type: 'bool', default: false },
    { name: 'selector', short: 'l', type: 'string', default: '' },
    { name: 'force', type: 'bool', default: false },
    { name: 'overwrite', type: 'bool', default: true },
    { name: 'wait', type: 'bool', default: false },
    { name: 'record', type: 'bool', default: false },
  ],
  run(ctx) {
    const files = ctx.flag<string[]>('filename');
    if (ctx.flag<string>('kustomize')) return ctx.fail('kustomize is not available in this sandbox; apply the files with -f');
    if (!files.length) return ctx.fail('must specify one of -f and -k');
    if (ctx.p.set.has('record')) ctx.err('Flag --record has been deprecated, --record will be removed in the future\n');
    const dry = dryRunOf(ctx);
    if (typeof dry === 'object') return ctx.fail(dry.error);
    const loaded = loadFiles(files, ctx.io, ctx.flag('recursive'), 'apply');
    if ('error' in loaded) return ctx.fail(loaded.error);
    let code = 0;
    for (const m of loaded.items) {
      const r = applyOne(ctx, m.obj, m.source, dry);
      if (r !== 0) code = 1;
    }
    return code;
  },
};

function fieldValidation(ctx: Ctx): 'Strict' | 'Warn' | 'Ignore' {
  const v = ctx.flag<string>('validate');
  return v === 'false' || v === 'ignore' ? 'Ignore' : v === 'warn' ? 'Warn' : 'Strict';
}

function applyOne(ctx: Ctx, obj: KObject, source: string, dry: 'none' | 'client' | 'server'): number {
  const info = ctx.infoFor(obj);
  if (!info) return ctx.fail(notFoundMapping(obj, source));
  const ns = objectNamespace(ctx, info, obj);
  if (typeof ns === 'object') return ctx.fail(ns.error);
  const name = obj.metadata?.name;
  if (!name) {
    if (obj.metadata?.generateName) return ctx.fail(`from ${source}: cannot use generate name with apply`);
    return ctx.fail(`error when retrieving current configuration of:\nResource: "${info.group ? info.group + '/' : ''}${info.version}, Resource=${info.plural}", GroupVersionKind: "${obj.apiVersion}, Kind=${obj.kind}"\nName: "", Namespace: "${ns ?? ''}"\nfrom server for: "${source}": resource name may not be empty`);
  }
  const modified = withLastApplied(obj, ns);
  if (ctx.flag<boolean>('record')) modified.metadata.annotations = { ...(modified.metadata.annotations ?? {}), 'kubernetes.io/change-cause': ctx.commandLine() };
  const query = { fieldValidation: fieldValidation(ctx), fieldManager: ctx.flag<string>('field-manager'), ...(dry === 'server' ? { dryRun: 'All' as const } : {}) };
  if (ctx.flag<boolean>('server-side')) {
    const res = ctx.request(ctx.req(info, 'patch', { name, body: obj, patchType: 'apply', query: { ...query, fieldManager: ctx.p.set.has('field-manager') ? query.fieldManager : 'kubectl', force: ctx.flag<boolean>('force-conflicts') } }, ns));
    if (isStatus(res.body)) return ctx.status(res.body);
    return printResult(ctx, info, res.body as KObject, 'serverside-applied', dry);
  }
  const got = ctx.request(ctx.req(info, 'get', { name }, ns));
  if (isStatus(got.body)) {
    if (got.body.code !== 404) return ctx.status(got.body as Status);
    if (dry === 'client') return printResult(ctx, info, modified, 'created', dry);
    const res = ctx.request(ctx.req(info, 'create', { body: modified, query }, ns));
    if (isStatus(res.body)) return ctx.status(res.body, { verb: 'creating', file: source });
    return printResult(ctx, info, res.body as KObject, 'created', dry);
  }
  const current = got.body as KObject;
  const lastRaw = current.metadata.annotations?.[LAST_APPLIED];
  let original: unknown;
  if (lastRaw) {
    try {
      original = JSON.parse(lastRaw);
    } catch {
      original = undefined;
    }
  } else {
    ctx.err(
      `Warning: resource ${info.plural}/${name} is missing the ${LAST_APPLIED} annotation which is required by kubectl apply. kubectl apply should only be used on resources created declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will be patched automatically.\n`,
    );
  }
  const merged = merge3(original, modified, current, info.strategicMerge) as KObject;
  if (deepEqual(merged, current)) return printResult(ctx, info, current, 'unchanged', dry);
  if (dry === 'client') return printResult(ctx, info, merged, 'configured', dry);
  const res = ctx.request(ctx.req(info, 'update', { name, body: merged, query }, ns));
  if (isStatus(res.body)) {
    if (res.body.reason === 'Invalid') return ctx.status(res.body);
    const patch = JSON.stringify(diffMergePatch(current, merged));
    const st = { ...res.body };
    const gvr = `${info.group ? info.group + '/' : ''}${info.version}, Resource=${info.plural}`;
    st.message = `error when applying patch:\n${patch}\n\nto:\nResource: "${gvr}", GroupVersionKind: "${obj.apiVersion}, Kind=${obj.kind}"\nName: "${name}", Namespace: "${ns ?? ''}"\nfor: "${source}": error when patching "${source}": ${res.body.message}`;
    ctx.err(formatStatus(st));
    return 1;
  }
  return printResult(ctx, info, res.body as KObject, 'configured', dry);
}
