/**
 * Lab for "Containers: run your first pod": run a labelled nginx pod and watch it pull and
 * start; break a pod of your own with an image tag that does not exist; repair the pod
 * `shop`, which the start state brings stuck in ImagePullBackOff (tag 1.72 for 1.27).
 *
 * The break is proven by the kubelet's image-pull Events (they outlive the pod for an
 * hour), so deleting the broken pod afterwards, as the lesson suggests, keeps the task done.
 */
import { defineLab } from '../../src/labs/schema';
import type { ReadClient } from '../../src/labs/schema';
import type { KObject } from '../../src/sim/api/types';

// The e2e test edits line 10 (`image:`) of the first editor file: keep this layout.
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

const shopBroken = `apiVersion: v1
kind: Pod
metadata:
  name: shop
  labels:
    app: shop
spec:
  containers:
    - name: shop
      image: nginx:1.72
      ports:
        - containerPort: 80
`;

const shopFixed = shopBroken.replace('nginx:1.72', 'nginx:1.27');

type PodLike = KObject & {
  spec?: { containers?: { name: string; image?: string }[] };
  status?: {
    phase?: string;
    conditions?: { type: string; status: string }[];
    containerStatuses?: { name: string; ready?: boolean; state?: { waiting?: { reason?: string } } }[];
  };
};
type EventLike = KObject & { reason?: string; message?: string; involvedObject?: { kind?: string; name?: string } };

const NGINX = /^(docker\.io\/(library\/)?)?nginx(:|@|$)/;

const isReady = (pod: PodLike | undefined) =>
  !!pod && pod.status?.phase === 'Running' && pod.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True';

function podState(pod: PodLike): string {
  const waiting = pod.status?.containerStatuses?.find((c) => c.state?.waiting?.reason)?.state?.waiting?.reason;
  return waiting ?? pod.status?.phase ?? 'Pending';
}

/** Pods (other than `exclude`) whose image pull failed: kubelet events, or a container waiting on the pull right now. */
function failedPulls(k: ReadClient, exclude: string): string[] {
  const names = new Set<string>();
  for (const e of k.list('events') as EventLike[]) {
    const name = e.involvedObject?.name;
    if (!name || name === exclude || e.involvedObject?.kind !== 'Pod') continue;
    const pullFailed =
      (e.reason === 'Failed' && /Failed to pull image|ErrImagePull/.test(e.message ?? '')) ||
      (e.reason === 'BackOff' && /Back-off pulling image/.test(e.message ?? ''));
    if (pullFailed) names.add(name);
  }
  for (const p of k.list('pods') as PodLike[]) {
    if (p.metadata.name === exclude) continue;
    const reasons = (p.status?.containerStatuses ?? []).map((c) => c.state?.waiting?.reason);
    if (reasons.some((r) => r === 'ErrImagePull' || r === 'ImagePullBackOff')) names.add(p.metadata.name ?? '');
  }
  return [...names];
}

export default defineLab({
  id: 'first-pod',
  title: 'Run, break and fix a pod',
  start: {
    manifests: [shopBroken],
    settle: '45s',
  },
  files: [
    { name: 'pod.yaml', content: podYaml },
    { name: 'shop.yaml', content: shopBroken },
  ],
  tasks: [
    {
      id: 'pod-exists',
      title: 'A pod named web exists and runs an nginx image',
      check: (k) => {
        const pod = k.get('pods', 'web') as PodLike | undefined;
        if (!pod) return 'There is no pod named web in the default namespace yet.';
        const image = pod.spec?.containers?.[0]?.image ?? '';
        return NGINX.test(image) || `The pod runs ${image}, not nginx.`;
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
        return isReady(pod) || `The pod is ${podState(pod)}${pod.status?.phase === 'Running' ? ' but not ready yet' : ''}.`;
      },
    },
    {
      id: 'pull-failed',
      title: 'A pod of your own failed to pull a tag that does not exist (ErrImagePull, ImagePullBackOff)',
      check: (k) => {
        const pods = failedPulls(k, 'shop');
        return pods.length > 0 || 'None of your pods has failed an image pull yet. Try kubectl run typo --image=nginx:1.27-typo and let some time pass.';
      },
    },
    {
      id: 'shop-fixed',
      title: 'The pod shop runs an image that exists and is Ready',
      check: (k) => {
        const pod = k.get('pods', 'shop') as PodLike | undefined;
        if (!pod) return 'The pod shop is gone. Fix it rather than delete it: apply shop.yaml with a tag that exists to bring it back.';
        const image = pod.spec?.containers?.find((c) => c.name === 'shop')?.image ?? pod.spec?.containers?.[0]?.image ?? '';
        if (image.endsWith(':1.72')) return `shop still asks for ${image}, a tag that nginx never published.`;
        return isReady(pod) || `shop asks for ${image} and is ${podState(pod)}.`;
      },
    },
  ],
  hints: [
    'Open pod.yaml in the editor: it already describes the pod web. Press Apply to send it to the cluster. (Or: kubectl run web --image=nginx:1.27 --labels=app=web)',
    'Pulling an image takes a few seconds of cluster time. Watch the map, or run kubectl get pods again.',
    'To see a failed pull, run a pod from a tag that does not exist: kubectl run typo --image=nginx:1.27-typo, then wait and run kubectl describe pod typo.',
    'kubectl describe pod shop shows the image it asks for: nginx:1.72. The tag you want is 1.27. Fix it with kubectl set image pod/shop shop=nginx:1.27, or edit the tag in shop.yaml and press Apply.',
  ],
  solution: {
    files: [
      { name: 'pod.yaml', content: podYaml },
      { name: 'shop.yaml', content: shopFixed },
    ],
    commands: ['kubectl run typo --image=nginx:1.27-typo', 'kubectl get pods'],
    wait: '2m',
  },
});
