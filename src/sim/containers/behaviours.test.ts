import { describe, expect, it } from 'vitest';
import { nodeHarness } from '../node/testing';
import { piDigits } from './behaviours';
import { bootstrapSchedulingObjects } from '../scheduler/bootstrap';
import { usageOf } from '../node/usage';

function get(h: ReturnType<typeof nodeHarness>, from: string, url: string): string {
  const r = h.exec(from, ['wget', '-qO-', url]).body as { stdout: string; stderr: string };
  return r.stdout || r.stderr;
}

describe('container behaviours', () => {
  it('web servers answer what the real images answer', () => {
    const h = nodeHarness();
    const pods: [string, Record<string, unknown>][] = [
      ['nginx', { image: 'nginx:1.27' }],
      ['httpd', { image: 'httpd:2.4' }],
      ['echo', { image: 'hashicorp/http-echo:1.0', args: ['-text=hi there', '-listen=:8080'] }],
      ['mini', { image: 'k8spatterns/mini-http-server', env: [{ name: 'MESSAGE', value: 'Hello from mini' }] }],
      ['blue', { image: 'argoproj/rollouts-demo:blue' }],
      ['go', { image: 'gasbugs/http-go' }],
      ['hpa', { image: 'registry.k8s.io/hpa-example' }],
      ['client', { image: 'busybox:1.36', command: ['sleep', 'infinity'] }],
    ];
    for (const [name, c] of pods) h.run({ metadata: { name }, spec: { containers: [{ name, ...c }] } });
    h.advance(60_000);
    const ip = (n: string) => h.status(n).podIP as string;
    expect(get(h, 'client', `http://${ip('nginx')}`)).toContain('<h1>Welcome to nginx!</h1>');
    expect(get(h, 'client', `http://${ip('httpd')}`)).toBe('<html><body><h1>It works!</h1></body></html>\n');
    expect(get(h, 'client', `http://${ip('echo')}:8080`)).toBe('hi there\n');
    expect(get(h, 'client', `http://${ip('mini')}:8080`)).toBe('Hello from mini\n');
    expect(get(h, 'client', `http://${ip('blue')}:8080/color`)).toBe('"blue"');
    expect(get(h, 'client', `http://${ip('go')}:8080`)).toBe('Welcome! go\n');
    expect(get(h, 'client', `http://${ip('hpa')}`)).toBe('OK!');
    expect(get(h, 'client', `http://${ip('nginx')}/nope`)).toBe('wget: server returned error: HTTP/1.1 404 Not Found\n');
    expect(get(h, 'client', `http://${ip('nginx')}:8080`)).toBe(`wget: can't connect to remote host (${ip('nginx')}): Connection refused\n`);
    expect(h.logs('nginx').body).toMatch(/"GET \/ HTTP\/1\.1" 200 615 /);
  });

  it('the perl pi Job prints 2000 digits and completes', () => {
    const h = nodeHarness();
    h.run({ metadata: { name: 'pi' }, spec: { restartPolicy: 'Never', containers: [{ name: 'pi', image: 'perl:5.34.0', command: ['perl', '-Mbignum=bpi', '-wle', 'print bpi(2000)'] }] } });
    h.advance(120_000);
    expect(h.status('pi').phase).toBe('Succeeded');
    const out = h.logs('pi').body as string;
    expect(out.startsWith('3.14159265358979323846264338327950288419716939937510')).toBe(true);
    expect(out.length).toBe(2001 + 1);
    expect(piDigits(10)).toBe('3.141592654');
  });

  it('postgres without a password exits 1 with the entrypoint error', () => {
    const h = nodeHarness();
    h.run({ metadata: { name: 'db' }, spec: { containers: [{ name: 'db', image: 'postgres:16' }] } });
    h.advance(120_000);
    const cs = h.status('db').containerStatuses[0];
    expect((cs.lastState.terminated ?? cs.state.terminated).exitCode).toBe(1);
    expect(h.logs('db').body).toContain('Error: Database is uninitialized and superuser password is not specified.');
  });

  it('env: valueFrom, envFrom, Secrets decoded, $(VAR) expansion, service links, downward API', () => {
    const h = nodeHarness();
    h.create('configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg' }, data: { MODE: 'prod', LEVEL: 'debug' } });
    h.create('secrets', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db' }, data: { password: 'czNjcjN0' } });
    h.create('services', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'my-svc' }, spec: { clusterIP: '10.96.7.7', ports: [{ port: 8080, protocol: 'TCP' }], selector: { a: 'b' } } });
    h.advance(10);
    h.run({
      metadata: { name: 'envs', labels: { tier: 'web' } },
      spec: {
        containers: [
          {
            name: 'c',
            image: 'busybox:1.36',
            command: ['sh', '-c', 'echo $(GREETING) $PASSWORD; sleep 3600'],
            envFrom: [{ configMapRef: { name: 'cfg' }, prefix: 'CFG_' }],
            env: [
              { name: 'NAME', value: 'world' },
              { name: 'GREETING', value: 'hello-$(NAME)' },
              { name: 'PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } },
              { name: 'MY_NODE', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
              { name: 'MY_POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
              { name: 'TIER', valueFrom: { fieldRef: { fieldPath: "metadata.labels['tier']" } } },
            ],
          },
        ],
      },
    });
    h.advance(20_000);
    const env = (h.exec('envs', ['env']).body as { stdout: string }).stdout;
    const ip = h.status('envs').podIP;
    for (const line of ['CFG_MODE=prod', 'CFG_LEVEL=debug', 'GREETING=hello-world', 'PASSWORD=s3cr3t', 'MY_NODE=node01', `MY_POD_IP=${ip}`, 'TIER=web', 'HOSTNAME=envs', 'MY_SVC_SERVICE_HOST=10.96.7.7', 'MY_SVC_SERVICE_PORT=8080', 'MY_SVC_PORT=tcp://10.96.7.7:8080', 'MY_SVC_PORT_8080_TCP_ADDR=10.96.7.7'])
      expect(env.split('\n')).toContain(line);
    expect(h.logs('envs').body).toBe('hello-world s3cr3t\n');
  });

  it('ConfigMap volumes are read-only files; emptyDir is shared between containers', () => {
    const h = nodeHarness();
    h.create('configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'html' }, data: { 'index.html': '<p>from configmap</p>\n' } });
    h.run({
      metadata: { name: 'shared' },
      spec: {
        volumes: [{ name: 'www', emptyDir: {} }, { name: 'cm', configMap: { name: 'html' } }],
        containers: [
          { name: 'web', image: 'nginx:1.27', volumeMounts: [{ name: 'www', mountPath: '/usr/share/nginx/html' }, { name: 'cm', mountPath: '/etc/cm' }] },
          { name: 'writer', image: 'busybox:1.36', command: ['sh', '-c', 'while true; do echo "<p>$(date)</p>" > /html/index.html; sleep 10; done'], volumeMounts: [{ name: 'www', mountPath: '/html' }] },
        ],
      },
    });
    h.advance(30_000);
    expect(h.exec('shared', ['curl', '-s', 'localhost'], 'web').body.stdout).toMatch(/^<p>Wed Jan {2}1 00:00:\d\d UTC 2025<\/p>\n$/);
    expect(h.exec('shared', ['cat', '/etc/cm/index.html'], 'web').body.stdout).toBe('<p>from configmap</p>\n');
    expect(h.exec('shared', ['sh', '-c', 'echo x > /etc/cm/new'], 'web').body.stderr).toBe("sh: 1: can't create /etc/cm/new: Read-only file system\n");
  });

  it('a kube-scheduler container with --scheduler-name starts a second scheduler that schedules pods', () => {
    const h = nodeHarness();
    bootstrapSchedulingObjects(h.c);
    h.create('serviceaccounts', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'my-scheduler' } }, 'kube-system');
    h.create(
      'clusterrolebindings',
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: 'my-scheduler-as-kube-scheduler' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'system:kube-scheduler' }, subjects: [{ kind: 'ServiceAccount', name: 'my-scheduler', namespace: 'kube-system' }] },
      '',
      'rbac.authorization.k8s.io',
    );
    h.run({
      metadata: { name: 'my-scheduler', namespace: 'kube-system' },
      spec: { serviceAccountName: 'my-scheduler', containers: [{ name: 'kube-second-scheduler', image: 'registry.k8s.io/kube-scheduler:v1.32.0', command: ['/usr/local/bin/kube-scheduler', '--leader-elect=false', '--scheduler-name=my-scheduler'] }] },
    }, 'controlplane');
    h.advance(20_000);
    expect(h.status('my-scheduler', 'kube-system').phase).toBe('Running');
    expect(h.logs('my-scheduler', {}, 'kube-system').body).toContain('"Starting Kubernetes Scheduler" version="v1.32.0"');
    h.create('pods', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'annotation-second-scheduler' }, spec: { schedulerName: 'my-scheduler', containers: [{ name: 'pod-with-second-annotation-container', image: 'registry.k8s.io/pause:3.8' }] } });
    h.advance(10_000);
    expect((h.pod('annotation-second-scheduler')!.spec as any).nodeName).toMatch(/^node0[12]$/);
    expect(h.status('annotation-second-scheduler').phase).toBe('Running');
    // the scheduler stops with its pod
    h.c.request({ verb: 'delete', resource: 'pods', namespace: 'kube-system', name: 'my-scheduler' });
    h.advance(5_000);
    expect(h.c.controllers.get('my-scheduler')?.isRunning ?? false).toBe(false);
  });

  it('activeDeadlineSeconds fails the pod with DeadlineExceeded', () => {
    const h = nodeHarness();
    h.run({ metadata: { name: 'dl' }, spec: { activeDeadlineSeconds: 20, containers: [{ name: 'c', image: 'nginx:1.27' }] } });
    h.advance(30_000);
    const st = h.status('dl');
    expect(st.phase).toBe('Failed');
    expect(st.reason).toBe('DeadlineExceeded');
    expect(st.message).toBe('Pod was active on the node longer than the specified deadline');
  });
});

