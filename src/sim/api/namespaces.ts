/**
 * Namespace lifecycle, as the namespace, service-account and root-CA publisher
 * controllers do it: a new namespace gets its `default` ServiceAccount and the
 * `kube-root-ca.crt` ConfigMap; a deleted one turns Terminating, everything in it is
 * deleted, and once it is empty its `kubernetes` finalizer is cleared and it goes.
 */
import { forbidden } from './errors';
import type { ApiServer } from './server';
import type { Change } from './store';
import type { KObject } from './types';

const NS_USER = 'system:serviceaccount:kube-system:namespace-controller';
const SA_USER = 'system:serviceaccount:kube-system:service-account-controller';

/** A fixed, fake cluster CA: it only has to look like one. */
export const ROOT_CA = `-----BEGIN CERTIFICATE-----
MIIDBTCCAe2gAwIBAgIIKubelabSandboxMA0GCSqGSIb3DQEBCwUAMBUxEzARBgNV
BAMTCmt1YmVybmV0ZXMwHhcNMjUwMTAxMDAwMDAwWhcNMzUwMTAxMDAwMDAwWjAV
MRMwEQYDVQQDEwprdWJlcm5ldGVzMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIB
CgKCAQEAkubelabkubelabkubelabkubelabkubelabkubelabkubelabkubelab
-----END CERTIFICATE-----
`;

/** kube-apiserver's default --immortal-namespaces */
export const IMMORTAL = ['default', 'kube-system', 'kube-public'];

export class NamespaceLifecycle {
  private terminating = new Set<string>();
  private fresh = new Set<string>();
  private scheduled = false;

  constructor(private api: ApiServer) {
    api.store.onChange((c) => this.observe(c));
    // the NamespaceLifecycle admission plugin keeps the system namespaces
    api.admission.validating('NamespaceLifecycle', (ctx) => {
      if (ctx.operation !== 'DELETE' || ctx.info.group !== '' || ctx.info.plural !== 'namespaces') return undefined;
      const name = ctx.object.metadata.name!;
      if (IMMORTAL.includes(name)) return forbidden('namespaces', '', name, 'this namespace may not be deleted');
      return undefined;
    });
  }

  private observe(c: Change): void {
    const o = c.object;
    if (c.resource === '/namespaces') {
      if (c.type === 'ADDED') this.fresh.add(o.metadata.name!);
      if (c.type !== 'DELETED' && o.metadata.deletionTimestamp) this.terminating.add(o.metadata.name!);
      if (c.type === 'DELETED') this.terminating.delete(o.metadata.name!);
      this.wake();
      return;
    }
    const ns = o.metadata.namespace;
    if (ns && c.type === 'DELETED' && this.terminating.has(ns)) this.wake();
    // the ServiceAccount controller puts `default` back if someone deletes it
    if (ns && c.type === 'DELETED' && c.resource === '/serviceaccounts' && o.metadata.name === 'default' && !this.terminating.has(ns)) {
      this.fresh.add(ns);
      this.wake();
    }
  }

  private wake(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    this.api.clock.schedule(0, () => this.run(), 'namespace-controller');
  }

  run(): void {
    this.scheduled = false;
    for (const name of [...this.fresh]) {
      this.fresh.delete(name);
      this.populate(name);
    }
    for (const name of [...this.terminating]) this.purge(name);
  }

  /** After a restore: pick up namespaces that were terminating when the snapshot was taken. */
  resync(): void {
    for (const ns of this.api.store.list('/namespaces')) if (ns.metadata.deletionTimestamp) this.terminating.add(ns.metadata.name!);
    if (this.terminating.size) this.wake();
  }

  private populate(ns: string): void {
    const nsObj = this.api.store.get('/namespaces', undefined, ns);
    if (!nsObj || nsObj.metadata.deletionTimestamp) return;
    if (!this.api.store.get('/serviceaccounts', ns, 'default'))
      this.api.request({
        verb: 'create',
        resource: 'serviceaccounts',
        namespace: ns,
        body: { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: ns } },
        user: SA_USER,
      });
    if (!this.api.store.get('/configmaps', ns, 'kube-root-ca.crt'))
      this.api.request({
        verb: 'create',
        resource: 'configmaps',
        namespace: ns,
        body: {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: 'kube-root-ca.crt', namespace: ns, annotations: { 'kubernetes.io/description': 'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.' } },
          data: { 'ca.crt': ROOT_CA },
        },
        user: 'system:serviceaccount:kube-system:root-ca-cert-publisher',
      });
  }

  private purge(ns: string): void {
    const nsObj = this.api.store.get('/namespaces', undefined, ns);
    if (!nsObj) {
      this.terminating.delete(ns);
      return;
    }
    let remaining = 0;
    for (const info of this.api.kinds.all()) {
      if (!info.namespaced || !info.verbs.includes('delete')) continue;
      const items = this.api.store.list(`${info.group}/${info.plural}`, ns);
      if (!items.length) continue;
      remaining += items.length;
      for (const o of items) {
        if (o.metadata.deletionTimestamp) continue;
        this.api.request({ verb: 'delete', group: info.group, version: info.version, resource: info.plural, namespace: ns, name: o.metadata.name, user: NS_USER });
      }
    }
    if (remaining === 0 || this.isEmpty(ns)) {
      this.terminating.delete(ns);
      this.api.request({
        verb: 'update',
        resource: 'namespaces',
        name: ns,
        subresource: 'finalize',
        body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns }, spec: { finalizers: [] } } as KObject,
        user: NS_USER,
      });
    }
  }

  private isEmpty(ns: string): boolean {
    for (const info of this.api.kinds.all())
      if (info.namespaced && this.api.store.list(`${info.group}/${info.plural}`, ns).length) return false;
    return true;
  }
}
