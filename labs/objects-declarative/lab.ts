/**
 * Lab for "Objects and declarative management": apply a Namespace and a Deployment,
 * change the spec and apply again (generation 2, observed by the controller), select the
 * new pods by label, and prove that names are unique only within a namespace.
 */
import { defineLab } from '../../src/labs/schema';
import type { KObject } from '../../src/sim/api/types';

const helloYaml = `apiVersion: v1
kind: Namespace
metadata:
  name: demo
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: hello
  namespace: demo
  labels:
    app: hello
spec:
  replicas: 2
  selector:
    matchLabels:
      app: hello
  template:
    metadata:
      labels:
        app: hello
    spec:
      containers:
        - name: hello
          image: nginx:1.27
`;

const helloEdited = helloYaml.replace('replicas: 2', 'replicas: 3').replace('        app: hello\n    spec:', '        app: hello\n        tier: frontend\n    spec:');

const configMapsYaml = `apiVersion: v1
kind: ConfigMap
metadata:
  name: hello
  namespace: default
data:
  greeting: hi
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: hello
  namespace: demo
data:
  greeting: hallo
`;

type Deploy = KObject & { spec?: { replicas?: number }; status?: { observedGeneration?: number; readyReplicas?: number } };
type PodLike = KObject & { status?: { phase?: string; conditions?: { type: string; status: string }[] } };

const ready = (p: PodLike) =>
  !p.metadata.deletionTimestamp && p.status?.phase === 'Running' && p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');

export default defineLab({
  id: 'objects-declarative',
  title: 'Apply, change, apply again',
  files: [{ name: 'hello.yaml', content: helloYaml }],
  tasks: [
    {
      id: 'namespace-demo',
      title: 'The namespace demo exists',
      check: (k) => !!k.get('namespaces', 'demo') || 'There is no namespace demo yet: apply hello.yaml.',
    },
    {
      id: 'generation-observed',
      title: 'The Deployment hello in demo wants 3 replicas, its spec changed at least once, and the controller has caught up',
      check: (k) => {
        const d = k.get('deployments.apps', 'hello', 'demo') as Deploy | undefined;
        if (!d) return 'There is no Deployment hello in the namespace demo yet.';
        const gen = d.metadata.generation ?? 0;
        if ((d.spec?.replicas ?? 1) !== 3) return `hello wants ${d.spec?.replicas ?? 1} replicas; edit the file to ask for 3 and apply it again.`;
        if (gen < 2) return `hello is still at generation ${gen}: its spec has not changed since it was created.`;
        return d.status?.observedGeneration === gen || `generation is ${gen} but observedGeneration is ${d.status?.observedGeneration ?? 'not set'}: the controller has not caught up yet.`;
      },
    },
    {
      id: 'frontend-pods',
      title: 'Three Running, Ready pods in demo match the selector app=hello,tier=frontend',
      check: (k) => {
        const pods = (k.list('pods', { ns: 'demo', labelSelector: 'app=hello,tier=frontend' }) as PodLike[]).filter(ready);
        return pods.length === 3 || `${pods.length} ready pod${pods.length === 1 ? '' : 's'} match app=hello,tier=frontend; 3 are wanted.`;
      },
    },
    {
      id: 'same-name',
      title: 'A ConfigMap named hello exists in default and another one in demo',
      check: (k) => {
        const inDefault = !!k.get('configmaps', 'hello', 'default');
        const inDemo = !!k.get('configmaps', 'hello', 'demo');
        if (inDefault && inDemo) return true;
        return `ConfigMap hello: ${inDefault ? 'found' : 'missing'} in default, ${inDemo ? 'found' : 'missing'} in demo.`;
      },
    },
  ],
  hints: [
    'Press Apply with hello.yaml open: it creates the namespace demo and the Deployment hello.',
    'Change replicas: 2 to replicas: 3, add tier: frontend under template.metadata.labels (same indentation as app: hello), and press Apply again.',
    'kubectl get pods -n demo -l app=hello,tier=frontend lists the pods the task counts. New pods need some cluster time to pull and start.',
    'kubectl create configmap hello --from-literal=greeting=hi creates one in default; add -n demo for the second.',
  ],
  solution: {
    files: [
      { name: 'hello.yaml', content: helloYaml },
      { name: 'hello-edited.yaml', content: helloEdited },
      { name: 'configmaps.yaml', content: configMapsYaml },
    ],
    commands: ['kubectl get pods -n demo -l app=hello,tier=frontend'],
    wait: '2m',
  },
});
