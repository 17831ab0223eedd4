/**
 * The learner's terminal session: one object owns line editing, history, Tab completion,
 * Ctrl+C and prompts, so the page's xterm and `kubelab shell` behave the same. Keystrokes
 * go in through `input`; text (with `\r\n` line ends for terminals) comes out through
 * `onOutput`. Commands that need more input (`exec -it`, `ssh`) read the following lines.
 */
import { createKubectl, type Kubectl } from '../kubectl';
import type { Client } from '../kubectl/types';
import type { NodeHost } from '../sim/node/host';
import { complete as completeLine } from './complete';
import { MemoryFs, type ShellFs } from './fs';
import { type Session, needsMore, runSource } from './interp';
import { type ShellHost, shellCommands } from './commands';

export interface ShellOptions {
  /** the cluster, through the request interface */
  client: Client;
  /** lets virtual time pass (the page: advance the clock and yield; the CLI: advance) */
  sleep?(ms: number): Promise<void>;
  /** the learner's files (default: an empty home folder /root) */
  fs?: ShellFs;
  /** `kubectl edit` and `vi`: resolves with the new text, or undefined if closed unsaved */
  edit?(text: string, fileName: string): Promise<string | undefined>;
  /** a node's own host, for `ssh NODE` */
  node?(name: string): NodeHost | undefined;
  /** a person is typing: prompts and echo (default true); false for piped input */
  interactive?: boolean;
  /** end lines with \r\n for terminals (default true) */
  crlf?: boolean;
  /** when nobody can press Ctrl+C: how long `-w`, `-f`, `watch` run, virtual ms (default 60 s) */
  streamLimitMs?: number;
  /** the prompt (default `$ `) */
  prompt?: string;
  /** a kubectl to share (default: a new one on `client`) */
  kubectl?: Kubectl;
  /**
   * Runs programs the shell itself lacks (curl, wget, nc, etcdctl …) on the learner's
   * machine — in a kubeadm lab that is the control-plane node. Code 127 = no such program.
   */
  hostRun?(argv: string[], stdin: string): { code: number; stdout: string; stderr: string } | undefined;
}

export type OutputStream = 'stdout' | 'stderr';

export interface Shell {
  /** raw keystrokes from a terminal */
  input(data: string): void;
  /** output text; the second argument says which stream it came from */
  onOutput(cb: (text: string, stream: OutputStream) => void): () => void;
  /** runs a command line (or a script of several lines) without echo; resolves with the last exit status */
  runLine(line: string): Promise<number>;
  /** one line of input as if typed and Entered; resolves when the shell waits for input again */
  feed(line: string): Promise<void>;
  /** completion candidates for the text before `cursor` */
  complete(line: string, cursor: number): string[];
  /** prints the prompt (call once the terminal is ready) */
  start(): void;
  /** a command is running */
  busy(): boolean;
  readonly session: Session;
}

const CLEAR = '\x1b[H\x1b[2J\x1b[3J';

