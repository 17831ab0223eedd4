import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const WORKER_MARK = '__KUBELAB_SANDBOX_WORKER_URL__';
const LAZY_CSS_LINK = /<link rel="stylesheet" href="\/_astro\/(monaco-setup\.[\w-]+\.css)">/g;

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
          const m = /new URL\(\s*(?:\/\*[^*]*\*\/\s*)?["'`]([^"'`]*sandbox\.worker[^"'`]*\.js)["'`]/.exec(await readFile(join(assets, f), 'utf8'));
          if (m) {
            url = m[1];
            break;
          }
        }
        if (!url) logger.warn('the sandbox worker URL was not found; lesson pages start the worker late');
        // Monaco's stylesheet is loaded with the editor's chunk (Vite's preload list for that
        // dynamic import names it), yet Astro also links it from every page holding the
        // editor island (withastro/astro#9495): 138 KB of CSS parsed before the terminal
        // can start. Those links go; the editor still gets its CSS when it opens.
        const lazyCss = new Set();
        for (const f of await readdir(assets)) {
          if (!f.endsWith('.js') || f.includes('.worker')) continue;
          for (const m of (await readFile(join(assets, f), 'utf8')).matchAll(/["'`]_astro\/(monaco-setup\.[\w-]+\.css)["'`]/g)) lazyCss.add(m[1]);
        }
        const walk = async (d) => {
          for (const e of await readdir(d, { withFileTypes: true })) {
            const p = join(d, e.name);
            if (e.isDirectory()) await walk(p);
            else if (e.name.endsWith('.html')) {
              const html = await readFile(p, 'utf8');
              // Unreplaced, the marker makes the inline script step aside (it checks for '__').
              let out = url && html.includes(WORKER_MARK) ? html.replaceAll(WORKER_MARK, url) : html;
              out = out.replace(LAZY_CSS_LINK, (link, name) => (lazyCss.has(name) ? '' : link));
              if (out !== html) await writeFile(p, out);
            }
          }
        };
        await walk(root);
      },
    },
  };
}

/**
 * In the sandbox worker's bundle, data the first command never needs (the 472 KB generated
 * schema, kubectl's help texts, ajv) is left to chunks of its own: each `…/load.ts` that
 * imports such data statically (for Node: tests, `kubelab shell`) is swapped for its
 * `load.lazy.ts` twin, which imports it with `import()`. The worker fetches those chunks
 * beside the engine or after the first prompt (src/worker/sandbox.worker.ts, host.ts).
 */
const LAZY_DATA = [
  'src/sim/api/schema/load.ts',
  'src/sim/api/validation/ajv.ts',
  'src/kubectl/help/load.ts',
].map((p) => fileURLToPath(new URL(p, import.meta.url)));

function kubelabLazyData() {
  return {
    name: 'kubelab-lazy-data',
    enforce: 'pre',
    async resolveId(source, importer, options) {
      if (!importer || !/\/(load|ajv)(\.ts)?$/.test(source)) return null;
      const r = await this.resolve(source, importer, { ...options, skipSelf: true });
      return r && LAZY_DATA.includes(r.id) ? r.id.replace(/\.ts$/, '.lazy.ts') : null;
    },
  };
}

// KUBELAB_PROFILE_BUILD=1: an unminified build in dist/profile/, so CPU profiles of the
// worker (bench/page.ts, Chromium tracing) name the engine's functions.
const PROFILE = !!process.env.KUBELAB_PROFILE_BUILD;

export default defineConfig({
  integrations: [mdx(), kubelabEarlyWorker()],
  ...(PROFILE ? { outDir: './dist/profile' } : {}),
  markdown: {
    // Both themes are emitted as CSS variables; src/styles/global.css picks one per colour scheme.
    shikiConfig: { themes: { light: 'github-light', dark: 'github-dark' } },
  },
  vite: {
    ...(PROFILE ? { build: { minify: false } } : {}),
    worker: {
      format: 'es',
      plugins: () => [kubelabLazyData()],
      // Chunks a worker loads carry ".worker" in their names, so bench/page.ts (and anyone
      // reading the network panel) can tell the engine's code from the page's.
      rollupOptions: { output: { chunkFileNames: '_astro/[name].worker-[hash].js' } },
    },
    // Pre-bundled up front: otherwise Vite discovers them lazily in dev and force-reloads the page (STACK.md §2.1).
    optimizeDeps: {
      // the worker's dependencies too: found only when the first lesson loads, they would make
      // Vite re-optimize and reload the page under a learner's first `npm run dev`
      include: ['monaco-editor', 'monaco-yaml', 'monaco-yaml/yaml.worker.js', 'monaco-editor/esm/vs/editor/editor.worker', '@xterm/xterm', '@xterm/addon-fit', 'ajv', 'yaml', 'cron-parser', 'fast-json-patch/index.mjs'],
    },
  },
});
