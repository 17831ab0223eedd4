/**
 * The control-plane lab's "patient waited" check reads only cluster state: a pod the
 * running scheduler bound at once does not count; one created while the scheduler's
 * static pod manifest was moved away, and bound after it came back, does.
 */
import { describe, expect, it } from 'vitest';
import lab from './lab';
import { engine } from '../../src/worker/engine';
import { Session } from '../../src/worker/session';

const task = (s: Session, id: string) => s.checks().find((t) => t.id === id)!;
/** One shell session per call, as a learner types the lines in one terminal. */
const run = (s: Session, lines: string[]) => s.runLines(lines);

describe('control-plane-failures lab', () => {
  it('does not count a patient the running scheduler placed at once', async () => {
    const s = Session.start(engine, lab);
    try {
      await run(s, ['kubectl run patient --image=nginx:1.27']);
      for (let i = 0; i < 30; i++) s.cluster.clock.advance(1000);
      expect(task(s, 'patient-waited')).toMatchObject({
        passed: false,
        detail: 'patient was scheduled right away, so the scheduler was running. Delete it, stop the scheduler, and apply patient.yaml again.',
      });
    } finally {
      s.dispose();
    }
  });

  it('counts a patient that waited while the scheduler manifest was moved away', async () => {
    const s = Session.start(engine, lab);
    try {
      await run(s, ['ssh controlplane', 'mv /etc/kubernetes/manifests/kube-scheduler.yaml /root/', 'exit']);
      for (let i = 0; i < 30; i++) s.cluster.clock.advance(1000);
      await run(s, ['kubectl run patient --image=nginx:1.27']);
      for (let i = 0; i < 30; i++) s.cluster.clock.advance(1000);
      expect(task(s, 'patient-waited').detail).toMatch(/^patient is Pending with no node/);
      await run(s, ['ssh controlplane', 'mv /root/kube-scheduler.yaml /etc/kubernetes/manifests/', 'exit']);
      for (let i = 0; i < 30; i++) s.cluster.clock.advance(1000);
      expect(task(s, 'patient-waited').passed).toBe(true);
    } finally {
      s.dispose();
    }
  });
});
