/**
 * `kubectl apply -f -` for the editor's Apply button and for lab solution files: applies
 * each YAML document through the request interface and turns YAML and server errors into
 * markers on the lines that caused them.
 */
import { LineCounter, parseAllDocuments, isMap, isSeq, isScalar, type Node as YNode, type Document } from 'yaml';
import type { KObject, Status } from '../sim/api/types';
import type { ClusterLike } from './cluster-like';
import type { ApplyMarker, ApplyResult } from './protocol';

function isStatus(x: unknown): x is Status {
  return !!x && typeof x === 'object' && (x as { kind?: unknown }).kind === 'Status';
}

/** `spec.containers[0].image` → ['spec','containers',0,'image'] */
export function splitFieldPath(path: string): (string | number)[] {
  const out: (string | number)[] = [];
  for (const m of path.matchAll(/([^.[\]]+)|\[(\d+)\]|\[([^\]]*)\]/g)) {
    if (m[2] !== undefined) out.push(Number(m[2]));
    else if (m[3] !== undefined) out.push(m[3]);
    else out.push(m[1]);
  }
  return out;
}

/** The source range of the deepest node along `path` (the key itself when the last step is a map key). */
function locate(doc: Document, path: (string | number)[]): [number, number] | undefined {
  let node: unknown = doc.contents;
  let range: [number, number] | undefined = (doc.contents as YNode | null)?.range ? [(doc.contents as YNode).range![0], (doc.contents as YNode).range![1]] : undefined;
  for (const step of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(step));
      if (!pair) break;
      const k = pair.key as YNode;
      if (k.range) range = [k.range[0], k.range[1]];
      node = pair.value;
    } else if (isSeq(node) && typeof step === 'number') {
      const item = node.items[step] as YNode | undefined;
      if (!item) break;
      if (item.range) range = [item.range[0], item.range[1]];
      node = item;
    } else if (isSeq(node) && typeof step === 'string') {
      // Strategic-merge keys such as containers[name=web] are not positional: find by name.
      const item = node.items.find((i) => isMap(i) && String((i as { get(k: string): unknown }).get('name')) === step) as YNode | undefined;
      if (!item) break;
      if (item.range) range = [item.range[0], item.range[1]];
      node = item;
    } else break;
  }
  return range;
}

function marker(lc: LineCounter, range: [number, number] | undefined, message: string): ApplyMarker {
  const start = lc.linePos(range?.[0] ?? 0);
  let end = lc.linePos(range?.[1] ?? range?.[0] ?? 0);
  if (end.line !== start.line) end = { line: start.line, col: start.col + 200 };
  return { line: start.line, column: start.col, endLine: end.line, endColumn: Math.max(end.col, start.col + 1), message };
}

/** Fields a Status names: its causes, or `unknown field "x"` in a strict-decoding message. */
function fieldsOf(st: Status): { field: string; message: string }[] {
  const out: { field: string; message: string }[] = [];
  for (const c of st.details?.causes ?? []) if (c.field) out.push({ field: c.field, message: c.message ?? st.message ?? '' });
  for (const m of (st.message ?? '').matchAll(/unknown field "([^"]+)"/g)) out.push({ field: m[1], message: `unknown field "${m[1]}"` });
  for (const m of (st.message ?? '').matchAll(/duplicate field "([^"]+)"/g)) out.push({ field: m[1], message: `duplicate field "${m[1]}"` });
  return out;
}

function resourceRef(kind: string, group: string, name: string): string {
  return `${kind.toLowerCase()}${group ? '.' + group : ''}/${name}`;
}

/** kubectl's wording for a server error during apply. */
function serverError(st: Status, verb: 'creating' | 'patching', obj: KObject): string {
  if (st.reason === 'Invalid') return `The ${st.details?.kind ?? obj.kind} "${st.details?.name ?? obj.metadata?.name}" is invalid: ${st.message?.replace(/^.*? is invalid: /, '')}`;
  const reason = st.reason && st.reason !== 'Failure' ? st.reason : 'Failure';
  return `Error from server (${reason}): error when ${verb} "STDIN": ${st.message}`;
}

