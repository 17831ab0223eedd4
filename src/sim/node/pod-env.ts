/**
 * What the kubelet assembles before a container starts: its environment (image Env,
 * `env` with `valueFrom`, `envFrom`, service links, `$(VAR)` expansion) and its volumes
 * (ConfigMap, Secret, downward API, projected, emptyDir, PVC, hostPath). Missing
 * objects give the kubelet's exact error strings: `configmap "x" not found`,
 * `couldn't find key k in ConfigMap default/x`, and for volumes the FailedMount text
 * `MountVolume.SetUp failed for volume "config" : configmap "app-config" not found`.
 */
import type { Cluster } from '../cluster';
import type { KObject } from '../api/types';
import { MemFs } from '../containers/fs';
import { tryParseQuantity } from '../api/validation/quantity';

export interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: {
    configMapKeyRef?: { name?: string; key: string; optional?: boolean };
    secretKeyRef?: { name?: string; key: string; optional?: boolean };
    fieldRef?: { fieldPath: string };
    resourceFieldRef?: { resource: string; containerName?: string; divisor?: string };
  };
}

export interface ContainerSpec {
  name: string;
  image?: string;
  command?: string[];
  args?: string[];
  env?: EnvVar[];
  envFrom?: { prefix?: string; configMapRef?: { name?: string; optional?: boolean }; secretRef?: { name?: string; optional?: boolean } }[];
  ports?: { name?: string; containerPort: number; protocol?: string }[];
  imagePullPolicy?: string;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  volumeMounts?: { name: string; mountPath: string; subPath?: string; readOnly?: boolean }[];
  livenessProbe?: Probe;
  readinessProbe?: Probe;
  startupProbe?: Probe;
  lifecycle?: { preStop?: Handler; postStart?: Handler };
  restartPolicy?: string;
  workingDir?: string;
  terminationMessagePath?: string;
  terminationMessagePolicy?: string;
}

export interface Handler {
  exec?: { command?: string[] };
  httpGet?: { path?: string; port: number | string; host?: string; scheme?: string; httpHeaders?: { name: string; value: string }[] };
  tcpSocket?: { port: number | string; host?: string };
  grpc?: { port: number; service?: string };
  sleep?: { seconds: number };
}

export interface Probe extends Handler {
  initialDelaySeconds?: number;
  periodSeconds?: number;
  timeoutSeconds?: number;
  successThreshold?: number;
  failureThreshold?: number;
  terminationGracePeriodSeconds?: number;
}

export interface Volume {
  name: string;
  configMap?: { name?: string; items?: { key: string; path: string }[]; optional?: boolean };
  secret?: { secretName?: string; items?: { key: string; path: string }[]; optional?: boolean };
  emptyDir?: Record<string, unknown>;
  persistentVolumeClaim?: { claimName: string; readOnly?: boolean };
  hostPath?: { path: string; type?: string };
  downwardAPI?: { items?: { path: string; fieldRef?: { fieldPath: string } }[] };
  projected?: {
    sources?: {
      configMap?: Volume['configMap'];
      secret?: { name?: string; items?: { key: string; path: string }[]; optional?: boolean };
      downwardAPI?: Volume['downwardAPI'];
      serviceAccountToken?: { path: string };
    }[];
  };
}

export interface PodSpec {
  containers: ContainerSpec[];
  initContainers?: ContainerSpec[];
  volumes?: Volume[];
  restartPolicy?: string;
  terminationGracePeriodSeconds?: number;
  nodeName?: string;
  hostNetwork?: boolean;
  hostname?: string;
  subdomain?: string;
  serviceAccountName?: string;
  enableServiceLinks?: boolean;
  activeDeadlineSeconds?: number;
}

function b64decode(s: string): string {
  try {
    return typeof atob === 'function' ? decodeURIComponent(escape(atob(s))) : s;
  } catch {
    return s;
  }
}

function getConfigMap(cluster: Cluster, ns: string, name: string): KObject | undefined {
  return cluster.api.store.get('/configmaps', ns, name);
}

function getSecret(cluster: Cluster, ns: string, name: string): KObject | undefined {
  return cluster.api.store.get('/secrets', ns, name);
}

