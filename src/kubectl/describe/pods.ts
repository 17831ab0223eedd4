/** describe for Pods and pod templates (kubectl pkg/describe: describePod, DescribePodTemplate, describeContainers). */
import type { KObject } from '../../sim/api/types';
import { type DescribeWriter, annotationLines, labelLines, rfc1123z } from './writer';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

function portString(c: Any): [string, string] {
  const ps: Any[] = c.ports ?? [];
  if (!ps.length) return ['<none>', '<none>'];
  return [ps.map((p) => `${p.containerPort}/${p.protocol ?? 'TCP'}`).join(', '), ps.map((p) => `${p.hostPort ?? 0}/${p.protocol ?? 'TCP'}`).join(', ')];
}

function resourceLines(w: DescribeWriter, c: Any): void {
  for (const kind of ['limits', 'requests'] as const) {
    const r = c.resources?.[kind];
    if (!r || !Object.keys(r).length) continue;
    w.w(2, `${kind === 'limits' ? 'Limits' : 'Requests'}:`);
    for (const k of Object.keys(r).sort()) w.w(3, `${k}:\t${r[k]}`);
  }
}

function probe(p: Any): string {
  let s: string;
  if (p.httpGet) {
    const port = p.httpGet.port;
    s = `http-get ${(p.httpGet.scheme ?? 'HTTP').toLowerCase()}://${p.httpGet.host ?? ''}:${port}${p.httpGet.path ?? ''}`;
  } else if (p.tcpSocket) s = `tcp-socket ${p.tcpSocket.host ?? ''}:${p.tcpSocket.port}`;
  else if (p.exec) s = `exec [${(p.exec.command ?? []).join(' ')}]`;
  else if (p.grpc) s = `grpc <pod>:${p.grpc.port} ${p.grpc.service ?? ''}`;
  else s = 'unknown';
  return `${s} delay=${p.initialDelaySeconds ?? 0}s timeout=${p.timeoutSeconds ?? 1}s period=${p.periodSeconds ?? 10}s #success=${p.successThreshold ?? 1} #failure=${p.failureThreshold ?? 3}`;
}

function envLines(w: DescribeWriter, c: Any): void {
  const env: Any[] = c.env ?? [];
  const envFrom: Any[] = c.envFrom ?? [];
  if (!env.length && !envFrom.length) {
    w.w(2, 'Environment:\t<none>');
    return;
  }
  if (envFrom.length) {
    w.w(2, 'Environment Variables from:');
    for (const f of envFrom) {
      const ref = f.configMapRef ? ['ConfigMap', f.configMapRef] : ['Secret', f.secretRef];
      w.w(3, `${ref[1].name}\t${ref[0]}\tOptional: ${ref[1].optional ? 'true' : 'false'}`);
    }
  }
  if (!env.length) {
    if (!envFrom.length) w.w(2, 'Environment:\t<none>');
    else w.w(2, 'Environment:\t<none>');
    return;
  }
  w.w(2, 'Environment:');
  for (const e of env) {
    if (e.value !== undefined || !e.valueFrom) w.w(3, `${e.name}:\t${e.value ?? ''}`);
    else if (e.valueFrom.configMapKeyRef) {
      const r = e.valueFrom.configMapKeyRef;
      w.w(3, `${e.name}:\t<set to the key '${r.key}' of config map '${r.name}'>\tOptional: ${r.optional ? 'true' : 'false'}`);
    } else if (e.valueFrom.secretKeyRef) {
      const r = e.valueFrom.secretKeyRef;
      w.w(3, `${e.name}:\t<set to the key '${r.key}' in secret '${r.name}'>\tOptional: ${r.optional ? 'true' : 'false'}`);
    } else if (e.valueFrom.fieldRef) w.w(3, `${e.name}:\t (${e.valueFrom.fieldRef.apiVersion ?? 'v1'}:${e.valueFrom.fieldRef.fieldPath})`);
    else if (e.valueFrom.resourceFieldRef) w.w(3, `${e.name}:\t${e.valueFrom.resourceFieldRef.resource}`);
  }
}

