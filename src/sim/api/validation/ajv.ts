/**
 * The ajv class for the decoder's fast path (./decode). In Node it comes with the module. The
 * page's worker build swaps this file for ./ajv.lazy.ts (astro.config.mjs, kubelabLazyData):
 * there ajv is a chunk fetched in the background after the first prompt, and until it is
 * in, the decoder's walker (which is authoritative anyway) does all the work.
 */
import Ajv from 'ajv';

export type AjvClass = typeof Ajv;

/** The class when it is loaded, else undefined (and the load is started). */
export function ajvClass(): AjvClass | undefined {
  return Ajv;
}

export function loadAjv(): Promise<void> {
  return Promise.resolve();
}
