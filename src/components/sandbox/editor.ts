/**
 * <kl-editor>: the lab's YAML files as tabs, with Apply (= kubectl apply -f -) through the
 * sandbox worker. Until the learner focuses or opens it, the file shows as plain text and
 * Monaco is not loaded at all. The learner's text is kept per lesson in localStorage.
 */
import type * as Monaco from 'monaco-editor';
import { connectFrom, type SandboxClient } from './client';
import type { ApplyMarker } from '../../worker/protocol';

const FILES_KEY = (lesson: string) => `kubelab:files:v1:${lesson}`;

function loadFiles(lesson: string): Record<string, string> {
  try {
    const x = JSON.parse(localStorage.getItem(FILES_KEY(lesson)) ?? '{}');
    return x && typeof x === 'object' && !Array.isArray(x) ? x : {};
  } catch {
    return {};
  }
}

class KlEditor extends HTMLElement {
  private client!: SandboxClient;
  /** `edit` set: a temporary tab opened by `kubectl edit` / `vi`, answered on save or cancel */
  private files: { name: string; content: string; edit?: number }[] = [];
  private current = 0;
  private saved: Record<string, string> = {};
  private monaco?: typeof Monaco;
  private editor?: Monaco.editor.IStandaloneCodeEditor;
  private models = new Map<string, Monaco.editor.ITextModel>();
  private loading?: Promise<void>;
  private lesson = '';

  connectedCallback(): void {
    if (this.client) return;
    this.client = connectFrom(this);
    this.lesson = this.client.lesson;
    this.saved = loadFiles(this.lesson);
    this.client.on('ready', (m) => {
      const files = m.lab?.files.length ? m.lab.files : [{ name: 'scratch.yaml', content: '' }];
      this.files = files.map((f) => ({ name: f.name, content: this.saved[f.name] ?? f.content }));
      this.renderTabs();
      this.show(0);
      // The terminal's `kubectl apply -f NAME` reads the learner's version of each file.
      for (const f of this.files) this.client.post({ type: 'file', name: f.name, content: f.content });
    });
    const host = this.querySelector<HTMLElement>('.editor-host')!;
    host.addEventListener('focusin', () => void this.load(true));
    host.addEventListener('click', () => void this.load(true));
    this.querySelector('.apply')!.addEventListener('click', () => void this.apply());
    this.querySelector('.cancel-edit')!.addEventListener('click', () => this.finishEdit(false));
    this.client.on('edit', (m) => void this.openEdit(m.req, m.text, m.fileName));
    this.addEventListener('keydown', (e) => {
      if ((e.ctrlKey || e.metaKey) && e.key === 'Enter') {
        e.preventDefault();
        void this.apply();
      }
    });
    window.addEventListener('kubelab:theme', () => this.monaco?.editor.setTheme(this.monacoTheme()));
  }

  private monacoTheme(): string {
    return document.documentElement.dataset.theme === 'dark' ? 'vs-dark' : 'vs';
  }

  private text(i = this.current): string {
    const f = this.files[i];
    if (!f) return '';
    return this.models.get(f.name)?.getValue() ?? f.content;
  }

  private persist(): void {
    for (let i = 0; i < this.files.length; i++) if (this.files[i].edit === undefined) this.saved[this.files[i].name] = this.text(i);
    try {
      localStorage.setItem(FILES_KEY(this.lesson), JSON.stringify(this.saved));
    } catch {
      /* storage full or disabled */
    }
  }

  private renderTabs(): void {
    const list = this.querySelector<HTMLElement>('.tabs')!;
    list.replaceChildren(
      ...this.files.map((f, i) => {
        const b = document.createElement('button');
        b.type = 'button';
        b.role = 'tab';
        b.className = 'tab';
        b.id = `${this.id || 'editor'}-tab-${i}`;
        b.textContent = f.name;
        b.setAttribute('aria-controls', `${this.id || 'editor'}-panel`);
        b.addEventListener('click', () => this.show(i));
        b.addEventListener('keydown', (e) => {
          const d = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
          if (!d) return;
          const n = (i + d + this.files.length) % this.files.length;
          this.show(n);
          (list.children[n] as HTMLElement).focus();
        });
        return b;
      }),
    );
  }

  private show(i: number): void {
    this.current = i;
    const tabs = this.querySelectorAll<HTMLElement>('.tabs .tab');
    tabs.forEach((t, j) => {
      t.setAttribute('aria-selected', String(i === j));
      t.tabIndex = i === j ? 0 : -1;
    });
    const panel = this.querySelector<HTMLElement>('.editor-host')!;
    panel.setAttribute('aria-labelledby', tabs[i]?.id ?? '');
    const f = this.files[i];
    if (!f) return;
    const editing = f.edit !== undefined;
    this.querySelector<HTMLElement>('.apply')!.textContent = editing ? 'Save and close' : 'Apply';
    this.querySelector<HTMLElement>('.cancel-edit')!.hidden = !editing;
    if (this.editor && this.monaco) {
      this.editor.setModel(this.model(f.name, f.content));
    } else {
      this.querySelector<HTMLElement>('.preview code')!.textContent = f.content;
    }
  }

