/// <reference types="vite/client" />
/**
 * The worker build's ./load.ts: the schema is a JSON file of its own, fetched once on the
 * first call (the worker's entry calls it at start, so it downloads beside the engine).
 * Fetched as JSON rather than imported as a module: a 472 KB string literal costs V8 a
 * parse pass on top of JSON.parse, and the worker's thread is the one booting the cluster.
 */
import schemaUrl from './k8s.schema.json?url';

export const bundledSchema: unknown = undefined;

let loading: Promise<unknown> | undefined;

export function fetchSchema(): Promise<unknown> {
  loading ??= fetch(schemaUrl).then((r) => {
    if (!r.ok) throw new Error(`the Kubernetes schema could not be loaded (${r.status} ${r.statusText})`);
    return r.json() as Promise<unknown>;
  });
  return loading;
}
