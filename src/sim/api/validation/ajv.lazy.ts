/**
 * The worker build's ./ajv.ts: ajv is fetched as a chunk of its own on the first call,
 * so the engine's first download and compile do not carry it.
 */
import type Ajv from 'ajv';

export type AjvClass = typeof Ajv;

let cls: AjvClass | undefined;
let loading: Promise<void> | undefined;

export function loadAjv(): Promise<void> {
  loading ??= import('ajv').then((m) => {
    cls = m.default;
  });
  return loading;
}

export function ajvClass(): AjvClass | undefined {
  if (!cls) void loadAjv().catch(() => undefined);
  return cls;
}