function stateLines(w: DescribeWriter, label: string, s: Any): void {
  if (s?.running) {
    w.w(2, `${label}:\tRunning`);
    w.w(3, `Started:\t${rfc1123z(s.running.startedAt)}`);
  } else if (s?.waiting) {
    w.w(2, `${label}:\tWaiting`);
    // kubectl shows a waiting container's reason only, never its message
    if (s.waiting.reason) w.w(3, `Reason:\t${s.waiting.reason}`);
  } else if (s?.terminated) {
    w.w(2, `${label}:\tTerminated`);
    if (s.terminated.reason) w.w(3, `Reason:\t${s.terminated.reason}`);
    if (s.terminated.message) w.w(3, `Message:\t${s.terminated.message}`);
    w.w(3, `Exit Code:\t${s.terminated.exitCode ?? 0}`);
    if (s.terminated.signal) w.w(3, `Signal:\t${s.terminated.signal}`);
    w.w(3, `Started:\t${rfc1123z(s.terminated.startedAt)}`);
    w.w(3, `Finished:\t${rfc1123z(s.terminated.finishedAt)}`);
  } else w.w(2, `${label}:\tWaiting`);
}

export function describeContainers(w: DescribeWriter, title: string, containers: Any[], statuses: Any[] | undefined, space: string): void {
  w.w(space ? 1 : 0, `${title}:`);
  for (const c of containers) {
    const st = statuses?.find((s) => s.name === c.name);
    w.w(1, `${space ? ' ' : ''}${c.name}:`);
    if (st) w.w(2, `Container ID:\t${st.containerID ?? ''}`);
    w.w(2, `Image:\t${c.image ?? ''}`);
    if (st) w.w(2, `Image ID:\t${st.imageID ?? ''}`);
    const [port, host] = portString(c);
    // describe.go: `Ports:`/`Host Ports:` once the list has more than one entry
    w.w(2, `${port.includes(',') ? 'Ports' : 'Port'}:\t${port}`);
    w.w(2, `${host.includes(',') ? 'Host Ports' : 'Host Port'}:\t${host}`);
    if (c.command?.length) {
      w.w(2, 'Command:');
      for (const a of c.command) for (const l of String(a).split('\n')) w.w(3, l);
    }
    if (c.args?.length) {
      w.w(2, 'Args:');
      for (const a of c.args) for (const l of String(a).split('\n')) w.w(3, l);
    }
    if (st) {
      stateLines(w, 'State', st.state);
      if (st.lastState && Object.keys(st.lastState).length) stateLines(w, 'Last State', st.lastState);
      w.w(2, `Ready:\t${st.ready ? 'True' : 'False'}`);
      w.w(2, `Restart Count:\t${st.restartCount ?? 0}`);
    }
    resourceLines(w, c);
    if (c.livenessProbe) w.w(2, `Liveness:\t${probe(c.livenessProbe)}`);
    if (c.readinessProbe) w.w(2, `Readiness:\t${probe(c.readinessProbe)}`);
    if (c.startupProbe) w.w(2, `Startup:\t${probe(c.startupProbe)}`);
    envLines(w, c);
    const mounts: Any[] = c.volumeMounts ?? [];
    if (!mounts.length) w.w(2, 'Mounts:\t<none>');
    else {
      w.w(2, 'Mounts:');
      for (const m of mounts.slice().sort((a, b) => String(a.mountPath).localeCompare(String(b.mountPath))))
        w.w(3, `${m.mountPath} from ${m.name} (${m.readOnly ? 'ro' : 'rw'}${m.subPath ? `,path="${m.subPath}"` : ''})`);
    }
  }
}

