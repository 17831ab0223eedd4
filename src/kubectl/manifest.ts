/**
 * Reading manifests as kubectl's resource builder does: files, folders (.yaml, .yml,
 * .json), stdin (`-`), multi-document YAML, `List` kinds flattened, and go-yaml's error
 * messages and line numbers for broken YAML (the `yaml` package reports different
 * wording and positions, so they are translated here).
 */
import { parseAllDocuments, type YAMLError } from 'yaml';
import type { KObject } from '../sim/api/types';
import type { KubectlIO } from './types';

export interface Manifest {
  obj: KObject;
  /** file name as the user gave it, for messages (`web.yaml`, `STDIN`) */
  source: string;
}

export type LoadResult = { items: Manifest[] } | { error: string };

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

/** go-yaml's message and line for an error the `yaml` package found. */
function goYamlError(text: string, e: YAMLError): string {
  const lines = text.split('\n');
  const line = e.linePos?.[0]?.line ?? 1;
  const col = e.linePos?.[0]?.col ?? 1;
  switch (e.code) {
    case 'BLOCK_AS_IMPLICIT_KEY':
    case 'MULTILINE_IMPLICIT_KEY': {
      // go-yaml stops at the `:` that follows the scalar
      let l = line - 1;
      let from = col - 1;
      while (l < lines.length) {
        const idx = lines[l].slice(from).search(/:(\s|$)/);
        if (idx >= 0 && !(l === line - 1 && idx === 0 && from === 0)) break;
        l++;
        from = 0;
      }
      return `yaml: line ${Math.min(l, lines.length - 1) + 1}: mapping values are not allowed in this context`;
    }
    case 'TAB_AS_INDENT':
      return `yaml: line ${line}: found character that cannot start any token`;
    case 'BAD_INDENT':
    case 'UNEXPECTED_TOKEN':
    case 'MISSING_CHAR': {
      const flowOpen = lines.slice(0, line).map((s) => /[[{]/.test(s) && !/[\]}]/.test(s));
      const open = flowOpen.lastIndexOf(true);
      if (open >= 0 && /Flow|flow|\]|\}/.test(e.message)) {
        const closer = lines[open].includes('[') ? "',' or ']'" : "',' or '}'";
        return `yaml: line ${open + 1}: did not find expected ${closer}`;
      }
      // "did not find expected key", reported at the start of the enclosing mapping
      const bad = lines[line - 1] ?? '';
      const ind = indentOf(bad);
      let l = line - 2;
      while (l >= 0 && (lines[l].trim() === '' || indentOf(lines[l]) > ind)) l--;
      const start = l + 2;
      if (/sequence|'-'/.test(e.message)) return `yaml: line ${start}: did not find expected '-' indicator`;
      return `yaml: line ${Math.max(1, start)}: did not find expected key`;
    }
    case 'BAD_SCALAR_START':
      return `yaml: line ${line}: found character that cannot start any token`;
    case 'BAD_ALIAS':
      return `yaml: unknown anchor referenced`;
    default:
      return `yaml: line ${line}: did not find expected key`;
  }
}

/** Parses YAML or JSON text into objects; `List` kinds are flattened. */
export function parseManifests(text: string, source: string): LoadResult {
  const docs = parseAllDocuments(text, { uniqueKeys: false, prettyErrors: true });
  const items: Manifest[] = [];
  const list = Array.isArray(docs) ? docs : [docs];
  for (const doc of list) {
    const errs = (doc as { errors: YAMLError[] }).errors;
    if (errs.length) return { error: `error parsing ${source}: error converting YAML to JSON: ${goYamlError(text, errs[0])}` };
    const obj = (doc as { toJS(): unknown }).toJS();
    if (obj === null || obj === undefined) continue;
    if (typeof obj !== 'object' || Array.isArray(obj)) {
      return { error: `error validating "${source}": error validating data: [apiVersion not set, kind not set]; if you choose to ignore these errors, turn validation off with --validate=false` };
    }
    const o = obj as KObject;
    const missing = [!o.apiVersion && 'apiVersion not set', !o.kind && 'kind not set'].filter(Boolean) as string[];
    if (missing.length) {
      const m = missing.length === 1 ? missing[0] : `[${missing.join(', ')}]`;
      return { error: `error validating "${source}": error validating data: ${m}; if you choose to ignore these errors, turn validation off with --validate=false` };
    }
    if (o.kind.endsWith('List') && Array.isArray((o as { items?: unknown }).items)) {
      for (const it of (o as unknown as { items: KObject[] }).items) items.push({ obj: it, source });
    } else items.push({ obj: o, source });
  }
  return { items };
}

/** Reads every `-f` argument (file, folder, `-`). */
export function loadFiles(files: string[], io: KubectlIO, recursive = false, verb = 'apply'): LoadResult {
  const items: Manifest[] = [];
  for (const f of files) {
    if (f === '-') {
      const r = parseManifests(io.stdin ?? '', 'STDIN');
      if ('error' in r) return r;
      items.push(...r.items);
      continue;
    }
    if (/^https?:\/\//.test(f)) return { error: `unable to read URL "${f}", server reported 404 Not Found, status code=404` };
    const fs = io.fs;
    if (fs?.isDir(f)) {
      const names = (fs.list(f) ?? []).slice().sort();
      for (const n of names) {
        const p = `${f.replace(/\/$/, '')}/${n}`;
        if (fs.isDir(p)) {
          if (recursive) {
            const r = loadFiles([p], io, true);
            if ('error' in r) return r;
            items.push(...r.items);
          }
          continue;
        }
        if (!/\.(ya?ml|json)$/.test(n)) continue;
        const r = parseManifests(fs.read(p) ?? '', p);
        if ('error' in r) return r;
        items.push(...r.items);
      }
      continue;
    }
    const text = fs?.read(f);
    if (text === undefined) return { error: `the path "${f}" does not exist` };
    const r = parseManifests(text, f);
    if ('error' in r) return r;
    items.push(...r.items);
  }
  if (items.length === 0) return { error: `no objects passed to ${verb}` };
  return { items };
}
