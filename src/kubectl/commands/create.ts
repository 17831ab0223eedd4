/**
 * `kubectl create -f` and the generators (`create deployment|service|configmap|secret|
 * namespace|job|cronjob|serviceaccount`), building the same objects as kubectl 1.32
 * (compare `--dry-run=client -o yaml`).
 */
import type { KindInfo } from '../../sim/api/registry';
import type { KObject } from '../../sim/api/types';
import { DRY_RUN, FILE_FLAGS, OUTPUT_FLAGS, type Command } from '../command';
import { type Ctx, deepClone, isStatus } from '../context';
import { formatStatus } from '../errors';
import { type FlagSpec, parseFlags } from '../flags';
import { withLastApplied } from './apply';
import { parseGoDuration } from '../../sim/api/tables/duration';
import { dryRunOf, type DryRun, eachManifest, printResult } from './util';

const COMMON: FlagSpec[] = [...OUTPUT_FLAGS, DRY_RUN, { name: 'save-config', type: 'bool', default: false }, { name: 'validate', type: 'string', default: 'strict' }, { name: 'field-manager', type: 'string', default: 'kubectl-create' }];

/** The container name kubectl derives from an image: last path element, no tag or digest. */
export function containerNameFromImage(image: string): string {
  let n = image.split('/').pop() ?? image;
  n = n.split('@')[0].split(':')[0];
  return n.toLowerCase().replace(/[^a-z0-9-]/g, '-');
}

/** Sends a built object (or prints it for --dry-run=client). */
export function submit(ctx: Ctx, info: KindInfo, obj: KObject, dry: DryRun, what: string, verb = 'created'): number {
  // with an explicit -n, generators write the namespace into the object (EnforceNamespace)
  if (info.namespaced && ctx.explicitNamespace && obj.metadata && !obj.metadata.namespace) obj.metadata.namespace = ctx.namespace;
  const o = ctx.p.flags['save-config'] ? withLastApplied(obj, info.namespaced ? ctx.namespace : undefined) : obj;
  if (dry === 'client') return printResult(ctx, info, o, verb, dry);
  const body = deepClone(o);
  stripNullTimestamps(body);
  const q: Record<string, unknown> = { fieldManager: ctx.p.flags['field-manager'] ?? 'kubectl-create', fieldValidation: 'Strict' };
  if (dry === 'server') q.dryRun = 'All';
  const res = ctx.request(ctx.req(info, 'create', { body, query: q }));
  if (isStatus(res.body)) {
    if (res.body.reason === 'Invalid') return ctx.status(res.body);
    ctx.err(`error: failed to create ${what}: ${res.body.message}\n`);
    return 1;
  }
  return printResult(ctx, info, res.body as KObject, verb, dry);
}

function stripNullTimestamps(v: unknown): void {
  if (Array.isArray(v)) v.forEach(stripNullTimestamps);
  else if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (o.creationTimestamp === null) delete o.creationTimestamp;
    Object.values(o).forEach(stripNullTimestamps);
  }
}

function kindOf(ctx: Ctx, resource: string): KindInfo {
  return ctx.resolveType(resource)!;
}

function meta(name: string, labels?: Record<string, string>): Record<string, unknown> {
  return labels ? { creationTimestamp: null, labels, name } : { creationTimestamp: null, name };
}

type Gen = { flags: FlagSpec[]; resource: string; what: string; build(ctx: Ctx, name: string): KObject | { error: string } };

function base64(s: string): string {
  const bytes = new TextEncoder().encode(s);
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin);
}

