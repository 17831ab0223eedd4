/**
 * `npm run bench`: every benchmark, one after another, printing its figures.
 * Each module under bench/ exports `run(): Promise<string[]>`.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const suites = ['store', 'scale', 'kubectl', 'page'].filter((s) => only.length === 0 || only.includes(s));

for (const name of suites) {
  const file = join(here, `${name}.ts`);
  if (!existsSync(file)) continue;
  const mod = (await import(file)) as { run?: () => Promise<string[]> };
  if (!mod.run) continue;
  console.log(`## ${name}`);
  try {
    for (const line of await mod.run()) console.log(`  ${line}`);
  } catch (e) {
    console.log(`  failed: ${e instanceof Error ? e.message : String(e)}`);
    process.exitCode = 1;
  }
}
