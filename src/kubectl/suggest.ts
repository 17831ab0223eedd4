/** cobra's "Did you mean this?": Levenshtein distance ≤ 2 or a prefix match, in command order. */
export function levenshtein(a: string, b: string): number {
  const d: number[][] = [];
  for (let i = 0; i <= a.length; i++) d[i] = [i];
  for (let j = 0; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++)
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
  return d[a.length][b.length];
}

export function suggestions(typed: string, names: string[]): string[] {
  const t = typed.toLowerCase();
  return names.filter((n) => levenshtein(t, n.toLowerCase()) <= 2 || n.toLowerCase().startsWith(t));
}

export function didYouMean(typed: string, names: string[]): string {
  const s = suggestions(typed, names);
  return s.length ? `\n\nDid you mean this?\n${s.map((x) => `\t${x}\n`).join('')}` : '';
}
