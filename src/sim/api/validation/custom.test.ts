import { describe, expect, it } from 'vitest';
import { BUILTIN_KINDS } from '../builtins';
import { invalid } from '../errors';
import type { KindInfo } from '../registry';
import type { KObject } from '../types';
import { pruneCustom, validateCustom } from './custom';
import { decode } from './decode';

const base = BUILTIN_KINDS.find((k) => k.kind === 'ConfigMap')!;
const info: KindInfo = {
  ...base,
  group: 'stable.example.com',
  version: 'v1',
  kind: 'CronTab',
  listKind: 'CronTabList',
  plural: 'crontabs',
  singular: 'crontab',
  crd: 'crontabs.stable.example.com',
  strategicMerge: false,
  schema: {
    type: 'object',
    properties: {
      spec: {
        type: 'object',
        required: ['size'],
        properties: {
          cronSpec: { type: 'string', pattern: '^(\\d+|\\*)(/\\d+)?(\\s+(\\d+|\\*)(/\\d+)?){4}$' },
          replicas: { type: 'integer', minimum: 1, maximum: 10 },
          size: { type: 'string', enum: ['small', 'large'] },
          port: { 'x-kubernetes-int-or-string': true },
          labels: { type: 'object', additionalProperties: { type: 'string' } },
          extra: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
        },
      },
      status: { type: 'object', properties: { ready: { type: 'boolean' } } },
    },
  },
};

const cr = (spec: Record<string, unknown>): KObject =>
  ({ apiVersion: 'stable.example.com/v1', kind: 'CronTab', metadata: { name: 'ct', namespace: 'default' }, spec }) as KObject;

const msg = (o: KObject) => {
  const errs = validateCustom(info, o);
  return errs.length ? invalid(info.kind, info.group, 'ct', errs).message : '';
};

describe('custom resources', () => {
  it('a valid object', () => {
    expect(msg(cr({ size: 'small', replicas: 3, cronSpec: '*/5 * * * *', port: 'http' }))).toBe('');
  });

  it('type errors in apiextensions words', () => {
    expect(msg(cr({ size: 'small', replicas: 'three' }))).toBe(
      'CronTab.stable.example.com "ct" is invalid: spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string"',
    );
    expect(msg(cr({ size: 'small', port: 1.5 }))).toBe(
      'CronTab.stable.example.com "ct" is invalid: spec.port: Invalid value: "number": spec.port in body must be of type integer,string: "number"',
    );
  });

  it('required, enum, minimum, maximum, pattern', () => {
    expect(msg(cr({}))).toBe('CronTab.stable.example.com "ct" is invalid: spec.size: Required value');
    expect(msg(cr({ size: 'medium' }))).toBe(
      'CronTab.stable.example.com "ct" is invalid: spec.size: Unsupported value: "medium": supported values: "small", "large"',
    );
    expect(msg(cr({ size: 'small', replicas: 0 }))).toBe(
      'CronTab.stable.example.com "ct" is invalid: spec.replicas: Invalid value: 0: spec.replicas in body should be greater than or equal to 1',
    );
    expect(msg(cr({ size: 'small', replicas: 11 }))).toBe(
      'CronTab.stable.example.com "ct" is invalid: spec.replicas: Invalid value: 11: spec.replicas in body should be less than or equal to 10',
    );
    expect(msg(cr({ size: 'small', cronSpec: 'every minute' }))).toBe(
      `CronTab.stable.example.com "ct" is invalid: spec.cronSpec: Invalid value: "every minute": spec.cronSpec in body should match '^(\\d+|\\*)(/\\d+)?(\\s+(\\d+|\\*)(/\\d+)?){4}$'`,
    );
  });

  it('pruning keeps declared and preserved fields', () => {
    const o = cr({ size: 'small', bogus: 1, labels: { a: 'b' }, extra: { anything: { goes: true } } });
    (o as any).topLevel = 1;
    pruneCustom(info, o);
    expect(o.spec).toEqual({ size: 'small', labels: { a: 'b' }, extra: { anything: { goes: true } } });
    expect('topLevel' in o).toBe(false);
  });

  it('decode: strict unknown fields, warn, ignore', () => {
    expect(decode(info, cr({ size: 'small', bogus: 1 })).status?.message).toBe(
      'CronTab in version "v1" cannot be handled as a CronTab: strict decoding error: unknown field "spec.bogus"',
    );
    const w = cr({ size: 'small', bogus: 1 });
    expect(decode(info, w, { fieldValidation: 'Warn' })).toEqual({ warnings: ['unknown field "spec.bogus"'] });
    expect(w.spec).toEqual({ size: 'small' });
    expect(decode(info, cr({ size: 'small', bogus: 1 }), { fieldValidation: 'Ignore' })).toEqual({ warnings: [] });
  });

  it('decode: metadata is still a real ObjectMeta', () => {
    const o = cr({ size: 'small' });
    (o.metadata as any).labels = { v: 2 };
    expect(decode(info, o).status?.message).toBe(
      'CronTab in version "v1" cannot be handled as a CronTab: json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string',
    );
  });
});
