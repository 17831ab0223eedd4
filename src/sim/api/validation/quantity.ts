/**
 * resource.Quantity (k8s.io/apimachinery/pkg/api/resource): parses `500m`, `1Gi`, `1e3`, `2`
 * into plain numbers (cores, bytes, counts) and formats numbers back in Kubernetes' canonical
 * form (`1500m`, `1536Mi`). The scheduler, kubelet, quota and HPA reuse it.
 *
 * Numbers are JS doubles, not Go's inf.Dec: exact for every value a course uses
 * (milli-units up to petabytes); sub-milli precision is rounded up as Go does (0.1m → 1m)
 * when formatting.
 */

export const QUANTITY_REGEX = '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$';
export const ERR_FORMAT_WRONG = `quantities must match the regular expression '${QUANTITY_REGEX}'`;
export const ERR_NUMERIC = 'unable to parse numeric part of quantity';
export const ERR_SUFFIX = "unable to parse quantity's suffix";

export type QuantityFormat = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';

export class QuantityError extends Error {}

const BINARY: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const DECIMAL: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };

export interface ParsedQuantity {
  value: number;
  format: QuantityFormat;
}

const numberRe = /^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)$/;

/** Parses a quantity with its format; throws QuantityError with Go's messages. */
export function parseQuantityFull(input: string | number): ParsedQuantity {
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) throw new QuantityError(ERR_FORMAT_WRONG);
    return { value: input, format: 'DecimalSI' };
  }
  const s = input.trim();
  if (s.length === 0) throw new QuantityError(ERR_FORMAT_WRONG);
  const m = /^([+-]?[0-9.]+)(.*)$/.exec(s);
  if (!m || !/^[eEinumkKMGTP]*[-+]?[0-9]*$/.test(m[2])) throw new QuantityError(ERR_FORMAT_WRONG);
  const [, num, suffix] = m;
  if (!numberRe.test(num)) throw new QuantityError(ERR_NUMERIC);
  const n = Number(num);
  if (suffix in BINARY) return { value: n * 2 ** BINARY[suffix], format: 'BinarySI' };
  if (suffix in DECIMAL) return { value: n * 10 ** DECIMAL[suffix], format: 'DecimalSI' };
  const e = /^[eE]([-+]?[0-9]+)$/.exec(suffix);
  if (e) return { value: n * 10 ** Number(e[1]), format: 'DecimalExponent' };
  throw new QuantityError(ERR_SUFFIX);
}

/** `500m` → 0.5, `1Gi` → 1073741824, `2` → 2. Throws QuantityError. */
export function parseQuantity(input: string | number): number {
  return parseQuantityFull(input).value;
}

/** Like parseQuantity, but undefined for bad input. */
export function tryParseQuantity(input: unknown): number | undefined {
  if (typeof input !== 'string' && typeof input !== 'number') return undefined;
  try {
    return parseQuantity(input);
  } catch {
    return undefined;
  }
}

/** The error message Go gives for a bad quantity, or undefined when it parses. */
export function quantityError(input: unknown): string | undefined {
  if (typeof input !== 'string' && typeof input !== 'number') return ERR_FORMAT_WRONG;
  try {
    parseQuantity(input);
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

function isInt(x: number): boolean {
  return Math.abs(x - Math.round(x)) < 1e-9 * Math.max(1, Math.abs(x));
}

/**
 * Canonical string of a value, as Quantity.String(): the largest suffix that loses no
 * precision. BinarySI falls back to DecimalSI for values that are not whole multiples of
 * 1024 (as Go does for e.g. 1.5 = `1500m`).
 */
export function formatQuantity(value: number, format: QuantityFormat = 'DecimalSI'): string {
  if (value === 0) return '0';
  const sign = value < 0 ? '-' : '';
  const v = Math.abs(value);
  if (format === 'BinarySI' && v >= 1024 && isInt(v)) {
    const r = Math.round(v);
    for (const [suf, exp] of Object.entries(BINARY).reverse()) {
      const unit = 2 ** exp;
      if (r % unit === 0) return `${sign}${r / unit}${suf}`;
    }
  }
  if (format === 'BinarySI' && v < 1024 && isInt(v)) return `${sign}${Math.round(v)}`;
  // values below 1 nano-unit are rounded up to 1n; Go rounds sub-milli to 'm' granularity only when scale demands
  const nanos = Math.ceil(v * 1e9 - 1e-6);
  const decimals: Array<[string, number]> = [
    ['E', 18],
    ['P', 15],
    ['T', 12],
    ['G', 9],
    ['M', 6],
    ['k', 3],
    ['', 0],
    ['m', -3],
    ['u', -6],
    ['n', -9],
  ];
  if (format === 'DecimalExponent') {
    for (const [, exp] of decimals) {
      const scaled = v / 10 ** exp;
      if (exp % 3 === 0 && isInt(scaled)) return exp === 0 ? `${sign}${Math.round(scaled)}` : `${sign}${Math.round(scaled)}e${exp}`;
    }
  }
  for (const [suf, exp] of decimals) {
    if (exp >= 0) {
      const scaled = v / 10 ** exp;
      if (isInt(scaled) && Math.round(scaled) !== 0) {
        // Go keeps the number small: 1000 → 1k, 1500 → 1500
        return `${sign}${Math.round(scaled)}${suf}`;
      }
    } else {
      const scaled = nanos / 10 ** (9 + exp);
      if (isInt(scaled)) return `${sign}${Math.round(scaled)}${suf}`;
    }
  }
  return `${sign}${nanos}n`;
}

/** CPU as millicores (integer), as the scheduler and `kubectl top` count it. */
export function milliValue(input: string | number): number {
  return Math.ceil(parseQuantity(input) * 1000 - 1e-9);
}