function fromSources(ctx: Ctx, encode: boolean): { data: Record<string, string> } | { error: string } {
  const data: Record<string, string> = {};
  for (const lit of ctx.flag<string[]>('from-literal')) {
    const i = lit.indexOf('=');
    if (i <= 0) return { error: `invalid literal source ${lit}, expected key=value` };
    const k = lit.slice(0, i);
    if (k in data) return { error: `cannot add key ${k}, another key by that name already exists in Data for ${encode ? 'Secret' : 'ConfigMap'} "${ctx.p.args[0]}"` };
    data[k] = encode ? base64(lit.slice(i + 1)) : lit.slice(i + 1);
  }
  for (const f of ctx.flag<string[]>('from-file')) {
    const i = f.indexOf('=');
    const key = i > 0 ? f.slice(0, i) : f.split('/').pop()!;
    const path = i > 0 ? f.slice(i + 1) : f;
    const fs = ctx.io.fs;
    if (fs?.isDir(path)) {
      for (const n of (fs.list(path) ?? []).sort()) {
        const c = fs.read(`${path.replace(/\/$/, '')}/${n}`);
        if (c !== undefined) data[n] = encode ? base64(c) : c;
      }
      continue;
    }
    const content = fs?.read(path);
    if (content === undefined) return { error: `error reading ${path}: no such file or directory` };
    data[key] = encode ? base64(content) : content;
  }
  for (const f of ctx.flag<string[]>('from-env-file')) {
    const content = ctx.io.fs?.read(f);
    if (content === undefined) return { error: `error reading ${f}: no such file or directory` };
    for (const line of content.split('\n')) {
      const t = line.trim();
      if (!t || t.startsWith('#')) continue;
      const i = t.indexOf('=');
      if (i < 0) continue;
      data[t.slice(0, i)] = encode ? base64(t.slice(i + 1)) : t.slice(i + 1);
    }
  }
  return { data };
}

function tcpPorts(specs: string[], nodePort: number): Record<string, unknown>[] | { error: string } {
  const ports: Record<string, unknown>[] = [];
  for (const s of specs) {
    const [p, t] = s.split(':');
    const port = parseInt(p, 10);
    if (Number.isNaN(port)) return { error: `invalid port number ${p}` };
    const target = t === undefined ? port : /^\d+$/.test(t) ? parseInt(t, 10) : t;
    const entry: Record<string, unknown> = { name: `${p}-${t ?? p}` };
    if (nodePort > 0) entry.nodePort = nodePort;
    entry.port = port;
    entry.protocol = 'TCP';
    entry.targetPort = target;
    ports.push(entry);
  }
  return ports;
}

function serviceGen(type: string): Gen {
  return {
    flags: [{ name: 'tcp', type: 'stringSlice' }, { name: 'clusterip', type: 'string', default: '' }, { name: 'node-port', type: 'int', default: 0 }, { name: 'external-name', type: 'string', default: '' }],
    resource: 'services',
    what: `${type.toLowerCase()} service`,
    build(ctx, name) {
      if (type === 'ExternalName') {
        const ext = ctx.flag<string>('external-name');
        if (!ext) return { error: 'required flag(s) "external-name" not set' };
        return { apiVersion: 'v1', kind: 'Service', metadata: meta(name, { app: name }), spec: { externalName: ext, selector: { app: name }, type }, status: { loadBalancer: {} } } as unknown as KObject;
      }
      const tcp = ctx.flag<string[]>('tcp');
      const ports = tcpPorts(tcp, ctx.flag<number>('node-port'));
      if ('error' in ports) return ports;
      const spec: Record<string, unknown> = {};
      const cip = ctx.flag<string>('clusterip');
      if (cip) spec.clusterIP = cip;
      if (ports.length) spec.ports = ports;
      spec.selector = { app: name };
      spec.type = type;
      return { apiVersion: 'v1', kind: 'Service', metadata: meta(name, { app: name }), spec, status: { loadBalancer: {} } } as unknown as KObject;
    },
  };
}

function containerCmd(ctx: Ctx, name: string, image: string): Record<string, unknown> {
  const c: Record<string, unknown> = {};
  if (ctx.p.dash?.length) c.command = ctx.p.dash;
  c.image = image;
  c.name = name;
  c.resources = {};
  return c;
}


function rbacRules(ctx: Ctx): { rules: Record<string, unknown>[] } | { error: string } {
  const verbs = ctx.flag<string[]>('verb');
  if (!verbs.length) return { error: 'at least one verb must be specified' };
  const valid = ['*', 'get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection', 'use', 'bind', 'escalate', 'impersonate', 'approve', 'sign'];
  for (const v of verbs) if (!valid.includes(v)) return { error: `invalid verb: '${v}'` };
  const groups = new Map<string, string[]>();
  for (const r of ctx.flag<string[]>('resource')) {
    const [res, sub] = r.split('/');
    if (res === '*') {
      groups.set('', [...(groups.get('') ?? []), '*']);
      continue;
    }
    const info = ctx.resolveType(res);
    if (!info) return { error: `the server doesn't have a resource type "${res.split('.')[0]}"` };
    groups.set(info.group, [...(groups.get(info.group) ?? []), info.plural + (sub ? `/${sub}` : '')]);
  }
  const names = ctx.flag<string[]>('resource-name');
  const rules: Record<string, unknown>[] = [...groups.keys()].sort().map((g) => {
    const rule: Record<string, unknown> = { apiGroups: [g] };
    if (names.length) rule.resourceNames = names;
    rule.resources = groups.get(g);
    rule.verbs = verbs;
    return rule;
  });
  const urls = ctx.p.flags['non-resource-url'] as string[] | undefined;
  if (urls?.length) rules.push({ nonResourceURLs: urls, verbs });
  if (!rules.length) return { error: 'at least one resource must be specified' };
  return { rules };
}

