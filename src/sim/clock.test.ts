import { describe, expect, it } from 'vitest';
import { Clock } from './clock';
import { Rng, templateHash } from './random';

describe('Clock', () => {
  it('runs events in (time, sequence) order and moves time to each', () => {
    const c = new Clock(0);
    const seen: string[] = [];
    c.schedule(20, () => seen.push(`b@${c.now()}`));
    c.schedule(10, () => seen.push(`a@${c.now()}`));
    c.schedule(20, () => seen.push(`c@${c.now()}`));
    c.advance(15);
    expect(seen).toEqual(['a@10']);
    expect(c.now()).toBe(15);
    c.advance(100);
    expect(seen).toEqual(['a@10', 'b@20', 'c@20']);
    expect(c.now()).toBe(115);
  });

  it('runs events scheduled by events, and cancelled ones never', () => {
    const c = new Clock(0);
    const seen: number[] = [];
    const id = c.schedule(5, () => seen.push(-1));
    c.schedule(1, () => c.schedule(1, () => seen.push(c.now())));
    c.cancel(id);
    c.runUntilIdle();
    expect(seen).toEqual([2]);
    expect(c.size()).toBe(0);
  });

  it('stops runUntilIdle at its horizon so endless requeues terminate', () => {
    const c = new Clock(0);
    let n = 0;
    const tick = () => {
      n++;
      c.schedule(1000, tick);
    };
    c.schedule(0, tick);
    c.runUntilIdle(10_000);
    expect(n).toBe(11);
  });

  it('step() runs one event at a time', () => {
    const c = new Clock(0);
    const seen: number[] = [];
    c.schedule(3, () => seen.push(3));
    c.schedule(7, () => seen.push(7));
    expect(c.step()).toBe(true);
    expect(seen).toEqual([3]);
    expect(c.now()).toBe(3);
    expect(c.nextAt()).toBe(7);
    expect(c.step()).toBe(true);
    expect(c.step()).toBe(false);
  });

  it('formats timestamps as Kubernetes does (RFC3339, seconds)', () => {
    const c = new Clock(Date.UTC(2025, 0, 1, 10, 2, 3, 999));
    expect(c.iso()).toBe('2025-01-01T10:02:03Z');
  });
});

describe('Rng', () => {
  it('gives the same sequence for the same seed and another for another seed', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const c = new Rng(43);
    const xs = [a.suffix(), a.uuid(), a.int(1000)];
    expect([b.suffix(), b.uuid(), b.int(1000)]).toEqual(xs);
    expect([c.suffix(), c.uuid(), c.int(1000)]).not.toEqual(xs);
  });

  it('makes generateName suffixes from the vowel-free Kubernetes alphabet', () => {
    const r = new Rng(7);
    for (let i = 0; i < 200; i++) expect(r.suffix()).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  });

  it('makes RFC 4122 v4-shaped uuids', () => {
    const r = new Rng(7);
    expect(r.uuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('hashes equal templates equally whatever the key order, and different ones differently', () => {
    const a = templateHash({ spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] }, metadata: { labels: { app: 'web' } } });
    const b = templateHash({ metadata: { labels: { app: 'web' } }, spec: { containers: [{ image: 'nginx:1.27', name: 'web' }] } });
    const c = templateHash({ metadata: { labels: { app: 'web' } }, spec: { containers: [{ image: 'nginx:1.28', name: 'web' }] } });
    expect(a).toBe(b);
    expect(a).not.toBe(c);
    expect(a).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]+$/);
  });

  it('saves and restores its state', () => {
    const r = new Rng(9);
    r.next();
    const s = r.state();
    const x = r.suffix();
    const r2 = new Rng(1);
    r2.setState(s);
    expect(r2.suffix()).toBe(x);
  });
});

describe('Clock robustness', () => {
  it('keeps time whole milliseconds and keeps running when a scheduled task throws', () => {
    const c = new Clock(0);
    const seen: number[] = [];
    c.schedule(1.4, () => seen.push(c.now()));
    c.schedule(2, () => {
      throw new Error('broken component');
    }, 'broken');
    c.schedule(3, () => seen.push(c.now()));
    c.advance(2.9);
    expect(c.now()).toBe(2);
    c.advance(5);
    expect(seen).toEqual([2, 3]);
    expect(c.failures).toHaveLength(1);
    expect(c.failures[0]).toMatchObject({ at: 2, label: 'broken' });
    expect(c.failures[0].message).toContain('broken component');
  });
});
