/**
 * The one place the sandbox host touches the engine and the shell: how a lab's cluster
 * is assembled (controllers, scheduler, nodes), restored and given a shell. Everything
 * else codes against ./cluster-like.
 */
import { Cluster, type ClusterSnapshot } from '../sim/cluster';
import { installNodes, DEFAULT_NODES, type NodeSpec } from '../sim/node';
import { installScheduler } from '../sim/scheduler';
import { deploymentController } from '../sim/controllers/deployment/controller';
import { replicaSetController, replicationControllerController } from '../sim/controllers/replicaset';
import type { Engine } from './session';
import type { ClusterLike } from './cluster-like';
import { MemoryFs, shellForCluster, type ShellFs } from '../shell';

const asLike = (c: Cluster) => c as unknown as ClusterLike;
const asCluster = (c: ClusterLike) => c as unknown as Cluster;

/**
 * Starts the control loops and the nodes. The same on a fresh cluster and after restore:
 * every loop is level-triggered and re-reads the store. (Lead: replace with the engine's
 * own assembly function once it has one, so the CLI shell and the page boot alike.)
 */
function assemble(c: Cluster, nodes?: NodeSpec[]): Cluster {
  installScheduler(c);
  for (const make of [deploymentController, replicaSetController, replicationControllerController]) {
    const r = make(c);
    if (!c.controllers.get(r.name)) c.controllers.add(r);
  }
  installNodes(c, nodes ?? storedNodes(c) ?? DEFAULT_NODES);
  return c;
}

/** Nodes on the store after a restore, so their kubelets come back with the same names and roles. */
function storedNodes(c: Cluster): NodeSpec[] | undefined {
  const res = c.request({ verb: 'list', resource: 'nodes' });
  const items = (res.body as { items?: { metadata: { name?: string; labels?: Record<string, string> } }[] }).items ?? [];
  if (!items.length) return undefined;
  return items.map((n) => ({
    name: n.metadata.name!,
    role: n.metadata.labels?.['node-role.kubernetes.io/control-plane'] !== undefined ? 'control-plane' : 'worker',
  }));
}

export const engine: Engine = {
  fullShell: true,
  create({ seed, nodes }) {
    return asLike(assemble(new Cluster({ seed }), nodes));
  },
  restore(snapshot) {
    const s = snapshot as ClusterSnapshot;
    const c = assemble(Cluster.restore(s), undefined);
    // Controllers the learner (or the lab) had stopped stay stopped.
    const stopped = (s.components?.controllers as { stopped?: string[] } | undefined)?.stopped ?? [];
    for (const name of stopped) c.controllers.stop(name);
    return asLike(c);
  },
  stopComponent(cluster, name) {
    if (!asCluster(cluster).controllers.stop(name)) throw new Error(`the lab stops "${name}", which this cluster does not run`);
  },
  shell(cluster, opts = {}) {
    return shellForCluster(asCluster(cluster), { interactive: opts.interactive ?? true, fs: opts.fs as ShellFs | undefined });
  },
  files(initial) {
    return new MemoryFs(Object.fromEntries(Object.entries(initial).map(([name, text]) => [`/root/${name}`, text])));
  },
  writeFile(fs, name, content) {
    (fs as ShellFs).write(`/root/${name}`, content);
  },
  activity(cluster) {
    return asCluster(cluster).activity.records;
  },
};
