/**
 * One lesson's sandbox: a cluster built from a lab's start state, its shells, the lab's
 * live checks and the views' data (map, events, reconciles). The Web Worker wraps it in
 * messages; the headless lab runner drives it directly, so both run the same code.
 */
import { parseAllDocuments, stringify } from 'yaml';
import type { KObject, KList, Status, WatchHandle } from '../sim/api/types';
import type { Lab, ReadClient } from '../labs/schema';
import { parseDuration } from '../labs/schema';
import type { ClusterLike, ShellLike } from './cluster-like';
import { applyYaml } from './apply';
import { TimeDriver, type Speed as DriverSpeed } from '../sim/driver';
import type { Clock } from '../sim/clock';
import type { ActivityEntry, ApplyResult, EventEntry, LabInfo, MapOwner, MapPod, MapSnapshot, Speed, TaskStatus } from './protocol';

/** What the host needs from the engine and the shell; src/worker/engine.ts provides the real one. */
export interface Engine {
  create(opts: { seed: number; nodes?: Lab['start']['nodes'] }): ClusterLike;
  restore(snapshot: unknown): ClusterLike;
  stopComponent(cluster: ClusterLike, name: string): void;
  /** a shell on the cluster; `interactive` = a person at a terminal (prompts shown); `fs` = the session's files */
  shell(cluster: ClusterLike, opts?: { interactive?: boolean; fs?: unknown; edit?: EditFn }): ShellLike;
  /** the learner's home folder holding these files (name → text), shared by the session's shells */
  files(initial: Record<string, string>): unknown;
  writeFile(fs: unknown, name: string, content: string): void;
  /** the engine's reconcile log, or undefined while the engine has none */
  activity(cluster: ClusterLike): readonly ActivityEntry[] | undefined;
}

/** Opens text in an editor for `kubectl edit` / `vi`: the saved text, or undefined when cancelled. */
export type EditFn = (text: string, fileName: string) => Promise<string | undefined>;

const isStatus = (x: unknown): x is Status => !!x && typeof x === 'object' && (x as { kind?: unknown }).kind === 'Status';

/** The read-only client lab checks receive. Unknown resources throw: that is a bug in the lab. */
export function readClient(cluster: ClusterLike): ReadClient {
  const info = (resource: string) => {
    const i = cluster.api.kinds.resolve(resource);
    if (!i) throw new Error(`the server doesn't have a resource type "${resource}"`);
    return i;
  };
  return {
    get(resource, name, namespace) {
      const i = info(resource);
      const res = cluster.request({
        verb: 'get',
        group: i.group,
        version: i.version,
        resource: i.plural,
        namespace: i.namespaced ? (namespace ?? 'default') : undefined,
        name,
      });
      return res.code === 200 && !isStatus(res.body) ? (res.body as KObject) : undefined;
    },
    list(resource, opts = {}) {
      const i = info(resource);
      const res = cluster.request({
        verb: 'list',
        group: i.group,
        version: i.version,
        resource: i.plural,
        namespace: i.namespaced && opts.ns !== '*' ? (opts.ns ?? 'default') : undefined,
        query: { labelSelector: opts.labelSelector, fieldSelector: opts.fieldSelector },
      });
      return res.code === 200 && !isStatus(res.body) ? ((res.body as KList).items ?? []) : [];
    },
  };
}

export function labInfo(lab: Lab): LabInfo {
  return {
    id: lab.id,
    title: lab.title,
    tasks: lab.tasks.map((t) => ({ id: t.id, title: t.title })),
    hints: lab.hints,
    files: lab.files,
    solution: { commands: lab.solution.commands, files: lab.solution.files },
  };
}

interface TableLike {
  columnDefinitions: { name: string }[];
  rows: { cells: unknown[]; object?: KObject }[];
}

const TO_DRIVER: Record<Speed, DriverSpeed> = { pause: 'paused', '1': 1, '10': 10, max: 'max' };

export class Session {
  readonly cluster: ClusterLike;
  private driver: TimeDriver;
  private events: EventEntry[] = [];
  private eventWatch?: WatchHandle;
  private activitySeq = 0;
  /** the learner's files (/root/<name>): the lab's editor files, kept in step with the editor */
  readonly fs: unknown;
  private lastRv = '';

