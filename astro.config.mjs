import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';

export default defineConfig({
  integrations: [mdx()],
  markdown: {
    // Both themes are emitted as CSS variables; src/styles/global.css picks one per colour scheme.
    shikiConfig: { themes: { light: 'github-light', dark: 'github-dark' } },
  },
  vite: {
    worker: { format: 'es' },
    // Pre-bundled up front: otherwise Vite discovers them lazily in dev and force-reloads the page (STACK.md §2.1).
    optimizeDeps: {
      include: ['monaco-editor', 'monaco-yaml', 'monaco-yaml/yaml.worker.js', 'monaco-editor/esm/vs/editor/editor.worker', '@xterm/xterm', '@xterm/addon-fit'],
    },
  },
});
