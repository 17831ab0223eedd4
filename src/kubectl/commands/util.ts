/** Steps shared by the mutating verbs: dry-run flags, result lines, printing results. */
import type { KindInfo } from '../../sim/api/registry';
import type { KObject } from '../../sim/api/types';
import { loadFiles } from '../manifest';
import type { Ctx } from '../context';
import { kindRef } from '../discovery';
import { parseOutput, printObjects } from '../printers/objects';

export type DryRun = 'none' | 'client' | 'server';

export function dryRunOf(ctx: Ctx): DryRun | { error: string } {
  const v = (ctx.p.flags['dry-run'] as string | undefined) ?? 'none';
  if (v === 'none' || v === 'false' || v === '') return 'none';
  if (v === 'client' || v === 'true' || v === 'unchanged') return 'client';
  if (v === 'server') return 'server';
  return { error: `Invalid dry-run value (${v}). Must be "none", "server", or "client".` };
}

export function dryRunSuffix(d: DryRun): string {
  return d === 'client' ? ' (dry run)' : d === 'server' ? ' (server dry run)' : '';
}

/** `deployment.apps/web created`, or the object in the -o format asked for. */
export function printResult(ctx: Ctx, info: KindInfo, obj: KObject, verb: string, dry: DryRun = 'none'): number {
  const o = (ctx.p.flags.output as string | undefined) ?? '';
  if (o) {
    const fmt = parseOutput(o);
    if ('error' in fmt) return ctx.fail(fmt.error);
    if (fmt.kind === 'name') {
      ctx.out(`${kindRef(info)}/${obj.metadata.name}\n`);
      return 0;
    }
    if (fmt.kind !== 'table') {
      const r = printObjects(fmt, [{ info, obj }], { single: true, showManagedFields: !!ctx.p.flags['show-managed-fields'] });
      if ('error' in r) return ctx.fail(r.error);
      ctx.out(r.out);
      return 0;
    }
  }
  ctx.out(`${kindRef(info)}/${obj.metadata.name} ${verb}${dryRunSuffix(dry)}\n`);
  return 0;
}

export function notFoundMapping(obj: KObject, source: string): string {
  return `resource mapping not found for name: "${obj.metadata?.name ?? ''}" namespace: "${obj.metadata?.namespace ?? ''}" from "${source}": no matches for kind "${obj.kind}" in version "${obj.apiVersion}"\nensure CRDs are installed first`;
}

/** The namespace an object from a file goes to, or an error when -n disagrees. */
export function objectNamespace(ctx: Ctx, info: KindInfo, obj: KObject): string | { error: string } | undefined {
  if (!info.namespaced) return undefined;
  const ns = obj.metadata?.namespace;
  if (ns && ctx.explicitNamespace && ns !== ctx.namespace)
    return {
      error: `the namespace from the provided object "${ns}" does not match the namespace "${ctx.namespace}". You must pass '--namespace=${ns}' to perform this operation.`,
    };
  return ns || ctx.namespace;
}

/**
 * Loads `-f` manifests and calls `fn` for each with its kind and namespace, printing the
 * mapping and namespace errors kubectl prints; returns the combined exit status.
 */
export function eachManifest(
  ctx: Ctx,
  verb: string,
  fn: (m: { obj: KObject; source: string }, info: KindInfo, ns: string | undefined) => number,
): number {
  const loaded = loadFiles(ctx.p.flags.filename as string[], ctx.io, !!ctx.p.flags.recursive, verb);
  if ('error' in loaded) return ctx.fail(loaded.error);
  let code = 0;
  for (const m of loaded.items) {
    const info = ctx.infoFor(m.obj);
    if (!info) {
      code = ctx.fail(notFoundMapping(m.obj, m.source));
      continue;
    }
    const ns = objectNamespace(ctx, info, m.obj);
    if (typeof ns === 'object') {
      code = ctx.fail(ns.error);
      continue;
    }
    code = fn(m, info, ns) || code;
  }
  return code;
}
