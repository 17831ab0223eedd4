/**
 * Lab for "The control plane and the nodes": the cluster starts with the scheduler
 * stopped and a pod `patient` waiting for it. The learner runs a pod that names its node
 * (manual scheduling: no scheduler needed), then stops node01's kubelet and watches the
 * node controller mark the node NotReady and taint it unreachable.
 */
import { defineLab } from '../../src/labs/schema';
import type { KObject } from '../../src/sim/api/types';

const patientYaml = `apiVersion: v1
kind: Pod
metadata:
  name: patient
  labels:
    app: patient
spec:
  containers:
    - name: web
      image: nginx:1.27
`;

const manualYaml = `apiVersion: v1
kind: Pod
metadata:
  name: manual
spec:
  nodeName: node02
  containers:
    - name: web
      image: nginx:1.27
`;

type PodLike = KObject & { spec?: { nodeName?: string }; status?: { phase?: string; conditions?: { type: string; status: string }[] } };
type NodeLike = KObject & {
  spec?: { taints?: { key: string; effect: string }[] };
  status?: { conditions?: { type: string; status: string; reason?: string }[] };
};

const nodeReady = (n: NodeLike) => n.status?.conditions?.find((c) => c.type === 'Ready');

export default defineLab({
  id: 'control-plane-failures',
  title: 'Switch components off',
  start: {
    stopped: ['default-scheduler'],
    manifests: [patientYaml],
    settle: '30s',
  },
  files: [{ name: 'manual.yaml', content: manualYaml }],
  tasks: [
    {
      id: 'manual-running',
      title: 'A pod named manual runs on node02 although the scheduler is off',
      check: (k) => {
        const pod = k.get('pods', 'manual') as PodLike | undefined;
        if (!pod) return 'There is no pod named manual yet: apply manual.yaml.';
        if (pod.spec?.nodeName !== 'node02') return `manual is on ${pod.spec?.nodeName || 'no node'}, not node02.`;
        const ready = pod.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True';
        return (pod.status?.phase === 'Running' && ready) || `manual is ${pod.status?.phase ?? 'Pending'} on node02.`;
      },
    },
    {
      id: 'node01-notready',
      title: 'node01 is NotReady because its kubelet is stopped',
      check: (k) => {
        const node = k.get('nodes', 'node01') as NodeLike | undefined;
        if (!node) return 'There is no node named node01.';
        const ready = nodeReady(node);
        if (ready?.status === 'True') return 'node01 is still Ready. Stop its kubelet (ssh node01, then systemctl stop kubelet) and let about a minute pass.';
        return true;
      },
    },
    {
      id: 'node01-tainted',
      title: 'The node controller has tainted node01 as unreachable',
      check: (k) => {
        const node = k.get('nodes', 'node01') as NodeLike | undefined;
        if (!node) return 'There is no node named node01.';
        const taints = node.spec?.taints ?? [];
        return (
          taints.some((t) => t.key === 'node.kubernetes.io/unreachable' || t.key === 'node.kubernetes.io/not-ready') ||
          'node01 has no node.kubernetes.io/unreachable taint yet.'
        );
      },
    },
  ],
  hints: [
    'manual.yaml already sets spec.nodeName: node02. Press Apply: a pod that names its node does not need the scheduler.',
    'patient stays Pending on purpose: nothing schedules it in this lab. kubectl describe pod patient shows Node: <none> and no events.',
    'In the terminal: ssh node01, then systemctl stop kubelet, then exit. Let a minute of cluster time pass and run kubectl get nodes.',
    'kubectl describe node node01 shows the Ready condition and the taints the node controller added.',
  ],
  solution: {
    files: [{ name: 'manual.yaml', content: manualYaml }],
    commands: ['ssh node01', 'systemctl stop kubelet', 'exit', 'kubectl get nodes'],
    wait: '2m',
  },
});
