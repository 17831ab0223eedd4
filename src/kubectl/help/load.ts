/**
 * Where kubectl's help texts come from. Here (Node) they are part of the module graph. The
 * page's worker build swaps this file for ./load.lazy.ts (astro.config.mjs, kubelabLazyData),
 * which leaves the 159 KB of text to a chunk the worker fetches beside the engine.
 */
import texts from './texts.json';

export const bundledHelp: Record<string, string> | undefined = texts as Record<string, string>;

export function fetchHelp(): Promise<Record<string, string>> {
  return Promise.resolve(texts as Record<string, string>);
}
