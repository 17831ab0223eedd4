/**
 * `kubelab serve [--port 6443] [--seed N] [--nodes N] [--lab ID] [--speed 1|10|max|paused] [--kubeconfig PATH]`:
 * the sandbox cluster over HTTP on 127.0.0.1, with a kubeconfig for the real kubectl.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import type { CliCommand } from './index';
import { assembleCluster } from './cluster';
import { kubeconfig, startServer } from '../serve/server';
import type { Speed } from '../sim/driver';
import type { Cluster } from '../sim/cluster';

const USAGE = `Usage: kubelab serve [options]

Serves the simulated cluster over HTTP on 127.0.0.1, so the real kubectl, client libraries
and curl can use it. Plain HTTP on loopback, no authentication.

Options:
  --port N            port to listen on (default 6443)
  --seed N            seed of names, uids and jitter (default 1)
  --nodes N           a control-plane node and N-1 workers (default 3)
  --lab ID            start from a lab's start state
  --speed S           virtual time speed: 1, 10, max or paused (default 1)
  --kubeconfig PATH   where to write the kubeconfig (default: a file in the temp folder)
`;

function flag(argv: string[], name: string): string | undefined {
  const i = argv.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (i < 0) return undefined;
  const a = argv[i];
  return a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[i + 1];
}

async function labCluster(id: string, seed: number): Promise<Cluster | string> {
  try {
    const { loadLab } = (await import('../labs/loader')) as unknown as { loadLab?: (id: string) => Promise<unknown> };
    const runner = (await import('../labs/runner')) as unknown as { startLab?: (lab: unknown, opts: { seed: number }) => Promise<{ cluster: Cluster }> };
    if (!loadLab || !runner.startLab) return 'labs cannot be started from the command line yet';
    const lab = await loadLab(id);
    if (!lab) return `unknown lab "${id}"`;
    return (await runner.startLab(lab, { seed })).cluster;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

export const command: CliCommand = {
  summary: 'serve the simulated cluster over HTTP for the real kubectl',
  async run(argv) {
    if (argv.includes('--help') || argv.includes('-h')) {
      process.stdout.write(USAGE);
      return 0;
    }
    const port = Number(flag(argv, 'port') ?? 6443);
    const seed = Number(flag(argv, 'seed') ?? 1);
    const nodes = flag(argv, 'nodes') ? Number(flag(argv, 'nodes')) : undefined;
    const speedText = flag(argv, 'speed') ?? '1';
    const speed: Speed | undefined = speedText === '1' ? 1 : speedText === '10' ? 10 : speedText === 'max' ? 'max' : speedText === 'paused' ? 'paused' : undefined;
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      process.stderr.write(`kubelab serve: invalid --port ${flag(argv, 'port')}\n`);
      return 1;
    }
    if (!speed) {
      process.stderr.write(`kubelab serve: invalid --speed ${speedText} (use 1, 10, max or paused)\n`);
      return 1;
    }
    const lab = flag(argv, 'lab');
    let cluster: Cluster;
    if (lab) {
      const c = await labCluster(lab, seed);
      if (typeof c === 'string') {
        process.stderr.write(`kubelab serve: ${c}\n`);
        return 1;
      }
      cluster = c;
    } else cluster = assembleCluster({ seed, nodes });
    let server: Awaited<ReturnType<typeof startServer>>;
    try {
      server = await startServer({ cluster, port, speed });
    } catch (e) {
      const code = (e as { code?: string }).code;
      process.stderr.write(`kubelab serve: cannot listen on 127.0.0.1:${port}: ${code === 'EADDRINUSE' ? 'the port is in use (pick another with --port)' : (e as Error).message}\n`);
      return 1;
    }
    const path = resolve(flag(argv, 'kubeconfig') ?? `${tmpdir()}/kubelab-${server.port}.kubeconfig`);
    try {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, kubeconfig(server.url));
    } catch (e) {
      process.stderr.write(`kubelab serve: cannot write the kubeconfig to ${path}: ${(e as { code?: string }).code === 'EISDIR' ? 'it is a directory' : (e as Error).message}\n`);
      await server.close();
      return 1;
    }
    process.stdout.write(`kubelab: the sandbox cluster is serving at ${server.url}\n`);
    process.stdout.write(`kubelab: kubeconfig written to ${path}\n\n  export KUBECONFIG=${path}\n  kubectl get nodes\n\nPress Ctrl+C to stop.\n`);
    await new Promise<void>((done) => {
      const stop = () => {
        void server.close().then(done);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    return 0;
  },
};
