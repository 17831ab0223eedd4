/**
 * The one place the sandbox host touches the engine and the shell: how a lab's cluster
 * is made, restored and given a shell. Everything else codes against ./cluster-like.
 */
import { Cluster, type ClusterSnapshot } from '../sim/cluster';
import type { Engine } from './session';
import type { ClusterLike } from './cluster-like';
import { createFallbackShell } from './fallback-shell';

const asLike = (c: Cluster) => c as unknown as ClusterLike;
const asCluster = (c: ClusterLike) => c as unknown as Cluster;

export const engine: Engine = {
  fullShell: false,
  create({ seed }) {
    return asLike(new Cluster({ seed }));
  },
  restore(snapshot) {
    return asLike(Cluster.restore(snapshot as ClusterSnapshot));
  },
  stopComponent(cluster, name) {
    if (!asCluster(cluster).controllers.stop(name)) throw new Error(`the lab stops "${name}", which this cluster does not run`);
  },
  shell(cluster) {
    return createFallbackShell(cluster);
  },
  activity(cluster) {
    return asCluster(cluster).activity.records;
  },
};
