import { describe, expect, it } from 'vitest';
import { scriptedShell } from './testing';

const WEB = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
`;

describe('kubelab shell scenarios', () => {
  it('creates, scales, updates and undoes a Deployment', async () => {
    const s = scriptedShell({ files: { 'web.yaml': WEB } });
    expect((await s.run('kubectl apply -f web.yaml')).out).toBe('deployment.apps/web created\n');
    expect((await s.run('kubectl apply -f web.yaml')).out).toBe('deployment.apps/web unchanged\n');
    const st = await s.run('kubectl rollout status deploy/web');
    expect(st.out.endsWith('deployment "web" successfully rolled out\n')).toBe(true);
    expect((await s.run('kubectl scale deploy web --replicas=3')).out).toBe('deployment.apps/web scaled\n');
    await s.run('sleep 20s');
    expect((await s.run('kubectl get deploy web')).out).toMatch(/^NAME   READY   UP-TO-DATE   AVAILABLE   AGE\nweb    3\/3     3            3           2\ds\n$/);
    // apply keeps replicas set by scale? No: the manifest sets replicas: 2, so apply restores it
    expect((await s.run('kubectl apply -f web.yaml')).out).toBe('deployment.apps/web configured\n');
    expect((await s.run("kubectl get deploy web -o jsonpath='{.spec.replicas}'")).out).toBe('2');
    expect((await s.run('kubectl set image deployment/web nginx=nginx:1.26')).out).toBe('deployment.apps/web image updated\n');
    await s.run('sleep 60s');
    expect((await s.run('kubectl rollout history deployment/web')).out).toBe('deployment.apps/web \nREVISION  CHANGE-CAUSE\n1         <none>\n2         <none>\n\n');
    expect((await s.run('kubectl rollout undo deployment/web')).out).toBe('deployment.apps/web rolled back\n');
    await s.run('sleep 60s');
    expect((await s.run("kubectl get deploy web -o jsonpath='{.spec.template.spec.containers[0].image}'")).out).toBe('nginx:1.27');
    expect((await s.run('kubectl get pods --no-headers | wc -l')).out).toBe('2\n');
  });

  it('reports broken YAML, unknown fields and missing objects, and keeps answering', async () => {
    const broken = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: nginx: latest\n';
    const unknown = WEB.replace('  replicas: 2\n', '  replicas: 2\n  foo: 1\n');
    const s = scriptedShell({ files: { 'broken.yaml': broken, 'unknown.yaml': unknown } });
    expect(await s.run('kubectl apply -f broken.yaml')).toMatchObject({
      out: '',
      err: 'error: error parsing broken.yaml: error converting YAML to JSON: yaml: line 8: mapping values are not allowed in this context\n',
      code: 1,
    });
    expect(await s.run('kubectl apply -f unknown.yaml')).toMatchObject({
      out: '',
      err: 'Error from server (BadRequest): error when creating "unknown.yaml": Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.foo"\n',
      code: 1,
    });
    expect(await s.run('kubectl get deploy web')).toMatchObject({ err: 'Error from server (NotFound): deployments.apps "web" not found\n', code: 1 });
    expect(await s.run('kubectl get podz')).toMatchObject({ err: 'error: the server doesn\'t have a resource type "podz"\n', code: 1 });
    expect(await s.run('kubectl gt pods')).toMatchObject({ err: 'error: unknown command "gt" for "kubectl"\n\nDid you mean this?\n\tset\n\tget\n\tcp\n', code: 1 });
    expect(await s.run('foo')).toMatchObject({ err: 'bash: foo: command not found\n', code: 127 });
    expect((await s.run('kubectl get ns')).out.split('\n')[0]).toBe('NAME              STATUS   AGE');
  });

  it('validation errors print as kubectl prints them', async () => {
    const s = scriptedShell({ files: { 'neg.yaml': WEB.replace('replicas: 2', 'replicas: -1') } });
    expect((await s.run('kubectl apply -f neg.yaml')).err).toBe(
      'The Deployment "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0\n',
    );
  });

  it('runs heredocs, pipes, variables and command substitution', async () => {
    const s = scriptedShell();
    const r = await s.run(`cat <<EOF | kubectl apply -f -
apiVersion: v1
kind: ConfigMap
metadata:
  name: cfg
data:
  a: "1"
