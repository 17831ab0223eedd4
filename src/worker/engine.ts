/**
 * The one place the sandbox host touches the engine and the shell: a lab's cluster is
 * booted and restored by src/sim/boot (as everywhere else) and given shells sharing the
 * learner's files. Everything else codes against ./cluster-like.
 */
import type { Cluster, ClusterSnapshot } from '../sim/cluster';
import { bootCluster, restoreCluster, stopComponent } from '../sim/boot';
import type { Engine } from './session';
import type { ClusterLike } from './cluster-like';
import { MemoryFs, shellForCluster, type ShellFs } from '../shell';

const asLike = (c: Cluster) => c as unknown as ClusterLike;
const asCluster = (c: ClusterLike) => c as unknown as Cluster;

export const engine: Engine = {
  create({ seed, nodes }) {
    return asLike(bootCluster({ seed, nodes }));
  },
  restore(snapshot) {
    return asLike(restoreCluster(snapshot as ClusterSnapshot));
  },
  stopComponent(cluster, name) {
    if (!stopComponent(asCluster(cluster), name)) throw new Error(`the lab stops "${name}", which this cluster does not run`);
  },
  shell(cluster, opts = {}) {
    return shellForCluster(asCluster(cluster), { interactive: opts.interactive ?? true, fs: opts.fs as ShellFs | undefined, edit: opts.edit });
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
