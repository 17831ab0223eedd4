/**
 * `kubelab shell [--seed N] [--nodes N]`: the sandbox cluster and the learner's shell in a
 * terminal. On a TTY: raw keystrokes into the shell, virtual time following real time.
 * Otherwise: one command per input line, no prompt or echo, stdout and stderr apart,
 * virtual time moving only through `sleep` and waiting commands — so the same seed and
 * input print the same output every run.
 */
import { createInterface } from 'node:readline';
import { createShell } from '../shell';
import { clientForCluster } from '../shell/for-cluster';
import { assembleCluster } from './cluster';
import type { CliCommand } from './index';

const USAGE = 'Usage: kubelab shell [--seed N] [--nodes N] [--stream-limit DURATION]\n';

function parseArgs(argv: string[]): { seed: number; nodes?: number; streamLimitMs: number } | string {
  let seed = 1;
  let nodes: number | undefined;
  let streamLimitMs = 60_000;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const [flag, inline] = a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = () => inline ?? argv[++i];
    if (flag === '--seed') {
      const v = Number(value());
      if (!Number.isInteger(v)) return `kubelab shell: --seed needs an integer\n${USAGE}`;
      seed = v;
    } else if (flag === '--nodes') {
      const v = Number(value());
      if (!Number.isInteger(v) || v < 1) return `kubelab shell: --nodes needs a positive integer\n${USAGE}`;
      nodes = v;
    } else if (flag === '--stream-limit') {
      const m = /^(\d+)(s|m)$/.exec(value() ?? '');
      if (!m) return `kubelab shell: --stream-limit needs a duration like 30s or 2m\n${USAGE}`;
      streamLimitMs = parseInt(m[1], 10) * (m[2] === 'm' ? 60000 : 1000);
    } else if (flag === '--help' || flag === '-h') return USAGE;
    else return `kubelab shell: unknown option ${a}\n${USAGE}`;
  }
  return { seed, nodes, streamLimitMs };
}

export const shellCli: CliCommand = {
  summary: 'a shell with kubectl on a simulated cluster (stdin not a TTY: one command per line)',
  async run(argv) {
    const args = parseArgs(argv);
    if (typeof args === 'string') {
      const help = args === USAGE;
      (help ? process.stdout : process.stderr).write(args);
      return help ? 0 : 2;
    }
    const cluster = assembleCluster({ seed: args.seed, nodes: args.nodes });
    const tty = !!process.stdin.isTTY && !!process.stdout.isTTY;
    const client = clientForCluster(cluster);
    if (!tty) {
      const shell = createShell({
        client,
        interactive: false,
        crlf: false,
        streamLimitMs: args.streamLimitMs,
        sleep: async (ms) => cluster.clock.advance(ms),
        node: (n) => cluster.node(n),
        hostRun: (argv, stdin) => cluster.node('controlplane')?.run?.(argv, stdin),
      });
      shell.onOutput((t, stream) => (stream === 'stderr' ? process.stderr : process.stdout).write(t));
      const rl = createInterface({ input: process.stdin, crlfDelay: Infinity, terminal: false });
      for await (const line of rl) {
        await shell.feed(line);
        cluster.clock.settle();
      }
      return shell.session.lastCode;
    }
    // interactive: time flows with the wall clock between commands
    const shell = createShell({
      client,
      interactive: true,
      streamLimitMs: args.streamLimitMs,
      sleep: (ms) =>
        new Promise((resolve) => {
          cluster.clock.advance(ms);
          setTimeout(resolve, Math.min(ms, 1000));
        }),
      node: (n) => cluster.node(n),
      hostRun: (argv, stdin) => cluster.node('controlplane')?.run?.(argv, stdin),
    });
    shell.onOutput((t) => process.stdout.write(t));
    let last = Date.now();
    const ticker = setInterval(() => {
      const now = Date.now();
      if (!shell.busy()) cluster.clock.advance(now - last);
      last = now;
    }, 200);
    process.stdin.setRawMode(true);
    process.stdin.setEncoding('utf8');
    process.stdout.write('kubelab shell: a simulated Kubernetes 1.32 cluster. Type help, or Ctrl+D to leave.\r\n');
    shell.start();
    return new Promise<number>((resolve) => {
      process.stdin.on('data', (d: string) => {
        if (d === '\x04' && !shell.busy()) {
          clearInterval(ticker);
          process.stdin.setRawMode(false);
          process.stdout.write('\r\nexit\r\n');
          process.stdin.pause();
          resolve(0);
          return;
        }
        shell.input(d);
      });
    });
  },
};
