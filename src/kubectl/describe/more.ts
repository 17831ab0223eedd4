/** describe for ServiceAccounts, RBAC roles and bindings, Ingresses and NetworkPolicies (kubectl pkg/describe). */
import { formatLabelSelector } from '../../sim/api/tables/common';
import type { KObject } from '../../sim/api/types';
import { type DescribeWriter, annotationLines, labelLines } from './writer';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

export function describeServiceAccount(w: DescribeWriter, sa: KObject): void {
  const o = sa as Any;
  w.w(0, `Name:\t${sa.metadata.name}`);
  w.w(0, `Namespace:\t${sa.metadata.namespace}`);
  w.kv(0, 'Labels', labelLines(sa.metadata.labels));
  w.kv(0, 'Annotations', annotationLines(sa.metadata.annotations));
  const pulls: string[] = (o.imagePullSecrets ?? []).map((s: Any) => s.name);
  const mount: string[] = (o.secrets ?? []).map((s: Any) => s.name);
  w.kv(0, 'Image pull secrets', pulls.length ? pulls : ['<none>']);
  w.kv(0, 'Mountable secrets', mount.length ? mount : ['<none>']);
  w.w(0, 'Tokens:\t<none>');
}

export function describeRole(w: DescribeWriter, r: KObject): void {
  w.w(0, `Name:\t${r.metadata.name}`);
  w.kv(0, 'Labels', labelLines(r.metadata.labels));
  w.kv(0, 'Annotations', annotationLines(r.metadata.annotations));
  w.w(0, 'PolicyRule:');
  w.w(1, 'Resources\tNon-Resource URLs\tResource Names\tVerbs');
  w.w(1, '---------\t-----------------\t--------------\t-----');
  const rows: string[][] = [];
  for (const rule of ((r as Any).rules ?? []) as Any[]) {
    const urls = `[${(rule.nonResourceURLs ?? []).join(' ')}]`;
    const names = `[${(rule.resourceNames ?? []).join(' ')}]`;
    const verbs = `[${(rule.verbs ?? []).join(' ')}]`;
    const resources: string[] = rule.resources ?? [];
    if (!resources.length) rows.push(['', urls, names, verbs]);
    for (const res of resources)
      for (const g of (rule.apiGroups ?? ['']) as string[]) rows.push([g ? `${res}.${g}` : res, urls, names, verbs]);
  }
  rows.sort((a, b) => a[0].localeCompare(b[0]));
  for (const row of rows) w.w(1, row.join('\t'));
}

export function describeRoleBinding(w: DescribeWriter, b: KObject): void {
  const o = b as Any;
  w.w(0, `Name:\t${b.metadata.name}`);
  w.kv(0, 'Labels', labelLines(b.metadata.labels));
  w.kv(0, 'Annotations', annotationLines(b.metadata.annotations));
  w.w(0, 'Role:');
  w.w(1, `Kind:\t${o.roleRef?.kind ?? ''}`);
  w.w(1, `Name:\t${o.roleRef?.name ?? ''}`);
  w.w(0, 'Subjects:');
  w.w(1, 'Kind\tName\tNamespace');
  w.w(1, '----\t----\t---------');
  for (const s of (o.subjects ?? []) as Any[]) w.w(1, `${s.kind}\t${s.name}\t${s.namespace ?? ''}`);
}

export function describeIngress(w: DescribeWriter, ing: KObject, endpoints: (svc: string, port: unknown) => string): void {
  const o = ing as Any;
  const sp = o.spec ?? {};
  w.w(0, `Name:\t${ing.metadata.name}`);
  w.kv(0, 'Labels', labelLines(ing.metadata.labels));
  w.w(0, `Namespace:\t${ing.metadata.namespace}`);
  const addr = ((o.status?.loadBalancer?.ingress ?? []) as Any[]).map((i) => i.ip || i.hostname).join(',');
  w.w(0, `Address:\t${addr}`);
  w.w(0, `Ingress Class:\t${sp.ingressClassName ?? '<none>'}`);
  const backendText = (b: Any) => {
    if (!b?.service) return '<default>';
    const port = b.service.port?.number ?? b.service.port?.name;
    return `${b.service.name}:${port} (${endpoints(b.service.name, port)})`;
  };
  w.w(0, `Default backend:\t${sp.defaultBackend ? backendText(sp.defaultBackend) : '<default>'}`);
  if (sp.tls?.length) {
    w.w(0, 'TLS:');
    for (const t of sp.tls) w.w(1, `${t.secretName ?? 'SNI'} terminates ${(t.hosts ?? []).join(',')}`);
  }
  w.w(0, 'Rules:');
  w.w(1, 'Host\tPath\tBackends');
  w.w(1, '----\t----\t--------');
  for (const r of (sp.rules ?? []) as Any[]) {
    w.w(1, `${r.host || '*'}\t`);
    // kubectl's format has a space after the path ("\t%s \t%s")
    for (const p of (r.http?.paths ?? []) as Any[]) w.w(1, `\t${p.path ?? ''} \t${backendText(p.backend)}`);
  }
  w.kv(0, 'Annotations', annotationLines(ing.metadata.annotations));
}

