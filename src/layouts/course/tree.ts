/**
 * The course outline: parts → chapters → lessons in order, with each lesson's previous and
 * next neighbour across chapter and part boundaries. Pure, so it is tested without Astro.
 */
import { prefixOrder } from './paths';

export interface EntryLike<D> {
  id: string;
  filePath?: string;
  data: D;
}

export interface OutlineLesson {
  id: string;
  href: string;
  title: string;
  summary: string;
  minutes: number;
  lab?: string;
  part: string;
  chapter: string;
}
export interface OutlineChapter {
  id: string;
  title: string;
  summary: string;
  lessons: OutlineLesson[];
}
export interface OutlinePart {
  id: string;
  title: string;
  summary: string;
  chapters: OutlineChapter[];
}

interface Meta {
  title: string;
  summary: string;
  order?: number;
}

/** The folder or file segment that names an entry at `depth` (1 = part). */
function orderOf(e: EntryLike<Meta>, depth: number): number {
  if (e.data.order !== undefined) return e.data.order;
  const seg = (e.filePath ?? '').replace(/\\/g, '/').split('/').filter((s) => s !== '.' && s !== 'content');
  return prefixOrder(seg[depth - 1] ?? '') ?? Number.MAX_SAFE_INTEGER;
}

function sorted<T extends EntryLike<Meta>>(xs: T[], depth: number): T[] {
  return [...xs].sort((a, b) => orderOf(a, depth) - orderOf(b, depth) || a.id.localeCompare(b.id));
}

export function lessonHref(id: string, base = '/'): string {
  return `${base.replace(/\/$/, '')}/learn/${id}/`;
}

export function buildOutline(
  parts: EntryLike<Meta>[],
  chapters: EntryLike<Meta>[],
  lessons: EntryLike<Meta & { minutes: number; lab?: string }>[],
  base = '/',
): OutlinePart[] {
  return sorted(parts, 1).map((p) => ({
    id: p.id,
    title: p.data.title,
    summary: p.data.summary,
    chapters: sorted(
      chapters.filter((c) => c.id.startsWith(p.id + '/')),
      2,
    ).map((c) => ({
      id: c.id,
      title: c.data.title,
      summary: c.data.summary,
      lessons: sorted(
        lessons.filter((l) => l.id.startsWith(c.id + '/')),
        3,
      ).map((l) => ({
        id: l.id,
        href: lessonHref(l.id, base),
        title: l.data.title,
        summary: l.data.summary,
        minutes: l.data.minutes,
        lab: l.data.lab,
        part: p.id,
        chapter: c.id,
      })),
    })),
  }));
}

export function flatLessons(outline: OutlinePart[]): OutlineLesson[] {
  return outline.flatMap((p) => p.chapters.flatMap((c) => c.lessons));
}

export function neighbours(outline: OutlinePart[], id: string): { prev?: OutlineLesson; next?: OutlineLesson } {
  const flat = flatLessons(outline);
  const i = flat.findIndex((l) => l.id === id);
  if (i < 0) return {};
  return { prev: flat[i - 1], next: flat[i + 1] };
}