function subjects(ctx: Ctx): Record<string, unknown>[] | { error: string } {
  const out: Record<string, unknown>[] = [];
  for (const u of ctx.flag<string[]>('user')) out.push({ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: u });
  for (const g of ctx.flag<string[]>('group')) out.push({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: g });
  for (const sa of ctx.flag<string[]>('serviceaccount')) {
    const [ns, name] = sa.split(':');
    if (!name) return { error: `serviceaccount must be <namespace>:<name>` };
    out.push({ kind: 'ServiceAccount', name, namespace: ns });
  }
  return out;
}

const RULE_FLAGS: FlagSpec[] = [{ name: 'verb', type: 'stringSlice' }, { name: 'resource', type: 'stringSlice' }, { name: 'resource-name', type: 'stringArray' }];
const SUBJECT_FLAGS: FlagSpec[] = [{ name: 'user', type: 'stringArray' }, { name: 'group', type: 'stringArray' }, { name: 'serviceaccount', type: 'stringArray' }];

function roleGen(kind: 'Role' | 'ClusterRole'): Gen {
  return {
    flags: kind === 'Role' ? RULE_FLAGS : [...RULE_FLAGS, { name: 'non-resource-url', type: 'stringSlice' }, { name: 'aggregation-rule', type: 'string', default: '' }],
    resource: kind === 'Role' ? 'roles.rbac.authorization.k8s.io' : 'clusterroles.rbac.authorization.k8s.io',
    what: kind.toLowerCase(),
    build(ctx, name) {
      const r = rbacRules(ctx);
      if ('error' in r) return r;
      return { apiVersion: 'rbac.authorization.k8s.io/v1', kind, metadata: meta(name), rules: r.rules } as unknown as KObject;
    },
  };
}

function bindingGen(kind: 'RoleBinding' | 'ClusterRoleBinding'): Gen {
  return {
    flags: [...SUBJECT_FLAGS, { name: 'role', type: 'string', default: '' }, { name: 'clusterrole', type: 'string', default: '' }],
    resource: kind === 'RoleBinding' ? 'rolebindings.rbac.authorization.k8s.io' : 'clusterrolebindings.rbac.authorization.k8s.io',
    what: kind.toLowerCase(),
    build(ctx, name) {
      const role = ctx.flag<string>('role');
      const cr = ctx.flag<string>('clusterrole');
      if (kind === 'RoleBinding' && !!role === !!cr) return { error: 'exactly one of clusterrole or role must be specified' };
      if (kind === 'ClusterRoleBinding' && !cr) return { error: 'required flag(s) "clusterrole" not set' };
      const subs = subjects(ctx);
      if ('error' in subs) return subs;
      const o: Record<string, unknown> = {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind,
        metadata: meta(name),
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: role ? 'Role' : 'ClusterRole', name: role || cr },
      };
      if (subs.length) o.subjects = subs;
      return o as unknown as KObject;
    },
  };
}

function intOrString(v: string): number | string {
  return /^\d+$/.test(v) ? parseInt(v, 10) : v;
}

