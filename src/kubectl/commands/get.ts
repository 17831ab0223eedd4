/**
 * `kubectl get`: server-side tables laid out by kubectl, or objects in yaml/json/name/
 * jsonpath/custom-columns; selectors, -A, --show-labels, -L, --sort-by, and -w watch
 * (initial table, then one row per event with remembered column widths).
 */
import { apiResourceList } from '../../sim/api/discovery';
import { parseRoute } from '../../sim/api/routes';
import { toTable, type Table } from '../../sim/api/tables';
import { evaluate, parsePath } from '../../sim/api/tables/jsonpath';
import type { KindInfo } from '../../sim/api/registry';
import type { KList, KObject, Status, WatchEvent } from '../../sim/api/types';
import { FILE_FLAGS, OUTPUT_FLAGS, type Command } from '../command';
import { type Ctx, isStatus, resolveResourceArgs, type ResourceGroup } from '../context';
import { kindRef } from '../discovery';
import { formatStatus } from '../errors';
import { loadFiles } from '../manifest';
import { type OutputFormat, parseOutput, printObjects } from '../printers/objects';
import { tableRows } from '../printers/table';
import { TabWriter } from '../printers/tabwriter';

interface Fetched {
  info: KindInfo;
  table: Table;
  objects: KObject[];
  resourceVersion?: string;
}

/** A table from the server (as=Table), or computed locally if the server sent objects. */
export function asTable(ctx: Ctx, info: KindInfo, body: unknown): Table {
  const b = body as { kind?: string; items?: KObject[] };
  if (b && b.kind === 'Table') return body as Table;
  const items = b && Array.isArray(b.items) ? b.items : [body as KObject];
  return toTable(info, items, { now: ctx.now() });
}

function sortValue(o: KObject, path: string): unknown {
  let p = path.trim();
  if (p.startsWith('{') && p.endsWith('}')) p = p.slice(1, -1);
  if (!p.startsWith('.') && !p.startsWith('$')) p = '.' + p;
  const segs = parsePath(p);
  if (typeof segs === 'string') return undefined;
  return evaluate(o, segs)[0];
}

