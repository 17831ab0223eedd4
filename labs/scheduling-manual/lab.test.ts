/**
 * What lesson 10 tells the learner they will see, on the lab's cluster: http-go-ssd waits
 * with the exact FailedScheduling text the lesson quotes until a node gets disktype=ssd; a
 * pod with spec.nodeName gets no Scheduled event, a nodeSelector pod gets one from
 * default-scheduler; and the nodename task tells the two apart.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import lab from './lab';
import { Session, readClient } from '../../src/worker/session';
import { engine } from '../../src/worker/engine';

type Ev = { reason?: string; message?: string; involvedObject?: { name?: string }; source?: { component?: string }; reportingComponent?: string };
const LESSON = readFileSync('content/03-scheduling/01-placing-pods/10-manual-scheduling.mdx', 'utf8');

describe('scheduling-manual', () => {
  it('http-go-ssd waits with the FailedScheduling message the lesson quotes, until a node is labelled', async () => {
    const s = Session.start(engine, lab);
    const k = readClient(s.cluster);
    const failed = (k.list('events') as Ev[]).filter((e) => e.involvedObject?.name === 'http-go-ssd' && e.reason === 'FailedScheduling');
    expect(failed.length).toBeGreaterThan(0);
    expect(failed[0].message).toBe(
      "0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 node(s) didn't match Pod's node affinity/selector. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.",
    );
    expect(LESSON).toContain(failed[0].message);
    expect(await s.runLines(['kubectl label node node01 disktype=ssd'])).toContain('node/node01 labeled');
    s.cluster.clock.advance(60_000);
    expect(s.checks().find((t) => t.id === 'ssd-fixed')?.passed).toBe(true);
    s.dispose();
  });

  it('nodeName skips the scheduler; a pod placed by the scheduler does not count for the nodename task', async () => {
    const s = Session.start(engine, lab);
    const pinned = lab.files.find((f) => f.name === 'http-go.yaml')!.content;
    expect((await s.apply(pinned)).ok).toBe(true);
    s.cluster.clock.advance(60_000);
    const k = readClient(s.cluster);
    const reasons = (k.list('events') as Ev[]).filter((e) => e.involvedObject?.name === 'http-go').map((e) => e.reason);
    expect(reasons).not.toContain('Scheduled');
    expect(reasons).toContain('Started');
    expect(s.checks().find((t) => t.id === 'nodename')?.passed).toBe(true);

    // the same pod without nodeName, on a cluster where only node01 is schedulable for it
    const s2 = Session.start(engine, lab);
    await s2.runLines(['kubectl label node node01 only=here']);
    expect((await s2.apply(pinned.replace('  nodeName: node01\n', '  nodeSelector:\n    only: here\n'))).ok).toBe(true);
    s2.cluster.clock.advance(60_000);
    const t = s2.checks().find((x) => x.id === 'nodename')!;
    expect(t.passed).toBe(false);
    expect(t.detail).toMatch(/^http-go was placed by default-scheduler/);
    s.dispose();
    s2.dispose();
  });
});
