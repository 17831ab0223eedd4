/**
 * The page's worker gets ajv late (./ajv.lazy.ts): until it is in, a hot kind is decoded by
 * the walker alone, with the very answers the fast path would give.
 */
import { describe, expect, it, vi } from 'vitest';
import { BUILTIN_KINDS } from '../builtins';

const ajvState = vi.hoisted(() => ({ loaded: false }));
vi.mock('./ajv', async () => {
  const real = await vi.importActual<typeof import('./ajv')>('./ajv');
  return { ...real, ajvClass: () => (ajvState.loaded ? real.ajvClass() : undefined) };
});

const { decode, decodeTuning } = await import('./decode');
const pod = BUILTIN_KINDS.find((k) => k.kind === 'Pod' && k.group === '')!;
const mk = (): any => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', labels: { app: 'x' } },
  spec: { containers: [{ name: 'a', image: 'nginx', resources: { requests: { cpu: '100m' } } }] },
});

describe('decode while ajv is still loading', () => {
  it('gives the same answers before and after ajv arrives', () => {
    const saved = decodeTuning.ajvAfter;
    decodeTuning.ajvAfter = 0; // every call would take the fast path if it could
    try {
      const answers = () => {
        const bad = mk();
        bad.spec.containers[0].imagee = 'x';
        const nul = mk();
        nul.metadata.labels = null;
        return [decode(pod, mk()), decode(pod, bad).status?.message, decode(pod, nul), 'labels' in nul.metadata];
      };
      const before = answers();
      expect(before[1]).toBe('Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "spec.containers[0].imagee"');
      ajvState.loaded = true;
      expect(answers()).toEqual(before);
    } finally {
      decodeTuning.ajvAfter = saved;
    }
  });
});

describe('ajv.lazy', () => {
  it('has no class until loaded, then the one ajv exports', async () => {
    const lazy = await import('./ajv.lazy');
    const real = await import('./ajv');
    expect(lazy.ajvClass()).toBeUndefined(); // starts the load
    await lazy.loadAjv();
    expect(lazy.ajvClass()).toBe(real.ajvClass());
  });
});
