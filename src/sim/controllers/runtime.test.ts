import { describe, expect, it } from 'vitest';
import { Cluster } from '../cluster';
import type { KObject } from '../api/types';
import type { Reconciler } from './runtime';

/** A toy controller: for every ConfigMap labelled echo=yes, keep a Secret of the same name. */
function echo(log: string[], opts: { failFirst?: boolean; requeueAfter?: number } = {}): Reconciler {
  let failed = false;
  return {
    name: 'echo-controller',
    setup(w) {
      w.for('configmaps');
    },
    reconcile(key, ctx) {
      log.push(key);
      if (opts.failFirst && !failed) {
        failed = true;
        throw new Error('not yet');
      }
      const [ns, name] = key.split('/');
      const cm = ctx.request({ verb: 'get', resource: 'configmaps', namespace: ns, name }).body as KObject;
      if (cm.kind !== 'ConfigMap' || cm.metadata.labels?.echo !== 'yes') return;
      ctx.observe(`configmap ${name} asks for an echo`);
      const exists = ctx.request({ verb: 'get', resource: 'secrets', namespace: ns, name }).code === 200;
      if (exists) return opts.requeueAfter ? { requeueAfter: opts.requeueAfter } : undefined;
      ctx.decide('create the secret');
      ctx.request({ verb: 'create', resource: 'secrets', namespace: ns, body: { apiVersion: 'v1', kind: 'Secret', metadata: { name } } });
      return undefined;
    },
  };
}

const cm = (name: string, echoIt = true): KObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, labels: echoIt ? { echo: 'yes' } : {} } });

describe('controller runtime', () => {
  it('reconciles each key as its own clock event and logs observe → decide → act', () => {
    const c = new Cluster({ seed: 1 });
    const log: string[] = [];
    c.controllers.add(echo(log));
    c.clock.settle();
    log.length = 0;
    c.request({ verb: 'create', resource: 'configmaps', namespace: 'default', body: cm('a') });
    c.request({ verb: 'create', resource: 'configmaps', namespace: 'default', body: cm('b') });
    expect(c.clock.step()).toBe(true);
    expect(log).toEqual(['default/a']);
    c.clock.settle();
    expect(log).toEqual(['default/a', 'default/b', 'default/a', 'default/b'].slice(0, log.length));
    expect(c.request({ verb: 'get', resource: 'secrets', namespace: 'default', name: 'b' }).code).toBe(200);
    const rec = c.activity.records.find((r) => r.key === 'default/a' && r.did.length)!;
    expect(rec).toMatchObject({
      controller: 'echo-controller',
      observed: ['configmap a asks for an echo'],
      decided: ['create the secret'],
      did: ['create secrets/a'],
    });
  });

  it('does nothing while stopped and catches up when started', () => {
    const c = new Cluster({ seed: 1 });
    const log: string[] = [];
    c.controllers.add(echo(log));
    c.controllers.stop('echo-controller');
    c.request({ verb: 'create', resource: 'configmaps', namespace: 'default', body: cm('late') });
    c.clock.runUntilIdle();
    expect(c.request({ verb: 'get', resource: 'secrets', namespace: 'default', name: 'late' }).code).toBe(404);
    expect(c.controllers.stopped()).toEqual(['echo-controller']);
    c.controllers.start('echo-controller');
    c.clock.runUntilIdle();
    expect(c.request({ verb: 'get', resource: 'secrets', namespace: 'default', name: 'late' }).code).toBe(200);
  });

  it('retries a failing reconcile with back-off, and honours requeueAfter', () => {
    const c = new Cluster({ seed: 1 });
    const log: string[] = [];
    c.controllers.add(echo(log, { failFirst: true, requeueAfter: 60_000 }));
    c.request({ verb: 'create', resource: 'configmaps', namespace: 'default', body: cm('x') });
    c.clock.settle();
    const failedRec = c.activity.records.find((r) => r.error);
    expect(failedRec?.error).toBe('not yet');
    c.clock.advance(10);
    expect(c.request({ verb: 'get', resource: 'secrets', namespace: 'default', name: 'x' }).code).toBe(200);
    // the next reconcile finds the secret and asks to come back in a minute
    c.request({ verb: 'patch', resource: 'configmaps', namespace: 'default', name: 'x', patchType: 'merge', body: { metadata: { annotations: { touched: 'yes' } } } });
    c.clock.settle();
    const count = () => log.filter((k) => k === 'default/x').length;
    const afterTouch = count();
    c.clock.advance(59_000);
    expect(count()).toBe(afterTouch);
    c.clock.advance(2_000);
    expect(count()).toBe(afterTouch + 1);
  });

  it('names subresource writes the way kubectl does', () => {
    const c = new Cluster({ seed: 1 });
    c.request({ verb: 'create', resource: 'pods', namespace: 'default', body: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } });
    c.controllers.add({
      name: 'binder',
      setup: (w) => w.for('pods'),
      reconcile(key, ctx) {
        const [ns, name] = key.split('/');
        ctx.request({ verb: 'create', resource: 'pods', namespace: ns, name, subresource: 'binding', body: { apiVersion: 'v1', kind: 'Binding', metadata: { name }, target: { kind: 'Node', name: 'node01' } } });
      },
    });
    c.clock.settle();
    expect(c.activity.records.find((r) => r.controller === 'binder')?.did[0]).toBe('create pods/p/binding');
  });
});
