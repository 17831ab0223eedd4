/**
 * <kl-terminal>: an xterm.js terminal piped to a shell in the sandbox worker. The shell
 * owns line editing; this only forwards keystrokes and writes what comes back.
 * Esc leaves the terminal (xterm keeps Tab for completion), Ctrl+Shift+C/V copy and paste.
 */
import '@xterm/xterm/css/xterm.css';
import { Terminal, type ITheme } from '@xterm/xterm';
import { FitAddon } from '@xterm/addon-fit';
import { connectFrom } from './client';
import { EarlyPrompt } from './early-prompt';

let count = 0;

function theme(): ITheme {
  const css = getComputedStyle(document.documentElement);
  const v = (n: string) => css.getPropertyValue(n).trim();
  const dark = document.documentElement.dataset.theme === 'dark';
  return {
    background: v('--bg-sunken'),
    foreground: v('--fg'),
    cursor: v('--accent'),
    selectionBackground: dark ? '#3a4a66' : '#bcd3f5',
    blue: dark ? '#7fb0ff' : '#1f5fbf',
    brightBlue: dark ? '#a6c8ff' : '#1f5fbf',
    green: dark ? '#7fd494' : '#1d7a3a',
    red: dark ? '#ff8a80' : '#b3261e',
    yellow: dark ? '#f0c060' : '#8a5a00',
    brightBlack: dark ? '#8b9096' : '#6b6f73',
  };
}

class KlTerminal extends HTMLElement {
  private term?: Terminal;

  connectedCallback(): void {
    if (this.term) return;
    const client = connectFrom(this);
    const id = this.dataset.term || `term-${++count}`;
    const host = this.querySelector<HTMLElement>('.term-host')!;
    const term = new Terminal({
      convertEol: false,
      cursorBlink: false,
      fontFamily: getComputedStyle(document.documentElement).getPropertyValue('--mono'),
      fontSize: 13,
      scrollback: 2000,
      theme: theme(),
    });
    this.term = term;
    const fit = new FitAddon();
    term.loadAddon(fit);
    term.open(host);
    const textarea = host.querySelector('textarea');
    textarea?.setAttribute('aria-label', 'Terminal: type kubectl commands, press Escape to leave');
    const refit = () => {
      if (host.offsetWidth > 0 && host.offsetHeight > 0) {
        fit.fit();
        client.post({ type: 'resize', term: id, cols: term.cols, rows: term.rows });
      }
    };
    new ResizeObserver(refit).observe(host);
    refit();

    term.attachCustomKeyEventHandler((e) => {
      if (e.type !== 'keydown') return true;
      if (e.key === 'Escape') {
        // Leave the terminal so keyboard users are never trapped (xterm keeps Tab).
        (this.querySelector<HTMLElement>('.term-leave') ?? this).focus();
        return false;
      }
      const mod = e.ctrlKey || e.metaKey;
      if (mod && e.shiftKey && e.key.toLowerCase() === 'c') {
        if (term.hasSelection()) void navigator.clipboard?.writeText(term.getSelection());
        return false;
      }
      if (mod && e.key.toLowerCase() === 'c' && term.hasSelection() && !e.shiftKey) {
        void navigator.clipboard?.writeText(term.getSelection());
        term.clearSelection();
        return false;
      }
      // Let the browser raise a paste event, which xterm turns into input.
      if (mod && e.key.toLowerCase() === 'v') return false;
      return true;
    });
    // While the worker still loads or boots the engine: a prompt and echo of our own (./early-prompt),
    // until the shell's first output for this terminal.
    let early = client.isReady() ? undefined : new EarlyPrompt((text) => term.write(text));
    term.onData((data) => {
      early?.input(data);
      client.post({ type: 'input', term: id, data });
    });
    client.on('output', (m) => {
      if (m.term !== id) return;
      early = undefined;
      term.write(m.data);
    });
    client.post({ type: 'open-terminal', term: id, early: !!early });
    performance.mark('kubelab:terminal-open'); // bench/page.ts reports it
    window.addEventListener('kubelab:theme', () => (term.options.theme = theme()));

    // "Run in terminal" on code blocks goes to the first terminal of the page.
    if (document.querySelector('kl-terminal') === this) {
      window.addEventListener('kubelab:run', (e) => {
        const lines = (e as CustomEvent<{ lines: string[] }>).detail.lines;
        this.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
        early?.run();
        for (const line of lines) client.post({ type: 'run', term: id, line });
        term.focus();
      });
    }
  }
}

if (!customElements.get('kl-terminal')) customElements.define('kl-terminal', KlTerminal);
