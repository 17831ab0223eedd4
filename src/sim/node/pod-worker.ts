/**
 * One pod on one node, as the kubelet's pod worker runs it: sandbox and IP, volumes,
 * init containers one at a time, sidecars (restartPolicy: Always init containers), then
 * the app containers — each pulled, created and started in order — with probes, the
 * crash-loop back-off, OOM kills, and graceful termination (preStop, SIGTERM, the grace
 * period, SIGKILL) ending in the final `delete` with grace 0.
 *
 * Level-triggered: `sync()` looks at the containers and does the next step; every timer
 * and process exit just asks for another sync. Status goes to the API through the
 * pods/status subresource, written once per virtual instant.
 *
 * Follows pkg/kubelet/kuberuntime (SyncPod, computePodActions, doBackOff),
 * pkg/kubelet/status/generate.go (conditions), pkg/kubelet/kubelet_pods.go (getPhase),
 * pkg/kubelet/prober. Left out: ephemeral containers, in-place resize, pod-level
 * resources, user namespaces, readiness gates, activeDeadlineSeconds.
 */
import type { KObject } from '../api/types';
import { jsonEqual } from '../api/objects';
import { tryParseQuantity } from '../api/validation/quantity';
import { digestHex, parseImageRef, pullError, resolveImage, type ResolvedImage } from '../containers/images';
import { LogBuffer, Process } from '../containers/process';
import { MemFs, MountedFs } from '../containers/fs';
import { mainFor, resolveArgv, shellContext, startError, type ContainerEnv } from '../containers/behaviours';
import { rootFiles, serviceAccountFs, usesClusterDNS } from './pod-files';
import { podPhase, podStatus, type PrevStatus } from './pod-status';
import { Shell, runToEnd, type NetClient } from '../containers/shell';
import { nodeClient } from '../network';
import { BACKOFF_INITIAL_MS, goDuration, inBackoff, nextBackoff, pullDuration, type BackoffEntry } from './backoff';
import { buildEnv, buildVolumes, expandRefs, type ContainerSpec, type Handler, type PodSpec, type Probe } from './pod-env';
import type { Kubelet } from './kubelet';

export type CState =
  | { waiting: { reason: string; message?: string } }
  | { running: { startedAt: string } }
  | { terminated: { exitCode: number; signal?: number; reason: string; message?: string; startedAt: string; finishedAt: string; containerID: string } };

type ProbeKind = 'startup' | 'liveness' | 'readiness';
const PROBE_LABEL: Record<ProbeKind, string> = { startup: 'Startup', liveness: 'Liveness', readiness: 'Readiness' };

/** One container of the pod and everything the runtime knows about it. */
export class ContainerRecord {
  instances = 0;
  state: CState;
  lastState?: CState;
  containerID?: string;
  imageID = '';
  image: string;
  proc?: Process;
  env?: ContainerEnv;
  logs?: LogBuffer;
  prevLogs?: LogBuffer;
  started = false;
  ready = false;
  busy = false;
  succeeded = false;
  backoff?: BackoffEntry;
  restartTimer?: number;
  retryTimer?: number;
  finishedAt?: number;
  startedAtMs?: number;
  probeTimers: number[] = [];
  probe: Record<ProbeKind, { fails: number; succ: number }> = { startup: { fails: 0, succ: 0 }, liveness: { fails: 0, succ: 0 }, readiness: { fails: 0, succ: 0 } };
  killTimer?: number;
  stopping = false;
  /** the exit is not seen before PLEG's next relist */
  plegUntil = 0;
  /** set after a restore: the running container keeps this start time */
  adoptStartedAt?: string;
  /** why the current instance is being stopped (for the restart decision) */
  stopReason?: 'probe' | 'terminate' | 'spec';

  constructor(
    public spec: ContainerSpec,
    readonly kind: 'init' | 'sidecar' | 'regular',
    waitingReason: string,
  ) {
    this.image = spec.image ?? '';
    this.state = { waiting: { reason: waitingReason } };
  }

  get name(): string {
    return this.spec.name;
  }

  get restartCount(): number {
    return Math.max(0, this.instances - 1);
  }

  get running(): boolean {
    return !!this.proc?.running;
  }

  get fieldPath(): string {
    return this.kind === 'regular' ? `spec.containers{${this.name}}` : `spec.initContainers{${this.name}}`;
  }
}

const PLEG_MS = 1000;

export class PodWorker {
  pod: KObject;
  readonly containers: ContainerRecord[] = [];
  podIP?: string;
  sandboxStarted = false;
  sandboxReady = false;
  startTime?: string;
  terminating = false;
  gone = false;
  /** Succeeded/Failed once nothing will run again */
  final?: 'Succeeded' | 'Failed';
  private syncScheduled = false;
  private flushScheduled = false;
  private volumes?: Map<string, { fs: MemFs; sub?: string }>;
  private emptyDirs = new Map<string, MemFs>();
  private mountRetry?: number;
  private mountDelay = 0;
  private termDeadlineTimer?: number;
  /** the last status written (undefined: write the next one whatever it is) */
  private lastStatus: Record<string, unknown> | undefined;
  readonly sandboxID: string;