EOF`);
    expect(r.out).toBe('configmap/cfg created\n');
    expect((await s.run('kubectl get cm | grep -v kube-root | awk \'{print $1, $2}\'')).out).toBe('NAME DATA\ncfg 1\n');
    expect((await s.run('N=$(kubectl get cm cfg -o jsonpath={.data.a}); echo "value=$N"')).out).toBe('value=1\n');
    expect((await s.run('echo hi > f.txt && cat f.txt && ls')).out).toBe('hi\nf.txt\n');
    expect((await s.run('false || echo fallback; true && echo yes')).out).toBe('fallback\nyes\n');
    expect((await s.run("echo 'c2VjcmV0' | base64 -d")).out).toBe('secret');
  });

  it('generates manifests with --dry-run=client -o yaml exactly as kubectl 1.32', async () => {
    const s = scriptedShell();
    expect((await s.run('kubectl create deployment web --image=nginx:1.27 --replicas=3 --port=80 --dry-run=client -o yaml')).out).toBe(
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  creationTimestamp: null\n  labels:\n    app: web\n  name: web\nspec:\n  replicas: 3\n  selector:\n    matchLabels:\n      app: web\n  strategy: {}\n  template:\n    metadata:\n      creationTimestamp: null\n      labels:\n        app: web\n    spec:\n      containers:\n      - image: nginx:1.27\n        name: nginx\n        ports:\n        - containerPort: 80\n        resources: {}\nstatus: {}\n',
    );
    expect((await s.run("kubectl create cronjob hello --image=busybox --schedule='*/1 * * * *' --dry-run=client -o yaml -- echo hi")).out).toBe(
      "apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  creationTimestamp: null\n  name: hello\nspec:\n  jobTemplate:\n    metadata:\n      creationTimestamp: null\n      name: hello\n    spec:\n      template:\n        metadata:\n          creationTimestamp: null\n        spec:\n          containers:\n          - command:\n            - echo\n            - hi\n            image: busybox\n            name: hello\n            resources: {}\n          restartPolicy: OnFailure\n  schedule: '*/1 * * * *'\nstatus: {}\n",
    );
    expect((await s.run('kubectl create service nodeport web --tcp=80:8080 --node-port=30080 --dry-run=client -o yaml')).out).toBe(
      'apiVersion: v1\nkind: Service\nmetadata:\n  creationTimestamp: null\n  labels:\n    app: web\n  name: web\nspec:\n  ports:\n  - name: 80-8080\n    nodePort: 30080\n    port: 80\n    protocol: TCP\n    targetPort: 8080\n  selector:\n    app: web\n  type: NodePort\nstatus:\n  loadBalancer: {}\n',
    );
    expect((await s.run('kubectl create secret generic s --from-literal=password=abc --dry-run=client -o yaml')).out).toBe(
      'apiVersion: v1\ndata:\n  password: YWJj\nkind: Secret\nmetadata:\n  creationTimestamp: null\n  name: s\n',
    );
  });

  it('exec -it and ssh read the following lines as their own input', async () => {
    const s = scriptedShell();
    await s.run('kubectl run box --image=nginx');
    await s.run('sleep 20s');
    const r = await s.run('kubectl exec -it box -- sh\necho inside\nexit\necho outside');
    expect(r.out).toBe('inside\noutside\n');
    const n = await s.run('ssh node01\nhostname\nexit\nhostname');
    expect(n.out).toBe('node01\nlogout\nConnection to node01 closed.\ncontrolplane\n');
    expect((await s.run('ssh nowhere')).err).toBe('ssh: Could not resolve hostname nowhere: Name or service not known\n');
    // a command after the host runs there and comes back
    expect((await s.run('ssh node01 hostname')).out).toBe('node01\n');
    expect((await s.run('ssh node01 ls /etc/kubernetes/manifests; hostname')).out).toBe('controlplane\n');
  });

  it('is deterministic: same seed, same input, same output', async () => {
    const script = 'kubectl create deployment web --image=nginx --replicas=2\nsleep 15s\nkubectl get pods -o wide\nkubectl get events --sort-by=.lastTimestamp';
    const a = await scriptedShell({ seed: 7 }).run(script);
    const b = await scriptedShell({ seed: 7 }).run(script);
    expect(a.all).toBe(b.all);
    expect(a.out).toContain('Running');
  });
});

describe('the learner machine is the control-plane node', () => {
  it('runs curl against a Service ClusterIP through the host', async () => {
    const s = scriptedShell();
    await s.run('kubectl create deployment web --image=nginx\nkubectl expose deploy web --port=80\nsleep 15s');
    const r = await s.run('IP=$(kubectl get svc web -o jsonpath={.spec.clusterIP})\ncurl -s $IP | grep -o "Welcome to nginx!" | head -1');
    expect(r.out).toBe('Welcome to nginx!\n');
    expect((await s.run('nosuchprogram')).err).toBe('bash: nosuchprogram: command not found\n');
  });
});
