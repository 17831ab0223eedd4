/**
 * Tab completion: commands, files, and for kubectl its verbs, flags, resource types
 * and object names (read from the cluster, as kubectl's own completion does).
 */
import type { Kubectl } from '../kubectl';
import { COMMANDS } from '../kubectl/commands';
import { discover } from '../kubectl/discovery';
import { GLOBAL_FLAGS } from '../kubectl/flags';
import type { Client } from '../kubectl/types';
import type { KList } from '../sim/api/types';
import { normalize } from './fs';
import type { Session } from './interp';

const TYPE_VERBS = new Set(['get', 'describe', 'delete', 'edit', 'label', 'annotate', 'patch', 'scale', 'explain', 'wait', 'rollout', 'expose', 'autoscale']);

function files(prefix: string, s: Session): string[] {
  const slash = prefix.lastIndexOf('/');
  const dir = slash >= 0 ? prefix.slice(0, slash + 1) : '';
  const base = slash >= 0 ? prefix.slice(slash + 1) : prefix;
  const abs = normalize(dir || '.', s.cwd, s.home);
  return (s.fs.list(abs) ?? [])
    .filter((n) => n.startsWith(base))
    .map((n) => dir + n + (s.fs.isDir(normalize(dir + n, s.cwd, s.home)) ? '/' : ''));
}

export function complete(line: string, _cursor: number, kubectl: Kubectl, client: Client, s: Session): string[] {
  const segment = line.split(/\||&&|;|\|\|/).pop()!.replace(/^\s+/, '');
  const words = segment.split(/\s+/);
  const cur = words[words.length - 1];
  const prev = words.slice(0, -1);
  if (prev.length === 0) return Object.keys(s.commands).filter((c) => c.startsWith(cur) && c !== ':').sort();
  const cmd = prev[0];
  if (cmd !== 'kubectl' && cmd !== 'k') return files(cur, s);
  // positional words, skipping flags and the values of flags that take one
  const args: string[] = [];
  for (let i = 1; i < prev.length; i++) {
    const a = prev[i];
    if (/^(-n|--namespace|-o|--output|-l|--selector|-f|--filename|-c|--container|--context)$/.test(a)) i++;
    else if (!a.startsWith('-')) args.push(a);
  }
  const verb = args[0];
  if (!verb) return kubectl.commands().filter((c) => c.startsWith(cur));
  const command = COMMANDS[verb];
  if (cur.startsWith('-')) {
    const flags = [...(command?.flags ?? []), ...GLOBAL_FLAGS].map((f) => `--${f.name}`);
    return [...new Set(flags)].filter((f) => f.startsWith(cur)).sort();
  }
  const last = prev[prev.length - 1];
  if (last === '-f' || last === '--filename') return files(cur, s);
  if (last === '-n' || last === '--namespace') {
    const r = client.request({ verb: 'list', resource: 'namespaces' });
    return ((r.body as KList).items ?? []).map((n) => n.metadata.name!).filter((n) => n.startsWith(cur));
  }
  if (command?.subcommands && args.length === 1) return command.subcommands.filter((c) => c.startsWith(cur));
  const typeArgIndex = verb === 'rollout' ? 2 : 1;
  if (!TYPE_VERBS.has(verb) && verb !== 'logs' && verb !== 'exec') return files(cur, s);
  const reg = discover(client);
  if (verb === 'logs' || verb === 'exec') {
    return names(client, reg.resolve('pods'), ns(prev)).filter((n) => n.startsWith(cur));
  }
  if (args.length === typeArgIndex) {
    if (cur.includes('/')) {
      const [t, n] = cur.split('/');
      return names(client, reg.resolve(t), ns(prev))
        .filter((x) => x.startsWith(n))
        .map((x) => `${t}/${x}`);
    }
    const types = new Set<string>();
    // kubectl's own completion offers plural resource names, not short names
    for (const k of reg.all()) types.add(k.plural);
    return [...types].filter((t) => t.startsWith(cur)).sort();
  }
  const info = reg.resolve(args[typeArgIndex]?.split(',')[0] ?? '');
  return names(client, info, ns(prev)).filter((n) => n.startsWith(cur));
}

function ns(prev: string[]): string {
  const i = prev.findIndex((a) => a === '-n' || a === '--namespace');
  if (i >= 0 && prev[i + 1]) return prev[i + 1];
  const eq = prev.find((a) => a.startsWith('--namespace='));
  return eq ? eq.slice(12) : 'default';
}

function names(client: Client, info: ReturnType<ReturnType<typeof discover>['resolve']>, namespace: string): string[] {
  if (!info) return [];
  const r = client.request({ verb: 'list', group: info.group, version: info.version, resource: info.plural, namespace: info.namespaced ? namespace : undefined });
  return ((r.body as KList).items ?? []).map((o) => o.metadata.name!).sort();
}
