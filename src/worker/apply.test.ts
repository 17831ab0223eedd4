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
  it('creates, then reports unchanged and configured like kubectl apply', async () => {
    const c = new Cluster() as unknown as ClusterLike;
    expect(await applyYaml(c, pod())).toEqual({ ok: true, output: 'pod/web created', markers: [] });
    expect((await applyYaml(c, pod())).output).toBe('pod/web unchanged');
    const cm = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\ndata:\n  a: "1"\n';
    expect((await applyYaml(c, cm + '---\n' + pod())).output).toBe('configmap/cfg created\npod/web unchanged');
    expect((await applyYaml(c, cm.replace('"1"', '"2"'))).output).toBe('configmap/cfg configured');
    expect((await applyYaml(c, pod().replace('nginx:1.27', 'nginx:1.28'))).output).toBe('pod/web configured');
  });

  it('puts an unknown field on its line', async () => {
    const c = new Cluster() as unknown as ClusterLike;
    const r = await applyYaml(c, pod().replace('image:', 'imagee:'));
    expect(r.ok).toBe(false);
    expect(r.output).toContain('unknown field "spec.containers[0].imagee"');
    expect(r.markers.map((m) => [m.line, m.message])).toEqual([[8, 'unknown field "spec.containers[0].imagee"']]);
  });

  it('puts each invalid field of the right document on its line', async () => {
    const c = new Cluster() as unknown as ClusterLike;
    const cm = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\n---\n';
    const r = await applyYaml(c, cm + pod().replace('      image: nginx:1.27\n', '      image: ""\n'));
    expect(r.ok).toBe(false);
    expect(r.output).toContain('The Pod "web" is invalid: spec.containers[0].image: Required value');
    expect(r.markers.map((m) => [m.line, m.message])).toEqual([[13, 'spec.containers[0].image: Required value']]);
  });

  it('marks YAML syntax errors and unknown kinds', async () => {
    const c = new Cluster() as unknown as ClusterLike;
    const bad = await applyYaml(c, 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: [x\n');
    expect(bad.ok).toBe(false);
    expect(bad.markers.length).toBeGreaterThan(0);
    const unknown = await applyYaml(c, 'apiVersion: v1\nkind: Flower\nmetadata:\n  name: rose\n');
    expect(unknown.output).toContain('no matches for kind "Flower" in version "v1"');
    expect(unknown.markers[0].line).toBe(2);
  });

  it('splits field paths', () => {
    expect(splitFieldPath('spec.containers[0].image')).toEqual(['spec', 'containers', 0, 'image']);
    expect(splitFieldPath('metadata.labels[app.kubernetes.io/name]')).toEqual(['metadata', 'labels', 'app.kubernetes.io/name']);
  });
});