function volumeLines(w: DescribeWriter, vols: Any[] | undefined, level: number): void {
  if (!vols?.length) {
    w.w(level, 'Volumes:\t<none>');
    return;
  }
  w.w(level, 'Volumes:');
  for (const v of vols) {
    // describeVolumes: names one level in (plus a space inside a pod template), details always at level 2
    w.w(1, `${level ? ' ' : ''}${v.name}:`);
    const l = 2;
    if (v.configMap) {
      w.w(l, 'Type:\tConfigMap (a volume populated by a ConfigMap)');
      w.w(l, `Name:\t${v.configMap.name}`);
      w.w(l, `Optional:\t${v.configMap.optional ? 'true' : 'false'}`);
    } else if (v.secret) {
      w.w(l, 'Type:\tSecret (a volume populated by a Secret)');
      w.w(l, `SecretName:\t${v.secret.secretName}`);
      w.w(l, `Optional:\t${v.secret.optional ? 'true' : 'false'}`);
    } else if (v.emptyDir) {
      w.w(l, 'Type:\tEmptyDir (a temporary directory that shares a pod\'s lifetime)');
      w.w(l, `Medium:\t${v.emptyDir.medium ?? ''}`);
      w.w(l, `SizeLimit:\t${v.emptyDir.sizeLimit ?? '<unset>'}`);
    } else if (v.persistentVolumeClaim) {
      w.w(l, 'Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)');
      w.w(l, `ClaimName:\t${v.persistentVolumeClaim.claimName}`);
      w.w(l, `ReadOnly:\t${v.persistentVolumeClaim.readOnly ? 'true' : 'false'}`);
    } else if (v.hostPath) {
      w.w(l, 'Type:\tHostPath (bare host directory volume)');
      w.w(l, `Path:\t${v.hostPath.path}`);
      w.w(l, `HostPathType:\t${v.hostPath.type ?? ''}`);
    } else if (v.projected) {
      w.w(l, 'Type:\tProjected (a volume that contains injected data from multiple sources)');
      for (const s of v.projected.sources ?? []) {
        if (s.serviceAccountToken) w.w(l, `TokenExpirationSeconds:\t${s.serviceAccountToken.expirationSeconds ?? 3607}`);
        if (s.configMap) {
          w.w(l, `ConfigMapName:\t${s.configMap.name}`);
          w.w(l, `ConfigMapOptional:\t${s.configMap.optional === undefined ? '<nil>' : s.configMap.optional}`);
        }
        if (s.downwardAPI) w.w(l, 'DownwardAPI:\ttrue');
      }
    } else w.w(l, `Type:\t${Object.keys(v).filter((k) => k !== 'name')[0] ?? 'unknown'}`);
  }
}

function tolerationLines(tols: Any[] | undefined): string[] {
  if (!tols?.length) return ['<none>'];
  return tols.map((t) => {
    let s = t.key ?? '';
    if (t.value) s += `=${t.value}`;
    if (t.effect) s += `:${t.effect}`;
    if (t.operator === 'Exists' && !t.value) s += ` op=Exists`;
    if (t.tolerationSeconds !== undefined) s += ` for ${t.tolerationSeconds}s`;
    return s;
  });
}

