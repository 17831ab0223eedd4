import { describe, expect, it } from 'vitest';
import { nodeHarness } from './testing';

describe('pods/log', () => {
  it('returns what the container printed, with tail, timestamps and follow', () => {
    const h = nodeHarness();
    h.run({ metadata: { name: 'counter' }, spec: { containers: [{ name: 'count', image: 'busybox:1.36', args: ['/bin/sh', '-c', 'i=0; while true; do echo "$i: $(date)"; i=$((i+1)); sleep 1; done'] }] } });
    h.advance(10_000);
    const all = h.logs('counter').body as string;
    const lines = all.trimEnd().split('\n');
    expect(lines.length).toBeGreaterThan(5);
    expect(lines[0]).toMatch(/^0: Wed Jan  1 00:00:0\d UTC 2025$/);
    expect(lines[1]).toMatch(/^1: /);
    expect(h.logs('counter', { tailLines: 2 }).body.split('\n').length).toBe(3);
    expect(h.logs('counter', { timestamps: true, tailLines: 1 }).body).toMatch(/^2025-01-01T00:00:\d\d\.\d{9}Z \d+: Wed Jan {2}1 /);
    const chunks: string[] = [];
    const w = h.c.watch({ verb: 'watch', resource: 'pods', namespace: 'default', name: 'counter', subresource: 'log', query: { tailLines: 1 } }, (e) => chunks.push((e.object as any).text));
    h.advance(3_000);
    w.stop();
    expect(chunks.length).toBe(4);
    expect(chunks.join('').trimEnd().split('\n').length).toBe(4);
  });

  it('words the errors as the API server does', () => {
    const h = nodeHarness();
    h.run({ metadata: { name: 'two' }, spec: { containers: [{ name: 'a', image: 'nginx:1.27' }, { name: 'b', image: 'redis:7' }] } });
    h.advance(100);
    expect(h.logs('two').body.message).toBe('a container name must be specified for pod two, choose one of: [a b]');
    expect(h.logs('two', { container: 'a' }).body.message).toBe('container "a" in pod "two" is waiting to start: ContainerCreating');
    expect(h.logs('two', { container: 'zzz' }).body.message).toBe('container zzz is not valid for pod two');
    h.advance(60_000);
    expect(h.logs('two', { container: 'a', previous: true }).body.message).toBe('previous terminated container "a" in pod "two" not found');
    expect(h.logs('two', { container: 'b' }).body).toContain('Ready to accept connections tcp');
    expect(h.logs('two', { container: 'a' }).code).toBe(200);
    expect(h.logs('nope').code).toBe(404);
  });
});

describe('pods/exec', () => {
  it('runs the small shell inside the container', () => {
    const h = nodeHarness();
    h.run({
      metadata: { name: 'web' },
      spec: { containers: [{ name: 'web', image: 'nginx:1.27', env: [{ name: 'GREETING', value: 'hi' }, { name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } }] }] },
    });
    h.advance(20_000);
    const ip = h.status('web').podIP;
    expect(h.exec('web', ['hostname']).body).toEqual({ stdout: 'web\n', stderr: '', exitCode: 0 });
    expect(h.exec('web', ['sh', '-c', 'echo $GREETING']).body.stdout).toBe('hi\n');
    expect(h.exec('web', ['printenv', 'POD_IP']).body.stdout).toBe(`${ip}\n`);
    expect(h.exec('web', ['cat', '/usr/share/nginx/html/index.html']).body.stdout).toContain('<h1>Welcome to nginx!</h1>');
    expect(h.exec('web', ['curl', '-s', 'localhost']).body.stdout).toContain('<title>Welcome to nginx!</title>');
    expect(h.exec('web', ['ls', '/usr/share/nginx/html']).body.stdout).toBe('50x.html\nindex.html\n');
    expect(h.exec('web', ['sh', '-c', 'nope']).body).toEqual({ stdout: '', stderr: 'sh: 1: nope: not found\n', exitCode: 127 });
    expect(h.exec('web', ['bash']).body.exitCode).toBe(0);
    expect(h.exec('web', ['ps']).body).toEqual({
      stdout: '',
      stderr: 'OCI runtime exec failed: exec failed: unable to start container process: exec: "ps": executable file not found in $PATH: unknown\r\n',
      exitCode: 126,
    });
  });

  it('refuses completed pods and missing containers', () => {
    const h = nodeHarness();
    h.run({ metadata: { name: 'done' }, spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox:1.36', command: ['true'] }] } });
    h.run({ metadata: { name: 'hpa' }, spec: { containers: [{ name: 'c', image: 'registry.k8s.io/kube-scheduler:v1.32.0', command: ['kube-scheduler'] }] } });
    h.advance(20_000);
    expect(h.exec('done', ['ls']).body.message).toBe('cannot exec into a container in a completed pod; current phase is Succeeded');
    expect(h.exec('hpa', ['sh']).body.stderr).toBe('OCI runtime exec failed: exec failed: unable to start container process: exec: "sh": executable file not found in $PATH: unknown\r\n');
  });

  it('what a container writes to a PVC survives its restart', () => {
    const h = nodeHarness();
    h.create('persistentvolumeclaims', { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } });
    h.run({
      metadata: { name: 'writer' },
      spec: {
        volumes: [{ name: 'd', persistentVolumeClaim: { claimName: 'data' } }],
        containers: [{ name: 'c', image: 'busybox:1.36', command: ['sh', '-c', 'date >> /data/log; sleep 5; exit 1'], volumeMounts: [{ name: 'd', mountPath: '/data' }] }],
      },
    });
    h.advance(30_000);
    const out = h.c.request({ verb: 'get', resource: 'pods', namespace: 'default', name: 'writer' });
    expect(out.code).toBe(200);
    h.advance(0);
    // the container is crash-looping; exec into a running instance when it is up
    let text = '';
    for (let k = 0; k < 600 && !text; k++) {
      h.advance(100);
      const r = h.exec('writer', ['cat', '/data/log']).body as { stdout?: string };
      if (r.stdout) text = r.stdout;
    }
    expect(text.trimEnd().split('\n').length).toBeGreaterThanOrEqual(2);
  });
});

