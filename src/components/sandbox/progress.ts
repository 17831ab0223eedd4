/**
 * Learner progress per lesson in localStorage (versioned). The course home and sidebar read
 * it; the lab panel writes it. Unreadable or old data is dropped, never trusted.
 */
export const PROGRESS_KEY = 'kubelab:progress';
export const PROGRESS_VERSION = 1;

export interface LessonProgress {
  /** ids of tasks that have passed at least once */
  done: string[];
  total: number;
  /** hints revealed */
  hints: number;
}
export interface Progress {
  v: typeof PROGRESS_VERSION;
  lessons: Record<string, LessonProgress>;
}

function valid(x: unknown): x is Progress {
  if (!x || typeof x !== 'object') return false;
  const p = x as Progress;
  if (p.v !== PROGRESS_VERSION || !p.lessons || typeof p.lessons !== 'object') return false;
  return Object.values(p.lessons).every((l) => Array.isArray(l?.done) && typeof l.total === 'number' && typeof l.hints === 'number');
}

export function parseProgress(raw: string | null): { progress: Progress; dropped: boolean } {
  const empty: Progress = { v: PROGRESS_VERSION, lessons: {} };
  if (raw === null) return { progress: empty, dropped: false };
  try {
    const x = JSON.parse(raw);
    return valid(x) ? { progress: x, dropped: false } : { progress: empty, dropped: true };
  } catch {
    return { progress: empty, dropped: true };
  }
}

export function readProgress(): Progress {
  let raw: string | null = null;
  try {
    raw = localStorage.getItem(PROGRESS_KEY);
  } catch {
    /* storage disabled: progress just is not kept */
  }
  return parseProgress(raw).progress;
}

export function updateLesson(id: string, f: (l: LessonProgress) => LessonProgress): LessonProgress {
  const p = readProgress();
  const next = f(p.lessons[id] ?? { done: [], total: 0, hints: 0 });
  p.lessons[id] = next;
  try {
    localStorage.setItem(PROGRESS_KEY, JSON.stringify(p));
  } catch {
    /* full or disabled storage: keep going without saving */
  }
  return next;
}
