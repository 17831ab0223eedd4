/**
 * Every real-world manifest in /work/shared/corpus (kubernetes/website examples, istio,
 * argo-rollouts, prometheus-operator, …) of a built-in kind must decode strictly, default and
 * validate without a single error, as it would on a real 1.32 API server.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { BUILTIN_KINDS } from '../builtins';
import { invalid } from '../errors';
import { applyDefaults } from '../defaults';
import { apiVersionOf } from '../registry';
import type { KObject } from '../types';
import { decode } from './decode';
import { validate } from './index';

const ROOT = process.env.KUBELAB_CORPUS ?? join(__dirname, '../../../../../shared/corpus');
const corpusDir = existsSync(ROOT) ? ROOT : '/work/shared/corpus';

function files(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...files(p));
    else if (/\.ya?ml$/.test(e.name)) out.push(p);
  }
  return out;
}

const rng = { suffix: () => 'abcde' };

/**
 * Upstream manifests a real 1.32 API server rejects too (typos and newer features in the
 * examples); each must fail with exactly this message.
 */
const REJECTED: Record<string, string> = {
  'k8s-website/content__en__examples__access__certificate-signing-request__clusterrole-sign.yaml':
    'ClusterRole in version "v1" cannot be handled as a ClusterRole: strict decoding error: unknown field "rules[2].resourceName"',
  'k8s-website/content__en__examples__pods__pod-with-node-affinity.yaml':
    'Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal array into Go struct field NodeAffinity.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution of type v1.NodeSelector',
  // numeric toleration operators (Gt/Lt) came after 1.32
  'k8s-website/content__en__examples__pods__pod-with-numeric-toleration.yaml':
    'Pod "nginx-numeric-toleration" is invalid: spec.tolerations[0].operator: Unsupported value: "Gt": supported values: "Equal", "Exists"',
};

describe.skipIf(!existsSync(corpusDir))('corpus manifests decode, default and validate cleanly', () => {
  const docs: Array<{ file: string; obj: KObject }> = [];
  for (const f of files(corpusDir)) {
    const text = readFileSync(f, 'utf8');
    if (text.includes('{{')) continue; // Helm templates, not manifests
    for (const d of parseAllDocuments(text)) {
      if (d.errors.length) continue; // kubectl would not get past its YAML parser
      const obj = d.toJSON() as KObject | null;
      if (obj && typeof obj === 'object' && obj.kind && obj.apiVersion) docs.push({ file: f.slice(corpusDir.length + 1), obj });
    }
  }
  const builtin = docs.filter((d) => BUILTIN_KINDS.some((k) => apiVersionOf(k) === d.obj.apiVersion && k.kind === d.obj.kind));

  it('has a good number of built-in objects to check', () => {
    expect(builtin.length).toBeGreaterThan(150);
  });

  it.each(builtin.map((d, i) => [`${d.file} #${i} ${d.obj.kind}/${d.obj.metadata?.name ?? ''}`, d] as const))('%s', (_, d) => {
    const info = BUILTIN_KINDS.find((k) => apiVersionOf(k) === d.obj.apiVersion && k.kind === d.obj.kind)!;
    const obj = structuredClone(d.obj);
    const rejected = REJECTED[d.file];
    const r = decode(info, obj, { fieldValidation: 'Strict' });
    if (r.status && rejected) {
      expect(r.status.message).toBe(rejected);
      return;
    }
    expect(r.status?.message).toBeUndefined();
    expect(r.warnings).toEqual([]);
    obj.metadata = obj.metadata ?? {};
    if (!obj.metadata.name && obj.metadata.generateName) obj.metadata.name = `${obj.metadata.generateName}abcde`;
    if (info.namespaced && !obj.metadata.namespace) obj.metadata.namespace = 'default';
    obj.metadata.uid = '6b1f0e3c-0000-4000-8000-000000000001';
    applyDefaults(info, obj, { rng, operation: 'create' });
    const errs = validate(info, obj);
    expect(errs.length ? invalid(info.kind, info.group, obj.metadata.name ?? '', errs).message : '').toBe(rejected ?? '');
  });
});
