/**
 * Test helper: a real simulated cluster, kubectl on top of it, and captured output.
 * Used by the kubectl tests; the shell has its own scenario runner.
 */
import { Cluster } from '../sim/cluster';
import { createKubectl } from './index';
import type { FileSystem, KubectlIO } from './types';

export interface Run {
  code: number;
  out: string;
  err: string;
}

export function memFs(files: Record<string, string> = {}): FileSystem & { files: Record<string, string> } {
  return {
    files,
    read: (p) => files[p],
    write: (p, c) => {
      files[p] = c;
    },
    isDir: (p) => Object.keys(files).some((f) => f.startsWith(p.replace(/\/$/, '') + '/')),
    list: (p) => {
      const pre = p.replace(/\/$/, '') + '/';
      const names = Object.keys(files)
        .filter((f) => f.startsWith(pre))
        .map((f) => f.slice(pre.length).split('/')[0]);
      return names.length ? [...new Set(names)] : undefined;
    },
  };
}

export function kit(opts: { seed?: number; files?: Record<string, string> } = {}) {
  const cluster = new Cluster({ seed: opts.seed ?? 1 });
  const client = { request: cluster.request.bind(cluster), watch: cluster.watch.bind(cluster), now: () => cluster.clock.now() };
  const kubectl = createKubectl(client);
  const fs = memFs(opts.files ?? {});
  async function k(cmd: string | string[], stdin?: string, extra: Partial<KubectlIO> = {}): Promise<Run> {
    const argv = Array.isArray(cmd) ? cmd : cmd.split(' ').filter(Boolean);
    let out = '';
    let err = '';
    const io: KubectlIO = {
      out: (s) => (out += s),
      err: (s) => (err += s),
      stdin,
      fs,
      sleep: async (ms) => cluster.clock.advance(ms),
      cancelled: () => false,
      streamLimitMs: 10_000,
      ...extra,
    };
    const code = await kubectl.run(argv[0] === 'kubectl' ? argv.slice(1) : argv, io);
    return { code, out, err };
  }
  return { cluster, client, kubectl, fs, k, advance: (ms: number) => cluster.clock.advance(ms) };
}
