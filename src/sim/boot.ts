/**
 * How a whole sandbox cluster comes up, the same way for the page's worker, `kubelab
 * shell`, `kubelab serve`, the lab runner and the tests: the API machinery (Cluster),
 * then the nodes with their kubelets, the controllers, and the scheduler.
 *
 * After a restore the same assembly runs again on the restored store: every loop is
 * level-triggered and re-reads what it needs, and the controllers that were stopped
 * when the snapshot was taken stay stopped.
 */
import { Cluster, type ClusterOptions, type ClusterSnapshot } from './cluster';
import { installNodes, DEFAULT_NODES, type NodeSpec } from './node';
import { installScheduler } from './scheduler';
import { installControllers } from './controllers';

export interface BootOptions extends ClusterOptions {
  /** the nodes; default: controlplane, node01, node02 */
  nodes?: NodeSpec[];
}

function assemble(c: Cluster, nodes: NodeSpec[]): Cluster {
  installNodes(c, nodes);
  installControllers(c);
  installScheduler(c);
  return c;
}

/** A fresh cluster, its system pods started. */
export function bootCluster(opts: BootOptions = {}): Cluster {
  const c = assemble(new Cluster(opts), opts.nodes ?? DEFAULT_NODES);
  c.clock.settle();
  return c;
}

/** A cluster rebuilt from a snapshot, carrying on where it was. */
export function restoreCluster(s: ClusterSnapshot): Cluster {
  const c = assemble(Cluster.restore(s), storedNodes(s) ?? DEFAULT_NODES);
  const stopped = (s.components?.controllers as { stopped?: string[] } | undefined)?.stopped ?? [];
  for (const name of stopped) c.controllers.stop(name);
  c.clock.settle();
  return c;
}

/** The nodes a snapshot holds, so their kubelets come back with the same names and roles. */
function storedNodes(s: ClusterSnapshot): NodeSpec[] | undefined {
  const nodes = s.store.objects.filter(([r]) => r === '/nodes').map(([, o]) => o);
  if (!nodes.length) return undefined;
  return nodes.map((n) => {
    const labels = n.metadata.labels ?? {};
    const status = (n.status ?? {}) as { capacity?: Record<string, string> };
    const spec = (n.spec ?? {}) as { taints?: NodeSpec['taints'] };
    return {
      name: n.metadata.name!,
      role: labels['node-role.kubernetes.io/control-plane'] !== undefined ? 'control-plane' : 'worker',
      ...(status.capacity?.cpu ? { cpu: status.capacity.cpu } : {}),
      ...(status.capacity?.memory ? { memory: status.capacity.memory } : {}),
      labels,
      ...(spec.taints ? { taints: spec.taints } : {}),
    } as NodeSpec;
  });
}
