/**
 * `kubectl describe TYPE [NAME_PREFIX]` / `TYPE/NAME` / `-l`: one describer per kind and
 * the Events section (events whose involvedObject is the object). A name that matches no
 * object exactly describes every object whose name starts with it, as kubectl does.
 */
import type { KindInfo } from '../../sim/api/registry';
import type { KList, KObject } from '../../sim/api/types';
import { FILE_FLAGS, type Command } from '../command';
import { type Ctx, isStatus, resolveResourceArgs } from '../context';
import { describePod } from '../describe/pods';
import {
  type DescribeEnv,
  describeConfigMap,
  describeCronJob,
  describeDaemonSet,
  describeDeployment,
  describeEndpoints,
  describeGeneric,
  describeJob,
  describeLimitRange,
  describeNamespace,
  describeNode,
  describePvc,
  describeReplicaSet,
  describeResourceQuota,
  describeSecret,
  describeService,
  describeStatefulSet,
  describeStorageClass,
} from '../describe/resources';
import { DescribeWriter, eventsBlock } from '../describe/writer';
import { describeIngress, describeNetworkPolicy, describeRole, describeRoleBinding, describeServiceAccount } from '../describe/more';
import { formatStatus } from '../errors';

function listIn(ctx: Ctx, resource: string, ns: string | null, query: Record<string, unknown> = {}): KObject[] {
  const info = ctx.resolveType(resource);
  if (!info) return [];
  const l = ctx.list(info, query, ns);
  return isStatus(l) ? [] : (l as KList).items;
}

export function describeObject(ctx: Ctx, info: KindInfo, obj: KObject, showEvents = true): string {
  const w = new DescribeWriter();
  const ns = obj.metadata.namespace ?? '';
  const now = ctx.now();
  const env: DescribeEnv = {
    now,
    pods: () => listIn(ctx, 'pods', ns),
    replicaSets: () => listIn(ctx, 'replicasets.apps', ns),
    podsOnNode: (node) => listIn(ctx, 'pods', null, { fieldSelector: `spec.nodeName=${node}` }),
    lease: (node) => {
      const l = ctx.get(ctx.resolveType('leases.coordination.k8s.io')!, node, 'kube-node-lease');
      return isStatus(l) ? undefined : (l as KObject);
    },
  };
  const key = `${info.group}/${info.kind}`;
  switch (key) {
    case '/Pod':
      describePod(w, obj, now);
      break;
    case 'apps/Deployment':
      describeDeployment(w, obj, env);
      break;
    case 'apps/ReplicaSet':
      describeReplicaSet(w, obj, env);
      break;
    case 'apps/StatefulSet':
      describeStatefulSet(w, obj, env);
      break;
    case 'apps/DaemonSet':
      describeDaemonSet(w, obj, env);
      break;
    case 'batch/Job':
      describeJob(w, obj, env);
      break;
    case 'batch/CronJob':
      describeCronJob(w, obj);
      break;
    case 'networking.k8s.io/NetworkPolicy':
      describeNetworkPolicy(w, obj);
      break;
    case 'storage.k8s.io/StorageClass':
      describeStorageClass(w, obj);
      break;
    case '/Service': {
      // kubectl 1.32 reads the Service's EndpointSlices for the Endpoints line
      const slices = listIn(ctx, 'endpointslices.discovery.k8s.io', ns, { labelSelector: `kubernetes.io/service-name=${obj.metadata.name}` });
      describeService(w, obj, slices);
      break;
    }
    case '/Endpoints':
      describeEndpoints(w, obj);
      break;
    case '/Node':
      describeNode(w, obj, env);
      break;
    case '/Namespace':
      describeNamespace(w, obj, listIn(ctx, 'resourcequotas', obj.metadata.name!), listIn(ctx, 'limitranges', obj.metadata.name!));
      break;
    case '/ResourceQuota':
      describeResourceQuota(w, obj);
      break;
    case '/LimitRange':
      describeLimitRange(w, obj);
      break;
    case '/ConfigMap':
      describeConfigMap(w, obj);
      break;
    case '/Secret':
      describeSecret(w, obj);
      break;
    case '/PersistentVolumeClaim':
      describePvc(w, obj, env.pods());
      break;
    case '/ServiceAccount':
      describeServiceAccount(w, obj);
      break;
    case 'rbac.authorization.k8s.io/Role':
    case 'rbac.authorization.k8s.io/ClusterRole':
      describeRole(w, obj);
      break;
    case 'rbac.authorization.k8s.io/RoleBinding':
    case 'rbac.authorization.k8s.io/ClusterRoleBinding':
      describeRoleBinding(w, obj);
      break;
    case 'networking.k8s.io/Ingress':
      describeIngress(w, obj, (svc, port) => {
        const ep = ctx.get(ctx.resolveType('endpoints')!, svc, ns);
        if (isStatus(ep)) return `<error: endpoints "${svc}" not found>`;
        const addrs: string[] = [];
        // eslint-disable-next-line @typescript-eslint/no-explicit-any
        for (const ss of ((ep as any).subsets ?? []) as any[]) {
          // eslint-disable-next-line @typescript-eslint/no-explicit-any
          const pp = (ss.ports ?? []).find((x: any) => x.port === port || x.name === port) ?? ss.ports?.[0];
          // eslint-disable-next-line @typescript-eslint/no-explicit-any
          for (const a of (ss.addresses ?? []) as any[]) addrs.push(`${a.ip}:${pp?.port ?? port}`);
        }
        return addrs.length ? addrs.join(',') : '<none>';
      });
      break;
    default:
      describeGeneric(w, obj);
  }
  // kubectl's RBAC, Secret, NetworkPolicy, quota, LimitRange and Namespace describers print no Events section
  const noEvents = key.startsWith('rbac.authorization.k8s.io/') || key === '/Secret' || key === 'networking.k8s.io/NetworkPolicy' || key === '/ResourceQuota' || key === '/LimitRange' || key === '/Namespace';
  if (showEvents && !noEvents) {
    const fs = [`involvedObject.name=${obj.metadata.name}`, `involvedObject.namespace=${ns}`];
    if (obj.metadata.uid) fs.push(`involvedObject.uid=${obj.metadata.uid}`);
    const evNs = info.namespaced ? ns : 'default';
    const events = listIn(ctx, 'events', info.namespaced ? evNs : null, { fieldSelector: fs.join(',') }).filter(
      (e) => (e as { involvedObject?: { kind?: string } }).involvedObject?.kind === info.kind,
    );
    eventsBlock(w, events, now);
  }
  return w.text();
}

