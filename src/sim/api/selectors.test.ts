import { describe, expect, it } from 'vitest';
import {
  fieldMatcher,
  formatLabelSelector,
  fromLabelSelector,
  matches,
  parseFieldSelector,
  parseLabelSelector,
  type Selector,
} from './selectors';
import type { KObject } from './types';

function sel(s: string): Selector {
  const r = parseLabelSelector(s);
  if ('error' in r) throw new Error(r.error);
  return r;
}

describe('label selectors (string form)', () => {
  const web = { app: 'web', env: 'prod', tier: 'fe' };
  const db = { app: 'db', env: 'dev' };
  const cases: [string, boolean, boolean][] = [
    ['', true, true],
    ['app=web', true, false],
    ['app==web', true, false],
    ['app!=web', false, true],
    ['env in (prod,qa)', true, false],
    ['env notin (dev)', true, false],
    ['tier', true, false],
    ['!tier', false, true],
    ['app=web,env in (prod)', true, false],
    ['app in (web, db),!tier', false, true],
    ['missing!=x', true, true],
  ];
  for (const [s, w, d] of cases)
    it(`${JSON.stringify(s)} selects web=${w} db=${d}`, () => {
      expect(matches(sel(s), web)).toBe(w);
      expect(matches(sel(s), db)).toBe(d);
    });

  it('rejects broken syntax with the apimachinery wording', () => {
    expect(parseLabelSelector('env in prod')).toEqual({ error: "unable to parse requirement: found 'prod', expected: '('" });
    expect(parseLabelSelector('app=web,')).toEqual({ error: "unable to parse requirement: found '', expected: identifier" });
    const bad = parseLabelSelector('app=-web-');
    expect('error' in bad && bad.error).toContain('values[0][app]: Invalid value: "-web-"');
  });

  it('supports numeric gt/lt', () => {
    expect(matches(sel('gen>2'), { gen: '3' })).toBe(true);
    expect(matches(sel('gen<2'), { gen: '3' })).toBe(false);
  });
});

describe('structured LabelSelector', () => {
  it('treats nil as nothing and {} as everything', () => {
    expect(matches(fromLabelSelector(undefined), { a: 'b' })).toBe(false);
    expect(matches(fromLabelSelector({}), { a: 'b' })).toBe(true);
  });

  it('ANDs matchLabels and matchExpressions', () => {
    const s = fromLabelSelector({
      matchLabels: { app: 'web' },
      matchExpressions: [
        { key: 'env', operator: 'In', values: ['prod', 'qa'] },
        { key: 'canary', operator: 'DoesNotExist' },
      ],
    });
    expect(matches(s, { app: 'web', env: 'qa' })).toBe(true);
    expect(matches(s, { app: 'web', env: 'qa', canary: 'y' })).toBe(false);
    expect(matches(s, { app: 'web', env: 'dev' })).toBe(false);
  });

  it('prints as kubectl shows selectors', () => {
    expect(formatLabelSelector({ matchLabels: { tier: 'fe', app: 'web' } })).toBe('app=web,tier=fe');
    expect(formatLabelSelector({ matchExpressions: [{ key: 'env', operator: 'In', values: ['qa', 'prod'] }] })).toBe('env in (prod,qa)');
    expect(formatLabelSelector({})).toBe('<none>');
  });
});

describe('field selectors', () => {
  const pod = (name: string, node: string, phase: string): KObject => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default' },
    spec: { nodeName: node },
    status: { phase },
  });

  it('matches the pod fields learners use', () => {
    const reqs = parseFieldSelector('status.phase=Running,spec.nodeName!=node-2');
    if ('error' in reqs) throw new Error(reqs.error);
    const m = fieldMatcher('pods', true, reqs);
    if (typeof m !== 'function') throw new Error(m.error);
    expect(m(pod('a', 'node-1', 'Running'))).toBe(true);
    expect(m(pod('b', 'node-2', 'Running'))).toBe(false);
    expect(m(pod('c', 'node-1', 'Pending'))).toBe(false);
  });

  it('names the unsupported field', () => {
    const reqs = parseFieldSelector('status.hostIP=1.2.3.4');
    if ('error' in reqs) throw new Error(reqs.error);
    expect(fieldMatcher('pods', true, reqs)).toEqual({ error: 'field label not supported: status.hostIP', field: 'status.hostIP' });
  });
});
