/**
 * Test helpers for the kubelet: a cluster with the default nodes, pods bound with the
 * pods/binding subresource (as the scheduler would), and readers for status, events,
 * logs and exec with exact strings.
 */
import { Cluster } from '../cluster';
import type { KObject } from '../api/types';
import { installNodes, type NodeSpec } from './index';

export interface NodeHarness {
  c: Cluster;
  /** creates a pod in default and binds it to `node` */
  run(body: Record<string, unknown>, node?: string): KObject;
  create(resource: string, body: Record<string, unknown>, namespace?: string, group?: string): KObject;
  pod(name: string, namespace?: string): KObject | undefined;
  status(name: string, namespace?: string): Record<string, any>;
  /** `Type Reason Message` lines about an object, oldest first */
  events(name: string, namespace?: string): string[];
  logs(name: string, query?: Record<string, unknown>, namespace?: string): { code: number; body: any };
  exec(name: string, command: string[], container?: string, namespace?: string): { code: number; body: any };
  advance(ms: number): void;
}

export function nodeHarness(opts: { seed?: number; nodes?: NodeSpec[]; settle?: number } = {}): NodeHarness {
  const c = new Cluster({ seed: opts.seed ?? 7 });
  installNodes(c, opts.nodes);
  c.clock.advance(opts.settle ?? 5000);
  return harnessFor(c);
}

export function harnessFor(c: Cluster): NodeHarness {
  const h: NodeHarness = {
    c,
    create(resource, body, namespace = 'default', group = '') {
      const res = c.request({ verb: 'create', group, resource, namespace, body });
      if (res.code >= 300) throw new Error(`create ${resource}: ${JSON.stringify(res.body)}`);
      return res.body as KObject;
    },
    run(body, node = 'node01') {
      const p = h.create('pods', { apiVersion: 'v1', kind: 'Pod', ...body }, ((body.metadata as { namespace?: string }) ?? {}).namespace ?? 'default');
      const name = p.metadata.name!;
      const b = c.request({
        verb: 'create',
        resource: 'pods',
        subresource: 'binding',
        namespace: p.metadata.namespace,
        name,
        body: { apiVersion: 'v1', kind: 'Binding', metadata: { name }, target: { apiVersion: 'v1', kind: 'Node', name: node } },
      });
      if (b.code >= 300) throw new Error(`bind: ${JSON.stringify(b.body)}`);
      return p;
    },
    pod(name, namespace = 'default') {
      const r = c.request({ verb: 'get', resource: 'pods', namespace, name });
      return r.code === 200 ? (r.body as KObject) : undefined;
    },
    status(name, namespace = 'default') {
      return (h.pod(name, namespace)?.status ?? {}) as Record<string, any>;
    },
    events(name, namespace = 'default') {
      const l = c.request({ verb: 'list', resource: 'events', namespace }).body as { items: KObject[] };
      return l.items
        .filter((e) => (e.involvedObject as { name: string }).name === name)
        .sort((a, b) => String(a.firstTimestamp).localeCompare(String(b.firstTimestamp)))
        .map((e) => `${e.type} ${e.reason} ${e.message}`);
    },
    logs(name, query = {}, namespace = 'default') {
      return c.request({ verb: 'get', resource: 'pods', namespace, name, subresource: 'log', query });
    },
    exec(name, command, container, namespace = 'default') {
      return c.request({ verb: 'create', resource: 'pods', namespace, name, subresource: 'exec', body: { command, container } });
    },
    advance(ms) {
      c.clock.advance(ms);
    },
  };
  return h;
}