  constructor(
    readonly kubelet: Kubelet,
    pod: KObject,
    /** for static pods: the manifest's identity */
    readonly staticKey?: string,
  ) {
    this.pod = pod;
    const spec = pod.spec as PodSpec;
    const hasInit = (spec.initContainers ?? []).some((c) => c.restartPolicy !== 'Always');
    for (const c of spec.initContainers ?? []) this.containers.push(new ContainerRecord(c, c.restartPolicy === 'Always' ? 'sidecar' : 'init', 'PodInitializing'));
    for (const c of spec.containers ?? []) this.containers.push(new ContainerRecord(c, 'regular', hasInit ? 'PodInitializing' : 'ContainerCreating'));
    for (const r of this.containers) if (r.kind !== 'regular') r.state = { waiting: { reason: 'PodInitializing' } };
    this.sandboxID = digestHex(`sandbox:${pod.metadata.uid}:${kubelet.cluster.clock.now()}`);
  }

  get spec(): PodSpec {
    return this.pod.spec as PodSpec;
  }

  get uid(): string {
    return this.pod.metadata.uid!;
  }

  get ns(): string {
    return this.pod.metadata.namespace ?? 'default';
  }

  get name(): string {
    return this.pod.metadata.name!;
  }

  get restartPolicy(): string {
    return this.spec.restartPolicy ?? 'Always';
  }

  /** `web_default(uid)` as format.Pod prints it. */
  get podRef(): string {
    return `${this.name}_${this.ns}(${this.uid})`;
  }

  private get clock() {
    return this.kubelet.cluster.clock;
  }

  private iso(ms?: number): string {
    return this.clock.iso(ms);
  }

  private event(type: 'Normal' | 'Warning', reason: string, msg: string, rec?: ContainerRecord): void {
    this.kubelet.recordPodEvent(this, type, reason, msg, rec?.fieldPath);
  }

  /** A newer version of the pod from the API (or a re-read manifest). */
  update(pod: KObject): void {
    const old = this.pod;
    this.pod = pod;
    if (pod.metadata.deletionTimestamp && !old.metadata.deletionTimestamp) this.terminating = true;
    if (pod.metadata.deletionTimestamp) this.terminating = true;
    // a changed image restarts that container, as a changed container hash does
    const spec = pod.spec as PodSpec;
    for (const c of [...(spec.initContainers ?? []), ...(spec.containers ?? [])]) {
      const r = this.containers.find((x) => x.name === c.name);
      if (!r) continue;
      if (r.spec.image !== c.image) {
        r.spec = c;
        r.image = c.image ?? '';
        if (r.running && !this.terminating) {
          this.event('Normal', 'Killing', `Container ${r.name} definition changed, will be restarted`, r);
          this.stopContainer(r, 'spec');
        } else if (!r.running) {
          // a container waiting on a bad image retries the new one at once
          r.backoff = undefined;
          if (r.restartTimer !== undefined) this.clock.cancel(r.restartTimer);
          r.restartTimer = undefined;
          if (r.retryTimer !== undefined) this.clock.cancel(r.retryTimer);
          r.retryTimer = undefined;
        }
      } else r.spec = c;
    }
    this.kick();
  }

  kick(delay = 0): void {
    if (this.gone) return;
    if (delay > 0) {
      this.clock.schedule(delay, () => this.kick(), `kubelet ${this.kubelet.name} sync ${this.name}`);
      return;
    }
    if (this.syncScheduled) return;
    this.syncScheduled = true;
    this.clock.schedule(0, () => {
      this.syncScheduled = false;
      this.sync();
    }, `kubelet ${this.kubelet.name} sync ${this.name}`);
  }

  // ---------------------------------------------------------------- the sync loop

  sync(): void {
    if (this.gone || !this.kubelet.running) return;
    if (this.terminating) {
      this.syncTerminating();
      this.flush();
      return;
    }
    if (!this.startTime) this.startTime = this.iso();
    if (!this.sandboxStarted && this.podIP) {
      // restored: the sandbox is already there
      this.sandboxStarted = this.sandboxReady = true;
      this.kubelet.attachNetwork(this);
    }
    if (!this.sandboxStarted) {
      this.sandboxStarted = true;
      const delay = 300 + this.kubelet.cluster.rng.int(900);
      this.clock.schedule(delay, () => {
        if (this.gone || this.terminating) return;
        this.podIP = this.kubelet.attachNetwork(this);
        this.sandboxReady = true;
        this.kick();
      }, 'sandbox');
      this.flush();
      return;
    }
    if (!this.sandboxReady) return;
    if (!this.volumes && !this.mountVolumes()) {
      this.flush();
      return;
    }
    if (this.final) {
      this.flush();
      return;
    }
    if (this.checkDeadline()) {
      this.flush();
      return;
    }
    this.step();
    this.flush();
  }

