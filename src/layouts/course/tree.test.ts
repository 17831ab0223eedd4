import { describe, expect, it } from 'vitest';
import { buildOutline, neighbours } from './tree';
import { idFromPath } from './paths';
import { lessonSchema } from './schema';

const part = (dir: string, title: string) => ({ id: idFromPath(`${dir}/part.yaml`, 1), filePath: `content/${dir}/part.yaml`, data: { title, summary: 's' } });
const chapter = (dir: string, title: string) => ({ id: idFromPath(`${dir}/chapter.yaml`, 2), filePath: `content/${dir}/chapter.yaml`, data: { title, summary: 's' } });
const lesson = (file: string, title: string) => ({ id: idFromPath(file, 3), filePath: `content/${file}`, data: { title, summary: 's', minutes: 5 } });

describe('course outline', () => {
  it('orders by folder prefix and links lessons across chapters and parts', () => {
    const outline = buildOutline(
      [part('02-workloads', 'Workloads'), part('01-foundations', 'Foundations')],
      [chapter('01-foundations/02-b', 'B'), chapter('01-foundations/01-a', 'A'), chapter('02-workloads/01-deploy', 'D')],
      [
        lesson('01-foundations/02-b/01-x.mdx', 'X'),
        lesson('01-foundations/01-a/02-second.mdx', 'Second'),
        lesson('01-foundations/01-a/01-first.mdx', 'First'),
        lesson('02-workloads/01-deploy/01-rollout.mdx', 'Rollout'),
      ],
    );
    expect(outline.map((p) => p.title)).toEqual(['Foundations', 'Workloads']);
    expect(outline[0].chapters.map((c) => c.title)).toEqual(['A', 'B']);
    expect(outline[0].chapters[0].lessons.map((l) => l.href)).toEqual(['/learn/foundations/a/first/', '/learn/foundations/a/second/']);
    expect(neighbours(outline, 'foundations/b/x').prev?.title).toBe('Second');
    expect(neighbours(outline, 'foundations/b/x').next?.title).toBe('Rollout');
    expect(neighbours(outline, 'foundations/a/first').prev).toBeUndefined();
  });

  it('rejects unknown frontmatter keys and says what a field expects', () => {
    const r = lessonSchema.safeParse({ title: 'T', summary: 'S', minutes: 'ten', labb: 'x' });
    expect(r.success).toBe(false);
    const messages = r.success ? [] : r.error.issues.map((i) => i.message);
    expect(messages).toContain('minutes must be a number, e.g. minutes: 10');
    expect(messages).toContain("Unrecognized key(s) in object: 'labb'");
    const bad = lessonSchema.safeParse({ title: 'T', summary: 'S', minutes: 3, lab: 'First Pod' });
    expect(bad.success ? [] : bad.error.issues.map((i) => i.message)).toEqual([
      'lab must be a lab id: lowercase letters, digits and dashes, e.g. first-pod',
    ]);
  });
});
