/**
 * What the lesson-command tests of every part share: finding a part's lessons, the shell
 * lines of a lesson exactly as "Run in terminal" types them (src/components/sandbox/
 * commands.ts, heredocs kept as written), the lab a lesson names, and the output that
 * means a line was rejected as a command (as opposed to an error about cluster state,
 * which a lesson may show on purpose).
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { commandLines } from '../src/components/sandbox/commands';
import type { Shell } from '../src/shell';

export function lessonFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((n) => {
      const p = join(dir, n);
      return statSync(p).isDirectory() ? lessonFiles(p) : n.endsWith('.mdx') ? [p] : [];
    });
}

/** Every shell line of a lesson's ```shell (sh, bash, console) blocks, in order. */
export function shellLines(mdx: string): string[] {
  const fence = /^```(shell|sh|bash|console)\s*\n([\s\S]*?)^```/gm;
  return [...mdx.matchAll(fence)].flatMap((m) => commandLines(m[2]));
}

/** The lab a lesson's frontmatter names. */
export function labOf(mdx: string): string | undefined {
  return /^lab:\s*([a-z0-9-]+)\s*$/m.exec(mdx.split(/^---\s*$/m)[1] ?? '')?.[1];
}

/** Output that means the line itself is wrong, not the cluster state it asked about. */
export const REJECTED = [
  /command not found/i,
  /unknown command/i,
  /unknown (shorthand )?flag/i,
  /flag needs an argument/i,
  /invalid argument .* for .* flag/i,
  /See 'kubectl [^']*-h' for help/,
  /Run 'kubectl [^']*--help' for usage/,
  /only kubectl works/i,
  /internal error/i,
  /syntax error/i,
  /error parsing jsonpath/i,
  /the path "[^"]*" does not exist/,
];

/**
 * Feeds lines to a piped shell one by one, recording what each printed, with 20 s of cluster
 * time after each. A line that does not come back within 5 s of real time is reported as an
 * internal error and ends the run.
 */
export async function feedLines(shell: Shell, lines: string[], advance: (ms: number) => void): Promise<{ line: string; output: string }[]> {
  let output = '';
  const off = shell.onOutput((t) => (output += t));
  const results: { line: string; output: string }[] = [];
  try {
    for (const line of lines) {
      output = '';
      const hung = await Promise.race([shell.feed(line).then(() => false), new Promise<boolean>((r) => setTimeout(() => r(true), 5_000))]);
      results.push({ line, output: hung ? `${output}\ninternal error: the shell did not come back within 5 s` : output });
      if (hung) break;
      advance(20_000);
    }
  } finally {
    off();
  }
  return results;
}
