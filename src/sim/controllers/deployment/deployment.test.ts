import { describe, expect, it, vi } from 'vitest';
import { harness, condition, type Harness } from '../../testing/harness';
import { replicaSetController } from '../replicaset';
import { deploymentController } from './controller';
import { rollbackTarget } from './rollback';
import type { KObject } from '../../api/types';
import { bindAllPods } from '../../testing/binder';

function deploy(name: string, replicas: number, image = 'nginx:1.26', extra: Record<string, unknown> = {}): KObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, labels: { app: name } },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'nginx', image }] } },
      ...extra,
    },
  };
}

function setup(): Harness {
  const h = harness();
  h.c.controllers.add(replicaSetController(h.c));
  h.c.controllers.add(deploymentController(h.c));
  bindAllPods(h.c);
  return h;
}

function setImage(h: Harness, name: string, image: string) {
  const res = h.req({ verb: 'patch', group: 'apps', resource: 'deployments', namespace: 'default', name, patchType: 'strategic', body: { spec: { template: { spec: { containers: [{ name: 'nginx', image }] } } } } });
  expect(res.code).toBe(200);
}

function sizes(h: Harness): Record<string, number> {
  const out: Record<string, number> = {};
  for (const rs of h.list('replicasets.apps')) out[rs.metadata.name!] = (rs.spec as { replicas: number }).replicas;
  return out;
}

