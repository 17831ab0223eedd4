/**
 * A page reload restores the learner's cluster from its snapshot. From then on it must go
 * on exactly as the cluster would have without the reload: the same pods, names, IPs,
 * restarts and events (the kubelets' IP allocators are saved, and nothing that restarts
 * on restore may draw from the seeded random sequence).
 */
import { expect, it } from 'vitest';
import { bootCluster, restoreCluster } from './boot';
import type { Cluster } from './cluster';
import { createShell } from '../shell';
import { clientForCluster } from '../shell/for-cluster';

async function run(c: Cluster, cmd: string): Promise<string> {
  const shell = createShell({ client: clientForCluster(c), interactive: false, crlf: false, sleep: async (ms) => c.clock.advance(ms), node: (n) => c.node(n) });
  let out = '';
  shell.onOutput((t) => (out += t));
  await shell.feed(cmd);
  return out;
}

it('a restored cluster carries on exactly as the original would: pods, jobs, names, IPs, restarts, events', async () => {
  const original = bootCluster({ seed: 3 });
  original.clock.advance(60_000);
  await run(original, 'kubectl create deployment web --image=nginx --replicas=2');
  await run(original, 'kubectl create job once --image=busybox -- sleep 45');
  await run(original, 'kubectl create cronjob tick --image=busybox --schedule="*/1 * * * *" -- date');
  await run(original, 'kubectl run crash --image=busybox -- sh -c "exit 1"');
  original.clock.advance(70_000);
  const restored = restoreCluster(JSON.parse(JSON.stringify(original.snapshot())));
  for (const c of [original, restored]) c.clock.advance(200_000);
  for (const cmd of ['kubectl get pods,jobs,cronjobs -A -o wide', 'kubectl get events -A']) expect(await run(restored, cmd)).toBe(await run(original, cmd));
});