function qosClass(pod: Any): string {
  if (pod.status?.qosClass) return pod.status.qosClass;
  const cs: Any[] = pod.spec?.containers ?? [];
  const any = cs.some((c) => c.resources?.requests || c.resources?.limits);
  if (!any) return 'BestEffort';
  const guaranteed = cs.every((c) => c.resources?.limits?.cpu && c.resources?.limits?.memory && (!c.resources.requests || (c.resources.requests.cpu ?? c.resources.limits.cpu) === c.resources.limits.cpu));
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

export function describePod(w: DescribeWriter, pod: KObject, now: number): void {
  const p = pod as Any;
  const sp = p.spec ?? {};
  const st = p.status ?? {};
  w.w(0, `Name:\t${pod.metadata.name}`);
  w.w(0, `Namespace:\t${pod.metadata.namespace}`);
  if (sp.priority !== undefined || true) w.w(0, `Priority:\t${sp.priority ?? 0}`);
  if (sp.priorityClassName) w.w(0, `Priority Class Name:\t${sp.priorityClassName}`);
  if (sp.runtimeClassName) w.w(0, `Runtime Class Name:\t${sp.runtimeClassName}`);
  w.w(0, `Service Account:\t${sp.serviceAccountName ?? 'default'}`);
  w.w(0, `Node:\t${sp.nodeName ? `${sp.nodeName}${st.hostIP ? `/${st.hostIP}` : ''}` : '<none>'}`);
  if (st.startTime) w.w(0, `Start Time:\t${rfc1123z(st.startTime)}`);
  w.kv(0, 'Labels', labelLines(pod.metadata.labels));
  w.kv(0, 'Annotations', annotationLines(pod.metadata.annotations));
  if (pod.metadata.deletionTimestamp) {
    const left = Math.max(0, Math.trunc((Date.parse(pod.metadata.deletionTimestamp) - now) / 1000));
    w.w(0, `Status:\tTerminating (lasts ${left}s)`);
    w.w(0, `Termination Grace Period:\t${pod.metadata.deletionGracePeriodSeconds ?? 30}s`);
  } else w.w(0, `Status:\t${st.phase ?? ''}`);
  if (st.reason) w.w(0, `Reason:\t${st.reason}`);
  if (st.message) w.w(0, `Message:\t${String(st.message).trim()}`);
  if (st.nominatedNodeName) w.w(0, `NominatedNodeName:\t${st.nominatedNodeName}`);
  w.w(0, `IP:\t${st.podIP ?? ''}`);
  const ips: Any[] = st.podIPs ?? [];
  if (ips.length) {
    w.w(0, 'IPs:');
    for (const ip of ips) w.w(1, `IP:\t${ip.ip}`);
  } else w.w(0, 'IPs:\t<none>');
  const ctrl = (pod.metadata.ownerReferences ?? []).find((r) => r.controller);
  if (ctrl) w.w(0, `Controlled By:\t${ctrl.kind}/${ctrl.name}`);
  if (sp.initContainers?.length) describeContainers(w, 'Init Containers', sp.initContainers, st.initContainerStatuses ?? [], '');
  describeContainers(w, 'Containers', sp.containers ?? [], st.containerStatuses ?? [], '');
  if (sp.readinessGates?.length) {
    w.w(0, 'Readiness Gates:');
    w.w(1, 'Type\tStatus');
    for (const g of sp.readinessGates) {
      const c = (st.conditions ?? []).find((x: Any) => x.type === g.conditionType);
      w.w(1, `${g.conditionType} \t${c?.status ?? '<none>'} `);
    }
  }
  const conds: Any[] = st.conditions ?? [];
  if (conds.length) {
    w.w(0, 'Conditions:');
    w.w(1, 'Type\tStatus');
    for (const c of conds) w.w(1, `${c.type} \t${c.status} `);
  }
  volumeLines(w, sp.volumes, 0);
  w.w(0, `QoS Class:\t${qosClass(p)}`);
  w.kv(0, 'Node-Selectors', labelLines(sp.nodeSelector));
  w.kv(0, 'Tolerations', tolerationLines(sp.tolerations));
}

export function describeTemplate(w: DescribeWriter, tpl: Any): void {
  w.w(0, 'Pod Template:');
  w.kv(1, 'Labels', labelLines(tpl?.metadata?.labels));
  const anns = tpl?.metadata?.annotations;
  if (anns && Object.keys(anns).length) w.kv(1, 'Annotations', annotationLines(anns));
  if (tpl?.spec?.serviceAccountName) w.w(1, `Service Account:\t${tpl.spec.serviceAccountName}`);
  if (tpl?.spec?.initContainers?.length) templateContainers(w, 'Init Containers', tpl.spec.initContainers);
  templateContainers(w, 'Containers', tpl?.spec?.containers ?? []);
  volumeLines(w, tpl?.spec?.volumes, 1);
  if (tpl?.spec?.priorityClassName) w.w(1, `Priority Class Name:\t${tpl.spec.priorityClassName}`);
  w.kv(1, 'Node-Selectors', labelLines(tpl?.spec?.nodeSelector));
  w.kv(1, 'Tolerations', tolerationLines(tpl?.spec?.tolerations));
}

function templateContainers(w: DescribeWriter, title: string, cs: Any[]): void {
  describeContainers(w, title, cs, undefined, ' ');
}
