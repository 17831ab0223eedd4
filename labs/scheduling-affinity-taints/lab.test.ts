/**
 * Lesson 11 on the lab's cluster: the third cache replica waits with the FailedScheduling
 * text the lesson quotes; web replicas created after the taint avoid node01, and ones placed
 * before it do not count; blue needs both its toleration and its affinity.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import lab from './lab';
import { Session, readClient } from '../../src/worker/session';
import { engine } from '../../src/worker/engine';

type Ev = { reason?: string; message?: string; involvedObject?: { name?: string } };
const LESSON = readFileSync('content/03-scheduling/01-placing-pods/11-affinity-and-taints.mdx', 'utf8');
const status = (s: Session) => Object.fromEntries(s.checks().map((t) => [t.id, t.passed]));

describe('scheduling-affinity-taints', () => {
  it('starts with one cache replica Pending for the reason the lesson quotes', () => {
    const s = Session.start(engine, lab);
    const k = readClient(s.cluster);
    const pending = (k.list('pods', { labelSelector: 'app=cache' }) as { metadata: { name?: string }; status?: { phase?: string } }[]).filter((p) => p.status?.phase === 'Pending');
    expect(pending.length).toBe(1);
    const msg = (k.list('events') as Ev[]).find((e) => e.reason === 'FailedScheduling' && e.involvedObject?.name === pending[0].metadata.name)?.message;
    expect(msg).toBe(
      "0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 node(s) didn't match pod anti-affinity rules. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.",
    );
    expect(LESSON).toContain(msg);
    s.dispose();
  });

  it('web replicas placed before the taint do not count; after the taint they avoid node01', async () => {
    const s = Session.start(engine, lab);
    await s.runLines(['kubectl create deployment web --image=nginx:1.27 --replicas=6']);
    s.cluster.clock.advance(60_000);
    await s.runLines(['kubectl taint nodes node01 app=blue:NoSchedule']);
    s.cluster.clock.advance(10_000);
    expect(status(s)['web-avoids']).toBe(false);
    await s.runLines(['kubectl delete deployment web', 'kubectl create deployment web --image=nginx:1.27 --replicas=3']);
    s.cluster.clock.advance(60_000);
    expect(status(s)['web-avoids']).toBe(true);
    s.dispose();
  });

  it('blue with a toleration but no affinity does not count, even if it lands on node01', async () => {
    const s = Session.start(engine, lab);
    await s.runLines(['kubectl taint nodes node01 app=blue:NoSchedule', 'kubectl label node node01 color=blue']);
    const blue = lab.files[0].content;
    const noAffinity = blue.replace(/  affinity:[\s\S]*?(?=  containers:)/, '');
    expect((await s.apply(noAffinity)).ok).toBe(true);
    s.cluster.clock.advance(60_000);
    expect(status(s)['blue-on-node01']).toBe(false);
    await s.runLines(['kubectl delete pod blue']);
    s.cluster.clock.advance(60_000);
    expect((await s.apply(blue)).ok).toBe(true);
    s.cluster.clock.advance(60_000);
    expect(status(s)['blue-on-node01']).toBe(true);
    s.dispose();
  });
});