describe('logging sidecars and node trouble', () => {
  it('the streaming sidecar example: tail -F of a shared file shows in the sidecar log', () => {
    const h = nodeHarness();
    h.run({
      metadata: { name: 'counter' },
      spec: {
        containers: [
          { name: 'count', image: 'busybox:1.28', args: ['/bin/sh', '-c', 'i=0; while true; do echo "$i: $(date)" >> /var/log/1.log; i=$((i+1)); sleep 1; done'], volumeMounts: [{ name: 'varlog', mountPath: '/var/log' }] },
          { name: 'count-log-1', image: 'busybox:1.28', args: ['/bin/sh', '-c', 'tail -n+1 -F /var/log/1.log'], volumeMounts: [{ name: 'varlog', mountPath: '/var/log' }] },
        ],
        volumes: [{ name: 'varlog', emptyDir: {} }],
      },
    });
    h.advance(15_000);
    const out = h.logs('counter', { container: 'count-log-1' }).body as string;
    expect(out.split('\n')[0]).toMatch(/^0: Wed Jan {2}1 00:00:\d\d UTC 2025$/);
    expect(out.trimEnd().split('\n').length).toBeGreaterThan(5);
    expect(h.logs('counter', { container: 'count' }).body).toBe('');
  });

  it('busybox httpd serves a directory', () => {
    const h = nodeHarness();
    h.run({ metadata: { name: 'bb' }, spec: { containers: [{ name: 'c', image: 'busybox:1.36', command: ['sh', '-c', 'mkdir -p /www && echo hello > /www/index.html && httpd -f -p 8080 -h /www'] }] } });
    h.advance(10_000);
    expect(h.exec('bb', ['wget', '-qO-', 'localhost:8080']).body.stdout).toBe('hello\n');
  });

  it('with the kubelet stopped, logs and exec cannot reach the node', () => {
    const h = nodeHarness();
    h.run({ metadata: { name: 'web' }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } });
    h.advance(20_000);
    h.c.node('node01')!.systemctl(['stop', 'kubelet']);
    expect(h.logs('web').body.message).toBe('Get "https://172.18.0.3:10250/containerLogs/default/web/web": dial tcp 172.18.0.3:10250: connect: connection refused');
    expect(h.exec('web', ['ls']).body.message).toBe('error dialing backend: dial tcp 172.18.0.3:10250: connect: connection refused');
    // the containers keep running without their kubelet
    h.c.node('node01')!.systemctl(['start', 'kubelet']);
    expect(h.exec('web', ['hostname']).body.stdout).toBe('web\n');
  });
});