  /** activeDeadlineSeconds: past it, the kubelet kills the pod and fails it (DeadlineExceeded). */
  private checkDeadline(): boolean {
    const ads = this.spec.activeDeadlineSeconds;
    if (ads === undefined || !this.startTime) return false;
    const deadline = Date.parse(this.startTime) + ads * 1000;
    if (this.clock.now() < deadline) {
      if (!this.deadlineTimer) this.deadlineTimer = this.clock.scheduleAt(deadline, () => this.kick(), 'activeDeadlineSeconds');
      return false;
    }
    this.deadlineExceeded = true;
    this.final = 'Failed';
    this.event('Normal', 'DeadlineExceeded', 'Pod was active on the node longer than the specified deadline');
    for (const r of this.containers) {
      for (const id of [r.restartTimer, r.retryTimer]) if (id !== undefined) this.clock.cancel(id);
      r.restartTimer = r.retryTimer = undefined;
      if (r.running) this.stopContainer(r, 'terminate');
    }
    return true;
  }

  private deadlineTimer?: number;
  deadlineExceeded = false;

  private mountVolumes(): boolean {
    if (this.mountRetry !== undefined) return false;
    const r = buildVolumes(this.kubelet.cluster, this.pod, {
      emptyDirs: this.emptyDirs,
      pvc: (ns, claim) => this.kubelet.pvcData(ns, claim),
      hostFs: this.kubelet.fs,
    });
    if ('error' in r) {
      this.event('Warning', 'FailedMount', r.error);
      // the volume manager retries with exponential back-off (500ms doubling, ~2m cap)
      this.mountDelay = Math.min(this.mountDelay ? this.mountDelay * 2 : 2000, 122_000);
      this.mountRetry = this.clock.schedule(this.mountDelay, () => {
        this.mountRetry = undefined;
        this.kick();
      }, 'mount retry');
      return false;
    }
    this.volumes = r.volumes;
    return true;
  }

  /** One step of computePodActions: start what should run next. */
  private step(): void {
    const recs = this.containers;
    // init containers and sidecars, in order
    for (const r of recs) {
      if (r.kind === 'regular') break;
      if (r.kind === 'init') {
        if (r.succeeded && r.plegUntil <= this.clock.now()) continue;
        if (r.busy || r.running || r.stopping || r.plegUntil > this.clock.now()) return;
        if ('terminated' in r.state || r.lastState) {
          if (this.restartPolicy === 'Never') {
            this.final = 'Failed';
            return;
          }
          this.restartWithBackoff(r);
          return;
        }
        if (r.retryTimer === undefined && r.restartTimer === undefined) this.startContainer(r);
        return;
      }
      // sidecar: must be running and started before the next init container
      if (r.busy || r.stopping) return;
      if (!r.running) {
        if (r.instances > 0 || r.lastState) this.restartWithBackoff(r);
        else if (r.retryTimer === undefined && r.restartTimer === undefined) this.startContainer(r);
        return;
      }
      if (!r.started) return;
    }
    // app containers, one start at a time
    let anyRunningOrPending = false;
    for (const r of recs) {
      if (r.kind !== 'regular') continue;
      if (r.busy) return;
      if (r.running || r.stopping) {
        anyRunningOrPending = true;
        continue;
      }
      if (r.instances === 0) {
        anyRunningOrPending = true;
        if (r.retryTimer === undefined && r.restartTimer === undefined) {
          this.startContainer(r);
          return;
        }
        continue;
      }
      const t = 'terminated' in r.state ? r.state.terminated : undefined;
      const lastExit = t?.exitCode ?? (r.lastState && 'terminated' in r.lastState ? r.lastState.terminated.exitCode : 0);
      const restart = this.restartPolicy === 'Always' || (this.restartPolicy === 'OnFailure' && lastExit !== 0);
      if (restart) {
        anyRunningOrPending = true;
        this.restartWithBackoff(r);
      }
    }
    if (!anyRunningOrPending) {
      const regular = recs.filter((r) => r.kind === 'regular');
      const failed = regular.some((r) => 'terminated' in r.state && r.state.terminated.exitCode !== 0);
      this.final = failed ? 'Failed' : 'Succeeded';
      // sidecars stop after the app containers
      for (const r of recs) if (r.kind === 'sidecar' && r.running) this.stopContainer(r, 'terminate');
      this.kubelet.detachNetwork(this, true);
    }
  }

  /** doBackOff: restart now, or wait in CrashLoopBackOff until the back-off has passed. */
  private restartWithBackoff(r: ContainerRecord): void {
    if (r.restartTimer !== undefined || r.busy) return;
    const now = this.clock.now();
    if (r.plegUntil > now) return;
    const finished = r.finishedAt ?? now;
    if (inBackoff(r.backoff, finished, now)) {
      const term = 'terminated' in r.state ? r.state : undefined;
      if (term) r.lastState = term;
      r.state = { waiting: { reason: 'CrashLoopBackOff', message: `back-off ${goDuration(r.backoff!.delay)} restarting failed container=${r.name} pod=${this.podRef}` } };
      this.event('Warning', 'BackOff', `Back-off restarting failed container ${r.name} in pod ${this.podRef}`, r);
      r.restartTimer = this.clock.scheduleAt(finished + r.backoff!.delay, () => {
        r.restartTimer = undefined;
        this.kick();
      }, 'crashloop back-off');
      return;
    }
    r.backoff = nextBackoff(r.backoff, finished, now);
    this.startContainer(r);
  }

