import { describe, expect, it } from 'vitest';
import { goDuration, inBackoff, nextBackoff, pullDuration } from './backoff';

describe('kubelet back-off', () => {
  it('doubles from 10s to the 5m cap', () => {
    let e = nextBackoff(undefined, 0, 0);
    const seen = [e.delay];
    for (let k = 0; k < 6; k++) {
      e = nextBackoff(e, e.lastUpdate + 1000, e.lastUpdate + 1000);
      seen.push(e.delay);
    }
    expect(seen.map(goDuration)).toEqual(['10s', '20s', '40s', '1m20s', '2m40s', '5m0s', '5m0s']);
  });
  it('is forgotten after 10 minutes of running', () => {
    const e = { delay: 160_000, lastUpdate: 0 };
    expect(inBackoff(e, 600_001, 600_002)).toBe(false);
    expect(nextBackoff(e, 600_001, 600_002).delay).toBe(10_000);
    expect(inBackoff(e, 599_000, 599_500)).toBe(true);
  });
  it('formats Go durations', () => {
    expect(goDuration(300_000)).toBe('5m0s');
    expect(goDuration(1500)).toBe('1.5s');
    expect(pullDuration(2345)).toBe('2.345s');
    expect(pullDuration(512)).toBe('512ms');
  });
});
