/**
 * The Kubernetes strategy the server uses: schema decoding (./validation/decode),
 * defaulting (./defaults) and validation (./validation), and for custom resources the
 * CRD's structural schema (pruning, then validation).
 */
import type { Strategy } from './server';
import { decode } from './validation/decode';
import { validate } from './validation';
import { applyDefaults, prepareForUpdate } from './defaults';

export const kubernetesStrategy: Strategy = {
  decode(info, obj, opts) {
    return decode(info, obj, opts);
  },
  // custom resources: pruning and the schema's defaults, then validation against the CRD's schema
  applyDefaults(info, obj, ctx) {
    applyDefaults(info, obj, ctx);
  },
  validate(info, obj, old) {
    return validate(info, obj, old);
  },
  prepareForUpdate(info, obj, old) {
    prepareForUpdate(info, obj, old);
  },
};
