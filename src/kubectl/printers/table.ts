/**
 * Lays out server-side Tables as kubectl's table printer does (cli-runtime
 * pkg/printers/tableprinter.go): upper-cased headers, wide-only columns, NAMESPACE first
 * with -A, `kind/name` when several kinds print, LABELS and -L columns.
 */
import type { Table } from '../../sim/api/tables';
import type { KObject } from '../../sim/api/types';

export interface TableOptions {
  wide?: boolean;
  noHeaders?: boolean;
  withNamespace?: boolean;
  /** prefix names with `kind[.group]/` */
  kindPrefix?: string;
  showLabels?: boolean;
  labelColumns?: string[];
  /** -w --output-watch-events: the event type per row */
  eventTypes?: string[];
}

export function cellText(v: unknown): string {
  if (v === null || v === undefined) return '<none>';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

function labelHeader(key: string): string {
  const parts = key.split('/');
  return parts[parts.length - 1].toUpperCase();
}

function labelsCell(o: KObject | undefined): string {
  const l = o?.metadata?.labels ?? {};
  const keys = Object.keys(l).sort();
  return keys.length ? keys.map((k) => `${k}=${l[k]}`).join(',') : '<none>';
}

/** Header and rows as cells, before tab layout. */
export function tableRows(t: Table, opts: TableOptions): { header: string[]; rows: string[][] } {
  const cols = t.columnDefinitions.map((c, i) => ({ c, i })).filter(({ c }) => opts.wide || c.priority === 0);
  const header: string[] = [];
  if (opts.eventTypes) header.push('EVENT');
  if (opts.withNamespace) header.push('NAMESPACE');
  header.push(...cols.map(({ c }) => c.name.toUpperCase()));
  for (const k of opts.labelColumns ?? []) header.push(labelHeader(k));
  if (opts.showLabels) header.push('LABELS');
  const rows = t.rows.map((r, ri) => {
    const row: string[] = [];
    if (opts.eventTypes) row.push(opts.eventTypes[ri] ?? '');
    if (opts.withNamespace) row.push(r.object?.metadata?.namespace ?? '');
    for (const { c, i } of cols) {
      let s = cellText(r.cells[i]);
      if (c.format === 'name' && opts.kindPrefix) s = `${opts.kindPrefix}/${s}`;
      row.push(s);
    }
    for (const k of opts.labelColumns ?? []) row.push(r.object?.metadata?.labels?.[k] ?? '');
    if (opts.showLabels) row.push(labelsCell(r.object));
    return row;
  });
  return { header, rows };
}