function ingressRules(ctx: Ctx): { rules: Record<string, unknown>[]; tls: Record<string, unknown>[] } | { error: string } {
  const rules: Record<string, unknown>[] = [];
  const tls: Record<string, unknown>[] = [];
  for (const r of ctx.flag<string[]>('rule')) {
    const m = /^([^/=]*)(\/[^=]*)?=([^:]+):([^,]+)(?:,tls(?:=(.*))?)?$/.exec(r);
    if (!m) return { error: `rule ${r} is invalid and should be in format host/path=svcname:svcport[,tls[=secret]]` };
    const [, host, rawPath = '/', svc, port] = m;
    const prefix = rawPath.endsWith('*');
    const path = prefix ? rawPath.slice(0, -1) || '/' : rawPath;
    const backend = { service: { name: svc, port: /^\d+$/.test(port) ? { number: parseInt(port, 10) } : { name: port } } };
    const pathEntry = { backend, path, pathType: prefix ? 'Prefix' : 'Exact' };
    const existing = rules.find((x) => (x.host ?? '') === host) as { http: { paths: unknown[] } } | undefined;
    if (existing) existing.http.paths.push(pathEntry);
    else rules.push({ ...(host ? { host } : {}), http: { paths: [pathEntry] } });
    if (r.includes(',tls')) {
      const secret = m[5];
      tls.push({ ...(host ? { hosts: [host] } : {}), ...(secret ? { secretName: secret } : {}) });
    }
  }
  return { rules, tls };
}

