/**
 * The first-pod lab's checks tell the learner's steps apart: applying pod.yaml alone
 * finishes exactly the three web tasks (the page's e2e test counts them), the start
 * state's broken `shop` never counts as the learner's own failed pull, and breaking `web`
 * itself does.
 */
import { describe, expect, it } from 'vitest';
import lab from './lab';
import { engine } from '../../src/worker/engine';
import { Session } from '../../src/worker/session';

const passed = (s: Session) => s.checks().filter((t) => t.passed).map((t) => t.id);

describe('first-pod lab', () => {
  it('pod.yaml alone finishes the three web tasks and nothing else', async () => {
    const s = Session.start(engine, lab);
    try {
      expect(passed(s)).toEqual([]);
      await s.apply(lab.files[0].content);
      for (let i = 0; i < 60; i++) s.cluster.clock.advance(1000);
      expect(passed(s)).toEqual(['pod-exists', 'pod-labelled', 'pod-ready']);
      const shop = s.checks().find((t) => t.id === 'shop-fixed');
      expect(shop?.detail).toBe('shop still asks for nginx:1.72, a tag that nginx never published.');
    } finally {
      s.dispose();
    }
  });

  it('breaking web with a bad tag counts as the failed pull, and survives fixing it', async () => {
    const s = Session.start(engine, lab);
    try {
      await s.apply(lab.files[0].content);
      for (let i = 0; i < 30; i++) s.cluster.clock.advance(1000);
      await s.runLines(['kubectl set image pod/web web=nginx:1.27-nope']);
      for (let i = 0; i < 30; i++) s.cluster.clock.advance(1000);
      expect(passed(s)).toContain('pull-failed');
      expect(passed(s)).not.toContain('pod-ready');
      await s.runLines(['kubectl set image pod/web web=nginx:1.27']);
      for (let i = 0; i < 330; i++) s.cluster.clock.advance(1000);
      expect(passed(s)).toEqual(expect.arrayContaining(['pod-ready', 'pull-failed']));
    } finally {
      s.dispose();
    }
  });
});
