/**
 * Lab for "StatefulSets": a headless Service plus a StatefulSet with a volume claim
 * template. The learner creates them, scales up to three and back down to one, and the
 * end state proves the point of the lesson: pods have fixed names, and the claims of
 * the removed pods stay behind for when they come back.
 */
import { defineLab } from '../../src/labs/schema';
import type { KObject } from '../../src/sim/api/types';

const statefulYaml = `apiVersion: v1
kind: Service
metadata:
  name: nginx
  labels:
    app: nginx
spec:
  clusterIP: None        # headless: DNS names per pod, no virtual IP
  selector:
    app: nginx
  ports:
    - name: web
      port: 80
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  serviceName: nginx     # the headless Service that gives each pod its DNS name
  replicas: 2
  selector:
    matchLabels:
      app: nginx
  template:
    metadata:
      labels:
        app: nginx
    spec:
      containers:
        - name: nginx
          image: registry.k8s.io/nginx-slim:0.8
          ports:
            - name: web
              containerPort: 80
          volumeMounts:
            - name: www
              mountPath: /usr/share/nginx/html
  volumeClaimTemplates:
    - metadata:
        name: www
      spec:
        accessModes: ["ReadWriteOnce"]
        resources:
          requests:
            storage: 1Gi
`;

type Svc = KObject & { spec?: { clusterIP?: string; selector?: Record<string, string> } };
type Sts = KObject & {
  spec?: { replicas?: number; serviceName?: string; volumeClaimTemplates?: { metadata?: { name?: string } }[] };
  status?: { readyReplicas?: number; replicas?: number };
};
type Pod = KObject & { status?: { phase?: string; conditions?: { type: string; status: string }[] } };

const ready = (p: Pod | undefined) =>
  !!p && !p.metadata.deletionTimestamp && p.status?.phase === 'Running' && p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');

export default defineLab({
  id: 'statefulsets-web',
  title: 'A StatefulSet with stable names and its own volumes',
  start: { seed: 6 },
  files: [{ name: 'web-sts.yaml', content: statefulYaml }],
  tasks: [
    {
      id: 'headless',
      title: 'A headless Service nginx (clusterIP: None) selects app=nginx',
      check: (k) => {
        const s = k.get('services', 'nginx') as Svc | undefined;
        if (!s) return 'There is no Service named nginx yet.';
        if (s.spec?.clusterIP !== 'None') return `nginx has the cluster IP ${s.spec?.clusterIP}; a headless Service sets clusterIP: None.`;
        return s.spec?.selector?.app === 'nginx' || 'The Service must select the pods with app=nginx.';
      },
    },
    {
      id: 'statefulset',
      title: 'StatefulSet web uses serviceName nginx and a claim template www',
      check: (k) => {
        const s = k.get('statefulsets', 'web') as Sts | undefined;
        if (!s) return 'There is no StatefulSet named web yet.';
        if (s.spec?.serviceName !== 'nginx') return 'spec.serviceName must name the headless Service, nginx.';
        return s.spec?.volumeClaimTemplates?.some((t) => t.metadata?.name === 'www') || 'Add a volumeClaimTemplate named www.';
      },
    },
    {
      id: 'three-ready',
      title: 'Scaled to three: web-0, web-1 and web-2 each got a claim (www-web-0, www-web-1, www-web-2)',
      check: (k) => {
        const missing = ['www-web-0', 'www-web-1', 'www-web-2'].filter((n) => !k.get('persistentvolumeclaims', n));
        return missing.length === 0 || `Missing claim(s): ${missing.join(', ')}. Scale web to 3 replicas.`;
      },
    },
    {
      id: 'scaled-down-claims-stay',
      title: 'Scaled back to one: only web-0 runs, and all three claims are still there',
      check: (k) => {
        const s = k.get('statefulsets', 'web') as Sts | undefined;
        if (!s) return false;
        if (s.spec?.replicas !== 1) return `web asks for ${s.spec?.replicas ?? 1} replicas; scale it to 1.`;
        if (!ready(k.get('pods', 'web-0') as Pod | undefined)) return 'web-0 is not Running and Ready.';
        const extra = ['web-1', 'web-2'].filter((n) => k.get('pods', n));
        if (extra.length) return `${extra.join(' and ')} still exist${extra.length === 1 ? 's' : ''}: the StatefulSet removes the highest ordinal first, one at a time.`;
        const claims = ['www-web-0', 'www-web-1', 'www-web-2'].filter((n) => k.get('persistentvolumeclaims', n));
        return claims.length === 3 || `Only ${claims.length} of the 3 claims are left.`;
      },
    },
  ],
  hints: [
    'web-sts.yaml has both objects. Apply it, then watch: kubectl get pods -l app=nginx -w (web-1 waits for web-0 to be Ready).',
    'kubectl scale statefulset web --replicas=3, then kubectl get pvc: each pod gets its own claim named www-web-N.',
    'kubectl scale statefulset web --replicas=1 removes web-2 first, then web-1. kubectl get pvc still lists three claims.',
  ],
  solution: {
    files: [{ name: 'web-sts.yaml', content: statefulYaml }],
    commands: [
      'sleep 60s',
      'kubectl scale statefulset web --replicas=3',
      'sleep 90s',
      'kubectl get pods -l app=nginx',
      'kubectl scale statefulset web --replicas=1',
      'sleep 60s',
      'kubectl get pvc',
    ],
    wait: '1m',
  },
});
