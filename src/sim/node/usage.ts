/**
 * Resource use of running containers, for metrics-server and `kubectl top`: memory is
 * what the program holds, CPU its steady use plus the cost of the requests it served in
 * the last 15 s (metrics-server's default resolution), capped at the CPU limit as CFS
 * throttling does.
 */
import type { Cluster } from '../cluster';
import { tryParseQuantity } from '../api/validation/quantity';
import { kubeletsOf } from './index';

export interface ContainerUsage {
  name: string;
  /** millicores */
  cpu: number;
  /** bytes */
  memory: number;
}

export interface PodUsage {
  namespace: string;
  name: string;
  node: string;
  /** virtual ms */
  timestamp: number;
  containers: ContainerUsage[];
}

export const USAGE_WINDOW_MS = 15_000;

/** Usage of every running pod in the cluster (mirror pods under their API names). */
export function podUsage(cluster: Cluster): PodUsage[] {
  const now = cluster.clock.now();
  const out: PodUsage[] = [];
  for (const k of kubeletsOf(cluster).values()) {
    for (const w of k.allWorkers()) {
      const containers: ContainerUsage[] = [];
      for (const r of w.containers) {
        const p = r.proc;
        if (!p?.running) continue;
        let cost = 0;
        for (let i = p.load.length - 1; i >= 0 && p.load[i][0] > now - USAGE_WINDOW_MS; i--) cost += p.load[i][1];
        let cpu = p.cpu + (cost * 1000) / USAGE_WINDOW_MS;
        const limit = tryParseQuantity(r.spec.resources?.limits?.cpu);
        if (limit !== undefined) cpu = Math.min(cpu, limit * 1000);
        // a little idle noise so `kubectl top` never shows a flat 0m for a live process
        containers.push({ name: r.name, cpu: Math.max(1, Math.round(cpu)), memory: Math.round(p.memory || 1024 * 1024) });
      }
      if (containers.length) out.push({ namespace: w.ns, name: w.name, node: k.name, timestamp: now, containers });
    }
  }
  return out;
}

/** Usage of one pod, or undefined when it runs nowhere. */
export function usageOf(cluster: Cluster, namespace: string, name: string): PodUsage | undefined {
  return podUsage(cluster).find((p) => p.namespace === namespace && p.name === name);
}

/** Node totals: the pods' usage plus the system's own. */
export function nodeUsage(cluster: Cluster): { name: string; cpu: number; memory: number }[] {
  const pods = podUsage(cluster);
  return [...kubeletsOf(cluster).keys()].map((name) => {
    const mine = pods.filter((p) => p.node === name);
    return {
      name,
      cpu: 60 + mine.reduce((a, p) => a + p.containers.reduce((b, c) => b + c.cpu, 0), 0),
      memory: 600 * 1024 * 1024 + mine.reduce((a, p) => a + p.containers.reduce((b, c) => b + c.memory, 0), 0),
    };
  });
}
