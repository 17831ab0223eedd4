/**
 * `kubectl auth can-i` when the server answers no SubjectAccessReview: the RBAC
 * authorizer's decision computed from the Roles and Bindings read through the API
 * (kubernetes plugin/pkg/auth/authorizer/rbac: bindings → subjects → rules; `*` wildcards,
 * resourceNames, subresources). The default user is a cluster admin, as kubeadm's.
 */
import type { KList, KObject } from '../../sim/api/types';
import type { Ctx } from '../context';
import { isStatus } from '../context';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

export interface Who {
  user: string;
  groups: string[];
}

export function whoFor(as: string, asGroups: string[]): Who {
  if (!as) return { user: 'kubernetes-admin', groups: ['kubeadm:cluster-admins', 'system:authenticated'] };
  const groups = [...asGroups, 'system:authenticated'];
  const sa = /^system:serviceaccount:([^:]+):([^:]+)$/.exec(as);
  if (sa) groups.push('system:serviceaccounts', `system:serviceaccounts:${sa[1]}`);
  return { user: as, groups };
}

function subjectMatches(s: Any, who: Who, bindingNs?: string): boolean {
  if (s.kind === 'User') return s.name === who.user;
  if (s.kind === 'Group') return who.groups.includes(s.name);
  if (s.kind === 'ServiceAccount') return who.user === `system:serviceaccount:${s.namespace ?? bindingNs}:${s.name}`;
  return false;
}

function ruleAllows(r: Any, verb: string, group: string, resource: string, name?: string): boolean {
  const has = (xs: string[] | undefined, v: string) => !!xs && (xs.includes('*') || xs.includes(v));
  if (!has(r.verbs, verb) || !has(r.apiGroups, group)) return false;
  const base = resource.split('/')[0];
  const resOk = has(r.resources, resource) || (resource.includes('/') && (r.resources ?? []).includes(`${base}/*`)) || (r.resources ?? []).includes('*/*');
  if (!resOk) return false;
  if (r.resourceNames?.length) return !!name && r.resourceNames.includes(name);
  return true;
}

function items(ctx: Ctx, resource: string, ns?: string | null): KObject[] {
  const info = ctx.resolveType(resource);
  if (!info) return [];
  const l = ctx.list(info, {}, ns);
  return isStatus(l) ? [] : (l as KList).items;
}

export function rbacAllows(ctx: Ctx, who: Who, verb: string, group: string, resource: string, namespace: string | undefined, name?: string): boolean {
  if (who.groups.includes('system:masters') || who.groups.includes('kubeadm:cluster-admins')) return true;
  const rulesOf = (ref: Any, ns?: string): Any[] => {
    const kind = ref?.kind === 'ClusterRole' ? 'clusterroles.rbac.authorization.k8s.io' : 'roles.rbac.authorization.k8s.io';
    const info = ctx.resolveType(kind);
    if (!info) return [];
    const r = ctx.get(info, ref.name, ns);
    return isStatus(r) ? [] : ((r as Any).rules ?? []);
  };
  for (const b of items(ctx, 'clusterrolebindings.rbac.authorization.k8s.io', null) as Any[]) {
    if (!(b.subjects ?? []).some((s: Any) => subjectMatches(s, who))) continue;
    if (rulesOf(b.roleRef).some((r) => ruleAllows(r, verb, group, resource, name))) return true;
  }
  if (!namespace) return false;
  for (const b of items(ctx, 'rolebindings.rbac.authorization.k8s.io', namespace) as Any[]) {
    if (!(b.subjects ?? []).some((s: Any) => subjectMatches(s, who, namespace))) continue;
    if (rulesOf(b.roleRef, namespace).some((r) => ruleAllows(r, verb, group, resource, name))) return true;
  }
  return false;
}