/** Reads a downward-API field path of a pod. */
export function fieldValue(pod: KObject, path: string): string | undefined {
  const m = /^metadata\.(labels|annotations)\['(.+)'\]$/.exec(path);
  if (m) return (pod.metadata[m[1]] as Record<string, string> | undefined)?.[m[2]] ?? '';
  const spec = pod.spec as PodSpec & { serviceAccountName?: string };
  const status = (pod.status ?? {}) as { podIP?: string; hostIP?: string; podIPs?: { ip: string }[]; hostIPs?: { ip: string }[] };
  switch (path) {
    case 'metadata.name': return pod.metadata.name;
    case 'metadata.namespace': return pod.metadata.namespace;
    case 'metadata.uid': return pod.metadata.uid;
    case 'metadata.labels': return Object.entries(pod.metadata.labels ?? {}).map(([k, v]) => `${k}="${v}"`).join('\n');
    case 'metadata.annotations': return Object.entries(pod.metadata.annotations ?? {}).map(([k, v]) => `${k}="${v}"`).join('\n');
    case 'spec.nodeName': return spec.nodeName ?? '';
    case 'spec.serviceAccountName': return spec.serviceAccountName ?? 'default';
    case 'status.podIP': return status.podIP ?? '';
    case 'status.hostIP': return status.hostIP ?? '';
    case 'status.podIPs': return (status.podIPs ?? []).map((p) => p.ip).join(',');
    case 'status.hostIPs': return (status.hostIPs ?? []).map((p) => p.ip).join(',');
  }
  return undefined;
}

/** `$(VAR)` references in env values, command and args; `$$(VAR)` escapes. */
export function expandRefs(s: string, env: Map<string, string>): string {
  return s.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g, (all, name: string | undefined) => {
    if (all === '$$') return '$';
    return env.has(name!) ? env.get(name!)! : all;
  });
}

function serviceLinkEnv(cluster: Cluster, ns: string, enableLinks: boolean): [string, string][] {
  const out: [string, string][] = [];
  const services = cluster.informers.for('services').list();
  const chosen = services.filter((s) => {
    if (s.metadata.namespace === 'default' && s.metadata.name === 'kubernetes') return true;
    return enableLinks && s.metadata.namespace === ns;
  });
  for (const s of chosen) {
    const spec = s.spec as { clusterIP?: string; ports?: { name?: string; port: number; protocol?: string }[] };
    if (!spec.clusterIP || spec.clusterIP === 'None' || !spec.ports?.length) continue;
    const n = s.metadata.name!.toUpperCase().replace(/-/g, '_');
    const ip = spec.clusterIP;
    const first = spec.ports[0];
    out.push([`${n}_SERVICE_HOST`, ip], [`${n}_SERVICE_PORT`, String(first.port)]);
    for (const p of spec.ports) if (p.name) out.push([`${n}_SERVICE_PORT_${p.name.toUpperCase().replace(/-/g, '_')}`, String(p.port)]);
    out.push([`${n}_PORT`, `${(first.protocol ?? 'TCP').toLowerCase()}://${ip}:${first.port}`]);
    for (const p of spec.ports) {
      const proto = (p.protocol ?? 'TCP').toUpperCase();
      const pre = `${n}_PORT_${p.port}_${proto}`;
      out.push([pre, `${proto.toLowerCase()}://${ip}:${p.port}`], [`${pre}_PROTO`, proto.toLowerCase()], [`${pre}_PORT`, String(p.port)], [`${pre}_ADDR`, ip]);
    }
  }
  return out;
}

function resourceValue(c: ContainerSpec, resource: string, divisor?: string): string {
  const [kind, name] = resource.split('.');
  const raw = (kind === 'limits' ? c.resources?.limits : c.resources?.requests)?.[name];
  const d = tryParseQuantity(divisor ?? '1') || 1;
  let v = raw !== undefined ? tryParseQuantity(raw) : undefined;
  if (v === undefined) v = name === 'cpu' ? (kind === 'limits' ? 2 : 0) : name === 'memory' ? (kind === 'limits' ? 4 * 1024 ** 3 : 0) : 0;
  return String(Math.ceil(v / d));
}

