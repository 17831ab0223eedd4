/**
 * The terminal's prompt before the sandbox is up. A terminal that opens while the worker is
 * still loading or booting the engine shows `$ ` at once and echoes what the learner types,
 * so typing overlaps the boot; every key still goes to the worker, which queues it. When
 * the worker's shell takes over it first sends `EARLY_PROMPT_ERASE` (back to the cursor
 * saved where this prompt began, wipe below), then its own prompt and its echo of the
 * queued keys: the screen ends up as if the shell had been there all along.
 */
import { EARLY_PROMPT_ERASE } from '../../worker/protocol';

/** the shell's prompt (src/shell/shell.ts, `prompt` default) */
const PROMPT = '$ ';
/** DECSC: save the cursor where the early prompt starts (EARLY_PROMPT_ERASE comes back to it) */
const SAVE = '\x1b7';
/** lines of echoed typeahead before echo stops (the saved cursor must not scroll away) */
const MAX_LINES = 4;

export { EARLY_PROMPT_ERASE };

export class EarlyPrompt {
  private col = 0;
  private lines = 0;
  /** echo stopped: a key whose effect only the shell knows (Tab, arrows, Ctrl+…) */
  private opaque = false;

  /** `write` puts text on the terminal; the prompt is written at once. */
  constructor(private readonly write: (s: string) => void) {
    write(SAVE + PROMPT);
  }

  /** Echoes typed data the way the shell's line editor would, as far as that is knowable. */
  input(data: string): void {
    if (this.opaque) return;
    let s = '';
    for (const ch of data) {
      if (ch >= ' ' && ch <= '~') {
        s += ch;
        this.col++;
      } else if (ch === '\x7f') {
        if (this.col > 0) {
          s += '\b \b';
          this.col--;
        }
      } else if (ch === '\r' && this.lines < MAX_LINES) {
        s += '\r\n';
        this.col = 0;
        this.lines++;
      } else {
        this.opaque = true;
        break;
      }
    }
    if (s) this.write(s);
  }

  /** A line sent by "Run in terminal": only the shell can show it right. */
  run(): void {
    this.opaque = true;
  }
}
