import { describe, expect, it } from 'vitest';
import { nodeHarness } from './testing';

describe('probes', () => {
  it('exec liveness (the docs example): Unhealthy, Killing, restart after the grace period', () => {
    const h = nodeHarness();
    h.run({
      metadata: { name: 'liveness-exec', labels: { test: 'liveness' } },
      spec: {
        containers: [
          {
            name: 'liveness',
            image: 'registry.k8s.io/busybox:1.27.2',
            args: ['/bin/sh', '-c', 'touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600'],
            livenessProbe: { exec: { command: ['cat', '/tmp/healthy'] }, initialDelaySeconds: 5, periodSeconds: 5 },
          },
        ],
      },
    });
    h.advance(30_000);
    expect(h.events('liveness-exec').filter((e) => e.includes('Unhealthy'))).toEqual([]);
    h.advance(20_000);
    const ev = h.events('liveness-exec');
    expect(ev).toContain("Warning Unhealthy Liveness probe failed: cat: can't open '/tmp/healthy': No such file or directory");
    expect(ev).toContain('Normal Killing Container liveness failed liveness probe, will be restarted');
    expect(h.status('liveness-exec').containerStatuses[0].restartCount).toBe(0);
    // sh ignores SIGTERM as PID 1: SIGKILL after terminationGracePeriodSeconds (30s)
    h.advance(35_000);
    const cs = h.status('liveness-exec').containerStatuses[0];
    expect(cs.restartCount).toBe(1);
    expect(cs.lastState.terminated).toMatchObject({ exitCode: 137, reason: 'Error' });
  });

  it('HTTP liveness against k8s.gcr.io/liveness fails with statuscode 500 after 10s', () => {
    const h = nodeHarness();
    h.run({
      metadata: { name: 'liveness-http' },
      spec: { containers: [{ name: 'liveness', image: 'registry.k8s.io/liveness', args: ['/server'], livenessProbe: { httpGet: { path: '/healthz', port: 8080 }, initialDelaySeconds: 3, periodSeconds: 3 } }] },
    });
    h.advance(40_000);
    const ev = h.events('liveness-http');
    expect(ev).toContain('Warning Unhealthy Liveness probe failed: HTTP probe failed with statuscode: 500');
    expect(ev).toContain('Normal Killing Container liveness failed liveness probe, will be restarted');
  });

  it('readiness on a closed port: never ready, connection refused, no restarts', () => {
    const h = nodeHarness();
    h.run({
      metadata: { name: 'r' },
      spec: { containers: [{ name: 'web', image: 'nginx:1.27', readinessProbe: { httpGet: { path: '/', port: 8080 }, periodSeconds: 5 } }] },
    });
    h.advance(60_000);
    const st = h.status('r');
    expect(st.phase).toBe('Running');
    expect(st.containerStatuses[0].ready).toBe(false);
    expect(st.containerStatuses[0].restartCount).toBe(0);
    expect(st.conditions.find((c: any) => c.type === 'Ready')).toMatchObject({ status: 'False', reason: 'ContainersNotReady', message: 'containers with unready status: [web]' });
    expect(h.events('r')).toContain(`Warning Unhealthy Readiness probe failed: Get "http://${st.podIP}:8080/": dial tcp ${st.podIP}:8080: connect: connection refused`);
  });

  it('readiness on the right port makes the pod Ready after the first success', () => {
    const h = nodeHarness();
    h.run({ metadata: { name: 'ok' }, spec: { containers: [{ name: 'web', image: 'nginx:1.27', readinessProbe: { httpGet: { path: '/', port: 80 }, initialDelaySeconds: 5, periodSeconds: 5 } }] } });
    h.advance(5_000);
    expect(h.status('ok').containerStatuses[0].ready).toBe(false);
    h.advance(10_000);
    expect(h.status('ok').containerStatuses[0].ready).toBe(true);
  });

  it('a startup probe holds liveness back and marks started', () => {
    const h = nodeHarness();
    h.run({
      metadata: { name: 's' },
      spec: { containers: [{ name: 'web', image: 'nginx:1.27', startupProbe: { tcpSocket: { port: 80 }, periodSeconds: 2, failureThreshold: 30 }, livenessProbe: { tcpSocket: { port: 80 } } }] },
    });
    h.advance(3_000);
    h.advance(10_000);
    const cs = h.status('s').containerStatuses[0];
    expect(cs.started).toBe(true);
    expect(cs.ready).toBe(true);
  });
});

describe('graceful termination', () => {
  it('nginx stops on SIGTERM: Killing event, then the pod is deleted', () => {
    const h = nodeHarness();
    h.run({ metadata: { name: 'web' }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } });
    h.advance(20_000);
    const res = h.c.request({ verb: 'delete', resource: 'pods', namespace: 'default', name: 'web' });
    expect(res.code).toBeLessThan(300);
    expect(h.pod('web')?.metadata.deletionTimestamp).toBeDefined();
    h.advance(1_000);
    expect(h.pod('web')).toBeUndefined();
    expect(h.events('web')).toContain('Normal Killing Stopping container web');
  });

  it('sleep as PID 1 ignores SIGTERM: the pod takes the full 30s grace period', () => {
    const h = nodeHarness();
    h.run({ metadata: { name: 'sleeper' }, spec: { containers: [{ name: 'c', image: 'busybox:1.36', command: ['sleep', '3600'] }] } });
    h.advance(20_000);
    h.c.request({ verb: 'delete', resource: 'pods', namespace: 'default', name: 'sleeper' });
    h.advance(29_000);
    expect(h.pod('sleeper')).toBeDefined();
    h.advance(2_000);
    expect(h.pod('sleeper')).toBeUndefined();
  });

  it('a TERM trap ends the script early, and preStop sleeps count against the grace', () => {
    const h = nodeHarness();
    h.run({ metadata: { name: 'trap' }, spec: { containers: [{ name: 'c', image: 'busybox:1.36', command: ['sh', '-c', "trap 'exit 0' TERM; while true; do sleep 1; done"] }] } });
    h.run({
      metadata: { name: 'hook' },
      spec: { containers: [{ name: 'c', image: 'nginx:1.27', lifecycle: { preStop: { exec: { command: ['sh', '-c', 'sleep 5'] } } } }] },
    });
    h.advance(20_000);
    h.c.request({ verb: 'delete', resource: 'pods', namespace: 'default', name: 'trap' });
    h.c.request({ verb: 'delete', resource: 'pods', namespace: 'default', name: 'hook' });
    h.advance(1_000);
    expect(h.pod('trap')).toBeUndefined();
    expect(h.pod('hook')).toBeDefined();
    h.advance(5_000);
    expect(h.pod('hook')).toBeUndefined();
  });
});
