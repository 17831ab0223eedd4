/**
 * Discovery and client commands: `api-resources`, `api-versions`, `version`,
 * `cluster-info`, `config view|current-context|get-contexts|set-context|use-context`,
 * `auth can-i`, `top` (needs the metrics API), `options`, and commands the sandbox
 * does not offer.
 */
import type { KList } from '../../sim/api/types';
import type { Command } from '../command';
import { isStatus } from '../context';
import { parseFlags } from '../flags';
import { helpText } from '../help';
import { toYaml } from '../printers/format';
import { tabulate } from '../printers/tabwriter';

export const KUBE_VERSION = 'v1.32.0';

export const apiResourcesCommand: Command = {
  name: 'api-resources',
  flags: [
    { name: 'output', short: 'o', type: 'string', default: '' },
    { name: 'namespaced', type: 'bool', default: true },
    { name: 'api-group', type: 'string', default: '' },
    { name: 'no-headers', type: 'bool', default: false },
    { name: 'sort-by', type: 'string', default: '' },
    { name: 'verbs', type: 'stringSlice' },
    { name: 'categories', type: 'stringSlice' },
    { name: 'cached', type: 'bool', default: false },
  ],
  run(ctx) {
    let kinds = ctx.reg.all();
    if (ctx.p.set.has('namespaced')) kinds = kinds.filter((k) => k.namespaced === ctx.flag<boolean>('namespaced'));
    if (ctx.p.set.has('api-group')) kinds = kinds.filter((k) => k.group === ctx.flag<string>('api-group'));
    const verbs = ctx.flag<string[]>('verbs');
    if (verbs.length) kinds = kinds.filter((k) => verbs.every((v) => k.verbs.includes(v)));
    const cats = ctx.flag<string[]>('categories');
    if (cats.length) kinds = kinds.filter((k) => cats.every((c) => k.categories.includes(c)));
    // one version per group/resource: the preferred (first registered)
    const seen = new Set<string>();
    kinds = kinds.filter((k) => (seen.has(`${k.group}/${k.plural}`) ? false : (seen.add(`${k.group}/${k.plural}`), true)));
    const sortBy = ctx.flag<string>('sort-by');
    kinds.sort((a, b) =>
      // kubectl sorts by API group name (byte order), the resources of a group as discovery lists them
      sortBy === 'name' ? a.plural.localeCompare(b.plural) : sortBy === 'kind' ? a.kind.localeCompare(b.kind) : (a.group < b.group ? -1 : a.group > b.group ? 1 : 0) || a.plural.localeCompare(b.plural),
    );
    const o = ctx.flag<string>('output');
    if (o === 'name') {
      ctx.out(kinds.map((k) => (k.group ? `${k.plural}.${k.group}` : k.plural) + '\n').join(''));
      return 0;
    }
    const wide = o === 'wide';
    const rows = kinds.map((k) => {
      const r = [k.plural, k.shortNames.join(','), k.group ? `${k.group}/${k.version}` : k.version, String(k.namespaced), k.kind];
      if (wide) r.push(`[${k.verbs.slice().sort().join(' ')}]`, k.categories.join(','));
      return r;
    });
    const header = ['NAME', 'SHORTNAMES', 'APIVERSION', 'NAMESPACED', 'KIND', ...(wide ? ['VERBS', 'CATEGORIES'] : [])];
    ctx.out(tabulate(ctx.flag<boolean>('no-headers') ? rows : [header, ...rows]));
    return 0;
  },
};

export const apiVersionsCommand: Command = {
  name: 'api-versions',
  flags: [],
  run(ctx) {
    const vs = new Set<string>();
    for (const k of ctx.reg.all()) vs.add(k.group ? `${k.group}/${k.version}` : k.version);
    ctx.out([...vs].sort().map((v) => v + '\n').join(''));
    return 0;
  },
};

