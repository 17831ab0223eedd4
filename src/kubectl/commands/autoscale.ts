/** `kubectl autoscale`: an autoscaling/v1 HorizontalPodAutoscaler for a scalable workload, as kubectl 1.32 posts it. */
import type { KObject } from '../../sim/api/types';
import { DRY_RUN, OUTPUT_FLAGS, type Command } from '../command';
import { isStatus, resolveResourceArgs } from '../context';
import { submit } from './create';
import { dryRunOf } from './util';

export const autoscaleCommand: Command = {
  name: 'autoscale',
  flags: [...OUTPUT_FLAGS, DRY_RUN, { name: 'min', type: 'int', default: -1 }, { name: 'max', type: 'int', default: -1 }, { name: 'cpu-percent', type: 'int', default: -1 }, { name: 'name', type: 'string', default: '' }, { name: 'filename', short: 'f', type: 'stringSlice' }, { name: 'save-config', type: 'bool', default: false }, { name: 'field-manager', type: 'string', default: 'kubectl-autoscale' }],
  run(ctx) {
    if (!ctx.p.set.has('max')) return ctx.fail('required flag(s) "max" not set');
    const dry = dryRunOf(ctx);
    if (typeof dry === 'object') return ctx.fail(dry.error);
    const groups = resolveResourceArgs(ctx, ctx.p.args, false);
    if ('error' in groups) return ctx.fail(groups.error);
    const g = groups[0];
    if (!g?.names) return ctx.usage('resource(s) were provided, but no name was specified');
    if (!g.info.subresources.scale) return ctx.fail(`cannot autoscale a ${g.info.kind}: ${g.info.kind.toLowerCase()} "${g.names[0]}" does not support scale subresource`);
    const max = ctx.flag<number>('max');
    const min = ctx.flag<number>('min');
    if (max < 1) return ctx.fail('--max=MAXPODS is required and must be at least 1, max: ' + max);
    if (min > max) return ctx.fail(`--max=MAXPODS must be larger or equal to --min=MINPODS, max: ${max}, min: ${min}`);
    const target = ctx.get(g.info, g.names[0]);
    if (isStatus(target)) return ctx.status(target);
    const name = ctx.flag<string>('name') || g.names[0];
    const spec: Record<string, unknown> = { maxReplicas: max };
    if (min >= 0) spec.minReplicas = min;
    spec.scaleTargetRef = { apiVersion: g.info.group ? `${g.info.group}/${g.info.version}` : g.info.version, kind: g.info.kind, name: g.names[0] };
    const cpu = ctx.flag<number>('cpu-percent');
    if (cpu >= 0) spec.targetCPUUtilizationPercentage = cpu;
    const hpa = { apiVersion: 'autoscaling/v1', kind: 'HorizontalPodAutoscaler', metadata: { creationTimestamp: null, name }, spec, status: { currentReplicas: 0, desiredReplicas: 0 } } as unknown as KObject;
    const info = ctx.reg.resource('autoscaling', 'v1', 'horizontalpodautoscalers');
    if (!info) return ctx.fail(`the server doesn't have a resource type "horizontalpodautoscalers"`);
    return submit(ctx, info, hpa, dry, 'horizontalpodautoscaler', 'autoscaled');
  },
};
