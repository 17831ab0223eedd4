/**
 * Command lines of a shell code block: prompts (`$ `) stripped, comments and blank lines
 * dropped, `\` continuations joined — except inside a heredoc (`<<EOF` … `EOF`), whose
 * lines go to the shell exactly as written (YAML keeps its indentation and blank lines).
 */
export function commandLines(block: string): string[] {
  const out: string[] = [];
  let pending = '';
  let heredocEnd: string | undefined;
  for (const raw of block.split('\n')) {
    if (heredocEnd !== undefined) {
      out.push(raw);
      if (raw.trim() === heredocEnd) heredocEnd = undefined;
      continue;
    }
    let line = raw.replace(/^\s*\$\s?/, '');
    if (!pending && (/^\s*#/.test(line) || !line.trim())) continue;
    if (line.endsWith('\\')) {
      pending += line.slice(0, -1);
      continue;
    }
    line = (pending + line).trim();
    pending = '';
    out.push(line);
    const doc = /<<-?\s*['"]?(\w+)['"]?/.exec(line);
    if (doc) heredocEnd = doc[1];
  }
  if (pending.trim()) out.push(pending.trim());
  return out;
}