export const versionCommand: Command = {
  name: 'version',
  flags: [{ name: 'client', type: 'bool', default: false }, { name: 'output', short: 'o', type: 'string', default: '' }, { name: 'short', type: 'bool', default: false }],
  run(ctx) {
    const client = { compiler: 'gc', gitVersion: KUBE_VERSION, goVersion: 'go1.23.4', major: '1', minor: '32', platform: 'linux/amd64' };
    const o = ctx.flag<string>('output');
    const data: Record<string, unknown> = { clientVersion: client, kustomizeVersion: 'v5.5.0' };
    if (!ctx.flag<boolean>('client')) data.serverVersion = { ...client };
    if (o === 'json') ctx.out(JSON.stringify(data, null, 2) + '\n');
    else if (o === 'yaml') ctx.out(toYaml(data));
    else if (o) return ctx.fail(`--output must be 'yaml' or 'json'`);
    else ctx.out(`Client Version: ${KUBE_VERSION}\nKustomize Version: v5.5.0\n${ctx.flag<boolean>('client') ? '' : `Server Version: ${KUBE_VERSION}\n`}`);
    return 0;
  },
};

export const clusterInfoCommand: Command = {
  name: 'cluster-info',
  flags: [],
  run(ctx) {
    if (ctx.p.args[0] === 'dump') return ctx.fail('cluster-info dump is not available in this sandbox');
    let out = 'Kubernetes control plane is running at https://controlplane:6443\n';
    const svcs = ctx.list(ctx.resolveType('services')!, { labelSelector: 'kubernetes.io/cluster-service=true' }, 'kube-system');
    if (!isStatus(svcs)) {
      for (const s of (svcs as KList).items) {
        const name = s.metadata.labels?.['kubernetes.io/name'] ?? s.metadata.name;
        // eslint-disable-next-line @typescript-eslint/no-explicit-any
        const port = (s as any).spec?.ports?.[0]?.name;
        out += `${name} is running at https://controlplane:6443/api/v1/namespaces/kube-system/services/${s.metadata.name}${port ? `:${port}` : ''}/proxy\n`;
      }
    }
    ctx.out(`${out}\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n`);
    return 0;
  },
};

