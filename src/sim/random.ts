/**
 * The engine's only source of randomness: a small seeded generator (mulberry32), so a
 * seed and a list of inputs always give the same names, uids, IPs and jitter.
 */

/** k8s.io/apimachinery/pkg/util/rand: no vowels, no look-alikes, so names never spell words. */
export const NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

const HEX_CODES = Array.from('0123456789abcdef', (c) => c.charCodeAt(0));

export class Rng {
  private s: number;

  constructor(seed: number = 1) {
    this.s = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    let t = (this.s = (this.s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)];
  }

  /** A generateName suffix: `n` characters of the Kubernetes alphabet (5 by default). */
  suffix(n: number = 5): string {
    let out = '';
    for (let i = 0; i < n; i++) out += NAME_ALPHABET[this.int(NAME_ALPHABET.length)];
    return out;
  }

  hex(n: number): string {
    // char codes into one array, then one string: a uid per create made 32 string pieces
    const codes = new Array<number>(n);
    for (let i = 0; i < n; i++) codes[i] = HEX_CODES[this.int(16)];
    return String.fromCharCode.apply(null, codes);
  }

  /** An RFC 4122 version-4 shaped UUID. */
  uuid(): string {
    const h = this.hex(32);
    const variant = '89ab'[this.int(4)];
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }

  /** The generator's state, for snapshots. */
  state(): number {
    return this.s;
  }

  setState(s: number): void {
    this.s = s >>> 0;
  }
}

/**
 * FNV-1a 32-bit, the hash Kubernetes uses for pod-template-hash (over the template),
 * rendered with the safe alphabet as rand.SafeEncodeString does.
 */
export function fnv32a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** rand.SafeEncodeString: maps each character of the decimal hash onto the name alphabet. */
export function safeEncode(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) out += NAME_ALPHABET[s.charCodeAt(i) % NAME_ALPHABET.length];
  return out;
}

/** A pod-template-hash style value for any JSON-able template. */
export function templateHash(template: unknown, collisionCount = 0): string {
  let text = stableStringify(template);
  if (collisionCount) text += String(collisionCount);
  return safeEncode(String(fnv32a(text)));
}

/** JSON with sorted keys, so equal objects hash equally. */
export function stableStringify(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  if (Array.isArray(v)) return `[${v.map(stableStringify).join(',')}]`;
  const keys = Object.keys(v as Record<string, unknown>).sort();
  return `{${keys
    .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
    .map((k) => `${JSON.stringify(k)}:${stableStringify((v as Record<string, unknown>)[k])}`)
    .join(',')}}`;
}
