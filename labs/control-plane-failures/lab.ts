/**
 * Lab for "The control plane and the nodes": the learner switches the scheduler off the
 * kubeadm way (moving its static-pod manifest out of /etc/kubernetes/manifests on the
 * control-plane node), sees a new pod wait with no events, runs a pod that names its node
 * (no scheduler needed), brings the scheduler back, then stops node01's kubelet and
 * watches the node controller mark the node NotReady and taint it unreachable.
 *
 * "patient waited for the scheduler" is read from state: the pod's PodScheduled condition
 * turned True well after the pod was created.
 */
import { defineLab } from '../../src/labs/schema';
import type { KObject } from '../../src/sim/api/types';

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

const patientYaml = `apiVersion: v1
kind: Pod
metadata:
  name: patient
spec:
  containers:
    - name: web
      image: nginx:1.27
`;

/** A pod counts as having waited for the scheduler when it was bound this long after it was created. */
const WAITED_MS = 20_000;

type Cond = { type: string; status: string; lastTransitionTime?: string };
type PodLike = KObject & { spec?: { nodeName?: string }; status?: { phase?: string; conditions?: Cond[] } };
type NodeLike = KObject & { spec?: { taints?: { key: string; effect: string }[] }; status?: { conditions?: Cond[] } };

const ready = (p: PodLike) => p.status?.phase === 'Running' && p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');

export default defineLab({
  id: 'control-plane-failures',
  title: 'Switch components off',
  files: [
    { name: 'manual.yaml', content: manualYaml },
    { name: 'patient.yaml', content: patientYaml },
  ],
  tasks: [
    {
      id: 'manual-running',
      title: 'A pod named manual runs on node02, placed there by its own spec.nodeName',
      check: (k) => {
        const pod = k.get('pods', 'manual') as PodLike | undefined;
        if (!pod) return 'There is no pod named manual yet: apply manual.yaml.';
        if (pod.spec?.nodeName !== 'node02') return `manual is on ${pod.spec?.nodeName || 'no node'}, not node02.`;
        return ready(pod) || `manual is ${pod.status?.phase ?? 'Pending'} on node02.`;
      },
    },
    {
      id: 'patient-waited',
      title: 'A pod named patient waited for the stopped scheduler, and was scheduled once it came back',
      check: (k) => {
        const pod = k.get('pods', 'patient') as PodLike | undefined;
        if (!pod) return 'There is no pod named patient yet. Stop the scheduler first, then apply patient.yaml.';
        const scheduled = pod.status?.conditions?.find((c) => c.type === 'PodScheduled');
        if (!pod.spec?.nodeName || scheduled?.status !== 'True') return 'patient is Pending with no node: the scheduler is off. Move its manifest back to bring it back.';
        const created = Date.parse(pod.metadata.creationTimestamp ?? '');
        const bound = Date.parse(scheduled.lastTransitionTime ?? '');
        return (
          bound - created >= WAITED_MS ||
          'patient was scheduled right away, so the scheduler was running. Delete it, stop the scheduler, and apply patient.yaml again.'
        );
      },
    },
    {
      id: 'node01-notready',
      title: 'node01 is NotReady because its kubelet is stopped',
      check: (k) => {
        const node = k.get('nodes', 'node01') as NodeLike | undefined;
        if (!node) return 'There is no node named node01.';
        const r = node.status?.conditions?.find((c) => c.type === 'Ready');
        return r?.status !== 'True' || 'node01 is still Ready. Stop its kubelet (ssh node01, then systemctl stop kubelet) and let about a minute pass.';
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
    'Stop the scheduler: ssh controlplane, then mv /etc/kubernetes/manifests/kube-scheduler.yaml /root/, then exit. The kubelet stops the kube-scheduler pod within seconds.',
    'Apply patient.yaml (or kubectl run patient --image=nginx:1.27). It stays Pending with no events. Apply manual.yaml too: it names its node and runs anyway.',
    'Bring the scheduler back: ssh controlplane, mv /root/kube-scheduler.yaml /etc/kubernetes/manifests/, exit. patient is scheduled within seconds.',
    'Take node01 down: ssh node01, systemctl stop kubelet, exit. Let a minute pass, then kubectl get nodes and kubectl describe node node01.',
  ],
  solution: {
    files: [{ name: 'manual.yaml', content: manualYaml }],
    commands: [
      'ssh controlplane',
      'mv /etc/kubernetes/manifests/kube-scheduler.yaml /root/',
      'exit',
      'sleep 30',
      'kubectl run patient --image=nginx:1.27',
      'sleep 30',
      'kubectl get pods -o wide',
      'ssh controlplane',
      'mv /root/kube-scheduler.yaml /etc/kubernetes/manifests/',
      'exit',
      'sleep 20',
      'kubectl get pods -o wide',
      'ssh node01',
      'systemctl stop kubelet',
      'exit',
    ],
    wait: '2m',
  },
});
