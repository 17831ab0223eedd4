/**
 * Label selectors (string form `app=web,env in (a,b),!beta` and the structured
 * metav1.LabelSelector) and field selectors, after k8s.io/apimachinery/pkg/labels and
 * pkg/fields. Parsing never throws: it returns a matcher or an error message.
 */
import type { KObject } from './types';

export type Op = 'in' | 'notin' | 'exists' | '!' | '=' | '==' | '!=' | 'gt' | 'lt';

export interface Requirement {
  key: string;
  op: Op;
  values: string[];
}

export type Labels = Record<string, string> | undefined;

export type Selector = { requirements: Requirement[]; everything: boolean; nothing?: boolean };

export const EVERYTHING: Selector = { requirements: [], everything: true };
export const NOTHING: Selector = { requirements: [], everything: false, nothing: true };

export function matches(sel: Selector, labels: Labels): boolean {
  if (sel.nothing) return false;
  for (const r of sel.requirements) if (!matchRequirement(r, labels ?? {})) return false;
  return true;
}

function matchRequirement(r: Requirement, labels: Record<string, string>): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, r.key);
  const v = labels[r.key];
  switch (r.op) {
    case '=':
    case '==':
    case 'in':
      return has && r.values.includes(v);
    case '!=':
    case 'notin':
      return !has || !r.values.includes(v);
    case 'exists':
      return has;
    case '!':
      return !has;
    case 'gt':
    case 'lt': {
      if (!has) return false;
      const n = Number(v);
      const bound = Number(r.values[0]);
      if (!Number.isInteger(n)) return false;
      return r.op === 'gt' ? n > bound : n < bound;
    }
  }
}

const KEY_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** Returns the reasons a label key is invalid (empty when valid), in apimachinery's words. */
export function labelKeyErrors(key: string): string[] {
  const errs: string[] = [];
  const slash = key.split('/');
  let name = key;
  if (slash.length === 2) {
    const [prefix, n] = slash;
    name = n;
    if (prefix.length === 0) errs.push('prefix part must be non-empty');
    else if (prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix))
      errs.push(
        "prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
      );
  } else if (slash.length > 2) {
    errs.push(
      "a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
    );
    return errs;
  }
  if (name.length === 0) errs.push('name part must be non-empty');
  else if (name.length > 63) errs.push('name part must be no more than 63 characters');
  else if (!KEY_NAME.test(name))
    errs.push(
      "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
    );
  return errs;
}

export function labelValueErrors(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 63) errs.push('must be no more than 63 characters');
  if (!LABEL_VALUE.test(value))
    errs.push(
      "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
    );
  return errs;
}

type Tok = { t: 'id' | 'op' | '(' | ')' | ',' | '!' | 'in' | 'notin' | 'end'; v: string };

function lex(s: string): Tok[] | string {
  const out: Tok[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    if (c === ' ' || c === '\t') {
      i++;
      continue;
    }
    if (c === '(' || c === ')' || c === ',') {
      out.push({ t: c, v: c });
      i++;
      continue;
    }
    if (s.startsWith('==', i) || s.startsWith('!=', i)) {
      out.push({ t: 'op', v: s.slice(i, i + 2) });
      i += 2;
      continue;
    }
    if (c === '=' || c === '>' || c === '<') {
      out.push({ t: 'op', v: c });
      i++;
      continue;
    }
    if (c === '!') {
      out.push({ t: '!', v: c });
      i++;
      continue;
    }
    let j = i;
    while (j < s.length && !' \t(),=!<>'.includes(s[j])) j++;
    const word = s.slice(i, j);
    out.push({ t: word === 'in' ? 'in' : word === 'notin' ? 'notin' : 'id', v: word });
    i = j;
  }
  out.push({ t: 'end', v: '' });
  return out;
}