export const describeCommand: Command = {
  name: 'describe',
  flags: [
    ...FILE_FLAGS,
    { name: 'selector', short: 'l', type: 'string', default: '' },
    { name: 'all-namespaces', short: 'A', type: 'bool', default: false },
    { name: 'show-events', type: 'bool', default: true },
    { name: 'chunk-size', type: 'int', default: 500 },
  ],
  run(ctx) {
    if (ctx.p.args.length === 0) {
      return ctx.fail('You must specify the type of resource to describe. Use "kubectl api-resources" for a complete list of supported resources.');
    }
    const groups = resolveResourceArgs(ctx, ctx.p.args);
    if ('error' in groups) return ctx.fail(groups.error);
    const allNs = ctx.flag<boolean>('all-namespaces');
    const selector = ctx.flag<string>('selector');
    const found: { info: KindInfo; obj: KObject }[] = [];
    let code = 0;
    for (const g of groups) {
      if (g.names) {
        for (const name of g.names) {
          const o = ctx.get(g.info, name);
          if (!isStatus(o)) {
            found.push({ info: g.info, obj: o });
            continue;
          }
          if (o.code !== 404) {
            code = ctx.status(o);
            continue;
          }
          const l = ctx.list(g.info, {});
          const prefixed = isStatus(l) ? [] : l.items.filter((x) => x.metadata.name!.startsWith(name));
          if (prefixed.length === 0) {
            ctx.err(formatStatus(o));
            code = 1;
            continue;
          }
          found.push(...prefixed.map((obj) => ({ info: g.info, obj })));
        }
      } else {
        const l = ctx.list(g.info, selector ? { labelSelector: selector } : {}, allNs ? null : undefined);
        if (isStatus(l)) return ctx.status(l);
        found.push(...l.items.map((obj) => ({ info: g.info, obj })));
      }
    }
    if (found.length === 0 && code === 0) {
      const namespaced = groups.some((g) => g.info.namespaced);
      ctx.err(namespaced && !allNs ? `No resources found in ${ctx.namespace} namespace.\n` : 'No resources found\n');
      return 0;
    }
    let first = true;
    for (const f of found) {
      const s = describeObject(ctx, f.info, f.obj, ctx.flag<boolean>('show-events'));
      ctx.out(first ? s : `\n\n${s}`);
      first = false;
    }
    return code;
  },
};
