/**
 * "Every command in Part 3's lessons works as written": the ```shell blocks of
 * content/03-scheduling are split into lines the way "Run in terminal" types them
 * (src/components/sandbox/commands.ts: prompts and comments skipped, `\` continuations
 * joined), except that the body of a heredoc (`cat <<EOF > file` … `EOF`) is kept verbatim,
 * as a terminal receives it. All lines of a lesson are fed, in order, to ONE shell built the
 * way `kubelab shell` builds it (src/shell createShell, lines fed as typed, so `ssh node01`
 * … `exit` sessions hold), on a fresh cluster in the lesson's lab start state (the engine of
 * src/worker/engine.ts), with the lab's editor files in the home folder and 20 s of virtual
 * time after each line. A line fails the test when the shell or kubectl rejects it as a
 * command (not found, unknown command or flag, usage error) or does not come back within
 * 5 s. Errors about cluster state ("not found") are allowed: a lesson may look first.
 */
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { feedLines, labOf, lessonFiles, REJECTED, shellLines } from './lesson-commands';
import { loadLabFromDir } from '../src/labs/loader';
import { Session } from '../src/worker/session';
import { engine } from '../src/worker/engine';
import type { ClusterLike } from '../src/worker/cluster-like';
import { createShell } from '../src/shell';
import type { NodeHost } from '../src/sim/node/host';
import { commandLines } from '../src/components/sandbox/commands';

const PART = join(process.cwd(), 'content', '03-scheduling');

/** Lab tasks the lesson's own commands complete (lesson 13's batch task needs the learner's edit of batch.yaml). */
const FINISHED_BY_TEXT: Record<string, string[]> = {
  '01-placing-pods/10-manual-scheduling.mdx': ['nodename', 'gpu-label', 'nodeselector', 'ssd-fixed'],
  '01-placing-pods/11-affinity-and-taints.mdx': ['taint', 'web-avoids', 'blue-on-node01', 'cache-spread', 'near-cache'],
  '02-beyond-the-scheduler/12-static-pods.mdx': ['static-web', 'mirror-comes-back', 'node02-removed', 'static-busybox'],
  '02-beyond-the-scheduler/13-multiple-schedulers.mdx': ['scheduler-running', 'lease-allowed', 'second-pod'],
};

async function runAll(session: Session, lines: string[], files: { name: string; content: string }[]): Promise<{ line: string; output: string }[]> {
  const c = session.cluster as ClusterLike & { node(name: string): NodeHost | undefined };
  // The shell as `kubelab shell` builds it for piped input (src/cli/shell.ts): lines are fed
  // as if typed, so `ssh node01` reads the lines that follow it.
  const sh = createShell({
    client: { request: (r) => c.request(r), watch: (r, f) => c.watch(r, f), now: () => c.clock.now() },
    interactive: false,
    crlf: false,
    streamLimitMs: 10_000,
    sleep: async (ms) => c.clock.advance(ms),
    node: (n) => c.node(n),
  });
  // The editor's tabs, so `kubectl apply -f http-go.yaml` finds its file.
  for (const f of files) sh.session.fs.write(`/root/${f.name}`, f.content);
  return feedLines(sh, lines, (ms) => c.clock.advance(ms));
}

describe('Part 3 lesson commands', () => {
  const files = lessonFiles(PART);
  it('finds the four lessons and their shell blocks', () => {
    expect(files.map((f) => relative(PART, f))).toEqual([
      '01-placing-pods/10-manual-scheduling.mdx',
      '01-placing-pods/11-affinity-and-taints.mdx',
      '02-beyond-the-scheduler/12-static-pods.mdx',
      '02-beyond-the-scheduler/13-multiple-schedulers.mdx',
    ]);
    for (const f of files) expect(shellLines(readFileSync(f, 'utf8')).length, relative(PART, f)).toBeGreaterThan(3);
  });

  it('keeps heredoc bodies verbatim and splits the rest like Run in terminal', () => {
    const md = '```shell\n$ ssh node01\ncat <<EOF > /tmp/p.yaml\nkind: Pod\n# not a comment here\nspec:\n  containers: []\nEOF\nkubectl get \\\n  pods\n```\n';
    expect(shellLines(md)).toEqual([
      'ssh node01',
      'cat <<EOF > /tmp/p.yaml',
      'kind: Pod',
      '# not a comment here',
      'spec:',
      '  containers: []',
      'EOF',
      'kubectl get   pods',
    ]);
  });

  for (const f of files) {
    const mdx = readFileSync(f, 'utf8');
    const id = labOf(mdx);
    it(`${relative(PART, f)}: every command runs as written (lab ${id})`, async () => {
      const lab = id ? await loadLabFromDir(id) : undefined;
      const session = Session.start(engine, lab);
      try {
        const results = await runAll(session, shellLines(mdx), lab?.files ?? []);
        const bad = results.filter((r) => REJECTED.some((re) => re.test(r.output))).map((r) => `$ ${r.line}\n${r.output}`);
        expect(bad).toEqual([]);
        // Following the text to the letter finishes the lab, except where the text asks the
        // learner to edit a file first.
        session.cluster.clock.advance(60_000);
        const passed = session.checks().filter((t) => t.passed).map((t) => t.id);
        expect(passed).toEqual(FINISHED_BY_TEXT[relative(PART, f)]);
      } finally {
        session.dispose();
      }
    }, 120_000);
  }
});