/** The container's environment, or the CreateContainerConfigError message. */
export function buildEnv(
  cluster: Cluster,
  pod: KObject,
  c: ContainerSpec,
  base: Record<string, string>,
): { env: Map<string, string> } | { error: string } {
  const ns = pod.metadata.namespace ?? 'default';
  const spec = pod.spec as PodSpec;
  const env = new Map<string, string>(Object.entries(base));
  for (const [k, v] of serviceLinkEnv(cluster, ns, spec.enableServiceLinks !== false)) env.set(k, v);
  for (const src of c.envFrom ?? []) {
    if (src.configMapRef) {
      const cm = getConfigMap(cluster, ns, src.configMapRef.name ?? '');
      if (!cm) {
        if (src.configMapRef.optional) continue;
        return { error: `configmap ${JSON.stringify(src.configMapRef.name ?? '')} not found` };
      }
      for (const [k, v] of Object.entries((cm.data as Record<string, string>) ?? {})) env.set(`${src.prefix ?? ''}${k}`, v);
    }
    if (src.secretRef) {
      const s = getSecret(cluster, ns, src.secretRef.name ?? '');
      if (!s) {
        if (src.secretRef.optional) continue;
        return { error: `secret ${JSON.stringify(src.secretRef.name ?? '')} not found` };
      }
      for (const [k, v] of Object.entries((s.data as Record<string, string>) ?? {})) env.set(`${src.prefix ?? ''}${k}`, b64decode(v));
      for (const [k, v] of Object.entries((s.stringData as Record<string, string>) ?? {})) env.set(`${src.prefix ?? ''}${k}`, v);
    }
  }
  for (const e of c.env ?? []) {
    if (e.valueFrom?.configMapKeyRef) {
      const r = e.valueFrom.configMapKeyRef;
      const cm = getConfigMap(cluster, ns, r.name ?? '');
      if (!cm) {
        if (r.optional) continue;
        return { error: `configmap ${JSON.stringify(r.name ?? '')} not found` };
      }
      const v = (cm.data as Record<string, string> | undefined)?.[r.key];
      if (v === undefined) {
        if (r.optional) continue;
        return { error: `couldn't find key ${r.key} in ConfigMap ${ns}/${r.name}` };
      }
      env.set(e.name, v);
    } else if (e.valueFrom?.secretKeyRef) {
      const r = e.valueFrom.secretKeyRef;
      const s = getSecret(cluster, ns, r.name ?? '');
      if (!s) {
        if (r.optional) continue;
        return { error: `secret ${JSON.stringify(r.name ?? '')} not found` };
      }
      const v = (s.data as Record<string, string> | undefined)?.[r.key];
      if (v === undefined) {
        if (r.optional) continue;
        return { error: `couldn't find key ${r.key} in Secret ${ns}/${r.name}` };
      }
      env.set(e.name, b64decode(v));
    } else if (e.valueFrom?.fieldRef) {
      env.set(e.name, fieldValue(pod, e.valueFrom.fieldRef.fieldPath) ?? '');
    } else if (e.valueFrom?.resourceFieldRef) {
      const r = e.valueFrom.resourceFieldRef;
      const target = r.containerName ? ([...(spec.containers ?? []), ...(spec.initContainers ?? [])].find((x) => x.name === r.containerName) ?? c) : c;
      env.set(e.name, resourceValue(target, r.resource, r.divisor));
    } else env.set(e.name, expandRefs(e.value ?? '', env));
  }
  return { env };
}

function projectKeys(fs: MemFs, data: Record<string, string>, items: { key: string; path: string }[] | undefined, decode: boolean, root = '/'): string | undefined {
  const val = (v: string) => (decode ? b64decode(v) : v);
  if (items?.length) {
    for (const it of items) {
      if (!(it.key in data)) return it.key;
      fs.put(`${root}/${it.path}`, val(data[it.key]));
    }
  } else for (const [k, v] of Object.entries(data)) fs.put(`${root}/${k}`, val(v));
  return undefined;
}

export const FAKE_TOKEN = 'eyJhbGciOiJSUzI1NiIsImtpZCI6InNpbXVsYXRlZCJ9.eyJhdWQiOlsiaHR0cHM6Ly9rdWJlcm5ldGVzLmRlZmF1bHQuc3ZjLmNsdXN0ZXIubG9jYWwiXX0.c2ltdWxhdGVk';
export const CA_CRT = '-----BEGIN CERTIFICATE-----\nMIIDBTCCAe2gAwIBAgIIU2ltdWxhdGVkMA0GCSqGSIb3DQEBCwUAMBUxEzARBgNV\nBAMTCmt1YmVybmV0ZXMwHhcNMjUwMTAxMDAwMDAwWhcNMzUwMTAxMDAwMDAwWjAV\n-----END CERTIFICATE-----\n';

/**
 * Builds the pod's volumes. Returns the file systems by volume name, or the FailedMount
 * message of the first volume that cannot be set up.
 */
