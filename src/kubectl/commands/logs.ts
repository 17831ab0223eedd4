/**
 * `kubectl logs`: the pods/log subresource; `-c`, `-p`, `--tail`, `--since`,
 * `--timestamps`, `-l` with `--prefix`, `deploy/x` / `job/x`, the "Defaulted container"
 * note for multi-container pods, and `-f` following LogChunk watch events until Ctrl+C
 * or the container ends.
 */
import type { KObject, RequestQuery, WatchEvent } from '../../sim/api/types';
import type { Command } from '../command';
import { type Ctx, isStatus } from '../context';
import { podFor } from './exec';
import { parseGoDuration } from '../../sim/api/tables/duration';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

function defaultContainer(ctx: Ctx, pod: KObject, quiet: boolean): string | undefined {
  const cs: Any[] = (pod as Any).spec?.containers ?? [];
  if (cs.length <= 1) return cs[0]?.name;
  const ann = pod.metadata.annotations?.['kubectl.kubernetes.io/default-container'];
  const def = ann && cs.some((c) => c.name === ann) ? ann : cs[0].name;
  if (!quiet) {
    const inits: Any[] = (pod as Any).spec?.initContainers ?? [];
    const all = [...cs.map((c) => c.name), ...inits.map((c) => `${c.name} (init)`)];
    ctx.err(`Defaulted container "${def}" out of: ${all.join(', ')}\n`);
  }
  return def;
}

export const logsCommand: Command = {
  name: 'logs',
  flags: [
    { name: 'container', short: 'c', type: 'string', default: '' },
    { name: 'follow', short: 'f', type: 'bool', default: false },
    { name: 'previous', short: 'p', type: 'bool', default: false },
    { name: 'tail', type: 'int', default: -1 },
    { name: 'since', type: 'string', default: '0s' },
    { name: 'since-time', type: 'string', default: '' },
    { name: 'timestamps', type: 'bool', default: false },
    { name: 'selector', short: 'l', type: 'string', default: '' },
    { name: 'all-containers', type: 'bool', default: false },
    { name: 'prefix', type: 'bool', default: false },
    { name: 'max-log-requests', type: 'int', default: 5 },
    { name: 'ignore-errors', type: 'bool', default: false },
    { name: 'limit-bytes', type: 'int', default: 0 },
    { name: 'pod-running-timeout', type: 'string', default: '20s' },
    { name: 'insecure-skip-tls-verify-backend', type: 'bool', default: false },
    { name: 'all-pods', type: 'bool', default: false },
  ],
  async run(ctx) {
    const selector = ctx.flag<string>('selector');
    const [target, containerArg] = ctx.p.args;
    if (!target && !selector) {
      ctx.err(
        "error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command\nSee 'kubectl logs -h' for help and examples\n",
      );
      return 1;
    }
    const query: RequestQuery = {};
    if (ctx.flag<boolean>('previous')) query.previous = true;
    const tail = ctx.flag<number>('tail');
    if (tail >= 0) query.tailLines = tail;
    const since = parseGoDuration(ctx.flag<string>('since'));
    if (since === undefined) return ctx.fail(`invalid argument "${ctx.flag<string>('since')}" for "--since" flag: time: invalid duration "${ctx.flag<string>('since')}"`);
    if (since > 0) query.sinceSeconds = Math.ceil(since / 1000);
    if (ctx.flag<boolean>('timestamps')) query.timestamps = true;
    let pods: KObject[];
    if (selector) {
      if (target) return ctx.fail('only one of -l or POD/TYPE/NAME may be specified');
      const list = ctx.list(ctx.resolveType('pods')!, { labelSelector: selector });
      if (isStatus(list)) return ctx.status(list);
      pods = list.items;
      if (ctx.flag<boolean>('follow') && pods.length > ctx.flag<number>('max-log-requests'))
        return ctx.fail(`you are attempting to follow ${pods.length} log streams, but maximum allowed concurrency is ${ctx.flag<number>('max-log-requests')}, use --max-log-requests to increase the limit`);
      if (tail < 0 && !ctx.p.set.has('tail')) query.tailLines = 10;
      if (pods.length === 0) {
        ctx.err(`No resources found in ${ctx.namespace} namespace.\n`);
        return 0;
      }
    } else {
      const f = podFor(ctx, target);
      if (typeof f === 'number') return f;
      pods = [f.pod];
    }
    const prefix = ctx.flag<boolean>('prefix') || (!!selector && pods.length > 1 && ctx.flag<boolean>('prefix'));
    let code = 0;
    const streams: { pod: KObject; container: string }[] = [];
    for (const pod of pods) {
      const cs: Any[] = (pod as Any).spec?.containers ?? [];
      if (ctx.flag<boolean>('all-containers')) {
        const inits: Any[] = (pod as Any).spec?.initContainers ?? [];
        for (const c of [...inits, ...cs]) streams.push({ pod, container: c.name });
        continue;
      }
      const c = ctx.flag<string>('container') || containerArg || defaultContainer(ctx, pod, !!selector);
      // kubectl checks a named container against the pod itself before asking for logs
      const known = [...((pod as Any).spec?.initContainers ?? []), ...cs, ...((pod as Any).spec?.ephemeralContainers ?? [])].map((x: Any) => x.name);
      if (c && !known.includes(c)) return ctx.fail(`container ${c} is not valid for pod ${pod.metadata.name}`);
      streams.push({ pod, container: c ?? '' });
    }
    for (const s of streams) {
      const q = { ...query, container: s.container };
      const res = ctx.request({ verb: 'get', resource: 'pods', namespace: s.pod.metadata.namespace ?? ctx.namespace, name: s.pod.metadata.name, subresource: 'log', query: q });
      if (isStatus(res.body)) {
        code = ctx.status(res.body);
        if (!ctx.flag<boolean>('ignore-errors')) return code;
        continue;
      }
      const text = String(res.body ?? '');
      ctx.out(prefix ? addPrefix(text, `[pod/${s.pod.metadata.name}/${s.container}] `) : text);
    }
    if (!ctx.flag<boolean>('follow')) return code;
    return follow(ctx, streams, query, prefix);
  },
};

