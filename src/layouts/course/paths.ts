/**
 * Ids and ordering from content paths: `01-foundations/02-pods/03-first-pod.mdx` becomes
 * the id `foundations/pods/first-pod` with order [1, 2, 3].
 */

/** Strip a leading `NN-` order prefix from one path segment. */
export function stripOrder(segment: string): string {
  return segment.replace(/^\d+[-_.]/, '');
}

/** The order a segment's prefix gives (`03-x` → 3), or undefined without a prefix. */
export function prefixOrder(segment: string): number | undefined {
  const m = /^(\d+)[-_.]/.exec(segment);
  return m ? Number(m[1]) : undefined;
}

/** Id of a collection entry from its path relative to content/, keeping `depth` folder/file segments. */
export function idFromPath(entry: string, depth: number): string {
  const segs = entry.replace(/\\/g, '/').split('/');
  const kept = segs.slice(0, depth);
  kept[kept.length - 1] = kept[kept.length - 1].replace(/\.(mdx?|ya?ml)$/, '');
  return kept.map(stripOrder).join('/');
}
