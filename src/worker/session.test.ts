import { describe, expect, it } from 'vitest';
import { defineLab } from '../labs/schema';
import { Session, readClient } from './session';
import { engine } from './engine';
import { isSaved, SAVE_VERSION } from './store';

const pod = `apiVersion: v1
kind: Pod
metadata:
  name: web
  labels:
    app: web
spec:
  containers:
    - name: web
      image: nginx:1.27
`;

const lab = defineLab({
  id: 'session-test',
  title: 'Session test',
  tasks: [
    {
      id: 'ready',
      title: 'web is Running',
      check: (k) => (k.get('pods', 'web')?.status as { phase?: string } | undefined)?.phase === 'Running' || 'web is not running yet',
    },
  ],
  solution: {},
});

describe('Session', () => {
  it('checks live state, and a snapshot restores the same cluster and progress', async () => {
    const s = Session.start(engine, lab);
    expect(s.checks()).toEqual([{ id: 'ready', title: 'web is Running', passed: false, detail: 'web is not running yet' }]);
    expect((await s.apply(pod)).output).toBe('pod/web created');
    for (let i = 0; i < 30; i++) s.tick(1000);
    expect(s.checks()[0].passed).toBe(true);
    const map = s.map();
    expect(map.nodes.map((n) => `${n.name} ${n.status}`)).toEqual(['controlplane Ready', 'node01 Ready', 'node02 Ready']);
    expect(map.pods.find((p) => p.name === 'web')).toMatchObject({ status: 'Running', ready: '1/1' });

    const saved = JSON.parse(JSON.stringify(s.serialize()));
    const r = Session.restore(engine, lab, saved);
    expect(r.cluster.clock.now()).toBe(s.cluster.clock.now());
    expect(r.checks()[0].passed).toBe(true);
    // The learner's objects come back as they were. (Static control-plane pods restart on
    // restore for a few seconds: the kubelet re-reads its manifests, an engine matter.)
    expect(r.map().nodes).toEqual(map.nodes);
    expect(r.map().pods.find((p) => p.name === 'web')).toEqual(map.pods.find((p) => p.name === 'web'));
    r.tick(1000);
    expect(r.cluster.clock.now()).toBe(s.cluster.clock.now() + 1000);
  });

  it('reports each reconcile once, with what the controller saw, decided and did', async () => {
    const s = Session.start(engine, lab);
    s.newActivity();
    await s.apply(pod);
    s.tick(1000);
    const { entries, reset } = s.newActivity();
    expect(reset).toBe(false);
    const sched = entries.find((e) => e.controller === 'default-scheduler' && e.key === 'default/web');
    expect(sched?.did.some((d) => d.includes('web'))).toBe(true);
    expect(s.newActivity()).toEqual({ entries: [], reset: false });
  });

  it("gives the shells the lab's files, as the editor last left them", async () => {
    const withFile = defineLab({ ...lab, files: [{ name: 'pod.yaml', content: pod.replace('name: web\n  labels', 'name: first\n  labels') }] });
    const s = Session.start(engine, withFile);
    expect(await s.runLines(['kubectl apply -f pod.yaml'])).toContain('pod/first created');
    s.writeFile('pod.yaml', pod);
    expect(await s.runLines(['kubectl apply -f pod.yaml'])).toContain('pod/web created');
  });

  it('read client resolves short names and all namespaces', () => {
    const s = Session.start(engine, lab);
    const k = readClient(s.cluster);
    expect(k.get('no', 'node01')?.metadata.name).toBe('node01');
    expect(k.list('po', { ns: 'kube-system' }).some((p) => p.metadata.name === 'etcd-controlplane')).toBe(true);
    expect(() => k.list('flowers')).toThrow('the server doesn\'t have a resource type "flowers"');
  });
});

describe('saved sandboxes', () => {
  const ok = { v: SAVE_VERSION, lesson: 'a/b/c', labPrint: 'P', speed: '1', cluster: {} };
  it('accepts its own format and says why it drops anything else', () => {
    expect(isSaved(ok, 'a/b/c', 'P')).toEqual({ ok: true, value: ok });
    expect(isSaved('garbage', 'a/b/c', 'P')).toEqual({ ok: false, why: 'the saved data is unreadable' });
    expect(isSaved({ ...ok, v: 0 }, 'a/b/c', 'P')).toEqual({ ok: false, why: 'it was saved by an older version of the site' });
    expect(isSaved(ok, 'a/b/c', 'Q')).toEqual({ ok: false, why: 'the lab has changed since' });
    expect(isSaved({ ...ok, cluster: null }, 'a/b/c', 'P')).toEqual({ ok: false, why: 'the saved cluster is missing' });
  });
});
