import { describe, expect, it } from 'vitest';
import { defineLab, parseDuration } from './schema';

const task = { id: 't', title: 'T', check: () => true };

describe('defineLab', () => {
  it('fills defaults', () => {
    const lab = defineLab({ id: 'x', title: 'X', tasks: [task], solution: {} });
    expect(lab.start).toEqual({ seed: 1, manifests: [], stopped: [], settle: '30s' });
    expect(lab.solution).toEqual({ files: [], commands: [], wait: '2m' });
  });
  it('says what is wrong, with the path', () => {
    expect(() =>
      defineLab({ id: 'Bad Lab', title: 'X', tasks: [{ ...task, check: 'yes' as never }], solution: { wait: 'soon' }, extra: 1 } as never),
    ).toThrow(
      [
        'invalid lab "Bad Lab":',
        '  id: lab id must use lowercase letters, digits and dashes, e.g. first-pod',
        '  tasks.0.check: check must be a function (k) => boolean | string reading cluster state',
        '  solution.wait: a duration must look like 30s, 2m or 1m30s',
        "  (lab): Unrecognized key(s) in object: 'extra'",
      ].join('\n'),
    );
  });
  it('parses durations', () => {
    expect(parseDuration('1m30s')).toBe(90_000);
    expect(parseDuration('500ms')).toBe(500);
    expect(parseDuration('2h')).toBe(7_200_000);
  });
});