export function buildVolumes(
  cluster: Cluster,
  pod: KObject,
  opts: { emptyDirs: Map<string, MemFs>; pvc: (ns: string, claim: string) => MemFs; hostFs: MemFs },
): { volumes: Map<string, { fs: MemFs; sub?: string }> } | { error: string } {
  const ns = pod.metadata.namespace ?? 'default';
  const out = new Map<string, { fs: MemFs; sub?: string }>();
  for (const v of (pod.spec as PodSpec).volumes ?? []) {
    const fail = (why: string) => ({ error: `MountVolume.SetUp failed for volume ${JSON.stringify(v.name)} : ${why}` });
    if (v.configMap) {
      const cm = getConfigMap(cluster, ns, v.configMap.name ?? '');
      const fs = new MemFs({}, true);
      if (!cm) {
        if (!v.configMap.optional) return fail(`configmap ${JSON.stringify(v.configMap.name ?? '')} not found`);
      } else {
        const missing = projectKeys(fs, { ...((cm.data as Record<string, string>) ?? {}) }, v.configMap.items, false);
        if (missing && !v.configMap.optional) return fail(`configmap references non-existent config key: ${missing}`);
      }
      out.set(v.name, { fs });
    } else if (v.secret) {
      const s = getSecret(cluster, ns, v.secret.secretName ?? '');
      const fs = new MemFs({}, true);
      if (!s) {
        if (!v.secret.optional) return fail(`secret ${JSON.stringify(v.secret.secretName ?? '')} not found`);
      } else {
        const missing = projectKeys(fs, (s.data as Record<string, string>) ?? {}, v.secret.items, true);
        if (missing && !v.secret.optional) return fail(`references non-existent secret key: ${missing}`);
      }
      out.set(v.name, { fs });
    } else if (v.persistentVolumeClaim) {
      const claim = v.persistentVolumeClaim.claimName;
      if (!cluster.api.store.get('/persistentvolumeclaims', ns, claim)) return { error: `Unable to attach or mount volumes: unmounted volumes=[${v.name}], unattached volumes=[], failed to process volumes=[${v.name}]: error processing PVC ${ns}/${claim}: failed to fetch PVC from API server: persistentvolumeclaims ${JSON.stringify(claim)} not found` };
      out.set(v.name, { fs: opts.pvc(ns, claim) });
    } else if (v.hostPath) {
      opts.hostFs.mkdirp(v.hostPath.path);
      out.set(v.name, { fs: opts.hostFs, sub: v.hostPath.path });
    } else if (v.downwardAPI) {
      const fs = new MemFs({}, true);
      for (const it of v.downwardAPI.items ?? []) if (it.fieldRef) fs.put(`/${it.path}`, fieldValue(pod, it.fieldRef.fieldPath) ?? '');
      out.set(v.name, { fs });
    } else if (v.projected) {
      const fs = new MemFs({}, true);
      for (const src of v.projected.sources ?? []) {
        if (src.serviceAccountToken) fs.put(`/${src.serviceAccountToken.path}`, FAKE_TOKEN);
        if (src.configMap) {
          const cm = getConfigMap(cluster, ns, src.configMap.name ?? '');
          if (!cm && !src.configMap.optional) return fail(`configmap ${JSON.stringify(src.configMap.name ?? '')} not found`);
          if (cm) projectKeys(fs, (cm.data as Record<string, string>) ?? {}, src.configMap.items, false);
        }
        if (src.secret) {
          const s = getSecret(cluster, ns, src.secret.name ?? '');
          if (!s && !src.secret.optional) return fail(`secret ${JSON.stringify(src.secret.name ?? '')} not found`);
          if (s) projectKeys(fs, (s.data as Record<string, string>) ?? {}, src.secret.items, true);
        }
        for (const it of src.downwardAPI?.items ?? []) if (it.fieldRef) fs.put(`/${it.path}`, fieldValue(pod, it.fieldRef.fieldPath) ?? '');
      }
      out.set(v.name, { fs });
    } else {
      let fs = opts.emptyDirs.get(v.name);
      if (!fs) opts.emptyDirs.set(v.name, (fs = new MemFs()));
      out.set(v.name, { fs });
    }
  }
  return { volumes: out };
}

/** status.qosClass from the containers' requests and limits. */
export function qosClass(spec: PodSpec): 'Guaranteed' | 'Burstable' | 'BestEffort' {
  const all = [...(spec.containers ?? []), ...(spec.initContainers ?? [])];
  let any = false;
  let guaranteed = true;
  for (const c of all) {
    const req = c.resources?.requests ?? {};
    const lim = c.resources?.limits ?? {};
    for (const r of ['cpu', 'memory']) {
      if (req[r] !== undefined || lim[r] !== undefined) any = true;
      const l = lim[r];
      const q = req[r] ?? l;
      if (l === undefined || tryParseQuantity(q) !== tryParseQuantity(l)) guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}
