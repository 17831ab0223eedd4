/// <reference types="vite/client" />
/**
 * Labs as the browser bundle sees them: every labs/<id>/lab.ts, each loaded only when a
 * lesson asks for it (Vite splits one chunk per lab).
 */
import type { Lab } from './schema';

const modules = import.meta.glob<{ default: Lab }>('../../labs/*/lab.ts');

export async function loadLab(id: string): Promise<Lab | undefined> {
  const load = modules[`../../labs/${id}/lab.ts`];
  return load ? (await load()).default : undefined;
}
