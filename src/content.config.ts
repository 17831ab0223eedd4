/**
 * The course's content collections: parts → chapters → lessons, read from the top-level
 * `content/` folder. Folder names carry the order (`01-foundations/02-workloads/03-x.mdx`);
 * ids and URLs drop the numeric prefixes so reordering never breaks a link.
 */
import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { partSchema, chapterSchema, lessonSchema } from './layouts/course/schema';
import { idFromPath } from './layouts/course/paths';

const parts = defineCollection({
  loader: glob({ pattern: '*/part.yaml', base: './content', generateId: ({ entry }) => idFromPath(entry, 1) }),
  schema: partSchema,
});

const chapters = defineCollection({
  loader: glob({ pattern: '*/*/chapter.yaml', base: './content', generateId: ({ entry }) => idFromPath(entry, 2) }),
  schema: chapterSchema,
});

const lessons = defineCollection({
  loader: glob({ pattern: '*/*/*.mdx', base: './content', generateId: ({ entry }) => idFromPath(entry, 3) }),
  schema: lessonSchema,
});

export const collections = { parts, chapters, lessons };
