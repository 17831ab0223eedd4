/**
 * `--help` texts of the real kubectl v1.32, captured at dev time by ./help/capture.sh.
 * In Node they come with the module; the page's worker fetches them as a chunk of their own
 * (./help/load) and awaits `loadHelp()` before it runs a command line.
 */
import { bundledHelp, fetchHelp } from './help/load';

let HELP = bundledHelp;

/** True once the texts can be read synchronously (always in Node). */
export function helpLoaded(): boolean {
  return HELP !== undefined;
}

/** Resolves once the texts are loaded; the first call in the worker starts the fetch. */
export async function loadHelp(): Promise<void> {
  HELP ??= await fetchHelp();
}

export function helpText(path: string): string | undefined {
  return HELP?.[path];
}

export function hasHelp(path: string): boolean {
  return HELP !== undefined && path in HELP;
}