  private constructor(
    readonly engine: Engine,
    readonly lab: Lab | undefined,
    cluster: ClusterLike,
  ) {
    this.cluster = cluster;
    this.fs = engine.files(Object.fromEntries((lab?.files ?? []).map((f) => [f.name, f.content])));
    this.driver = new TimeDriver(cluster.clock as unknown as Clock);
    this.eventWatch = cluster.watch({ verb: 'watch', resource: 'events', query: { sendInitialEvents: true } }, (e) => {
      if (e.type === 'ERROR' || isStatus(e.object)) return;
      this.addEvent(e.object as KObject, e.type === 'DELETED');
    });
  }

  /** A fresh cluster in the lab's start state (or an empty default cluster without a lab). */
  static start(engine: Engine, lab?: Lab): Session {
    const cluster = engine.create({ seed: lab?.start.seed ?? 1, nodes: lab?.start.nodes });
    for (const c of lab?.start.stopped ?? []) engine.stopComponent(cluster, c);
    const s = new Session(engine, lab, cluster);
    for (const m of lab?.start.manifests ?? []) createAll(cluster, m, lab?.id ?? '');
    cluster.clock.advance(parseDuration(lab?.start.settle ?? '30s'));
    return s;
  }

  static restore(engine: Engine, lab: Lab | undefined, snapshot: unknown): Session {
    return new Session(engine, lab, engine.restore(snapshot));
  }

  dispose(): void {
    this.eventWatch?.stop();
  }

  /** A shell for a terminal on the page, sharing the session's files. */
  terminalShell(edit?: EditFn): ShellLike {
    return this.engine.shell(this.cluster, { interactive: true, fs: this.fs, edit });
  }

  writeFile(name: string, content: string): void {
    this.engine.writeFile(this.fs, name, content);
  }

  apply(text: string): Promise<ApplyResult> {
    return applyYaml(this.cluster, text);
  }

  /** Runs shell lines headlessly and returns everything the shell printed. */
  async runLines(lines: string[]): Promise<string> {
    const sh = this.engine.shell(this.cluster, { interactive: false, fs: this.fs });
    let out = '';
    sh.onOutput((d) => (out += d));
    for (const l of lines) await sh.runLine(l);
    return out;
  }

  checks(): TaskStatus[] {
    if (!this.lab) return [];
    const k = readClient(this.cluster);
    return this.lab.tasks.map((t) => {
      try {
        const r = t.check(k);
        return r === true ? { id: t.id, title: t.title, passed: true } : { id: t.id, title: t.title, passed: false, detail: typeof r === 'string' ? r : undefined };
      } catch (e) {
        return { id: t.id, title: t.title, passed: false, detail: `check failed: ${(e as Error).message}` };
      }
    });
  }

  get speed(): Speed {
    return (Object.keys(TO_DRIVER) as Speed[]).find((k) => TO_DRIVER[k] === this.driver.speed) ?? '1';
  }
  set speed(s: Speed) {
    this.driver.speed = TO_DRIVER[s];
  }

  /** Moves virtual time by what `wallMs` of real time means at the current speed. */
  tick(wallMs: number): void {
    this.driver.tick(wallMs);
  }

  /** Runs the next scheduled event, pausing time. */
  step(): void {
    this.driver.step();
  }

  /** True when something in the store changed since the last call (the global resourceVersion moved). */
  changed(): boolean {
    const res = this.cluster.request({ verb: 'list', resource: 'namespaces', query: { limit: 1 } });
    const rv = isStatus(res.body) ? '' : ((res.body as KList).metadata?.resourceVersion ?? '');
    if (rv === this.lastRv) return false;
    this.lastRv = rv;
    return true;
  }

  /** Reconciles recorded since the last call; `reset` when the log was replaced (restore). */
  newActivity(): { entries: ActivityEntry[]; reset: boolean } {
    const all = this.engine.activity(this.cluster) ?? [];
    const last = all.length ? all[all.length - 1].seq : 0;
    // A log whose newest record is older than what we saw was replaced (restore, reset).
    const reset = last < this.activitySeq;
    if (reset) this.activitySeq = 0;
    const entries = all.filter((a) => a.seq > this.activitySeq).map((a) => structuredClone(a));
    this.activitySeq = Math.max(this.activitySeq, last);
    return { entries, reset };
  }

