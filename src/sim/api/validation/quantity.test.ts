import { describe, expect, it } from 'vitest';
import { ERR_FORMAT_WRONG, ERR_SUFFIX, formatQuantity, milliValue, parseQuantity, parseQuantityFull, quantityError, tryParseQuantity } from './quantity';

describe('parseQuantity', () => {
  it('decimal, binary and exponent suffixes', () => {
    expect(parseQuantity('500m')).toBe(0.5);
    expect(parseQuantity('2')).toBe(2);
    expect(parseQuantity('1.5')).toBe(1.5);
    expect(parseQuantity('1k')).toBe(1000);
    expect(parseQuantity('128Mi')).toBe(128 * 1024 * 1024);
    expect(parseQuantity('1Gi')).toBe(1073741824);
    expect(parseQuantity('1e3')).toBe(1000);
    expect(parseQuantity('100u')).toBeCloseTo(0.0001);
    expect(parseQuantity(3)).toBe(3);
    expect(parseQuantityFull('64Mi').format).toBe('BinarySI');
  });

  it("Go's error messages", () => {
    expect(ERR_FORMAT_WRONG).toBe("quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
    expect(quantityError('1GB')).toBe(ERR_FORMAT_WRONG);
    expect(quantityError('abc')).toBe(ERR_FORMAT_WRONG);
    expect(quantityError('')).toBe(ERR_FORMAT_WRONG);
    expect(quantityError('1Mb')).toBe(ERR_FORMAT_WRONG);
    expect(quantityError('5Zi')).toBe(ERR_FORMAT_WRONG);
    expect(quantityError('1KiB')).toBe(ERR_FORMAT_WRONG);
    expect(quantityError('1mM')).toBe(ERR_SUFFIX);
    expect(quantityError('250m')).toBeUndefined();
    expect(tryParseQuantity('x')).toBeUndefined();
  });
});

describe('formatQuantity (canonical form)', () => {
  it('decimal', () => {
    expect(formatQuantity(0.5)).toBe('500m');
    expect(formatQuantity(1.5)).toBe('1500m');
    expect(formatQuantity(1)).toBe('1');
    expect(formatQuantity(1000)).toBe('1k');
    expect(formatQuantity(1500)).toBe('1500');
    expect(formatQuantity(0)).toBe('0');
    expect(formatQuantity(0.0001)).toBe('100u');
  });

  it('binary', () => {
    expect(formatQuantity(1536 * 1024 * 1024, 'BinarySI')).toBe('1536Mi');
    expect(formatQuantity(1073741824, 'BinarySI')).toBe('1Gi');
    expect(formatQuantity(512, 'BinarySI')).toBe('512');
    expect(formatQuantity(1.5, 'BinarySI')).toBe('1500m');
  });

  it('round trips and millicores', () => {
    for (const s of ['100m', '2', '64Mi', '1Gi', '250m', '1k']) {
      const q = parseQuantityFull(s);
      expect(formatQuantity(q.value, q.format)).toBe(s);
    }
    expect(milliValue('0.1')).toBe(100);
    expect(milliValue('1')).toBe(1000);
    expect(milliValue('250m')).toBe(250);
  });
});
