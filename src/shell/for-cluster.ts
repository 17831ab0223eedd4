/**
 * A shell on a simulated cluster object, for hosts that hold the engine directly (the
 * page's worker, `kubelab check`): builds the client (request, watch, the virtual clock,
 * discovery from the API server's kinds) and `ssh` from the cluster's node hosts. In
 * interactive mode the prompt appears when the first output listener subscribes.
 */
import type { KindInfo } from '../sim/api/registry';
import type { ApiRequest, ApiResponse, WatchEvent, WatchHandle } from '../sim/api/types';
import type { NodeHost } from '../sim/node/host';
import { createShell, type Shell, type ShellOptions } from './shell';

export interface ClusterForShell {
  request(req: ApiRequest): ApiResponse;
  watch(req: ApiRequest, onEvent: (e: WatchEvent) => void): WatchHandle;
  readonly clock: { now(): number; advance(ms: number): void; settle?(): void; readonly busy?: boolean };
  readonly api?: { readonly kinds: { all(): KindInfo[] } };
  node?(name: string): NodeHost | undefined;
}

const WRITES = new Set(['create', 'update', 'patch', 'delete', 'deletecollection']);

/**
 * kubectl's view of the cluster. After each write the cluster reacts to it (what is due now
 * runs) before kubectl's next request, as it does between the requests of the real kubectl
 * over `kubelab serve`; so a command that sends several writes leaves the same cluster both
 * ways.
 */
export function clientForCluster(cluster: ClusterForShell) {
  return {
    request: (r: ApiRequest) => {
      const res = cluster.request(r);
      if (WRITES.has(r.verb) && !cluster.clock.busy) cluster.clock.settle?.();
      return res;
    },
    watch: (r: ApiRequest, f: (e: WatchEvent) => void) => cluster.watch(r, f),
    now: () => cluster.clock.now(),
    ...(cluster.api ? { kinds: () => cluster.api!.kinds.all() } : {}),
  };
}

export function shellForCluster(cluster: ClusterForShell, opts: Partial<ShellOptions> = {}): Shell {
  const interactive = opts.interactive ?? true;
  const shell = createShell({
    client: clientForCluster(cluster),
    node: cluster.node ? (n) => cluster.node!(n) : undefined,
    // the learner's terminal is the control-plane node, as in a kubeadm lab
    hostRun: cluster.node ? (argv, stdin) => cluster.node!('controlplane')?.run?.(argv, stdin) : undefined,
    // virtual time moves by `ms`, then the host gets a quarter of that in real time (at most
    // 250 ms) so streams like `get -w` stay readable and the page stays responsive
    sleep: interactive
      ? async (ms) => {
          cluster.clock.advance(ms);
          await new Promise((r) => setTimeout(r, Math.min(ms / 4, 250)));
        }
      : async (ms) => cluster.clock.advance(ms),
    ...opts,
    interactive,
  });
  if (!interactive) return shell;
  let started = false;
  const onOutput = shell.onOutput.bind(shell);
  return Object.assign(Object.create(Object.getPrototypeOf(shell)), shell, {
    onOutput(cb: Parameters<Shell['onOutput']>[0]) {
      const off = onOutput(cb);
      if (!started) {
        started = true;
        queueMicrotask(() => shell.start());
      }
      return off;
    },
  }) as Shell;
}
