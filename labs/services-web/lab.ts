/**
 * Lab for "Services": a Deployment of three nginx pods and a Service whose selector has a
 * typo, so it has no endpoints (the break-on-purpose task). The learner finds why,
 * fixes the selector, reaches the Service by its DNS name from a busybox pod, and
 * exposes the pods on a NodePort.
 */
import { defineLab } from '../../src/labs/schema';
import type { ReadClient } from '../../src/labs/schema';
import type { KObject } from '../../src/sim/api/types';

const deploymentYaml = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 3
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
          ports:
            - containerPort: 80
`;

const serviceBroken = `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: webapp
  ports:
    - port: 80
      targetPort: 80
`;

const serviceFixed = serviceBroken.replace('app: webapp', 'app: web');

const nodePortYaml = `apiVersion: v1
kind: Service
metadata:
  name: web-nodeport
spec:
  type: NodePort
  selector:
    app: web
  ports:
    - port: 80
      targetPort: 80
      nodePort: 30080
`;

type Svc = KObject & {
  spec?: { type?: string; clusterIP?: string; selector?: Record<string, string>; ports?: { port?: number; nodePort?: number }[] };
};
type Slice = KObject & { endpoints?: { addresses?: string[]; conditions?: { ready?: boolean } }[] };
type Endpoints = KObject & { subsets?: { addresses?: { ip: string }[] }[] };
type Pod = KObject & { spec?: { containers?: { image?: string }[] }; status?: { phase?: string; podIP?: string } };

/** Ready endpoint addresses of a Service, from its EndpointSlices (or the legacy Endpoints object). */
function readyAddresses(k: ReadClient, svc: string): string[] {
  const slices = k.list('endpointslices', { labelSelector: `kubernetes.io/service-name=${svc}` }) as Slice[];
  const fromSlices = slices.flatMap((s) => (s.endpoints ?? []).filter((e) => e.conditions?.ready !== false).flatMap((e) => e.addresses ?? []));
  if (fromSlices.length) return [...new Set(fromSlices)];
  const ep = k.get('endpoints', svc) as Endpoints | undefined;
  return [...new Set((ep?.subsets ?? []).flatMap((s) => (s.addresses ?? []).map((a) => a.ip)))];
}

/** IPs of the running pods of Deployment web. */
const webPodIPs = (k: ReadClient) =>
  (k.list('pods', { labelSelector: 'app=web' }) as Pod[])
    .filter((p) => !p.metadata.deletionTimestamp && p.status?.phase === 'Running' && p.status.podIP)
    .map((p) => p.status!.podIP!);

export default defineLab({
  id: 'services-web',
  title: 'Give pods one stable address',
  start: { seed: 9, manifests: [deploymentYaml, serviceBroken], settle: '45s' },
  files: [
    { name: 'web-svc.yaml', content: serviceBroken },
    { name: 'web-nodeport.yaml', content: nodePortYaml },
  ],
  tasks: [
    {
      id: 'selector-matches',
      title: 'Service web selects the pods of Deployment web',
      check: (k) => {
        const s = k.get('services', 'web') as Svc | undefined;
        if (!s) return 'There is no Service named web. Reset the lab or apply web-svc.yaml.';
        const sel = s.spec?.selector ?? {};
        const keys = Object.keys(sel);
        if (!keys.length) return 'The Service has no selector, so nothing fills its endpoints.';
        const sel1 = keys.map((key) => `${key}=${sel[key]}`).join(',');
        const matched = k.list('pods', { labelSelector: sel1 }).length;
        return matched >= 3 || `The selector ${sel1} matches ${matched} pod(s). Compare it with the pods' labels: kubectl get pods --show-labels.`;
      },
    },
    {
      id: 'endpoints',
      title: 'Service web has the three web pods as ready endpoints',
      check: (k) => {
        if (!k.get('services', 'web')) return false;
        const addrs = readyAddresses(k, 'web');
        const ips = webPodIPs(k);
        const covered = ips.filter((ip) => addrs.includes(ip));
        return (ips.length >= 3 && covered.length === ips.length) || `web has ${addrs.length} ready endpoint(s); kubectl get endpointslices -l kubernetes.io/service-name=web shows them.`;
      },
    },
    {
      id: 'client',
      title: 'A busybox pod named client is running (to call web from inside the cluster)',
      check: (k) => {
        const p = k.get('pods', 'client') as Pod | undefined;
        if (!p) return 'There is no pod named client yet.';
        if (!/busybox/.test(p.spec?.containers?.[0]?.image ?? '')) return 'client should run a busybox image.';
        return p.status?.phase === 'Running' || `client is ${p.status?.phase ?? 'Pending'}. Give it a command that keeps running, such as sleep 3600.`;
      },
    },
    {
      id: 'nodeport',
      title: 'Service web-nodeport exposes the web pods on node port 30080',
      check: (k) => {
        const s = k.get('services', 'web-nodeport') as Svc | undefined;
        if (!s) return 'There is no Service named web-nodeport yet.';
        if (s.spec?.type !== 'NodePort') return `web-nodeport is of type ${s.spec?.type ?? 'ClusterIP'}, not NodePort.`;
        if (!s.spec.ports?.some((p) => p.nodePort === 30080)) return 'No port of web-nodeport uses nodePort 30080.';
        const ips = webPodIPs(k);
        const addrs = readyAddresses(k, 'web-nodeport');
        return (ips.length >= 3 && ips.every((ip) => addrs.includes(ip))) || `web-nodeport has ${addrs.length} ready endpoint(s); it should select app=web.`;
      },
    },
  ],
  hints: [
    'kubectl describe service web shows its Selector and an empty Endpoints line. kubectl get pods --show-labels shows what the pods are labelled.',
    'Fix the selector in web-svc.yaml to app: web and Apply (or kubectl edit service web). The endpoints fill in at once.',
    'kubectl run client --image=busybox:1.36 -- sleep 3600, then kubectl exec client -- wget -qO- http://web',
    'Apply web-nodeport.yaml, or: kubectl expose deployment web --name=web-nodeport --type=NodePort --port=80 and set nodePort 30080 with kubectl edit.',
  ],
  solution: {
    files: [
      { name: 'web-svc.yaml', content: serviceFixed },
      { name: 'web-nodeport.yaml', content: nodePortYaml },
    ],
    commands: [
      'kubectl get endpointslices -l kubernetes.io/service-name=web',
      'kubectl run client --image=busybox:1.36 -- sleep 3600',
      'sleep 20s',
      'kubectl exec client -- wget -qO- http://web',
      'kubectl exec client -- nslookup web',
    ],
    wait: '30s',
  },
});
