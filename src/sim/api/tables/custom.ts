/**
 * Tables for kinds without a dedicated printer: CRD additionalPrinterColumns (simple
 * JSONPath, `date` columns shown as ages, as apiextensions-apiserver's tableconvertor
 * does), `NAME AGE` for custom resources without columns, and the server's default
 * `NAME CREATED AT` table for built-in kinds without a printer.
 */
import type { KindInfo } from '../registry';
import type { KObject } from '../types';
import { age } from './duration';
import { AGE, NAME, col } from './common';
import { query } from './jsonpath';
import type { Printer } from './types';

function cell(obj: KObject, path: string, type: string, now: number): unknown {
  const vals = query(obj, path);
  if (vals.length === 0 || vals[0] === undefined || vals[0] === null) return type === 'date' ? '<unknown>' : '<none>';
  if (type === 'date') return age(vals[0], now);
  const v = vals.length === 1 ? vals[0] : vals;
  if (typeof v === 'object') return JSON.stringify(v);
  return v;
}

export function customPrinter(info: KindInfo): Printer {
  const pcs = info.printerColumns ?? [];
  if (pcs.length === 0) {
    return { columns: [NAME, AGE], cells: (o, ctx) => [o.metadata.name, age(o.metadata.creationTimestamp, ctx.now)] };
  }
  return {
    columns: [NAME, ...pcs.map((p) => ({ name: p.name, type: p.type, format: p.format ?? '', description: p.description ?? '', priority: p.priority ?? 0 }))],
    cells: (o, ctx) => [o.metadata.name, ...pcs.map((p) => cell(o, p.jsonPath ?? '', p.type, ctx.now))],
  };
}

export const defaultPrinter: Printer = {
  columns: [NAME, col('Created At', 'date')],
  cells: (o) => [o.metadata.name, o.metadata.creationTimestamp ?? '<unknown>'],
};
