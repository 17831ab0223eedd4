/**
 * core/v1 Events, recorded as client-go's event recorder records them: an Event object
 * named `<object>.<hex timestamp>`, identical events (same object, reason, message, type
 * and source) folded into one with a growing `count` and `lastTimestamp`, and every
 * event removed an hour after it was last seen, as the API server's event TTL does.
 */
import { clone } from './objects';
import type { ApiServer } from './server';
import type { KObject } from './types';

export const EVENT_TTL_MS = 60 * 60 * 1000;

export interface EventSource {
  component: string;
  host?: string;
}

export type EventType = 'Normal' | 'Warning';

export class EventRecorder {
  /** aggregation key → event name/namespace */
  private recent = new Map<string, { namespace: string; name: string }>();
  private seq = 0;

  constructor(private api: ApiServer) {
    api.store.onChange((c) => {
      if (c.resource === '/events' && c.type !== 'DELETED') this.armExpiry(c.object);
      if (c.resource === '/events' && c.type === 'DELETED') this.recent.delete(aggregationKeyOf(c.object));
    });
  }

  /** Records an event about `obj`. Never throws; a failure to record is not the caller's problem. */
  record(obj: KObject, type: EventType, reason: string, message: string, source: EventSource, fieldPath?: string): void {
    const namespace = obj.metadata.namespace ?? 'default';
    const involved: Record<string, unknown> = {
      apiVersion: obj.apiVersion,
      kind: obj.kind,
      name: obj.metadata.name,
      ...(obj.metadata.namespace ? { namespace: obj.metadata.namespace } : {}),
      uid: obj.metadata.uid,
      resourceVersion: obj.metadata.resourceVersion,
      ...(fieldPath ? { fieldPath } : {}),
    };
    // nodes are referenced by name as their uid, as the kubelet does
    if (obj.kind === 'Node') {
      involved.uid = obj.metadata.name;
      delete involved.resourceVersion;
    }
    const key = aggregationKey(namespace, involved, reason, message, type, source);
    const now = this.api.clock.iso();
    const existing = this.recent.get(key);
    if (existing) {
      const cur = this.api.store.get('/events', existing.namespace, existing.name);
      if (cur) {
        const next = clone(cur);
        next.count = ((cur.count as number) ?? 1) + 1;
        next.lastTimestamp = now;
        this.api.request({ verb: 'update', resource: 'events', namespace: existing.namespace, name: existing.name, body: next, user: source.component });
        return;
      }
    }
    // client-go names events `<name>.<unix nanoseconds in hex>`
    const nanos = BigInt(Math.floor(this.api.clock.now())) * 1_000_000n + BigInt(this.seq++ % 1_000_000);
    const name = `${obj.metadata.name}.${nanos.toString(16)}`;
    const body: KObject = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace },
      involvedObject: involved,
      reason,
      message,
      source: source.host ? { component: source.component, host: source.host } : { component: source.component },
      firstTimestamp: now,
      lastTimestamp: now,
      count: 1,
      type,
      eventTime: null,
      reportingComponent: source.component === 'kubelet' ? 'kubelet' : source.component,
      reportingInstance: source.host ?? '',
    };
    const res = this.api.request({ verb: 'create', resource: 'events', namespace, body, user: source.component });
    if (res.code < 300) this.recent.set(key, { namespace, name });
  }

  /** After a restore: rebuild the aggregation index and the expiry timers from the stored events. */
  resync(): void {
    for (const e of this.api.store.list('/events')) {
      this.recent.set(aggregationKeyOf(e), { namespace: e.metadata.namespace!, name: e.metadata.name! });
      this.armExpiry(e);
    }
  }

  private armExpiry(e: KObject): void {
    const last = Date.parse(String(e.lastTimestamp ?? e.metadata.creationTimestamp));
    const at = (Number.isNaN(last) ? this.api.clock.now() : last) + EVENT_TTL_MS;
    const ns = e.metadata.namespace;
    const name = e.metadata.name;
    const rv = e.metadata.resourceVersion;
    this.api.clock.scheduleAt(at, () => {
      const cur = this.api.store.get('/events', ns, name!);
      // a newer write re-armed its own timer
      if (cur && cur.metadata.resourceVersion === rv)
        this.api.request({ verb: 'delete', resource: 'events', namespace: ns, name, user: 'system:apiserver' });
    }, 'event-ttl');
  }
}

function aggregationKey(namespace: string, involved: Record<string, unknown>, reason: string, message: string, type: string, source: EventSource): string {
  return JSON.stringify([namespace, involved.kind, involved.name, involved.uid, involved.fieldPath ?? '', reason, message, type, source.component, source.host ?? '']);
}

function aggregationKeyOf(e: KObject): string {
  const inv = (e.involvedObject ?? {}) as Record<string, unknown>;
  const src = (e.source ?? {}) as EventSource;
  return aggregationKey(e.metadata.namespace ?? '', inv, String(e.reason), String(e.message), String(e.type), src);
}
