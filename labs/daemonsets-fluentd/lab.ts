/**
 * Lab for "DaemonSets": the fluentd log collector from the seed runs on every worker but
 * skips the control-plane node, because that node is tainted and the DaemonSet does not
 * tolerate the taint. The learner adds the toleration, then runs a second DaemonSet only
 * on nodes they label, to see that "every node" means "every eligible node".
 */
import { defineLab } from '../../src/labs/schema';
import type { ReadClient } from '../../src/labs/schema';
import type { KObject } from '../../src/sim/api/types';

const fluentdBase = `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: fluentd-elasticsearch
  namespace: kube-system
  labels:
    k8s-app: fluentd-logging
spec:
  selector:
    matchLabels:
      name: fluentd-elasticsearch
  template:
    metadata:
      labels:
        name: fluentd-elasticsearch
    spec:
__TOLERATIONS__      containers:
        - name: fluentd-elasticsearch
          image: quay.io/fluentd_elasticsearch/fluentd:v2.5.2
          resources:
            limits:
              memory: 200Mi
            requests:
              cpu: 100m
              memory: 200Mi
          volumeMounts:
            - name: varlog
              mountPath: /var/log
      terminationGracePeriodSeconds: 30
      volumes:
        - name: varlog
          hostPath:
            path: /var/log
`;

const tolerations = `      tolerations:
        # let the pods run on control-plane nodes too
        - key: node-role.kubernetes.io/control-plane
          operator: Exists
          effect: NoSchedule
`;

const fluentdNoToleration = fluentdBase.replace('__TOLERATIONS__', '');
const fluentdTolerating = fluentdBase.replace('__TOLERATIONS__', tolerations);

const ssdMonitorYaml = `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: ssd-monitor
spec:
  selector:
    matchLabels:
      app: ssd-monitor
  template:
    metadata:
      labels:
        app: ssd-monitor
    spec:
      nodeSelector:
        disk: ssd          # only nodes with this label are eligible
      containers:
        - name: monitor
          image: busybox:1.36
          command: ["sh", "-c", "while true; do echo checking disk; sleep 60; done"]
`;

type Toleration = { key?: string; operator?: string; value?: string; effect?: string };
type DS = KObject & {
  spec?: { template?: { spec?: { tolerations?: Toleration[]; containers?: { image?: string }[] } } };
  status?: { desiredNumberScheduled?: number; numberReady?: number; updatedNumberScheduled?: number; numberAvailable?: number };
};
type Pod = KObject & {
  spec?: { nodeName?: string };
  status?: { phase?: string; conditions?: { type: string; status: string }[] };
};

const isReady = (p: Pod) =>
  !p.metadata.deletionTimestamp && p.status?.phase === 'Running' && !!p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');

/** Does this toleration let a pod onto a node tainted node-role.kubernetes.io/control-plane:NoSchedule? */
const toleratesControlPlane = (t: Toleration) =>
  (t.effect === undefined || t.effect === '' || t.effect === 'NoSchedule') &&
  ((t.key === 'node-role.kubernetes.io/control-plane' && (t.operator === 'Exists' || (t.value ?? '') === '')) ||
    ((t.key === undefined || t.key === '') && t.operator === 'Exists'));

const nodeNames = (k: ReadClient) => k.list('nodes').map((n) => n.metadata.name ?? '');

/** Running, ready pods of a DaemonSet by node name. */
function podsByNode(k: ReadClient, ds: DS): Map<string, Pod[]> {
  const m = new Map<string, Pod[]>();
  const pods = k.list('pods', { ns: ds.metadata.namespace }) as Pod[];
  for (const p of pods) {
    if (!p.metadata.ownerReferences?.some((r) => r.uid === ds.metadata.uid) || !isReady(p) || !p.spec?.nodeName) continue;
    m.set(p.spec.nodeName, [...(m.get(p.spec.nodeName) ?? []), p]);
  }
  return m;
}

