/**
 * kubectl latency: `kubectl get pods` (and `-o wide`, `-A`) over 1,000 running pods,
 * through the same shell the page's terminal uses. Target: under 20 ms.
 */
import { bootCluster } from '../src/sim/boot';
import { shellForCluster } from '../src/shell';
import type { KObject } from '../src/sim/api/types';

export async function run(): Promise<string[]> {
  const lines: string[] = [];
  const cluster = bootCluster({ seed: 1, nodes: Array.from({ length: 11 }, (_, i) => (i === 0 ? { name: 'controlplane', role: 'control-plane' as const } : { name: `node${String(i).padStart(2, '0')}`, role: 'worker' as const, cpu: '64', memory: '256Gi' })) });
  const dep: KObject = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web' },
    spec: {
      replicas: 1000,
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27', resources: { requests: { cpu: '10m', memory: '16Mi' } } }] } },
    },
  };
  cluster.request({ verb: 'create', group: 'apps', resource: 'deployments', namespace: 'default', body: dep });
  for (let i = 0; i < 30; i++) cluster.clock.advance(10_000);
  const pods = (cluster.request({ verb: 'list', resource: 'pods', namespace: 'default' }).body as { items: KObject[] }).items.length;
  const shell = shellForCluster(cluster, { interactive: false });
  let bytes = 0;
  shell.onOutput((t) => {
    bytes += t.length;
  });
  for (const cmd of ['kubectl get pods', 'kubectl get pods -o wide', 'kubectl get pods -A']) {
    for (let i = 0; i < 3; i++) await shell.runLine(cmd); // warm up
    const times: number[] = [];
    for (let i = 0; i < 15; i++) {
      const t0 = performance.now();
      await shell.runLine(cmd);
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    const median = times[Math.floor(times.length / 2)];
    lines.push(`${cmd} over ${pods} pods: median ${median.toFixed(1)} ms (target under 20 ms: ${median < 20 ? 'met' : 'NOT met'})`);
  }
  if (bytes === 0) lines.push('warning: the shell printed nothing');
  return lines;
}
