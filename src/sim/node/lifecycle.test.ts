import { describe, expect, it } from 'vitest';
import { nodeHarness } from './testing';

describe('pod lifecycle on the kubelet', () => {
  it('runs nginx: Pending/ContainerCreating, then pulled, created, started, Running and Ready', () => {
    const h = nodeHarness();
    h.run({ metadata: { name: 'web' }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } });
    h.advance(100);
    let st = h.status('web');
    expect(st.phase).toBe('Pending');
    expect(st.containerStatuses[0].state).toEqual({ waiting: { reason: 'ContainerCreating' } });
    expect(st.conditions.find((x: any) => x.type === 'PodReadyToStartContainers').status).toBe('False');
    h.advance(30_000);
    st = h.status('web');
    expect(st.phase).toBe('Running');
    expect(st.podIP).toMatch(/^10\.244\.1\.\d+$/);
    expect(st.hostIP).toBe('172.18.0.3');
    expect(st.qosClass).toBe('BestEffort');
    expect(st.containerStatuses[0]).toMatchObject({ name: 'web', ready: true, restartCount: 0, started: true, image: 'docker.io/library/nginx:1.27' });
    expect(st.containerStatuses[0].containerID).toMatch(/^containerd:\/\/[0-9a-f]{64}$/);
    expect(st.containerStatuses[0].imageID).toMatch(/^docker\.io\/library\/nginx@sha256:[0-9a-f]{64}$/);
    expect(st.conditions.map((x: any) => `${x.type}=${x.status}`)).toEqual([
      'PodReadyToStartContainers=True',
      'Initialized=True',
      'Ready=True',
      'ContainersReady=True',
      'PodScheduled=True',
    ]);
    const ev = h.events('web');
    expect(ev[0]).toBe('Normal Pulling Pulling image "nginx:1.27"');
    expect(ev[1]).toMatch(/^Normal Pulled Successfully pulled image "nginx:1\.27" in (\d+\.\d+s) \(\1 including waiting\)\. Image size: \d+ bytes\.$/);
    expect(ev.slice(2)).toEqual(['Normal Created Created container: web', 'Normal Started Started container web']);
    const started = (h.c.request({ verb: 'list', resource: 'events', namespace: 'default' }).body as { items: any[] }).items.find((e) => e.reason === 'Started');
    expect(started.involvedObject).toMatchObject({ kind: 'Pod', name: 'web', namespace: 'default', fieldPath: 'spec.containers{web}' });
    expect(started.source).toEqual({ component: 'kubelet', host: 'node01' });
  });

  it('a second pod with the same image finds it already present', () => {
    const h = nodeHarness();
    h.run({ metadata: { name: 'a' }, spec: { containers: [{ name: 'a', image: 'nginx:1.27' }] } });
    h.advance(30_000);
    h.run({ metadata: { name: 'b' }, spec: { containers: [{ name: 'b', image: 'nginx:1.27' }] } });
    h.advance(5_000);
    expect(h.events('b')).toEqual([
      'Normal Pulled Container image "nginx:1.27" already present on machine',
      'Normal Created Created container: b',
      'Normal Started Started container b',
    ]);
    expect(h.status('b').phase).toBe('Running');
  });

  it('restartPolicy Never: exit 0 is Succeeded/Completed, exit 1 is Failed/Error', () => {
    const h = nodeHarness();
    h.run({ metadata: { name: 'ok' }, spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox:1.36', command: ['sh', '-c', 'echo done'] }] } });
    h.run({ metadata: { name: 'bad' }, spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox:1.36', command: ['sh', '-c', 'exit 3'] }] } });
    h.advance(30_000);
    const ok = h.status('ok');
    expect(ok.phase).toBe('Succeeded');
    expect(ok.containerStatuses[0].state.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
    expect(ok.conditions.find((x: any) => x.type === 'Ready')).toMatchObject({ status: 'False', reason: 'PodCompleted' });
    const bad = h.status('bad');
    expect(bad.phase).toBe('Failed');
    expect(bad.containerStatuses[0].state.terminated).toMatchObject({ exitCode: 3, reason: 'Error' });
    expect(bad.conditions.map((x: any) => `${x.type}=${x.status}${x.reason ? `/${x.reason}` : ''}`)).toEqual([
      'PodReadyToStartContainers=False',
      'Initialized=True',
      'Ready=False/PodFailed',
      'ContainersReady=False/PodFailed',
      'PodScheduled=True',
    ]);
    expect(ok.conditions.find((x: any) => x.type === 'Initialized')).toMatchObject({ status: 'True', reason: 'PodCompleted' });
    expect(h.logs('ok').body).toBe('done\n');
  });

  it('image pull failure: ErrImagePull, then ImagePullBackOff, with the containerd error text', () => {
    const h = nodeHarness();
    h.run({ metadata: { name: 'web' }, spec: { containers: [{ name: 'web', image: 'nginx:doesnotexist' }] } });
    h.advance(3_000);
    const err =
      'rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/nginx:doesnotexist": failed to resolve reference "docker.io/library/nginx:doesnotexist": docker.io/library/nginx:doesnotexist: not found';
    let st = h.status('web');
    expect(['ErrImagePull', 'ImagePullBackOff']).toContain(st.containerStatuses[0].state.waiting.reason);
    h.advance(2_000);
    st = h.status('web');
    expect(st.containerStatuses[0].state.waiting).toEqual({ reason: 'ImagePullBackOff', message: `Back-off pulling image "nginx:doesnotexist": ErrImagePull: ${err}` });
    expect(st.phase).toBe('Pending');
    const ev = h.events('web');
    expect(ev).toContain(`Warning Failed Failed to pull image "nginx:doesnotexist": ${err}`);
    expect(ev).toContain('Warning Failed Error: ErrImagePull');
    expect(ev).toContain('Normal BackOff Back-off pulling image "nginx:doesnotexist"');
    expect(ev).toContain('Warning Failed Error: ImagePullBackOff');
    expect(h.logs('web').body.message).toBe('container "web" in pod "web" is waiting to start: trying and failing to pull image');
    // fixing the image lets it start
    const p = structuredClone(h.pod('web')!);
    (p.spec as any).containers[0].image = 'nginx:1.27';
    expect(h.c.request({ verb: 'update', resource: 'pods', namespace: 'default', name: 'web', body: p }).code).toBe(200);
    h.advance(15_000);
    expect(h.status('web').phase).toBe('Running');
  });

  it('an unknown repository is denied like Docker Hub denies it; a bad name is InvalidImageName', () => {
    const h = nodeHarness();
    h.run({ metadata: { name: 'x' }, spec: { containers: [{ name: 'x', image: 'nosuchuser/nosuchimage:1' }] } });
    h.run({ metadata: { name: 'y' }, spec: { containers: [{ name: 'y', image: 'Nginx' }] } });
    h.advance(5_000);
    expect(h.events('x')).toContain(
      'Warning Failed Failed to pull image "nosuchuser/nosuchimage:1": rpc error: code = Unknown desc = failed to pull and unpack image "docker.io/nosuchuser/nosuchimage:1": failed to resolve reference "docker.io/nosuchuser/nosuchimage:1": pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed',
    );
    expect(h.status('y').containerStatuses[0].state.waiting).toEqual({
      reason: 'InvalidImageName',
      message: 'Failed to apply default image tag "Nginx": couldn\'t parse image name "Nginx": invalid reference format: repository name (library/Nginx) must be lowercase',
    });
  });

  it('CreateContainerConfigError with the kubelet messages, then starts once the ConfigMap is right', () => {
    const h = nodeHarness();
    h.run({
      metadata: { name: 'app' },
      spec: { containers: [{ name: 'app', image: 'busybox:1.36', command: ['sh', '-c', 'echo $FOO; sleep 3600'], env: [{ name: 'FOO', valueFrom: { configMapKeyRef: { name: 'app-config', key: 'FOO' } } }] }] },
    });
    h.advance(10_000);
    expect(h.status('app').containerStatuses[0].state.waiting).toEqual({ reason: 'CreateContainerConfigError', message: 'configmap "app-config" not found' });
    expect(h.events('app')).toContain('Warning Failed Error: configmap "app-config" not found');
    h.create('configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'app-config' }, data: { BAR: '1' } });
    h.advance(10_000);
    expect(h.status('app').containerStatuses[0].state.waiting).toEqual({ reason: 'CreateContainerConfigError', message: "couldn't find key FOO in ConfigMap default/app-config" });
    const cm = structuredClone(h.c.request({ verb: 'get', resource: 'configmaps', namespace: 'default', name: 'app-config' }).body as any);
    cm.data.FOO = 'hello';
    h.c.request({ verb: 'update', resource: 'configmaps', namespace: 'default', name: 'app-config', body: cm });
    h.advance(10_000);
    expect(h.status('app').phase).toBe('Running');
    expect(h.logs('app').body).toBe('hello\n');
  });

  it('a missing ConfigMap volume keeps the pod in ContainerCreating with FailedMount', () => {
    const h = nodeHarness();
    h.run({
      metadata: { name: 'vol' },
      spec: { volumes: [{ name: 'config', configMap: { name: 'app-config' } }], containers: [{ name: 'c', image: 'nginx:1.27', volumeMounts: [{ name: 'config', mountPath: '/etc/app' }] }] },
    });
    h.advance(20_000);
    expect(h.status('vol').containerStatuses[0].state).toEqual({ waiting: { reason: 'ContainerCreating' } });
    expect(h.events('vol')).toContain('Warning FailedMount MountVolume.SetUp failed for volume "config" : configmap "app-config" not found');
    h.create('configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'app-config' }, data: { 'app.conf': 'port=80\n' } });
    h.advance(60_000);
    expect(h.status('vol').phase).toBe('Running');
    expect(h.exec('vol', ['cat', '/etc/app/app.conf']).body).toEqual({ stdout: 'port=80\n', stderr: '', exitCode: 0 });
  });

  it('memory above the limit is OOMKilled with exit 137', () => {
    const h = nodeHarness();
    h.run({
      metadata: { name: 'memory-demo' },
      spec: {
        containers: [
          { name: 'memory-demo-ctr', image: 'polinux/stress', resources: { requests: { memory: '50Mi' }, limits: { memory: '100Mi' } }, command: ['stress'], args: ['--vm', '1', '--vm-bytes', '250M', '--vm-hang', '1'] },
        ],
      },
    });
    h.advance(40_000);
    const cs = h.status('memory-demo').containerStatuses[0];
    const term = cs.lastState.terminated ?? cs.state.terminated;
    expect(term).toMatchObject({ exitCode: 137, reason: 'OOMKilled' });
    expect(cs.restartCount).toBeGreaterThanOrEqual(1);
    expect(h.status('memory-demo').qosClass).toBe('Burstable');
  });

  it('a command missing from the image fails to start (StartError, exit 128) and crash-loops', () => {
    const h = nodeHarness();
    h.run({ metadata: { name: 'bad' }, spec: { containers: [{ name: 'bad', image: 'nginx:1.27', command: ['foo'] }] } });
    h.advance(15_000);
    const cs = h.status('bad').containerStatuses[0];
    const term = cs.lastState.terminated ?? cs.state.terminated;
    expect(term.exitCode).toBe(128);
    expect(term.reason).toBe('StartError');
    expect(term.message).toBe(
      'failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init: exec: "foo": executable file not found in $PATH: unknown',
    );
  });

  it('init containers run in order before the app; Init status and PodInitializing', () => {
    const h = nodeHarness();
    h.run({
      metadata: { name: 'init' },
      spec: {
        initContainers: [
          { name: 'wait', image: 'busybox:1.36', command: ['sh', '-c', 'sleep 10'] },
          { name: 'prep', image: 'busybox:1.36', command: ['sh', '-c', 'echo prepared > /work/ready'], volumeMounts: [{ name: 'w', mountPath: '/work' }] },
        ],
        volumes: [{ name: 'w', emptyDir: {} }],
        containers: [{ name: 'app', image: 'busybox:1.36', command: ['sh', '-c', 'cat /work/ready; sleep 3600'], volumeMounts: [{ name: 'w', mountPath: '/work' }] }],
      },
    });
    h.advance(6_000);
    let st = h.status('init');
    expect(st.phase).toBe('Pending');
    expect(st.initContainerStatuses[0].state.running).toBeDefined();
    expect(st.containerStatuses[0].state).toEqual({ waiting: { reason: 'PodInitializing' } });
    expect(st.conditions.find((x: any) => x.type === 'Initialized')).toMatchObject({ status: 'False', reason: 'ContainersNotInitialized', message: 'containers with incomplete status: [wait prep]' });
    h.advance(20_000);
    st = h.status('init');
    expect(st.phase).toBe('Running');
    expect(st.initContainerStatuses.map((s: any) => s.state.terminated.reason)).toEqual(['Completed', 'Completed']);
    expect(st.initContainerStatuses.map((s: any) => s.ready)).toEqual([true, true]);
    expect(h.logs('init').body).toBe('prepared\n');
  });

  it('a sidecar (restartPolicy Always init container) keeps running next to the app', () => {
    const h = nodeHarness();
    h.run({
      metadata: { name: 'side' },
      spec: {
        initContainers: [{ name: 'logger', image: 'busybox:1.36', restartPolicy: 'Always', command: ['sh', '-c', 'while true; do echo tick; sleep 5; done'] }],
        containers: [{ name: 'app', image: 'nginx:1.27' }],
      },
    });
    h.advance(40_000);
    const st = h.status('side');
    expect(st.phase).toBe('Running');
    expect(st.initContainerStatuses[0]).toMatchObject({ ready: true, started: true });
    expect(st.initContainerStatuses[0].state.running).toBeDefined();
    expect(st.conditions.find((x: any) => x.type === 'Ready').status).toBe('True');
  });

  it('QoS classes follow requests and limits', () => {
    const h = nodeHarness();
    h.run({ metadata: { name: 'g' }, spec: { containers: [{ name: 'c', image: 'nginx:1.27', resources: { limits: { cpu: '500m', memory: '128Mi' } } }] } });
    h.advance(1000);
    expect(h.status('g').qosClass).toBe('Guaranteed');
  });
});

describe('kubelet admission of pods bound by hand', () => {
  it('rejects a pod that does not fit with OutOfcpu; a nodeSelector mismatch with NodeAffinity', () => {
    const h = nodeHarness();
    h.run({ metadata: { name: 'big' }, spec: { containers: [{ name: 'c', image: 'nginx:1.27', resources: { requests: { cpu: '3' } } }] } });
    h.run({ metadata: { name: 'picky' }, spec: { nodeSelector: { disk: 'ssd' }, containers: [{ name: 'c', image: 'nginx:1.27' }] } });
    h.advance(1_000);
    expect(h.status('big')).toMatchObject({ phase: 'Failed', reason: 'OutOfcpu', message: "Pod was rejected: Node didn't have enough resource: cpu, requested: 3000, used: 0, capacity: 2000" });
    expect(h.events('big')).toEqual(["Warning OutOfcpu Node didn't have enough resource: cpu, requested: 3000, used: 0, capacity: 2000"]);
    expect(h.status('picky')).toMatchObject({ phase: 'Failed', reason: 'NodeAffinity', message: "Pod was rejected: Predicate NodeAffinity failed: node(s) didn't match Pod's node affinity/selector" });
  });
});

describe('termination messages', () => {
  it('what the container writes to /dev/termination-log becomes the terminated message', () => {
    const h = nodeHarness();
    h.run({ metadata: { name: 'msg' }, spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox:1.36', command: ['sh', '-c', 'echo Sleep expired > /dev/termination-log; exit 1'] }] } });
    h.run({ metadata: { name: 'fallback' }, spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox:1.36', terminationMessagePolicy: 'FallbackToLogsOnError', command: ['sh', '-c', 'echo disk full; exit 3'] }] } });
    h.advance(20_000);
    expect(h.status('msg').containerStatuses[0].state.terminated).toMatchObject({ exitCode: 1, reason: 'Error', message: 'Sleep expired\n' });
    expect(h.status('fallback').containerStatuses[0].state.terminated.message).toBe('disk full\n');
  });
});
