/**
 * What Part 2's lessons tell the learner they will see, checked in the sandbox they will
 * see it in: each test starts the lesson's lab, does what the text says (through the
 * same shell and Apply as the page), and looks for the exact strings the lesson quotes.
 * When the engine changes what it prints, these fail and point at the lesson to update.
 */
import { describe, expect, it } from 'vitest';
import { loadLabFromDir } from '../src/labs/loader';
import { Session } from '../src/worker/session';
import { engine } from '../src/worker/engine';

async function lab(id: string) {
  const session = Session.start(engine, await loadLabFromDir(id));
  const sh = engine.shell(session.cluster, { interactive: false, fs: session.fs });
  let out = '';
  sh.onOutput((d) => (out += d));
  return {
    session,
    /** runs one line, returns what it printed (line ends normalised) */
    async run(line: string): Promise<string> {
      out = '';
      await sh.runLine(line);
      return out.replace(/\r\n/g, '\n');
    },
    wait(ms: number) {
      for (let t = 0; t < ms; t += 1000) session.cluster.clock.advance(1000);
    },
    async apply(file: string, edit: (s: string) => string = (s) => s) {
      const text = edit((await loadLabFromDir(id)).files.find((f) => f.name === file)!.content);
      session.writeFile(file, text);
      const r = await session.apply(text);
      expect(r.ok, r.output).toBe(true);
    },
  };
}

