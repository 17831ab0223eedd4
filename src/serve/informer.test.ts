/**
 * A client library's informer against `kubelab serve`: @kubernetes/client-node lists and
 * watches Deployments, resumes after a dropped connection, relists after 410 Gone, and
 * follows a rollout to the end.
 */
import { AppsV1Api, KubeConfig, makeInformer, type ObjectCache, type V1Deployment } from '@kubernetes/client-node';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { bootCluster } from '../sim/boot';
import type { Cluster } from '../sim/cluster';
import { kubeconfig, startServer, type RunningServer } from './server';

let cluster: Cluster;
let server: RunningServer;

beforeAll(async () => {
  // a short watch history, so a watch resumed after a gap gets 410 and must relist
  cluster = bootCluster({ seed: 3, historyLimit: 50 });
  server = await startServer({ cluster, port: 0, speed: 'paused' });
});

afterAll(async () => {
  await server.close();
});

const deployment = (image: string) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'default' },
  spec: {
    replicas: 3,
    selector: { matchLabels: { app: 'web' } },
    template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image }] } },
  },
});

async function until(what: () => boolean, step: () => void, limit = 400): Promise<void> {
  for (let i = 0; i < limit && !what(); i++) {
    step();
    await new Promise((r) => setTimeout(r, 10));
  }
  expect(what()).toBe(true);
}

it('follows a rollout through a dropped connection and a 410 relist', async () => {
  const kc = new KubeConfig();
  kc.loadFromString(kubeconfig(server.url));
  const api = kc.makeApiClient(AppsV1Api);
  const informer = makeInformer(kc, '/apis/apps/v1/namespaces/default/deployments', () => api.listNamespacedDeployment({ namespace: 'default' }));
  const seen: string[] = [];
  let errors = 0;
  informer.on('add', (d: V1Deployment) => seen.push(`add ${d.metadata?.name}`));
  informer.on('update', () => seen.push('update'));
  informer.on('error', () => {
    errors++;
    // as the client-node docs advise: restart after an error
    setTimeout(() => void informer.start(), 20);
  });
  // count the 410s the server sends to resuming watches
  let expired = 0;
  const watch = cluster.watch.bind(cluster);
  cluster.watch = (req, onEvent) =>
    watch(req, (e) => {
      if (e.type === 'ERROR' && (e.object as { code?: number }).code === 410) expired++;
      onEvent(e);
    });
  await informer.start();
  cluster.request({ verb: 'create', group: 'apps', resource: 'deployments', namespace: 'default', body: deployment('nginx:1.26') });
  // makeInformer returns a ListWatch, which is also the informer's cache
  const cache = informer as unknown as ObjectCache<V1Deployment>;
  const cached = () => cache.get('web', 'default');
  const done = (image: string) => () => {
    const d = cached();
    return (
      !!d &&
      d.spec?.template.spec?.containers[0].image === image &&
      d.status?.updatedReplicas === 3 &&
      d.status?.readyReplicas === 3 &&
      d.status?.availableReplicas === 3 &&
      (d.status?.replicas ?? 0) === 3 &&
      d.status?.observedGeneration === d.metadata?.generation
    );
  };
  await until(done('nginx:1.26'), () => cluster.clock.advance(1000));
  expect(seen[0]).toBe('add web');

  // the connection drops; meanwhile the cluster moves on far past the watch history
  server.dropConnections();
  cluster.request({
    verb: 'patch',
    group: 'apps',
    resource: 'deployments',
    namespace: 'default',
    name: 'web',
    patchType: 'strategic',
    body: { spec: { template: { spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } } } },
  });
  for (let i = 0; i < 60; i++) {
    cluster.request({ verb: 'create', resource: 'configmaps', namespace: 'default', body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { generateName: 'noise-' } } });
    cluster.clock.advance(500);
  }
  await until(done('nginx:1.27'), () => cluster.clock.advance(1000));
  expect(errors).toBeGreaterThan(0);

  // a watch that ends normally is resumed from its last version; that version is long
  // compacted by now, so the server answers 410 and the informer lists again
  for (let i = 0; i < 60; i++)
    cluster.request({ verb: 'create', resource: 'configmaps', namespace: 'default', body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { generateName: 'noise-' } } });
  server.endWatches();
  cluster.request({ verb: 'patch', group: 'apps', resource: 'deployments', namespace: 'default', name: 'web', patchType: 'merge', body: { spec: { replicas: 2 } } });
  await until(() => cached()?.status?.readyReplicas === 2 && cached()?.spec?.replicas === 2, () => cluster.clock.advance(1000));
  expect(expired).toBeGreaterThan(0);
  await informer.stop();
});
