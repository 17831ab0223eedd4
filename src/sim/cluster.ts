/**
 * One simulated cluster: the virtual clock, the seeded generator, the API server with
 * its store, and the control loops built into the API machinery (garbage collector,
 * namespace lifecycle, CRDs, events). Controllers, the scheduler and kubelets attach
 * to it through `cluster.api` like any other client.
 *
 * A snapshot holds the store, the clock, and the generator's state; pending timers are
 * closures and are not saved — every loop is level-triggered and re-derives its timers
 * from the stored objects on restore, as controllers do after a restart.
 */
import { Clock, DEFAULT_START } from './clock';
import { Rng } from './random';
import { ApiServer, type Strategy } from './api/server';
import { kubernetesStrategy } from './api/strategy';
import { GarbageCollector } from './api/gc';
import { NamespaceLifecycle } from './api/namespaces';
import { CrdController } from './api/crds';
import { EventRecorder } from './api/events';
import { registerBuiltinSubresources } from './api/subresources';
import { registerReviews } from './api/authorization';
import { registerTokens } from './api/tokens';
import type { StoreDump } from './api/store';
import type { ApiRequest, ApiResponse, WatchEvent, WatchHandle } from './api/types';
import { Activity, ControllerManager, InformerFactory } from './controllers/runtime';
import type { NodeHost } from './node/host';

export interface ClusterOptions {
  /** seed of every name, uid and jitter in the cluster (default 1) */
  seed?: number;
  /** virtual start time, RFC3339 (default 2025-01-01T00:00:00Z) */
  startTime?: string;
  /** the schema layer; tests may swap it */
  strategy?: Strategy;
  /** watch history kept for resumption */
  historyLimit?: number;
}

export const SNAPSHOT_VERSION = 1;

export interface ClusterSnapshot {
  version: number;
  seed: number;
  time: number;
  rng: number;
  store: StoreDump;
  /** state of attached components (controllers, kubelets), by name */
  components: Record<string, unknown>;
}

/** Something attached to the cluster that keeps state outside the store. */
export interface Component {
  name: string;
  /** state to keep across a snapshot (JSON-serialisable) */
  save?(): unknown;
  /** after restore: re-read state, re-arm timers */
  restore?(state: unknown): void;
}

export class Cluster {
  readonly clock: Clock;
  readonly rng: Rng;
  readonly api: ApiServer;
  readonly events: EventRecorder;
  readonly seed: number;
  /** shared informers: one watch per resource for every controller */
  readonly informers: InformerFactory;
  /** the reconcile log the activity view shows */
  readonly activity = new Activity();
  /** controllers by name; stop and start them at run time */
  readonly controllers: ControllerManager;
  /** the nodes' own hosts (file system, systemctl, crictl), by node name */
  readonly nodeHosts = new Map<string, NodeHost>();
  private gc: GarbageCollector;
  private namespaces: NamespaceLifecycle;
  private crds: CrdController;
  private components = new Map<string, Component>();
  private restoredState: Record<string, unknown> = {};

  constructor(opts: ClusterOptions = {}, restoring?: ClusterSnapshot) {
    this.seed = opts.seed ?? 1;
    const start = opts.startTime ? Date.parse(opts.startTime) : DEFAULT_START;
    this.clock = new Clock(Number.isNaN(start) ? DEFAULT_START : start);
    this.rng = new Rng(this.seed);
    this.api = new ApiServer({
      clock: this.clock,
      rng: this.rng,
      strategy: opts.strategy ?? kubernetesStrategy,
      store: { historyLimit: opts.historyLimit },
    });
    registerBuiltinSubresources(this.api);
    registerReviews(this.api);
    registerTokens(this.api);
    this.gc = new GarbageCollector(this.api);
    this.namespaces = new NamespaceLifecycle(this.api);
    this.crds = new CrdController(this.api);
    this.events = new EventRecorder(this.api);
    this.informers = new InformerFactory(this);
    this.controllers = new ControllerManager(this);
    if (restoring) {
      this.restoredState = restoring.components ?? {};
      this.clock.reset(restoring.time);
      this.rng.setState(restoring.rng);
      this.api.store.load(restoring.store);
      this.crds.resync();
      this.namespaces.resync();
      this.events.resync();
      this.gc.resyncAll();
    } else this.bootstrap();
  }

  private bootstrap(): void {
    for (const name of ['default', 'kube-node-lease', 'kube-public', 'kube-system'])
      this.api.request({
        verb: 'create',
        resource: 'namespaces',
        body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: { 'kubernetes.io/metadata.name': name } } },
        user: 'system:apiserver',
      });
    this.clock.settle();
  }

  request(req: ApiRequest): ApiResponse {
    return this.api.request(req);
  }

  watch(req: ApiRequest, onEvent: (e: WatchEvent) => void): WatchHandle {
    return this.api.watch(req, onEvent);
  }

  /** A node's own host, for `ssh NODE`. */
  node(name: string): NodeHost | undefined {
    return this.nodeHosts.get(name);
  }

  /** Attaches a component whose state outside the store must survive snapshots. */
  attach(c: Component): void {
    this.components.set(c.name, c);
    if (c.name in this.restoredState) c.restore?.(this.restoredState[c.name]);
  }

  snapshot(): ClusterSnapshot {
    const components: Record<string, unknown> = { controllers: { stopped: this.controllers.stopped() } };
    for (const [name, c] of this.components) if (c.save) components[name] = c.save();
    return JSON.parse(
      JSON.stringify({
        version: SNAPSHOT_VERSION,
        seed: this.seed,
        time: this.clock.now(),
        rng: this.rng.state(),
        store: this.api.store.dump(),
        components,
      }),
    ) as ClusterSnapshot;
  }

  /**
   * Rebuilds a cluster from a snapshot. Components are attached by the caller afterwards
   * (they call `restoreComponent` with their saved state).
   */
  static restore(s: ClusterSnapshot, opts: Omit<ClusterOptions, 'seed'> = {}): Cluster {
    if (!s || s.version !== SNAPSHOT_VERSION) throw new Error(`unsupported snapshot version ${String(s?.version)}`);
    return new Cluster({ ...opts, seed: s.seed }, structuredClone(s));
  }
}
