/**
 * Helpers shared by the per-kind printers: column definitions with the descriptions'
 * shape used by the server, and small accessors on untyped objects.
 */
import type { KObject } from '../types';
import type { TableColumnDefinition } from './types';

export function col(name: string, type = 'string', priority = 0, format = ''): TableColumnDefinition {
  return { name, type, format, description: '', priority };
}

export const NAME = col('Name', 'string', 0, 'name');
export const AGE = col('Age', 'string');

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Any = any;

export function spec(o: KObject): Any {
  return (o as Any).spec ?? {};
}
export function status(o: KObject): Any {
  return (o as Any).status ?? {};
}

export function num(v: unknown): number {
  return typeof v === 'number' ? v : 0;
}

/** `a,b` or `<none>`. */
export function listOrNone(xs: string[]): string {
  return xs.length ? xs.join(',') : '<none>';
}

/** A map as `k=v,k2=v2`, sorted by key (labels.Set.String), or `<none>`. */
export function mapString(m: Record<string, string> | undefined): string {
  if (!m) return '<none>';
  const keys = Object.keys(m).sort();
  return keys.length ? keys.map((k) => `${k}=${m[k]}`).join(',') : '<none>';
}

/** metav1.FormatLabelSelector. */
export function formatLabelSelector(sel: Any): string {
  if (!sel) return '<none>';
  const parts: string[] = [];
  const ml = sel.matchLabels ?? {};
  for (const k of Object.keys(ml).sort()) parts.push(`${k}=${ml[k]}`);
  for (const e of sel.matchExpressions ?? []) {
    const vals = [...(e.values ?? [])].sort();
    switch (e.operator) {
      case 'In':
        parts.push(`${e.key} in (${vals.join(',')})`);
        break;
      case 'NotIn':
        parts.push(`${e.key} notin (${vals.join(',')})`);
        break;
      case 'Exists':
        parts.push(e.key);
        break;
      case 'DoesNotExist':
        parts.push(`!${e.key}`);
        break;
    }
  }
  return parts.join(',') || '<none>';
}

/** Containers and images of a pod template, comma-joined (layoutContainerCells). */
export function containerCells(podSpec: Any): [string, string] {
  const cs: Any[] = podSpec?.containers ?? [];
  return [cs.map((c) => c.name).join(','), cs.map((c) => c.image).join(',')];
}