const GENERATORS: Record<string, Gen> = {

  ingress: {
    flags: [{ name: 'rule', type: 'stringArray' }, { name: 'class', type: 'string', default: '' }, { name: 'default-backend', type: 'string', default: '' }, { name: 'annotation', type: 'stringArray' }],
    resource: 'ingresses.networking.k8s.io',
    what: 'ingress',
    build(ctx, name) {
      const r = ingressRules(ctx);
      if ('error' in r) return r;
      const spec: Record<string, unknown> = {};
      const db = ctx.flag<string>('default-backend');
      if (db) {
        const [svc, port] = db.split(':');
        spec.defaultBackend = { service: { name: svc, port: /^\d+$/.test(port ?? '') ? { number: parseInt(port, 10) } : { name: port } } };
      }
      if (ctx.flag<string>('class')) spec.ingressClassName = ctx.flag<string>('class');
      if (r.rules.length) spec.rules = r.rules;
      if (r.tls.length) spec.tls = r.tls;
      const metadata: Record<string, unknown> = { creationTimestamp: null, name };
      const anns = ctx.flag<string[]>('annotation');
      if (anns.length) metadata.annotations = Object.fromEntries(anns.map((a) => [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)]));
      return { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata, spec, status: { loadBalancer: {} } } as unknown as KObject;
    },
  },
  quota: {
    flags: [{ name: 'hard', type: 'string', default: '' }, { name: 'scopes', type: 'string', default: '' }],
    resource: 'resourcequotas',
    what: 'quota',
    build(ctx, name) {
      const hard = Object.fromEntries(ctx.flag<string>('hard').split(',').filter(Boolean).map((kv) => kv.split('=')));
      const spec: Record<string, unknown> = {};
      if (Object.keys(hard).length) spec.hard = hard;
      if (ctx.flag<string>('scopes')) spec.scopes = ctx.flag<string>('scopes').split(',');
      return { apiVersion: 'v1', kind: 'ResourceQuota', metadata: meta(name), spec, status: {} } as unknown as KObject;
    },
  },
  poddisruptionbudget: {
    flags: [{ name: 'selector', type: 'string', default: '' }, { name: 'min-available', type: 'string', default: '' }, { name: 'max-unavailable', type: 'string', default: '' }],
    resource: 'poddisruptionbudgets.policy',
    what: 'poddisruptionbudget',
    build(ctx, name) {
      const min = ctx.flag<string>('min-available');
      const max = ctx.flag<string>('max-unavailable');
      if (!min && !max) return { error: 'one of min-available or max-unavailable must be specified' };
      if (min && max) return { error: 'min-available and max-unavailable cannot be both specified' };
      const sel = ctx.flag<string>('selector');
      if (!sel) return { error: 'a selector must be specified' };
      const spec: Record<string, unknown> = {};
      if (max) spec.maxUnavailable = intOrString(max);
      if (min) spec.minAvailable = intOrString(min);
      spec.selector = { matchLabels: Object.fromEntries(sel.split(',').map((kv) => kv.split('='))) };
      return {
        apiVersion: 'policy/v1',
        kind: 'PodDisruptionBudget',
        metadata: meta(name),
        spec,
        status: { currentHealthy: 0, desiredHealthy: 0, disruptionsAllowed: 0, expectedPods: 0 },
      } as unknown as KObject;
    },
  },
  priorityclass: {
    flags: [{ name: 'value', type: 'int', default: 0 }, { name: 'global-default', type: 'bool', default: false }, { name: 'description', type: 'string', default: '' }, { name: 'preemption-policy', type: 'string', default: 'PreemptLowerPriority' }],
    resource: 'priorityclasses.scheduling.k8s.io',
    what: 'priorityclass',
    build(ctx, name) {
      // Go's JSON leaves out the omitempty zeros (description "", globalDefault false)
      const description = ctx.flag<string>('description');
      const globalDefault = ctx.flag<boolean>('global-default');
      return {
        apiVersion: 'scheduling.k8s.io/v1',
        ...(description ? { description } : {}),
        ...(globalDefault ? { globalDefault } : {}),
        kind: 'PriorityClass',
        metadata: meta(name),
        preemptionPolicy: ctx.flag<string>('preemption-policy'),
        value: ctx.flag<number>('value'),
      } as unknown as KObject;
    },
  },
  'secret tls': {
    flags: [{ name: 'cert', type: 'string', default: '' }, { name: 'key', type: 'string', default: '' }, { name: 'append-hash', type: 'bool', default: false }],
    resource: 'secrets',
    what: 'secret',
    build(ctx, name) {
      const cert = ctx.io.fs?.read(ctx.flag<string>('cert'));
      const key = ctx.io.fs?.read(ctx.flag<string>('key'));
      if (!ctx.flag<string>('cert') || !ctx.flag<string>('key')) return { error: 'required flag(s) "cert", "key" not set' };
      if (cert === undefined) return { error: `open ${ctx.flag<string>('cert')}: no such file or directory` };
      if (key === undefined) return { error: `open ${ctx.flag<string>('key')}: no such file or directory` };
      return { apiVersion: 'v1', data: { 'tls.crt': base64(cert), 'tls.key': base64(key) }, kind: 'Secret', metadata: meta(name), type: 'kubernetes.io/tls' } as unknown as KObject;
    },
  },
  'secret docker-registry': {
    flags: [{ name: 'docker-server', type: 'string', default: 'https://index.docker.io/v1/' }, { name: 'docker-username', type: 'string', default: '' }, { name: 'docker-password', type: 'string', default: '' }, { name: 'docker-email', type: 'string', default: '' }, { name: 'from-file', type: 'stringSlice' }, { name: 'append-hash', type: 'bool', default: false }],
    resource: 'secrets',
    what: 'secret',
    build(ctx, name) {
      const user = ctx.flag<string>('docker-username');
      const pass = ctx.flag<string>('docker-password');
      if (!user || !pass) return { error: 'either --from-file or the combination of --docker-username, --docker-password and --docker-server is required' };
      const entry: Record<string, string> = { username: user, password: pass };
      if (ctx.flag<string>('docker-email')) entry.email = ctx.flag<string>('docker-email');
      entry.auth = base64(`${user}:${pass}`);
      const json = JSON.stringify({ auths: { [ctx.flag<string>('docker-server')]: entry } });
      return { apiVersion: 'v1', data: { '.dockerconfigjson': base64(json) }, kind: 'Secret', metadata: meta(name), type: 'kubernetes.io/dockerconfigjson' } as unknown as KObject;
    },
  },
  role: roleGen('Role'),
  clusterrole: roleGen('ClusterRole'),
  rolebinding: bindingGen('RoleBinding'),
  clusterrolebinding: bindingGen('ClusterRoleBinding'),
  deployment: {
    flags: [{ name: 'image', type: 'stringSlice' }, { name: 'replicas', short: 'r', type: 'int', default: 1 }, { name: 'port', type: 'int', default: -1 }],
    resource: 'deployments',
    what: 'deployment',
    build(ctx, name) {
      const images = ctx.flag<string[]>('image');
      if (!images.length) return { error: 'required flag(s) "image" not set' };
      const port = ctx.flag<number>('port');
      const containers = images.map((image) => {
        const c: Record<string, unknown> = {};
        if (ctx.p.dash?.length && images.length === 1) c.command = ctx.p.dash;
        c.image = image;
        c.name = containerNameFromImage(image);
        if (port >= 0) c.ports = [{ containerPort: port }];
        c.resources = {};
        return c;
      });
      return {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: meta(name, { app: name }),
        spec: {
          replicas: ctx.flag<number>('replicas'),
          selector: { matchLabels: { app: name } },
          strategy: {},
          template: { metadata: { creationTimestamp: null, labels: { app: name } }, spec: { containers } },
        },
        status: {},
      } as unknown as KObject;
    },
  },
  namespace: {
    flags: [],
    resource: 'namespaces',
    what: 'namespace',
    build: (_ctx, name) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: meta(name), spec: {}, status: {} }) as unknown as KObject,
  },
  configmap: {
    flags: [{ name: 'from-literal', type: 'stringArray' }, { name: 'from-file', type: 'stringSlice' }, { name: 'from-env-file', type: 'stringSlice' }, { name: 'append-hash', type: 'bool', default: false }],
    resource: 'configmaps',
    what: 'configmap',
    build(ctx, name) {
      const src = fromSources(ctx, false);
      if ('error' in src) return src;
      const data = src.data;
      const o: Record<string, unknown> = { apiVersion: 'v1' };
      if (Object.keys(data).length) o.data = data;
      o.kind = 'ConfigMap';
      o.metadata = meta(name);
      return o as unknown as KObject;
    },
  },
  'secret generic': {
    flags: [{ name: 'from-literal', type: 'stringArray' }, { name: 'from-file', type: 'stringSlice' }, { name: 'from-env-file', type: 'stringSlice' }, { name: 'type', type: 'string', default: '' }, { name: 'append-hash', type: 'bool', default: false }],
    resource: 'secrets',
    what: 'secret',
    build(ctx, name) {
      const src = fromSources(ctx, true);
      if ('error' in src) return src;
      const data = src.data;
      const o: Record<string, unknown> = { apiVersion: 'v1' };
      if (Object.keys(data).length) o.data = data;
      o.kind = 'Secret';
      o.metadata = meta(name);
      if (ctx.flag<string>('type')) o.type = ctx.flag<string>('type');
      return o as unknown as KObject;
    },
  },
  'service clusterip': serviceGen('ClusterIP'),
  'service nodeport': serviceGen('NodePort'),
  'service loadbalancer': serviceGen('LoadBalancer'),
  'service externalname': serviceGen('ExternalName'),
  job: {
    flags: [{ name: 'image', type: 'string', default: '' }, { name: 'from', type: 'string', default: '' }],
    resource: 'jobs',
    what: 'job',
    build(ctx, name) {
      const from = ctx.flag<string>('from');
      if (from) {
        const [t, n] = from.split('/');
        const info = ctx.resolveType(t);
        if (!info || info.kind !== 'CronJob') return { error: `from must be an existing cronjob: ${from}` };
        const cj = ctx.get(info, n);
        if (isStatus(cj)) return { error: `from must be an existing cronjob: ${cj.message}` };
        const jt = deepClone((cj as { spec?: { jobTemplate?: { metadata?: Record<string, unknown>; spec?: unknown } } }).spec?.jobTemplate ?? {});
        return {
          apiVersion: 'batch/v1',
          kind: 'Job',
          metadata: {
            annotations: { 'cronjob.kubernetes.io/instantiate': 'manual', ...((jt.metadata?.annotations as object) ?? {}) },
            creationTimestamp: null,
            ...(jt.metadata?.labels ? { labels: jt.metadata.labels } : {}),
            name,
            ownerReferences: [{ apiVersion: 'batch/v1', blockOwnerDeletion: true, controller: true, kind: 'CronJob', name: n, uid: cj.metadata.uid }],
          },
          spec: jt.spec,
          status: {},
        } as unknown as KObject;
      }
      const image = ctx.flag<string>('image');
      if (!image) return { error: 'either --image or --from must be specified' };
      return {
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: meta(name),
        spec: { template: { metadata: { creationTimestamp: null }, spec: { containers: [containerCmd(ctx, name, image)], restartPolicy: 'Never' } } },
        status: {},
      } as unknown as KObject;
    },
  },
  cronjob: {
    flags: [{ name: 'image', type: 'string', default: '' }, { name: 'schedule', type: 'string', default: '' }, { name: 'restart', type: 'string', default: '' }],
    resource: 'cronjobs',
    what: 'cronjob',
    build(ctx, name) {
      const image = ctx.flag<string>('image');
      if (!image) return { error: 'required flag(s) "image", "schedule" not set'.replace(', "schedule"', ctx.flag('schedule') ? '' : ', "schedule"') };
      if (!ctx.flag<string>('schedule')) return { error: 'required flag(s) "schedule" not set' };
      return {
        apiVersion: 'batch/v1',
        kind: 'CronJob',
        metadata: meta(name),
        spec: {
          jobTemplate: {
            metadata: { creationTimestamp: null, name },
            spec: { template: { metadata: { creationTimestamp: null }, spec: { containers: [containerCmd(ctx, name, image)], restartPolicy: ctx.flag<string>('restart') || 'OnFailure' } } },
          },
          schedule: ctx.flag<string>('schedule'),
        },
        status: {},
      } as unknown as KObject;
    },
  },
  serviceaccount: {
    flags: [],
    resource: 'serviceaccounts',
    what: 'serviceaccount',
    build: (_ctx, name) => ({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta(name) }) as unknown as KObject,
  },
};