describe('more images', () => {
  it('webapp-color honours --color and APP_COLOR; event-simulator logs every second; vish/stress holds memory', () => {
    const h = nodeHarness();
    h.run({ metadata: { name: 'green' }, spec: { containers: [{ name: 'w', image: 'kodekloud/webapp-color', args: ['--color', 'green'] }] } });
    h.run({ metadata: { name: 'pink' }, spec: { containers: [{ name: 'w', image: 'kodekloud/webapp-color', env: [{ name: 'APP_COLOR', value: 'pink' }] }] } });
    h.run({ metadata: { name: 'events' }, spec: { containers: [{ name: 'e', image: 'kodekloud/event-simulator' }] } });
    h.run({ metadata: { name: 'cpu' }, spec: { containers: [{ name: 's', image: 'vish/stress', args: ['-cpus', '2'], resources: { limits: { cpu: '1' }, requests: { cpu: '500m' } } }] } });
    h.run({ metadata: { name: 'client' }, spec: { containers: [{ name: 'c', image: 'busybox:1.36', command: ['sleep', '3600'] }] } });
    h.advance(60_000);
    expect(get(h, 'client', `http://${h.status('green').podIP}:8080`)).toContain('<body style="background: green;"></body>');
    expect(get(h, 'client', `http://${h.status('pink').podIP}:8080`)).toContain('<h1>Hello from pink!</h1>');
    expect(h.logs('events').body).toMatch(/^\[2025-01-01 00:00:\d\d,\d{3}\] INFO in event-simulator: USER1 logged in\n/);
    expect(usageOf(h.c, 'default', 'cpu')!.containers[0].cpu).toBe(1000);
  });
});
