/**
 * A reconcile context whose observations reach the activity log only when the reconcile
 * then decides or writes something: a learner stepping through a rollout sees the steps
 * that act, not every "3 pods, want 3" that changes nothing.
 */
import type { ReconcileContext } from '../runtime';

export function quiet(ctx: ReconcileContext): ReconcileContext {
  let flushed = false;
  let held: string[] | undefined;
  const flush = () => {
    if (held) for (const t of held) ctx.observe(t);
    held = undefined;
    flushed = true;
  };
  return {
    now: () => ctx.now(),
    observe: (t) => (flushed ? ctx.observe(t) : (held ??= []).push(t)),
    decide: (t) => {
      flush();
      ctx.decide(t);
    },
    request: (req) => {
      if (req.verb !== 'get' && req.verb !== 'list') flush();
      return ctx.request(req);
    },
  };
}
