/**
 * Lab for "Multiple schedulers" (Part 3, lesson 13): the seed's two pods, one for
 * default-scheduler and one for my-scheduler; a second kube-scheduler run as a Deployment
 * with its own profile and leader-election lease; the permission its ServiceAccount lacks
 * (system:kube-scheduler only allows the lease named kube-scheduler) and the fix; pods that
 * end up placed by my-scheduler.
 */
import { defineLab } from '../../src/labs/schema';
import type { ReadClient } from '../../src/labs/schema';
import type { KObject } from '../../src/sim/api/types';

// Already in the cluster when the lab starts (the seed's example, with a current pause image).
const podsYaml = `apiVersion: v1
kind: Pod
metadata:
  name: annotation-default-scheduler
  labels:
    name: multischeduler-example
spec:
  schedulerName: default-scheduler
  containers:
    - name: pod-with-default-annotation-container
      image: registry.k8s.io/pause:3.10
---
apiVersion: v1
kind: Pod
metadata:
  name: annotation-second-scheduler
  labels:
    name: multischeduler-example
spec:
  schedulerName: my-scheduler
  containers:
    - name: pod-with-second-annotation-container
      image: registry.k8s.io/pause:3.10
`;

const mySchedulerYaml = `apiVersion: v1
kind: ServiceAccount
metadata:
  name: my-scheduler
  namespace: kube-system
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: my-scheduler-as-kube-scheduler
subjects:
  - kind: ServiceAccount
    name: my-scheduler
    namespace: kube-system
roleRef:
  kind: ClusterRole
  name: system:kube-scheduler
  apiGroup: rbac.authorization.k8s.io
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: my-scheduler-as-volume-scheduler
subjects:
  - kind: ServiceAccount
    name: my-scheduler
    namespace: kube-system
roleRef:
  kind: ClusterRole
  name: system:volume-scheduler
  apiGroup: rbac.authorization.k8s.io
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: my-scheduler-extension-apiserver-authentication-reader
  namespace: kube-system
roleRef:
  kind: Role
  name: extension-apiserver-authentication-reader
  apiGroup: rbac.authorization.k8s.io
subjects:
  - kind: ServiceAccount
    name: my-scheduler
    namespace: kube-system
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: my-scheduler-config
  namespace: kube-system
data:
  my-scheduler-config.yaml: |
    apiVersion: kubescheduler.config.k8s.io/v1
    kind: KubeSchedulerConfiguration
    profiles:
      - schedulerName: my-scheduler
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: my-scheduler
  namespace: kube-system
  labels:
    component: my-scheduler
spec:
  replicas: 1
  selector:
    matchLabels:
      component: my-scheduler
  template:
    metadata:
      labels:
        component: my-scheduler
    spec:
      serviceAccountName: my-scheduler
      containers:
        - name: kube-second-scheduler
          image: registry.k8s.io/kube-scheduler:v1.32.0
          command:
            - /usr/local/bin/kube-scheduler
            - --config=/etc/kubernetes/my-scheduler/my-scheduler-config.yaml
            - --leader-elect=true
            - --leader-elect-resource-namespace=kube-system
            - --leader-elect-resource-name=my-scheduler
          resources:
            requests:
              cpu: 100m
          volumeMounts:
            - name: config-volume
              mountPath: /etc/kubernetes/my-scheduler
      volumes:
        - name: config-volume
          configMap:
            name: my-scheduler-config
`;

const batchYaml = (withScheduler: boolean) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: batch
spec:
  replicas: 2
  selector:
    matchLabels:
      app: batch
  template:
    metadata:
      labels:
        app: batch
    spec:
${withScheduler ? '      schedulerName: my-scheduler\n' : ''}      containers:
        - name: nginx
          image: nginx:1.27
