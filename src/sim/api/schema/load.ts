/**
 * Where the generated schema comes from. Here (Node: tests, `kubelab shell`, `kubelab serve`)
 * it is part of the module graph, so it is there before any request. The page's worker build
 * swaps this file for ./load.lazy.ts (astro.config.mjs, kubelabLazyData), which leaves the
 * 472 KB document to a chunk of its own that the worker fetches beside the engine.
 */
import schemaJson from './k8s.schema.json';

export const bundledSchema: unknown = schemaJson;

export function fetchSchema(): Promise<unknown> {
  return Promise.resolve(schemaJson);
}
