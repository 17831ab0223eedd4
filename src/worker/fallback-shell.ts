/**
 * A stand-in for src/shell while it is being written: line editing (typing, backspace,
 * Ctrl+C, history with ↑/↓) and `kubectl …` through the kubectl emulator. engine.ts
 * switches to the real shell in one line.
 */
import type { Cluster } from '../sim/cluster';
import { createKubectl } from '../kubectl';
import type { ShellLike } from './cluster-like';

const PROMPT = '\x1b[1;34m$\x1b[0m ';

/** Splits a command line into words, honouring single and double quotes. */
export function words(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quote: string | undefined;
  let has = false;
  for (const ch of line) {
    if (quote) {
      if (ch === quote) quote = undefined;
      else cur += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      has = true;
    } else if (/\s/.test(ch)) {
      if (cur || has) out.push(cur);
      cur = '';
      has = false;
    } else cur += ch;
  }
  if (cur || has) out.push(cur);
  return out;
}

export function createFallbackShell(cluster: Cluster, opts: { interactive?: boolean } = {}): ShellLike {
  const outs: ((d: string) => void)[] = [];
  const out = (d: string) => outs.forEach((f) => f(d));
  const term = (s: string) => out(s.replace(/\r?\n/g, '\r\n'));
  const kubectl = createKubectl({
    request: (r) => cluster.request(r),
    watch: (r, f) => cluster.watch(r, f),
    now: () => cluster.clock.now(),
    kinds: () => cluster.api.kinds.all(),
  });
  let line = '';
  let busy: Promise<void> = Promise.resolve();
  let cancelled = false;
  const history: string[] = [];
  let hist = 0;

  const run = async (l: string): Promise<void> => {
    const w = words(l.trim());
    if (!w.length) return;
    if (w[0] === 'kubectl' || w[0] === 'k') {
      cancelled = false;
      await kubectl.run(w.slice(1), {
        out: term,
        err: term,
        sleep: async (ms) => cluster.clock.advance(ms),
        cancelled: () => cancelled,
        interactive: false,
        streamLimitMs: 10_000,
      });
    } else if (w[0] === 'clear') out('\x1b[2J\x1b[H');
    else term(`${w[0]}: only kubectl works in this preview shell\n`);
  };

  const submit = (l: string) => {
    out('\r\n');
    if (l.trim()) history.push(l);
    hist = history.length;
    busy = busy.then(() => run(l)).then(() => out(PROMPT));
  };

  const replaceLine = (next: string) => {
    out('\b \b'.repeat(line.length));
    line = next;
    out(line);
  };

  return {
    input(data: string) {
      if (data === '\x1b[A' || data === '\x1b[B') {
        hist = Math.max(0, Math.min(history.length, hist + (data === '\x1b[A' ? -1 : 1)));
        return replaceLine(history[hist] ?? '');
      }
      for (const ch of data) {
        if (ch === '\r' || ch === '\n') {
          const l = line;
          line = '';
          submit(l);
        } else if (ch === '\x7f' || ch === '\b') {
          if (line) {
            line = line.slice(0, -1);
            out('\b \b');
          }
        } else if (ch === '\x03') {
          cancelled = true;
          out('^C\r\n' + PROMPT);
          line = '';
        } else if (ch >= ' ' && ch !== '\x1b') {
          line += ch;
          out(ch);
        }
      }
    },
    onOutput(cb) {
      outs.push(cb);
      if (outs.length === 1 && opts.interactive) queueMicrotask(() => out(PROMPT));
    },
    runLine(l: string) {
      busy = busy.then(() => run(l));
      return busy;
    },
  };
}
