/**
 * Page figures in Chromium against the built site (`npm run site:build` first, or set
 * PAGE_BENCH_BUILD=1): JavaScript shipped before the editor opens (gzip, page and
 * worker apart) and the time until the terminal answers `kubectl get nodes`.
 * Budgets: page JS ≤ 120 KiB gzip, answer ≤ 300 ms.
 */
import { gzipSync } from 'node:zlib';
import { existsSync } from 'node:fs';
import { launch } from '../test/e2e/browser';
import { build, preview } from '../test/e2e/serve';

export interface PageFigures {
  /** main-thread JS loaded before the editor is opened, gzip -9, KiB */
  pageJsGzipKiB: number;
  /** JS of workers started before the editor opens (the engine), gzip -9, KiB */
  workerJsGzipKiB: number;
  /** CSS before the editor opens, gzip -9, KiB */
  cssGzipKiB: number;
  /** navigation start → `kubectl get nodes` output visible, typed as soon as the prompt shows */
  msToKubectlAnswer: number;
  /** Enter pressed → output visible */
  msCommandRoundTrip: number;
}

export const BUDGETS = { pageJsGzipKiB: 120, msToKubectlAnswer: 300 };

export async function measurePage(baseUrl: string): Promise<PageFigures> {
  const browser = await launch();
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    const sizes = { page: 0, worker: 0, css: 0 };
    const pending: Promise<void>[] = [];
    page.on('response', (r) => {
      const url = r.url();
      const type = r.request().resourceType();
      pending.push(
        r
          .body()
          .then((b) => {
            const gz = gzipSync(b, { level: 9 }).length;
            let fromWorker = /\.worker|worker_file/.test(url);
            try {
              r.request().frame();
            } catch {
              fromWorker = true; // requests made by a worker have no frame
            }
            if (fromWorker) sizes.worker += gz;
            else if (type === 'script' || /\.m?js(\?|$)/.test(url)) sizes.page += gz;
            else if (type === 'stylesheet' || /\.css(\?|$)/.test(url)) sizes.css += gz;
          })
          .catch(() => undefined),
      );
    });
    const start = Date.now();
    await page.goto(`${baseUrl}/learn/foundations/containers-and-objects/containers/`);
    await page.locator('kl-terminal').scrollIntoViewIfNeeded(); // xterm paints only while on screen
    await page.locator('kl-terminal .xterm-rows').filter({ hasText: '$' }).waitFor({ timeout: 20_000 });
    await page.getByRole('textbox', { name: /^Terminal/ }).first().focus();
    await page.keyboard.type('kubectl get nodes');
    const enter = Date.now();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => /NAME\s+STATUS/.test(document.querySelector('kl-terminal .xterm-rows')?.textContent ?? ''), null, { timeout: 10_000, polling: 'raf' });
    const done = Date.now();
    await page.waitForLoadState('networkidle');
    await Promise.all(pending);
    const kib = (n: number) => Math.round((n / 1024) * 10) / 10;
    return {
      pageJsGzipKiB: kib(sizes.page),
      workerJsGzipKiB: kib(sizes.worker),
      cssGzipKiB: kib(sizes.css),
      msToKubectlAnswer: done - start,
      msCommandRoundTrip: done - enter,
    };
  } finally {
    await browser.close();
  }
}

/** For `npm run bench` (bench/run.ts): builds the site when dist/ is missing, then measures. */
export async function run(): Promise<string[]> {
  if (!existsSync('dist/index.html') || process.env.PAGE_BENCH_BUILD) build();
  const server = await preview(Number(process.env.BENCH_PORT ?? 4330));
  try {
    const f = await measurePage(server.url);
    const mark = (k: keyof typeof BUDGETS) => (f[k] <= BUDGETS[k] ? 'ok' : 'OVER BUDGET');
    return [
      `page JS before the editor opens: ${f.pageJsGzipKiB} KiB gzip (budget ${BUDGETS.pageJsGzipKiB}) ${mark('pageJsGzipKiB')}`,
      `sandbox worker JS (engine): ${f.workerJsGzipKiB} KiB gzip`,
      `CSS before the editor opens: ${f.cssGzipKiB} KiB gzip`,
      `navigation → kubectl get nodes answered: ${f.msToKubectlAnswer} ms (budget ${BUDGETS.msToKubectlAnswer}) ${mark('msToKubectlAnswer')}`,
      `Enter → answer: ${f.msCommandRoundTrip} ms`,
    ];
  } finally {
    server.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (process.env.PAGE_BENCH_BUILD) build();
  const server = await preview(Number(process.env.BENCH_PORT ?? 4330));
  try {
    const f = await measurePage(server.url);
    console.log(JSON.stringify(f, null, 2));
    const over = (Object.keys(BUDGETS) as (keyof typeof BUDGETS)[]).filter((k) => f[k] > BUDGETS[k]);
    if (over.length) {
      console.error(`over budget: ${over.map((k) => `${k} ${f[k]} > ${BUDGETS[k]}`).join(', ')}`);
      process.exitCode = 1;
    }
  } finally {
    server.stop();
  }
}
