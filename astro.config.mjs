import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const WORKER_MARK = '__KUBELAB_SANDBOX_WORKER_URL__';

/**
 * Lesson pages start the sandbox worker from an inline <head> script
 * (src/components/sandbox/EarlyWorker.astro), which needs the worker's hashed URL. That URL
 * is known only after the client bundle is written, so it is filled in here: the very URL
 * the page's client module would use (its `new URL("…sandbox.worker-….js", import.meta.url)`),
 * so the client adopts that worker and the browser fetches one engine bundle, not two.
 */
function kubelabEarlyWorker() {
  return {
    name: 'kubelab-early-worker',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const root = fileURLToPath(dir);
        const assets = join(root, '_astro');
        let url;
        for (const f of await readdir(assets)) {
          if (!f.endsWith('.js') || f.includes('.worker')) continue;
          const m = /new URL\(\s*["'`]([^"'`]*sandbox\.worker[^"'`]*\.js)["'`]/.exec(await readFile(join(assets, f), 'utf8'));
          if (m) {
            url = m[1];
            break;
          }
        }
        if (!url) logger.warn('the sandbox worker URL was not found; lesson pages start the worker late');
        const walk = async (d) => {
          for (const e of await readdir(d, { withFileTypes: true })) {
            const p = join(d, e.name);
            if (e.isDirectory()) await walk(p);
            else if (e.name.endsWith('.html')) {
              const html = await readFile(p, 'utf8');
              // Unreplaced, the marker makes the inline script step aside (it checks for '__').
              if (url && html.includes(WORKER_MARK)) await writeFile(p, html.replaceAll(WORKER_MARK, url));
            }
          }
        };
        await walk(root);
      },
    },
  };
}

export default defineConfig({
  integrations: [mdx(), kubelabEarlyWorker()],
  markdown: {
    // Both themes are emitted as CSS variables; src/styles/global.css picks one per colour scheme.
    shikiConfig: { themes: { light: 'github-light', dark: 'github-dark' } },
  },
  vite: {
    worker: {
      format: 'es',
      // Chunks a worker loads carry ".worker" in their names, so bench/page.ts (and anyone
      // reading the network panel) can tell the engine's code from the page's.
      rollupOptions: { output: { chunkFileNames: '_astro/[name].worker-[hash].js' } },
    },
    // Pre-bundled up front: otherwise Vite discovers them lazily in dev and force-reloads the page (STACK.md §2.1).
    optimizeDeps: {
      include: ['monaco-editor', 'monaco-yaml', 'monaco-yaml/yaml.worker.js', 'monaco-editor/esm/vs/editor/editor.worker', '@xterm/xterm', '@xterm/addon-fit'],
    },
  },
});
