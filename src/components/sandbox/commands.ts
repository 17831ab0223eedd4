/** Command lines of a shell code block: prompts (`$ `) stripped, comments and blank lines dropped, `\` continuations joined. */
export function commandLines(block: string): string[] {
  const out: string[] = [];
  let pending = '';
  for (const raw of block.split('\n')) {
    let line = raw.replace(/^\s*\$\s?/, '');
    if (!pending && (/^\s*#/.test(line) || !line.trim())) continue;
    if (line.endsWith('\\')) {
      pending += line.slice(0, -1);
      continue;
    }
    line = pending + line;
    pending = '';
    out.push(line.trim());
  }
  if (pending.trim()) out.push(pending.trim());
  return out;
}