export const configCommand: Command = {
  name: 'config',
  rawArgs: true,
  flags: [],
  subcommands: ['current-context', 'delete-cluster', 'delete-context', 'delete-user', 'get-clusters', 'get-contexts', 'get-users', 'rename-context', 'set', 'set-cluster', 'set-context', 'set-credentials', 'unset', 'use-context', 'view'],
  run(ctx) {
    const [sub, ...rest] = ctx.p.args;
    const cfg = ctx.config;
    const p = parseFlags(rest, [
      { name: 'current', type: 'bool', default: false },
      { name: 'namespace', short: 'n', type: 'string', default: '' },
      { name: 'cluster', type: 'string', default: '' },
      { name: 'user', type: 'string', default: '' },
      { name: 'output', short: 'o', type: 'string', default: '' },
      { name: 'minify', type: 'bool', default: false },
      { name: 'raw', type: 'bool', default: false },
      { name: 'flatten', type: 'bool', default: false },
      { name: 'no-headers', type: 'bool', default: false },
    ]);
    if ('error' in p) {
      ctx.err(`error: ${p.error}\nSee 'kubectl config ${sub} --help' for usage.\n`);
      return 1;
    }
    switch (sub) {
      case undefined:
        ctx.out(helpText('config') ?? '');
        return 0;
      case 'current-context':
        ctx.out(`${cfg.currentContext}\n`);
        return 0;
      case 'view': {
        const view = {
          apiVersion: 'v1',
          clusters: [{ cluster: { 'certificate-authority-data': 'DATA+OMITTED', server: 'https://controlplane:6443' }, name: 'kubernetes' }],
          contexts: cfg.contexts.map((c) => ({ context: { cluster: c.cluster, ...(c.namespace ? { namespace: c.namespace } : {}), user: c.user }, name: c.name })),
          'current-context': cfg.currentContext,
          kind: 'Config',
          preferences: {},
          users: [{ name: 'kubernetes-admin', user: { 'client-certificate-data': 'DATA+OMITTED', 'client-key-data': 'DATA+OMITTED' } }],
        };
        ctx.out(p.flags.output === 'json' ? JSON.stringify(view, null, 4) + '\n' : toYaml(view));
        return 0;
      }
      case 'get-contexts': {
        const rows = cfg.contexts.filter((c) => !p.args[0] || c.name === p.args[0]).map((c) => [c.name === cfg.currentContext ? '*' : '', c.name, c.cluster, c.user, c.namespace ?? '']);
        if (p.args[0] && !rows.length) return ctx.fail(`context ${p.args[0]} not found`);
        if (p.flags.output === 'name') {
          ctx.out(rows.map((r) => r[1] + '\n').join(''));
          return 0;
        }
        ctx.out(tabulate(p.flags['no-headers'] ? rows : [['CURRENT', 'NAME', 'CLUSTER', 'AUTHINFO', 'NAMESPACE'], ...rows]));
        return 0;
      }
      case 'get-clusters':
        ctx.out('NAME\nkubernetes\n');
        return 0;
      case 'get-users':
        ctx.out('NAME\nkubernetes-admin\n');
        return 0;
      case 'set-context': {
        const name = p.flags.current ? cfg.currentContext : p.args[0];
        if (!name) return ctx.fail('you must specify a non-empty context name or --current');
        let c = cfg.contexts.find((x) => x.name === name);
        const created = !c;
        if (!c) {
          c = { name, cluster: '', user: '' };
          cfg.contexts.push(c);
        }
        if (p.set.has('namespace')) c.namespace = String(p.flags.namespace) || undefined;
        if (p.set.has('cluster')) c.cluster = String(p.flags.cluster);
        if (p.set.has('user')) c.user = String(p.flags.user);
        ctx.out(`Context "${name}" ${created ? 'created' : 'modified'}.\n`);
        return 0;
      }
      case 'use-context':
      case 'use': {
        const name = p.args[0];
        if (!name || !cfg.contexts.some((c) => c.name === name)) return ctx.fail(`no context exists with the name: "${name ?? ''}"`);
        cfg.currentContext = name;
        ctx.out(`Switched to context "${name}".\n`);
        return 0;
      }
      case 'rename-context': {
        const [from, to] = p.args;
        const c = cfg.contexts.find((x) => x.name === from);
        if (!c || !to) return ctx.fail(`cannot rename the context "${from ?? ''}", it's not in the kubeconfig`);
        c.name = to;
        if (cfg.currentContext === from) cfg.currentContext = to;
        ctx.out(`Context "${from}" renamed to "${to}".\n`);
        return 0;
      }
      case 'delete-context': {
        const name = p.args[0];
        const i = cfg.contexts.findIndex((x) => x.name === name);
        if (i < 0) return ctx.fail(`cannot delete context ${name ?? ''}, not in the kubeconfig`);
        cfg.contexts.splice(i, 1);
        if (cfg.currentContext === name) ctx.err(`warning: this removed your active context, use "kubectl config use-context" to select a different one\n`);
        ctx.out(`deleted context ${name} from the kubeconfig\n`);
        return 0;
      }
      default:
        if (configCommand.subcommands!.includes(sub)) return ctx.fail(`"kubectl config ${sub}" is not available in this sandbox`);
        ctx.err(`error: unknown command "${sub}"\nSee 'kubectl config -h' for help and examples\n`);
        return 1;
    }
  },
};

