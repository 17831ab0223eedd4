/**
 * core/v1 Event table (printEvent): LAST SEEN from lastTimestamp or series, OBJECT as
 * `<kind lower-case>/<name>`, SOURCE as `component, host`.
 */
import type { KObject } from '../types';
import { age } from './duration';
import { type Any, col } from './common';
import type { Printer } from './types';

export function eventSource(e: Any): string {
  const comp = e.source?.component || e.reportingController || '';
  const host = e.source?.host || e.reportingInstance || '';
  return host && comp ? `${comp}, ${host}` : comp || host;
}

export const eventPrinter: Printer = {
  columns: [
    col('Last Seen'),
    col('Type'),
    col('Reason'),
    col('Object'),
    col('Subobject', 'string', 1),
    col('Source', 'string', 1),
    col('Message'),
    col('First Seen', 'string', 1),
    col('Count', 'integer', 1),
    col('Name', 'string', 1, 'name'),
  ],
  cells(o: KObject, ctx) {
    const e = o as Any;
    let first = age(e.firstTimestamp, ctx.now);
    if (!e.firstTimestamp) first = age(e.eventTime, ctx.now);
    let last = e.lastTimestamp ? age(e.lastTimestamp, ctx.now) : first;
    let count = e.count ?? 0;
    if (e.series) {
      last = age(e.series.lastObservedTime, ctx.now);
      count = e.series.count;
    } else if (count === 0) count = 1;
    const io = e.involvedObject ?? {};
    return [
      last,
      e.type ?? '',
      e.reason ?? '',
      `${String(io.kind ?? '').toLowerCase()}/${io.name ?? ''}`,
      io.fieldPath ?? '',
      eventSource(e),
      String(e.message ?? '').trim(),
      first,
      count,
      o.metadata.name,
    ];
  },
};
