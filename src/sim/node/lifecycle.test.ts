import { describe, expect, it } from 'vitest';
import { Cluster } from '../cluster';
import type { KObject } from '../api/types';
import { installNodes } from './index';

function setup() {
  const c = new Cluster({ seed: 7 });
  installNodes(c);
  c.clock.advance(5000);
  return c;
}

function pod(c: Cluster, body: Record<string, unknown>, node = 'node01'): KObject {
  const res = c.request({ verb: 'create', resource: 'pods', namespace: 'default', body: { apiVersion: 'v1', kind: 'Pod', ...body } });
  if (res.code >= 300) throw new Error(JSON.stringify(res.body));
  const name = (res.body as KObject).metadata.name!;
  const b = c.request({ verb: 'create', resource: 'pods', subresource: 'binding', namespace: 'default', name, body: { apiVersion: 'v1', kind: 'Binding', metadata: { name }, target: { apiVersion: 'v1', kind: 'Node', name: node } } });
  if (b.code >= 300) throw new Error(JSON.stringify(b.body));
  return res.body as KObject;
}

function get(c: Cluster, name: string): KObject {
  return c.request({ verb: 'get', resource: 'pods', namespace: 'default', name }).body as KObject;
}

function events(c: Cluster, name: string): string[] {
  const l = c.request({ verb: 'list', resource: 'events', namespace: 'default' }).body as { items: KObject[] };
  return l.items
    .filter((e) => (e.involvedObject as { name: string }).name === name)
    .map((e) => `${e.type} ${e.reason} ${e.message}`);
}

describe('kubelet', () => {
  it('runs nginx: pull, create, start, Running and Ready', () => {
    const c = setup();
    pod(c, { metadata: { name: 'web' }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } });
    c.clock.advance(200);
    let p = get(c, 'web');
    expect((p.status as { phase: string }).phase).toBe('Pending');
    c.clock.advance(30_000);
    p = get(c, 'web');
    const st = p.status as Record<string, any>;
    expect(st.phase).toBe('Running');
    expect(st.podIP).toMatch(/^10\.244\.1\.\d+$/);
    expect(st.hostIP).toBe('172.18.0.3');
    expect(st.qosClass).toBe('BestEffort');
    expect(st.containerStatuses[0].ready).toBe(true);
    expect(st.containerStatuses[0].image).toBe('docker.io/library/nginx:1.27');
    expect(st.conditions.map((x: any) => `${x.type}=${x.status}`)).toEqual(['PodReadyToStartContainers=True', 'Initialized=True', 'Ready=True', 'ContainersReady=True', 'PodScheduled=True']);
    const ev = events(c, 'web');
    expect(ev[0]).toBe('Normal Pulling Pulling image "nginx:1.27"');
    expect(ev[1]).toMatch(/^Normal Pulled Successfully pulled image "nginx:1\.27" in [\d.]+m?s \([\d.]+m?s including waiting\)\. Image size: \d+ bytes\.$/);
    expect(ev.slice(2)).toEqual(['Normal Created Created container: web', 'Normal Started Started container web']);
  });
});
