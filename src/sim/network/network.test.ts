import { describe, expect, it } from 'vitest';
import { nodeHarness } from '../node/testing';
import { publishEndpointSlices } from './testing';
import { usageOf } from '../node/usage';
import { networkOf, nodeClient, portForward } from './index';

let nextIP = 100;
function service(h: ReturnType<typeof nodeHarness>, name: string, spec: Record<string, unknown>) {
  // the ClusterIP allocator is the API server's; name one so the test does not depend on it
  return h.create('services', { apiVersion: 'v1', kind: 'Service', metadata: { name }, spec: { clusterIP: `10.96.${nextIP++}.10`, ...spec } });
}

describe('cluster network', () => {
  it('a request from one pod goes through a Service to a backend and back', () => {
    const h = nodeHarness();
    h.run({ metadata: { name: 'echo-1', labels: { app: 'echo' } }, spec: { containers: [{ name: 'e', image: 'hashicorp/http-echo', args: ['-text=hello from echo'] }] } }, 'node01');
    h.run({ metadata: { name: 'echo-2', labels: { app: 'echo' } }, spec: { containers: [{ name: 'e', image: 'hashicorp/http-echo', args: ['-text=hello from echo'] }] } }, 'node02');
    h.run({ metadata: { name: 'client' }, spec: { containers: [{ name: 'c', image: 'busybox:1.36', command: ['sleep', '3600'] }] } }, 'node02');
    const svc = service(h, 'echo', { selector: { app: 'echo' }, ports: [{ port: 80, targetPort: 5678 }] });
    h.advance(30_000);
    publishEndpointSlices(h.c);
    h.advance(10);
    const ip = (svc.spec as { clusterIP: string }).clusterIP;
    expect(ip).toMatch(/^10\.\d+\.\d+\.\d+$/);
    expect(h.exec('client', ['wget', '-qO-', 'http://echo']).body).toEqual({ stdout: 'hello from echo\n', stderr: '', exitCode: 0 });
    expect(h.exec('client', ['wget', '-qO-', 'echo.default.svc.cluster.local']).body.stdout).toBe('hello from echo\n');
    expect(h.exec('client', ['wget', '-qO-', `http://${ip}:80/`]).body.stdout).toBe('hello from echo\n');
    const ns = h.exec('client', ['nslookup', 'echo']).body;
    expect(ns.stdout).toBe(`Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\nName:\techo.default.svc.cluster.local\nAddress: ${ip}\n\n`);
    expect(h.exec('client', ['nslookup', 'nope']).body).toMatchObject({ exitCode: 1 });
    expect(h.exec('client', ['nslookup', 'nope']).body.stdout).toContain("** server can't find nope.default.svc.cluster.local: NXDOMAIN");
    expect(h.exec('client', ['wget', '-qO-', 'http://nope']).body).toEqual({ stdout: '', stderr: "wget: bad address 'nope'\n", exitCode: 1 });
    // kube-proxy spreads requests over both pods
    const before = [networkOf(h.c).requests.get('default/echo-1') ?? 0, networkOf(h.c).requests.get('default/echo-2') ?? 0];
    for (let k = 0; k < 40; k++) h.exec('client', ['wget', '-qO-', 'http://echo']);
    const after = [networkOf(h.c).requests.get('default/echo-1') ?? 0, networkOf(h.c).requests.get('default/echo-2') ?? 0];
    expect(after[0] - before[0]).toBeGreaterThan(5);
    expect(after[1] - before[1]).toBeGreaterThan(5);
    expect(after[0] + after[1] - before[0] - before[1]).toBe(40);
  });

  it('a Service with no ready endpoints refuses the connection; a wrong port times out', () => {
    const h = nodeHarness();
    h.run({ metadata: { name: 'client' }, spec: { containers: [{ name: 'c', image: 'curlimages/curl:8.11.1', command: ['sleep', '3600'] }] } });
    service(h, 'empty', { selector: { app: 'none' }, ports: [{ port: 80 }] });
    h.advance(20_000);
    publishEndpointSlices(h.c);
    h.advance(10);
    expect(h.exec('client', ['curl', '-s', '-S', 'http://empty']).body.stderr).toBe("curl: (7) Failed to connect to empty port 80 after 2 ms: Couldn't connect to server\n");
    expect(h.exec('client', ['curl', '-sS', 'http://nothere']).body.stderr).toBe('curl: (6) Could not resolve host: nothere\n');
  });

  it('NodePort answers on every node IP; pod DNS names resolve', () => {
    const h = nodeHarness();
    h.run({ metadata: { name: 'web', labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'httpd:2.4' }] } }, 'node01');
    h.run({ metadata: { name: 'client' }, spec: { containers: [{ name: 'c', image: 'busybox:1.36', command: ['sleep', '3600'] }] } }, 'node02');
    service(h, 'web', { type: 'NodePort', selector: { app: 'web' }, ports: [{ port: 80, nodePort: 30080 }] });
    h.advance(30_000);
    publishEndpointSlices(h.c);
    h.advance(10);
    for (const nodeIP of ['172.18.0.2', '172.18.0.3', '172.18.0.4'])
      expect(h.exec('client', ['wget', '-qO-', `http://${nodeIP}:30080`]).body.stdout).toBe('<html><body><h1>It works!</h1></body></html>\n');
    const podIP = h.status('web').podIP as string;
    expect(h.exec('client', ['wget', '-qO-', `http://${podIP.replace(/\./g, '-')}.default.pod.cluster.local`]).body.stdout).toContain('It works!');
  });

  it('load from a busybox wget loop raises the backend CPU use (hpa-example)', () => {
    const h = nodeHarness();
    h.run({ metadata: { name: 'php-apache', labels: { run: 'php-apache' } }, spec: { containers: [{ name: 'php-apache', image: 'registry.k8s.io/hpa-example', resources: { limits: { cpu: '500m' }, requests: { cpu: '200m' } } }] } }, 'node01');
    service(h, 'php-apache', { selector: { run: 'php-apache' }, ports: [{ port: 80 }] });
    h.advance(60_000);
    publishEndpointSlices(h.c);
    h.advance(10);
    const idle = usageOf(h.c, 'default', 'php-apache')!.containers[0].cpu;
    h.run({ metadata: { name: 'load-generator' }, spec: { restartPolicy: 'Never', containers: [{ name: 'load-generator', image: 'busybox:1.28', command: ['/bin/sh', '-c', 'while sleep 0.01; do wget -q -O- http://php-apache; done'] }] } }, 'node02');
    h.advance(30_000);
    const busy = usageOf(h.c, 'default', 'php-apache')!.containers[0].cpu;
    expect(idle).toBeLessThan(10);
    expect(busy).toBe(500);
    expect(h.logs('load-generator').body.startsWith('OK!OK!OK!')).toBe(true);
  });
});

