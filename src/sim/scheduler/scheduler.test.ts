import { describe, expect, it } from 'vitest';
import { harness, condition, type Harness } from '../testing/harness';
import type { FakeNode } from '../testing/fake-kubelet';
import { installScheduler, startScheduler, stopScheduler } from './index';
import type { KObject } from '../api/types';

function pod(name: string, spec: Record<string, unknown> = {}, labels: Record<string, string> = { app: name }): KObject {
  const { container, ...rest } = spec;
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, labels }, spec: { containers: [{ name: 'c', image: 'nginx:1.27', ...((container as object) ?? {}) }], ...rest } };
}

function cpuPod(name: string, cpu: string, extra: Record<string, unknown> = {}): KObject {
  return pod(name, { container: { resources: { requests: { cpu } } }, ...extra });
}

function setup(nodes?: FakeNode[]): Harness {
  const h = harness({ nodes });
  installScheduler(h.c);
  return h;
}

const nodeOf = (p: KObject | undefined) => (p?.spec as { nodeName?: string })?.nodeName;

describe('default-scheduler', () => {
  it('binds a pod and records Scheduled from default-scheduler', () => {
    const h = setup();
    h.create(pod('web'));
    h.settle();
    const p = h.get('pods', 'web')!;
    expect(['node01', 'node02']).toContain(nodeOf(p));
    expect(condition(p, 'PodScheduled')).toMatchObject({ status: 'True' });
    expect(h.events({ name: 'web' })).toEqual([`Normal Scheduled Successfully assigned default/web to ${nodeOf(p)} (default-scheduler)`]);
  });

  it('explains a pod that no node fits, exactly as kube-scheduler words it', () => {
    const h = setup();
    h.create(cpuPod('big', '3'));
    h.settle();
    const msg =
      '0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.';
    expect(h.events({ name: 'big' })).toEqual([`Warning FailedScheduling ${msg} (default-scheduler)`]);
    const p = h.get('pods', 'big')!;
    expect(condition(p, 'PodScheduled')).toMatchObject({ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: msg, lastTransitionTime: '2025-01-01T00:00:00Z' });
    expect((p.status as { phase: string }).phase).toBe('Pending');
    // no cluster change: no retry for 5 minutes
    h.advance(60_000);
    const ev = h.list('events').find((e) => e.reason === 'FailedScheduling')!;
    expect(ev.count).toBe(1);
    // a bigger node joins: the pod is retried and lands there
    h.create({ ...nodeFor('node03', '4'), kind: 'Node' });
    h.advance(100);
    expect(nodeOf(h.get('pods', 'big'))).toBe('node03');
  });

  it('says "Too many pods", memory and several reasons per node', () => {
    const h = setup([{ name: 'node01', cpu: '1', memory: '1Gi', pods: 1 }]);
    h.create(pod('first'));
    h.settle();
    h.create(pod('second', { container: { resources: { requests: { cpu: '2', memory: '2Gi' } } } }));
    h.settle();
    expect(h.events({ name: 'second' })[0]).toBe(
      'Warning FailedScheduling 0/1 nodes are available: 1 Insufficient cpu, 1 Insufficient memory, 1 Too many pods. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod. (default-scheduler)',
    );
  });

  it('honours nodeSelector, node affinity and tolerations', () => {
    const h = setup([{ name: 'controlplane', controlPlane: true }, { name: 'node01', labels: { disk: 'ssd' } }, { name: 'node02' }]);
    h.create(pod('ssd', { nodeSelector: { disk: 'ssd' } }));
    h.create(pod('hdd', { nodeSelector: { disk: 'hdd' } }));
    h.create(pod('cp', { nodeSelector: { 'node-role.kubernetes.io/control-plane': '' }, tolerations: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' }] }));
    h.create(pod('notn1', { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'NotIn', values: ['node01'] }] }] } } } }));
    h.settle();
    expect(nodeOf(h.get('pods', 'ssd'))).toBe('node01');
    expect(nodeOf(h.get('pods', 'cp'))).toBe('controlplane');
    expect(nodeOf(h.get('pods', 'notn1'))).toBe('node02');
    expect(h.events({ name: 'hdd' })[0]).toBe(
      "Warning FailedScheduling 0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 node(s) didn't match Pod's node affinity/selector. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling. (default-scheduler)",
    );
  });

  it('spreads with required anti-affinity: the third replica on two workers stays Pending', () => {
    const h = setup();
    const aff = { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: 'web' } }, topologyKey: 'kubernetes.io/hostname' }] } };
    for (const n of ['web-1', 'web-2', 'web-3']) h.create(pod(n, { affinity: aff }, { app: 'web' }));
    h.settle();
    const nodes = ['web-1', 'web-2', 'web-3'].map((n) => nodeOf(h.get('pods', n)));
    expect(nodes.slice(0, 2).sort()).toEqual(['node01', 'node02']);
    expect(nodes[2]).toBeUndefined();
    expect(h.events({ name: 'web-3' })[0]).toMatch(/^Warning FailedScheduling 0\/3 nodes are available: 1 node\(s\) had untolerated taint \{node-role.kubernetes.io\/control-plane: \}, 2 node\(s\) didn't match pod anti-affinity rules\. preemption: /);
    // deleting one frees its node
    h.req({ verb: 'delete', resource: 'pods', namespace: 'default', name: 'web-1', query: { gracePeriodSeconds: 0 } });
    h.advance(2000);
    expect(nodeOf(h.get('pods', 'web-3'))).toBe(nodes[0]);
  });

  it('reports cordoned nodes and topology spread constraints', () => {
    const h = setup([{ name: 'node01', unschedulable: true, taints: [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }] }, { name: 'node02', labels: {} }]);
    h.create(pod('a'));
    h.settle();
    expect(nodeOf(h.get('pods', 'a'))).toBe('node02');
    const h2 = setup([{ name: 'node01', unschedulable: true }]);
    h2.create(pod('b'));
    h2.settle();
    expect(h2.events({ name: 'b' })[0]).toBe('Warning FailedScheduling 0/1 nodes are available: 1 node(s) were unschedulable. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling. (default-scheduler)');
    const h3 = setup([{ name: 'n1', labels: { zone: 'a' } }, { name: 'n2', labels: { zone: 'b' } }, { name: 'n3' }]);
    const tsc = [{ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 's' } } }];
    for (const n of ['s1', 's2', 's3']) h3.create(pod(n, { topologySpreadConstraints: tsc }, { app: 's' }));
    h3.settle();
    const placed = ['s1', 's2', 's3'].map((n) => nodeOf(h3.get('pods', n)));
    expect(placed.filter((n) => n === 'n1').length).toBeLessThanOrEqual(2);
    expect(placed).not.toContain('n3');
    expect(new Set(placed.slice(0, 2))).toEqual(new Set(['n1', 'n2']));
  });

  it('leaves pods for a scheduler that is not running Pending with no events and no condition', () => {
    const h = setup();
    h.create(pod('mine', { schedulerName: 'my-scheduler' }));
    h.advance(60_000);
    const p = h.get('pods', 'mine')!;
    expect(nodeOf(p)).toBeUndefined();
    expect(condition(p, 'PodScheduled')).toBeUndefined();
    expect(h.events({ name: 'mine' })).toEqual([]);
  });

  it('stopping the default-scheduler leaves new pods Pending; starting it schedules them', () => {
    const h = setup();
    h.c.controllers.stop('default-scheduler');
    h.create(pod('wait'));
    h.advance(10_000);
    expect(nodeOf(h.get('pods', 'wait'))).toBeUndefined();
    h.c.controllers.start('default-scheduler');
    h.settle();
    expect(nodeOf(h.get('pods', 'wait'))).toBeDefined();
  });

  it('preempts a lower-priority pod for a higher-priority one', () => {
    const h = setup([{ name: 'node01', cpu: '1' }]);
    h.req({ verb: 'create', group: 'scheduling.k8s.io', resource: 'priorityclasses', body: { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'high' }, value: 1000 } });
    h.create(cpuPod('low', '800m'));
    h.advance(2000);
    const low = h.get('pods', 'low')!;
    expect((low.spec as { priority: number }).priority).toBe(0);
    h.create(cpuPod('high', '800m', { priorityClassName: 'high' }));
    h.settle();
    const hi = h.get('pods', 'high')!;
    expect((hi.spec as { priority: number }).priority).toBe(1000);
    expect(h.events({ name: 'high' })[0]).toBe('Warning FailedScheduling 0/1 nodes are available: 1 Insufficient cpu. (default-scheduler)');
    expect((hi.status as { nominatedNodeName?: string }).nominatedNodeName).toBe('node01');
    expect(h.events({ name: 'low' }).slice(-1)[0]).toBe(`Normal Preempted Preempted by pod ${hi.metadata.uid} on node node01 (default-scheduler)`);
    h.advance(5000);
    expect(h.get('pods', 'low')).toBeUndefined();
    expect(nodeOf(h.get('pods', 'high'))).toBe('node01');
    const bad = h.req({ verb: 'create', resource: 'pods', namespace: 'default', body: pod('x', { priorityClassName: 'nope' }) });
    expect(bad.code).toBe(403);
    expect((bad.body as { message: string }).message).toBe('pods "x" is forbidden: no PriorityClass with name nope was found');
  });

  it('a second scheduler without RBAC permission logs its errors and schedules nothing until its role is fixed', () => {
    const h = setup();
    const rbac = (resource: string, body: KObject) => expect(h.req({ verb: 'create', group: 'rbac.authorization.k8s.io', resource, body }).code).toBe(201);
    h.req({ verb: 'create', resource: 'serviceaccounts', namespace: 'kube-system', body: { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'my-scheduler' } } });
    h.req({ verb: 'create', resource: 'pods', namespace: 'kube-system', body: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'my-scheduler' }, spec: { serviceAccountName: 'my-scheduler', containers: [{ name: 'kube-scheduler', image: 'registry.k8s.io/kube-scheduler:v1.32.0' }] } } });
    const log: string[] = [];
    startScheduler(h.c, { schedulerName: 'my-scheduler', podKey: 'kube-system/my-scheduler', leaderElect: true, leaseName: 'my-scheduler', log: (l) => log.push(l) });
    h.create(pod('second', { schedulerName: 'my-scheduler' }));
    h.advance(10_000);
    expect(nodeOf(h.get('pods', 'second'))).toBeUndefined();
    expect(h.events({ name: 'second' })).toEqual([]);
    expect(log.some((l) => l.includes('failed to list *v1.Pod: pods is forbidden: User "system:serviceaccount:kube-system:my-scheduler" cannot list resource "pods" in API group "" at the cluster scope'))).toBe(true);
    rbac('clusterrolebindings', { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: 'my-scheduler-as-kube-scheduler' }, subjects: [{ kind: 'ServiceAccount', name: 'my-scheduler', namespace: 'kube-system' }], roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'system:kube-scheduler' } });
    log.length = 0;
    h.advance(10_000);
    expect(nodeOf(h.get('pods', 'second'))).toBeUndefined();
    expect(log.some((l) => l.includes('error retrieving resource lock kube-system/my-scheduler: leases.coordination.k8s.io "my-scheduler" is forbidden'))).toBe(true);
    // kubectl edit clusterrole system:kube-scheduler: add my-scheduler to the leases resourceNames
    const role = structuredClone(h.req({ verb: 'get', group: 'rbac.authorization.k8s.io', resource: 'clusterroles', name: 'system:kube-scheduler' }).body) as KObject;
    for (const r of role.rules as { resourceNames?: string[] }[]) if (r.resourceNames?.includes('kube-scheduler')) r.resourceNames.push('my-scheduler');
    expect(h.req({ verb: 'update', group: 'rbac.authorization.k8s.io', resource: 'clusterroles', name: 'system:kube-scheduler', body: role }).code).toBe(200);
    h.advance(10_000);
    const p = h.get('pods', 'second')!;
    expect(nodeOf(p)).toBeDefined();
    expect(h.events({ name: 'second' })).toEqual([`Normal Scheduled Successfully assigned default/second to ${nodeOf(p)} (my-scheduler)`]);
    stopScheduler(h.c, { schedulerName: 'my-scheduler' });
    h.create(pod('third', { schedulerName: 'my-scheduler' }));
    h.advance(10_000);
    expect(nodeOf(h.get('pods', 'third'))).toBeUndefined();
  });
});

function nodeFor(name: string, cpu: string): KObject {
  return {
    apiVersion: 'v1', kind: 'Node', metadata: { name, labels: { 'kubernetes.io/hostname': name } }, spec: {},
    status: { allocatable: { cpu, memory: '8Gi', pods: '110' }, capacity: { cpu, memory: '8Gi', pods: '110' }, conditions: [{ type: 'Ready', status: 'True' }] },
  };
}

describe('PrioritySort', () => {
  it('schedules the higher-priority pod first when both wait for the last free slot', () => {
    const h = setup([{ name: 'node01', cpu: '1' }]);
    h.req({ verb: 'create', group: 'scheduling.k8s.io', resource: 'priorityclasses', body: { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'high' }, value: 1000, preemptionPolicy: 'Never' } });
    h.create(cpuPod('low', '800m'));
    h.create(cpuPod('high', '800m', { priorityClassName: 'high' }));
    h.settle();
    expect(nodeOf(h.get('pods', 'high'))).toBe('node01');
    expect(nodeOf(h.get('pods', 'low'))).toBeUndefined();
    expect(h.events({ name: 'low' })[0]).toBe('Warning FailedScheduling 0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod. (default-scheduler)');
  });
});
