/**
 * `kubectl diff -f`: the live objects against what `apply` would make of them, as a
 * unified diff (`diff -u -N`); exit status 1 when something differs.
 */
import type { KObject } from '../../sim/api/types';
import { FILE_FLAGS, type Command } from '../command';
import { isStatus } from '../context';
import { loadFiles } from '../manifest';
import { merge3 } from '../merge3';
import { hideManagedFields, toYaml } from '../printers/format';
import { LAST_APPLIED, withLastApplied } from './apply';
import { notFoundMapping, objectNamespace } from './util';

/** Unified diff of two texts with three lines of context. */
export function unifiedDiff(a: string, b: string, nameA: string, nameB: string, stamp: string): string {
  const x = a ? a.replace(/\n$/, '').split('\n') : [];
  const y = b ? b.replace(/\n$/, '').split('\n') : [];
  const n = x.length;
  const m = y.length;
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) lcs[i][j] = x[i] === y[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  const ops: { t: ' ' | '-' | '+'; s: string; i: number; j: number }[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && x[i] === y[j]) ops.push({ t: ' ', s: x[i], i: i++, j: j++ });
    else if (i < n && (j >= m || lcs[i + 1][j] >= lcs[i][j + 1])) ops.push({ t: '-', s: x[i], i: i++, j });
    else ops.push({ t: '+', s: y[j], i, j: j++ });
  }
  if (!ops.some((o) => o.t !== ' ')) return '';
  let out = `--- ${nameA}\t${stamp}\n+++ ${nameB}\t${stamp}\n`;
  let k = 0;
  while (k < ops.length) {
    if (ops[k].t === ' ') {
      k++;
      continue;
    }
    let start = Math.max(0, k - 3);
    let end = k;
    // extend the hunk while changes are within 6 lines of each other
    for (;;) {
      while (end < ops.length && ops[end].t !== ' ') end++;
      let next = end;
      while (next < ops.length && ops[next].t === ' ' && next - end < 7) next++;
      if (next < ops.length && ops[next].t !== ' ' && next - end < 7) end = next;
      else break;
    }
    const stop = Math.min(ops.length, end + 3);
    const hunk = ops.slice(start, stop);
    const aStart = hunk[0].i + 1;
    const bStart = hunk[0].j + 1;
    const aLen = hunk.filter((o) => o.t !== '+').length;
    const bLen = hunk.filter((o) => o.t !== '-').length;
    out += `@@ -${aLen ? aStart : aStart - 1},${aLen} +${bLen ? bStart : bStart - 1},${bLen} @@\n`;
    for (const o of hunk) out += `${o.t}${o.s}\n`;
    k = stop;
    start = stop;
  }
  return out;
}

export const diffCommand: Command = {
  name: 'diff',
  flags: [...FILE_FLAGS, { name: 'server-side', type: 'bool', default: false }, { name: 'field-manager', type: 'string', default: 'kubectl-client-side-apply' }, { name: 'force-conflicts', type: 'bool', default: false }, { name: 'prune', type: 'bool', default: false }, { name: 'selector', short: 'l', type: 'string', default: '' }, { name: 'show-managed-fields', type: 'bool', default: false }, { name: 'concurrency', type: 'int', default: 1 }],
  run(ctx) {
    const files = ctx.flag<string[]>('filename');
    if (!files.length) return ctx.usage('must specify one of -f and -k');
    const loaded = loadFiles(files, ctx.io, ctx.flag('recursive'), 'diff');
    if ('error' in loaded) return ctx.fail(loaded.error);
    let text = '';
    const stamp = new Date(ctx.now()).toISOString().replace('T', ' ').replace(/\.(\d{3})Z$/, '.$1000000 +0000');
    for (const m of loaded.items) {
      const info = ctx.infoFor(m.obj);
      if (!info) return ctx.fail(notFoundMapping(m.obj, m.source));
      const ns = objectNamespace(ctx, info, m.obj);
      if (typeof ns === 'object') return ctx.fail(ns.error);
      const name = m.obj.metadata.name!;
      const got = ctx.request(ctx.req(info, 'get', { name }, ns));
      const modified = withLastApplied(m.obj, ns);
      let live = '';
      let merged: KObject;
      if (isStatus(got.body)) {
        if (got.body.code !== 404) return ctx.status(got.body);
        const dry = ctx.request(ctx.req(info, 'create', { body: modified, query: { dryRun: 'All', fieldValidation: 'Strict' } }, ns));
        if (isStatus(dry.body)) return ctx.status(dry.body, { verb: 'creating', file: m.source });
        merged = dry.body as KObject;
      } else {
        const cur = got.body as KObject;
        live = toYaml(strip(cur));
        const last = cur.metadata.annotations?.[LAST_APPLIED];
        const original = last ? JSON.parse(last) : undefined;
        const m3 = merge3(original, modified, cur, info.strategicMerge) as KObject;
        const dry = ctx.request(ctx.req(info, 'update', { name, body: m3, query: { dryRun: 'All', fieldValidation: 'Strict' } }, ns));
        if (isStatus(dry.body)) return ctx.status(dry.body);
        merged = dry.body as KObject;
      }
      const file = `${info.group ? info.group + '.' : ''}${info.version}.${info.kind}.${ns ? ns + '.' : ''}${name}`;
      const d = unifiedDiff(live, toYaml(strip(merged)), `/tmp/LIVE-2480497407/${file}`, `/tmp/MERGED-1405066380/${file}`, stamp);
      if (d) text += `diff -u -N /tmp/LIVE-2480497407/${file} /tmp/MERGED-1405066380/${file}\n${d}`;
    }
    ctx.out(text);
    return text ? 1 : 0;
  },
};

function strip(o: KObject): KObject {
  const x = hideManagedFields(o) as KObject & { metadata: Record<string, unknown> };
  // resourceVersion moves with every dry run; it is noise in a diff
  const meta = { ...x.metadata };
  delete meta.resourceVersion;
  return { ...x, metadata: meta } as KObject;
}
