/**
 * <kl-lab>: the lab's tasks with live check status, hints one at a time, the solution
 * beside the learner's files (never replacing them), and reset. Progress is saved per lesson.
 */
import { connectFrom } from './client';
import { readProgress, updateLesson } from './progress';
import { commandLines } from './commands';
import type { LabInfo, TaskStatus } from '../../worker/protocol';

class KlLab extends HTMLElement {
  private started = false;
  private lab?: LabInfo;
  private lesson = '';
  private passed = new Set<string>();

  connectedCallback(): void {
    if (this.started) return;
    this.started = true;
    const client = connectFrom(this);
    this.lesson = client.lesson;
    const notice = this.querySelector<HTMLElement>('.lab-notice')!;
    client.on('ready', (m) => {
      this.lab = m.lab;
      this.querySelector('.lab-title')!.textContent = m.lab ? `Lab: ${m.lab.title}` : 'Sandbox';
      if (m.notice) {
        notice.textContent = m.notice;
        notice.hidden = false;
      }
      this.renderHints();
      this.renderSolution();
    });
    client.on('error', (m) => {
      notice.textContent = m.message;
      notice.hidden = false;
    });
    client.on('checks', (m) => this.renderTasks(m.tasks));
    this.querySelector('.hint-next')!.addEventListener('click', () => {
      updateLesson(this.lesson, (l) => ({ ...l, hints: Math.min(l.hints + 1, this.lab?.hints.length ?? 0) }));
      this.renderHints(true);
    });
    const solBtn = this.querySelector<HTMLButtonElement>('.solution-toggle')!;
    solBtn.addEventListener('click', () => {
      const open = solBtn.getAttribute('aria-expanded') !== 'true';
      solBtn.setAttribute('aria-expanded', String(open));
      this.querySelector<HTMLElement>('.solution')!.hidden = !open;
      if (open) this.renderSolution();
    });
    this.querySelector('.reset')!.addEventListener('click', () => {
      if (!confirm('Reset the lab? The cluster goes back to its start. Your files in the editor stay as they are.')) return;
      client.post({ type: 'reset' });
      notice.textContent = 'The lab was reset to its start.';
      notice.hidden = false;
    });
  }

  private renderTasks(tasks: TaskStatus[]): void {
    const list = this.querySelector<HTMLElement>('.tasks')!;
    const live = this.querySelector<HTMLElement>('.lab-live')!;
    const newly = tasks.filter((t) => t.passed && !this.passed.has(t.id));
    this.passed = new Set(tasks.filter((t) => t.passed).map((t) => t.id));
    list.replaceChildren(
      ...tasks.map((t) => {
        const li = document.createElement('li');
        li.className = t.passed ? 'done' : 'todo';
        li.dataset.task = t.id;
        const mark = document.createElement('span');
        mark.className = 'mark';
        mark.setAttribute('aria-hidden', 'true');
        mark.textContent = t.passed ? '✓' : '○';
        const title = document.createElement('span');
        title.className = 'title';
        title.textContent = t.title;
        const state = document.createElement('span');
        state.className = 'sr-only';
        state.textContent = t.passed ? ' (done)' : ' (not done yet)';
        li.append(mark, title, state);
        if (!t.passed && t.detail) {
          const d = document.createElement('span');
          d.className = 'detail';
          d.textContent = t.detail;
          li.append(d);
        }
        return li;
      }),
    );
    const all = tasks.length > 0 && tasks.every((t) => t.passed);
    this.querySelector<HTMLElement>('.all-done')!.hidden = !all;
    if (newly.length) live.textContent = all ? 'All tasks done. Well done!' : newly.map((t) => `Done: ${t.title}`).join('. ');
    updateLesson(this.lesson, (l) => ({ ...l, total: tasks.length, done: [...new Set([...l.done, ...this.passed])].filter((id) => tasks.some((t) => t.id === id)) }));
  }

  private renderHints(focusLast = false): void {
    const hints = this.lab?.hints ?? [];
    const shown = Math.min(readProgress().lessons[this.lesson]?.hints ?? 0, hints.length);
    const list = this.querySelector<HTMLElement>('.hints')!;
    list.replaceChildren(
      ...hints.slice(0, shown).map((h) => {
        const li = document.createElement('li');
        li.textContent = h;
        li.tabIndex = -1;
        return li;
      }),
    );
    const btn = this.querySelector<HTMLButtonElement>('.hint-next')!;
    btn.hidden = hints.length === 0 || shown >= hints.length;
    btn.textContent = shown === 0 ? `Show a hint (${hints.length})` : `Show another hint (${hints.length - shown} left)`;
    if (focusLast) (list.lastElementChild as HTMLElement | null)?.focus();
  }

  private renderSolution(): void {
    const box = this.querySelector<HTMLElement>('.solution')!;
    if (box.hidden || !this.lab) return;
    const saved = (() => {
      try {
        return JSON.parse(localStorage.getItem(`kubelab:files:v1:${this.lesson}`) ?? '{}') as Record<string, string>;
      } catch {
        return {};
      }
    })();
    const parts: HTMLElement[] = [];
    for (const f of this.lab.solution.files) {
      const mine = saved[f.name] ?? this.lab.files.find((x) => x.name === f.name)?.content;
      const grid = document.createElement('div');
      grid.className = 'side-by-side';
      for (const [label, text] of [
        [`Your ${f.name}`, mine ?? '(no such file yet)'],
        [`Solution ${f.name}`, f.content],
      ]) {
        const fig = document.createElement('figure');
        const cap = document.createElement('figcaption');
        cap.textContent = label;
        const pre = document.createElement('pre');
        pre.tabIndex = 0;
        pre.textContent = text;
        fig.append(cap, pre);
        grid.append(fig);
      }
      parts.push(grid);
    }
    if (this.lab.solution.commands.length) {
      const fig = document.createElement('figure');
      const cap = document.createElement('figcaption');
      cap.textContent = 'Commands';
      const pre = document.createElement('pre');
      pre.tabIndex = 0;
      pre.textContent = this.lab.solution.commands.join('\n');
      const run = document.createElement('button');
      run.type = 'button';
      run.className = 'btn';
      run.textContent = 'Run in terminal';
      run.addEventListener('click', () =>
        window.dispatchEvent(new CustomEvent('kubelab:run', { detail: { lines: commandLines(this.lab!.solution.commands.join('\n')) } })),
      );
      fig.append(cap, pre, run);
      parts.push(fig);
    }
    box.replaceChildren(...parts);
  }
}

if (!customElements.get('kl-lab')) customElements.define('kl-lab', KlLab);
