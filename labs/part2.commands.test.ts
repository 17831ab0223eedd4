/**
 * "Every command in Part 2's lessons works as written": each ```shell block of
 * content/02-workloads is split into lines the way the page's "Run in terminal" does
 * (prompts and comments skipped, `\` continuations joined) and run, in lesson order, on a
 * fresh cluster in the lesson's lab start state, through the same shell the sandbox and
 * `kubelab check` use (src/worker/engine.ts `engine.shell`). A line fails the test when
 * the shell or kubectl rejects it as a command: not found, unknown command or flag, or a
 * usage error. Errors about cluster state ("not found", "no resources") are allowed:
 * a lesson may show a command before the learner has applied what it looks at.
 * A second pass applies the lab's solution files first and then demands exit status 0
 * from every line: with the lesson's objects in place, nothing it tells the learner to
 * type may fail.
 */
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { labOf, lessonFiles, REJECTED, shellLines } from './lesson-commands';
import { loadLabFromDir } from '../src/labs/loader';
import { Session } from '../src/worker/session';
import { engine } from '../src/worker/engine';

const PART = join(process.cwd(), 'content', '02-workloads');

async function runAll(session: Session, lines: string[]): Promise<{ line: string; output: string }[]> {
  const results: { line: string; output: string }[] = [];
  for (const line of lines) {
    results.push({ line, output: await session.runLines([line]) });
    session.cluster.clock.advance(20_000);
  }
  return results;
}

/** Runs lines through the session's shell, 20 s of virtual time apart, keeping each exit code. */
async function exitCodes(session: Session, lines: string[]): Promise<{ line: string; code: number; output: string }[]> {
  const sh = engine.shell(session.cluster, { interactive: false, fs: session.fs });
  let output = '';
  sh.onOutput((d) => (output += d));
  const out: { line: string; code: number; output: string }[] = [];
  for (const line of lines) {
    output = '';
    const code = await sh.runLine(line);
    out.push({ line, code: typeof code === 'number' ? code : -1, output });
    session.cluster.clock.advance(20_000);
  }
  return out;
}

describe('Part 2 lesson commands', () => {
  const files = lessonFiles(PART);
  it('finds the five lessons and their shell blocks', () => {
    expect(files.length).toBe(5);
    for (const f of files) expect(shellLines(readFileSync(f, 'utf8')).length, relative(PART, f)).toBeGreaterThan(3);
  });

  it('splits blocks the way Run in terminal does', () => {
    const md = '```shell\n$ kubectl get pods\n# a comment\nkubectl get \\\n  nodes\n```\n```yaml\nkind: Pod\n```\n';
    expect(shellLines(md)).toEqual(['kubectl get pods', 'kubectl get   nodes']);
  });

  it('sees a failing command as failing', async () => {
    const session = Session.start(engine);
    try {
      const [r] = await exitCodes(session, ['kubectl get nosuchkind']);
      expect(r.code).toBe(1);
      expect(r.output).toContain(`the server doesn't have a resource type "nosuchkind"`);
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
        const bad = results.filter((r) => REJECTED.some((re) => re.test(r.output))).map((r) => `$ ${r.line}\n${r.output}`);
        expect(bad).toEqual([]);
      } finally {
        session.dispose();
      }
    }, 120_000);

    it(`${relative(PART, f)}: with the lab solved, every command succeeds`, async () => {
      const lab = id ? await loadLabFromDir(id) : undefined;
      const session = Session.start(engine, lab);
      try {
        for (const file of lab?.solution.files ?? []) {
          session.writeFile(file.name, file.content);
          expect((await session.apply(file.content)).ok, file.name).toBe(true);
        }
        session.cluster.clock.advance(120_000);
        const results = await exitCodes(session, shellLines(mdx));
        const failed = results.filter((r) => r.code !== 0).map((r) => `$ ${r.line}  (exit ${r.code})\n${r.output}`);
        expect(failed).toEqual([]);
      } finally {
        session.dispose();
      }
    }, 120_000);
  }
});
