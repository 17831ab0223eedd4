/**
 * Lab for "Affinity, taints and tolerations" (Part 3, lesson 11): taint node01 and see new
 * pods avoid it, place a pod there with a toleration plus required node affinity, and fix a
 * Deployment whose required pod anti-affinity asks for more replicas than there are nodes
 * (it starts with one replica Pending, FailedScheduling "didn't match pod anti-affinity rules"),
 * and place a pod next to a cache replica with required pod affinity.
 */
import { defineLab } from '../../src/labs/schema';
import type { ReadClient } from '../../src/labs/schema';
import type { KObject } from '../../src/sim/api/types';

// Already in the cluster when the lab starts: three replicas, but only two schedulable nodes.
const cacheYaml = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: cache
spec:
  replicas: 3
  selector:
    matchLabels:
      app: cache
  template:
    metadata:
      labels:
        app: cache
    spec:
      affinity:
        podAntiAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            - labelSelector:
                matchLabels:
                  app: cache
              topologyKey: kubernetes.io/hostname
      containers:
        - name: redis
          image: redis:7.4
`;

const blueYaml = `apiVersion: v1
kind: Pod
metadata:
  name: blue
spec:
  tolerations:
    - key: app
      operator: Equal
      value: blue
      effect: NoSchedule
  affinity:
    nodeAffinity:
      requiredDuringSchedulingIgnoredDuringExecution:
        nodeSelectorTerms:
          - matchExpressions:
              - key: color
                operator: In
                values:
                  - blue
  containers:
    - name: blue
      image: nginx:1.27
`;

const nearCacheYaml = `apiVersion: v1
kind: Pod
metadata:
  name: near-cache
spec:
  affinity:
    podAffinity:
      requiredDuringSchedulingIgnoredDuringExecution:
        - labelSelector:
            matchLabels:
              app: cache
          topologyKey: kubernetes.io/hostname
  containers:
    - name: app
      image: nginx:1.27