  // ---------------------------------------------------------------- starting a container

  private startContainer(r: ContainerRecord): void {
    r.busy = true;
    const ref = parseImageRef(r.spec.image ?? '');
    if ('error' in ref) {
      r.busy = false;
      r.state = { waiting: { reason: 'InvalidImageName', message: ref.error } };
      this.event('Warning', 'InspectFailed', ref.error, r);
      this.event('Warning', 'Failed', 'Error: InvalidImageName', r);
      return;
    }
    if (r.adoptStartedAt) {
      const img = resolveImage(ref);
      if (img) {
        this.kubelet.images.set(ref.full, img.size);
        this.createAndStart(r, img);
        return;
      }
    }
    const policy = r.spec.imagePullPolicy ?? (ref.tag === 'latest' && !ref.digest ? 'Always' : 'IfNotPresent');
    const present = this.kubelet.images.has(ref.full);
    const image = resolveImage(ref);
    if (policy === 'Never' && !present) {
      r.busy = false;
      const msg = `Container image ${JSON.stringify(r.spec.image)} is not present with pull policy of Never`;
      r.state = { waiting: { reason: 'ErrImageNeverPull', message: msg } };
      this.event('Warning', 'ErrImageNeverPull', msg, r);
      this.event('Warning', 'Failed', 'Error: ErrImageNeverPull', r);
      return;
    }
    if (present && policy !== 'Always' && image) {
      this.event('Normal', 'Pulled', `Container image ${JSON.stringify(r.spec.image)} already present on machine`, r);
      this.createAndStart(r, image);
      return;
    }
    const key = `${this.uid}/${ref.full}`;
    const now = this.clock.now();
    const pb = this.kubelet.pullBackoff.get(key);
    if (pb && now - pb.lastUpdate < pb.delay) {
      r.busy = false;
      const last = this.kubelet.pullErrors.get(key) ?? '';
      r.state = { waiting: { reason: 'ImagePullBackOff', message: `Back-off pulling image ${JSON.stringify(r.spec.image)}: ErrImagePull: ${last}` } };
      this.event('Normal', 'BackOff', `Back-off pulling image ${JSON.stringify(r.spec.image)}`, r);
      this.event('Warning', 'Failed', 'Error: ImagePullBackOff', r);
      r.retryTimer = this.clock.scheduleAt(pb.lastUpdate + pb.delay, () => {
        r.retryTimer = undefined;
        this.kick();
      }, 'image pull back-off');
      return;
    }
    this.event('Normal', 'Pulling', `Pulling image ${JSON.stringify(r.spec.image)}`, r);
    const rng = this.kubelet.cluster.rng;
    // registry round trip, then layers at ~25-45 MB/s; a cached image only checks the manifest
    const ms = !image ? 400 + rng.int(900) : present ? 300 + rng.int(700) : Math.round(600 + image.size / (25_000 + rng.int(20_000)));
    this.clock.schedule(ms, () => {
      if (this.gone || this.terminating) {
        r.busy = false;
        this.kick();
        return;
      }
      if (!image) {
        r.busy = false;
        const err = pullError(ref);
        this.kubelet.pullErrors.set(key, err);
        const prev = this.kubelet.pullBackoff.get(key);
        this.kubelet.pullBackoff.set(key, prev ? { delay: Math.min(prev.delay * 2, 300_000), lastUpdate: this.clock.now() } : { delay: BACKOFF_INITIAL_MS, lastUpdate: this.clock.now() });
        r.state = { waiting: { reason: 'ErrImagePull', message: err } };
        this.event('Warning', 'Failed', `Failed to pull image ${JSON.stringify(r.spec.image)}: ${err}`, r);
        this.event('Warning', 'Failed', 'Error: ErrImagePull', r);
        // the next sync finds the pull in back-off and shows ImagePullBackOff
        this.kick(PLEG_MS);
        this.flush();
        return;
      }
      this.kubelet.images.set(ref.full, image.size);
      this.kubelet.pullBackoff.delete(key);
      const d = pullDuration(ms);
      this.event('Normal', 'Pulled', `Successfully pulled image ${JSON.stringify(r.spec.image)} in ${d} (${d} including waiting). Image size: ${image.size} bytes.`, r);
      this.createAndStart(r, image);
      this.flush();
    }, 'image pull');
  }

