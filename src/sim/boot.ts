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
import { installNodes, DEFAULT_NODES, stopControlLoops, type NodeSpec } from './node';
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

const STATIC_COMPONENTS: Record<string, string> = {
  scheduler: 'kube-scheduler',
  'default-scheduler': 'kube-scheduler',
  'kube-scheduler': 'kube-scheduler',
  'controller-manager': 'kube-controller-manager',
  'kube-controller-manager': 'kube-controller-manager',
};

/**
 * Stops a component at a lab's start. The control-plane components are static pods, so
 * they are stopped as an administrator would: their manifest moves out of
 * /etc/kubernetes/manifests (to /etc/kubernetes/), and the learner brings them back by
 * moving it back. Anything else is a controller stopped by name. Returns false when the
 * cluster has no such component.
 */
export function stopComponent(c: Cluster, name: string): boolean {
  const manifest = STATIC_COMPONENTS[name];
  if (manifest) {
    let moved = false;
    for (const host of c.nodeHosts.values()) {
      const path = `/etc/kubernetes/manifests/${manifest}.yaml`;
      const text = host.readFile(path);
      if (text === undefined) continue;
      host.writeFile(`/etc/kubernetes/${manifest}.yaml`, text);
      host.remove(path);
      moved = true;
    }
    // the kubelet notices the manifest is gone and stops the static pod, and with it the
    // component; stop the loops now too, in case the pod had not started yet
    const loops = manifest === 'kube-scheduler' ? ['default-scheduler'] : c.controllers.names().filter((n) => !n.includes('scheduler'));
    stopControlLoops(c, loops);
    c.clock.settle();
    return moved;
  }
  return c.controllers.stop(name);
}
