/**
 * Lab for "Run your first pod": start from an empty cluster, end with a labelled nginx
 * pod that is running and ready.
 */
import { defineLab } from '../../src/labs/schema';

const podYaml = `apiVersion: v1
kind: Pod
metadata:
  name: web
  labels:
    app: web
spec:
  containers:
    - name: web
      image: nginx:1.27
      ports:
        - containerPort: 80
`;

type PodLike = {
  spec?: { containers?: { image?: string }[] };
  status?: { phase?: string; conditions?: { type: string; status: string }[] };
  metadata: { labels?: Record<string, string> };
};

export default defineLab({
  id: 'first-pod',
  title: 'Run your first pod',
  files: [{ name: 'pod.yaml', content: podYaml }],
  tasks: [
    {
      id: 'pod-exists',
      title: 'A pod named web exists and runs an nginx image',
      check: (k) => {
        const pod = k.get('pods', 'web') as PodLike | undefined;
        if (!pod) return 'There is no pod named web in the default namespace yet.';
        const image = pod.spec?.containers?.[0]?.image ?? '';
        return /^(docker\.io\/(library\/)?)?nginx(:|@|$)/.test(image) || `The pod runs ${image}, not nginx.`;
      },
    },
    {
      id: 'pod-labelled',
      title: 'The pod carries the label app=web',
      check: (k) => k.list('pods', { labelSelector: 'app=web' }).some((p) => p.metadata.name === 'web'),
    },
    {
      id: 'pod-ready',
      title: 'The pod is Running and Ready',
      check: (k) => {
        const pod = k.get('pods', 'web') as PodLike | undefined;
        if (!pod) return false;
        const ready = pod.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True';
        return (pod.status?.phase === 'Running' && ready) || `The pod is ${pod.status?.phase ?? 'not scheduled'}${ready ? '' : ' and not ready yet'}.`;
      },
    },
  ],
  hints: [
    'Open pod.yaml in the editor: it already describes the pod. Press Apply to send it to the cluster.',
    'If you prefer the terminal: kubectl run web --image=nginx:1.27 --labels=app=web',
    'Pulling the image takes a few seconds of cluster time. Watch the map, or run kubectl get pods again.',
  ],
  solution: {
    files: [{ name: 'pod.yaml', content: podYaml }],
    commands: ['kubectl get pods'],
    wait: '2m',
  },
});
