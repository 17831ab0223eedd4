/**
 * Scale benchmark for the controllers and the scheduler: N nodes (the real boot, with a
 * kubelet per node), M pods from Deployments of 100 replicas; wall time from creating the
 * Deployments until every pod is Ready, and the heap used then. Run alone with
 * `npx tsx bench/scale.ts [nodes pods]` or through `npm run bench`.
 */
import { bootCluster } from '../src/sim/boot';
import type { KObject } from '../src/sim/api/types';

interface Result {
  nodes: number;
  pods: number;
  bootMs: number;
  readyMs: number;
  virtualS: number;
  heapMB: number;
  ready: number;
}

export async function scale(nodes: number, pods: number, budgetMs = 120_000): Promise<Result> {
  const t0 = performance.now();
  const specs = [{ name: 'controlplane', role: 'control-plane' as const }];
  for (let i = 1; i < nodes; i++) specs.push({ name: `node${String(i).padStart(4, '0')}`, role: 'worker' as never });
  const c = bootCluster({ seed: 1, nodes: specs });
  c.clock.advance(30_000);
  const t1 = performance.now();
  let ready = 0;
  const seen = new Set<string>();
  c.watch({ verb: 'watch', resource: 'pods', namespace: 'bench' }, (e) => {
    const p = e.object as KObject;
    const isReady = ((p.status as { conditions?: { type: string; status: string }[] })?.conditions ?? []).some((x) => x.type === 'Ready' && x.status === 'True');
    const k = p.metadata.uid!;
    if (e.type !== 'DELETED' && isReady && !seen.has(k)) {
      seen.add(k);
      ready++;
    }
  });
  c.request({ verb: 'create', resource: 'namespaces', body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'bench' } } });
  const per = 100;
  for (let i = 0; i * per < pods; i++) {
    const n = Math.min(per, pods - i * per);
    c.request({
      verb: 'create', group: 'apps', resource: 'deployments', namespace: 'bench',
      body: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: `app${i}` }, spec: { replicas: n, selector: { matchLabels: { app: `app${i}` } }, template: { metadata: { labels: { app: `app${i}` } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27', resources: { requests: { cpu: '10m', memory: '16Mi' } } }] } } } },
    });
  }
  const v0 = c.clock.now();
  while (ready < pods && performance.now() - t1 < budgetMs) c.clock.advance(1000);
  const t2 = performance.now();
  return { nodes, pods, bootMs: t1 - t0, readyMs: t2 - t1, virtualS: (c.clock.now() - v0) / 1000, heapMB: process.memoryUsage().heapUsed / 2 ** 20, ready };
}

function line(r: Result): string {
  const status = r.ready >= r.pods ? 'all Ready' : `only ${r.ready} Ready (budget exhausted)`;
  return `${r.nodes} nodes, ${r.pods} pods: ${status} in ${(r.readyMs / 1000).toFixed(2)} s wall (${r.virtualS} s virtual; boot ${(r.bootMs / 1000).toFixed(2)} s), heap ${r.heapMB.toFixed(0)} MB`;
}

export async function run(): Promise<string[]> {
  const out: string[] = [];
  out.push(line(await scale(100, 3000)));
  out.push(line(await scale(1000, 30000)));
  if (process.env.BENCH_STRETCH) out.push(line(await scale(5000, 150000, 600_000)));
  else out.push('stretch (5,000 nodes / 150,000 pods): set BENCH_STRETCH=1');
  return out;
}

if (process.argv[1]?.endsWith('scale.ts') && process.argv.length > 2) {
  const [n, p] = process.argv.slice(2).map(Number);
  scale(n, p).then((r) => console.log(line(r)));
}
