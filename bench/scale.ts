/**
 * Scale benchmark for the controllers and the scheduler.
 *
 * - scheduler: N nodes in the scheduler cache, M pods scheduled one after another through
 *   the default profile (filter, score, pick) and assumed onto their node — the scheduler's
 *   own cost, no API writes.
 * - full: the real boot with N nodes (a kubelet each) and M pods from Deployments of 100
 *   replicas; wall time from creating the Deployments until every pod is Ready (or how many
 *   were Ready when the wall budget ran out), the process CPU time over the same span (the
 *   machine may be shared, and CPU time is the steadier figure; it can exceed wall time
 *   because V8 collects garbage on helper threads), the virtual time it took, and the heap
 *   used. Every pod costs about a dozen API writes (create, binding, status updates,
 *   events), so this figure is mostly the API server's per-write cost.
 *
 * `npx tsx bench/scale.ts full 100 3000 [budget s]` or `npx tsx bench/scale.ts scheduler 1000 30000`
 * runs one; `npm run bench` runs the default set. BENCH_STRETCH=1 adds 5,000 nodes / 150,000
 * pods; that full run goes in a child process, so that running out of heap is reported
 * (with the last count of Ready pods) instead of ending the whole benchmark.
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
  // the counting watch is part of the measured time: keep it cheap
  c.watch({ verb: 'watch', resource: 'pods', namespace: 'bench' }, (e) => {
    if (e.type === 'DELETED') return;
    const p = e.object as KObject;
    const conds = (p.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions;
    if (!conds) return;
    for (const x of conds)
      if (x.type === 'Ready') {
        if (x.status === 'True' && !seen.has(p.metadata.uid!)) {
          seen.add(p.metadata.uid!);
          ready++;
        }
        return;
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
  const progress = !!process.env.BENCH_PROGRESS;
  let lastReport = performance.now();
  while (ready < pods && performance.now() - t1 < budgetMs) {
    for (let i = 0; i < 2000 && ready < pods; i++) if (!c.clock.step()) break;
    if (progress && performance.now() - lastReport > 2000) {
      lastReport = performance.now();
      process.stderr.write(`progress ${ready} ${((lastReport - t1) / 1000).toFixed(1)} ${heapMB()}\n`);
    }
  }
  const ms = performance.now() - t1;
  const cpu = process.cpuUsage(cpu0);
  const status = ready >= pods ? 'all Ready' : `${ready} of ${pods} Ready when the ${budgetMs / 1000} s budget ran out`;
  return `full cluster: ${nodes} nodes, ${pods} pods: ${status} in ${(ms / 1000).toFixed(2)} s wall (${((cpu.user + cpu.system) / 1e6).toFixed(2)} s CPU, ${(c.clock.now() - v0) / 1000} s virtual; boot ${((t1 - t0) / 1000).toFixed(2)} s), heap ${heapMB()} MB`;
}

/** A full run in its own process: its heap is its own, and running out of it is a result, not a crash. */
export async function fullInChild(nodes: number, pods: number, budgetMs: number): Promise<string> {
  const { spawn } = await import('node:child_process');
  const { fileURLToPath } = await import('node:url');
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), 'full', String(nodes), String(pods), String(budgetMs / 1000)], {
    env: { ...process.env, BENCH_PROGRESS: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let last = '';
  let oom = false;
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => {
    for (const line of d.toString().split('\n')) {
      if (line.startsWith('progress ')) last = line;
      else if (/heap out of memory|Allocation failed/.test(line)) oom = true;
    }
  });
  const code = await new Promise<number | null>((res) => child.on('close', res));
  const result = out.split('\n').find((l) => l.startsWith('full cluster:'));
  if (result) return result;
  const [, ready, secs, heap] = last.split(' ');
  const why = oom ? 'ran out of heap' : `exited with code ${code}`;
  return `full cluster: ${nodes} nodes, ${pods} pods: ${why}; at its last report, ${secs ?? '?'} s wall after the Deployments were created, ${ready ?? '?'} of ${pods} were Ready (heap ${heap ?? '?'} MB)`;
}

export async function run(): Promise<string[]> {
  const out = [schedulerOnly(1000, 30000)];
  if (process.env.BENCH_STRETCH) out.push(schedulerOnly(5000, 150000));
  out.push(full(100, 3000, 60_000));
  out.push(full(1000, 30000, 60_000));
  if (process.env.BENCH_STRETCH) out.push(await fullInChild(5000, 150000, 300_000));
  return out;
}

if (process.argv[1]?.endsWith('scale.ts') && process.argv.length > 3) {
  const [mode, n, p, budget] = process.argv.slice(2);
  console.log(mode === 'scheduler' ? schedulerOnly(Number(n), Number(p)) : full(Number(n), Number(p), budget ? Number(budget) * 1000 : undefined));
}
