/**
 * The Kubernetes strategy the server uses: schema decoding (./validation/decode),
 * defaulting (./defaults) and validation (./validation), and for custom resources the
 * CRD's structural schema (pruning, then validation).
 */
import type { Strategy } from './server';
import { decode } from './validation/decode';
import { pruneCustom, validateCustom } from './validation/custom';
import { validate } from './validation';
import { applyDefaults } from './defaults';

export const kubernetesStrategy: Strategy = {
  decode(info, obj, opts) {
    return decode(info, obj, opts);
  },
  applyDefaults(info, obj, ctx) {
    if (info.crd) {
      pruneCustom(info, obj);
      return;
    }
    applyDefaults(info, obj, ctx);
  },
  validate(info, obj, old) {
    if (info.crd) return validateCustom(info, obj);
    return validate(info, obj, old);
  },
};