/** `kubectl create token SA`: a TokenRequest posted to serviceaccounts/SA/token; prints the token. */
function createToken(ctx: Ctx, argv: string[]): number {
  const p = parseFlags(argv, [
    ...OUTPUT_FLAGS,
    { name: 'audience', type: 'stringArray' },
    { name: 'bound-object-kind', type: 'string', default: '' },
    { name: 'bound-object-name', type: 'string', default: '' },
    { name: 'bound-object-uid', type: 'string', default: '' },
    { name: 'duration', type: 'string', default: '0s' },
  ]);
  if ('error' in p) {
    ctx.err(`error: ${p.error}\nSee 'kubectl create token --help' for usage.\n`);
    return 1;
  }
  Object.assign(ctx.p, p);
  if (p.args.length !== 1) {
    ctx.err(`error: exactly one NAME is required, got ${p.args.length}\nSee 'kubectl create token -h' for help and examples\n`);
    return 1;
  }
  const raw = String(p.flags.duration);
  const negative = raw.startsWith('-');
  const ms = parseGoDuration(negative ? raw.slice(1) : raw);
  if (ms === undefined) {
    ctx.err(`Error: invalid argument "${raw}" for "--duration" flag: time: invalid duration "${raw}"\nSee 'kubectl create token --help' for usage.\n`);
    return 1;
  }
  if (negative && ms > 0) return ctx.fail('--duration must be greater than or equal to 0');
  const kind = String(p.flags['bound-object-kind']);
  const boundName = String(p.flags['bound-object-name']);
  const boundUid = String(p.flags['bound-object-uid']);
  if (kind && !['Pod', 'Secret', 'Node'].includes(kind)) return ctx.fail(`supported --bound-object-kind values are Node, Pod, Secret`);
  if (kind && !boundName) return ctx.fail('--bound-object-name is required if --bound-object-kind is provided');
  if (!kind && boundName) return ctx.fail('--bound-object-name can only be set if --bound-object-kind is provided');
  if (!kind && boundUid) return ctx.fail('--bound-object-uid can only be set if --bound-object-kind is provided');
  const audiences = (p.flags.audience as string[] | undefined) ?? [];
  const body = {
    apiVersion: 'authentication.k8s.io/v1',
    kind: 'TokenRequest',
    metadata: { creationTimestamp: null },
    spec: {
      ...(audiences.length ? { audiences } : {}),
      ...(ms ? { expirationSeconds: Math.floor(ms / 1000) } : {}),
      ...(kind ? { boundObjectRef: { kind, apiVersion: kind === 'Pod' || kind === 'Secret' || kind === 'Node' ? 'v1' : '', name: boundName, ...(boundUid ? { uid: boundUid } : {}) } } : {}),
    },
    status: { expirationTimestamp: null, token: '' },
  };
  const res = ctx.request({ verb: 'create', resource: 'serviceaccounts', namespace: ctx.namespace, name: p.args[0], subresource: 'token', body });
  if (isStatus(res.body)) return ctx.fail(`failed to create token: ${res.body.message}`);
  if (ctx.flag<string>('output')) {
    const tokenRequest = { group: 'authentication.k8s.io', version: 'v1', kind: 'TokenRequest', plural: 'tokenrequests', singular: 'tokenrequest', namespaced: true } as KindInfo;
    return printResult(ctx, tokenRequest, res.body as KObject, 'created');
  }
  // kubectl prints the bare token, with no newline after it
  ctx.out((res.body as { status: { token: string } }).status.token);
  return 0;
}