export const authCommand: Command = {
  name: 'auth',
  rawArgs: true,
  flags: [],
  subcommands: ['can-i', 'reconcile', 'whoami'],
  run(ctx) {
    const [sub, ...rest] = ctx.p.args;
    if (sub === 'whoami') {
      const res = ctx.request({ verb: 'create', group: 'authentication.k8s.io', version: 'v1', resource: 'selfsubjectreviews', body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' } });
      if (isStatus(res.body)) return ctx.fail(res.body.message ?? "");
      const info = (res.body as { status: { userInfo: { username: string; groups: string[] } } }).status.userInfo;
      ctx.out(tabulate([['ATTRIBUTE', 'VALUE'], ['Username', info.username], ['Groups', `[${info.groups.join(' ')}]`]]));
      return 0;
    }
    if (sub !== 'can-i') {
      if (!sub) {
        ctx.out(helpText('auth') ?? '');
        return 0;
      }
      ctx.err(`error: unknown command "${sub}"\nSee 'kubectl auth -h' for help and examples\n`);
      return 1;
    }
    const p = parseFlags(rest, [{ name: 'as', type: 'string', default: '' }, { name: 'all-namespaces', short: 'A', type: 'bool', default: false }, { name: 'list', type: 'bool', default: false }, { name: 'quiet', short: 'q', type: 'bool', default: false }, { name: 'subresource', type: 'string', default: '' }, { name: 'namespace', short: 'n', type: 'string', default: '' }, { name: 'as-group', type: 'stringArray' }, { name: 'no-headers', type: 'bool', default: false }]);
    if ('error' in p) {
      ctx.err(`error: ${p.error}\nSee 'kubectl auth can-i --help' for usage.\n`);
      return 1;
    }
    const [verb, resource] = p.args;
    if (!p.flags.list && (!verb || !resource)) {
      ctx.err("error: you must specify two arguments: verb resource or verb resource/resourceName.\nSee 'kubectl auth can-i -h' for help and examples.\n");
      return 1;
    }
    const user = String(p.flags.as || '');
    const [type, resName] = (resource ?? '').split('/');
    const info = type === '*' ? undefined : ctx.resolveType(type);
    if (!info && type !== '*' && !resource?.startsWith('/')) ctx.err(`Warning: the server doesn't have a resource type '${type}'\n\n`);
    const group = info?.group ?? (type === '*' ? '*' : '');
    if (info && !info.namespaced && !p.flags['all-namespaces'])
      ctx.err(`Warning: resource '${info.plural}' is not namespace scoped${info.group ? ` in group '${info.group}'` : ''}\n\n`);
    const namespace = p.flags['all-namespaces'] || (info && !info.namespaced) ? undefined : String(p.flags.namespace || ctx.namespace);
    const [resourceName, subresource] = [info?.plural ?? type, String(p.flags.subresource || '')];
    // --as and --as-group impersonate: the review asks about the caller, who is then that user
    const res = ctx.request({
      verb: 'create',
      group: 'authorization.k8s.io',
      version: 'v1',
      resource: 'selfsubjectaccessreviews',
      ...(user ? { user } : {}),
      ...((p.flags['as-group'] as string[] | undefined)?.length ? { groups: p.flags['as-group'] as string[] } : {}),
      body: {
        apiVersion: 'authorization.k8s.io/v1',
        kind: 'SelfSubjectAccessReview',
        spec: { resourceAttributes: { namespace: namespace ?? '', verb, group, resource: resourceName, ...(subresource ? { subresource } : {}), ...(resName ? { name: resName } : {}) } },
      },
    });
    if (isStatus(res.body)) return ctx.fail(res.body.message ?? "");
    const allowed = !!(res.body as { status?: { allowed?: boolean } }).status?.allowed;
    if (!p.flags.quiet) ctx.out(allowed ? 'yes\n' : 'no\n');
    return allowed ? 0 : 1;
  },
};

function quantity(q: unknown): number {
  const m = /^([0-9.]+)(n|u|m|k|Ki|Mi|Gi|Ti|M|G|T)?$/.exec(String(q ?? '0'));
  if (!m) return 0;
  const mult: Record<string, number> = { n: 1e-9, u: 1e-6, m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3, Ti: 1024 ** 4 };
  return parseFloat(m[1]) * (m[2] ? mult[m[2]] : 1);
}

const milli = (cores: number) => `${Math.ceil(Math.round(cores * 1e9) / 1e6)}m`;
const mebi = (bytes: number) => `${Math.floor(bytes / 1024 ** 2)}Mi`;

export const topCommand: Command = {
  name: 'top',
  rawArgs: true,
  flags: [],
  subcommands: ['node', 'pod'],
  run(ctx) {
    const [sub, ...rest] = ctx.p.args;
    if (!sub) {
      ctx.out(helpText('top') ?? '');
      return 0;
    }
    const kind = ['node', 'nodes', 'no'].includes(sub) ? 'nodes' : ['pod', 'pods', 'po'].includes(sub) ? 'pods' : undefined;
    if (!kind) {
      ctx.err(`error: unknown command "${sub}"\nSee 'kubectl top -h' for help and examples\n`);
      return 1;
    }
    const p = parseFlags(rest, [
      { name: 'all-namespaces', short: 'A', type: 'bool', default: false },
      { name: 'containers', type: 'bool', default: false },
      { name: 'selector', short: 'l', type: 'string', default: '' },
      { name: 'sort-by', type: 'string', default: '' },
      { name: 'no-headers', type: 'bool', default: false },
      { name: 'use-protocol-buffers', type: 'bool', default: true },
      { name: 'show-capacity', type: 'bool', default: false },
      { name: 'sum', type: 'bool', default: false },
    ]);
    if ('error' in p) {
      ctx.err(`error: ${p.error}\nSee 'kubectl top ${sub} --help' for usage.\n`);
      return 1;
    }
    Object.assign(ctx.p.flags, { namespace: p.flags.namespace });
    const allNs = !!p.flags['all-namespaces'];
    const q: Record<string, unknown> = {};
    if (p.flags.selector) q.labelSelector = p.flags.selector;
    const res = ctx.request({ verb: 'list', group: 'metrics.k8s.io', version: 'v1beta1', resource: kind, namespace: kind === 'pods' && !allNs ? ctx.namespace : undefined, query: q });
    if (isStatus(res.body) || res.code >= 400 || !Array.isArray((res.body as KList).items)) return ctx.fail('Metrics API not available');
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    let items = (res.body as KList).items as any[];
    items = items.filter((m) => !p.args[0] || m.metadata.name === p.args[0]);
    if (!items.length) {
      if (p.args[0]) return ctx.fail(kind === 'pods' ? `pods "${p.args[0]}" not found` : `nodes "${p.args[0]}" not found`);
      if (kind === 'pods') ctx.err(allNs ? 'No resources found\n' : `No resources found in ${ctx.namespace} namespace.\n`);
      return kind === 'pods' ? 0 : ctx.fail('metrics not available yet');
    }
    const sortBy = String(p.flags['sort-by'] ?? '');
    const rows: string[][] = [];
    if (kind === 'nodes') {
      const nodes = ctx.list(ctx.resolveType('nodes')!, {});
      const alloc = new Map<string, { cpu: number; mem: number }>();
      if (!isStatus(nodes))
        // eslint-disable-next-line @typescript-eslint/no-explicit-any
        for (const n of nodes.items as any[]) alloc.set(n.metadata.name, { cpu: quantity(n.status?.allocatable?.cpu), mem: quantity(n.status?.allocatable?.memory) });
      const data = items.map((m) => ({ name: m.metadata.name as string, cpu: quantity(m.usage?.cpu), mem: quantity(m.usage?.memory) }));
      if (sortBy === 'cpu') data.sort((a, b) => b.cpu - a.cpu);
      else if (sortBy === 'memory') data.sort((a, b) => b.mem - a.mem);
      for (const d of data) {
        const a = alloc.get(d.name) ?? { cpu: 0, mem: 0 };
        rows.push([d.name, milli(d.cpu), `${a.cpu ? Math.trunc((d.cpu / a.cpu) * 100) : 0}%`, mebi(d.mem), `${a.mem ? Math.trunc((d.mem / a.mem) * 100) : 0}%`]);
      }
      ctx.out(tabulate(p.flags['no-headers'] ? rows : [['NAME', 'CPU(cores)', 'CPU(%)', 'MEMORY(bytes)', 'MEMORY(%)'], ...rows]));
      return 0;
    }
    const data = items.map((m) => {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      const cs = (m.containers ?? []) as any[];
      return { ns: m.metadata.namespace as string, name: m.metadata.name as string, cs, cpu: cs.reduce((s, c) => s + quantity(c.usage?.cpu), 0), mem: cs.reduce((s, c) => s + quantity(c.usage?.memory), 0) };
    });
    if (sortBy === 'cpu') data.sort((a, b) => b.cpu - a.cpu);
    else if (sortBy === 'memory') data.sort((a, b) => b.mem - a.mem);
    const header = [...(allNs ? ['NAMESPACE'] : []), ...(p.flags.containers ? ['POD', 'NAME'] : ['NAME']), 'CPU(cores)', 'MEMORY(bytes)'];
    for (const d of data) {
      if (p.flags.containers) for (const c of d.cs) rows.push([...(allNs ? [d.ns] : []), d.name, c.name, milli(quantity(c.usage?.cpu)), mebi(quantity(c.usage?.memory))]);
      else rows.push([...(allNs ? [d.ns] : []), d.name, milli(d.cpu), mebi(d.mem)]);
    }
    ctx.out(tabulate(p.flags['no-headers'] ? rows : [header, ...rows]));
    return 0;
  },
};

export const optionsCommand: Command = {
  name: 'options',
  flags: [],
  run(ctx) {
    ctx.out(helpText('options') ?? '');
    return 0;
  },
};

/** Commands of real kubectl that the sandbox cannot offer (no network to the host, no plugins). */
export function unavailable(name: string): Command {
  return {
    name,
    rawArgs: true,
    flags: [],
    run(ctx) {
      return ctx.fail(`"kubectl ${name}" is not available in this sandbox`);
    },
  };
}
