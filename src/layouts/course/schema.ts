/**
 * Frontmatter schemas for the course: a part (`part.yaml`), a chapter (`chapter.yaml`) and a
 * lesson (`*.mdx` frontmatter). Strict, so a typo in a key fails the build with a message
 * naming the key instead of being silently ignored.
 */
import { z } from 'astro/zod';

const title = z
  .string({ required_error: 'title is required: a short heading such as "Run your first pod"' })
  .min(1, 'title must not be empty')
  .describe('Heading shown in the sidebar, the page title and search results.');

const summary = z
  .string({ required_error: 'summary is required: one sentence saying what the learner will do' })
  .min(1, 'summary must not be empty')
  .describe('One sentence shown under the title on the course home page.');

const order = z
  .number({ invalid_type_error: 'order must be a number, e.g. order: 2' })
  .int('order must be a whole number')
  .optional()
  .describe('Position among siblings. Default: the number prefix of the folder or file name (01-…).');

export const partSchema = z
  .object({ title, summary, order })
  .strict()
  .describe('content/<NN-part>/part.yaml: one part of the course.');

export const chapterSchema = z
  .object({ title, summary, order })
  .strict()
  .describe('content/<NN-part>/<NN-chapter>/chapter.yaml: one chapter of a part.');

export const lessonSchema = z
  .object({
    title,
    summary,
    order,
    lab: z
      .string({ invalid_type_error: 'lab must be the id of a folder under labs/, e.g. lab: first-pod' })
      .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'lab must be a lab id: lowercase letters, digits and dashes, e.g. first-pod')
      .optional()
      .describe('Id of the lab under labs/<id>/ whose sandbox appears beside the lesson. Omit for a reading-only lesson.'),
    minutes: z
      .number({ invalid_type_error: 'minutes must be a number, e.g. minutes: 10' })
      .int('minutes must be a whole number')
      .positive('minutes must be greater than 0')
      .describe('Estimated time to finish the lesson and its lab, in minutes.'),
  })
  .strict()
  .describe('Frontmatter of content/<NN-part>/<NN-chapter>/<NN-lesson>.mdx.');

export type PartData = z.infer<typeof partSchema>;
export type ChapterData = z.infer<typeof chapterSchema>;
export type LessonData = z.infer<typeof lessonSchema>;
