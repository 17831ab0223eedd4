/** Every lab under labs/ is proven by the headless runner: nothing passes at the start, everything after the solution. */
import { describe, expect, it } from 'vitest';
import { listLabIds, loadLabFromDir } from './loader';
import { checkLab } from './runner';
import { engine } from '../worker/engine';

describe('labs', () => {
  const ids = listLabIds();
  it('there is at least one lab', () => expect(ids.length).toBeGreaterThan(0));
  for (const id of ids) {
    it(`${id}: no task passes at the start, every task passes after the solution`, async () => {
      const r = await checkLab(await loadLabFromDir(id), engine);
      expect(r.problems).toEqual([]);
      expect(r.atStart.length).toBeGreaterThan(0);
    });
  }
});
