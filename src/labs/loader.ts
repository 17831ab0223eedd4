/**
 * Labs as Node sees them (the CLI and tests): the folders under labs/ that hold a lab.ts,
 * imported and validated. A lab whose folder name differs from its id is an error.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Lab } from './schema';

export function labsDir(root = process.cwd()): string {
  return resolve(root, 'labs');
}

export function listLabIds(dir = labsDir()): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(dir, d.name, 'lab.ts')))
    .map((d) => d.name)
    .sort();
}

export async function loadLabFromDir(id: string, dir = labsDir()): Promise<Lab> {
  const file = join(dir, id, 'lab.ts');
  if (!existsSync(file)) throw new Error(`no lab "${id}": ${file} does not exist`);
  const mod = (await import(pathToFileURL(file).href)) as { default?: Lab };
  if (!mod.default) throw new Error(`${file} must \`export default defineLab({...})\``);
  if (mod.default.id !== id) throw new Error(`${file}: the lab id "${mod.default.id}" must equal its folder name "${id}"`);
  return mod.default;
}
