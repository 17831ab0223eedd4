/**
 * Access reviews through the request interface: the RBAC decisions `kubectl auth can-i`
 * prints, for the admin, for impersonated users and for SubjectAccessReviews.
 */
import { describe, expect, it } from 'vitest';
import { Cluster } from '../cluster';

function cluster() {
  const c = new Cluster({ seed: 1 });
  const create = (group: string, resource: string, body: object, namespace?: string) => {
    const r = c.request({ verb: 'create', group, version: 'v1', resource, namespace, body });
    expect(r.code).toBe(201);
  };
  create('', 'namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'dev' } });
  create('rbac.authorization.k8s.io', 'roles', { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'reader' }, rules: [{ apiGroups: [''], resources: ['pods', 'pods/log'], verbs: ['get', 'list'] }, { apiGroups: ['apps'], resources: ['deployments'], resourceNames: ['web'], verbs: ['*'] }] }, 'dev');
  create('rbac.authorization.k8s.io', 'rolebindings', { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'jane-reads' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'reader' }, subjects: [{ kind: 'User', name: 'jane' }, { kind: 'ServiceAccount', name: 'ci' }] }, 'dev');
  create('rbac.authorization.k8s.io', 'clusterroles', { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'health' }, rules: [{ nonResourceURLs: ['/healthz', '/metrics/*'], verbs: ['get'] }] });
  create('rbac.authorization.k8s.io', 'clusterrolebindings', { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: 'ops-health' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'health' }, subjects: [{ kind: 'Group', name: 'ops' }] });
  return c;
}

type Review = { status: { allowed: boolean; reason?: string } };

function selfReview(c: Cluster, attrs: object, as?: { user?: string; groups?: string[] }) {
  return c.request({ verb: 'create', group: 'authorization.k8s.io', version: 'v1', resource: 'selfsubjectaccessreviews', ...as, body: { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec: attrs } });
}
const allowed = (c: Cluster, attrs: object, as?: { user?: string; groups?: string[] }) => (selfReview(c, attrs, as).body as Review).status.allowed;
const res = (verb: string, resource: string, namespace = 'dev', more: object = {}) => ({ resourceAttributes: { verb, resource, namespace, ...more } });

describe('SelfSubjectAccessReview', () => {
  it('allows the kubeconfig admin everything, saying which binding allowed it', () => {
    const r = selfReview(cluster(), res('delete', 'nodes', ''));
    expect(r.code).toBe(201);
    expect((r.body as Review).status).toEqual({ allowed: true, reason: 'RBAC: allowed by ClusterRoleBinding "kubeadm:cluster-admins" of ClusterRole "cluster-admin" to Group "kubeadm:cluster-admins"' });
  });

  it('answers for an impersonated user from their Roles and Bindings', () => {
    const c = cluster();
    const jane = { user: 'jane' };
    expect(allowed(c, res('list', 'pods'), jane)).toBe(true);
    expect((selfReview(c, res('list', 'pods'), jane).body as Review).status.reason).toBe('RBAC: allowed by RoleBinding "jane-reads" of Role "reader" to User "jane"');
    expect(allowed(c, res('list', 'pods', 'default'), jane)).toBe(false);
    expect(allowed(c, res('delete', 'pods'), jane)).toBe(false);
    expect(allowed(c, res('get', 'pods', 'dev', { subresource: 'log' }), jane)).toBe(true);
    expect(allowed(c, res('get', 'pods', 'dev', { subresource: 'exec' }), jane)).toBe(false);
    expect(allowed(c, res('update', 'deployments', 'dev', { group: 'apps', name: 'web' }), jane)).toBe(true);
    expect(allowed(c, res('update', 'deployments', 'dev', { group: 'apps', name: 'api' }), jane)).toBe(false);
    expect(allowed(c, res('list', 'pods'), { user: 'system:serviceaccount:dev:ci' })).toBe(true);
    expect(allowed(c, res('list', 'pods'), { user: 'system:serviceaccount:default:ci' })).toBe(false);
  });

  it('matches groups and non-resource URLs', () => {
    const c = cluster();
    const sam = { user: 'sam', groups: ['ops'] };
    expect(allowed(c, { nonResourceAttributes: { path: '/healthz', verb: 'get' } }, sam)).toBe(true);
    expect(allowed(c, { nonResourceAttributes: { path: '/metrics/cadvisor', verb: 'get' } }, sam)).toBe(true);
    expect(allowed(c, { nonResourceAttributes: { path: '/logs', verb: 'get' } }, sam)).toBe(false);
    expect(allowed(c, { nonResourceAttributes: { path: '/healthz', verb: 'get' } }, { user: 'sam' })).toBe(false);
  });

  it('is create-only and needs attributes', () => {
    const c = cluster();
    expect(c.request({ verb: 'list', group: 'authorization.k8s.io', version: 'v1', resource: 'selfsubjectaccessreviews' }).code).toBe(405);
    const r = selfReview(c, {});
    expect(r.code).toBe(400);
    expect((r.body as { message: string }).message).toMatch(/exactly one of nonResourceAttributes or resourceAttributes must be specified/);
  });
});

describe('SubjectAccessReview and LocalSubjectAccessReview', () => {
  it('answer for the user in the spec; the local one in the namespace of its path', () => {
    const c = cluster();
    const sar = c.request({ verb: 'create', group: 'authorization.k8s.io', version: 'v1', resource: 'subjectaccessreviews', body: { apiVersion: 'authorization.k8s.io/v1', kind: 'SubjectAccessReview', spec: { user: 'jane', ...res('get', 'pods') } } });
    expect((sar.body as Review).status.allowed).toBe(true);
    const local = c.request({ verb: 'create', group: 'authorization.k8s.io', version: 'v1', resource: 'localsubjectaccessreviews', namespace: 'default', body: { apiVersion: 'authorization.k8s.io/v1', kind: 'LocalSubjectAccessReview', spec: { user: 'jane', ...res('get', 'pods') } } });
    expect((local.body as Review).status.allowed).toBe(false);
  });
});

describe('SelfSubjectReview', () => {
  it('tells who the caller is (kubectl auth whoami)', () => {
    const c = cluster();
    const who = (as?: object) => (c.request({ verb: 'create', group: 'authentication.k8s.io', version: 'v1', resource: 'selfsubjectreviews', ...as, body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' } }).body as { status: { userInfo: unknown } }).status.userInfo;
    expect(who()).toEqual({ username: 'kubernetes-admin', groups: ['kubeadm:cluster-admins', 'system:authenticated'] });
    expect(who({ user: 'system:serviceaccount:dev:ci' })).toEqual({ username: 'system:serviceaccount:dev:ci', groups: ['system:serviceaccounts', 'system:serviceaccounts:dev', 'system:authenticated'] });
  });
});
