/**
 * kubectl describe's PrefixWriter over a tabwriter (minwidth 0, tabwidth 8, padding 2):
 * levels indent by two spaces; multi-line labels/annotations; RFC1123Z times; the
 * Events table with `Age (xN over first)`.
 */
import { age } from '../../sim/api/tables/duration';
import type { KObject } from '../../sim/api/types';
import { TabWriter } from '../printers/tabwriter';

export class DescribeWriter {
  private tw = new TabWriter(0, 2);

  /** Writes a line at an indent level; `\t` separates aligned cells. */
  w(level: number, text: string): void {
    this.tw.write('  '.repeat(level) + text + '\n');
  }

  /** `Key:\tvalue` with multi-line values continuing in the value column. */
  kv(level: number, key: string, lines: string[]): void {
    if (lines.length === 0) lines = ['<none>'];
    this.w(level, `${key}:\t${lines[0]}`);
    for (const l of lines.slice(1)) this.w(level, `\t${l}`);
  }

  text(): string {
    return this.tw.flush();
  }
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Go's time.RFC1123Z in UTC: `Mon, 01 Jan 2024 10:00:00 +0000`. */
export function rfc1123z(ts: unknown): string {
  if (typeof ts !== 'string') return '<unknown>';
  const t = Date.parse(ts);
  if (Number.isNaN(t)) return '<unknown>';
  const d = new Date(t);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${DAYS[d.getUTCDay()]}, ${p(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}

export function labelLines(m: Record<string, string> | undefined): string[] {
  const keys = Object.keys(m ?? {}).sort();
  return keys.length ? keys.map((k) => `${k}=${m![k]}`) : ['<none>'];
}

/** Annotations, skipping the last-applied configuration as kubectl's describe does. */
export function annotationLines(m: Record<string, string> | undefined): string[] {
  const skip = new Set(['kubectl.kubernetes.io/last-applied-configuration']);
  const keys = Object.keys(m ?? {}).filter((k) => !skip.has(k)).sort();
  return keys.length ? keys.map((k) => `${k}: ${m![k]}`) : ['<none>'];
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

export function eventsBlock(w: DescribeWriter, events: KObject[], now: number): void {
  if (events.length === 0) {
    w.w(0, 'Events:\t<none>');
    return;
  }
  const sorted = events.slice().sort((a: Any, b: Any) => {
    const ta = Date.parse(a.lastTimestamp ?? a.eventTime ?? a.firstTimestamp ?? '') || 0;
    const tb = Date.parse(b.lastTimestamp ?? b.eventTime ?? b.firstTimestamp ?? '') || 0;
    return ta - tb;
  });
  w.w(0, 'Events:');
  w.w(1, 'Type\tReason\tAge\tFrom\tMessage');
  w.w(1, '----\t------\t----\t----\t-------');
  for (const e of sorted as Any[]) {
    let interval: string;
    if ((e.count ?? 0) > 1) interval = `${age(e.lastTimestamp, now)} (x${e.count} over ${age(e.firstTimestamp, now)})`;
    else interval = e.firstTimestamp ? age(e.firstTimestamp, now) : age(e.eventTime, now);
    const source = e.source?.component || e.reportingController || '';
    w.w(1, `${e.type ?? ''}\t${e.reason ?? ''}\t${interval}\t${source}\t${String(e.message ?? '').trim()}`);
  }
}