export function createShell(opts: ShellOptions): Shell {
  const interactive = opts.interactive ?? true;
  const crlf = opts.crlf ?? true;
  const kubectl = opts.kubectl ?? createKubectl(opts.client);
  const listeners = new Set<(t: string, s: OutputStream) => void>();
  const emit = (text: string, stream: OutputStream = 'stdout') => {
    if (!text) return;
    const t = crlf ? text.replace(/\r?\n/g, '\r\n') : text;
    for (const l of listeners) l(t, stream);
  };
  const promptText = opts.prompt ?? '$ ';
  const history: string[] = [];
  let histIdx = 0;
  let line = '';
  let cursor = 0;
  let running = false;
  let cancelFlag = false;
  let buffered = ''; // lines of an incomplete command (heredoc, open quote)
  let currentPrompt = promptText;
  let lineWaiter: ((l: string | null) => void) | undefined;
  const typeahead: string[] = [];
  const quiet: (() => void)[] = [];
  let lastTab = '';

  const notifyQuiet = () => {
    if (!running || lineWaiter) while (quiet.length) quiet.shift()!();
  };

  const host: ShellHost = {
    kubectl,
    now: () => opts.client.now(),
    sleep: opts.sleep ?? (async () => undefined),
    cancelled: () => cancelFlag,
    interactive,
    streamLimitMs: opts.streamLimitMs ?? 60_000,
    readLine(prompt: string) {
      return new Promise<string | null>((resolve) => {
        if (typeahead.length) {
          resolve(typeahead.shift()!);
          return;
        }
        currentPrompt = prompt;
        if (interactive) emit(prompt);
        lineWaiter = (l) => {
          lineWaiter = undefined;
          resolve(l);
        };
        notifyQuiet();
      });
    },
    edit: opts.edit,
    node: opts.node,
    history: () => history.slice(),
    clear: () => emit(CLEAR),
  };

  const session: Session = {
    fs: opts.fs ?? new MemoryFs(),
    cwd: '/root',
    home: '/root',
    vars: new Map([
      ['HOME', '/root'],
      ['USER', 'root'],
      ['SHELL', '/bin/bash'],
      ['HOSTNAME', 'controlplane'],
      ['PATH', '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'],
    ]),
    exported: new Set(['HOME', 'USER', 'SHELL', 'PATH']),
    lastCode: 0,
    commands: {},
    cancelled: () => cancelFlag,
    now: () => opts.client.now(),
    fallback: opts.hostRun,
  };
  session.commands = shellCommands(host);

  const sink = { out: (s: string) => emit(s, 'stdout'), err: (s: string) => emit(s, 'stderr') };

  async function execute(src: string): Promise<number> {
    running = true;
    cancelFlag = false;
    try {
      await runSource(src, session, sink);
    } finally {
      running = false;
      session.exitRequested = undefined;
    }
    return session.lastCode;
  }

  function showPrompt(): void {
    currentPrompt = buffered ? '> ' : promptText;
    if (interactive) emit(currentPrompt);
  }

  /** One complete input line: to a waiting command, into the buffer, or run. */
  async function submit(l: string): Promise<void> {
    if (lineWaiter) {
      lineWaiter(l);
      return;
    }
    if (running) {
      typeahead.push(l);
      return;
    }
    const src = buffered ? `${buffered}\n${l}` : l;
    if (needsMore(src)) {
      buffered = src;
      showPrompt();
      notifyQuiet();
      return;
    }
    buffered = '';
    if (src.trim()) {
      const h = src;
      if (history[history.length - 1] !== h) history.push(h);
    }
    histIdx = history.length;
    await execute(src);
    while (typeahead.length && !running) {
      const next = typeahead.shift()!;
      if (interactive) emit(next + '\n');
      await submitInner(next);
    }
    if (!running) {
      showPrompt();
      notifyQuiet();
    }
  }
  const submitInner = (l: string) => submit(l);

  function redraw(): void {
    emit(`\r\x1b[K${currentPrompt}${line}`);
    const back = line.length - cursor;
    if (back > 0) emit(`\x1b[${back}D`);
  }

  function enter(): void {
    const l = line;
    line = '';
    cursor = 0;
    lastTab = '';
    emit('\n');
    void submit(l);
  }

  function tab(): void {
    if (lineWaiter || running) return;
    const before = line.slice(0, cursor);
    const full = buffered ? `${buffered}\n${before}` : before;
    const cands = completeLine(full.split('\n').pop()!, cursor, kubectl, opts.client, session);
    if (!cands.length) return;
    const word = /[^\s]*$/.exec(before)![0];
    const prefixLen = word.includes('/') && !cands[0].includes('/') ? word.length - word.lastIndexOf('/') - 1 : word.includes('=') ? word.length - word.indexOf('=') - 1 : word.length;
    const common = cands.reduce((a, b) => {
      let i = 0;
      while (i < a.length && i < b.length && a[i] === b[i]) i++;
      return a.slice(0, i);
    });
    const add = common.slice(prefixLen) + (cands.length === 1 && !common.endsWith('/') ? ' ' : '');
    if (add) {
      line = line.slice(0, cursor) + add + line.slice(cursor);
      cursor += add.length;
      redraw();
      lastTab = '';
      return;
    }
    if (lastTab === line) {
      emit('\n' + cands.join('  ') + '\n');
      redraw();
    }
    lastTab = line;
  }

  function handleKey(k: string): void {
    if (k === '\x03') {
      if (running && !lineWaiter) {
        cancelFlag = true;
        emit('^C\n');
        return;
      }
      emit('^C\n');
      line = '';
      cursor = 0;
      if (lineWaiter) {
        emit(currentPrompt);
        return;
      }
      buffered = '';
      showPrompt();
      return;
    }
    if (running && !lineWaiter) return; // keystrokes while a command runs are dropped, as without a tty echo
    switch (k) {
      case '\r':
      case '\n':
        enter();
        return;
      case '\x7f':
      case '\b':
        if (cursor > 0) {
          line = line.slice(0, cursor - 1) + line.slice(cursor);
          cursor--;
          redraw();
        }
        return;
      case '\x04':
        if (line === '' && lineWaiter) {
          emit('\n');
          lineWaiter(null);
        }
        return;
      case '\t':
        tab();
        return;
      case '\x01':
        cursor = 0;
        redraw();
        return;
      case '\x05':
        cursor = line.length;
        redraw();
        return;
      case '\x15':
        line = line.slice(cursor);
        cursor = 0;
        redraw();
        return;
      case '\x0b':
        line = line.slice(0, cursor);
        redraw();
        return;
      case '\x17': {
        const m = /\S*\s*$/.exec(line.slice(0, cursor))!;
        line = line.slice(0, cursor - m[0].length) + line.slice(cursor);
        cursor -= m[0].length;
        redraw();
        return;
      }
      case '\x0c':
        emit(CLEAR);
        redraw();
        return;
      case '\x1b[A':
        if (lineWaiter || histIdx === 0) return;
        histIdx--;
        line = history[histIdx] ?? '';
        cursor = line.length;
        redraw();
        return;
      case '\x1b[B':
        if (lineWaiter) return;
        histIdx = Math.min(history.length, histIdx + 1);
        line = history[histIdx] ?? '';
        cursor = line.length;
        redraw();
        return;
      case '\x1b[C':
        if (cursor < line.length) {
          cursor++;
          emit('\x1b[C');
        }
        return;
      case '\x1b[D':
        if (cursor > 0) {
          cursor--;
          emit('\x1b[D');
        }
        return;
      case '\x1b[H':
      case '\x1b[1~':
        cursor = 0;
        redraw();
        return;
      case '\x1b[F':
      case '\x1b[4~':
        cursor = line.length;
        redraw();
        return;
      case '\x1b[3~':
        if (cursor < line.length) {
          line = line.slice(0, cursor) + line.slice(cursor + 1);
          redraw();
        }
        return;
    }
    if (k.startsWith('\x1b')) return;
    // printable text (also pasted text with newlines)
    for (const ch of k) {
      if (ch === '\r' || ch === '\n') {
        enter();
        continue;
      }
      if (ch < ' ') continue;
      line = line.slice(0, cursor) + ch + line.slice(cursor);
      cursor++;
      if (cursor === line.length) emit(ch);
      else redraw();
    }
  }

  return {
    session,
    input(data: string) {
      let i = 0;
      while (i < data.length) {
        const c = data[i];
        if (c === '\x1b') {
          const m = /^\x1b(\[[0-9;]*[A-Za-z~]|O[A-Za-z]|.)?/.exec(data.slice(i))!;
          let seq = m[0];
          if (seq.startsWith('\x1bO')) seq = '\x1b[' + seq.slice(2);
          handleKey(seq);
          i += m[0].length;
          continue;
        }
        if (c < ' ' || c === '\x7f') {
          handleKey(c === '\n' ? '\r' : c);
          i++;
          continue;
        }
        let j = i;
        while (j < data.length && data[j] >= ' ' && data[j] !== '\x7f' && data[j] !== '\x1b') j++;
        handleKey(data.slice(i, j));
        i = j;
      }
    },
    onOutput(cb) {
      listeners.add(cb);
      return () => listeners.delete(cb);
    },
    async runLine(src: string) {
      // line by line, as if typed: heredocs and `exec -it`/`ssh` sessions read the lines that follow
      for (const l of src.replace(/\n$/, '').split('\n')) {
        await new Promise<void>((resolve) => {
          quiet.push(resolve);
          void submit(l).then(notifyQuiet);
        });
      }
      return session.lastCode;
    },
    feed(l: string) {
      return new Promise<void>((resolve) => {
        quiet.push(resolve);
        void submit(l).then(notifyQuiet);
      });
    },
    complete(l: string, c: number) {
      return completeLine(l.slice(0, c), c, kubectl, opts.client, session);
    },
    start() {
      showPrompt();
    },
    busy: () => running,
  };
}
