/**
 * Go's text/tabwriter (the elastic tabstops kubectl's printers use): cells are
 * tab-terminated, a column's width is fixed per block of consecutive lines that have that
 * column, the last cell of a line is never padded. kubectl tables use minwidth 6,
 * padding 3; describe uses minwidth 0, padding 2.
 */
export class TabWriter {
  private buf = '';
  /** liggitt/tabwriter's RememberWidths, used by `get -w`: columns never shrink across flushes */
  private remembered: number[] | undefined;

  constructor(
    private readonly minwidth = 6,
    private readonly padding = 3,
    rememberWidths = false,
  ) {
    if (rememberWidths) this.remembered = [];
  }

  write(text: string): void {
    this.buf += text;
  }

  /** Lays out everything written so far and returns it. */
  flush(): string {
    const text = this.buf;
    this.buf = '';
    const rawLines = text.split('\n');
    const trailingNewline = text.endsWith('\n');
    if (trailingNewline) rawLines.pop();
    const lines = rawLines.map((l) => l.split('\t'));
    const out: string[] = new Array(lines.length).fill('');
    const widths: number[] = [];
    const writeLines = (line0: number, line1: number) => {
      for (let i = line0; i < line1; i++) {
        const cells = lines[i];
        let s = '';
        for (let j = 0; j < cells.length; j++) {
          const c = cells[j];
          if (j < widths.length && j < cells.length - 1) s += c + ' '.repeat(Math.max(0, widths[j] - width(c)));
          else s += c;
        }
        out[i] = s;
      }
    };
    const format = (line0: number, line1: number): void => {
      const column = widths.length;
      for (let t = line0; t < line1; t++) {
        if (column >= lines[t].length - 1) continue;
        writeLines(line0, t);
        line0 = t;
        let w = this.minwidth;
        for (; t < line1; t++) {
          const line = lines[t];
          if (column >= line.length - 1) break;
          w = Math.max(w, width(line[column]) + this.padding);
        }
        if (this.remembered) {
          w = Math.max(w, this.remembered[column] ?? 0);
          this.remembered[column] = w;
        }
        widths.push(w);
        format(line0, t);
        widths.pop();
        line0 = t;
        t--; // the for-loop's t++ must look at the line that ended the block
      }
      writeLines(line0, line1);
    };
    format(0, lines.length);
    return out.join('\n') + (trailingNewline ? '\n' : '');
  }
}

/** Display width: code points (kubectl output is ASCII in practice). */
function width(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

export function tabulate(rows: string[][], minwidth = 6, padding = 3): string {
  const w = new TabWriter(minwidth, padding);
  for (const r of rows) w.write(r.join('\t') + '\n');
  return w.flush();
}
