/**
 * Test helpers for controller and scheduler tests: a cluster with fake nodes, short
 * request helpers, and readers for events and conditions with exact strings.
 */
import { Cluster } from '../cluster';
import type { ApiRequest, KList, KObject } from '../api/types';
import { addNodes, FakeKubelet, type FakeKubeletOptions, type FakeNode } from './fake-kubelet';

export const DEFAULT_NODES: FakeNode[] = [{ name: 'controlplane', controlPlane: true }, { name: 'node01' }, { name: 'node02' }];

export interface Harness {
  c: Cluster;
  kubelet?: FakeKubelet;
  req(r: ApiRequest): ReturnType<Cluster['request']>;
  create(body: KObject, namespace?: string): KObject;
  get(resource: string, name: string, namespace?: string): KObject | undefined;
  list(resource: string, namespace?: string, labelSelector?: string): KObject[];
  /** events as `Type Reason Message (source)` lines, oldest first */
  events(filter?: { name?: string; kind?: string; reason?: string }): string[];
  advance(ms: number): void;
  settle(): void;
}

const RESOURCES: Record<string, { group: string; resource: string }> = {
  Pod: { group: '', resource: 'pods' },
  Service: { group: '', resource: 'services' },
  Node: { group: '', resource: 'nodes' },
  ReplicationController: { group: '', resource: 'replicationcontrollers' },
  Deployment: { group: 'apps', resource: 'deployments' },
  ReplicaSet: { group: 'apps', resource: 'replicasets' },
  DaemonSet: { group: 'apps', resource: 'daemonsets' },
  StatefulSet: { group: 'apps', resource: 'statefulsets' },
  Job: { group: 'batch', resource: 'jobs' },
  CronJob: { group: 'batch', resource: 'cronjobs' },
  PriorityClass: { group: 'scheduling.k8s.io', resource: 'priorityclasses' },
};

export function groupOf(resource: string): string {
  const r = Object.values(RESOURCES).find((x) => x.resource === resource);
  if (r) return r.group;
  const i = resource.indexOf('.');
  return i < 0 ? '' : resource.slice(i + 1);
}

export function harness(opts: { nodes?: FakeNode[] | false; kubelet?: FakeKubeletOptions | false; seed?: number } = {}): Harness {
  const c = new Cluster({ seed: opts.seed ?? 1 });
  if (opts.nodes !== false) addNodes(c, opts.nodes ?? DEFAULT_NODES);
  const kubelet = opts.kubelet === false ? undefined : new FakeKubelet(c, opts.kubelet ?? {});
  const h: Harness = {
    c,
    kubelet,
    req: (r) => c.request(r),
    create(body, namespace = 'default') {
      const r = RESOURCES[body.kind];
      if (!r) throw new Error(`harness: unknown kind ${body.kind}`);
      const res = c.request({ verb: 'create', group: r.group, resource: r.resource, namespace: body.metadata.namespace ?? namespace, body });
      if (res.code >= 300) throw new Error(`create ${body.kind}: ${JSON.stringify(res.body)}`);
      return res.body as KObject;
    },
    get(resource, name, namespace = 'default') {
      const [plural] = resource.split('.');
      const res = c.request({ verb: 'get', group: groupOf(resource), resource: plural, namespace, name });
      return res.code === 200 ? (res.body as KObject) : undefined;
    },
    list(resource, namespace = 'default', labelSelector) {
      const [plural] = resource.split('.');
      const res = c.request({ verb: 'list', group: groupOf(resource), resource: plural, namespace, query: labelSelector ? { labelSelector } : {} });
      return (res.body as KList).items;
    },
    events(filter = {}) {
      const items = (c.request({ verb: 'list', resource: 'events' }).body as KList).items;
      return items
        .filter((e) => {
          const inv = e.involvedObject as { name?: string; kind?: string };
          return (!filter.name || inv.name === filter.name) && (!filter.kind || inv.kind === filter.kind) && (!filter.reason || e.reason === filter.reason);
        })
        .sort((a, b) => { const x = eventSeq(a), y = eventSeq(b); return x < y ? -1 : x > y ? 1 : 0; })
        .map((e) => `${e.type} ${e.reason} ${e.message} (${(e.source as { component: string }).component})`);
    },
    advance: (ms) => c.clock.advance(ms),
    settle: () => c.clock.advance(0),
  };
  return h;
}

export function condition(o: KObject | undefined, type: string): { status: string; reason?: string; message?: string } | undefined {
  return ((o?.status as { conditions?: { type: string; status: string; reason?: string; message?: string }[] })?.conditions ?? []).find((c) => c.type === type);
}

/** Events are named `<object>.<hex nanoseconds + sequence>`: that suffix is creation order. */
function eventSeq(e: KObject): bigint {
  const n = e.metadata.name ?? '';
  return BigInt(`0x${n.slice(n.lastIndexOf('.') + 1) || '0'}`);
}