/** Parses the string form; an empty string selects everything. */
export function parseLabelSelector(s: string): Selector | { error: string } {
  const toks = lex(s.trim());
  if (typeof toks === 'string') return { error: toks };
  if (toks.length === 1) return EVERYTHING;
  const reqs: Requirement[] = [];
  let p = 0;
  const peek = () => toks[p];
  const err = (found: Tok, expected: string) => ({
    error: `unable to parse requirement: found '${found.v}', expected: ${expected}`,
  });
  for (;;) {
    let tok = peek();
    if (tok.t === '!') {
      p++;
      tok = peek();
      if (tok.t !== 'id') return err(tok, 'identifier after \'!\'');
      p++;
      const e = keyError(tok.v);
      if (e) return { error: e };
      reqs.push({ key: tok.v, op: '!', values: [] });
    } else if (tok.t === 'id') {
      p++;
      const key = tok.v;
      const e = keyError(key);
      if (e) return { error: e };
      const op = peek();
      if (op.t === ',' || op.t === 'end') {
        reqs.push({ key, op: 'exists', values: [] });
      } else if (op.t === 'op') {
        p++;
        const val = peek();
        let value = '';
        if (val.t === 'id') {
          value = val.v;
          p++;
        } else if (val.t !== ',' && val.t !== 'end') return err(val, 'identifier');
        const ve = labelValueErrors(value);
        if (ve.length) return { error: `unable to parse requirement: values[0][${key}]: Invalid value: ${JSON.stringify(value)}: ${ve.join('; ')}` };
        const o = op.v === '>' ? 'gt' : op.v === '<' ? 'lt' : (op.v as Op);
        if ((o === 'gt' || o === 'lt') && !/^-?\d+$/.test(value))
          return { error: `unable to parse requirement: for 'Gt', 'Lt' operators, the value must be an integer` };
        reqs.push({ key, op: o, values: [value] });
      } else if (op.t === 'in' || op.t === 'notin') {
        p++;
        if (peek().t !== '(') return err(peek(), "'('");
        p++;
        const values: string[] = [];
        for (;;) {
          const v = peek();
          if (v.t === 'id') {
            values.push(v.v);
            p++;
          } else if (v.t === ')' && values.length === 0) {
            // `in ()` is allowed by the parser and matches nothing
          } else if (v.t !== ',' && v.t !== ')') return err(v, "',', ')' or identifier");
          const n = peek();
          if (n.t === ',') {
            p++;
            continue;
          }
          if (n.t === ')') {
            p++;
            break;
          }
          return err(n, "',' or ')'");
        }
        reqs.push({ key, op: op.t, values });
      } else return err(op, "'=', '!=', '==', 'in', notin'");
    } else return err(tok, 'identifier');
    const sep = peek();
    if (sep.t === 'end') break;
    if (sep.t !== ',') return err(sep, "','");
    p++;
  }
  return { requirements: reqs, everything: false };
}

function keyError(key: string): string | undefined {
  const errs = labelKeyErrors(key);
  return errs.length ? `unable to parse requirement: key: Invalid value: ${JSON.stringify(key)}: ${errs.join('; ')}` : undefined;
}

export interface LabelSelectorObject {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

/** metav1.LabelSelectorAsSelector: nil selects nothing, {} selects everything. */
export function fromLabelSelector(sel: LabelSelectorObject | null | undefined): Selector {
  if (sel === null || sel === undefined) return NOTHING;
  const reqs: Requirement[] = [];
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) reqs.push({ key: k, op: '=', values: [v] });
  for (const e of sel.matchExpressions ?? []) {
    const op: Op =
      e.operator === 'In' ? 'in' : e.operator === 'NotIn' ? 'notin' : e.operator === 'Exists' ? 'exists' : e.operator === 'DoesNotExist' ? '!' : 'in';
    reqs.push({ key: e.key, op, values: e.values ?? [] });
  }
  if (reqs.length === 0) return EVERYTHING;
  return { requirements: reqs, everything: false };
}

/** A plain map selector (Service spec.selector, nodeSelector). */
export function fromMap(m: Record<string, string> | undefined | null): Selector {
  if (!m) return EVERYTHING;
  const reqs = Object.entries(m).map(([key, v]) => ({ key, op: '=' as Op, values: [v] }));
  return reqs.length ? { requirements: reqs, everything: false } : EVERYTHING;
}

/** metav1.FormatLabelSelector: `app=web,tier in (fe)`; `<none>` for empty. */
export function formatLabelSelector(sel: LabelSelectorObject | null | undefined): string {
  if (!sel) return '<none>';
  const s = selectorString(fromLabelSelector(sel));
  return s === '' ? '<none>' : s;
}

/** The canonical string form, requirements sorted by key as apimachinery does. */
export function selectorString(sel: Selector): string {
  if (sel.nothing) return '';
  return [...sel.requirements]
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map((r) => {
      switch (r.op) {
        case 'exists':
          return r.key;
        case '!':
          return `!${r.key}`;
        case 'in':
        case 'notin':
          return `${r.key} ${r.op} (${[...r.values].sort().join(',')})`;
        case 'gt':
          return `${r.key}>${r.values[0]}`;
        case 'lt':
          return `${r.key}<${r.values[0]}`;
        default:
          return `${r.key}${r.op}${r.values[0]}`;
      }
    })
    .join(',');
}

