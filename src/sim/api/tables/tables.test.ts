import { describe, expect, it } from 'vitest';
import { BUILTIN_KINDS } from '../builtins';
import type { KindInfo } from '../registry';
import type { KObject } from '../types';
import { humanDuration, toTable } from './index';
import { parseGoDuration } from './duration';

const T0 = Date.parse('2025-01-01T00:00:00Z');
const kind = (k: string, g = '') => BUILTIN_KINDS.find((x) => x.kind === k && x.group === g)!;

describe('humanDuration', () => {
  it('follows apimachinery duration.HumanDuration', () => {
    const cases: [number, string][] = [
      [-5000, '<invalid>'],
      [-500, '0s'],
      [45e3, '45s'],
      [119e3, '119s'],
      [120e3, '2m'],
      [303e3, '5m3s'],
      [599e3, '9m59s'],
      [600e3, '10m'],
      [179 * 60e3, '179m'],
      [3 * 3600e3, '3h'],
      [5.5 * 3600e3, '5h30m'],
      [47 * 3600e3, '47h'],
      [53 * 3600e3, '2d5h'],
      [8 * 86400e3, '8d'],
      [400 * 86400e3, '400d'],
      [(3 * 365 + 120) * 86400e3, '3y120d'],
      [9 * 365 * 86400e3, '9y'],
    ];
    for (const [ms, s] of cases) expect(humanDuration(ms)).toBe(s);
  });
  it('parses Go durations', () => {
    expect(parseGoDuration('1h30m')).toBe(5400000);
    expect(parseGoDuration('30s')).toBe(30000);
    expect(parseGoDuration('x')).toBeUndefined();
  });
});

function pod(status: Record<string, unknown>, extra: Record<string, unknown> = {}): KObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web', namespace: 'default', creationTimestamp: '2025-01-01T00:00:00Z', ...(extra.metadata as object) },
    spec: { containers: [{ name: 'app', image: 'nginx' }], ...(extra.spec as object) },
    status,
  };
}

describe('pod table', () => {
  const info = kind('Pod');
  const row = (p: KObject, now = T0 + 65_000) => toTable(info, [p], { now }).rows[0].cells;
  it('has the real columns with wide ones at priority 1', () => {
    const t = toTable(info, [], { now: T0 });
    expect(t.columnDefinitions.map((c) => `${c.name}:${c.priority}`)).toEqual([
      'Name:0', 'Ready:0', 'Status:0', 'Restarts:0', 'Age:0', 'IP:1', 'Node:1', 'Nominated Node:1', 'Readiness Gates:1',
    ]);
  });
  it('derives STATUS like printPod', () => {
    expect(row(pod({ phase: 'Pending' }))[2]).toBe('Pending');
    expect(row(pod({ phase: 'Pending', containerStatuses: [{ name: 'app', ready: false, restartCount: 0, state: { waiting: { reason: 'ContainerCreating' } } }] }))[2]).toBe('ContainerCreating');
    const running = pod({ phase: 'Running', podIP: '10.244.1.5', podIPs: [{ ip: '10.244.1.5' }], containerStatuses: [{ name: 'app', ready: true, restartCount: 0, state: { running: {} } }] }, { spec: { nodeName: 'node01' } });
    expect(row(running)).toEqual(['web', '1/1', 'Running', '0', '65s', '10.244.1.5', 'node01', '<none>', '<none>']);
    const crash = pod({
      phase: 'Running',
      containerStatuses: [{ name: 'app', ready: false, restartCount: 3, state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: '2025-01-01T00:00:30Z' } } }],
    });
    expect(row(crash).slice(1, 4)).toEqual(['0/1', 'CrashLoopBackOff', '3 (35s ago)']);
    const init = pod(
      { phase: 'Pending', initContainerStatuses: [{ name: 'i1', state: { terminated: { exitCode: 0, reason: 'Completed' } } }, { name: 'i2', state: { running: {} } }] },
      { spec: { initContainers: [{ name: 'i1' }, { name: 'i2' }] } },
    );
    expect(row(init)[2]).toBe('Init:1/2');
    const initFail = pod({ phase: 'Pending', initContainerStatuses: [{ name: 'i1', state: { waiting: { reason: 'CrashLoopBackOff' } } }] }, { spec: { initContainers: [{ name: 'i1' }] } });
    expect(row(initFail)[2]).toBe('Init:CrashLoopBackOff');
    const exit = pod({ phase: 'Failed', containerStatuses: [{ name: 'app', state: { terminated: { exitCode: 2 } } }] });
    expect(row(exit)[2]).toBe('ExitCode:2');
    const del = pod({ phase: 'Running', containerStatuses: [{ name: 'app', ready: true, state: { running: {} } }] }, { metadata: { deletionTimestamp: '2025-01-01T00:01:00Z' } });
    expect(row(del)[2]).toBe('Terminating');
    expect(row(pod({ phase: 'Failed', reason: 'Evicted' }))[2]).toBe('Evicted');
  });
});

