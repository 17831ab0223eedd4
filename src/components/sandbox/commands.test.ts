import { describe, expect, it } from 'vitest';
import { commandLines } from './commands';

describe('commandLines', () => {
  it('strips prompts, skips comments and joins continuations', () => {
    expect(commandLines('# make a pod\n$ kubectl run web \\\n   --image=nginx\n\n$ kubectl get pods')).toEqual([
      'kubectl run web    --image=nginx',
      'kubectl get pods',
    ]);
  });
});
