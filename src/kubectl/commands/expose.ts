/**
 * `kubectl expose`: a Service for a Deployment, ReplicaSet, ReplicationController, Pod or
 * Service, with the selector and ports read from the object (kubectl's generator).
 */
import type { KObject } from '../../sim/api/types';
import { DRY_RUN, OUTPUT_FLAGS, type Command } from '../command';
import { isStatus, resolveResourceArgs } from '../context';
import { submit } from './create';
import { dryRunOf } from './util';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

export const exposeCommand: Command = {
  name: 'expose',
  flags: [
    ...OUTPUT_FLAGS,
    DRY_RUN,
    { name: 'port', type: 'string', default: '' },
    { name: 'target-port', type: 'string', default: '' },
    { name: 'protocol', type: 'string', default: '' },
    { name: 'type', type: 'string', default: '' },
    { name: 'name', type: 'string', default: '' },
    { name: 'selector', type: 'string', default: '' },
    { name: 'labels', short: 'l', type: 'string', default: '' },
    { name: 'external-ip', type: 'string', default: '' },
    { name: 'cluster-ip', type: 'string', default: '' },
    { name: 'load-balancer-ip', type: 'string', default: '' },
    { name: 'session-affinity', type: 'string', default: '' },
    { name: 'filename', short: 'f', type: 'stringSlice' },
    { name: 'save-config', type: 'bool', default: false },
    { name: 'field-manager', type: 'string', default: 'kubectl-expose' },
    { name: 'override-type', type: 'string', default: 'merge' },
    { name: 'overrides', type: 'string', default: '' },
  ],
  run(ctx) {
    const dry = dryRunOf(ctx);
    if (typeof dry === 'object') return ctx.fail(dry.error);
    if (!ctx.p.args.length) {
      ctx.err("error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'\n");
      return 1;
    }
    const groups = resolveResourceArgs(ctx, ctx.p.args, false);
    if ('error' in groups) return ctx.fail(groups.error);
    const g = groups[0];
    if (!g.names) return ctx.usage('resource(s) were provided, but no name was specified');
    if (!['Deployment', 'ReplicaSet', 'ReplicationController', 'Pod', 'Service'].includes(g.info.kind))
      return ctx.fail(`cannot expose a ${g.info.kind}.${g.info.group || ''}`.replace(/\.$/, ''));
    const obj = ctx.get(g.info, g.names[0]);
    if (isStatus(obj)) return ctx.status(obj);
    const o = obj as Any;
    let selector: Record<string, string> | undefined;
    const sf = ctx.flag<string>('selector');
    if (sf) selector = Object.fromEntries(sf.split(',').map((kv) => kv.split('=')));
    else if (g.info.kind === 'Pod') selector = obj.metadata.labels;
    else if (g.info.kind === 'Service' || g.info.kind === 'ReplicationController') selector = o.spec?.selector;
    else {
      if (o.spec?.selector?.matchExpressions?.length) return ctx.fail(`couldn't convert expressions - "${JSON.stringify(o.spec.selector.matchExpressions)}" to map: operator "In" cannot be converted into the old label selector format`);
      selector = o.spec?.selector?.matchLabels;
    }
    if (!selector || !Object.keys(selector).length) return ctx.fail(`couldn't retrieve selectors via --selector flag or introspection: the ${g.info.kind.toLowerCase()} has no labels`);
    const podSpec = g.info.kind === 'Pod' ? o.spec : g.info.kind === 'Service' ? undefined : o.spec?.template?.spec;
    let ports: { port: number; protocol: string; name?: string; target?: unknown }[] = [];
    const pf = ctx.flag<string>('port');
    const proto = ctx.flag<string>('protocol') || 'TCP';
    if (pf) ports = pf.split(',').map((p) => ({ port: parseInt(p, 10), protocol: proto }));
    else if (g.info.kind === 'Service') ports = (o.spec?.ports ?? []).map((p: Any) => ({ port: p.port, protocol: p.protocol ?? 'TCP', name: p.name, target: p.targetPort }));
    else {
      const found: Any[] = [];
      for (const c of podSpec?.containers ?? []) for (const p of c.ports ?? []) found.push(p);
      ports = found.map((p) => ({ port: p.containerPort, protocol: p.protocol ?? 'TCP', name: found.length > 1 ? p.name : undefined }));
    }
    if (!ports.length) return ctx.fail(`couldn't find port via --port flag or introspection\nSee 'kubectl expose -h' for help and examples`);
    const tp = ctx.flag<string>('target-port');
    const svcPorts = ports.map((p, i) => {
      const e: Record<string, unknown> = {};
      if (ports.length > 1) e.name = p.name ?? `port-${i + 1}`;
      e.port = p.port;
      e.protocol = p.protocol;
      e.targetPort = tp ? (/^\d+$/.test(tp) ? parseInt(tp, 10) : tp) : p.target ?? p.port;
      return e;
    });
    const name = ctx.flag<string>('name') || obj.metadata.name!;
    const labels = ctx.flag<string>('labels') ? Object.fromEntries(ctx.flag<string>('labels').split(',').map((kv) => kv.split('='))) : obj.metadata.labels;
    const metadata: Record<string, unknown> = { creationTimestamp: null };
    if (labels && Object.keys(labels).length) metadata.labels = labels;
    metadata.name = name;
    const spec: Record<string, unknown> = { ports: svcPorts, selector };
    if (ctx.flag<string>('type')) spec.type = ctx.flag<string>('type');
    if (ctx.flag<string>('cluster-ip')) spec.clusterIP = ctx.flag<string>('cluster-ip');
    if (ctx.flag<string>('external-ip')) spec.externalIPs = [ctx.flag<string>('external-ip')];
    if (ctx.flag<string>('session-affinity')) spec.sessionAffinity = ctx.flag<string>('session-affinity');
    const svc = { apiVersion: 'v1', kind: 'Service', metadata, spec, status: { loadBalancer: {} } } as unknown as KObject;
    const r = submit(ctx, ctx.resolveType('services')!, svc, dry, 'service', 'exposed');
    return r;
  },
};
