/**
 * The lesson's story for the second scheduler, end to end on the lab's cluster: with only
 * the built-in system:kube-scheduler role, my-scheduler runs but cannot read its lease and
 * places nothing (the pod waits with no events); the seed's fix, `kubectl edit clusterrole
 * system:kube-scheduler` adding my-scheduler to the lease rule's resourceNames, lets it
 * take the lease and place the pod, which then carries a Scheduled event from my-scheduler.
 */
import { describe, expect, it } from 'vitest';
import lab from './lab';
import { Session, readClient } from '../../src/worker/session';
import { engine } from '../../src/worker/engine';
import { createShell } from '../../src/shell';
import type { NodeHost } from '../../src/sim/node/host';
import type { ClusterLike } from '../../src/worker/cluster-like';

type Ev = { reason?: string; involvedObject?: { name?: string }; source?: { component?: string }; reportingComponent?: string };

function setup(edit?: (text: string) => string) {
  const session = Session.start(engine, lab);
  const c = session.cluster as ClusterLike & { node(name: string): NodeHost | undefined };
  const sh = createShell({
    client: { request: (r) => c.request(r), watch: (r, f) => c.watch(r, f), now: () => c.clock.now() },
    interactive: false,
    crlf: false,
    streamLimitMs: 10_000,
    sleep: async (ms) => c.clock.advance(ms),
    node: (n) => c.node(n),
    edit: edit && (async (text) => edit(text)),
  });
  for (const f of lab.files) sh.session.fs.write(`/root/${f.name}`, f.content);
  let out = '';
  sh.onOutput((t) => (out += t));
  const run = async (line: string) => {
    out = '';
    await sh.feed(line);
    return out;
  };
  const passed = () => session.checks().filter((t) => t.passed).map((t) => t.id);
  const eventsOf = (name: string) => (readClient(c).list('events') as Ev[]).filter((e) => e.involvedObject?.name === name);
  return { session, c, run, passed, eventsOf };
}

describe('schedulers-second', () => {
  it('my-scheduler without its lease permission places nothing, and the pod waits without events', async () => {
    const t = setup();
    expect(await t.run('kubectl apply -f my-scheduler.yaml')).toContain('deployment.apps/my-scheduler created');
    t.c.clock.advance(60_000);
    expect(t.passed()).toEqual(['scheduler-running']);
    const pod = readClient(t.c).get('pods', 'annotation-second-scheduler') as { spec?: { nodeName?: string }; status?: { phase?: string } };
    expect(pod.spec?.nodeName).toBeUndefined();
    expect(pod.status?.phase).toBe('Pending');
    expect(t.eventsOf('annotation-second-scheduler')).toEqual([]);
    expect(await t.run('kubectl logs -n kube-system deployment/my-scheduler --tail=1')).toContain(
      'error retrieving resource lock kube-system/my-scheduler: leases.coordination.k8s.io "my-scheduler" is forbidden: User "system:serviceaccount:kube-system:my-scheduler" cannot get resource "leases" in API group "coordination.k8s.io" in the namespace "kube-system"',
    );
    t.session.dispose();
  });

  it("the seed's fix, kubectl edit clusterrole system:kube-scheduler, lets my-scheduler place the pod", async () => {
    // What a learner does in the editor: add my-scheduler under the lease rule's resourceNames.
    const t = setup((text) => text.replace(/(resourceNames:\n(\s*)- kube-scheduler\n)(\s*resources:\n\s*- leases\n)/, '$1$2- my-scheduler\n$3'));
    await t.run('kubectl apply -f my-scheduler.yaml');
    t.c.clock.advance(30_000);
    expect(await t.run('kubectl edit clusterrole system:kube-scheduler')).toBe('clusterrole.rbac.authorization.k8s.io/system:kube-scheduler edited\n');
    t.c.clock.advance(30_000);
    expect(t.passed()).toEqual(['scheduler-running', 'lease-allowed', 'second-pod']);
    const scheduled = t.eventsOf('annotation-second-scheduler').filter((e) => e.reason === 'Scheduled');
    expect(scheduled.map((e) => e.source?.component || e.reportingComponent)).toEqual(['my-scheduler']);
    expect(await t.run('kubectl logs -n kube-system deployment/my-scheduler --tail=1')).toContain('successfully acquired lease kube-system/my-scheduler');
    t.session.dispose();
  });

  it('pods that name no running scheduler are left alone by default-scheduler', async () => {
    const t = setup();
    t.c.clock.advance(120_000);
    expect(t.passed()).toEqual([]);
    expect(t.eventsOf('annotation-second-scheduler')).toEqual([]);
    expect(t.eventsOf('annotation-default-scheduler').map((e) => e.reason)).toContain('Scheduled');
    t.session.dispose();
  });
});
