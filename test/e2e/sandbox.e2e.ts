/**
 * The lesson page end to end, as a learner uses it: terminal, editor, map, lab checks,
 * reload, markers, accessibility, phone layout, and no request to another origin.
 * Elements are found by ARIA role and name.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launch } from './browser';

const BASE = process.env.BASE_URL ?? 'http://127.0.0.1:4329';
const LESSON = `${BASE}/learn/foundations/containers-and-objects/containers/`;
const require = createRequire(import.meta.url);
const AXE = require.resolve('axe-core/axe.min.js');

let browser: Browser;
let ctx: BrowserContext;
let page: Page;
const foreign: string[] = [];

async function terminalText(p: Page): Promise<string> {
  return p.locator('kl-terminal .xterm-rows').innerText();
}

async function typeInTerminal(p: Page, line: string): Promise<void> {
  // xterm only paints rows while the terminal is on screen.
  await p.locator('kl-terminal').first().scrollIntoViewIfNeeded();
  await p.getByRole('textbox', { name: /^Terminal/ }).first().focus();
  await p.keyboard.type(line);
  await p.keyboard.press('Enter');
}

async function axe(p: Page, context = 'html'): Promise<{ id: string; impact: string; nodes: number }[]> {
  await p.addScriptTag({ path: AXE });
  return p.evaluate(async (ctx) => {
    const r = await (window as unknown as { axe: { run(ctx: unknown, o: unknown): Promise<{ violations: { id: string; impact: string; nodes: unknown[] }[] }> } }).axe.run(ctx, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] },
    });
    return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length }));
  }, context);
}

before(async () => {
  browser = await launch();
  ctx = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  ctx.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith(BASE) && !u.startsWith('data:') && !u.startsWith('blob:')) foreign.push(u);
  });
  page = await ctx.newPage();
  page.on('pageerror', (e) => console.error('page error:', e.message));
});
after(async () => {
  await browser?.close();
});

describe('lesson page', () => {
  it('answers kubectl get nodes in the terminal', async () => {
    await page.goto(LESSON);
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.locator('kl-terminal').scrollIntoViewIfNeeded();
    await page.locator('kl-terminal .xterm-rows').filter({ hasText: '$' }).waitFor({ timeout: 10_000 });
    await typeInTerminal(page, 'kubectl get nodes');
    await page.waitForFunction(() => /NAME\s+STATUS\s+ROLES/.test(document.querySelector('kl-terminal .xterm-rows')?.textContent ?? ''), null, { timeout: 5000 });
    assert.match(await terminalText(page), /\s+Ready\s+/);
    const lines = (await terminalText(page)).split('\n').map((l) => l.trimEnd());
    assert.equal(lines[0], '$ kubectl get nodes');
    assert.match(lines[1], /^NAME\s+STATUS\s+ROLES/);
  });

  it('shows a prompt while the engine loads and answers what was typed there once it is up', async () => {
    // The engine's chunk is held back, so the command is surely typed before the cluster exists.
    const slow = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    try {
      let release!: () => void;
      const held = new Promise<void>((r) => (release = r));
      await slow.route(/\/_astro\/host\.worker-[^/]*\.js$/, async (route) => {
        await held;
        await route.continue();
      });
      const p = await slow.newPage();
      await p.goto(LESSON);
      await p.locator('kl-terminal').scrollIntoViewIfNeeded();
      await p.locator('kl-terminal .xterm-rows').filter({ hasText: '$' }).waitFor({ timeout: 10_000 });
      await typeInTerminal(p, 'kubectl get nodes');
      await p.locator('kl-terminal .xterm-rows').filter({ hasText: '$ kubectl get nodes' }).waitFor({ timeout: 5000 }); // echoed at once
      assert.equal(await p.evaluate(() => (globalThis as { __kubelab?: { isReady(): boolean } }).__kubelab?.isReady()), false);
      release();
      await p.waitForFunction(() => /NAME\s+STATUS\s+ROLES/.test(document.querySelector('kl-terminal .xterm-rows')?.textContent ?? ''), null, { timeout: 15_000 });
      await p.waitForFunction(() => /v1\.32\.0\s*\$/.test(document.querySelector('kl-terminal .xterm-rows')?.textContent ?? ''), null, { timeout: 5000 });
      // exactly as if the shell had been there all along: one prompt, the command, its answer, the next prompt
      const lines = (await terminalText(p)).split('\n').map((l) => l.trimEnd()).filter(Boolean);
      assert.equal(lines[0], '$ kubectl get nodes');
      assert.match(lines[1], /^NAME\s+STATUS\s+ROLES/);
      assert.match(lines[2], /^controlplane\s+Ready\s+control-plane/);
      assert.equal(lines.at(-1), '$');
      assert.equal(lines.filter((l) => l.startsWith('$')).length, 2);
    } finally {
      await slow.close();
    }
  });

  it('runs a shell code block in the terminal', async () => {
    const block = page.locator('main .code-block').filter({ has: page.getByRole('button', { name: 'Run in terminal' }) }).first();
    const command = (await block.locator('pre').innerText()).split('\n')[0].replace(/^\$ /, '').trim();
    const before = (await terminalText(page)).split(command).length;
    await block.getByRole('button', { name: 'Run in terminal' }).click();
    // The command is typed into the shell as if by hand: it shows up once more.
    await page.waitForFunction(
      ([cmd, n]) => (document.querySelector('kl-terminal .xterm-rows')?.textContent ?? '').split(cmd as string).length > (n as number),
      [command, before],
      { timeout: 5000 },
    );
  });

  it('applies YAML from the editor: the pod shows on the map and tasks turn green', async () => {
    await page.getByRole('tabpanel').click();
    await page.waitForFunction(() => !!(window as unknown as { __monaco?: unknown }).__monaco, null, { timeout: 20_000 });
    await page.getByRole('button', { name: 'Apply', exact: true }).click();
    await page.getByRole('status', { name: 'Apply output' }).filter({ hasText: 'pod/web created' }).waitFor();
    await page.getByRole('button', { name: 'Fastest' }).click();
    const map = page.locator('kl-map');
    await map.getByRole('button', { name: /^web Running/ }).waitFor({ timeout: 20_000 });
    const tasks = page.getByRole('list', { name: 'Tasks' });
    await tasks.getByRole('listitem').filter({ hasText: 'The pod is Running and Ready (done)' }).waitFor({ timeout: 20_000 });
    assert.ok((await tasks.getByRole('listitem').filter({ hasText: '(done)' }).count()) >= 3);
    await page.getByRole('button', { name: '1×' }).click();
  });

  it('keeps the cluster and the progress across a reload', async () => {
    await page.waitForTimeout(1500); // the worker saves a second after the last change
    await page.reload();
    await page.locator('kl-map').getByRole('button', { name: /^web Running/ }).waitFor({ timeout: 10_000 });
    const tasks = page.getByRole('list', { name: 'Tasks' });
    await tasks.getByRole('listitem').filter({ hasText: 'The pod is Running and Ready (done)' }).waitFor();
    assert.equal(await page.getByRole('status').filter({ hasText: 'reset' }).count(), 0);
  });

  it('marks a bad field on its line in the editor', async () => {
    await page.getByRole('tabpanel').click();
    await page.waitForFunction(() => !!(window as unknown as { __monaco?: unknown }).__monaco, null, { timeout: 20_000 });
    await page.evaluate(() => {
      const m = (window as unknown as { __monaco: { editor: { getModels(): { getValue(): string; setValue(v: string): void }[] } } }).__monaco.editor.getModels()[0];
      m.setValue(m.getValue().replace('image:', 'imagee:').replace('name: web\n  labels', 'name: web2\n  labels'));
    });
    await page.getByRole('button', { name: 'Apply', exact: true }).click();
    await page.getByRole('status', { name: 'Apply output' }).filter({ hasText: 'unknown field' }).waitFor();
    const markers = await page.waitForFunction(
      () => {
        const mon = (window as unknown as { __monaco: { editor: { getModelMarkers(f: object): { message: string; startLineNumber: number; owner: string }[] } } }).__monaco;
        const ms = mon.editor.getModelMarkers({});
        return ms.some((m) => m.owner === 'kubelab-apply') && ms.some((m) => m.owner !== 'kubelab-apply') ? ms : null;
      },
      null,
      { timeout: 15_000 },
    );
    const list = (await markers.jsonValue()) as { message: string; startLineNumber: number; owner: string }[];
    const mine = list.filter((m) => m.owner === 'kubelab-apply');
    assert.ok(mine.some((m) => /unknown field "spec\.containers\[0\]\.imagee"/.test(m.message) && m.startLineNumber === 10), JSON.stringify(mine));
    assert.ok(list.some((m) => m.message.includes('Property imagee is not allowed.')), JSON.stringify(list));
    assert.ok(page.workers().some((w) => /yaml\.worker/.test(w.url())));
  });

  it('completes Kubernetes fields from the schema', async () => {
    await page.evaluate(() => {
      const mon = (window as unknown as { __monaco: any }).__monaco; // eslint-disable-line @typescript-eslint/no-explicit-any
      const ed = mon.editor.getEditors()[0];
      const m = ed.getModel();
      (window as unknown as { __before: string }).__before = m.getValue();
      const i = m.getValue().split('\n').findIndex((l: string) => l.includes('image'));
      m.applyEdits([{ range: new mon.Range(i + 2, 1, i + 2, 1), text: '      imagePu\n' }]);
      ed.setPosition({ lineNumber: i + 2, column: 14 });
      ed.focus();
      ed.trigger('e2e', 'editor.action.triggerSuggest', {});
    });
    await page.locator('.suggest-widget .monaco-list-row').filter({ hasText: 'imagePullPolicy' }).first().waitFor({ timeout: 10_000 });
    await page.keyboard.press('Escape'); // closes the suggestions, not the editor
    await page.evaluate(() => {
      const mon = (window as unknown as { __monaco: any }).__monaco; // eslint-disable-line @typescript-eslint/no-explicit-any
      mon.editor.getEditors()[0].getModel().setValue((window as unknown as { __before: string }).__before);
    });
  });

  it('leaves the editor with Escape', async () => {
    await page.locator('.monaco-editor textarea').focus();
    await page.keyboard.press('Escape');
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Apply');
  });

  it('opens kubectl edit in the editor and saves back to the shell', async () => {
    assert.equal(await page.getByRole('button', { name: 'Cancel edit' }).isVisible(), false);
    await typeInTerminal(page, 'kubectl edit pod web');
    const tab = page.getByRole('tab', { name: /^pods-web\.edit-\d+\.yaml$/ });
    await tab.waitFor({ timeout: 10_000 });
    assert.equal(await tab.getAttribute('aria-selected'), 'true');
    await page.evaluate(() => {
      const mon = (window as unknown as { __monaco: { editor: { getModels(): { uri: { path: string }; getValue(): string; setValue(v: string): void }[] } } }).__monaco;
      const m = mon.editor.getModels().find((x) => x.uri.path.includes('.edit-'))!;
      m.setValue(m.getValue().replace(/\n    app: web\n/, '\n    app: web\n    tier: front\n'));
    });
    assert.equal(await page.getByRole('button', { name: 'Cancel edit' }).isVisible(), true);
    await page.getByRole('button', { name: 'Save and close' }).click();
    await page.waitForFunction(() => /pod\/web edited/.test(document.querySelector('kl-terminal .xterm-rows')?.textContent ?? ''), null, { timeout: 10_000 });
    assert.equal(await tab.count(), 0);
    await typeInTerminal(page, 'kubectl get pod web --show-labels');
    await page.waitForFunction(() => /app=web,tier=front/.test(document.querySelector('kl-terminal .xterm-rows')?.textContent ?? ''), null, { timeout: 5000 });
  });

  it('has no serious accessibility violations', async () => {
    assert.deepEqual(await axe(page), []);
    await page.goto(`${BASE}/`);
    assert.deepEqual(await axe(page), []);
  });

  it('has no serious accessibility violations in any lesson text', async () => {
    // The chrome and the sandbox are the same on every page and were checked above; here the
    // lesson texts (diagrams, tables, code) are, without starting each page's cluster.
    const p = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await p.route(/sandbox\.worker/, (r) => r.abort());
    await p.goto(LESSON);
    const hrefs = await p.getByRole('navigation', { name: 'Course' }).getByRole('link').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
    const found: Record<string, unknown> = {};
    for (const href of hrefs) {
      await p.goto(href, { waitUntil: 'domcontentloaded' });
      await p.getByRole('heading', { level: 1 }).waitFor();
      const v = await axe(p, 'main');
      if (v.length) found[href] = v;
    }
    await p.close();
    assert.ok(hrefs.length > 1);
    assert.deepEqual(found, {});
  });

  it('stacks editor and terminal on a phone', async () => {
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await phone.goto(LESSON);
    const ed = await phone.locator('kl-editor').boundingBox();
    const term = await phone.locator('kl-terminal').boundingBox();
    assert.ok(ed && term && term.y >= ed.y + ed.height - 1, `editor ${JSON.stringify(ed)} terminal ${JSON.stringify(term)}`);
    assert.ok(term.width <= 390);
    await phone.close();
  });

  it('resets unreadable saved data with a notice instead of a blank page', async () => {
    const fresh = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await fresh.goto(LESSON);
    await fresh.getByRole('list', { name: 'Tasks' }).getByRole('listitem').first().filter({ hasNotText: 'Starting' }).waitFor();
    // Paused, the worker saves once more and then stays quiet, so it cannot overwrite the junk.
    await fresh.getByRole('button', { name: 'Pause' }).click();
    await fresh.waitForTimeout(1500);
    await fresh.evaluate(
      () =>
        new Promise<void>((resolve, reject) => {
          const open = indexedDB.open('kubelab', 1);
          open.onsuccess = () => {
            const tx = open.result.transaction('sandboxes', 'readwrite');
            tx.objectStore('sandboxes').put({ v: 99, junk: true }, 'foundations/containers-and-objects/containers');
            tx.oncomplete = () => resolve();
            tx.onerror = () => reject(tx.error);
          };
        }),
    );
    await fresh.reload();
    await fresh.getByRole('status').filter({ hasText: 'Your saved sandbox was reset because it was saved by an older version of the site.' }).waitFor();
    await typeInTerminal(fresh, 'kubectl get nodes');
    await fresh.waitForFunction(() => /NAME\s+STATUS\s+ROLES/.test(document.querySelector('kl-terminal .xterm-rows')?.textContent ?? ''), null, { timeout: 5000 });
    await fresh.close();
  });

  it('finds lessons with search', async () => {
    await page.goto(`${BASE}/`);
    await page.getByRole('searchbox', { name: 'Search lessons' }).fill('kubelet');
    await page.getByRole('search').getByRole('link').first().waitFor({ timeout: 10_000 });
    assert.ok((await page.getByRole('search').getByRole('link').count()) > 0);
  });

  it('made no request to another origin', () => {
    assert.deepEqual(foreign, []);
  });
});