// ---------------------------------------------------------------- field selectors

export interface FieldRequirement {
  field: string;
  op: '=' | '!=';
  value: string;
}

export function parseFieldSelector(s: string): FieldRequirement[] | { error: string } {
  const out: FieldRequirement[] = [];
  if (!s.trim()) return out;
  for (const part of s.split(',')) {
    const m = /^\s*([^=!\s]+)\s*(==|=|!=)\s*(.*?)\s*$/.exec(part);
    if (!m) return { error: `invalid selector: '${s}'; can't understand '${part}'` };
    out.push({ field: m[1], op: m[2] === '!=' ? '!=' : '=', value: m[3] });
  }
  return out;
}

type FieldGetter = (o: KObject) => string | undefined;

const str = (v: unknown): string | undefined => (v === undefined || v === null ? undefined : String(v));
const at = (o: unknown, path: string[]): unknown => {
  let cur = o;
  for (const p of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[p];
  }
  return cur;
};
const path = (p: string): FieldGetter => {
  const parts = p.split('.');
  return (o) => str(at(o, parts));
};

/** Fields each resource supports beyond metadata.name / metadata.namespace (pkg/apis/core/v1/conversion.go). */
const FIELDS: Record<string, Record<string, FieldGetter>> = {
  pods: {
    'spec.nodeName': (o) => str(at(o, ['spec', 'nodeName'])) ?? '',
    'spec.restartPolicy': path('spec.restartPolicy'),
    'spec.schedulerName': path('spec.schedulerName'),
    'spec.serviceAccountName': path('spec.serviceAccountName'),
    'spec.hostNetwork': (o) => String(Boolean(at(o, ['spec', 'hostNetwork']))),
    'status.phase': (o) => str(at(o, ['status', 'phase'])) ?? '',
    'status.podIP': (o) => str(at(o, ['status', 'podIP'])) ?? '',
    'status.podIPs': (o) => str(at(o, ['status', 'podIP'])) ?? '',
    'status.nominatedNodeName': (o) => str(at(o, ['status', 'nominatedNodeName'])) ?? '',
  },
  events: {
    'involvedObject.kind': path('involvedObject.kind'),
    'involvedObject.namespace': path('involvedObject.namespace'),
    'involvedObject.name': path('involvedObject.name'),
    'involvedObject.uid': path('involvedObject.uid'),
    'involvedObject.apiVersion': path('involvedObject.apiVersion'),
    'involvedObject.resourceVersion': path('involvedObject.resourceVersion'),
    'involvedObject.fieldPath': path('involvedObject.fieldPath'),
    reason: path('reason'),
    reportingComponent: path('reportingComponent'),
    source: path('source.component'),
    type: path('type'),
  },
  nodes: { 'spec.unschedulable': (o) => String(Boolean(at(o, ['spec', 'unschedulable']))) },
  namespaces: { 'status.phase': path('status.phase') },
  secrets: { type: path('type') },
  replicasets: { 'status.replicas': (o) => String(at(o, ['status', 'replicas']) ?? 0) },
  replicationcontrollers: { 'status.replicas': (o) => String(at(o, ['status', 'replicas']) ?? 0) },
  jobs: { 'status.successful': (o) => String(at(o, ['status', 'succeeded']) ?? 0) },
};

/**
 * Builds a field matcher for a resource; unsupported fields give the server's
 * `field label not supported: <field>` error.
 */
export function fieldMatcher(
  resource: string,
  namespaced: boolean,
  reqs: FieldRequirement[],
): ((o: KObject) => boolean) | { error: string; field: string } {
  const getters: { g: FieldGetter; r: FieldRequirement }[] = [];
  for (const r of reqs) {
    let g: FieldGetter | undefined;
    if (r.field === 'metadata.name') g = (o) => o.metadata.name;
    else if (r.field === 'metadata.namespace' && namespaced) g = (o) => o.metadata.namespace;
    else g = FIELDS[resource]?.[r.field];
    if (!g) return { error: `field label not supported: ${r.field}`, field: r.field };
    getters.push({ g, r });
  }
  return (o) => getters.every(({ g, r }) => ((g(o) ?? '') === r.value) === (r.op === '='));
}