export function applyYaml(cluster: ClusterLike, text: string, defaultNamespace = 'default'): ApplyResult {
  const lc = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lc, keepSourceTokens: false });
  const lines: string[] = [];
  const markers: ApplyMarker[] = [];
  let ok = true;
  const list = Array.isArray(docs) ? docs : [];
  if (!Array.isArray(docs)) {
    return { ok: false, output: 'error: no objects passed to apply', markers: [] };
  }
  for (const doc of list) {
    if (doc.errors.length) {
      ok = false;
      for (const e of doc.errors) {
        const msg = e.message.split('\n')[0];
        lines.push(`error: error parsing STDIN: error converting YAML to JSON: yaml: ${msg}`);
        markers.push(marker(lc, [e.pos[0], e.pos[1]], msg));
      }
      continue;
    }
    const obj = doc.toJS() as KObject | null;
    if (obj === null || obj === undefined) continue;
    if (typeof obj !== 'object' || Array.isArray(obj)) {
      ok = false;
      lines.push('error: error validating "STDIN": error validating data: invalid object to validate');
      markers.push(marker(lc, (doc.contents as YNode | null)?.range as [number, number] | undefined, 'expected a Kubernetes object (a mapping with apiVersion and kind)'));
      continue;
    }
    const missing = ['apiVersion', 'kind'].filter((k) => !obj[k]);
    if (missing.length) {
      ok = false;
      lines.push(`error: error validating "STDIN": error validating data: [${missing.map((k) => `${k} not set`).join(', ')}]; if you choose to ignore these errors, turn validation off with --validate=false`);
      markers.push(marker(lc, (doc.contents as YNode | null)?.range as [number, number] | undefined, missing.map((k) => `${k} not set`).join(', ')));
      continue;
    }
    const info = cluster.api.kinds.forObject(obj);
    if (!info) {
      ok = false;
      lines.push(
        `error: resource mapping not found for name: "${obj.metadata?.name ?? ''}" namespace: "${obj.metadata?.namespace ?? ''}" from "STDIN": no matches for kind "${obj.kind}" in version "${obj.apiVersion}"\nensure CRDs are installed first`,
      );
      markers.push(marker(lc, locate(doc, ['kind']), `no matches for kind "${obj.kind}" in version "${obj.apiVersion}"`));
      continue;
    }
    const name = obj.metadata?.name;
    const namespace = info.namespaced ? (obj.metadata?.namespace ?? defaultNamespace) : undefined;
    const base = { group: info.group, version: info.version, resource: info.plural, namespace };
    const query = { fieldValidation: 'Strict' as const, fieldManager: 'kubectl-client-side-apply' };
    const existing = name ? cluster.request({ verb: 'get', ...base, name }) : undefined;
    let res;
    let verb: 'creating' | 'patching' = 'creating';
    if (!existing || existing.code === 404) {
      res = cluster.request({ verb: 'create', ...base, body: obj, query });
    } else if (existing.code >= 400) {
      res = existing;
    } else {
      verb = 'patching';
      res = cluster.request({ verb: 'patch', ...base, name, patchType: 'merge', body: obj, query });
    }
    if (res.code >= 400 && isStatus(res.body)) {
      ok = false;
      const st = res.body;
      lines.push(serverError(st, verb, obj));
      const fields = fieldsOf(st);
      if (fields.length === 0) markers.push(marker(lc, locate(doc, ['metadata', 'name']) ?? locate(doc, ['kind']), st.message ?? 'error'));
      for (const f of fields) markers.push(marker(lc, locate(doc, splitFieldPath(f.field)), `${f.field}: ${f.message}`));
      continue;
    }
    for (const w of res.warnings ?? []) lines.push(`Warning: ${w}`);
    const saved = res.body as KObject;
    const ref = resourceRef(info.kind, info.group, saved?.metadata?.name ?? name ?? '');
    if (verb === 'creating') lines.push(`${ref} created`);
    else {
      const before = (existing!.body as KObject).metadata?.resourceVersion;
      lines.push(`${ref} ${saved?.metadata?.resourceVersion === before ? 'unchanged' : 'configured'}`);
    }
  }
  if (lines.length === 0) {
    return { ok: false, output: 'error: no objects passed to apply', markers };
  }
  return { ok, output: lines.join('\n'), markers };
}