describe('follow, stdin and the init-container docs example', () => {
  it('a followed log ends when the container exits', () => {
    const h = nodeHarness();
    h.run({ metadata: { name: 'short' }, spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox:1.36', command: ['sh', '-c', 'echo one; sleep 5; echo two'] }] } });
    h.advance(3_000);
    const events: string[] = [];
    h.c.watch({ verb: 'watch', resource: 'pods', namespace: 'default', name: 'short', subresource: 'log' }, (e) => events.push(`${e.type}:${(e.object as any).text}`));
    h.advance(10_000);
    expect(events).toEqual(['MODIFIED:one\n', 'MODIFIED:two\n', 'DELETED:']);
  });

  it('exec passes stdin to the command', () => {
    const h = nodeHarness();
    h.run({ metadata: { name: 'box' }, spec: { containers: [{ name: 'c', image: 'busybox:1.36', command: ['sleep', '3600'] }] } });
    h.advance(10_000);
    const r = h.c.request({ verb: 'create', resource: 'pods', namespace: 'default', name: 'box', subresource: 'exec', body: { command: ['sh'], stdin: 'echo from stdin\nhostname\n' } });
    expect(r.body).toEqual({ stdout: 'from stdin\nbox\n', stderr: '', exitCode: 0 });
    expect(h.exec('box', ['wc', '-l']).body.stdout).toBe('0\n');
  });

  it('myapp-pod from the docs waits in Init:0/2 until its Services exist', () => {
    const h = nodeHarness();
    h.run({
      metadata: { name: 'myapp-pod', labels: { app: 'myapp' } },
      spec: {
        containers: [{ name: 'myapp-container', image: 'busybox:1.28', command: ['sh', '-c', 'echo The app is running! && sleep 3600'] }],
        initContainers: [
          { name: 'init-myservice', image: 'busybox:1.28', command: ['sh', '-c', 'until nslookup myservice.$(cat /var/run/secrets/kubernetes.io/serviceaccount/namespace).svc.cluster.local; do echo waiting for myservice; sleep 2; done'] },
          { name: 'init-mydb', image: 'busybox:1.28', command: ['sh', '-c', 'until nslookup mydb.$(cat /var/run/secrets/kubernetes.io/serviceaccount/namespace).svc.cluster.local; do echo waiting for mydb; sleep 2; done'] },
        ],
      },
    });
    h.advance(20_000);
    expect(h.status('myapp-pod').initContainerStatuses[0].state.running).toBeDefined();
    expect(h.logs('myapp-pod', { container: 'init-myservice' }).body).toContain("** server can't find myservice.default.svc.cluster.local: NXDOMAIN\n\nwaiting for myservice\n");
    h.create('services', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'myservice' }, spec: { clusterIP: '10.96.20.1', ports: [{ protocol: 'TCP', port: 80, targetPort: 9376 }] } });
    h.create('services', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'mydb' }, spec: { clusterIP: '10.96.20.2', ports: [{ protocol: 'TCP', port: 80, targetPort: 9377 }] } });
    h.advance(20_000);
    expect(h.status('myapp-pod').phase).toBe('Running');
    expect(h.logs('myapp-pod', { container: 'myapp-container' }).body).toBe('The app is running!\n');
  });
});

describe('/etc/hosts and DNS policy', () => {
  it('hostAliases land in /etc/hosts and resolve; dnsPolicy Default has no cluster DNS', () => {
    const h = nodeHarness();
    h.run({ metadata: { name: 'web' }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } });
    h.advance(20_000);
    const webIP = h.status('web').podIP;
    h.run({ metadata: { name: 'aliases' }, spec: { hostAliases: [{ ip: webIP, hostnames: ['foo.local', 'bar.local'] }], containers: [{ name: 'c', image: 'busybox:1.36', command: ['sleep', '3600'] }] } });
    h.run({ metadata: { name: 'nodns' }, spec: { dnsPolicy: 'Default', containers: [{ name: 'c', image: 'busybox:1.36', command: ['sleep', '3600'] }] } });
    h.advance(10_000);
    const ip = h.status('aliases').podIP;
    expect(h.exec('aliases', ['cat', '/etc/hosts']).body.stdout).toBe(
      `# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nfe00::0\tip6-mcastprefix\nfe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n${ip}\taliases\n\n# Entries added by HostAliases.\n${webIP}\tfoo.local\tbar.local\n`,
    );
    expect(h.exec('aliases', ['wget', '-qO-', 'http://foo.local']).body.stdout).toContain('Welcome to nginx!');
    expect(h.exec('aliases', ['cat', '/etc/resolv.conf']).body.stdout).toBe('search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n');
    expect(h.exec('nodns', ['cat', '/etc/resolv.conf']).body.stdout).toBe('nameserver 127.0.0.53\noptions edns0 trust-ad\nsearch .\n');
    expect(h.exec('nodns', ['wget', '-qO-', 'http://web']).body.stderr).toBe("wget: bad address 'web'\n");
  });
});