  recentEvents(): EventEntry[] {
    return this.events;
  }

  private addEvent(ev: KObject, deleted: boolean): void {
    const uid = ev.metadata.uid;
    this.events = this.events.filter((e) => (e as EventEntry & { uid?: string }).uid !== uid);
    if (deleted) return;
    const o = ev as KObject & {
      involvedObject?: { kind?: string; name?: string; namespace?: string };
      type?: string;
      reason?: string;
      message?: string;
      count?: number;
      lastTimestamp?: string;
      eventTime?: string;
      firstTimestamp?: string;
      source?: { component?: string; host?: string };
      reportingComponent?: string;
    };
    const stamp = o.lastTimestamp ?? o.eventTime ?? o.firstTimestamp ?? o.metadata.creationTimestamp;
    const entry: EventEntry & { uid?: string } = {
      uid,
      time: stamp ? Date.parse(stamp) : this.cluster.clock.now(),
      type: o.type === 'Warning' ? 'Warning' : 'Normal',
      reason: o.reason ?? '',
      object: `${(o.involvedObject?.kind ?? '').toLowerCase()}/${o.involvedObject?.name ?? ''}`,
      message: o.message ?? '',
      count: o.count ?? 1,
      source: o.source?.component ?? o.reportingComponent ?? '',
    };
    this.events.push(entry);
    this.events.sort((a, b) => a.time - b.time);
    if (this.events.length > 300) this.events = this.events.slice(-300);
  }

  private table(resource: string, group = ''): { cols: string[]; rows: { cells: unknown[]; object?: KObject }[] } {
    const info = this.cluster.api.kinds.resource(group, undefined, resource);
    if (!info) return { cols: [], rows: [] };
    const res = this.cluster.request({
      verb: 'list',
      group,
      version: info.version,
      resource,
      query: { as: 'Table', includeObject: 'Object' },
    });
    const body = res.body as TableLike;
    if (res.code !== 200 || !body || !Array.isArray(body.rows)) return { cols: [], rows: [] };
    return { cols: body.columnDefinitions.map((c) => c.name), rows: body.rows };
  }

  private objects(resource: string, group = ''): KObject[] {
    const info = this.cluster.api.kinds.resource(group, undefined, resource);
    if (!info) return [];
    const res = this.cluster.request({ verb: 'list', group, version: info.version, resource });
    return res.code === 200 && !isStatus(res.body) ? (res.body as KList).items : [];
  }

  map(): MapSnapshot {
    const nodesT = this.table('nodes');
    // Column names as the server defines them (Name, Status…); matched loosely so a renamed case never blanks the map.
    const col = (cols: string[], cells: unknown[], name: string) => {
      const i = cols.findIndex((c) => c.toLowerCase() === name.toLowerCase());
      return i < 0 ? '' : String(cells[i] ?? '');
    };
    const nodes = nodesT.rows.map((r) => ({
      name: col(nodesT.cols, r.cells, 'Name') || String(r.object?.metadata.name ?? ''),
      status: col(nodesT.cols, r.cells, 'Status'),
      roles: col(nodesT.cols, r.cells, 'Roles'),
    }));
    const ownerOf = (o: KObject) => {
      const ref = o.metadata.ownerReferences?.find((r) => r.controller) ?? o.metadata.ownerReferences?.[0];
      return ref ? { kind: ref.kind, name: ref.name } : undefined;
    };
    const owners: MapOwner[] = [];
    for (const [res, group] of [
      ['deployments', 'apps'],
      ['replicasets', 'apps'],
      ['statefulsets', 'apps'],
      ['daemonsets', 'apps'],
      ['jobs', 'batch'],
      ['cronjobs', 'batch'],
    ] as const) {
      for (const o of this.objects(res, group)) {
        const spec = (o.spec ?? {}) as { replicas?: number };
        const status = (o.status ?? {}) as { readyReplicas?: number; desiredNumberScheduled?: number; numberReady?: number; succeeded?: number };
        const ready =
          res === 'daemonsets'
            ? `${status.numberReady ?? 0}/${status.desiredNumberScheduled ?? 0}`
            : res === 'jobs' || res === 'cronjobs'
              ? undefined
              : `${status.readyReplicas ?? 0}/${spec.replicas ?? 1}`;
        owners.push({ namespace: o.metadata.namespace ?? '', kind: o.kind, name: o.metadata.name ?? '', ready, owner: ownerOf(o) });
      }
    }
    const chain = (ns: string, first?: { kind: string; name: string }) => {
      const out: { kind: string; name: string }[] = [];
      let cur = first;
      while (cur && out.length < 5) {
        out.push(cur);
        const c = cur;
        cur = owners.find((o) => o.namespace === ns && o.kind === c.kind && o.name === c.name)?.owner;
      }
      return out;
    };
    const podsT = this.table('pods');
    const podObjs = podsT.rows.some((r) => r.object) ? undefined : this.objects('pods');
    const pods: MapPod[] = podsT.rows.map((r, i) => {
      const o = r.object ?? podObjs?.[i];
      const ns = o?.metadata.namespace ?? 'default';
      return {
        namespace: ns,
        name: o?.metadata.name ?? col(podsT.cols, r.cells, 'Name'),
        node: ((o?.spec as { nodeName?: string } | undefined)?.nodeName) || undefined,
        status: col(podsT.cols, r.cells, 'Status'),
        ready: col(podsT.cols, r.cells, 'Ready'),
        restarts: col(podsT.cols, r.cells, 'Restarts'),
        owners: o ? chain(ns, ownerOf(o)) : [],
      };
    });
    return { nodes, pods, owners };
  }

