/**
 * The headless lab runner behind `kubelab check`: builds a lab's start state, proves no
 * task passes yet, replays the solution (files applied as the editor's Apply does, then
 * the commands through the shell), lets virtual time run, and proves every task passes.
 */
import type { Lab } from './schema';
import { parseDuration } from './schema';
import { Session, type Engine } from '../worker/session';
import type { TaskStatus } from '../worker/protocol';

export interface LabReport {
  id: string;
  ok: boolean;
  /** one line per problem found; empty when ok */
  problems: string[];
  atStart: TaskStatus[];
  atEnd: TaskStatus[];
  /** what the solution's apply and commands printed */
  transcript: string;
}

export async function checkLab(lab: Lab, engine: Engine): Promise<LabReport> {
  const problems: string[] = [];
  let transcript = '';
  let session: Session;
  try {
    session = Session.start(engine, lab);
  } catch (e) {
    return { id: lab.id, ok: false, problems: [`the start state failed: ${(e as Error).message}`], atStart: [], atEnd: [], transcript };
  }
  const atStart = session.checks();
  for (const t of atStart) if (t.passed) problems.push(`task "${t.id}" already passes at the start: its check cannot tell the learner's work apart`);
  for (const f of lab.solution.files) {
    const r = await session.apply(f.content);
    transcript += `$ kubectl apply -f ${f.name}\n${r.output}\n`;
    if (!r.ok) problems.push(`the solution file ${f.name} failed to apply: ${r.output}`);
  }
  if (lab.solution.commands.length) transcript += await session.runLines(lab.solution.commands);
  // Advance in one-second steps so each step's timers see the effects of the previous one.
  const wait = parseDuration(lab.solution.wait);
  for (let t = 0; t < wait; t += 1000) session.cluster.clock.advance(Math.min(1000, wait - t));
  const atEnd = session.checks();
  for (const t of atEnd) if (!t.passed) problems.push(`task "${t.id}" does not pass after the solution${t.detail ? `: ${t.detail}` : ''}`);
  session.dispose();
  return { id: lab.id, ok: problems.length === 0, problems, atStart, atEnd, transcript };
}

export function formatReport(r: LabReport): string {
  if (r.ok) return `ok   ${r.id} (${r.atEnd.length} task${r.atEnd.length === 1 ? '' : 's'})`;
  return [`FAIL ${r.id}`, ...r.problems.map((p) => `     - ${p}`)].join('\n');
}
