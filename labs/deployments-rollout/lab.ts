/**
 * Lab for "ReplicaSets and Deployments": start from the three-replica nginx Deployment,
 * scale it, roll out a new image, then roll it back. The end state carries the whole
 * story: five pods on the old image, a Deployment at revision 3 or more, and the
 * ReplicaSet of the abandoned image kept (scaled to zero) as history.
 */
import { defineLab } from '../../src/labs/schema';
import type { ReadClient } from '../../src/labs/schema';
import type { KObject } from '../../src/sim/api/types';

const deploymentYaml = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels:
    app: web
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
          image: nginx:1.26
          ports:
            - containerPort: 80
`;

const scaledYaml = deploymentYaml.replace('replicas: 3', 'replicas: 5');

type Deploy = KObject & {
  spec?: { replicas?: number; template?: { spec?: { containers?: { name: string; image?: string }[] } } };
  status?: { replicas?: number; updatedReplicas?: number; availableReplicas?: number; readyReplicas?: number };
};
type RS = KObject & {
  spec?: { replicas?: number; template?: { spec?: { containers?: { image?: string }[] } } };
  status?: { replicas?: number };
};

const image = (o: { spec?: { template?: { spec?: { containers?: { image?: string }[] } } } }) =>
  o.spec?.template?.spec?.containers?.[0]?.image ?? '';
const podImage = (p: KObject) => (p as { spec?: { containers?: { image?: string }[] } }).spec?.containers?.[0]?.image ?? '';
const revision = (o: KObject) => Number(o.metadata.annotations?.['deployment.kubernetes.io/revision'] ?? 0);

/** ReplicaSets whose controller is the Deployment web. */
function ownedSets(k: ReadClient): RS[] {
  const web = k.get('deployments', 'web');
  if (!web) return [];
  return (k.list('replicasets') as RS[]).filter((rs) =>
    rs.metadata.ownerReferences?.some((r) => r.controller && r.kind === 'Deployment' && r.uid === web.metadata.uid),
  );
}

export default defineLab({
  id: 'deployments-rollout',
  title: 'Scale, update and roll back a Deployment',
  start: { seed: 5, manifests: [deploymentYaml], settle: '45s' },
  files: [{ name: 'web.yaml', content: deploymentYaml }],
  tasks: [
    {
      id: 'scaled',
      title: 'Deployment web wants 5 replicas, and 5 are available',
      check: (k) => {
        const d = k.get('deployments', 'web') as Deploy | undefined;
        if (!d) return 'There is no Deployment named web. Reset the lab to get it back.';
        if (d.spec?.replicas !== 5) return `web asks for ${d.spec?.replicas ?? 1} replicas, not 5.`;
        const avail = d.status?.availableReplicas ?? 0;
        return avail === 5 || `${avail} of 5 replicas are available so far.`;
      },
    },
    {
      id: 'updated',
      title: 'A rollout to nginx:1.27 happened (its ReplicaSet is in the history)',
      check: (k) => {
        const sets = ownedSets(k);
        if (!sets.some((rs) => image(rs) === 'nginx:1.27'))
          return 'No ReplicaSet of web runs nginx:1.27 yet. Change the image with kubectl set image.';
        return true;
      },
    },
    {
      id: 'rolled-back',
      title: 'web is rolled back to nginx:1.26, at revision 3 or later',
      check: (k) => {
        const d = k.get('deployments', 'web') as Deploy | undefined;
        if (!d) return false;
        if (image(d) !== 'nginx:1.26') return `web's pod template runs ${image(d)}; the rollback brings back nginx:1.26.`;
        const rev = revision(d);
        return rev >= 3 || `web is at revision ${rev}: roll out nginx:1.27 first, then undo it.`;
      },
    },
    {
      id: 'settled',
      title: 'The rollback finished: 5 up-to-date pods on nginx:1.26, the 1.27 ReplicaSet at 0',
      check: (k) => {
        const d = k.get('deployments', 'web') as Deploy | undefined;
        if (!d || image(d) !== 'nginx:1.26') return false;
        const s = d.status ?? {};
        if (s.updatedReplicas !== 5 || s.availableReplicas !== 5 || s.replicas !== 5)
          return `updated ${s.updatedReplicas ?? 0}, available ${s.availableReplicas ?? 0}, total ${s.replicas ?? 0}: the rollout is still moving.`;
        const newer = ownedSets(k).filter((rs) => image(rs) === 'nginx:1.27');
        if (!newer.length) return 'The nginx:1.27 ReplicaSet is gone; it should stay as history.';
        if (newer.some((rs) => (rs.spec?.replicas ?? 0) > 0 || (rs.status?.replicas ?? 0) > 0))
          return 'The nginx:1.27 ReplicaSet still has pods.';
        const pods = k.list('pods', { labelSelector: 'app=web' }).filter((p) => !p.metadata.deletionTimestamp);
        const wrong = pods.filter((p) => podImage(p) !== 'nginx:1.26');
        return wrong.length === 0 || `${wrong.length} pod(s) still run another image.`;
      },
    },
  ],
  hints: [
    'Scaling changes only spec.replicas: kubectl scale deployment web --replicas=5 (or edit replicas in web.yaml and Apply).',
    'The container is named nginx, so: kubectl set image deployment/web nginx=nginx:1.27 — then watch kubectl rollout status deployment/web.',
    'kubectl rollout history deployment/web lists the revisions; kubectl rollout undo deployment/web goes back to the previous one.',
    'A rollback is a new rollout: it takes the old ReplicaSet, gives it the next revision number and scales it up again.',
  ],
  solution: {
    files: [{ name: 'web.yaml', content: scaledYaml }],
    commands: [
      'sleep 30s',
      'kubectl set image deployment/web nginx=nginx:1.27',
      'sleep 60s',
      'kubectl rollout history deployment/web',
      'kubectl rollout undo deployment/web',
      'sleep 60s',
      'kubectl get replicasets -l app=web',
    ],
    wait: '1m',
  },
});
