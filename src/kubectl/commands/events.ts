/** `kubectl events`: core/v1 Events in time order, optionally `--for TYPE/NAME` and `--types`. */
import { age } from '../../sim/api/tables/duration';
import type { KObject } from '../../sim/api/types';
import type { Command } from '../command';
import { isStatus } from '../context';
import { tabulate } from '../printers/tabwriter';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

export const eventsCommand: Command = {
  name: 'events',
  flags: [{ name: 'all-namespaces', short: 'A', type: 'bool', default: false }, { name: 'for', type: 'string', default: '' }, { name: 'types', type: 'stringSlice' }, { name: 'watch', short: 'w', type: 'bool', default: false }, { name: 'no-headers', type: 'bool', default: false }, { name: 'output', short: 'o', type: 'string', default: '' }, { name: 'chunk-size', type: 'int', default: 500 }],
  run(ctx) {
    const info = ctx.resolveType('events')!;
    const q: Record<string, unknown> = {};
    const f = ctx.flag<string>('for');
    if (f) {
      const [t, n] = f.includes('/') ? f.split('/') : ['pod', f];
      const ti = ctx.resolveType(t);
      if (!ti) return ctx.fail(`the server doesn't have a resource type "${t}"`);
      q.fieldSelector = `involvedObject.kind=${ti.kind},involvedObject.name=${n}`;
    }
    const allNs = ctx.flag<boolean>('all-namespaces');
    const l = ctx.list(info, q, allNs ? null : undefined);
    if (isStatus(l)) return ctx.status(l);
    const types = ctx.flag<string[]>('types').map((t) => t.toLowerCase());
    const now = ctx.now();
    const items = (l.items as Any[])
      .filter((e) => !types.length || types.includes(String(e.type).toLowerCase()))
      .sort((a, b) => (Date.parse(a.lastTimestamp ?? a.eventTime ?? '') || 0) - (Date.parse(b.lastTimestamp ?? b.eventTime ?? '') || 0));
    if (!items.length) {
      ctx.err(allNs ? 'No events found.\n' : `No events found in ${ctx.namespace} namespace.\n`);
      return 0;
    }
    const rows = items.map((e) => {
      const last = e.count > 1 ? `${age(e.lastTimestamp, now)} (x${e.count} over ${age(e.firstTimestamp, now)})` : age(e.lastTimestamp ?? e.eventTime, now);
      const r = [last, e.type ?? '', e.reason ?? '', `${String(e.involvedObject?.kind ?? '')}/${e.involvedObject?.name ?? ''}`, String(e.message ?? '').trim()];
      return allNs ? [(e as KObject).metadata.namespace ?? '', ...r] : r;
    });
    const header = [...(allNs ? ['NAMESPACE'] : []), 'LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE'];
    ctx.out(tabulate(ctx.flag<boolean>('no-headers') ? rows : [header, ...rows]));
    return 0;
  },
};