`;

type Taint = { key: string; value?: string; effect: string };
type Toleration = { key?: string; operator?: string; value?: string; effect?: string };
type Pod = KObject & {
  spec?: {
    nodeName?: string;
    tolerations?: Toleration[];
    affinity?: {
      nodeAffinity?: { requiredDuringSchedulingIgnoredDuringExecution?: { nodeSelectorTerms?: unknown[] } };
      podAntiAffinity?: { requiredDuringSchedulingIgnoredDuringExecution?: { topologyKey?: string }[] };
      podAffinity?: { requiredDuringSchedulingIgnoredDuringExecution?: { topologyKey?: string; labelSelector?: { matchLabels?: Record<string, string> } }[] };
    };
  };
  status?: { phase?: string };
};
type Ev = KObject & { reason?: string; involvedObject?: { name?: string; kind?: string }; source?: { component?: string }; reportingComponent?: string };

const blueTaint = (k: ReadClient): boolean =>
  (((k.get('nodes', 'node01')?.spec as { taints?: Taint[] } | undefined)?.taints) ?? []).some(
    (t) => t.key === 'app' && t.value === 'blue' && t.effect === 'NoSchedule',
  );

/** Pods of a label selector that are not being deleted. */
const live = (k: ReadClient, selector: string) => (k.list('pods', { labelSelector: selector }) as Pod[]).filter((p) => !p.metadata.deletionTimestamp);

const tolerates = (t: Toleration) =>
  (t.key === 'app' || (!t.key && t.operator === 'Exists')) &&
  (t.operator === 'Exists' || t.value === 'blue') &&
  (!t.effect || t.effect === 'NoSchedule');

export default defineLab({
  id: 'scheduling-affinity-taints',
  title: 'Affinity, taints and tolerations',
  start: { manifests: [cacheYaml], settle: '1m' },
  files: [
    { name: 'blue.yaml', content: blueYaml },
    { name: 'near-cache.yaml', content: nearCacheYaml },
  ],
  tasks: [
    {
      id: 'taint',
      title: 'node01 carries the taint app=blue:NoSchedule',
      check: (k) => blueTaint(k) || 'node01 has no taint app=blue:NoSchedule yet.',
    },
    {
      id: 'web-avoids',
      title: 'Deployment web runs 3 nginx replicas, none of them on the tainted node01',
      check: (k) => {
        if (!k.get('deployments', 'web')) return 'There is no Deployment named web yet.';
        if (!blueTaint(k)) return 'Taint node01 first, so the new replicas have a reason to avoid it.';
        const pods = live(k, 'app=web');
        const running = pods.filter((p) => p.status?.phase === 'Running');
        if (running.length < 3) return `${running.length} of 3 web replicas are Running.`;
        const on01 = pods.filter((p) => p.spec?.nodeName === 'node01').map((p) => p.metadata.name);
        return on01.length === 0 || `${on01.join(', ')} run on node01. Pods placed before the taint stay; delete them and the Deployment replaces them elsewhere.`;
      },
    },
    {
      id: 'blue-on-node01',
      title: 'Pod blue tolerates the taint and is drawn to node01 by a required node affinity rule',
      check: (k) => {
        const p = k.get('pods', 'blue') as Pod | undefined;
        if (!p) return 'There is no pod named blue yet.';
        if (!(p.spec?.tolerations ?? []).some(tolerates)) return 'blue has no toleration for app=blue:NoSchedule.';
        if (!p.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms?.length)
          return 'blue has no requiredDuringSchedulingIgnoredDuringExecution node affinity.';
        if (!p.spec?.nodeName) return 'blue is not scheduled yet: does a node carry the label its affinity asks for?';
        if (p.spec.nodeName !== 'node01') return `blue runs on ${p.spec.nodeName}, not node01.`;
        const scheduled = (k.list('events') as Ev[]).some((e) => e.reason === 'Scheduled' && e.involvedObject?.name === 'blue');
        if (!scheduled) return 'blue was not placed by the scheduler: leave spec.nodeName out and let affinity do it.';
        return p.status?.phase === 'Running' || `blue is ${p.status?.phase ?? 'starting'}, not Running yet.`;
      },
    },
    {
      id: 'cache-spread',
      title: 'Every cache replica runs on a node of its own, and cache keeps its pod anti-affinity rule',
      check: (k) => {
        const d = k.get('deployments', 'cache') as (KObject & { spec?: { template?: { spec?: Pod['spec'] } } }) | undefined;
        if (!d) return 'The Deployment cache is gone; re-create it from the lesson.';
        const rule = d.spec?.template?.spec?.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? [];
        if (!rule.some((r) => r.topologyKey === 'kubernetes.io/hostname')) return 'cache must keep its required pod anti-affinity on kubernetes.io/hostname.';
        const pods = live(k, 'app=cache');
        const pending = pods.filter((p) => p.status?.phase !== 'Running');
        if (pending.length) return `${pending.length} cache pod(s) are not Running (${pending.map((p) => p.metadata.name).join(', ')}).`;
        if (pods.length < 2) return `Only ${pods.length} cache replica(s) run; keep at least 2.`;
        const nodes = new Set(pods.map((p) => p.spec?.nodeName));
        return nodes.size === pods.length || 'Two cache replicas share a node.';
      },
    },
    {
      id: 'near-cache',
      title: 'Pod near-cache runs on a node that runs a cache replica, put there by a required pod affinity rule',
      check: (k) => {
        const p = k.get('pods', 'near-cache') as Pod | undefined;
        if (!p) return 'There is no pod named near-cache yet.';
        const terms = p.spec?.affinity?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? [];
        if (!terms.some((t) => t.topologyKey === 'kubernetes.io/hostname')) return 'near-cache has no required podAffinity with topologyKey kubernetes.io/hostname.';
        if (!p.spec?.nodeName) return 'near-cache is not scheduled yet.';
        const cacheNodes = live(k, 'app=cache').map((c) => c.spec?.nodeName);
        if (!cacheNodes.includes(p.spec.nodeName)) return `near-cache runs on ${p.spec.nodeName}, where no cache replica runs.`;
        return p.status?.phase === 'Running' || `near-cache is ${p.status?.phase ?? 'starting'}, not Running yet.`;
      },
    },
  ],
  hints: [
    'kubectl taint nodes node01 app=blue:NoSchedule, then kubectl create deployment web --image=nginx:1.27 --replicas=3',
    'A toleration only allows blue onto node01. Label node01 (kubectl label node node01 color=blue) so the affinity in blue.yaml has a node to match, then apply blue.yaml.',
    'Apply near-cache.yaml: its podAffinity only accepts nodes where a pod labelled app=cache runs.',
    'kubectl describe on the Pending cache pod says 2 node(s) didn\'t match pod anti-affinity rules: two schedulable nodes fit at most two replicas. kubectl scale deployment cache --replicas=2',
  ],
  solution: {
    // blue.yaml is applied first (it waits for a node labelled color=blue); the taint comes
    // before web is created, so none of web's replicas is placed on node01.
    files: [
      { name: 'blue.yaml', content: blueYaml },
      { name: 'near-cache.yaml', content: nearCacheYaml },
    ],
    commands: [
      'kubectl taint nodes node01 app=blue:NoSchedule',
      'kubectl label node node01 color=blue',
      'kubectl create deployment web --image=nginx:1.27 --replicas=3',
      'kubectl scale deployment cache --replicas=2',
      'kubectl get pods -o wide',
    ],
    wait: '3m',
  },
});
