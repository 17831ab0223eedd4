/**
 * Scale benchmark for the controllers and the scheduler.
 *
 * - scheduler: N nodes in the scheduler cache, M pods scheduled one after another through
 *   the default profile (filter, score, pick) and assumed onto their node — the scheduler's
 *   own cost, no API writes.
 * - full: the real boot with N nodes (a kubelet each) and M pods from Deployments of 100
 *   replicas; wall time from creating the Deployments until every pod is Ready (or how many
 *   were Ready when the wall budget ran out), and the heap used. Every pod costs about a
 *   dozen API writes (create, binding, status updates, events), so this figure is mostly
 *   the API server's per-write cost.
 *
 * `npx tsx bench/scale.ts full 100 3000` or `npx tsx bench/scale.ts scheduler 1000 30000`
 * runs one; `npm run bench` runs the default set (BENCH_STRETCH=1 adds 5,000 / 150,000).
 */
import { bootCluster } from '../src/sim/boot';
import { Cluster } from '../src/sim/cluster';
import { addNodes } from '../src/sim/testing/fake-kubelet';
import { schedulerCache } from '../src/sim/scheduler/cache';
import { Framework } from '../src/sim/scheduler/framework';
import type { KObject } from '../src/sim/api/types';

const heapMB = () => (process.memoryUsage().heapUsed / 2 ** 20).toFixed(0);

export function schedulerOnly(nodes: number, pods: number): string {
  const c = new Cluster({ seed: 1 });
  addNodes(c, Array.from({ length: nodes }, (_, i) => ({ name: `node${i}`, cpu: '64', memory: '256Gi', pods: 110 })));
  const cache = schedulerCache(c);
  const fw = new Framework(cache, c.rng);
  const owners = Math.ceil(pods / 100);
  const t0 = performance.now();
  for (let i = 0; i < pods; i++) {
    const spec = Object.freeze({ containers: [{ name: 'web', image: 'nginx:1.27', resources: { requests: { cpu: '10m', memory: '16Mi' } } }] });
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: `p${i}`, namespace: 'bench', labels: { app: `app${i % owners}` }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: `app${i % owners}`, uid: `rs-${i % owners}`, controller: true }] }, spec } as KObject;
    const r = fw.schedule(pod);
    if (!r.node) throw new Error(`pod ${i} did not fit`);
    cache.nodes.get(r.node)!.addPod(`bench/p${i}`, { ...pod, spec: { ...spec, nodeName: r.node } }, 1);
  }
  const ms = performance.now() - t0;
  return `scheduler only: ${nodes} nodes, ${pods} pods scheduled in ${(ms / 1000).toFixed(2)} s wall (${((ms * 1000) / pods).toFixed(0)} µs/pod), heap ${heapMB()} MB`;
}

export function full(nodes: number, pods: number, budgetMs = 120_000): string {
  const t0 = performance.now();
  const specs = [{ name: 'controlplane', role: 'control-plane' as const }];
  for (let i = 1; i < nodes; i++) specs.push({ name: `node${String(i).padStart(4, '0')}`, role: 'worker' as never });
  const c = bootCluster({ seed: 1, nodes: specs });
  c.clock.advance(30_000);
  const t1 = performance.now();
  const cpu0 = process.cpuUsage();
  let ready = 0;
  const seen = new Set<string>();
  c.watch({ verb: 'watch', resource: 'pods', namespace: 'bench' }, (e) => {
    const p = e.object as KObject;
    const isReady = ((p.status as { conditions?: { type: string; status: string }[] })?.conditions ?? []).some((x) => x.type === 'Ready' && x.status === 'True');
    if (e.type !== 'DELETED' && isReady && !seen.has(p.metadata.uid!)) {
      seen.add(p.metadata.uid!);
      ready++;
    }
  });
  c.request({ verb: 'create', resource: 'namespaces', body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'bench' } } });
  for (let i = 0; i * 100 < pods; i++) {
    const n = Math.min(100, pods - i * 100);
    c.request({
      verb: 'create', group: 'apps', resource: 'deployments', namespace: 'bench',
      body: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: `app${i}` }, spec: { replicas: n, selector: { matchLabels: { app: `app${i}` } }, template: { metadata: { labels: { app: `app${i}` } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27', resources: { requests: { cpu: '10m', memory: '16Mi' } } }] } } } },
    });
  }
  const v0 = c.clock.now();
  // step event by event so the wall budget is checked often (one virtual second can hold a lot of work)
  while (ready < pods && performance.now() - t1 < budgetMs) for (let i = 0; i < 2000 && ready < pods; i++) if (!c.clock.step()) break;
  const ms = performance.now() - t1;
  const cpu = process.cpuUsage(cpu0);
  const status = ready >= pods ? 'all Ready' : `${ready} of ${pods} Ready when the ${budgetMs / 1000} s budget ran out`;
  return `full cluster: ${nodes} nodes, ${pods} pods: ${status} in ${(ms / 1000).toFixed(2)} s wall (${((cpu.user + cpu.system) / 1e6).toFixed(2)} s CPU, ${(c.clock.now() - v0) / 1000} s virtual; boot ${((t1 - t0) / 1000).toFixed(2)} s), heap ${heapMB()} MB`;
}

export async function run(): Promise<string[]> {
  const out = [schedulerOnly(1000, 30000)];
  if (process.env.BENCH_STRETCH) out.push(schedulerOnly(5000, 150000));
  out.push(full(100, 3000, 60_000));
  out.push(full(1000, 30000, 60_000));
  if (process.env.BENCH_STRETCH) out.push(full(5000, 150000, 300_000));
  return out;
}

if (process.argv[1]?.endsWith('scale.ts') && process.argv.length > 3) {
  const [mode, n, p, budget] = process.argv.slice(2);
  console.log(mode === 'scheduler' ? schedulerOnly(Number(n), Number(p)) : full(Number(n), Number(p), budget ? Number(budget) * 1000 : undefined));
}
