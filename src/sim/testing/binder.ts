/**
 * For controller tests that do not run the scheduler: binds every new pod to the first
 * worker node (round robin over nodes without taints) through pods/binding.
 */
import type { Cluster } from '../cluster';
import type { KList, KObject } from '../api/types';

export function bindAllPods(cluster: Cluster): void {
  let i = 0;
  cluster.watch({ verb: 'watch', resource: 'pods' }, (e) => {
    if (e.type !== 'ADDED') return;
    const p = e.object as KObject;
    if ((p.spec as { nodeName?: string }).nodeName) return;
    const nodes = (cluster.request({ verb: 'list', resource: 'nodes' }).body as KList).items.filter((n) => !((n.spec as { taints?: unknown[] }).taints ?? []).length);
    if (!nodes.length) return;
    const node = nodes[i++ % nodes.length].metadata.name;
    cluster.clock.schedule(0, () => {
      cluster.request({ verb: 'create', resource: 'pods', subresource: 'binding', namespace: p.metadata.namespace, name: p.metadata.name, body: { apiVersion: 'v1', kind: 'Binding', metadata: { name: p.metadata.name }, target: { kind: 'Node', name: node } } });
    }, 'test-binder');
  });
}
