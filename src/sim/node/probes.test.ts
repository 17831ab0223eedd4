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

describe('bad input inside container specs', () => {
  it('a script with a syntax error exits 2 with the shell message, and crash-loops', () => {
    const h = nodeHarness();
    h.run({ metadata: { name: 'syntax' }, spec: { containers: [{ name: 'c', image: 'ubuntu:22.04', command: ['sh', '-c', 'while true; do echo hi'] }] } });
    h.advance(40_000);
    const cs = h.status('syntax').containerStatuses[0];
    expect((cs.lastState.terminated ?? cs.state.terminated).exitCode).toBe(2);
    expect(h.logs('syntax', { previous: true }).body).toBe('sh: 1: Syntax error: end of file unexpected (expecting "done")\n');
  });

  it('$(UNDEFINED) is left as written, and the shell then runs it as a command substitution', () => {
    const h = nodeHarness();
    h.run({ metadata: { name: 'undef' }, spec: { containers: [{ name: 'c', image: 'busybox:1.36', command: ['sh', '-c', 'echo "[$(UNDEFINED)]"; sleep 3600'] }] } });
    h.run({ metadata: { name: 'wrapped' }, spec: { containers: [{ name: 'c', image: 'nginx:1.27', args: ['foo'] }] } });
    h.advance(20_000);
    expect(h.logs('undef').body).toBe('sh: UNDEFINED: not found\n[]\n');
    // args replace CMD; nginx's entrypoint script starts and fails to exec the missing command
    const cs = h.status('wrapped').containerStatuses[0];
    expect((cs.lastState.terminated ?? cs.state.terminated)).toMatchObject({ exitCode: 127, reason: 'Error' });
    expect(h.logs('wrapped', cs.state.running ? { previous: true } : {}).body).toBe('/docker-entrypoint.sh: 47: exec: foo: not found\n');
  });

  it('probes on a missing named port, an exec probe of a missing binary and a closed gRPC port never break the engine', () => {
    const h = nodeHarness();
    h.run({
      metadata: { name: 'odd' },
      spec: {
        containers: [
          {
            name: 'c',
            image: 'nginx:1.27',
            readinessProbe: { httpGet: { port: 'no-such-port', path: '/' }, periodSeconds: 3 },
            livenessProbe: { exec: { command: ['nosuchcmd'] }, periodSeconds: 3 },
            startupProbe: { grpc: { port: 9090 }, periodSeconds: 3, failureThreshold: 2 },
          },
        ],
      },
    });
    h.advance(60_000);
    const st = h.status('odd');
    expect(st.containerStatuses[0].restartCount).toBeGreaterThanOrEqual(1);
    expect(h.events('odd')).toContain('Warning Unhealthy Startup probe failed: timeout: failed to connect service ":9090" within 1s');
    expect(h.events('odd')).toContain('Normal Killing Container c failed startup probe, will be restarted');
  });

  it('logs since a number of seconds', () => {
    const h = nodeHarness();
    h.run({ metadata: { name: 'tick' }, spec: { containers: [{ name: 'c', image: 'busybox:1.36', command: ['sh', '-c', 'i=0; while true; do echo $i; i=$((i+1)); sleep 10; done'] }] } });
    h.advance(65_000);
    const all = (h.logs('tick').body as string).trimEnd().split('\n');
    const recent = (h.logs('tick', { sinceSeconds: 25 }).body as string).trimEnd().split('\n');
    expect(recent.length).toBeLessThan(all.length);
    expect(recent.length).toBeGreaterThanOrEqual(2);
    expect(recent[recent.length - 1]).toBe(all[all.length - 1]);
  });
});
