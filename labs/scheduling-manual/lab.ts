/**
 * Lab for "Place pods by hand" (Part 3, lesson 10): pin the seed's http-go pod with nodeName,
 * label a node gpu=true and place a second pod with nodeSelector, and rescue a pod whose
 * nodeSelector (disktype=ssd) no node satisfies: it starts Pending with FailedScheduling.
 */
import { defineLab } from '../../src/labs/schema';
import type { ReadClient } from '../../src/labs/schema';
import type { KObject } from '../../src/sim/api/types';

const httpGoYaml = `apiVersion: v1
kind: Pod
metadata:
  name: http-go
spec:
  nodeName: node01
  containers:
    - name: http-go
      image: gasbugs/http-go
      ports:
        - containerPort: 8080
`;

const httpGoGpuYaml = `apiVersion: v1
kind: Pod
metadata:
  name: http-go-gpu
spec:
  nodeSelector:
    gpu: "true"
  containers:
    - name: http-go
      image: gasbugs/http-go
`;

// Already in the cluster when the lab starts: asks for a label no node has.
const httpGoSsdYaml = `apiVersion: v1
kind: Pod
metadata:
  name: http-go-ssd
spec:
  nodeSelector:
    disktype: ssd
  containers:
    - name: http-go
      image: gasbugs/http-go
`;

type Pod = KObject & {
  spec?: { nodeName?: string; nodeSelector?: Record<string, string> };
  status?: { phase?: string };
};
type Ev = KObject & { reason?: string; involvedObject?: { name?: string; kind?: string }; source?: { component?: string }; reportingComponent?: string };

const pod = (k: ReadClient, name: string) => k.get('pods', name) as Pod | undefined;
const nodeLabels = (k: ReadClient, name: string) => k.get('nodes', name)?.metadata.labels ?? {};

/** Names of the components that recorded a Scheduled event for the pod (empty: nobody scheduled it). */
function schedulers(k: ReadClient, podName: string): string[] {
  return (k.list('events') as Ev[])
    .filter((e) => e.reason === 'Scheduled' && e.involvedObject?.kind === 'Pod' && e.involvedObject?.name === podName)
    .map((e) => e.source?.component || e.reportingComponent || '');
}

function running(p: Pod | undefined, name: string): true | string {
  if (!p) return `There is no pod named ${name} yet.`;
  if (!p.spec?.nodeName) return `${name} has no node yet: it is still waiting to be scheduled.`;
  return p.status?.phase === 'Running' || `${name} is on ${p.spec.nodeName} but ${p.status?.phase ?? 'not started'}, not Running yet.`;
}

export default defineLab({
  id: 'scheduling-manual',
  title: 'Place pods by hand',
  start: { manifests: [httpGoSsdYaml], settle: '30s' },
  files: [
    { name: 'http-go.yaml', content: httpGoYaml },
    { name: 'http-go-gpu.yaml', content: httpGoGpuYaml },
  ],
  tasks: [
    {
      id: 'nodename',
      title: 'Pod http-go runs on node01, placed by nodeName (the scheduler never saw it)',
      check: (k) => {
        const p = pod(k, 'http-go');
        const r = running(p, 'http-go');
        if (r !== true) return r;
        if (p!.spec?.nodeName !== 'node01') return `http-go runs on ${p!.spec?.nodeName}, not node01.`;
        const by = schedulers(k, 'http-go');
        return by.length === 0 || `http-go was placed by ${by[0] || 'a scheduler'}. Set spec.nodeName: node01 in the manifest so no scheduler is involved (delete the pod and apply again).`;
      },
    },
    {
      id: 'gpu-label',
      title: 'Node node02 carries the label gpu=true',
      check: (k) => {
        const v = nodeLabels(k, 'node02').gpu;
        return v === 'true' || (v === undefined ? 'node02 has no gpu label yet.' : `node02 has gpu=${v}, not gpu=true.`);
      },
    },
    {
      id: 'nodeselector',
      title: 'Pod http-go-gpu selects gpu=true with nodeSelector and runs on node02',
      check: (k) => {
        const p = pod(k, 'http-go-gpu');
        if (p && p.spec?.nodeSelector?.gpu !== 'true') return 'http-go-gpu has no nodeSelector gpu: "true".';
        const r = running(p, 'http-go-gpu');
        if (r !== true) return r;
        return p!.spec?.nodeName === 'node02' || `http-go-gpu runs on ${p!.spec?.nodeName}. Is node02 the only node labelled gpu=true?`;
      },
    },
    {
      id: 'ssd-fixed',
      title: 'The Pending pod http-go-ssd runs, on a node labelled disktype=ssd',
      check: (k) => {
        const p = pod(k, 'http-go-ssd');
        if (p && p.spec?.nodeSelector?.disktype !== 'ssd') return 'Keep the pod asking for disktype: ssd; give a node the label instead.';
        const r = running(p, 'http-go-ssd');
        if (r !== true) return r;
        return nodeLabels(k, p!.spec!.nodeName!).disktype === 'ssd' || `${p!.spec!.nodeName} no longer has disktype=ssd.`;
      },
    },
  ],
  hints: [
    'Apply http-go.yaml from the editor: its spec.nodeName: node01 puts the pod on node01 directly.',
    'kubectl label node node02 gpu=true adds the label; kubectl get nodes -L gpu shows it. Then apply http-go-gpu.yaml.',
    'kubectl describe pod http-go-ssd shows a FailedScheduling event: no node has disktype=ssd. Label a worker: kubectl label node node01 disktype=ssd',
  ],
  solution: {
    // http-go-gpu is applied before node02 has the label: it waits Pending, then the scheduler
    // retries when the node changes, as it would for a learner working in that order.
    files: [
      { name: 'http-go.yaml', content: httpGoYaml },
      { name: 'http-go-gpu.yaml', content: httpGoGpuYaml },
    ],
    commands: [
      'kubectl label node node02 gpu=true',
      'kubectl label node node01 disktype=ssd',
      'kubectl get pods -o wide',
    ],
    wait: '3m',
  },
});