describe('DNS for headless services and from nodes', () => {
  it('a headless service resolves to the ready pod IPs; hostname.subdomain names resolve', () => {
    const h = nodeHarness();
    for (const i of [0, 1])
      h.run({ metadata: { name: `web-${i}`, labels: { app: 'nginx' } }, spec: { hostname: `web-${i}`, subdomain: 'nginx', containers: [{ name: 'nginx', image: 'nginx:1.27' }] } });
    h.run({ metadata: { name: 'client' }, spec: { containers: [{ name: 'c', image: 'busybox:1.36', command: ['sleep', '3600'] }] } });
    h.create('services', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'nginx' }, spec: { clusterIP: 'None', selector: { app: 'nginx' }, ports: [{ port: 80, name: 'web' }] } });
    h.advance(30_000);
    publishEndpointSlices(h.c);
    h.advance(10);
    const ips = [h.status('web-0').podIP, h.status('web-1').podIP].sort();
    const out = h.exec('client', ['nslookup', 'nginx']).body.stdout as string;
    expect([...out.matchAll(/Address: (\S+)/g)].map((m) => m[1]).sort()).toEqual(ips);
    expect(h.exec('client', ['nslookup', 'web-0.nginx']).body.stdout).toContain(`Name:\tweb-0.nginx.default.svc.cluster.local\nAddress: ${h.status('web-0').podIP}\n`);
    expect(h.exec('client', ['wget', '-qO-', 'http://web-1.nginx.default.svc.cluster.local']).body.stdout).toContain('Welcome to nginx!');
  });

  it('a node reaches pod IPs and NodePorts but has no cluster DNS', () => {
    const h = nodeHarness();
    h.run({ metadata: { name: 'web', labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } });
    h.create('services', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { clusterIP: '10.96.50.50', type: 'NodePort', selector: { app: 'web' }, ports: [{ port: 80, nodePort: 30100 }] } });
    h.advance(30_000);
    publishEndpointSlices(h.c);
    h.advance(10);
    const net = nodeClient(h.c, 'controlplane');
    const ok = (r: ReturnType<typeof net.http>) => (r.ok ? r.body : r.error);
    expect(ok(net.http({ host: h.status('web').podIP, port: 80, path: '/', method: 'GET' }))).toContain('Welcome to nginx!');
    expect(ok(net.http({ host: '10.96.50.50', port: 80, path: '/', method: 'GET' }))).toContain('Welcome to nginx!');
    expect(ok(net.http({ host: 'node02', port: 30100, path: '/', method: 'GET' }))).toContain('Welcome to nginx!');
    expect(ok(net.http({ host: 'web', port: 80, path: '/', method: 'GET' }))).toBe('no such host');
    expect(ok(portForward(h.c, h.status('web').podIP, 80))).toContain('Welcome to nginx!');
  });
});