/** time.Time's String(): 2025-03-01 09:00:00 +0000 UTC */
function goTime(iso: string | undefined): string {
  if (!iso) return '0001-01-01 00:00:00 +0000 UTC';
  return `${iso.replace('T', ' ').replace(/(\.\d+)?Z$/, '')} +0000 UTC`;
}

function peerLines(w: DescribeWriter, indent: string, peers: Any[]): void {
  for (const p of peers) {
    if (p.podSelector && p.namespaceSelector) {
      w.w(1, `${indent}NamespaceSelector: ${formatLabelSelector(p.namespaceSelector)}`);
      w.w(1, `${indent}PodSelector: ${formatLabelSelector(p.podSelector)}`);
    } else if (p.podSelector) w.w(1, `${indent}PodSelector: ${formatLabelSelector(p.podSelector)}`);
    else if (p.namespaceSelector) w.w(1, `${indent}NamespaceSelector: ${formatLabelSelector(p.namespaceSelector)}`);
    else if (p.ipBlock) {
      w.w(1, `${indent}IPBlock:`);
      w.w(2, `${indent}CIDR: ${p.ipBlock.cidr}`);
      w.w(2, `${indent}Except: ${(p.ipBlock.except ?? []).join(', ')}`);
    }
  }
}

function ruleLines(w: DescribeWriter, rules: Any[], dir: 'ingress' | 'egress'): void {
  const indent = '    ';
  if (!rules.length) {
    w.w(0, `${indent}<none> (Selected pods are isolated for ${dir} connectivity)`);
    return;
  }
  rules.forEach((r, i) => {
    const ports: Any[] = r.ports ?? [];
    if (!ports.length) w.w(0, `${indent}To Port: <any> (traffic allowed to all ports)`);
    for (const p of ports) {
      const port = p.port === undefined ? '<nil>' : String(p.port);
      w.w(0, `${indent}To Port: ${port}${p.endPort !== undefined ? `-${p.endPort}` : ''}/${p.protocol ?? 'TCP'}`);
    }
    const peers: Any[] = (dir === 'ingress' ? r.from : r.to) ?? [];
    const word = dir === 'ingress' ? 'From' : 'To';
    if (!peers.length) w.w(0, `${indent}${word}: <any> (traffic not restricted by ${dir === 'ingress' ? 'source' : 'destination'})`);
    else {
      w.w(0, `${indent}${word}:`);
      peerLines(w, indent, peers);
    }
    if (i !== rules.length - 1) w.w(0, `${indent}----------`);
  });
}

export function describeNetworkPolicy(w: DescribeWriter, np: KObject): void {
  const sp = ((np as Any).spec ?? {}) as Any;
  w.w(0, `Name:\t${np.metadata.name}`);
  w.w(0, `Namespace:\t${np.metadata.namespace}`);
  w.w(0, `Created on:\t${goTime(np.metadata.creationTimestamp)}`);
  w.kv(0, 'Labels', labelLines(np.metadata.labels));
  w.kv(0, 'Annotations', annotationLines(np.metadata.annotations));
  w.w(0, 'Spec:');
  const sel = sp.podSelector ?? {};
  const empty = !Object.keys(sel.matchLabels ?? {}).length && !(sel.matchExpressions ?? []).length;
  w.w(1, `PodSelector:     ${empty ? '<none> (Allowing the specific traffic to all pods in this namespace)' : formatLabelSelector(sel)}`);
  const types: string[] = sp.policyTypes ?? [];
  if (types.includes('Ingress')) {
    w.w(1, 'Allowing ingress traffic:');
    ruleLines(w, sp.ingress ?? [], 'ingress');
  } else w.w(1, 'Not affecting ingress traffic');
  if (types.includes('Egress')) {
    w.w(1, 'Allowing egress traffic:');
    ruleLines(w, sp.egress ?? [], 'egress');
  } else w.w(1, 'Not affecting egress traffic');
  w.w(1, `Policy Types: ${types.join(', ')}`);
}
