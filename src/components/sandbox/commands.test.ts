import { describe, expect, it } from 'vitest';
import { commandLines } from './commands';

describe('commandLines', () => {
  it('strips prompts, skips comments and joins continuations', () => {
    expect(commandLines('# make a pod\n$ kubectl run web \\\n   --image=nginx\n\n$ kubectl get pods')).toEqual([
      'kubectl run web    --image=nginx',
      'kubectl get pods',
    ]);
  });

  it('passes a heredoc through as written: indentation, blank lines and # lines kept', () => {
    const block = "cat <<'EOF' > web.yaml\napiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n\n# a comment in the file\nspec:\n  containers:\n  - name: web\nEOF\nkubectl apply -f web.yaml";
    expect(commandLines(block)).toEqual([
      "cat <<'EOF' > web.yaml",
      'apiVersion: v1',
      'kind: Pod',
      'metadata:',
      '  name: web',
      '',
      '# a comment in the file',
      'spec:',
      '  containers:',
      '  - name: web',
      'EOF',
      'kubectl apply -f web.yaml',
    ]);
  });
});
