import { describe, expect, it } from 'vitest';
import { EarlyPrompt, EARLY_PROMPT_ERASE } from './early-prompt';

function early() {
  let screen = '';
  const p = new EarlyPrompt((s) => (screen += s));
  return { p, text: () => screen };
}

describe('early prompt', () => {
  it('saves the cursor, then shows the shell prompt at once', () => {
    const { text } = early();
    expect(text()).toBe('\x1b7$ ');
    // the worker's hand-over goes back to that very cursor and wipes what follows
    expect(EARLY_PROMPT_ERASE).toBe('\x1b8\x1b[J');
  });

  it('echoes typed and pasted text, backspace and Enter as the line editor would', () => {
    const { p, text } = early();
    p.input('kubectl get nodx');
    p.input('\x7f');
    p.input('es\r');
    p.input('k');
    expect(text()).toBe('\x1b7$ kubectl get nodx\b \bes\r\nk');
  });

  it('does not backspace over the prompt', () => {
    const { p, text } = early();
    p.input('\x7f\x7fa\x7f\x7f');
    expect(text()).toBe('\x1b7$ a\b \b');
  });

  it('stops echoing at a key only the shell can interpret (Tab, arrows), and after Run in terminal', () => {
    const a = early();
    a.p.input('kubectl ge\t');
    a.p.input('t pods');
    expect(a.text()).toBe('\x1b7$ kubectl ge');
    const b = early();
    b.p.input('ls\x1b[A');
    expect(b.text()).toBe('\x1b7$ ls');
    const c = early();
    c.p.run();
    c.p.input('x');
    expect(c.text()).toBe('\x1b7$ ');
  });

  it('stops echoing Enter after a few lines, so the saved cursor stays on screen', () => {
    const { p, text } = early();
    p.input('a\rb\rc\rd\re\rf');
    expect(text()).toBe('\x1b7$ a\r\nb\r\nc\r\nd\r\ne');
  });
});
