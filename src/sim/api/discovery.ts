/**
 * Discovery documents as the API server serves them (/version, /api, /apis, /api/v1,
 * /apis/<group>/<version>), built from the kinds registry so custom resources appear as
 * soon as their CRD is stored. kubectl's RESTMapper, `api-resources` and
 * `api-versions` read these.
 */
import type { KindInfo, KindRegistry } from './registry';

export const SERVER_VERSION = {
  major: '1',
  minor: '32',
  gitVersion: 'v1.32.0',
  gitCommit: '70d3cc986aa8221cd1dfb1121852688902d3bf53',
  gitTreeState: 'clean',
  buildDate: '2024-12-11T17:59:15Z',
  goVersion: 'go1.23.3',
  compiler: 'gc',
  platform: 'linux/amd64',
};

export function apiVersions(serverAddress: string) {
  return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }] };
}

/** Group order as kube-apiserver lists them: built-in groups first, then the rest by name. */
const GROUP_ORDER = [
  'apiregistration.k8s.io',
  'apps',
  'events.k8s.io',
  'authentication.k8s.io',
  'authorization.k8s.io',
  'autoscaling',
  'batch',
  'certificates.k8s.io',
  'networking.k8s.io',
  'policy',
  'rbac.authorization.k8s.io',
  'storage.k8s.io',
  'admissionregistration.k8s.io',
  'apiextensions.k8s.io',
  'scheduling.k8s.io',
  'coordination.k8s.io',
  'node.k8s.io',
  'discovery.k8s.io',
  'flowcontrol.apiserver.k8s.io',
];

function groupRank(g: string): number {
  const i = GROUP_ORDER.indexOf(g);
  return i < 0 ? GROUP_ORDER.length : i;
}

export function apiGroupList(kinds: KindRegistry) {
  const groups = [...kinds.groups().entries()]
    .filter(([g]) => g !== '')
    .sort(([a], [b]) => groupRank(a) - groupRank(b) || (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, versions]) => ({
      name,
      versions: versions.map((v) => ({ groupVersion: `${name}/${v}`, version: v })),
      preferredVersion: { groupVersion: `${name}/${versions[0]}`, version: versions[0] },
    }));
  return { kind: 'APIGroupList', apiVersion: 'v1', groups };
}

/** APIResourceList of one group/version, with subresources as `pods/log` entries. */
export function apiResourceList(kinds: KindRegistry, group: string, version: string) {
  const infos = kinds
    .all()
    .filter((k) => k.group === group && k.version === version)
    .sort((a, b) => (a.plural < b.plural ? -1 : a.plural > b.plural ? 1 : 0));
  if (infos.length === 0) return undefined;
  const resources: Record<string, unknown>[] = [];
  for (const k of infos) {
    resources.push({
      name: k.plural,
      singularName: k.singular,
      namespaced: k.namespaced,
      kind: k.kind,
      verbs: k.verbs,
      ...(k.shortNames.length ? { shortNames: k.shortNames } : {}),
      ...(k.categories.length ? { categories: k.categories } : {}),
    });
    for (const sub of subresourcesOf(k)) resources.push(sub);
  }
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: group ? `${group}/${version}` : version, resources };
}

function subresourcesOf(k: KindInfo): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const base = { singularName: '', namespaced: k.namespaced };
  if (k.subresources.status) out.push({ name: `${k.plural}/status`, ...base, kind: k.kind, verbs: ['get', 'patch', 'update'] });
  if (k.subresources.scale) out.push({ name: `${k.plural}/scale`, ...base, group: 'autoscaling', version: 'v1', kind: 'Scale', verbs: ['get', 'patch', 'update'] });
  const other: Record<string, { kind: string; verbs: string[] }> = {
    log: { kind: 'Pod', verbs: ['get'] },
    exec: { kind: 'PodExecOptions', verbs: ['create', 'get'] },
    attach: { kind: 'PodAttachOptions', verbs: ['create', 'get'] },
    binding: { kind: 'Binding', verbs: ['create'] },
    eviction: { kind: 'Eviction', verbs: ['create'] },
    portforward: { kind: 'PodPortForwardOptions', verbs: ['create', 'get'] },
    proxy: { kind: `${k.kind}ProxyOptions`, verbs: ['create', 'delete', 'get', 'patch', 'update'] },
    ephemeralcontainers: { kind: 'Pod', verbs: ['get', 'patch', 'update'] },
    resize: { kind: 'Pod', verbs: ['get', 'patch', 'update'] },
    finalize: { kind: 'Namespace', verbs: ['update'] },
    token: { kind: 'TokenRequest', verbs: ['create'] },
  };
  for (const s of k.subresources.other ?? []) {
    const d = other[s];
    if (d) out.push({ name: `${k.plural}/${s}`, ...base, kind: d.kind, verbs: d.verbs, ...(s === 'eviction' ? { group: 'policy', version: 'v1' } : {}) });
  }
  return out;
}

export const AGGREGATED_DISCOVERY_TYPE = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';

/**
 * Aggregated discovery (apidiscovery.k8s.io/v2): every group, version and resource in one
 * document, as /api (core) or /apis (the rest) answer a client that asks for it.
 */
export function aggregatedDiscovery(kinds: KindRegistry, core: boolean) {
  const groups = [...kinds.groups().entries()]
    .filter(([g]) => (core ? g === '' : g !== ''))
    .sort(([a], [b]) => groupRank(a) - groupRank(b) || (a < b ? -1 : a > b ? 1 : 0));
  const items = groups.map(([name, versions]) => ({
    metadata: name ? { name, creationTimestamp: null } : { creationTimestamp: null },
    versions: versions.map((version) => ({
      version,
      resources: kinds
        .all()
        .filter((k) => k.group === name && k.version === version)
        .sort((a, b) => (a.plural < b.plural ? -1 : a.plural > b.plural ? 1 : 0))
        .map((k) => {
          const subs = subresourcesOf(k).map((s) => {
            const sub = String(s.name).split('/')[1];
            return {
              subresource: sub,
              responseKind: { group: (s.group as string | undefined) ?? (sub === 'status' ? k.group : ''), version: (s.version as string | undefined) ?? (sub === 'status' ? k.version : ''), kind: s.kind },
              verbs: s.verbs,
            };
          });
          return {
            resource: k.plural,
            responseKind: { group: k.group, version: k.version, kind: k.kind },
            scope: k.namespaced ? 'Namespaced' : 'Cluster',
            singularResource: k.singular,
            verbs: k.verbs,
            ...(k.shortNames.length ? { shortNames: k.shortNames } : {}),
            ...(k.categories.length ? { categories: k.categories } : {}),
            ...(subs.length ? { subresources: subs } : {}),
          };
        }),
      freshness: 'Current',
    })),
  }));
  return { kind: 'APIGroupDiscoveryList', apiVersion: 'apidiscovery.k8s.io/v2', metadata: {}, items };
}
