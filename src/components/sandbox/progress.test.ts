import { describe, expect, it } from 'vitest';
import { parseProgress } from './progress';

describe('stored progress', () => {
  it('keeps valid data and drops corrupt or old data with a flag', () => {
    const good = JSON.stringify({ v: 1, lessons: { 'a/b/c': { done: ['t1'], total: 2, hints: 1 } } });
    expect(parseProgress(good)).toEqual({ progress: JSON.parse(good), dropped: false });
    expect(parseProgress('{not json')).toEqual({ progress: { v: 1, lessons: {} }, dropped: true });
    expect(parseProgress(JSON.stringify({ v: 0, lessons: {} })).dropped).toBe(true);
    expect(parseProgress(JSON.stringify({ v: 1, lessons: { x: { done: 'no' } } })).dropped).toBe(true);
    expect(parseProgress(null)).toEqual({ progress: { v: 1, lessons: {} }, dropped: false });
  });
});
