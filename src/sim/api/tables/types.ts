/**
 * meta.k8s.io/v1 Table: what the API server answers for `as=Table` requests, as in
 * k8s.io/apimachinery/pkg/apis/meta/v1/types.go (Table, TableColumnDefinition, TableRow).
 */
import type { KObject } from '../types';

export interface TableColumnDefinition {
  name: string;
  /** 'string' | 'integer' | 'number' | 'boolean' | 'date' */
  type: string;
  format: string;
  description: string;
  /** 0 = always shown, >0 = only with -o wide */
  priority: number;
}

export interface TableRow {
  cells: unknown[];
  object: KObject;
}

export interface Table {
  kind: 'Table';
  apiVersion: 'meta.k8s.io/v1';
  metadata: { resourceVersion?: string };
  columnDefinitions: TableColumnDefinition[];
  rows: TableRow[];
}

export interface TableContext {
  /** virtual time in ms since the epoch, for AGE cells */
  now: number;
}

/** One kind family's printer: columns plus a cell function per object. */
export interface Printer {
  columns: TableColumnDefinition[];
  cells(obj: KObject, ctx: TableContext): unknown[];
}
