/// <reference types="vite/client" />
/**
 * The worker build's ./load.ts: the help texts are a JSON file of their own, fetched once
 * on the first call (the worker's entry calls it at start).
 */
import textsUrl from './texts.json?url';

export const bundledHelp: Record<string, string> | undefined = undefined;

let loading: Promise<Record<string, string>> | undefined;

export function fetchHelp(): Promise<Record<string, string>> {
  loading ??= fetch(textsUrl).then((r) => {
    if (!r.ok) throw new Error(`kubectl's help texts could not be loaded (${r.status} ${r.statusText})`);
    return r.json() as Promise<Record<string, string>>;
  });
  return loading;
}
