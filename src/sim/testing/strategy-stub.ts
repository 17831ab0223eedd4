/**
 * Temporary pass-through schema layer for tests while the API server's defaulting and
 * validation modules are being written (no decode errors, no defaults, no validation).
 */
import type { Strategy } from '../api/server';

export const kubernetesStrategy: Strategy = {
  decode: () => ({ warnings: [] }),
  applyDefaults: () => {},
  validate: () => [],
};
