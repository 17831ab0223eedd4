/**
 * The cluster the CLI runs: assembled exactly as the page's sandbox assembles it
 * (src/worker/engine.ts), so `kubelab shell` shows what the page shows.
 */
import { engine } from '../worker/engine';
import type { Cluster } from '../sim/cluster';
import type { NodeSpec } from '../sim/node';

/** `--nodes N`: a control-plane node and N-1 workers (node01, node02, …). */
export function nodeSpecs(n: number): Required<Pick<NodeSpec, 'name' | 'role' | 'cpu' | 'memory'>>[] {
  const specs: Required<Pick<NodeSpec, 'name' | 'role' | 'cpu' | 'memory'>>[] = [{ name: 'controlplane', role: 'control-plane', cpu: '2', memory: '4Gi' }];
  for (let i = 1; i < n; i++) specs.push({ name: `node${String(i).padStart(2, '0')}`, role: 'worker', cpu: '2', memory: '4Gi' });
  return specs;
}

export function assembleCluster(opts: { seed: number; nodes?: number }): Cluster {
  const c = engine.create({ seed: opts.seed, nodes: opts.nodes ? nodeSpecs(opts.nodes) : undefined }) as unknown as Cluster;
  c.clock.settle();
  return c;
}
