/**
 * A stand-in for src/shell while it is being written: line editing plus `kubectl get`
 * laid out from the server's tables. engine.ts switches to the real shell in one line.
 */
import type { KList, Status } from '../sim/api/types';
import type { ClusterLike, ShellLike } from './cluster-like';

const PROMPT = '\x1b[1;34m$\x1b[0m ';

interface TableLike {
  columnDefinitions: { name: string; priority: number }[];
  rows: { cells: unknown[] }[];
}

function layout(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] + 3))).join('').trimEnd()).join('\n') + '\n';
}

export function kubectlGet(cluster: ClusterLike, args: string[]): string {
  let ns: string | undefined = 'default';
  let wide = false;
  const pos: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '-n' || a === '--namespace') ns = args[++i];
    else if (a.startsWith('--namespace=')) ns = a.slice(12);
    else if (a === '-A' || a === '--all-namespaces') ns = undefined;
    else if (a === '-o' && args[i + 1] === 'wide') (wide = true), i++;
    else if (a === '-owide' || a === '-o=wide') wide = true;
    else pos.push(a);
  }
  if (!pos[0]) return 'You must specify the type of resource to get. Use "kubectl api-resources" for a complete list of supported resources.\n';
  const info = cluster.api.kinds.resolve(pos[0]);
  if (!info) return `error: the server doesn't have a resource type "${pos[0]}"\n`;
  const res = cluster.request({
    verb: pos[1] ? 'get' : 'list',
    group: info.group,
    version: info.version,
    resource: info.plural,
    namespace: info.namespaced ? ns : undefined,
    name: pos[1],
    query: { as: 'Table' },
  });
  if (res.code >= 400) return `Error from server (${(res.body as Status).reason}): ${(res.body as Status).message}\n`;
  const t = res.body as TableLike & KList;
  if (!t.rows?.length) return info.namespaced && ns ? `No resources found in ${ns} namespace.\n` : 'No resources found\n';
  const cols = t.columnDefinitions.map((c, i) => ({ ...c, i })).filter((c) => wide || c.priority === 0);
  const head = cols.map((c) => c.name.toUpperCase());
  if (info.namespaced && !ns) head.unshift('NAMESPACE');
  const body = t.rows.map((r) => {
    const cells = cols.map((c) => String(r.cells[c.i] ?? '<none>'));
    if (info.namespaced && !ns) cells.unshift(String((r as { object?: { metadata?: { namespace?: string } } }).object?.metadata?.namespace ?? ''));
    return cells;
  });
  return layout([head, ...body]);
}

export function createFallbackShell(cluster: ClusterLike): ShellLike {
  const outs: ((d: string) => void)[] = [];
  const out = (d: string) => outs.forEach((f) => f(d));
  let line = '';
  const run = (l: string): string => {
    const words = l.trim().split(/\s+/).filter(Boolean);
    if (!words.length) return '';
    if (words[0] === 'kubectl' && words[1] === 'get') return kubectlGet(cluster, words.slice(2));
    return `${words[0]}: only "kubectl get" works in this preview shell\n`;
  };
  return {
    input(data: string) {
      for (const ch of data) {
        if (ch === '\r' || ch === '\n') {
          out('\r\n' + run(line).replace(/\n/g, '\r\n') + PROMPT);
          line = '';
        } else if (ch === '\x7f' || ch === '\b') {
          if (line) {
            line = line.slice(0, -1);
            out('\b \b');
          }
        } else if (ch === '\x03') {
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
      if (outs.length === 1) queueMicrotask(() => out(PROMPT));
    },
    runLine(l: string) {
      out(run(l).replace(/\n/g, '\r\n'));
    },
  };
}
