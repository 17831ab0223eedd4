/**
 * What every kubectl command works with: the client, the terminal, the kubeconfig, lazy
 * discovery, and the shared steps of resource commands (resolving `TYPE NAME`,
 * `TYPE/NAME`, `TYPE1,TYPE2`, `all`; building requests; printing errors).
 */
import type { KindInfo, KindRegistry } from '../sim/api/registry';
import type { ApiRequest, ApiResponse, KList, KObject, Status } from '../sim/api/types';
import { discover, kindRef } from './discovery';
import { formatError, formatStatus, isStatus } from './errors';
import type { Parsed } from './flags';
import type { Client, KubeConfig, KubectlIO } from './types';

export class Ctx {
  private registry: KindRegistry | undefined;

  constructor(
    readonly client: Client,
    readonly io: KubectlIO,
    readonly config: KubeConfig,
    readonly p: Parsed,
    readonly command: string,
    /** the whole command line, for --record's change-cause */
    readonly argv: string[] = [],
  ) {}

  /**
   * The change-cause `--record` writes, as kubectl's factory.Command builds it: the
   * positional words, then every flag given as `--name=value`.
   */
  commandLine(): string {
    const positional: string[] = [];
    const values = new Set<string>();
    for (const [k, v] of Object.entries(this.p.flags)) if (this.p.set.has(k) && typeof v === 'string') values.add(v);
    for (let i = 0; i < this.argv.length; i++) {
      const a = this.argv[i];
      if (a === '--') break;
      if (a.startsWith('-')) {
        if (!a.includes('=') && values.has(this.argv[i + 1] ?? '')) i++;
        continue;
      }
      positional.push(a);
    }
    const flags = [...this.p.set].map((k) => {
      const v = this.p.flags[k];
      return `--${k}=${Array.isArray(v) ? v.join(',') : String(v)}`;
    });
    return ['kubectl', ...positional, ...flags].join(' ');
  }

  get reg(): KindRegistry {
    if (!this.registry) this.registry = discover(this.client);
    return this.registry;
  }

  /** The namespace of the request: -n, else the context's, else default. */
  get namespace(): string {
    const n = this.p.flags.namespace as string;
    if (n) return n;
    const c = this.config.contexts.find((x) => x.name === this.config.currentContext);
    return c?.namespace || 'default';
  }

  get explicitNamespace(): boolean {
    return !!this.p.flags.namespace;
  }

  out(s: string): void {
    this.io.out(s);
  }

  err(s: string): void {
    this.io.err(s);
  }

  now(): number {
    return this.client.now();
  }

  flag<T = string>(name: string): T {
    return this.p.flags[name] as T;
  }

  /** `error: msg`, exit code 1. */
  fail(msg: string): number {
    this.err(formatError(msg));
    return 1;
  }

  /** `msg\nSee 'kubectl X -h' for help and examples` — cobra usage errors. */
  usage(msg: string): number {
    this.err(formatError(`${msg}\nSee 'kubectl ${this.command} -h' for help and examples`));
    return 1;
  }

  status(st: Status, source?: { verb: string; file: string }): number {
    this.err(formatStatus(st, source));
    return 1;
  }

  request(req: ApiRequest): ApiResponse {
    const res = this.client.request(req);
    for (const w of res.warnings ?? []) this.err(w.startsWith('Warning: ') ? `${w}\n` : `Warning: ${w}\n`);
    return res;
  }

  /** A request for a kind: group/version/resource and namespace filled in. */
  req(info: KindInfo, verb: ApiRequest['verb'], extra: Partial<ApiRequest> = {}, namespace?: string): ApiRequest {
    const r: ApiRequest = { verb, group: info.group, version: info.version, resource: info.plural, ...extra };
    if (info.namespaced) r.namespace = namespace ?? this.namespace;
    else delete r.namespace;
    return r;
  }

  get(info: KindInfo, name: string, namespace?: string): KObject | Status {
    const res = this.request(this.req(info, 'get', { name }, namespace));
    return res.body as KObject | Status;
  }

  list(info: KindInfo, query: ApiRequest['query'] = {}, namespace?: string | null): KList | Status {
    const r = this.req(info, 'list', { query });
    if (namespace === null) delete r.namespace;
    else if (namespace !== undefined && info.namespaced) r.namespace = namespace;
    return this.request(r).body as KList | Status;
  }

  resolveType(t: string): KindInfo | undefined {
    return this.reg.resolve(t);
  }

  /** Info for an object from a manifest (apiVersion + kind). */
  infoFor(obj: KObject): KindInfo | undefined {
    return this.reg.forObject(obj);
  }
}

export { isStatus };

export interface ResourceGroup {
  info: KindInfo;
  /** undefined = every object of the kind (with selectors) */
  names?: string[];
}

/** Resolves resource arguments like kubectl's resource builder. */
export function resolveResourceArgs(ctx: Ctx, args: string[], allowAll = true): ResourceGroup[] | { error: string } {
  if (args.length === 0) return [];
  const slashForm = args.filter((a) => a.includes('/'));
  if (slashForm.length > 0) {
    if (slashForm.length !== args.length) {
      return {
        error: `there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'`,
      };
    }
    const groups: ResourceGroup[] = [];
    for (const a of args) {
      const i = a.indexOf('/');
      const t = a.slice(0, i);
      const name = a.slice(i + 1);
      if (!name) return { error: `arguments in resource/name form must have a single resource and name` };
      const info = ctx.resolveType(t);
      if (!info) return { error: `the server doesn't have a resource type "${t}"` };
      const g = groups.find((x) => x.info === info);
      if (g) g.names!.push(name);
      else groups.push({ info, names: [name] });
    }
    return groups;
  }
  const [types, ...names] = args;
  const infos: KindInfo[] = [];
  for (const t of types.split(',')) {
    if (t === '') continue;
    if (allowAll && t === 'all') {
      const order = ['Pod', 'ReplicationController', 'Service', 'DaemonSet', 'Deployment', 'ReplicaSet', 'StatefulSet', 'HorizontalPodAutoscaler', 'CronJob', 'Job'];
      const cat = ctx.reg.all().filter((k) => k.categories.includes('all'));
      const seen = new Set<string>();
      cat.sort((a, b) => rank(order, a.kind) - rank(order, b.kind));
      for (const k of cat) {
        if (seen.has(k.kind + k.group)) continue;
        seen.add(k.kind + k.group);
        infos.push(k);
      }
      continue;
    }
    const info = ctx.resolveType(t);
    if (!info) return { error: `the server doesn't have a resource type "${t}"` };
    if (!infos.includes(info)) infos.push(info);
  }
  if (names.length > 0 && infos.length > 1) return infos.map((info) => ({ info, names: [...names] }));
  return infos.map((info) => (names.length ? { info, names: [...names] } : { info }));
}

function rank(order: string[], kind: string): number {
  const i = order.indexOf(kind);
  return i < 0 ? order.length : i;
}

/** `deployment.apps/web` */
export function objRef(info: KindInfo, name: string): string {
  return `${kindRef(info)}/${name}`;
}

export function deepClone<T>(v: T): T {
  return v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T);
}
