/**
 * Store throughput with 100 active watches: raw store writes, and the same writes
 * through the full API request path (decode, defaults, validation, admission).
 * Compared with a plain Map doing the same number of sets, the upper bound.
 */
import { Cluster } from '../src/sim/cluster';
import type { KObject } from '../src/sim/api/types';

const WATCHES = 100;
const N = 200_000;

function perSecond(n: number, ms: number): number {
  return Math.round((n / ms) * 1000);
}

function fmt(n: number): string {
  return n.toLocaleString('en-US');
}

export async function run(): Promise<string[]> {
  const lines: string[] = [];
  let bound = 0;

  // upper bound: a Map of frozen objects
  {
    const m = new Map<string, KObject>();
    const t0 = performance.now();
    for (let i = 0; i < N; i++) {
      const o = Object.freeze({ apiVersion: 'v1', kind: 'ConfigMap', metadata: Object.freeze({ name: `cm-${i % 1000}`, resourceVersion: String(i) }), data: Object.freeze({ i: String(i) }) }) as KObject;
      m.set(`default/cm-${i % 1000}`, o);
    }
    const ms = performance.now() - t0;
    bound = perSecond(N, ms);
    lines.push(`raw Map upper bound: ${fmt(bound)} writes/s`);
  }

  // the store, 100 watches delivering every change
  const c = new Cluster({ seed: 1 });
  let delivered = 0;
  const handles = [];
  for (let i = 0; i < WATCHES; i++) handles.push(c.watch({ verb: 'watch', resource: 'configmaps', namespace: 'default', query: { resourceVersion: String(c.api.store.revision) } }, () => delivered++));
  {
    const store = c.api.store;
    const t0 = performance.now();
    let prev: KObject | undefined;
    for (let i = 0; i < N; i++) {
      const o: KObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `cm-${i % 1000}`, namespace: 'default', uid: `u${i % 1000}` }, data: { i: String(i) } };
      prev = store.get('/configmaps', 'default', o.metadata.name!);
      if (prev) store.update('/configmaps', o, prev);
      else store.create('/configmaps', o);
    }
    const ms = performance.now() - t0;
    const rate = perSecond(N, ms);
    lines.push(`store writes with ${WATCHES} watches: ${fmt(rate)} writes/s (${Math.round((rate / bound) * 100)}% of the Map bound; ${fmt(delivered)} watch events delivered; target 200,000/s: ${rate >= 200_000 ? 'met' : 'NOT met'})`);
  }

  // the full request path: decode → defaults → validation → admission → store
  {
    const M = 50_000;
    delivered = 0;
    const t0 = performance.now();
    for (let i = 0; i < M; i++) {
      const name = `api-${i % 1000}`;
      if (i < 1000) c.request({ verb: 'create', resource: 'configmaps', namespace: 'default', body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { i: String(i) } } });
      else c.request({ verb: 'patch', resource: 'configmaps', namespace: 'default', name, patchType: 'merge', body: { data: { i: String(i) } } });
    }
    const ms = performance.now() - t0;
    lines.push(`API requests (create/patch) with ${WATCHES} watches: ${fmt(perSecond(M, ms))} requests/s`);
  }
  for (const h of handles) h.stop();

  // decoding one small pod (schema check), cold walker and hot compiled validator
  {
    const { decode } = await import('../src/sim/api/validation/decode');
    const info = c.api.kinds.resource('', 'v1', 'pods')!;
    const mk = () => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p', namespace: 'default', labels: { app: 'x' } },
      spec: { containers: [{ name: 'a', image: 'nginx', ports: [{ containerPort: 80 }], resources: { requests: { cpu: '100m' } } }] },
    });
    for (let i = 0; i < 2000; i++) decode(info, mk());
    const M = 20_000;
    const objs = Array.from({ length: M }, mk);
    const t0 = performance.now();
    for (const o of objs) decode(info, o);
    const us = ((performance.now() - t0) / M) * 1000;
    lines.push(`decode of a small pod: ${us.toFixed(1)} µs (target: well under 50 µs)`);
  }
  return lines;
}