describe('Deployment controller', () => {
  it('creates a ReplicaSet named <deploy>-<hash> with the hash label, and reports a complete rollout', () => {
    const h = setup();
    const seen: string[] = [];
    h.c.watch({ verb: 'watch', group: 'apps', resource: 'deployments', namespace: 'default' }, (e) => {
      const c = condition(e.object as KObject, 'Progressing');
      if (c) seen.push(`${c.status} ${c.reason} ${c.message}`);
    });
    h.create(deploy('web', 3));
    h.settle();
    const [rs] = h.list('replicasets.apps');
    const hash = rs.metadata.labels!['pod-template-hash'];
    expect(hash).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{6,10}$/);
    expect(rs.metadata.name).toBe(`web-${hash}`);
    expect((rs.spec as { selector: unknown }).selector).toEqual({ matchLabels: { app: 'web', 'pod-template-hash': hash } });
    expect(rs.metadata.annotations).toEqual({
      'deployment.kubernetes.io/revision': '1',
      'deployment.kubernetes.io/desired-replicas': '3',
      'deployment.kubernetes.io/max-replicas': '4',
    });
    expect(h.events({ kind: 'Deployment' })).toEqual([`Normal ScalingReplicaSet Scaled up replica set web-${hash} from 0 to 3 (deployment-controller)`]);
    let d = h.get('deployments.apps', 'web')!;
    expect(seen[0]).toBe(`True NewReplicaSetCreated Created new replica set "web-${hash}"`);
    expect(condition(d, 'Progressing')).toMatchObject({ status: 'True', reason: 'ReplicaSetUpdated', message: `ReplicaSet "web-${hash}" is progressing.` });
    expect(condition(d, 'Available')).toMatchObject({ status: 'False', reason: 'MinimumReplicasUnavailable', message: 'Deployment does not have minimum availability.' });
    for (const p of h.list('pods')) expect(p.metadata.name).toMatch(new RegExp(`^web-${hash}-[a-z0-9]{5}$`));
    h.advance(5000);
    d = h.get('deployments.apps', 'web')!;
    expect(d.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('1');
    const st = d.status as Record<string, unknown>;
    expect(st).toMatchObject({ observedGeneration: 1, replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3 });
    expect(st.unavailableReplicas).toBeUndefined();
    expect((st.conditions as { type: string }[]).map((c) => c.type)).toEqual(['Available', 'Progressing']);
    expect(condition(d, 'Progressing')).toMatchObject({ status: 'True', reason: 'NewReplicaSetAvailable', message: `ReplicaSet "web-${hash}" has successfully progressed.` });
    expect(condition(d, 'Available')).toMatchObject({ status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.' });
  });

  it('rolls out step by step as in the worked example (replicas 3, surge 1, unavailable 0)', () => {
    const h = setup();
    h.create(deploy('web', 3));
    h.advance(5000);
    const oldName = h.list('replicasets.apps')[0].metadata.name!;
    setImage(h, 'web', 'nginx:1.27');
    // record the size of both sets at every ScalingReplicaSet event
    const steps: string[] = [];
    const rv = (h.req({ verb: 'list', resource: 'events', namespace: 'default' }).body as { metadata: { resourceVersion: string } }).metadata.resourceVersion;
    h.c.watch({ verb: 'watch', resource: 'events', namespace: 'default', query: { resourceVersion: rv } }, (e) => {
      const ev = e.object as KObject;
      if (e.type === 'ADDED' && ev.reason === 'ScalingReplicaSet') steps.push(String(ev.message));
    });
    const reasons: string[] = [];
    h.c.watch({ verb: 'watch', group: 'apps', resource: 'deployments', namespace: 'default' }, (e) => {
      const r = condition(e.object as KObject, 'Progressing')?.reason;
      if (r && reasons[reasons.length - 1] !== r) reasons.push(r);
    });
    h.advance(0);
    const newName = h.list('replicasets.apps').map((r) => r.metadata.name!).find((n) => n !== oldName)!;
    expect(sizes(h)).toEqual({ [oldName]: 3, [newName]: 1 });
    let d = h.get('deployments.apps', 'web')!;
    expect(reasons).toEqual(['NewReplicaSetAvailable', 'NewReplicaSetCreated', 'ReplicaSetUpdated']);
    expect(condition(d, 'Progressing')).toMatchObject({ reason: 'ReplicaSetUpdated', message: `ReplicaSet "${newName}" is progressing.` });
    expect(condition(d, 'Available')).toMatchObject({ status: 'True' }); // 3 available ≥ 3 − 0
    expect(h.get('replicasets.apps', newName)!.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('2');
    h.advance(30_000);
    expect(steps).toEqual([
      `Scaled up replica set ${newName} from 0 to 1`,
      `Scaled down replica set ${oldName} from 3 to 2`,
      `Scaled up replica set ${newName} from 1 to 2`,
      `Scaled down replica set ${oldName} from 2 to 1`,
      `Scaled up replica set ${newName} from 2 to 3`,
      `Scaled down replica set ${oldName} from 1 to 0`,
    ]);
    expect(sizes(h)).toEqual({ [oldName]: 0, [newName]: 3 });
    d = h.get('deployments.apps', 'web')!;
    expect(d.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('2');
    expect(condition(d, 'Progressing')).toMatchObject({ reason: 'NewReplicaSetAvailable', message: `ReplicaSet "${newName}" has successfully progressed.` });
    expect(h.list('pods').every((p) => p.metadata.labels?.['pod-template-hash'] === newName.slice(4))).toBe(true);
    expect(h.list('pods')).toHaveLength(3);
  });

  it('never has fewer than replicas − maxUnavailable available, nor more than replicas + maxSurge pods (replicas 10: 3/2)', () => {
    const h = setup();
    h.create(deploy('big', 10));
    h.advance(5000);
    setImage(h, 'big', 'nginx:1.27');
    let minAvail = 10, maxPods = 0;
    h.c.watch({ verb: 'watch', group: 'apps', resource: 'replicasets', namespace: 'default' }, () => {
      const rss = h.list('replicasets.apps');
      maxPods = Math.max(maxPods, rss.reduce((s, r) => s + (r.spec as { replicas: number }).replicas, 0));
      minAvail = Math.min(minAvail, rss.reduce((s, r) => s + ((r.status as { availableReplicas?: number })?.availableReplicas ?? 0), 0));
    });
    h.advance(60_000);
    expect(maxPods).toBe(13);
    expect(minAvail).toBe(8);
    const ev = h.events({ kind: 'Deployment', reason: 'ScalingReplicaSet' });
    expect(ev[1]).toMatch(/Scaled up replica set big-\w+ from 0 to 3/);
    expect(ev[2]).toMatch(/Scaled down replica set big-\w+ from 10 to 8/);
  });

  it('Recreate scales old pods to zero and waits until they are gone before creating new ones', () => {
    const h = setup();
    h.create(deploy('db', 2, 'postgres:16', { strategy: { type: 'Recreate' } }));
    h.advance(5000);
    const oldName = h.list('replicasets.apps')[0].metadata.name!;
    setImage(h, 'db', 'postgres:17');
    h.advance(0);
    expect(h.list('replicasets.apps')).toHaveLength(1);
    expect(sizes(h)).toEqual({ [oldName]: 0 });
    expect(condition(h.get('deployments.apps', 'db'), 'Available')).toMatchObject({ status: 'False', reason: 'MinimumReplicasUnavailable' });
    // pods are terminating (graceful delete), no new set yet
    expect(h.list('pods').every((p) => p.metadata.deletionTimestamp)).toBe(true);
    h.advance(1500);
    const names = h.list('replicasets.apps').map((r) => r.metadata.name!);
    expect(names).toHaveLength(2);
    const newName = names.find((n) => n !== oldName)!;
    expect(h.events({ kind: 'Deployment' }).slice(1)).toEqual([
      `Normal ScalingReplicaSet Scaled down replica set ${oldName} from 2 to 0 (deployment-controller)`,
      `Normal ScalingReplicaSet Scaled up replica set ${newName} from 0 to 2 (deployment-controller)`,
    ]);
  });

  it('rolls back with kubectl rollout undo: the old set becomes revision 3 with revision-history 1', () => {
    const h = setup();
    h.create(deploy('web', 2));
    h.advance(5000);
    const first = h.list('replicasets.apps')[0].metadata.name!;
    setImage(h, 'web', 'nginx:1.27');
    h.advance(30_000);
    const d = h.get('deployments.apps', 'web')!;
    const r = rollbackTarget(d, h.list('replicasets.apps'));
    expect(r.ok && 'template' in r && r.revision).toBe(1);
    if (!r.ok || !('template' in r)) throw new Error('no target');
    expect(r.template.metadata?.labels).toEqual({ app: 'web' });
    const res = h.req({ verb: 'patch', group: 'apps', resource: 'deployments', namespace: 'default', name: 'web', patchType: 'json', body: [{ op: 'replace', path: '/spec/template', value: r.template }] });
    expect(res.code).toBe(200);
    h.advance(30_000);
    const rs1 = h.get('replicasets.apps', first)!;
    expect(rs1.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('3');
    expect(rs1.metadata.annotations?.['deployment.kubernetes.io/revision-history']).toBe('1');
    expect((rs1.spec as { replicas: number }).replicas).toBe(2);
    expect(h.get('deployments.apps', 'web')!.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('3');
    expect(h.list('replicasets.apps')).toHaveLength(2); // no third set: the old one was re-used
    // undo again to the same template is skipped with kubectl's message
    const again = rollbackTarget(h.get('deployments.apps', 'web')!, h.list('replicasets.apps'), 3);
    expect(again).toEqual({ ok: true, skipped: true, revision: 3, message: 'deployment.apps/web skipped rollback (current template already matches revision 3)' });
    expect(rollbackTarget(h.get('deployments.apps', 'web')!, h.list('replicasets.apps'), 7)).toEqual({ ok: false, error: 'unable to find specified revision 7 in history' });
  });

  it('pause holds template changes, resume rolls them out; conditions DeploymentPaused / DeploymentResumed', () => {
    const h = setup();
    h.create(deploy('web', 2));
    h.advance(5000);
    h.req({ verb: 'patch', group: 'apps', resource: 'deployments', namespace: 'default', name: 'web', patchType: 'merge', body: { spec: { paused: true } } });
    h.advance(0);
    expect(condition(h.get('deployments.apps', 'web'), 'Progressing')).toMatchObject({ status: 'Unknown', reason: 'DeploymentPaused', message: 'Deployment is paused' });
    setImage(h, 'web', 'nginx:1.27');
    h.req({ verb: 'patch', group: 'apps', resource: 'deployments', namespace: 'default', name: 'web', patchType: 'merge', body: { spec: { replicas: 4 } } });
    h.advance(5000);
    expect(h.list('replicasets.apps')).toHaveLength(1);
    expect(Object.values(sizes(h))).toEqual([4]);
    h.req({ verb: 'patch', group: 'apps', resource: 'deployments', namespace: 'default', name: 'web', patchType: 'merge', body: { spec: { paused: false } } });
    h.advance(0);
    const d = h.get('deployments.apps', 'web')!;
    expect(h.list('replicasets.apps')).toHaveLength(2);
    expect(['DeploymentResumed', 'NewReplicaSetCreated', 'ReplicaSetUpdated']).toContain(condition(d, 'Progressing')?.reason);
    h.advance(60_000);
    expect(condition(h.get('deployments.apps', 'web'), 'Progressing')?.reason).toBe('NewReplicaSetAvailable');
  });

  it('marks ProgressDeadlineExceeded when new pods never become ready', () => {
    const h = setup();
    h.kubelet!.enabled = false; // pods are bound but never start
    h.create(deploy('stuck', 1, 'nginx:1.26', { progressDeadlineSeconds: 60 }));
    h.advance(59_000);
    expect(condition(h.get('deployments.apps', 'stuck'), 'Progressing')?.reason).toBe('ReplicaSetUpdated');
    h.advance(5_000);
    const rs = h.list('replicasets.apps')[0].metadata.name;
    expect(condition(h.get('deployments.apps', 'stuck'), 'Progressing')).toMatchObject({ status: 'False', reason: 'ProgressDeadlineExceeded', message: `ReplicaSet "${rs}" has timed out progressing.` });
  });

  it('rollout restart (restartedAt annotation) makes a new ReplicaSet; old sets beyond revisionHistoryLimit are deleted', () => {
    const h = setup();
    h.create(deploy('web', 1, 'nginx:1.26', { revisionHistoryLimit: 1 }));
    h.advance(5000);
    for (const t of ['2025-01-01T00:01:00Z', '2025-01-01T00:02:00Z', '2025-01-01T00:03:00Z']) {
      h.req({ verb: 'patch', group: 'apps', resource: 'deployments', namespace: 'default', name: 'web', patchType: 'strategic', body: { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': t } } } } } });
      h.advance(30_000);
    }
    const rss = h.list('replicasets.apps');
    expect(rss.map((r) => r.metadata.annotations?.['deployment.kubernetes.io/revision']).sort()).toEqual(['3', '4']);
    expect(h.get('deployments.apps', 'web')!.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('4');
  });

  it('minReadySeconds delays availability', () => {
    const h = setup();
    h.create(deploy('slow', 2, 'nginx:1.26', { minReadySeconds: 10 }));
    h.advance(3000);
    let d = h.get('deployments.apps', 'slow')!;
    expect(d.status).toMatchObject({ readyReplicas: 2 });
    expect((d.status as { availableReplicas?: number }).availableReplicas).toBeUndefined();
    h.advance(10_000);
    d = h.get('deployments.apps', 'slow')!;
    expect(d.status).toMatchObject({ readyReplicas: 2, availableReplicas: 2 });
  });

  it('scales proportionally when resized mid-rollout (max-replicas annotation)', () => {
    const h = setup();
    h.kubelet!.enabled = false; // nothing becomes ready: the rollout stays mid-way
    h.create(deploy('web', 10, 'nginx:1.26', { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 3, maxUnavailable: 2 } } }));
    h.advance(1000);
    // make the first set fully available by hand, as kubelets would
    const oldName = h.list('replicasets.apps')[0].metadata.name!;
    const rsObj = structuredClone(h.get('replicasets.apps', oldName)!) as KObject;
    rsObj.status = { replicas: 10, readyReplicas: 10, availableReplicas: 10, fullyLabeledReplicas: 10, observedGeneration: 1 };
    h.c.controllers.stop('replicaset-controller');
    h.req({ verb: 'update', group: 'apps', resource: 'replicasets', namespace: 'default', name: oldName, subresource: 'status', body: rsObj });
    setImage(h, 'web', 'nginx:1.27');
    h.advance(1000);
    // surge 3 and unavailable 2: new 0→3 (13 pods), old 10→8, new 3→5 (13 again); nothing new is available, so it stops there
    const mid = sizes(h);
    const newName = Object.keys(mid).find((n) => n !== oldName)!;
    expect(mid).toEqual({ [oldName]: 8, [newName]: 5 });
    h.req({ verb: 'patch', group: 'apps', resource: 'deployments', namespace: 'default', name: 'web', patchType: 'merge', body: { spec: { replicas: 20 } } });
    h.advance(1000);
    // 13 → 23 allowed (20 + 3): 10 more, split by size using max-replicas 13: old round(8·23/13)=14, new round(5·23/13)=9
    expect(sizes(h)).toEqual({ [oldName]: 14, [newName]: 9 });
    expect(h.events({ kind: 'Deployment', reason: 'ScalingReplicaSet' }).slice(-2)).toEqual([
      `Normal ScalingReplicaSet Scaled up replica set ${oldName} from 8 to 14 (deployment-controller)`,
      `Normal ScalingReplicaSet Scaled up replica set ${newName} from 5 to 9 (deployment-controller)`,
    ]);
    expect(h.get('replicasets.apps', newName)!.metadata.annotations!['deployment.kubernetes.io/desired-replicas']).toBe('20');
  });
});