describe('workload and service tables', () => {
  it('deployment READY, UP-TO-DATE, AVAILABLE and wide cells', () => {
    const d: KObject = {
      apiVersion: 'apps/v1', kind: 'Deployment',
      metadata: { name: 'web', creationTimestamp: '2025-01-01T00:00:00Z' },
      spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template: { spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] } } },
      status: { readyReplicas: 2, updatedReplicas: 3, availableReplicas: 2 },
    };
    const t = toTable(kind('Deployment', 'apps'), [d], { now: T0 + 3600e3 * 5 });
    expect(t.columnDefinitions.map((c) => c.name)).toEqual(['Name', 'Ready', 'Up-to-date', 'Available', 'Age', 'Containers', 'Images', 'Selector']);
    expect(t.rows[0].cells).toEqual(['web', '2/3', 3, 2, '5h', 'nginx', 'nginx:1.27', 'app=web']);
  });
  it('service types and ports', () => {
    const s = (spec: Record<string, unknown>): KObject => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: 's', creationTimestamp: '2025-01-01T00:00:00Z' }, spec });
    const rows = toTable(kind('Service'), [
      s({ type: 'ClusterIP', clusterIP: '10.96.0.1', ports: [{ port: 443, protocol: 'TCP' }] }),
      s({ type: 'NodePort', clusterIP: '10.96.3.4', ports: [{ port: 80, nodePort: 30080, protocol: 'TCP' }], selector: { app: 'web' } }),
      s({ type: 'LoadBalancer', clusterIP: '10.96.3.5', ports: [{ port: 80, nodePort: 31000 }] }),
      s({ type: 'ClusterIP', clusterIP: 'None' }),
      s({ type: 'ExternalName', externalName: 'example.com' }),
    ], { now: T0 }).rows.map((r) => r.cells.slice(1, 5));
    expect(rows).toEqual([
      ['ClusterIP', '10.96.0.1', '<none>', '443/TCP'],
      ['NodePort', '10.96.3.4', '<none>', '80:30080/TCP'],
      ['LoadBalancer', '10.96.3.5', '<pending>', '80:31000/TCP'],
      ['ClusterIP', 'None', '<none>', '<none>'],
      ['ExternalName', '<none>', 'example.com', '<none>'],
    ]);
  });
  it('job status and completions', () => {
    const j: KObject = {
      apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'pi', creationTimestamp: '2025-01-01T00:00:00Z' },
      spec: { completions: 1, template: { spec: { containers: [{ name: 'pi', image: 'perl' }] } } },
      status: { succeeded: 1, startTime: '2025-01-01T00:00:00Z', completionTime: '2025-01-01T00:00:12Z', conditions: [{ type: 'Complete', status: 'True' }] },
    };
    expect(toTable(kind('Job', 'batch'), [j], { now: T0 + 60e3 }).rows[0].cells.slice(0, 5)).toEqual(['pi', 'Complete', '1/1', '12s', '60s']);
  });
  it('nodes: status, roles, cordon', () => {
    const n: KObject = {
      apiVersion: 'v1', kind: 'Node',
      metadata: { name: 'cp', creationTimestamp: '2025-01-01T00:00:00Z', labels: { 'node-role.kubernetes.io/control-plane': '' } },
      spec: { unschedulable: true },
      status: { conditions: [{ type: 'Ready', status: 'True' }], nodeInfo: { kubeletVersion: 'v1.32.0' } },
    };
    expect(toTable(kind('Node'), [n], { now: T0 + 600e3 }).rows[0].cells.slice(0, 5)).toEqual(['cp', 'Ready,SchedulingDisabled', 'control-plane', '10m', 'v1.32.0']);
  });
  it('CRD printer columns and defaults', () => {
    const info: KindInfo = {
      ...kind('ConfigMap'), group: 'example.com', kind: 'Foo', plural: 'foos', crd: 'foos.example.com',
      printerColumns: [{ name: 'Replicas', type: 'integer', priority: 0, jsonPath: '.spec.replicas' }, { name: 'Ready', type: 'string', priority: 0, jsonPath: '.status.conditions[?(@.type=="Ready")].status' }, { name: 'Age', type: 'date', priority: 0, jsonPath: '.metadata.creationTimestamp' }],
    };
    const o: KObject = { apiVersion: 'example.com/v1', kind: 'Foo', metadata: { name: 'a', creationTimestamp: '2025-01-01T00:00:00Z' }, spec: { replicas: 2 }, status: { conditions: [{ type: 'Ready', status: 'True' }] } };
    expect(toTable(info, [o], { now: T0 + 5000 }).rows[0].cells).toEqual(['a', 2, 'True', '5s']);
    expect(toTable({ ...info, printerColumns: undefined }, [o], { now: T0 + 5000 }).columnDefinitions.map((c) => c.name)).toEqual(['Name', 'Age']);
    expect(toTable(kind('Role', 'rbac.authorization.k8s.io'), [o], { now: T0 }).rows[0].cells).toEqual(['a', '2025-01-01T00:00:00Z']);
  });
});
