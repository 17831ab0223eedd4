/**
 * Lab for "Static pods" (Part 3, lesson 12): write the seed's static-web manifest into
 * node01's /etc/kubernetes/manifests over `ssh node01`, see the mirror pod
 * static-web-node01, delete the mirror and watch the kubelet bring it back, then run the
 * same file on node02 and stop it there by removing the file.
 */
import { defineLab } from '../../src/labs/schema';
import type { ReadClient } from '../../src/labs/schema';
import type { KObject } from '../../src/sim/api/types';

const staticWeb = [
  'apiVersion: v1',
  'kind: Pod',
  'metadata:',
  '  name: static-web',
  '  labels:',
  '    role: myrole',
  'spec:',
  '  containers:',
  '    - name: web',
  '      image: nginx',
  '      ports:',
  '        - name: web',
  '          containerPort: 80',
  '          protocol: TCP',
];
const MANIFEST = '/etc/kubernetes/manifests/static-web.yaml';

const staticBusybox = [
  'apiVersion: v1',
  'kind: Pod',
  'metadata:',
  '  name: static-busybox',
  '  namespace: kube-system',
  '  labels:',
  '    app: static-busybox',
  'spec:',
  '  containers:',
  '    - name: busybox',
  '      image: busybox:1.36',
  '      command: ["sleep", "3600"]',
];

type Pod = KObject & {
  spec?: { nodeName?: string; containers?: { image?: string; command?: string[]; args?: string[] }[] };
  status?: { phase?: string; containerStatuses?: { state?: { running?: { startedAt?: string } } }[] };
};
type Ev = KObject & { involvedObject?: { name?: string } };

const MIRROR = 'kubernetes.io/config.mirror';
const mirror = (k: ReadClient, name: string) => k.get('pods', name) as Pod | undefined;

export default defineLab({
  id: 'static-pods-web',
  title: 'Static pods',
  tasks: [
    {
      id: 'static-web',
      title: 'The static pod static-web runs on node01: its mirror pod static-web-node01 is Running, labelled role=myrole',
      check: (k) => {
        const p = mirror(k, 'static-web-node01');
        if (!p) return `No pod static-web-node01 yet. Write the manifest to ${MANIFEST} on node01 (ssh node01).`;
        if (!p.metadata.annotations?.[MIRROR]) return 'static-web-node01 is an ordinary pod, not a mirror pod: delete it and let the kubelet on node01 run the file.';
        if (p.metadata.labels?.role !== 'myrole') return 'static-web-node01 has no label role=myrole.';
        return p.status?.phase === 'Running' || `static-web-node01 is ${p.status?.phase ?? 'starting'}, not Running yet.`;
      },
    },
    {
      id: 'mirror-comes-back',
      title: 'You deleted the mirror pod static-web-node01 and the kubelet brought it back (the container kept running)',
      check: (k) => {
        const p = mirror(k, 'static-web-node01');
        if (!p || !p.metadata.annotations?.[MIRROR]) return 'First run static-web on node01.';
        const started = p.status?.containerStatuses?.[0]?.state?.running?.startedAt;
        if (!started) return 'Wait for the container of static-web-node01 to run.';
        // A recreated mirror pod is newer than the container it describes: the container never stopped.
        const created = Date.parse(p.metadata.creationTimestamp ?? '');
        return created > Date.parse(started) || 'The mirror pod is the original one. Delete it with kubectl delete pod static-web-node01 and look again.';
      },
    },
    {
      id: 'node02-removed',
      title: 'static-web ran on node02 as well, and you stopped it there by removing its file',
      check: (k) => {
        const existed = (k.list('events') as Ev[]).some((e) => e.involvedObject?.name === 'static-web-node02');
        if (!existed) return 'static-web has not run on node02 yet: write the same file on node02.';
        return !mirror(k, 'static-web-node02') || `static-web-node02 still exists: remove ${MANIFEST} on node02.`;
      },
    },
    {
      id: 'static-busybox',
      title: 'A static pod static-busybox runs busybox with the command sleep 3600 in kube-system on node01',
      check: (k) => {
        const p = k.get('pods', 'static-busybox-node01', 'kube-system') as Pod | undefined;
        if (!p) return 'No pod static-busybox-node01 in kube-system yet. Its manifest needs metadata.namespace: kube-system.';
        if (!p.metadata.annotations?.[MIRROR]) return 'static-busybox-node01 is not a mirror pod: write its manifest on node01 instead.';
        const c = p.spec?.containers?.[0];
        if (!/(^|\/)busybox(:|@|$)/.test(c?.image ?? '')) return `static-busybox runs ${c?.image}, not busybox.`;
        const argv = [...(c?.command ?? []), ...(c?.args ?? [])].join(' ');
        if (!/\bsleep 3600\b/.test(argv)) return `static-busybox runs "${argv || 'the image default'}", not sleep 3600.`;
        return p.status?.phase === 'Running' || `static-busybox-node01 is ${p.status?.phase ?? 'starting'}, not Running yet.`;
      },
    },
  ],
  hints: [
    `ssh node01, then write the manifest with cat <<EOF > ${MANIFEST} … EOF, and exit. The kubelet picks the file up by itself.`,
    'kubectl delete pod static-web-node01, then kubectl get pods: the pod is back with a new AGE and RESTARTS still 0.',
    `Write the same file on node02 (ssh node02), wait until static-web-node02 runs, then rm ${MANIFEST} on node02.`,
    'static-busybox: a second file in /etc/kubernetes/manifests on node01, with metadata.namespace: kube-system and command: ["sleep", "3600"]. The mirror pod is static-busybox-node01 in kube-system.',
  ],
  solution: {
    commands: [
      'ssh node01',
      `cat <<EOF > ${MANIFEST}`,
      ...staticWeb,
      'EOF',
      'cat <<EOF > /etc/kubernetes/manifests/static-busybox.yaml',
      ...staticBusybox,
      'EOF',
      'ls /etc/kubernetes/manifests',
      'exit',
      'ssh node02',
      `cat <<EOF > ${MANIFEST}`,
      ...staticWeb,
      'EOF',
      'exit',
      'sleep 60',
      'kubectl get pods -o wide',
      'kubectl delete pod static-web-node01',
      'ssh node02',
      `rm ${MANIFEST}`,
      'exit',
      'sleep 30',
      'kubectl get pods -o wide',
    ],
    wait: '1m',
  },
});
