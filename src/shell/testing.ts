/**
 * Scripted shell sessions for tests: the cluster assembled as the page and the CLI
 * assemble it, the shell fed line by line as `kubelab shell` feeds piped input.
 */
import { assembleCluster } from '../cli/cluster';
import { createShell } from './shell';

export interface Transcript {
  out: string;
  err: string;
  /** stdout and stderr in the order they were written */
  all: string;
  code: number;
}

export function scriptedShell(opts: { seed?: number; nodes?: number; files?: Record<string, string> } = {}) {
  const cluster = assembleCluster({ seed: opts.seed ?? 1, nodes: opts.nodes });
  const client = { request: cluster.request.bind(cluster), watch: cluster.watch.bind(cluster), now: () => cluster.clock.now() };
  const shell = createShell({
    client,
    interactive: false,
    crlf: false,
    streamLimitMs: 30_000,
    sleep: async (ms) => cluster.clock.advance(ms),
    node: (n) => cluster.node(n),
    hostRun: (argv, stdin) => cluster.node('controlplane')?.run?.(argv, stdin),
  });
  for (const [p, c] of Object.entries(opts.files ?? {})) shell.session.fs.write(p.startsWith('/') ? p : `/root/${p}`, c);
  let out = '';
  let err = '';
  let all = '';
  shell.onOutput((t, s) => {
    if (s === 'stderr') err += t;
    else out += t;
    all += t;
  });
  return {
    cluster,
    shell,
    /** feeds the lines of a script; returns what they printed */
    async run(script: string): Promise<Transcript> {
      out = err = all = '';
      for (const line of script.replace(/\n$/, '').split('\n')) {
        await shell.feed(line);
        cluster.clock.settle();
      }
      return { out, err, all, code: shell.session.lastCode };
    },
  };
}
