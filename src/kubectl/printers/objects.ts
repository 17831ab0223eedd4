/**
 * Printing a set of fetched objects in the non-table formats (yaml, json, name,
 * jsonpath, custom-columns), shared by get, create, apply, run, expose and friends.
 */
import type { KindInfo } from '../../sim/api/registry';
import type { KObject } from '../../sim/api/types';
import { kindRef } from '../discovery';
import { goTemplate } from './gotemplate';
import { asList, customColumns, hideManagedFields, jsonpathTemplate, toJson, toYaml } from './format';

export const ALLOWED_FORMATS =
  'custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml';

export type OutputFormat =
  | { kind: 'table'; wide: boolean }
  | { kind: 'yaml' | 'json' | 'name' }
  | { kind: 'jsonpath'; template: string }
  | { kind: 'custom-columns'; spec: string }
  | { kind: 'go-template'; template: string };

export function parseOutput(o: string): OutputFormat | { error: string } {
  if (o === '' ) return { kind: 'table', wide: false };
  if (o === 'wide') return { kind: 'table', wide: true };
  if (o === 'yaml' || o === 'json' || o === 'name') return { kind: o };
  const eq = o.indexOf('=');
  const head = eq < 0 ? o : o.slice(0, eq);
  const arg = eq < 0 ? '' : o.slice(eq + 1);
  if (head === 'jsonpath' || head === 'jsonpath-as-json') {
    if (!arg) return { error: 'template format specified but no template given' };
    return { kind: 'jsonpath', template: arg };
  }
  if (head === 'go-template' || head === 'template') {
    if (!arg) return { error: 'template format specified but no template given' };
    return { kind: 'go-template', template: arg };
  }
  if (head === 'custom-columns') {
    if (!arg) return { error: 'custom-columns format specified but no custom columns given' };
    return { kind: 'custom-columns', spec: arg };
  }
  return { error: `unable to match a printer suitable for the output format "${o}", allowed formats are: ${ALLOWED_FORMATS}` };
}

export interface Printed {
  info: KindInfo;
  obj: KObject;
}

/** Prints objects in a non-table format; `single` = print the object itself, not a List. */
export function printObjects(
  fmt: OutputFormat,
  items: Printed[],
  opts: { single: boolean; showManagedFields?: boolean; noHeaders?: boolean },
): { out: string } | { error: string } {
  const objs = items.map((i) => (opts.showManagedFields ? i.obj : hideManagedFields(i.obj)));
  const data = opts.single && objs.length === 1 ? objs[0] : asList(objs);
  switch (fmt.kind) {
    case 'yaml':
      if (!opts.single || objs.length !== 1) return { out: toYaml(data) };
      return { out: toYaml(data) };
    case 'json':
      return { out: toJson(data) };
    case 'name':
      return { out: items.map((i) => `${kindRef(i.info)}/${i.obj.metadata.name}\n`).join('') };
    case 'jsonpath': {
      const r = jsonpathTemplate(fmt.template, data);
      return 'error' in r ? r : { out: r.text };
    }
    case 'go-template': {
      const r = goTemplate(fmt.template, data);
      return 'error' in r ? r : { out: r.text };
    }
    case 'custom-columns': {
      const r = customColumns(fmt.spec, objs, !!opts.noHeaders);
      return 'error' in r ? r : { out: r.text };
    }
    default:
      return { out: '' };
  }
}