describe('Part 2 lessons match the sandbox', () => {
  it('Deployments: pod-template-hash labels, ScalingReplicaSet wording, revision 1 becomes 3', async () => {
    const l = await lab('deployments-rollout');
    const rs = await l.run('kubectl get replicasets -l app=web -o name');
    const hash = /web-([bcdfghjklmnpqrstvwxz2456789]+)/.exec(rs)?.[1];
    expect(hash).toBeDefined();
    expect(await l.run('kubectl get pods --show-labels')).toContain(`app=web,pod-template-hash=${hash}`);
    await l.run('kubectl scale deployment web --replicas=5');
    l.wait(20_000);
    expect(await l.run('kubectl get deployment web')).toMatch(/web\s+5\/5/);
    await l.run('kubectl set image deployment/web nginx=nginx:1.27');
    l.wait(60_000);
    const events = await l.run('kubectl describe deployment web');
    expect(events).toMatch(/Scaled up replica set web-\w+ from 0 to 2/);
    expect(events).toContain(`Scaled down replica set web-${hash} from 5 to 4`);
    expect(await l.run('kubectl rollout history deployment/web')).toMatch(/REVISION\s+CHANGE-CAUSE\n1\s+<none>\n2\s+<none>/);
    expect(await l.run('kubectl rollout undo deployment/web')).toBe('deployment.apps/web rolled back\n');
    l.wait(60_000);
    expect(await l.run('kubectl rollout history deployment/web')).toMatch(/\n2 +<none>\n3 +<none>\n+$/);
    l.session.dispose();
  });

  it('StatefulSets: ordered claims and pods, claims kept after scaling down', async () => {
    const l = await lab('statefulsets-web');
    await l.apply('web-sts.yaml');
    l.wait(30_000);
    const d = await l.run('kubectl describe statefulset web');
    const order = [
      'create Claim www-web-0 Pod web-0 in StatefulSet web success',
      'create Pod web-0 in StatefulSet web successful',
      'create Claim www-web-1 Pod web-1 in StatefulSet web success',
      'create Pod web-1 in StatefulSet web successful',
    ].map((m) => d.indexOf(m));
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(await l.run('kubectl exec web-0 -- hostname')).toBe('web-0\n');
    await l.run('kubectl scale statefulset web --replicas=3');
    l.wait(60_000);
    await l.run('kubectl scale statefulset web --replicas=1');
    l.wait(60_000);
    expect(await l.run('kubectl get pods -l app=nginx -o name')).toBe('pod/web-0\n');
    const pvc = await l.run('kubectl get pvc -o name');
    expect(pvc).toBe('persistentvolumeclaim/www-web-0\npersistentvolumeclaim/www-web-1\npersistentvolumeclaim/www-web-2\n');
    l.session.dispose();
  });

  it('DaemonSets: DESIRED 2 and no pod on the tainted control plane until the toleration is added', async () => {
    const l = await lab('daemonsets-fluentd');
    expect(await l.run('kubectl get daemonset fluentd-elasticsearch -n kube-system')).toMatch(/fluentd-elasticsearch\s+2\s+2\s+2\s+2\s+2\s/);
    expect(await l.run('kubectl describe node controlplane')).toMatch(/Taints:\s+node-role\.kubernetes\.io\/control-plane:NoSchedule/);
    const proxies = await l.run('kubectl get pods -n kube-system -o wide -l k8s-app=kube-proxy');
    for (const n of ['controlplane', 'node01', 'node02']) expect(proxies).toContain(` ${n} `);
    await l.apply('fluentd.yaml', (s) =>
      s.replace('      containers:', '      tolerations:\n        - key: node-role.kubernetes.io/control-plane\n          operator: Exists\n          effect: NoSchedule\n      containers:'),
    );
    l.wait(90_000);
    expect(await l.run('kubectl rollout status daemonset/fluentd-elasticsearch -n kube-system')).toContain('daemon set "fluentd-elasticsearch" successfully rolled out');
    expect(await l.run('kubectl get daemonset fluentd-elasticsearch -n kube-system')).toMatch(/fluentd-elasticsearch\s+3\s+3\s+3\s+3\s+3\s/);
    l.session.dispose();
  });

  it('Jobs: pi completes 3/3; greeter fails with BackoffLimitExceeded and its log names the typo; Forbid holds runs back', async () => {
    const l = await lab('jobs-batch');
    await l.apply('pi.yaml');
    l.wait(120_000);
    expect(await l.run('kubectl get job pi')).toMatch(/pi\s+Complete\s+3\/3/);
    expect(await l.run('kubectl logs job/pi')).toMatch(/^Found 3 pods, using pod\/pi-\w+\n3\.14159/);
    expect(await l.run('kubectl describe job greeter')).toMatch(/Warning\s+BackoffLimitExceeded\s+.*Job has reached the specified backoff limit/);
    expect(await l.run('kubectl logs job/greeter')).toContain('sh: ech0: not found');
    await l.apply('report-cron.yaml');
    l.wait(240_000);
    const cron = await l.run('kubectl describe cronjob report');
    expect(cron).toContain('Not starting job because prior execution is running and concurrency policy is Forbid');
    expect(cron).toMatch(/Created job report-\d+/);
    expect(await l.run('kubectl get cronjobs')).toMatch(/report\s+\*\/1 \* \* \* \*\s+<none>\s+False\s+1\s/);
    l.session.dispose();
  });

  it('Services: a selector typo leaves no endpoints; fixed, the name answers from a busybox pod and on every node port', async () => {
    const l = await lab('services-web');
    expect(await l.run('kubectl get endpoints web')).toMatch(/web\s+<none>\s/);
    // kubectl 1.32 reads EndpointSlices here: a slice with no addresses prints an empty value (checked against the real kubectl)
    expect(await l.run('kubectl describe service web')).toMatch(/Selector:\s+app=webapp\n[\s\S]*Endpoints: *\n/);
    await l.apply('web-svc.yaml', (s) => s.replace('app: webapp', 'app: web'));
    await l.run('kubectl run client --image=busybox:1.36 -- sleep 3600');
    l.wait(20_000);
    expect(await l.run('kubectl get endpoints web')).toMatch(/web\s+10\.244\.\d+\.\d+:80,10\.244\.\d+\.\d+:80,10\.244\.\d+\.\d+:80\s/);
    const ip = /ClusterIP\s+(10\.\d+\.\d+\.\d+)/.exec(await l.run('kubectl get service web'))?.[1];
    expect(await l.run('kubectl exec client -- nslookup web')).toContain(`Name:\tweb.default.svc.cluster.local\nAddress: ${ip}`);
    expect(await l.run('kubectl exec client -- wget -qO- http://web')).toContain('<title>Welcome to nginx!</title>');
    await l.apply('web-nodeport.yaml');
    l.wait(10_000);
    expect(await l.run('kubectl get service web-nodeport')).toContain('80:30080/TCP');
    expect(await l.run('kubectl get nodes -o wide')).toMatch(/controlplane\s.*\s172\.18\.0\.2\s/);
    expect(await l.run('kubectl exec client -- wget -qO- http://172.18.0.2:30080')).toContain('<title>Welcome to nginx!</title>');
    await l.run('kubectl scale deployment web --replicas=0');
    l.wait(60_000);
    expect(await l.run('kubectl exec client -- wget -qO- http://web')).toContain(`wget: can't connect to remote host (${ip}): Connection refused`);
    l.session.dispose();
  });
});