`;

type Pod = KObject & { spec?: { nodeName?: string; schedulerName?: string }; status?: { phase?: string } };
type Ev = KObject & {
  reason?: string;
  involvedObject?: { kind?: string; name?: string; uid?: string };
  source?: { component?: string };
  reportingComponent?: string;
};

/** Which component recorded the Scheduled event of this pod (matched by uid), or undefined. */
function scheduledBy(k: ReadClient, p: Pod): string | undefined {
  const ev = (k.list('events', { ns: p.metadata.namespace ?? 'default' }) as Ev[]).find(
    (e) => e.reason === 'Scheduled' && e.involvedObject?.name === p.metadata.name && (!e.involvedObject?.uid || e.involvedObject.uid === p.metadata.uid),
  );
  return ev ? ev.source?.component || ev.reportingComponent || '' : undefined;
}

type Rule = { apiGroups?: string[]; resources?: string[]; verbs?: string[]; resourceNames?: string[] };
type Binding = KObject & { roleRef?: { kind?: string; name?: string }; subjects?: { kind?: string; name?: string; namespace?: string }[] };

/**
 * Does RBAC let system:serviceaccount:kube-system:my-scheduler `verb` the lease my-scheduler
 * in kube-system? Either fix counts: my-scheduler added to system:kube-scheduler's
 * resourceNames, or a Role/ClusterRole of its own bound to the account.
 */
function mayUseLease(k: ReadClient, verb: string): boolean {
  const has = (xs: string[] | undefined, v: string) => !!xs && (xs.includes('*') || xs.includes(v));
  const allows = (r: Rule) =>
    has(r.verbs, verb) && has(r.apiGroups, 'coordination.k8s.io') && has(r.resources, 'leases') && (!r.resourceNames?.length || r.resourceNames.includes('my-scheduler'));
  const isMine = (b: Binding, bindingNs?: string) =>
    (b.subjects ?? []).some(
      (s) =>
        (s.kind === 'ServiceAccount' && s.name === 'my-scheduler' && (s.namespace ?? bindingNs) === 'kube-system') ||
        (s.kind === 'User' && s.name === 'system:serviceaccount:kube-system:my-scheduler') ||
        (s.kind === 'Group' && ['system:serviceaccounts', 'system:serviceaccounts:kube-system', 'system:authenticated'].includes(s.name ?? '')),
    );
  const rules = (ref: Binding['roleRef']): Rule[] => {
    const role = ref?.kind === 'ClusterRole' ? k.get('clusterroles', ref.name ?? '') : k.get('roles', ref?.name ?? '', 'kube-system');
    return ((role as { rules?: Rule[] } | undefined)?.rules) ?? [];
  };
  const bindings = [
    ...(k.list('clusterrolebindings') as Binding[]).filter((b) => isMine(b)),
    ...(k.list('rolebindings', { ns: 'kube-system' }) as Binding[]).filter((b) => isMine(b, 'kube-system')),
  ];
  return bindings.some((b) => rules(b.roleRef).some(allows));
}

function placedByMine(k: ReadClient, p: Pod | undefined, name: string): true | string {
  if (!p) return `There is no pod ${name}.`;
  if (p.spec?.schedulerName !== 'my-scheduler') return `${name} asks for ${p.spec?.schedulerName ?? 'default-scheduler'}, not my-scheduler.`;
  if (!p.spec?.nodeName) return `${name} is still Pending: my-scheduler has not placed it.`;
  const by = scheduledBy(k, p);
  if (by !== 'my-scheduler') return `${name} was not placed by my-scheduler${by ? ` (its Scheduled event is from ${by})` : ''}.`;
  return p.status?.phase === 'Running' || `${name} is ${p.status?.phase ?? 'starting'}, not Running yet.`;
}

export default defineLab({
  id: 'schedulers-second',
  title: 'Multiple schedulers',
  start: { manifests: [podsYaml], settle: '30s' },
  files: [
    { name: 'my-scheduler.yaml', content: mySchedulerYaml },
    { name: 'batch.yaml', content: batchYaml(false) },
  ],
  tasks: [
    {
      id: 'scheduler-running',
      title: 'The Deployment my-scheduler in kube-system runs a kube-scheduler pod',
      check: (k) => {
        const d = k.get('deployments', 'my-scheduler', 'kube-system') as (KObject & { status?: { availableReplicas?: number } }) | undefined;
        if (!d) return 'There is no Deployment my-scheduler in kube-system yet. Apply my-scheduler.yaml.';
        return (d.status?.availableReplicas ?? 0) >= 1 || 'my-scheduler has no available replica yet: kubectl get pods -n kube-system -l component=my-scheduler';
      },
    },
    {
      id: 'lease-allowed',
      title: "my-scheduler's ServiceAccount may get and update its lease, kube-system/my-scheduler",
      check: (k) => {
        if (!k.get('serviceaccounts', 'my-scheduler', 'kube-system')) return 'There is no ServiceAccount my-scheduler in kube-system yet. Apply my-scheduler.yaml.';
        const missing = ['get', 'update'].filter((v) => !mayUseLease(k, v));
        return missing.length === 0 || `kube-system:my-scheduler may not ${missing.join(' or ')} the lease my-scheduler. kubectl auth can-i get leases/my-scheduler -n kube-system --as=system:serviceaccount:kube-system:my-scheduler`;
      },
    },
    {
      id: 'second-pod',
      title: 'annotation-second-scheduler runs, and its Scheduled event comes from my-scheduler',
      check: (k) => placedByMine(k, k.get('pods', 'annotation-second-scheduler') as Pod | undefined, 'annotation-second-scheduler'),
    },
    {
      id: 'batch',
      title: 'Deployment batch runs 2 replicas, all placed by my-scheduler',
      check: (k) => {
        if (!k.get('deployments', 'batch')) return 'There is no Deployment named batch yet. Apply batch.yaml.';
        const pods = (k.list('pods', { labelSelector: 'app=batch' }) as Pod[]).filter((p) => !p.metadata.deletionTimestamp);
        if (pods.length < 2) return `${pods.length} of 2 batch pods exist.`;
        for (const p of pods) {
          const r = placedByMine(k, p, p.metadata.name ?? "a batch pod");
          if (r !== true) return r;
        }
        return true;
      },
    },
  ],
  hints: [
    'Apply my-scheduler.yaml from the editor, then kubectl get pods -n kube-system -l component=my-scheduler.',
    'kubectl logs -n kube-system deployment/my-scheduler: the ServiceAccount may not get the lease named my-scheduler. kubectl describe clusterrole system:kube-scheduler shows which lease names it allows.',
    'kubectl edit clusterrole system:kube-scheduler and add my-scheduler under resourceNames of the leases rule, or: kubectl create role my-scheduler-lease -n kube-system --verb=get,update --resource=leases.coordination.k8s.io --resource-name=my-scheduler and kubectl create rolebinding my-scheduler-lease -n kube-system --role=my-scheduler-lease --serviceaccount=kube-system:my-scheduler',
    'Add schedulerName: my-scheduler to the pod template spec in batch.yaml and apply it.',
  ],
  solution: {
    files: [
      { name: 'my-scheduler.yaml', content: mySchedulerYaml },
      { name: 'batch.yaml', content: batchYaml(true) },
    ],
    commands: [
      'kubectl create role my-scheduler-lease -n kube-system --verb=get,update --resource=leases.coordination.k8s.io --resource-name=my-scheduler',
      'kubectl create rolebinding my-scheduler-lease -n kube-system --role=my-scheduler-lease --serviceaccount=kube-system:my-scheduler',
      'kubectl get pods -o wide',
    ],
    wait: '3m',
  },
});
