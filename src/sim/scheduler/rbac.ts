/**
 * A small RBAC evaluator for components that run as a ServiceAccount (a second
 * scheduler): ClusterRoleBindings and RoleBindings whose subjects name the account (or
 * its groups), rules matched on apiGroup, resource (with subresource), verb and
 * resourceNames, as kubernetes `plugin/pkg/auth/authorizer/rbac` does. Aggregated roles
 * are not expanded.
 */
import type { Cluster } from '../cluster';
import type { KObject } from '../api/types';

interface Rule {
  apiGroups?: string[];
  resources?: string[];
  verbs?: string[];
  resourceNames?: string[];
}

interface Subject {
  kind: string;
  name: string;
  namespace?: string;
}

export interface Account {
  namespace: string;
  name: string;
}

export function userOf(a: Account): string {
  return `system:serviceaccount:${a.namespace}:${a.name}`;
}

function subjectMatches(s: Subject, a: Account, bindingNs?: string): boolean {
  if (s.kind === 'ServiceAccount') return s.name === a.name && (s.namespace ?? bindingNs) === a.namespace;
  if (s.kind === 'User') return s.name === userOf(a);
  if (s.kind === 'Group') return ['system:serviceaccounts', `system:serviceaccounts:${a.namespace}`, 'system:authenticated'].includes(s.name);
  return false;
}

function ruleAllows(r: Rule, verb: string, group: string, resource: string, name?: string): boolean {
  const has = (xs: string[] | undefined, v: string) => !!xs && (xs.includes('*') || xs.includes(v));
  if (!has(r.verbs, verb) || !has(r.apiGroups, group)) return false;
  const [base] = resource.split('/');
  const resOk = has(r.resources, resource) || (resource.includes('/') && (r.resources ?? []).includes(`${base}/*`)) || (r.resources ?? []).includes('*/*');
  if (!resOk) return false;
  if (r.resourceNames?.length) return !!name && r.resourceNames.includes(name);
  return true;
}

function rulesOf(cluster: Cluster, ref: { kind: string; name: string }, ns?: string): Rule[] {
  const role =
    ref.kind === 'ClusterRole'
      ? cluster.api.store.get('rbac.authorization.k8s.io/clusterroles', undefined, ref.name)
      : cluster.api.store.get('rbac.authorization.k8s.io/roles', ns, ref.name);
  return ((role as KObject | undefined)?.rules as Rule[] | undefined) ?? [];
}

/** Can the account do `verb` on `resource` (e.g. `pods/binding`)? `namespace` undefined = cluster scope. */
export function can(cluster: Cluster, a: Account, verb: string, group: string, resource: string, namespace?: string, name?: string): boolean {
  for (const b of cluster.api.store.list('rbac.authorization.k8s.io/clusterrolebindings')) {
    if (!((b.subjects as Subject[] | undefined) ?? []).some((s) => subjectMatches(s, a))) continue;
    const ref = b.roleRef as { kind: string; name: string };
    if (rulesOf(cluster, ref).some((r) => ruleAllows(r, verb, group, resource, name))) return true;
  }
  if (namespace)
    for (const b of cluster.api.store.list('rbac.authorization.k8s.io/rolebindings', namespace)) {
      if (!((b.subjects as Subject[] | undefined) ?? []).some((s) => subjectMatches(s, a, namespace))) continue;
      const ref = b.roleRef as { kind: string; name: string };
      if (rulesOf(cluster, ref, namespace).some((r) => ruleAllows(r, verb, group, resource, name))) return true;
    }
  return false;
}

/** The apiserver's wording of an RBAC denial. */
export function forbiddenText(a: Account, verb: string, group: string, resource: string, namespace?: string, name?: string): string {
  const [res, sub] = resource.split('/');
  const what = `${group ? `${res}.${group}` : res}${name ? ` "${name}"` : ''}`;
  const scope = namespace ? `in the namespace "${namespace}"` : 'at the cluster scope';
  return `${what} is forbidden: User "${userOf(a)}" cannot ${verb} resource "${res}${sub ? `/${sub}` : ''}" in API group "${group}" ${scope}`;
}
