/**
 * Who may do what: the RBAC authorizer (kubernetes plugin/pkg/auth/authorizer/rbac) behind
 * the access reviews `kubectl auth can-i` posts, and SelfSubjectReview for `kubectl auth
 * whoami`. Bindings → subjects → rules, with `*` wildcards, resourceNames and subresources.
 *
 * Requests are not refused by it: every caller of the sandbox is its cluster admin. The
 * reviews answer for other users (`--as`, SubjectAccessReview) from the Roles and Bindings
 * in the store, so a learner can check the RBAC they wrote.
 */
import { badRequest } from './errors';
import type { KindInfo } from './registry';
import { DEFAULT_USER, fail, type ApiServer } from './server';
import type { ApiRequest, ApiResponse, KObject } from './types';

export interface UserInfo {
  username: string;
  groups: string[];
}

const ADMIN: UserInfo = { username: DEFAULT_USER, groups: ['kubeadm:cluster-admins', 'system:authenticated'] };

/** The user a request runs as: the kubeconfig's admin unless impersonated. */
export function userOf(req: Pick<ApiRequest, 'user' | 'groups'>): UserInfo {
  if (!req.user || req.user === ADMIN.username) return req.groups?.length ? { username: ADMIN.username, groups: [...req.groups, 'system:authenticated'] } : ADMIN;
  return withImplicitGroups(req.user, req.groups ?? []);
}

function withImplicitGroups(username: string, groups: string[]): UserInfo {
  const all = [...groups];
  const sa = /^system:serviceaccount:([^:]+):([^:]+)$/.exec(username);
  if (sa) all.push('system:serviceaccounts', `system:serviceaccounts:${sa[1]}`);
  if (!all.includes('system:authenticated') && username !== 'system:anonymous') all.push('system:authenticated');
  return { username, groups: all };
}

export interface ResourceAttributes {
  namespace?: string;
  verb?: string;
  group?: string;
  resource?: string;
  subresource?: string;
  name?: string;
}

export interface NonResourceAttributes {
  path?: string;
  verb?: string;
}