  private createAndStart(r: ContainerRecord, image: ResolvedImage): void {
    // the downward API sees the sandbox's addresses even before status is written
    const withIPs: KObject = {
      ...this.pod,
      status: {
        ...((this.pod.status as object) ?? {}),
        hostIP: this.kubelet.nodeIP,
        hostIPs: [{ ip: this.kubelet.nodeIP }],
        ...(this.podIP ? { podIP: this.podIP, podIPs: [{ ip: this.podIP }] } : {}),
      },
    };
    const envR = buildEnv(this.kubelet.cluster, withIPs, r.spec, {
      PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
      ...(image.info.env ?? {}),
      HOSTNAME: this.spec.hostname ?? this.name,
      HOME: '/root',
    });
    if ('error' in envR) {
      r.busy = false;
      r.state = { waiting: { reason: 'CreateContainerConfigError', message: envR.error } };
      this.event('Warning', 'Failed', `Error: ${envR.error}`, r);
      // the kubelet tries again on its next sync
      r.retryTimer = this.clock.schedule(10_000, () => {
        r.retryTimer = undefined;
        this.kick();
      }, 'config retry');
      return;
    }
    const env = envR.env;
    // hidden from env/printenv: what in-container tools need to know about their node
    env.set('__NAMESPACE', this.ns);
    env.set('__NODE', this.kubelet.name);
    env.set('__NODE_IP', this.kubelet.nodeIP);
    const argv = resolveArgv(image, r.spec.command?.map((s) => expandRefs(s, env)), r.spec.args?.map((s) => expandRefs(s, env)));
    r.instances++;
    const now = this.clock.now();
    if (!r.adoptStartedAt || !r.containerID) r.containerID = `containerd://${digestHex(`${this.uid}/${r.name}/${r.instances}/${now}`)}`;
    r.imageID = image.imageID;
    r.image = image.ref.full.startsWith('docker.io/') || image.ref.full.includes('/') ? image.ref.full : image.ref.full;
    // an adopted container (after a restore) goes on writing to the log it had
    const logs = r.adoptStartedAt && r.logs ? r.logs : new LogBuffer(() => this.clock.now());
    if (r.logs && r.logs !== logs) r.prevLogs = r.logs;
    r.logs = logs;
    const err = startError(argv, image);
    const adopted = r.adoptStartedAt;
    r.adoptStartedAt = undefined;
    if (!adopted) this.event('Normal', 'Created', `Created container: ${r.name}`, r);
    const startedAt = adopted ?? this.iso(now);
    if (err) {
      r.busy = false;
      const prevTerm = 'terminated' in r.state ? r.state : r.lastState;
      if (prevTerm) r.lastState = prevTerm;
      r.state = { terminated: { exitCode: 128, reason: 'StartError', message: err, startedAt: '1970-01-01T00:00:00Z', finishedAt: startedAt, containerID: r.containerID } };
      r.finishedAt = now;
      this.event('Warning', 'Failed', `Error: ${err}`, r);
      this.kick(PLEG_MS);
      return;
    }
    const fs = this.containerFs(r, image);
    const memLimit = tryParseQuantity(r.spec.resources?.limits?.memory);
    const proc: Process = new Process({
      clock: this.clock,
      memoryLimit: memLimit,
      onExit: (code, reason, signal) => this.onExit(r, proc, code, reason, signal),
    });
    const cenv: ContainerEnv = {
      argv,
      image,
      env,
      fs,
      hostname: this.spec.hostname ?? this.name,
      podIP: this.podIP ?? '',
      now: () => this.clock.now(),
      net: this.netClient(),
      out: (t) => logs.write('stdout', t),
      err: (t) => logs.write('stderr', t),
      proc,
      ports: (r.spec.ports ?? []).map((p) => p.containerPort),
      ps: () => [{ pid: 1, user: 'root', cmd: argv.join(' ') }],
      hooks: this.kubelet.hooks,
      podKey: `${this.ns}/${this.name}`,
    };
    const prevTerm = 'terminated' in r.state ? r.state : undefined;
    if (prevTerm) r.lastState = prevTerm;
    r.proc = proc;
    r.env = cenv;
    r.state = { running: { startedAt } };
    r.startedAtMs = adopted ? Date.parse(adopted) : now;
    r.started = !r.spec.startupProbe;
    r.ready = false;
    r.stopping = false;
    r.stopReason = undefined;
    r.probe = { startup: { fails: 0, succ: 0 }, liveness: { fails: 0, succ: 0 }, readiness: { fails: 0, succ: 0 } };
    if (!adopted) this.event('Normal', 'Started', `Started container ${r.name}`, r);
    r.busy = false;
    proc.start(mainFor(cenv));
    if (proc.running) {
      if (!r.spec.readinessProbe && r.started) r.ready = true;
      this.startProbes(r);
      if (r.spec.lifecycle?.postStart) this.runHook(r, r.spec.lifecycle.postStart);
    }
    this.kick();
  }

  /** The pod's view of the network: /etc/hosts first, then CoreDNS (or the node's resolver). */
  private netClient(): NetClient {
    const base = usesClusterDNS(this.spec) ? this.kubelet.network.clientFor(this.ns, this.podIP ?? '') : nodeClient(this.kubelet.cluster, this.kubelet.name);
    const aliases = new Map<string, string>();
    for (const a of (this.spec as PodSpec & { hostAliases?: { ip: string; hostnames?: string[] }[] }).hostAliases ?? []) for (const n of a.hostnames ?? []) aliases.set(n, a.ip);
    if (!aliases.size) return base;
    return {
      ...base,
      resolve: (name) => (aliases.has(name) ? { fqdn: name, ips: [aliases.get(name)!] } : base.resolve(name)),
      http: (req) => base.http({ ...req, host: aliases.get(req.host) ?? req.host }),
      connect: (host, port) => base.connect(aliases.get(host) ?? host, port),
    };
  }

