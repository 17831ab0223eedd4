import { describe, expect, it } from 'vitest';
import { Clock } from './clock';
import { TimeDriver } from './driver';

describe('TimeDriver', () => {
  it('moves virtual time at the chosen speed, and not at all when paused', () => {
    const c = new Clock(0);
    const d = new TimeDriver(c);
    d.tick(100);
    expect(c.now()).toBe(100);
    d.speed = 10;
    d.tick(100);
    expect(c.now()).toBe(1100);
    d.speed = 'paused';
    d.tick(100);
    expect(c.now()).toBe(1100);
  });

  it('caps a long gap between ticks (a background tab) at one second of real time', () => {
    const c = new Clock(0);
    const d = new TimeDriver(c);
    d.tick(60_000);
    expect(c.now()).toBe(1000);
  });

  it('steps one event at a time and pauses', () => {
    const c = new Clock(0);
    const seen: number[] = [];
    c.schedule(10, () => seen.push(1));
    c.schedule(20, () => seen.push(2));
    const d = new TimeDriver(c);
    expect(d.step()).toBe(true);
    expect(seen).toEqual([1]);
    expect(d.speed).toBe('paused');
    expect(c.now()).toBe(10);
  });

  it('runs events back to back at max speed, up to ten minutes of virtual time per real second', () => {
    const c = new Clock(0);
    let n = 0;
    const again = () => {
      n++;
      c.schedule(1_000, again);
    };
    c.schedule(0, again);
    const d = new TimeDriver(c);
    d.speed = 'max';
    d.tick(100); // 100 ms of real time: one minute of virtual time
    expect(c.now()).toBe(60_000);
    expect(n).toBe(61);
  });
});

describe('TimeDriver with fractional real time', () => {
  it('advances whole milliseconds and carries the fractions', () => {
    const c = new Clock(0);
    const d = new TimeDriver(c);
    for (let i = 0; i < 10; i++) d.tick(16.7);
    expect(c.now()).toBe(167);
  });
});
