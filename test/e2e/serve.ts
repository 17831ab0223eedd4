/** Builds the site (astro build + pagefind) and serves dist/ with `astro preview` on 127.0.0.1. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';

export function build(): void {
  for (const [cmd, args] of [
    ['npx', ['astro', 'build']],
    ['npx', ['pagefind', '--site', 'dist']],
  ] as const) {
    const r = spawnSync(cmd, args, { stdio: ['ignore', 'ignore', 'inherit'] });
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed with exit code ${r.status}`);
  }
}

export async function preview(port: number): Promise<{ url: string; stop(): void }> {
  const child: ChildProcess = spawn('npx', ['astro', 'preview', '--host', '127.0.0.1', '--port', String(port)], {
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const url = `http://127.0.0.1:${port}`;
  const stop = () => {
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      /* already gone */
    }
  };
  for (let i = 0; i < 100; i++) {
    try {
      const r = await fetch(url + '/');
      if (r.ok) return { url, stop };
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  stop();
  throw new Error(`astro preview did not answer on ${url}`);
}