  /** The container's root file system with the image's files and the pod's volumes. */
  private containerFs(r: ContainerRecord, image: ResolvedImage): MountedFs {
    const hostname = this.spec.hostname ?? this.name;
    const fs = new MountedFs(new MemFs(rootFiles(image, { spec: this.spec, ns: this.ns, podIP: this.podIP, hostname, terminationMessagePath: r.spec.terminationMessagePath })));
    fs.mount('/var/run/secrets/kubernetes.io/serviceaccount', serviceAccountFs(this.ns), { readOnly: true });
    for (const m of r.spec.volumeMounts ?? []) {
      const v = this.volumes?.get(m.name);
      if (!v) continue;
      const sub = [v.sub, m.subPath].filter(Boolean).join('/');
      fs.mount(m.mountPath, v.fs, { subPath: sub || undefined, readOnly: m.readOnly });
    }
    return fs;
  }

  private onExit(r: ContainerRecord, proc: Process, code: number, reason: 'Completed' | 'Error' | 'OOMKilled', signal?: number): void {
    if (r.proc !== proc) return;
    r.logs?.close();
    this.stopProbes(r);
    if (r.killTimer !== undefined) this.clock.cancel(r.killTimer);
    r.killTimer = undefined;
    const now = this.clock.now();
    r.finishedAt = now;
    const message = this.terminationMessage(r, code);
    r.state = {
      terminated: {
        exitCode: code,
        ...(signal ? { signal } : {}),
        ...(message ? { message } : {}),
        reason,
        startedAt: this.iso(r.startedAtMs),
        finishedAt: this.iso(now),
        containerID: r.containerID!,
      },
    };
    r.started = false;
    // a finished init container counts as ready, as the kubelet reports it
    r.ready = r.kind === 'init' && code === 0;
    r.stopping = false;
    if (r.kind === 'init' && code === 0) r.succeeded = true;
    r.plegUntil = this.terminating ? 0 : now + PLEG_MS;
    this.flush();
    // PLEG notices the exit on its next relist
    this.kick(this.terminating ? 0 : PLEG_MS);
  }

  /**
   * terminationMessagePath (default /dev/termination-log), or with
   * FallbackToLogsOnError the log's last 80 lines when the file is empty and the exit failed.
   */
  private terminationMessage(r: ContainerRecord, code: number): string | undefined {
    const file = r.env?.fs.read(r.spec.terminationMessagePath ?? '/dev/termination-log');
    if (file) return file.slice(0, 4096);
    if (r.spec.terminationMessagePolicy === 'FallbackToLogsOnError' && code !== 0 && r.logs) {
      const text = r.logs.lines.slice(-80).map((l) => `${l.text}\n`).join('');
      return text.slice(-2048) || undefined;
    }
    return undefined;
  }

  /** Stops one container: SIGTERM, then SIGKILL after the grace period. */
  private stopContainer(r: ContainerRecord, why: 'probe' | 'terminate' | 'spec', graceMs?: number): void {
    if (!r.proc?.running || r.stopping) return;
    r.stopping = true;
    r.stopReason = why;
    this.stopProbes(r);
    const grace = graceMs ?? (this.spec.terminationGracePeriodSeconds ?? 30) * 1000;
    if (r.proc.terminate()) return;
    r.killTimer = this.clock.schedule(grace, () => {
      r.killTimer = undefined;
      r.proc?.kill();
    }, 'SIGKILL');
  }

  // ---------------------------------------------------------------- probes

  private startProbes(r: ContainerRecord): void {
    const kinds: [ProbeKind, Probe | undefined][] = [
      ['startup', r.spec.startupProbe],
      ['liveness', r.spec.livenessProbe],
      ['readiness', r.spec.readinessProbe],
    ];
    for (const [kind, p] of kinds) {
      if (!p) continue;
      const period = Math.max(1, p.periodSeconds ?? 10) * 1000;
      const first = (p.initialDelaySeconds ?? 0) * 1000;
      const proc = r.proc;
      const tick = () => {
        if (r.proc !== proc || !proc?.running || r.stopping || this.gone) return;
        const id = this.clock.schedule(period, tick, `${kind} probe`);
        r.probeTimers.push(id);
        if (r.probeTimers.length > 8) r.probeTimers.splice(0, r.probeTimers.length - 8);
        if (!this.kubelet.running) return;
        this.runProbe(r, kind, p);
      };
      r.probeTimers.push(this.clock.schedule(first, tick, `${kind} probe`));
    }
  }

  private stopProbes(r: ContainerRecord): void {
    for (const id of r.probeTimers) this.clock.cancel(id);
    r.probeTimers = [];
  }