export default defineLab({
  id: 'daemonsets-fluentd',
  title: 'Run a log collector on every node',
  start: { seed: 7, manifests: [fluentdNoToleration], settle: '60s' },
  files: [
    { name: 'fluentd.yaml', content: fluentdNoToleration },
    { name: 'ssd-monitor.yaml', content: ssdMonitorYaml },
  ],
  tasks: [
    {
      id: 'toleration',
      title: 'fluentd-elasticsearch tolerates the control-plane taint',
      check: (k) => {
        const ds = k.get('daemonsets', 'fluentd-elasticsearch', 'kube-system') as DS | undefined;
        if (!ds) return 'The DaemonSet fluentd-elasticsearch is missing from kube-system. Reset the lab or apply fluentd.yaml.';
        return (ds.spec?.template?.spec?.tolerations ?? []).some(toleratesControlPlane) ||
          'The pod template has no toleration for node-role.kubernetes.io/control-plane:NoSchedule.';
      },
    },
    {
      id: 'on-control-plane',
      title: 'A fluentd pod runs on the control-plane node',
      check: (k) => {
        const ds = k.get('daemonsets', 'fluentd-elasticsearch', 'kube-system') as DS | undefined;
        if (!ds) return false;
        const cps = k.list('nodes', { labelSelector: 'node-role.kubernetes.io/control-plane' }).map((n) => n.metadata.name ?? '');
        if (!cps.length) return 'This cluster has no control-plane node.';
        const byNode = podsByNode(k, ds);
        const missing = cps.filter((n) => !byNode.has(n));
        return missing.length === 0 || `No ready fluentd pod on ${missing.join(', ')} yet.`;
      },
    },
    {
      id: 'one-per-node',
      title: 'Exactly one ready fluentd pod on every node, all on the current template',
      check: (k) => {
        const ds = k.get('daemonsets', 'fluentd-elasticsearch', 'kube-system') as DS | undefined;
        if (!ds) return false;
        const nodes = nodeNames(k);
        const byNode = podsByNode(k, ds);
        const wrong = nodes.filter((n) => (byNode.get(n)?.length ?? 0) !== 1);
        if (wrong.length) return `Nodes without exactly one ready fluentd pod: ${wrong.join(', ')}.`;
        const s = ds.status ?? {};
        return (s.desiredNumberScheduled === nodes.length && s.updatedNumberScheduled === nodes.length && s.numberAvailable === nodes.length) ||
          `The DaemonSet reports desired ${s.desiredNumberScheduled ?? 0}, up-to-date ${s.updatedNumberScheduled ?? 0}, available ${s.numberAvailable ?? 0}.`;
      },
    },
    {
      id: 'ssd-only',
      title: 'DaemonSet ssd-monitor runs one pod, on node01 only (labelled disk=ssd)',
      check: (k) => {
        const node = k.get('nodes', 'node01');
        if (!node) return 'This cluster has no node01.';
        if (node.metadata.labels?.disk !== 'ssd') return 'node01 does not carry the label disk=ssd yet.';
        const ds = k.get('daemonsets', 'ssd-monitor') as DS | undefined;
        if (!ds) return 'There is no DaemonSet named ssd-monitor in the default namespace yet.';
        const byNode = podsByNode(k, ds);
        const where = [...byNode.keys()];
        if (where.length !== 1 || where[0] !== 'node01') return where.length ? `ssd-monitor has ready pods on ${where.join(', ')}.` : 'ssd-monitor has no ready pod yet.';
        return byNode.get('node01')!.length === 1 || 'node01 has more than one ssd-monitor pod.';
      },
    },
  ],
  hints: [
    'kubectl get pods -n kube-system -o wide -l name=fluentd-elasticsearch shows which nodes have a fluentd pod. kubectl describe node controlplane shows its Taints line.',
    'Add a tolerations list under spec.template.spec in fluentd.yaml: key node-role.kubernetes.io/control-plane, operator Exists, effect NoSchedule. Then Apply.',
    'kubectl label node node01 disk=ssd, then apply ssd-monitor.yaml. Only labelled nodes are eligible for it.',
  ],
  solution: {
    files: [
      { name: 'fluentd.yaml', content: fluentdTolerating },
      { name: 'ssd-monitor.yaml', content: ssdMonitorYaml },
    ],
    commands: ['kubectl label node node01 disk=ssd', 'sleep 60s', 'kubectl get pods -A -o wide -l name=fluentd-elasticsearch'],
    wait: '1m',
  },
});