  /** An object's YAML (without managedFields, as `kubectl get -o yaml` shows by default) and its describe text. */
  async detail(kind: string, namespace: string | undefined, name: string): Promise<{ yaml: string; describe: string }> {
    const info = this.cluster.api.kinds.resolve(kind);
    if (!info) return { yaml: '', describe: `error: the server doesn't have a resource type "${kind}"` };
    const res = this.cluster.request({ verb: 'get', group: info.group, version: info.version, resource: info.plural, namespace: info.namespaced ? namespace : undefined, name });
    let yaml = '';
    if (res.code === 200 && !isStatus(res.body)) {
      const obj = structuredClone(res.body) as KObject;
      delete obj.metadata.managedFields;
      yaml = stringify(obj);
    } else if (isStatus(res.body)) yaml = `Error from server (${res.body.reason}): ${res.body.message}`;
    const describe = await this.runLines([`kubectl describe ${info.plural}${info.group ? '.' + info.group : ''} ${name}${info.namespaced && namespace ? ` -n ${namespace}` : ''}`]);
    return { yaml, describe: cleanCapture(describe) };
  }

  serialize(): unknown {
    return this.cluster.snapshot();
  }
}

/**
 * Start manifests are created as `kubectl create -f` would, synchronously, so a lab's
 * start state exists before anything else runs. A failure is a bug in the lab: throw.
 */
function createAll(cluster: ClusterLike, text: string, lab: string): void {
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length) throw new Error(`lab ${lab}: a start manifest is not valid YAML: ${doc.errors[0].message}`);
    const obj = doc.toJS() as KObject | null;
    if (!obj) continue;
    const info = cluster.api.kinds.forObject(obj);
    if (!info) throw new Error(`lab ${lab}: no kind ${obj.kind} in ${obj.apiVersion}`);
    const res = cluster.request({
      verb: 'create',
      group: info.group,
      version: info.version,
      resource: info.plural,
      namespace: info.namespaced ? (obj.metadata?.namespace ?? 'default') : undefined,
      body: obj,
      query: { fieldValidation: 'Strict', fieldManager: 'kubectl-create' },
    });
    if (res.code >= 400) throw new Error(`lab ${lab}: creating ${obj.kind} ${obj.metadata?.name} failed: ${(res.body as Status).message}`);
  }
}

/** Terminal bytes → plain text: drop ANSI escapes, carriage returns and shell prompts. */
export function cleanCapture(s: string): string {
  return s
    .replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '')
    .replace(/\r/g, '')
    .split('\n')
    .filter((l) => !/^\S*\$ ?$/.test(l))
    .join('\n')
    .trim();
}