interface Rule {
  verbs?: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

interface Subject {
  kind?: string;
  name?: string;
  namespace?: string;
}

interface BindingLike extends KObject {
  subjects?: Subject[];
  roleRef?: { kind?: string; name?: string };
}

const has = (xs: string[] | undefined, v: string) => !!xs && (xs.includes('*') || xs.includes(v));

function subjectMatches(s: Subject, who: UserInfo, bindingNs?: string): boolean {
  if (s.kind === 'User') return s.name === who.username;
  if (s.kind === 'Group') return who.groups.includes(s.name ?? '');
  if (s.kind === 'ServiceAccount') return who.username === `system:serviceaccount:${s.namespace || bindingNs}:${s.name}`;
  return false;
}

function resourceRuleAllows(r: Rule, a: ResourceAttributes): boolean {
  if (!has(r.verbs, a.verb ?? '') || !has(r.apiGroups, a.group ?? '')) return false;
  const resource = a.subresource ? `${a.resource}/${a.subresource}` : (a.resource ?? '');
  const rs = r.resources ?? [];
  const resourceOk = has(rs, resource) || (a.subresource ? rs.includes(`${a.resource}/*`) || rs.includes(`*/${a.subresource}`) : false);
  if (!resourceOk) return false;
  if (r.resourceNames?.length) return !!a.name && r.resourceNames.includes(a.name);
  return true;
}

function nonResourceRuleAllows(r: Rule, a: NonResourceAttributes): boolean {
  if (!has(r.verbs, a.verb ?? '')) return false;
  return (r.nonResourceURLs ?? []).some((u) => u === '*' || u === a.path || (u.endsWith('*') && (a.path ?? '').startsWith(u.slice(0, -1))));
}

/** RBAC's decision and its reason, worded as kube-apiserver words it. */
export function authorize(api: ApiServer, who: UserInfo, attrs: { resource?: ResourceAttributes; nonResource?: NonResourceAttributes }): { allowed: boolean; reason?: string } {
  if (who.groups.includes('system:masters')) return { allowed: true };
  const allows = (rules: Rule[]) => rules.some((r) => (attrs.resource ? resourceRuleAllows(r, attrs.resource) : nonResourceRuleAllows(r, attrs.nonResource ?? {})));
  const rulesOf = (ref: BindingLike['roleRef'], ns?: string): Rule[] => {
    const role = ref?.kind === 'ClusterRole' ? api.store.get('rbac.authorization.k8s.io/clusterroles', undefined, ref.name ?? '') : api.store.get('rbac.authorization.k8s.io/roles', ns, ref?.name ?? '');
    return ((role as { rules?: Rule[] } | undefined)?.rules ?? []) as Rule[];
  };
  const allowedBy = (b: BindingLike, s: Subject) => `RBAC: allowed by ${b.kind} "${b.metadata.name}" of ${b.roleRef?.kind} "${b.roleRef?.name}" to ${s.kind} "${s.name}"`;
  for (const b of api.store.list('rbac.authorization.k8s.io/clusterrolebindings') as BindingLike[]) {
    const s = (b.subjects ?? []).find((x) => subjectMatches(x, who));
    if (s && allows(rulesOf(b.roleRef))) return { allowed: true, reason: allowedBy({ ...b, kind: 'ClusterRoleBinding' }, s) };
  }
  // kubeadm binds its admin group to cluster-admin; the sandbox has no default ClusterRoles to say so
  if (who.groups.includes('kubeadm:cluster-admins'))
    return { allowed: true, reason: 'RBAC: allowed by ClusterRoleBinding "kubeadm:cluster-admins" of ClusterRole "cluster-admin" to Group "kubeadm:cluster-admins"' };
  const ns = attrs.resource?.namespace;
  if (ns)
    for (const b of api.store.list('rbac.authorization.k8s.io/rolebindings', ns) as BindingLike[]) {
      const s = (b.subjects ?? []).find((x) => subjectMatches(x, who, ns));
      if (s && allows(rulesOf(b.roleRef, ns))) return { allowed: true, reason: allowedBy({ ...b, kind: 'RoleBinding' }, s) };
    }
  return { allowed: false };
}

interface ReviewBody {
  apiVersion?: string;
  kind?: string;
  metadata?: Record<string, unknown>;
  spec?: { resourceAttributes?: ResourceAttributes; nonResourceAttributes?: NonResourceAttributes; user?: string; groups?: string[]; uid?: string };
}

function accessReview(api: ApiServer, req: ApiRequest, info: KindInfo): ApiResponse {
  const body = (req.body ?? {}) as ReviewBody;
  const spec = body.spec ?? {};
  if (!spec.resourceAttributes && !spec.nonResourceAttributes)
    return fail(badRequest(`${info.kind}.authorization.k8s.io "" is invalid: spec.resourceAttributes: Invalid value: "null": exactly one of nonResourceAttributes or resourceAttributes must be specified`));
  let who: UserInfo;
  let resource = spec.resourceAttributes;
  if (info.kind === 'SelfSubjectAccessReview') who = userOf(req);
  else {
    if (!spec.user && !spec.groups?.length)
      return fail(badRequest(`${info.kind}.authorization.k8s.io "" is invalid: spec.user: Invalid value: "": at least one of user or group must be specified`));
    who = { username: spec.user ?? '', groups: spec.groups ?? [] };
    if (info.kind === 'LocalSubjectAccessReview') resource = resource && { ...resource, namespace: req.namespace };
  }
  const decision = authorize(api, who, { resource, nonResource: resource ? undefined : spec.nonResourceAttributes });
  return {
    code: 201,
    body: {
      kind: info.kind,
      apiVersion: 'authorization.k8s.io/v1',
      metadata: { ...(info.namespaced && req.namespace ? { namespace: req.namespace } : {}), creationTimestamp: null },
      spec: { ...spec, ...(resource ? { resourceAttributes: resource } : {}) },
      status: { allowed: decision.allowed, ...(decision.reason ? { reason: decision.reason } : {}) },
    } as unknown as KObject,
  };
}

/** Registers the access reviews and SelfSubjectReview. */
export function registerReviews(api: ApiServer): void {
  for (const plural of ['selfsubjectaccessreviews', 'subjectaccessreviews', 'localsubjectaccessreviews'])
    api.review('authorization.k8s.io', plural, (req, info) => accessReview(api, req, info));
  api.review('authentication.k8s.io', 'selfsubjectreviews', (req) => {
    const who = userOf(req);
    return {
      code: 201,
      body: { kind: 'SelfSubjectReview', apiVersion: 'authentication.k8s.io/v1', metadata: { creationTimestamp: null }, status: { userInfo: { username: who.username, groups: who.groups } } } as unknown as KObject,
    };
  });
}