const ALIASES: Record<string, string> = { deploy: 'deployment', ns: 'namespace', cm: 'configmap', cj: 'cronjob', sa: 'serviceaccount', svc: 'service', ing: 'ingress', pdb: 'poddisruptionbudget', pc: 'priorityclass', resourcequota: 'quota' };

export const createCommand: Command = {
  name: 'create',
  rawArgs: true,
  flags: [],
  subcommands: ['clusterrole', 'clusterrolebinding', 'configmap', 'cronjob', 'deployment', 'ingress', 'job', 'namespace', 'poddisruptionbudget', 'priorityclass', 'quota', 'role', 'rolebinding', 'secret', 'service', 'serviceaccount', 'token'],
  run(ctx) {
    const argv = ctx.p.args;
    const firstArg = argv.findIndex((a) => !a.startsWith('-'));
    let sub = firstArg >= 0 && !argv.slice(0, firstArg).some((a) => a === '-f' || a === '--filename') ? argv[firstArg] : undefined;
    if (sub) sub = ALIASES[sub] ?? sub;
    if (sub === 'secret' || sub === 'service') {
      const next = argv[firstArg + 1];
      if (!next || next.startsWith('-')) {
        ctx.err(`error: must specify one of ${sub === 'secret' ? 'docker-registry, generic, tls' : 'clusterip, externalname, loadbalancer, nodeport'}\nSee 'kubectl create ${sub} -h' for help and examples\n`);
        return 1;
      }
      sub = `${sub} ${next}`;
      argv.splice(firstArg + 1, 1);
    }
    if (sub === 'token') return createToken(ctx, [...argv.slice(0, firstArg), ...argv.slice(firstArg + 1)]);
    if (sub && GENERATORS[sub]) {
      const gen = GENERATORS[sub];
      const rest = [...argv.slice(0, firstArg), ...argv.slice(firstArg + 1)];
      const p = parseFlags(rest, [...COMMON, ...gen.flags]);
      if ('error' in p) {
        ctx.err(`error: ${p.error}\nSee 'kubectl create ${sub} --help' for usage.\n`);
        return 1;
      }
      Object.assign(ctx.p, p);
      if (p.args.length !== 1) {
        ctx.err(`error: exactly one NAME is required, got ${p.args.length}\nSee 'kubectl create ${sub} -h' for help and examples\n`);
        return 1;
      }
      const dry = dryRunOf(ctx);
      if (typeof dry === 'object') return ctx.fail(dry.error);
      const obj = gen.build(ctx, p.args[0]);
      if ('error' in obj) return ctx.fail(obj.error as string);
      return submit(ctx, kindOf(ctx, gen.resource), obj, dry, gen.what);
    }
    if (sub && !sub.startsWith('-') && firstArg >= 0 && !argv.includes('-f') && !argv.some((a) => a.startsWith('--filename') || a.startsWith('-f'))) {
      ctx.err(`error: Unexpected args: [${argv.filter((a) => !a.startsWith('-')).join(' ')}]\nSee 'kubectl create -h' for help and examples\n`);
      return 1;
    }
    const p = parseFlags(argv, [...COMMON, ...FILE_FLAGS, { name: 'edit', type: 'bool', default: false }, { name: 'selector', short: 'l', type: 'string', default: '' }, { name: 'raw', type: 'string', default: '' }, { name: 'windows-line-endings', type: 'bool', default: false }]);
    if ('error' in p) {
      ctx.err(`error: ${p.error}\nSee 'kubectl create --help' for usage.\n`);
      return 1;
    }
    Object.assign(ctx.p, p);
    const files = ctx.flag<string[]>('filename');
    if (!files.length) {
      return ctx.fail('must specify one of -f and -k');
    }
    const dry = dryRunOf(ctx);
    if (typeof dry === 'object') return ctx.fail(dry.error);
    return eachManifest(ctx, 'create', (m, info, ns) => {
      const obj = ctx.flag<boolean>('save-config') ? withLastApplied(m.obj, ns) : m.obj;
      if (dry === 'client') return printResult(ctx, info, obj, 'created', dry);
      const q: Record<string, unknown> = { fieldManager: 'kubectl-create', fieldValidation: 'Strict' };
      if (dry === 'server') q.dryRun = 'All';
      const res = ctx.request(ctx.req(info, 'create', { body: obj, query: q }, ns));
      if (isStatus(res.body)) {
        ctx.err(formatStatus(res.body, res.body.reason === 'Invalid' ? undefined : { verb: 'creating', file: m.source }));
        return 1;
      }
      return printResult(ctx, info, res.body as KObject, 'created', dry);
    });
  },
};
