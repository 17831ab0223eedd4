/** The course outline from the content collections (Astro-only; the pure logic is in ./tree). */
import { getCollection } from 'astro:content';
import { buildOutline, type OutlinePart } from './tree';

export async function courseOutline(): Promise<OutlinePart[]> {
  const [parts, chapters, lessons] = await Promise.all([getCollection('parts'), getCollection('chapters'), getCollection('lessons')]);
  return buildOutline(parts, chapters, lessons, import.meta.env.BASE_URL);
}
