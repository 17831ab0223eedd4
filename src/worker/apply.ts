/**
 * The editor's Apply button and lab solution files: the text goes through the kubectl
 * emulator's `kubectl apply -f -` (so output and semantics are kubectl's), and the errors
 * it prints are placed as markers on the lines of the documents that caused them.
 */
import { LineCounter, parseAllDocuments, isMap, isSeq, isScalar, type Node as YNode, type Document } from 'yaml';
import { createKubectl } from '../kubectl';
import type { ClusterLike } from './cluster-like';
import type { ApplyMarker, ApplyResult } from './protocol';

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

interface Doc {
  doc: Document;
  kind: string;
  name: string;
}

/** Field paths named in one kubectl error line, e.g. `spec.containers[0].image: Required value`. */
export function fieldsIn(line: string): { field: string; message: string }[] {
  const out: { field: string; message: string }[] = [];
  for (const m of line.matchAll(/(unknown|duplicate) field "([^"]+)"/g)) out.push({ field: m[2], message: `${m[1]} field "${m[2]}"` });
  const invalid = /is invalid: (.*)$/.exec(line)?.[1] ?? (/^\* (.*)$/.exec(line.trim())?.[1]);
  if (invalid) {
    // Several causes are joined with ", " before each field path.
    const re = /(?:^|, )((?:metadata|spec|data|stringData|binaryData|rules|subjects|roleRef|template|status|type|immutable)(?:\.[\w.\/-]+|\[[^\]]*\])*): /g;
    const hits = [...invalid.matchAll(re)];
    hits.forEach((h, i) => {
      const from = h.index! + h[0].length;
      const to = i + 1 < hits.length ? hits[i + 1].index! : invalid.length;
      out.push({ field: h[1], message: `${h[1]}: ${invalid.slice(from, to)}` });
    });
  }
  return out;
}

/** Runs `kubectl apply -f -` on the text and maps what it prints back onto lines. */
export async function applyYaml(cluster: ClusterLike, text: string): Promise<ApplyResult> {
  const lc = new LineCounter();
  const parsed = parseAllDocuments(text, { lineCounter: lc });
  const docs: Doc[] = [];
  const markers: ApplyMarker[] = [];
  for (const doc of Array.isArray(parsed) ? parsed : []) {
    for (const e of doc.errors) markers.push(marker(lc, [e.pos[0], e.pos[1]], e.message.split('\n')[0]));
    const js = doc.errors.length ? undefined : (doc.toJS() as { kind?: unknown; metadata?: { name?: unknown } } | null);
    docs.push({ doc, kind: String(js?.kind ?? ''), name: String(js?.metadata?.name ?? '') });
  }
  const kubectl = createKubectl({
    request: (r) => cluster.request(r),
    watch: (r, f) => cluster.watch(r, f),
    now: () => cluster.clock.now(),
    kinds: () => cluster.api.kinds.all(),
  });
  let output = '';
  const code = await kubectl.run(['apply', '-f', '-'], {
    out: (t) => (output += t),
    err: (t) => (output += t),
    stdin: text,
    sleep: async (ms) => cluster.clock.advance(ms),
    cancelled: () => false,
  });
  output = output.replace(/\n+$/, '');
  if (code !== 0 && markers.length === 0) markers.push(...errorMarkers(output, docs, lc));
  return { ok: code === 0, output, markers };
}

function errorMarkers(output: string, docs: Doc[], lc: LineCounter): ApplyMarker[] {
  const out: ApplyMarker[] = [];
  for (const line of output.split('\n')) {
    if (!/error|invalid|Error|^\s*\*/.test(line)) continue;
    const named = /The (\w+) "([^"]+)" is invalid/.exec(line) ?? /(?:for|name): "([^"]+)"/.exec(line);
    const kindMatch = /no matches for kind "([^"]+)"/.exec(line);
    const fields = fieldsIn(line);
    let candidates = docs;
    if (named && named.length === 3) candidates = docs.filter((d) => d.kind === named[1] && d.name === named[2]);
    else if (kindMatch) candidates = docs.filter((d) => d.kind === kindMatch[1]);
    if (kindMatch) {
      for (const d of candidates) out.push(marker(lc, locate(d.doc, ['kind']), `no matches for kind "${kindMatch[1]}"`));
      continue;
    }
    if (fields.length) {
      for (const f of fields) {
        const path = splitFieldPath(f.field);
        // The document whose YAML reaches deepest along the path is the one the error is about.
        const best = candidates
          .map((d) => ({ d, depth: depthOf(d.doc, path) }))
          .sort((a, b) => b.depth - a.depth)[0];
        if (best) out.push(marker(lc, locate(best.d.doc, path), f.message));
      }
      continue;
    }
    const d = candidates[0] ?? docs[0];
    if (d && /error/i.test(line)) out.push(marker(lc, locate(d.doc, ['metadata', 'name']) ?? locate(d.doc, ['kind']), line.replace(/^error: /, '')));
  }
  return out;
}

/** How many steps of `path` exist in the document. */
function depthOf(doc: Document, path: (string | number)[]): number {
  let node: unknown = doc.contents;
  let n = 0;
  for (const step of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(step));
      if (!pair) break;
      node = pair.value;
    } else if (isSeq(node) && typeof step === 'number' && node.items[step]) node = node.items[step];
    else break;
    n++;
  }
  return n;
}