  private model(name: string, content: string): Monaco.editor.ITextModel {
    let m = this.models.get(name);
    if (!m) {
      const uri = this.monaco!.Uri.parse(`file:///${this.lesson}/${name}`);
      m = this.monaco!.editor.getModel(uri) ?? this.monaco!.editor.createModel(content, 'yaml', uri);
      let timer: ReturnType<typeof setTimeout> | undefined;
      m.onDidChangeContent(() => {
        this.monaco!.editor.setModelMarkers(m!, 'kubelab-apply', []);
        clearTimeout(timer);
        timer = setTimeout(() => {
          if (m!.isDisposed()) return;
          this.persist();
          if (this.files.find((f) => f.name === name)?.edit === undefined) this.client.post({ type: 'file', name, content: m!.getValue() });
        }, 300);
      });
      this.models.set(name, m);
    }
    return m;
  }

  /** Loads Monaco (once) and puts the editor where the plain preview was. */
  load(focus = false): Promise<void> {
    this.loading ??= (async () => {
      const status = this.querySelector<HTMLElement>('.editor-status')!;
      status.textContent = 'Loading the editor…';
      const { monaco } = await import('./monaco-setup');
      this.monaco = monaco;
      const host = this.querySelector<HTMLElement>('.editor-host')!;
      const preview = host.querySelector<HTMLElement>('.preview');
      // Keep the learner's unsaved preview text (none: preview is read-only) and swap in Monaco.
      for (let i = 0; i < this.files.length; i++) this.model(this.files[i].name, this.files[i].content);
      preview?.remove();
      const mount = document.createElement('div');
      mount.className = 'monaco-mount';
      host.append(mount);
      this.editor = monaco.editor.create(mount, {
        model: this.model(this.files[this.current]?.name ?? 'scratch.yaml', this.files[this.current]?.content ?? ''),
        automaticLayout: true,
        minimap: { enabled: false },
        scrollBeyondLastLine: false,
        fontSize: 13,
        tabSize: 2,
        theme: this.monacoTheme(),
        ariaLabel: 'YAML editor. Press Escape to leave, Control+Enter to apply.',
        fixedOverflowWidgets: true,
        renderFinalNewline: 'on', // the dimmed final line number fails WCAG contrast
      });
      // Esc leaves the editor (no focus trap) unless a widget wants it first.
      this.editor.addCommand(
        monaco.KeyCode.Escape,
        () => this.querySelector<HTMLElement>('.apply')?.focus(),
        '!suggestWidgetVisible && !findWidgetVisible && !parameterHintsVisible && !renameInputVisible',
      );
      this.editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter, () => void this.apply());
      status.textContent = '';
      this.dataset.loaded = 'true';
    })();
    return this.loading.then(() => {
      if (focus) this.editor?.focus();
    });
  }

  /** Opens a `kubectl edit` buffer as a tab and focuses it. */
  private async openEdit(req: number, text: string, fileName: string): Promise<void> {
    // Ends in .yaml so the Kubernetes schema applies to the buffer too.
    const base = fileName.replace(/^.*\//, '').replace(/\.ya?ml$/, '');
    this.files.push({ name: `${base}.edit-${req}.yaml`, content: text, edit: req });
    this.renderTabs();
    this.show(this.files.length - 1);
    this.scrollIntoView({ block: 'nearest' });
    await this.load(true);
    this.show(this.files.length - 1);
  }

  /** Answers the shell waiting on the current edit tab, and closes the tab. */
  private finishEdit(save: boolean): void {
    const i = this.current;
    const f = this.files[i];
    if (f?.edit === undefined) return;
    this.client.post({ type: 'edited', req: f.edit, text: save ? this.text(i) : undefined });
    const model = this.models.get(f.name);
    this.models.delete(f.name);
    this.files.splice(i, 1);
    this.renderTabs();
    this.show(0); // move the editor off the model before disposing it
    model?.dispose();
    document.querySelector<HTMLElement>('kl-terminal .term-host textarea')?.focus();
  }

  private async apply(): Promise<void> {
    const f = this.files[this.current];
    if (!f) return;
    if (f.edit !== undefined) return this.finishEdit(true);
    const btn = this.querySelector<HTMLButtonElement>('.apply')!;
    const out = this.querySelector<HTMLElement>('.apply-output')!;
    btn.disabled = true;
    const { result } = await this.client.request({ type: 'apply', text: this.text(), file: f.name }, 'applied');
    btn.disabled = false;
    this.persist();
    out.textContent = result.output;
    out.className = `apply-output ${result.ok ? 'ok' : 'bad'}`;
    this.setMarkers(f.name, result.markers);
  }

  private setMarkers(name: string, markers: ApplyMarker[]): void {
    const m = this.models.get(name);
    if (!m || !this.monaco) return;
    this.monaco.editor.setModelMarkers(
      m,
      'kubelab-apply',
      markers.map((k) => ({
        severity: this.monaco!.MarkerSeverity.Error,
        message: k.message,
        startLineNumber: k.line,
        startColumn: k.column,
        endLineNumber: k.endLine,
        endColumn: k.endColumn,
        source: 'kubectl apply',
      })),
    );
  }
}

if (!customElements.get('kl-editor')) customElements.define('kl-editor', KlEditor);
