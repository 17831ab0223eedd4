/**
 * One lab of each part walked end to end in Chromium, as a learner would: the solution's
 * files written and applied from the lesson's terminal, its commands typed, time run at
 * the fastest speed, until every task on the lab panel turns done.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { launch } from './browser';

const BASE = process.env.BASE_URL ?? 'http://127.0.0.1:4329';

const WALKS = [
  { part: 'Foundations', lab: 'objects-declarative', url: '/learn/foundations/containers-and-objects/objects/' },
  { part: 'Workloads', lab: 'deployments-rollout', url: '/learn/workloads/controllers/deployments/' },
  { part: 'Scheduling', lab: 'scheduling-manual', url: '/learn/scheduling/placing-pods/manual-scheduling/' },
];

interface LabModule {
  default: { solution?: { files?: { name: string; content: string }[]; commands?: string[] }; tasks: unknown[] };
}

let browser: Browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** The terminal shows a fresh `$` prompt on its last line. */
async function prompt(p: Page): Promise<void> {
  await p.waitForFunction(
    () => {
      const rows = [...document.querySelectorAll('kl-terminal .xterm-rows > div')].map((r) => (r.textContent ?? '').trimEnd());
      const last = rows.filter((r) => r.length).pop() ?? '';
      return last === '$' || last === '>';
    },
    null,
    { timeout: 20_000 },
  );
}

async function type(p: Page, line: string): Promise<void> {
  await p.keyboard.type(line);
  await p.keyboard.press('Enter');
  await prompt(p);
}

for (const walk of WALKS)
  describe(`${walk.part}: the ${walk.lab} lab`, () => {
    it('turns every task done when the learner does what the solution does', async () => {
      const lab = ((await import(`../../labs/${walk.lab}/lab.ts`)) as LabModule).default;
      const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 } });
      const page = await ctx.newPage();
      page.on('pageerror', (e) => console.error('page error:', e.message));
      await page.goto(BASE + walk.url);
      const tasks = page.getByRole('list', { name: 'Tasks' });
      await tasks.getByRole('listitem').filter({ hasText: '(not done yet)' }).first().waitFor({ timeout: 20_000 });
      await page.locator('kl-terminal').first().scrollIntoViewIfNeeded();
      await page.getByRole('textbox', { name: /^Terminal/ }).first().focus();
      await prompt(page);
      for (const f of lab.solution?.files ?? []) {
        await type(page, `cat <<'KUBELAB_EOF' > ${f.name}`);
        for (const line of f.content.replace(/\n$/, '').split('\n')) await type(page, line);
        await type(page, 'KUBELAB_EOF');
        await type(page, `kubectl apply -f ${f.name}`);
      }
      for (const c of lab.solution?.commands ?? []) await type(page, c);
      await page.getByRole('button', { name: 'Fastest' }).click();
      const done = tasks.getByRole('listitem').filter({ hasText: '(done)' });
      for (let i = 0; i < 120 && (await done.count()) < lab.tasks.length; i++) await page.waitForTimeout(500);
      assert.equal(await done.count(), lab.tasks.length, await tasks.innerText());
      await ctx.close();
    });
  });
