/**
 * Property tests of the store's invariants, over random sequences of API writes:
 * resourceVersions strictly increase; a watch started at version r sees exactly the
 * changes after r, in order; restore(snapshot) is indistinguishable from the original.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Cluster } from '../cluster';
import type { ApiResponse, KList, KObject, WatchEvent } from './types';

type Op =
  | { t: 'create'; name: string; v: string; label: string }
  | { t: 'update'; name: string; v: string }
  | { t: 'label'; name: string; label: string }
  | { t: 'delete'; name: string }
  | { t: 'advance'; ms: number };

const names = fc.constantFrom('a', 'b', 'c', 'd', 'e');
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ t: fc.constant('create' as const), name: names, v: fc.string({ maxLength: 4 }), label: fc.constantFrom('x', 'y') }),
  fc.record({ t: fc.constant('update' as const), name: names, v: fc.string({ maxLength: 4 }) }),
  fc.record({ t: fc.constant('label' as const), name: names, label: fc.constantFrom('x', 'y') }),
  fc.record({ t: fc.constant('delete' as const), name: names }),
  fc.record({ t: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 5000 }) }),
);

function apply(c: Cluster, o: Op): ApiResponse {
  const base = { resource: 'configmaps', namespace: 'default' } as const;
  switch (o.t) {
    case 'create':
      return c.request({ ...base, verb: 'create', body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: o.name, labels: { l: o.label } }, data: { v: o.v } } });
    case 'update':
      return c.request({ ...base, verb: 'patch', name: o.name, patchType: 'merge', body: { data: { v: o.v } } });
    case 'label':
      return c.request({ ...base, verb: 'patch', name: o.name, patchType: 'merge', body: { metadata: { labels: { l: o.label } } } });
    case 'delete':
      return c.request({ ...base, verb: 'delete', name: o.name });
    case 'advance':
      c.clock.advance(o.ms);
      return { code: 200, body: null };
  }
}

function state(c: Cluster): string {
  const all: KObject[] = [];
  for (const r of ['namespaces', 'configmaps', 'serviceaccounts']) all.push(...(c.request({ verb: 'list', resource: r }).body as KList).items);
  return JSON.stringify({ all, rv: c.api.store.revision, t: c.clock.now() });
}

describe('store invariants', () => {
  it('resourceVersions strictly increase across all writes', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
        const c = new Cluster({ seed: 3 });
        for (const o of ops) {
          const before = c.api.store.revision;
          const name = o.t === 'advance' ? undefined : o.name;
          const prior = name ? (c.request({ verb: 'get', resource: 'configmaps', namespace: 'default', name }).body as KObject).metadata?.resourceVersion : undefined;
          const res = apply(c, o);
          const rv = (res.body as KObject | null)?.metadata?.resourceVersion;
          // every write that changed something got a version above all earlier ones; a no-op keeps its version
          if (res.code < 300 && rv !== undefined && rv !== prior) expect(Number(rv)).toBeGreaterThan(before);
          c.clock.settle();
          expect(c.api.store.revision).toBeGreaterThanOrEqual(before);
        }
        const all = (c.request({ verb: 'list', resource: 'configmaps' }).body as KList).items.map((x) => Number(x.metadata.resourceVersion));
        expect(Math.max(0, ...all)).toBeLessThanOrEqual(c.api.store.revision);
      }),
      { numRuns: 60 },
    );
  });

  it('a watch from version r sees exactly the changes after r, in order', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 30 }), fc.array(op, { maxLength: 30 }), fc.constantFrom('', 'l=x'), (before, after, selector) => {
        const c = new Cluster({ seed: 5 });
        for (const o of before) apply(c, o);
        const r = c.api.store.revision;
        // what a client that listed at r and then watched from r would believe
        const live = c.request({ verb: 'list', resource: 'configmaps', namespace: 'default', query: { labelSelector: selector } }).body as KList;
        const model = new Map(live.items.map((o) => [o.metadata.name!, o]));
        const events: WatchEvent[] = [];
        const h = c.watch({ verb: 'watch', resource: 'configmaps', namespace: 'default', query: { resourceVersion: String(r), labelSelector: selector } }, (e) => events.push(e));
        for (const o of after) apply(c, o);
        h.stop();
        let prevRv = r;
        for (const e of events) {
          const o = e.object as KObject;
          const rv = Number(o.metadata.resourceVersion);
          expect(rv).toBeGreaterThan(prevRv);
          prevRv = rv;
          if (e.type === 'DELETED') model.delete(o.metadata.name!);
          else model.set(o.metadata.name!, o);
        }
        const now = c.request({ verb: 'list', resource: 'configmaps', namespace: 'default', query: { labelSelector: selector } }).body as KList;
        expect([...model.values()].sort((a, b) => a.metadata.name!.localeCompare(b.metadata.name!))).toEqual(now.items);
        // and a second watch from the same version sees the very same events
        const again: WatchEvent[] = [];
        c.watch({ verb: 'watch', resource: 'configmaps', namespace: 'default', query: { resourceVersion: String(r), labelSelector: selector } }, (e) => again.push(e)).stop();
        expect(again).toEqual(events);
      }),
      { numRuns: 60 },
    );
  });

  it('restore(snapshot) is indistinguishable from the original, now and after the same further inputs', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 30 }), fc.array(op, { maxLength: 30 }), (before, after) => {
        const a = new Cluster({ seed: 11 });
        for (const o of before) apply(a, o);
        const snap = JSON.parse(JSON.stringify(a.snapshot()));
        const b = Cluster.restore(snap);
        expect(state(b)).toBe(state(a));
        const ra: unknown[] = [];
        const rb: unknown[] = [];
        for (const o of after) {
          ra.push(apply(a, o));
          rb.push(apply(b, o));
          a.clock.settle();
          b.clock.settle();
        }
        a.clock.runUntilIdle();
        b.clock.runUntilIdle();
        expect(rb).toEqual(ra);
        expect(state(b)).toBe(state(a));
      }),
      { numRuns: 40 },
    );
  });

  it('the same seed and inputs give the same cluster byte for byte; another seed does not', () => {
    const run = (seed: number) => {
      const c = new Cluster({ seed });
      for (let i = 0; i < 20; i++) {
        c.request({ verb: 'create', resource: 'configmaps', namespace: 'default', body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { generateName: 'cfg-' } } });
        c.clock.advance(1000);
      }
      return state(c);
    };
    expect(run(1)).toBe(run(1));
    expect(run(1)).not.toBe(run(2));
  });
});
