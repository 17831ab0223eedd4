import { describe, expect, it } from 'vitest';
import { Cluster } from '../sim/cluster';
import type { ClusterLike } from './cluster-like';
import { applyYaml, splitFieldPath } from './apply';

const pod = (extra = '') => `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: web
      image: nginx:1.27${extra}
`;

describe('applyYaml', () => {
  it('creates, then reports unchanged and configured like kubectl apply', () => {
    const c = new Cluster() as unknown as ClusterLike;
    expect(applyYaml(c, pod())).toEqual({ ok: true, output: 'pod/web created', markers: [] });
    expect(applyYaml(c, pod()).output).toBe('pod/web unchanged');
    const cm = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\ndata:\n  a: "1"\n';
    expect(applyYaml(c, cm + '---\n' + pod()).output).toBe('configmap/cfg created\npod/web unchanged');
    expect(applyYaml(c, cm.replace('"1"', '"2"')).output).toBe('configmap/cfg configured');
  });

  it('puts an unknown field on its line', () => {
    const c = new Cluster() as unknown as ClusterLike;
    const r = applyYaml(c, pod().replace('image:', 'imagee:'));
    expect(r.ok).toBe(false);
    expect(r.output).toContain('unknown field "spec.containers[0].imagee"');
    expect(r.markers.map((m) => m.line)).toContain(8);
  });

  it('marks YAML syntax errors and unknown kinds', () => {
    const c = new Cluster() as unknown as ClusterLike;
    const bad = applyYaml(c, 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: [x\n');
    expect(bad.ok).toBe(false);
    expect(bad.markers.length).toBeGreaterThan(0);
    const unknown = applyYaml(c, 'apiVersion: v1\nkind: Flower\nmetadata:\n  name: rose\n');
    expect(unknown.output).toBe(
      'error: resource mapping not found for name: "rose" namespace: "" from "STDIN": no matches for kind "Flower" in version "v1"\nensure CRDs are installed first',
    );
    expect(unknown.markers[0].line).toBe(2);
  });

  it('splits field paths', () => {
    expect(splitFieldPath('spec.containers[0].image')).toEqual(['spec', 'containers', 0, 'image']);
    expect(splitFieldPath('metadata.labels[app.kubernetes.io/name]')).toEqual(['metadata', 'labels', 'app.kubernetes.io/name']);
  });
});