function compareValues(a: unknown, b: unknown): number {
  if (a === undefined && b === undefined) return 0;
  if (a === undefined) return -1;
  if (b === undefined) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const sa = typeof a === 'object' ? JSON.stringify(a) : String(a);
  const sb = typeof b === 'object' ? JSON.stringify(b) : String(b);
  // quantities and timestamps compare as kubectl's sorter does for their types
  const ta = Date.parse(sa);
  const tb = Date.parse(sb);
  if (/^\d{4}-\d\d-\d\dT/.test(sa) && /^\d{4}-\d\d-\d\dT/.test(sb) && !Number.isNaN(ta) && !Number.isNaN(tb)) return ta - tb;
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

export const getCommand: Command = {
  name: 'get',
  flags: [
    ...OUTPUT_FLAGS,
    ...FILE_FLAGS,
    { name: 'selector', short: 'l', type: 'string', default: '' },
    { name: 'field-selector', type: 'string', default: '' },
    { name: 'all-namespaces', short: 'A', type: 'bool', default: false },
    { name: 'show-labels', type: 'bool', default: false },
    { name: 'label-columns', short: 'L', type: 'stringSlice' },
    { name: 'sort-by', type: 'string', default: '' },
    { name: 'watch', short: 'w', type: 'bool', default: false },
    { name: 'watch-only', type: 'bool', default: false },
    { name: 'output-watch-events', type: 'bool', default: false },
    { name: 'no-headers', type: 'bool', default: false },
    { name: 'show-kind', type: 'bool', default: false },
    { name: 'ignore-not-found', type: 'bool', default: false },
    { name: 'chunk-size', type: 'int', default: 500 },
    { name: 'raw', type: 'string', default: '' },
    { name: 'subresource', type: 'string', default: '' },
  ],
  async run(ctx) {
    const raw = ctx.flag<string>('raw');
    if (raw) return getRaw(ctx, raw);
    const fmt = parseOutput(ctx.flag('output'));
    if ('error' in fmt) return ctx.fail(fmt.error);
    const files = ctx.flag<string[]>('filename');
    const allNs = ctx.flag<boolean>('all-namespaces');
    let groups: (ResourceGroup & { ns?: string })[];
    if (files.length) {
      const r = loadFiles(files, ctx.io, ctx.flag('recursive'), 'get');
      if ('error' in r) return ctx.fail(r.error);
      groups = [];
      for (const m of r.items) {
        const info = ctx.infoFor(m.obj);
        if (!info) return ctx.fail(`resource mapping not found for name: "${m.obj.metadata?.name ?? ''}" namespace: "${m.obj.metadata?.namespace ?? ''}" from "${m.source}": no matches for kind "${m.obj.kind}" in version "${m.obj.apiVersion}"\nensure CRDs are installed first`);
        groups.push({ info, names: [m.obj.metadata.name ?? ''], ns: m.obj.metadata.namespace });
      }
    } else {
      if (ctx.p.args.length === 0) {
        ctx.out('You must specify the type of resource to get. Use "kubectl api-resources" for a complete list of supported resources.\n\n');
        ctx.err(
          'error: Required resource not specified.\nUse "kubectl explain <resource>" for a detailed description of that resource (e.g. kubectl explain pods).\nSee \'kubectl get -h\' for help and examples\n',
        );
        return 1;
      }
      const r = resolveResourceArgs(ctx, ctx.p.args);
      if ('error' in r) return ctx.fail(r.error);
      groups = r;
    }
    const selector = ctx.flag<string>('selector');
    const fieldSelector = ctx.flag<string>('field-selector');
    if (groups.some((g) => g.names) && (selector || fieldSelector) && !files.length)
      return ctx.fail('selectors and the all namespaces flag cannot be used when passing resource/name arguments');
    const multiKind = new Set(groups.map((g) => g.info)).size > 1 || ctx.flag<boolean>('show-kind');
    const wantTable = fmt.kind === 'table';
    const fetched: Fetched[] = [];
    const errors: string[] = [];
    const query = (): Record<string, unknown> => {
      const q: Record<string, unknown> = {};
      if (selector) q.labelSelector = selector;
      if (fieldSelector) q.fieldSelector = fieldSelector;
      if (wantTable) {
        q.as = 'Table';
        q.includeObject = 'Object';
      }
      return q;
    };
    for (const g of groups) {
      let f = fetched.find((x) => x.info === g.info && !g.names);
      if (!f) {
        f = { info: g.info, table: { kind: 'Table', apiVersion: 'meta.k8s.io/v1', metadata: {}, columnDefinitions: [], rows: [] }, objects: [] };
        fetched.push(f);
      }
      if (g.names) {
        for (const name of g.names) {
          const res = ctx.request(ctx.req(g.info, 'get', { name, query: wantTable ? { as: 'Table', includeObject: 'Object' } : {} }, g.ns));
          if (isStatus(res.body)) {
            if (res.body.code === 404 && ctx.flag<boolean>('ignore-not-found')) continue;
            errors.push(formatStatus(res.body));
            continue;
          }
          if (wantTable) {
            const t = asTable(ctx, g.info, res.body);
            f.table.columnDefinitions = t.columnDefinitions;
            f.table.rows.push(...t.rows);
            f.objects.push(...t.rows.map((r) => r.object));
          } else f.objects.push(res.body as KObject);
        }
      } else {
        const r = ctx.req(g.info, 'list', { query: query() });
        if (allNs) delete r.namespace;
        const res = ctx.request(r);
        if (isStatus(res.body)) {
          errors.push(formatStatus(listContext(res.body, g.info, selector, fieldSelector)));
          continue;
        }
        f.resourceVersion = (res.body as KList).metadata?.resourceVersion;
        if (wantTable) {
          f.table = asTable(ctx, g.info, res.body);
          f.objects = f.table.rows.map((row) => row.object);
        } else f.objects = (res.body as KList).items;
      }
    }
    const sortBy = ctx.flag<string>('sort-by');
    if (sortBy) {
      for (const f of fetched) {
        const idx = f.objects.map((o, i) => ({ o, i, v: sortValue(o, sortBy) }));
        idx.sort((a, b) => compareValues(a.v, b.v) || a.i - b.i);
        if (wantTable && f.table.rows.length === f.objects.length) f.table.rows = idx.map((x) => f.table.rows[x.i]);
        f.objects = idx.map((x) => x.o);
      }
    }
    const watching = ctx.flag<boolean>('watch') || ctx.flag<boolean>('watch-only');
    const writer = new TabWriter(6, 3, watching);
    const tableOpts = (info: KindInfo) => ({
      wide: fmt.kind === 'table' && fmt.wide,
      withNamespace: allNs && info.namespaced,
      kindPrefix: multiKind ? kindRef(info) : undefined,
      showLabels: ctx.flag<boolean>('show-labels'),
      labelColumns: ctx.flag<string[]>('label-columns'),
      noHeaders: ctx.flag<boolean>('no-headers'),
    });
    const total = fetched.reduce((n, f) => n + f.objects.length, 0);
    if (!ctx.flag<boolean>('watch-only')) {
      if (wantTable) {
        let first = true;
        for (const f of fetched) {
          if (f.table.rows.length === 0) continue;
          const opts = { ...tableOpts(f.info), eventTypes: ctx.flag<boolean>('output-watch-events') ? f.table.rows.map(() => 'ADDED') : undefined };
          const { header, rows } = tableRows(f.table, opts);
          if (!first) writer.write('\n');
          first = false;
          if (!opts.noHeaders) writer.write(header.join('\t') + '\n');
          for (const r of rows) writer.write(r.join('\t') + '\n');
        }
        ctx.out(writer.flush());
      } else {
        const items = fetched.flatMap((f) => f.objects.map((obj) => ({ info: f.info, obj })));
        const single = groups.length === 1 && !!groups[0].names && groups[0].names.length === 1 && !files.length;
        const singleFile = files.length > 0 && items.length === 1;
        const r = printObjects(fmt as OutputFormat, items, {
          single: (single || singleFile) && items.length === 1,
          showManagedFields: ctx.flag('show-managed-fields'),
          noHeaders: ctx.flag('no-headers'),
        });
        if ('error' in r) return ctx.fail(r.error);
        ctx.out(r.out);
      }
    }
    for (const e of errors) ctx.err(e);
    if (total === 0 && errors.length === 0 && wantTable && !watching && !groups.some((g) => g.names)) {
      const namespaced = groups.some((g) => g.info.namespaced);
      ctx.err(namespaced && !allNs ? `No resources found in ${ctx.namespace} namespace.\n` : 'No resources found\n');
    }
    if (!watching) return errors.length ? 1 : 0;
    if (fetched.length !== 1) return ctx.fail('you may only specify a single resource type');
    return watch(ctx, fetched[0], groups[0], fmt, writer, tableOpts(fetched[0].info), allNs);
  },
};

async function watch(
  ctx: Ctx,
  f: Fetched,
  g: ResourceGroup & { ns?: string },
  fmt: OutputFormat,
  writer: TabWriter,
  opts: ReturnType<typeof Object>,
  allNs: boolean,
): Promise<number> {
  const q: Record<string, unknown> = {};
  const selector = ctx.flag<string>('selector');
  const fieldSelector = ctx.flag<string>('field-selector');
  if (selector) q.labelSelector = selector;
  if (fieldSelector) q.fieldSelector = fieldSelector;
  if (g.names?.length === 1) q.fieldSelector = `metadata.name=${g.names[0]}`;
  if (f.resourceVersion) q.resourceVersion = f.resourceVersion;
  const req = ctx.req(f.info, 'watch', { query: q }, g.ns);
  if (allNs) delete req.namespace;
  const showEvents = ctx.flag<boolean>('output-watch-events');
  let headerPrinted = !ctx.flag<boolean>('watch-only') && f.objects.length > 0;
  let failed = 0;
  const handle = ctx.client.watch(req, (e: WatchEvent) => {
    if (e.type === 'BOOKMARK') return;
    if (e.type === 'ERROR') {
      if (isStatus(e.object)) ctx.err(formatStatus(e.object));
      failed = 1;
      return;
    }
    const obj = e.object as KObject;
    if (g.names && g.names.length === 1 && obj.metadata.name !== g.names[0]) return;
    if (fmt.kind === 'table') {
      const t = toTable(f.info, [obj], { now: ctx.now() });
      const { header, rows } = tableRows(t, { ...(opts as object), eventTypes: showEvents ? [e.type] : undefined });
      if (!headerPrinted && !(opts as { noHeaders?: boolean }).noHeaders) writer.write(header.join('\t') + '\n');
      headerPrinted = true;
      writer.write(rows[0].join('\t') + '\n');
      ctx.out(writer.flush());
    } else {
      const r = printObjects(fmt, [{ info: f.info, obj }], { single: true, showManagedFields: ctx.flag('show-managed-fields') });
      if ('out' in r) ctx.out(fmt.kind === 'yaml' ? `---\n${r.out}` : r.out);
    }
  });
  const limit = ctx.io.interactive ? Infinity : ctx.io.streamLimitMs ?? 60_000;
  let waited = 0;
  while (!ctx.io.cancelled() && waited < limit && !failed) {
    await ctx.io.sleep(1000);
    waited += 1000;
  }
  handle.stop();
  return failed;
}

/**
 * The resource builder's selector visitor adds what was listed to a BadRequest or
 * NotFound (kubectl pkg/resource/selector.go), keeping it an API error.
 */
function listContext(st: Status, info: KindInfo, selector?: string, fieldSelector?: string): Status {
  if (st.code !== 400 && st.code !== 404) return st;
  const gvr = `${info.group}/${info.version}, Resource=${info.plural}`;
  const message =
    !selector && !fieldSelector
      ? `Unable to list ${JSON.stringify(gvr)}: ${st.message}`
      : `Unable to find ${JSON.stringify(gvr)} that match label selector ${JSON.stringify(selector ?? '')}, field selector ${JSON.stringify(fieldSelector ?? '')}: ${st.message}`;
  return { ...st, message };
}

/** `kubectl get --raw PATH`: the body the API server answers, as it sends it. */
function getRaw(ctx: Ctx, path: string): number {
  if (!path.startsWith('/')) return ctx.fail(`--raw must be a valid URL path: parse ${JSON.stringify(path)}: invalid URI for request`);
  const url = new URL(path, 'http://apiserver');
  const gv = /^\/(?:api\/(v[^/]+)|apis\/([^/]+)\/([^/]+))\/?$/.exec(url.pathname);
  if (gv) {
    const list = apiResourceList(ctx.reg, gv[1] ? '' : gv[2], gv[1] ?? gv[3]);
    if (list) {
      ctx.out(JSON.stringify(list));
      return 0;
    }
  }
  const route = parseRoute('GET', url, {}, undefined);
  if (route && !route.watch) {
    const res = ctx.request(route.req);
    if (isStatus(res.body) && res.code >= 400) {
      ctx.err(`${formatStatus(res.body)}`);
      return 1;
    }
    ctx.out(typeof res.body === 'string' ? res.body : JSON.stringify(res.body));
    return 0;
  }
  if (/^\/(healthz|livez|readyz)(\?.*)?$/.test(path)) {
    ctx.out('ok');
    return 0;
  }
  if (path === '/version') {
    ctx.out(JSON.stringify({ major: '1', minor: '32', gitVersion: 'v1.32.0', gitCommit: '70d3cc986aa8221cd1dfb1121852688902d3bf53', gitTreeState: 'clean', buildDate: '2024-12-11T17:58:19Z', goVersion: 'go1.23.3', compiler: 'gc', platform: 'linux/amd64' }, null, 2) + '\n');
    return 0;
  }
  ctx.err('Error from server (NotFound): the server could not find the requested resource\n');
  return 1;
}