describe('when CoreDNS is down', () => {
  it('names stop resolving once kube-dns has no ready endpoints; IPs still work', () => {
    const h = nodeHarness();
    h.run({ metadata: { name: 'web', labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } });
    h.run({ metadata: { name: 'client' }, spec: { containers: [{ name: 'c', image: 'busybox:1.36', command: ['sleep', '3600'] }] } });
    h.create('services', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { clusterIP: '10.96.60.60', selector: { app: 'web' }, ports: [{ port: 80 }] } });
    h.create('services', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'kube-dns', namespace: 'kube-system' }, spec: { clusterIP: '10.96.0.10', selector: { 'k8s-app': 'kube-dns' }, ports: [{ name: 'dns', port: 53, protocol: 'UDP' }] } }, 'kube-system');
    h.advance(30_000);
    publishEndpointSlices(h.c);
    h.advance(10);
    expect(h.exec('client', ['nslookup', 'web']).body).toEqual({ stdout: ';; connection timed out; no servers could be reached\n\n', stderr: '', exitCode: 1 });
    expect(h.exec('client', ['wget', '-qO-', 'http://web']).body.stderr).toBe("wget: bad address 'web'\n");
    expect(h.exec('client', ['wget', '-qO-', 'http://10.96.60.60']).body.stdout).toContain('Welcome to nginx!');
  });
});

describe('ping, hostname -i and exec in scripts', () => {
  it('pods answer ping, ClusterIPs do not; hostname -i prints the pod IP; exec replaces the shell', () => {
    const h = nodeHarness();
    h.run({ metadata: { name: 'web', labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } });
    h.run({ metadata: { name: 'client' }, spec: { containers: [{ name: 'c', image: 'busybox:1.36', command: ['sh', '-c', 'echo starting; exec sleep 3600'] }] } });
    h.create('services', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { clusterIP: '10.96.70.70', selector: { app: 'web' }, ports: [{ port: 80 }] } });
    h.advance(30_000);
    publishEndpointSlices(h.c);
    h.advance(10);
    const podIP = h.status('web').podIP;
    const ok = h.exec('client', ['ping', '-c', '2', podIP]).body;
    expect(ok.exitCode).toBe(0);
    expect(ok.stdout).toContain(`64 bytes from ${podIP}: seq=1 ttl=62`);
    expect(ok.stdout).toContain('2 packets transmitted, 2 packets received, 0% packet loss');
    const svc = h.exec('client', ['ping', '-c', '3', 'web']).body;
    expect(svc.exitCode).toBe(1);
    expect(svc.stdout).toBe('PING web (10.96.70.70): 56 data bytes\n\n--- web ping statistics ---\n3 packets transmitted, 0 packets received, 100% packet loss\n');
    expect(h.exec('client', ['hostname', '-i']).body.stdout).toBe(`${h.status('client').podIP}\n`);
    expect(h.status('client').phase).toBe('Running');
    expect(h.logs('client').body).toBe('starting\n');
  });
});