  private runProbe(r: ContainerRecord, kind: ProbeKind, p: Probe): void {
    if (kind !== 'startup' && r.spec.startupProbe && !r.started) return;
    if (kind === 'startup' && r.started) return;
    const result = this.evaluate(r, p, (p.timeoutSeconds ?? 1) * 1000);
    const st = r.probe[kind];
    if (result === undefined) {
      st.fails = 0;
      st.succ++;
      if (kind === 'startup') {
        r.started = true;
        if (!r.spec.readinessProbe) r.ready = true;
        this.kick();
        this.flush();
      }
      if (kind === 'readiness' && st.succ >= (p.successThreshold ?? 1) && !r.ready) {
        r.ready = true;
        this.flush();
      }
      return;
    }
    st.succ = 0;
    st.fails++;
    this.event('Warning', 'Unhealthy', `${PROBE_LABEL[kind]} probe failed: ${result}`, r);
    const threshold = p.failureThreshold ?? 3;
    if (kind === 'readiness') {
      if (st.fails >= threshold && r.ready) {
        r.ready = false;
        this.flush();
      }
      return;
    }
    if (st.fails >= threshold) {
      this.event('Normal', 'Killing', `Container ${r.name} failed ${kind} probe, will be restarted`, r);
      const grace = p.terminationGracePeriodSeconds ?? this.spec.terminationGracePeriodSeconds ?? 30;
      this.stopContainer(r, 'probe', grace * 1000);
    }
  }

  /** Runs a probe or hook handler; undefined = success, else the failure text. */
  evaluate(r: ContainerRecord, h: Handler, timeoutMs: number): string | undefined {
    const ip = this.podIP ?? '';
    const port = (p: number | string): number => {
      if (typeof p === 'number') return p;
      const named = r.spec.ports?.find((x) => x.name === p)?.containerPort;
      return named ?? (Number(p) || 0);
    };
    if (h.httpGet) {
      const n = port(h.httpGet.port);
      const host = h.httpGet.host ?? ip;
      const scheme = (h.httpGet.scheme ?? 'HTTP').toLowerCase();
      const path = h.httpGet.path ?? '/';
      const url = `${scheme}://${host}:${n}${path.startsWith('/') ? path : `/${path}`}`;
      const l = r.proc?.listeners.get(n);
      if (!l) return `Get ${JSON.stringify(url)}: dial tcp ${host}:${n}: connect: connection refused`;
      const res = l({ host, port: n, path, method: 'GET', headers: { 'User-Agent': 'kube-probe/1.32' }, from: this.kubelet.nodeIP });
      if (res.hang) return `Get ${JSON.stringify(url)}: context deadline exceeded (Client.Timeout exceeded while awaiting headers)`;
      if (res.status >= 200 && res.status < 400) return undefined;
      return `HTTP probe failed with statuscode: ${res.status}`;
    }
    if (h.tcpSocket) {
      const n = port(h.tcpSocket.port);
      if (r.proc?.listeners.get(n)) return undefined;
      return `dial tcp ${h.tcpSocket.host ?? ip}:${n}: connect: connection refused`;
    }
    if (h.grpc) {
      if (r.proc?.listeners.get(h.grpc.port)) return undefined;
      return `timeout: failed to connect service ":${h.grpc.port}" within ${goDuration(timeoutMs)}`;
    }
    if (h.exec) {
      const res = this.execIn(r, h.exec.command ?? []);
      if (res.exitCode === 0) return undefined;
      return (res.stdout + res.stderr).replace(/\n$/, '');
    }
    return undefined;
  }

  /** Runs a command inside a running container (exec, exec probes, hooks). */
  execIn(r: ContainerRecord, argv: string[], stdin?: string): { stdout: string; stderr: string; exitCode: number } {
    const cenv = r.env;
    if (!cenv || !argv.length) return { stdout: '', stderr: '', exitCode: 1 };
    let stdout = '';
    let stderr = '';
    const ctx = shellContext({ ...cenv, out: (t) => void (stdout += t), err: (t) => void (stderr += t) });
    ctx.env = new Map(cenv.env);
    ctx.instant = true;
    ctx.stdin = stdin;
    ctx.ps = () => [{ pid: 1, user: 'root', cmd: cenv.argv.join(' ') }, { pid: 7, user: 'root', cmd: argv.join(' ') }];
    const head = argv[0].includes('/') ? argv[0].slice(argv[0].lastIndexOf('/') + 1) : argv[0];
    const err = startError(argv, cenv.image);
    if (err && !(head === 'sh' && cenv.image.info.shell !== 'none')) {
      const what = argv[0].includes('/') ? `stat ${argv[0]}: no such file or directory` : `exec: ${JSON.stringify(argv[0])}: executable file not found in $PATH`;
      return { stdout: '', stderr: `OCI runtime exec failed: exec failed: unable to start container process: ${what}: unknown\r\n`, exitCode: 126 };
    }
    const sh = new Shell(ctx);
    const code = runToEnd(sh.exec(argv));
    return { stdout, stderr, exitCode: code ?? 0 };
  }

  private runHook(r: ContainerRecord, h: Handler): number {
    if (h.sleep) return h.sleep.seconds * 1000;
    if (h.exec?.command?.length && r.env) {
      // the hook's sleeps count against the grace period
      let waited = 0;
      const ctx = shellContext({ ...r.env, out: () => {}, err: () => {} });
      ctx.env = new Map(r.env.env);
      const g = new Shell(ctx).exec(h.exec.command);
      for (let k = 0; k < 5000; k++) {
        const x = g.next();
        if (x.done) break;
        if (x.value.type === 'sleep') waited += x.value.ms;
        else break;
      }
      return waited;
    }
    if (h.httpGet) this.evaluate(r, h, 1000);
    return 0;
  }