function addPrefix(text: string, p: string): string {
  return text
    .split('\n')
    .map((l, i, a) => (i === a.length - 1 && l === '' ? '' : p + l))
    .join('\n');
}

async function follow(ctx: Ctx, streams: { pod: KObject; container: string }[], query: RequestQuery, prefix: boolean): Promise<number> {
  const handles = streams.map((s) =>
    ctx.client.watch(
      { verb: 'watch', resource: 'pods', namespace: s.pod.metadata.namespace ?? ctx.namespace, name: s.pod.metadata.name, subresource: 'log', query: { ...query, container: s.container, tailLines: 0 } },
      (e: WatchEvent) => {
        const text = (e.object as unknown as { text?: string }).text;
        if (typeof text === 'string') ctx.out(prefix ? addPrefix(text, `[pod/${s.pod.metadata.name}/${s.container}] `) : text);
      },
    ),
  );
  const podsInfo = ctx.resolveType('pods')!;
  const limit = ctx.io.interactive ? Infinity : ctx.io.streamLimitMs ?? 60_000;
  let waited = 0;
  while (!ctx.io.cancelled() && waited < limit) {
    await ctx.io.sleep(1000);
    waited += 1000;
    // the stream ends when every followed container has terminated for good
    const live = streams.some((s) => {
      const p = ctx.get(podsInfo, s.pod.metadata.name!, s.pod.metadata.namespace);
      if (isStatus(p)) return false;
      const phase = (p as Any).status?.phase;
      return phase !== 'Succeeded' && phase !== 'Failed';
    });
    if (!live) break;
  }
  handles.forEach((h) => h.stop());
  return 0;
}
