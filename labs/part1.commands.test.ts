/**
 * "Every command in Part 1's lessons works as written": each ```shell block of
 * content/01-foundations is split into lines the way the page's "Run in terminal" does
 * (prompts and comments skipped, `\` continuations joined) and fed, in lesson order, to
 * the learner's shell (src/shell shellForCluster, as the page and `kubelab shell` build it,
 * piped: sleep on the virtual clock, `ssh NODE` into the node hosts, the lab's editor
 * files in the home folder) on a fresh cluster in the lesson's lab start state. Lines
 * that need a node's shell (`ssh node01`, then `systemctl …`, then `exit`) run there.
 *
 * A line fails the test when the shell or kubectl rejects it as a command: not found,
 * unknown command or flag, or a usage error. Errors about cluster state ("not found",
 * "already exists") are allowed: a lesson may show a command before the learner has made
 * what it looks at.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { feedLines, labOf, lessonFiles, REJECTED, shellLines } from './lesson-commands';
import { loadLabFromDir } from '../src/labs/loader';
import { Session } from '../src/worker/session';
import { engine } from '../src/worker/engine';
import { shellForCluster, type ShellFs } from '../src/shell';
import type { Cluster } from '../src/sim/cluster';

const PART = join(process.cwd(), 'content', '01-foundations');

/** Feeds each line to a piped (non-interactive) shell and records what it printed, letting 20 s of cluster time pass after each. */
async function runAll(session: Session, lines: string[]): Promise<{ line: string; output: string }[]> {
  const cluster = session.cluster as unknown as Cluster;
  // The page's and `kubelab shell`'s shell, on the session's files (the lab's editor tabs in /root).
  const shell = shellForCluster(cluster, { interactive: false, crlf: false, streamLimitMs: 10_000, fs: session.fs as ShellFs });
  return feedLines(shell, lines, (ms) => cluster.clock.advance(ms));
}

describe('Part 1 lesson commands', () => {
  const files = lessonFiles(PART);
  it('finds the four lessons and their shell blocks', () => {
    expect(files.map((f) => relative(PART, f))).toEqual([
      '01-containers-and-objects/01-containers.mdx',
      '01-containers-and-objects/02-objects.mdx',
      '02-how-it-works/03-control-plane.mdx',
      '02-how-it-works/04-pods-and-introspection.mdx',
    ]);
    for (const f of files) expect(shellLines(readFileSync(f, 'utf8')).length, relative(PART, f)).toBeGreaterThan(3);
  });

  it('splits blocks the way Run in terminal does', () => {
    const md = '```shell\n$ kubectl get pods\n# a comment\nkubectl get \\\n  nodes\n```\n```yaml\nkind: Pod\n```\n';
    expect(shellLines(md)).toEqual(['kubectl get pods', 'kubectl get   nodes']);
  });

  it('flags a command the shell does not know', async () => {
    const session = Session.start(engine);
    try {
      const [r] = await runAll(session, ['kubectl gett pods']);
      expect(REJECTED.some((re) => re.test(r.output)), r.output).toBe(true);
    } finally {
      session.dispose();
    }
  });

  for (const f of files) {
    const mdx = readFileSync(f, 'utf8');
    const id = labOf(mdx);
    it(`${relative(PART, f)}: every command runs as written (lab ${id})`, async () => {
      const lab = id ? await loadLabFromDir(id) : undefined;
      const session = Session.start(engine, lab);
      try {
        const results = await runAll(session, shellLines(mdx));
        // P1_TRANSCRIPT=dir writes what each lesson's commands printed, for reading the lessons against it
        if (process.env.P1_TRANSCRIPT)
          writeFileSync(join(process.env.P1_TRANSCRIPT, `${id}.txt`), results.map((r) => `$ ${r.line}\n${r.output}`).join('\n'));
        const bad = results.filter((r) => REJECTED.some((re) => re.test(r.output))).map((r) => `$ ${r.line}\n${r.output}`);
        expect(bad).toEqual([]);
      } finally {
        session.dispose();
      }
    }, 120_000);
  }
});