  // ---------------------------------------------------------------- termination

  private syncTerminating(): void {
    const deadline = Date.parse(this.pod.metadata.deletionTimestamp ?? '') || this.clock.now();
    for (const r of this.containers) {
      if (r.restartTimer !== undefined) this.clock.cancel(r.restartTimer);
      if (r.retryTimer !== undefined) this.clock.cancel(r.retryTimer);
      r.restartTimer = r.retryTimer = undefined;
    }
    if (this.mountRetry !== undefined) this.clock.cancel(this.mountRetry);
    this.mountRetry = undefined;
    const now = this.clock.now();
    const runningApps = this.containers.filter((r) => r.kind === 'regular' && r.running);
    const runningSidecars = this.containers.filter((r) => r.kind !== 'regular' && r.running);
    const toStop = runningApps.length ? runningApps : runningSidecars;
    for (const r of toStop) {
      if (r.stopping && r.stopReason === 'terminate') continue;
      if (r.stopping) {
        // already being killed (e.g. liveness): the deletion deadline still applies
        r.stopReason = 'terminate';
        continue;
      }
      this.event('Normal', 'Killing', `Stopping container ${r.name}`, r);
      r.stopping = true;
      r.stopReason = 'terminate';
      this.stopProbes(r);
      const hookMs = r.spec.lifecycle?.preStop ? this.runHook(r, r.spec.lifecycle.preStop) : 0;
      const proc = r.proc!;
      const term = () => {
        if (!proc.running) return;
        if (!proc.terminate()) {
          const at = Math.max(deadline, this.clock.now());
          r.killTimer = this.clock.scheduleAt(at, () => proc.kill(), 'SIGKILL');
        }
      };
      if (hookMs > 0 && now + hookMs < deadline) this.clock.schedule(hookMs, term, 'preStop');
      else if (hookMs > 0) r.killTimer = this.clock.scheduleAt(deadline + 2000, () => proc.kill(), 'SIGKILL after preStop');
      else term();
    }
    if (this.termDeadlineTimer === undefined) {
      this.termDeadlineTimer = this.clock.scheduleAt(Math.max(deadline, now), () => {
        for (const r of this.containers) if (r.running) r.proc!.kill();
        this.kick();
      }, 'grace period');
    }
    if (this.containers.some((r) => r.running || r.busy)) return;
    this.finishTermination();
  }

  private finishTermination(): void {
    if (this.gone) return;
    if (this.termDeadlineTimer !== undefined) this.clock.cancel(this.termDeadlineTimer);
    const regular = this.containers.filter((r) => r.kind === 'regular');
    const anyFailed = regular.some((r) => 'terminated' in r.state && r.state.terminated.exitCode !== 0);
    const neverRan = regular.every((r) => r.instances === 0);
    this.final = anyFailed || neverRan ? 'Failed' : 'Succeeded';
    for (const r of this.containers)
      if ('waiting' in r.state && r.instances > 0 && r.lastState && 'terminated' in r.lastState) r.state = r.lastState;
    this.flush(true);
    this.kubelet.finishDeletion(this);
  }

  /** The pod was removed from the API (force delete) or the kubelet let it go. */
  destroy(): void {
    if (this.gone) return;
    this.gone = true;
    for (const r of this.containers) {
      this.stopProbes(r);
      for (const id of [r.restartTimer, r.retryTimer, r.killTimer]) if (id !== undefined) this.clock.cancel(id);
      if (r.proc?.running) {
        const p = r.proc;
        r.proc = undefined;
        p.kill();
      }
      r.logs?.close();
    }
    if (this.mountRetry !== undefined) this.clock.cancel(this.mountRetry);
    if (this.termDeadlineTimer !== undefined) this.clock.cancel(this.termDeadlineTimer);
    this.kubelet.detachNetwork(this, false);
  }

  // ---------------------------------------------------------------- status

  /** Posts status again even if unchanged (after a kubelet restart others may have written it). */
  repost(): void {
    this.lastStatus = undefined;
    this.flush();
  }

  /** Writes status once per virtual instant (or now, when `immediate`). */
  flush(immediate = false): void {
    if (this.gone) return;
    if (immediate) {
      this.kubelet.writeStatus(this, this.buildStatus());
      return;
    }
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    this.clock.schedule(0, () => {
      this.flushScheduled = false;
      if (this.gone || !this.kubelet.running) return;
      const st = this.buildStatus();
      // compared as their JSON texts would be, without building them (nothing mutates a built status)
      if (this.lastStatus !== undefined && jsonEqual(st, this.lastStatus)) return;
      if (this.kubelet.writeStatus(this, st)) this.lastStatus = st;
    }, `kubelet ${this.kubelet.name} status ${this.name}`);
  }

  phase(): string {
    return podPhase(this);
  }

  buildStatus(): Record<string, unknown> {
    const prev = (this.kubelet.apiPodOf(this)?.status ?? {}) as PrevStatus;
    return podStatus(this, prev, this.iso());
  }
}

