import { describe, expect, it } from 'vitest';
import type { KObject } from '../api/types';
import { nodeHarness } from './testing';

describe('CrashLoopBackOff', () => {
  it('restarts after 1s (PLEG), then waits 10s, 20s, 40s, 1m20s, 2m40s, 5m0s, 5m0s', () => {
    const h = nodeHarness();
    const starts: number[] = [];
    let last = -1;
    h.c.watch({ verb: 'watch', resource: 'pods', namespace: 'default' }, (e) => {
      const cs = ((e.object as KObject).status as any)?.containerStatuses?.[0];
      if (!cs?.state?.running && !cs?.state?.terminated) return;
      const n = cs.restartCount;
      if (n !== last) {
        last = n;
        starts.push(h.c.clock.now());
      }
    });
    const p = h.run({ metadata: { name: 'crash' }, spec: { containers: [{ name: 'app', image: 'busybox:1.36', imagePullPolicy: 'IfNotPresent', command: ['sh', '-c', 'echo starting; exit 1'] }] } });
    for (let k = 0; k < 20 * 60 * 10; k++) h.advance(100);
    const gaps = starts.slice(1).map((t, i) => t - starts[i]);
    expect(gaps.slice(0, 8)).toEqual([1000, 10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000]);
    const cs = h.status('crash').containerStatuses[0];
    expect(cs.lastState.terminated).toMatchObject({ exitCode: 1, reason: 'Error' });
    const uid = p.metadata.uid;
    expect(h.events('crash')).toContain(`Warning BackOff Back-off restarting failed container app in pod crash_default(${uid})`);
    expect(h.logs('crash', { previous: true }).body).toBe('starting\n');
  });

  it('shows Error, then CrashLoopBackOff with the back-off in the message', () => {
    const h = nodeHarness();
    const p = h.run({ metadata: { name: 'c' }, spec: { containers: [{ name: 'app', image: 'busybox:1.36', command: ['sh', '-c', 'exit 2'] }] } });
    // pulled and started by ~2s, restarted 1s later, then the second exit enters the 10s back-off
    h.advance(8_000);
    const cs = h.status('c').containerStatuses[0];
    expect(cs.state.waiting).toEqual({ reason: 'CrashLoopBackOff', message: `back-off 10s restarting failed container=app pod=c_default(${p.metadata.uid})` });
    expect(cs.lastState.terminated).toMatchObject({ exitCode: 2, reason: 'Error' });
    expect(h.status('c').phase).toBe('Running');
    expect(cs.ready).toBe(false);
  });

  it('under restartPolicy Always a command that finishes cycles through Completed', () => {
    const h = nodeHarness();
    h.run({ metadata: { name: 'bb' }, spec: { containers: [{ name: 'bb', image: 'busybox' }] } });
    h.advance(20_000);
    const cs = h.status('bb').containerStatuses[0];
    expect(cs.restartCount).toBeGreaterThanOrEqual(1);
    expect((cs.lastState.terminated ?? cs.state.terminated).reason).toBe('Completed');
  });

  it('OnFailure restarts a failing container but not a finished one', () => {
    const h = nodeHarness();
    h.run({ metadata: { name: 'of' }, spec: { restartPolicy: 'OnFailure', containers: [{ name: 'c', image: 'busybox:1.36', command: ['sh', '-c', 'exit 0'] }] } });
    h.advance(20_000);
    expect(h.status('of').phase).toBe('Succeeded');
    expect(h.status('of').containerStatuses[0].restartCount).toBe(0);
  });
});
