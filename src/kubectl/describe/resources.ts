/**
 * describe for workloads, services, nodes and configuration kinds (kubectl pkg/describe),
 * plus the generic describer used for kinds without their own.
 */
import { formatLabelSelector, mapString } from '../../sim/api/tables/common';
import { nodeRoles } from '../../sim/api/tables/nodes';
import { humanDuration, age } from '../../sim/api/tables/duration';
import type { KObject } from '../../sim/api/types';
import { formatQuantity, parseQuantityFull } from '../../sim/api/validation/quantity';
import { describeTemplate } from './pods';
import { type DescribeWriter, annotationLines, labelLines, rfc1123z } from './writer';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

export interface DescribeEnv {
  now: number;
  /** pods in the object's namespace */
  pods(): KObject[];
  /** ReplicaSets in the object's namespace */
  replicaSets(): KObject[];
  /** pods on a node (all namespaces) */
  podsOnNode(node: string): KObject[];
  /** a node's Lease in kube-node-lease */
  lease?(node: string): KObject | undefined;
}

function header(w: DescribeWriter, o: KObject, created = true): void {
  w.w(0, `Name:\t${o.metadata.name}`);
  if (o.metadata.namespace !== undefined) w.w(0, `Namespace:\t${o.metadata.namespace}`);
  if (created) w.w(0, `CreationTimestamp:\t${rfc1123z(o.metadata.creationTimestamp)}`);
  w.kv(0, 'Labels', labelLines(o.metadata.labels));
  w.kv(0, 'Annotations', annotationLines(o.metadata.annotations));
}

function conditionsTable(w: DescribeWriter, conds: Any[] | undefined): void {
  if (!conds?.length) return;
  w.w(0, 'Conditions:');
  w.w(1, 'Type\tStatus\tReason');
  w.w(1, '----\t------\t------');
  for (const c of conds) w.w(1, `${c.type} \t${c.status}\t${c.reason ?? ''}`);
}

function podStatusCounts(pods: KObject[]): string {
  const n = (ph: string) => pods.filter((p) => (p as Any).status?.phase === ph).length;
  return `${n('Running')} Running / ${n('Pending')} Waiting / ${n('Succeeded')} Succeeded / ${n('Failed')} Failed`;
}

function ownedBy(o: KObject, owner: KObject): boolean {
  return (o.metadata.ownerReferences ?? []).some((r) => r.controller && r.uid === owner.metadata.uid);
}

export function describeDeployment(w: DescribeWriter, d: KObject, env: DescribeEnv): void {
  const o = d as Any;
  const sp = o.spec ?? {};
  const st = o.status ?? {};
  header(w, d);
  w.w(0, `Selector:\t${formatLabelSelector(sp.selector)}`);
  const want = sp.replicas ?? 1;
  w.w(0, `Replicas:\t${want} desired | ${st.updatedReplicas ?? 0} updated | ${st.replicas ?? 0} total | ${st.availableReplicas ?? 0} available | ${st.unavailableReplicas ?? 0} unavailable`);
  const strategy = sp.strategy?.type ?? 'RollingUpdate';
  w.w(0, `StrategyType:\t${strategy}`);
  w.w(0, `MinReadySeconds:\t${sp.minReadySeconds ?? 0}`);
  if (strategy === 'RollingUpdate') {
    const ru = sp.strategy?.rollingUpdate ?? {};
    w.w(0, `RollingUpdateStrategy:\t${ru.maxUnavailable ?? '25%'} max unavailable, ${ru.maxSurge ?? '25%'} max surge`);
  }
  describeTemplate(w, sp.template);
  conditionsTable(w, st.conditions);
  const rss = env.replicaSets().filter((rs) => ownedBy(rs, d));
  const tplHashMatch = (rs: KObject) => {
    const a = JSON.stringify({ ...(rs as Any).spec?.template, metadata: { ...(rs as Any).spec?.template?.metadata, labels: { ...((rs as Any).spec?.template?.metadata?.labels ?? {}), 'pod-template-hash': undefined } } });
    const b = JSON.stringify({ ...sp.template, metadata: { ...sp.template?.metadata, labels: { ...(sp.template?.metadata?.labels ?? {}), 'pod-template-hash': undefined } } });
    return a === b;
  };
  const newRs = rss.find(tplHashMatch);
  const old = rss.filter((rs) => rs !== newRs && ((rs as Any).spec?.replicas ?? 0) > 0);
  const fmt = (rs: KObject) => `${rs.metadata.name} (${(rs as Any).status?.replicas ?? 0}/${(rs as Any).spec?.replicas ?? 0} replicas created)`;
  w.w(0, `OldReplicaSets:\t${old.length ? old.map(fmt).join(', ') : '<none>'}`);
  w.w(0, `NewReplicaSet:\t${newRs ? fmt(newRs) : '<none>'}`);
}

export function describeReplicaSet(w: DescribeWriter, rs: KObject, env: DescribeEnv): void {
  const o = rs as Any;
  w.w(0, `Name:\t${rs.metadata.name}`);
  w.w(0, `Namespace:\t${rs.metadata.namespace}`);
  w.w(0, `Selector:\t${formatLabelSelector(o.spec?.selector)}`);
  w.kv(0, 'Labels', labelLines(rs.metadata.labels));
  w.kv(0, 'Annotations', annotationLines(rs.metadata.annotations));
  const ctrl = (rs.metadata.ownerReferences ?? []).find((r) => r.controller);
  if (ctrl) w.w(0, `Controlled By:\t${ctrl.kind}/${ctrl.name}`);
  w.w(0, `Replicas:\t${o.status?.replicas ?? 0} current / ${o.spec?.replicas ?? 1} desired`);
  w.w(0, `Pods Status:\t${podStatusCounts(env.pods().filter((p) => ownedBy(p, rs)))}`);
  describeTemplate(w, o.spec?.template);
  conditionsTable(w, o.status?.conditions);
}

export function describeStatefulSet(w: DescribeWriter, s: KObject, env: DescribeEnv): void {
  const o = s as Any;
  w.w(0, `Name:\t${s.metadata.name}`);
  w.w(0, `Namespace:\t${s.metadata.namespace}`);
  w.w(0, `CreationTimestamp:\t${rfc1123z(s.metadata.creationTimestamp)}`);
  w.w(0, `Selector:\t${formatLabelSelector(o.spec?.selector)}`);
  w.kv(0, 'Labels', labelLines(s.metadata.labels));
  w.kv(0, 'Annotations', annotationLines(s.metadata.annotations));
  w.w(0, `Replicas:\t${o.spec?.replicas ?? 1} desired | ${o.status?.replicas ?? 0} total`);
  w.w(0, `Update Strategy:\t${o.spec?.updateStrategy?.type ?? 'RollingUpdate'}`);
  if ((o.spec?.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate') w.w(1, `Partition:\t${o.spec?.updateStrategy?.rollingUpdate?.partition ?? 0}`);
  w.w(0, `Pods Status:\t${podStatusCounts(env.pods().filter((p) => ownedBy(p, s)))}`);
  describeTemplate(w, o.spec?.template);
  const vcts: Any[] = o.spec?.volumeClaimTemplates ?? [];
  if (!vcts.length) w.w(0, 'Volume Claims:\t<none>');
  else {
    w.w(0, 'Volume Claims:');
    for (const v of vcts) {
      w.w(1, `Name:\t${v.metadata?.name}`);
      w.w(1, `StorageClass:\t${v.spec?.storageClassName ?? ''}`);
      w.kv(1, 'Labels', labelLines(v.metadata?.labels));
      w.kv(1, 'Annotations', annotationLines(v.metadata?.annotations));
      w.w(1, `Capacity:\t${v.spec?.resources?.requests?.storage ?? ''}`);
      w.w(1, `Access Modes:\t[${(v.spec?.accessModes ?? []).join(' ')}]`);
    }
  }
}

export function describeDaemonSet(w: DescribeWriter, d: KObject, env: DescribeEnv): void {
  const o = d as Any;
  const st = o.status ?? {};
  // kubectl's DaemonSet describer has no Namespace line
  w.w(0, `Name:\t${d.metadata.name}`);
  w.w(0, `Selector:\t${formatLabelSelector(o.spec?.selector)}`);
  w.w(0, `Node-Selector:\t${mapString(o.spec?.template?.spec?.nodeSelector)}`);
  w.kv(0, 'Labels', labelLines(d.metadata.labels));
  w.kv(0, 'Annotations', annotationLines(d.metadata.annotations));
  w.w(0, `Desired Number of Nodes Scheduled: ${st.desiredNumberScheduled ?? 0}`);
  w.w(0, `Current Number of Nodes Scheduled: ${st.currentNumberScheduled ?? 0}`);
  w.w(0, `Number of Nodes Scheduled with Up-to-date Pods: ${st.updatedNumberScheduled ?? 0}`);
  w.w(0, `Number of Nodes Scheduled with Available Pods: ${st.numberAvailable ?? 0}`);
  w.w(0, `Number of Nodes Misscheduled: ${st.numberMisscheduled ?? 0}`);
  w.w(0, `Pods Status:\t${podStatusCounts(env.pods().filter((p) => ownedBy(p, d)))}`);
  describeTemplate(w, o.spec?.template);
}

export function describeJob(w: DescribeWriter, j: KObject, env: DescribeEnv): void {
  const o = j as Any;
  const sp = o.spec ?? {};
  const st = o.status ?? {};
  w.w(0, `Name:\t${j.metadata.name}`);
  w.w(0, `Namespace:\t${j.metadata.namespace}`);
  w.w(0, `Selector:\t${formatLabelSelector(sp.selector)}`);
  w.kv(0, 'Labels', labelLines(j.metadata.labels));
  w.kv(0, 'Annotations', annotationLines(j.metadata.annotations));
  const ctrl = (j.metadata.ownerReferences ?? []).find((r) => r.controller);
  if (ctrl) w.w(0, `Controlled By:\t${ctrl.kind}/${ctrl.name}`);
  w.w(0, `Parallelism:\t${sp.parallelism ?? 1}`);
  w.w(0, `Completions:\t${sp.completions ?? '<unset>'}`);
  w.w(0, `Completion Mode:\t${sp.completionMode ?? 'NonIndexed'}`);
  w.w(0, `Suspend:\t${sp.suspend ? 'true' : 'false'}`);
  w.w(0, `Backoff Limit:\t${sp.backoffLimit ?? 6}`);
  if (sp.activeDeadlineSeconds !== undefined) w.w(0, `Active Deadline Seconds:\t${sp.activeDeadlineSeconds}s`);
  if (sp.ttlSecondsAfterFinished !== undefined) w.w(0, `TTL Seconds After Finished:\t${sp.ttlSecondsAfterFinished}`);
  if (st.startTime) w.w(0, `Start Time:\t${rfc1123z(st.startTime)}`);
  if (st.completionTime) {
    w.w(0, `Completed At:\t${rfc1123z(st.completionTime)}`);
    w.w(0, `Duration:\t${humanDuration(Date.parse(st.completionTime) - Date.parse(st.startTime))}`);
  }
  w.w(0, `Pods Statuses:\t${st.active ?? 0} Active (${st.ready ?? 0} Ready) / ${st.succeeded ?? 0} Succeeded / ${st.failed ?? 0} Failed`);
  describeTemplate(w, sp.template);
}

export function describeCronJob(w: DescribeWriter, c: KObject): void {
  const o = c as Any;
  const sp = o.spec ?? {};
  w.w(0, `Name:\t${c.metadata.name}`);
  w.w(0, `Namespace:\t${c.metadata.namespace}`);
  w.kv(0, 'Labels', labelLines(c.metadata.labels));
  w.kv(0, 'Annotations', annotationLines(c.metadata.annotations));
  w.w(0, `Schedule:\t${sp.schedule}`);
  w.w(0, `Concurrency Policy:\t${sp.concurrencyPolicy ?? 'Allow'}`);
  w.w(0, `Suspend:\t${sp.suspend ? 'True' : 'False'}`);
  w.w(0, `Successful Job History Limit:\t${sp.successfulJobsHistoryLimit ?? 3}`);
  w.w(0, `Failed Job History Limit:\t${sp.failedJobsHistoryLimit ?? 1}`);
  w.w(0, `Starting Deadline Seconds:\t${sp.startingDeadlineSeconds !== undefined ? `${sp.startingDeadlineSeconds}s` : '<unset>'}`);
  w.w(0, `Selector:\t${sp.jobTemplate?.spec?.selector ? formatLabelSelector(sp.jobTemplate.spec.selector) : '<unset>'}`);
  w.w(0, `Parallelism:\t${sp.jobTemplate?.spec?.parallelism ?? '<unset>'}`);
  w.w(0, `Completions:\t${sp.jobTemplate?.spec?.completions ?? '<unset>'}`);
  describeTemplate(w, sp.jobTemplate?.spec?.template);
  w.w(0, `Last Schedule Time:\t${o.status?.lastScheduleTime ? rfc1123z(o.status.lastScheduleTime) : '<unset>'}`);
  const active: Any[] = o.status?.active ?? [];
  w.w(0, `Active Jobs:\t${active.length ? active.map((a) => a.name).join(', ') : '<none>'}`);
}

export function describeService(w: DescribeWriter, s: KObject, slices: KObject[]): void {
  const o = s as Any;
  const sp = o.spec ?? {};
  w.w(0, `Name:\t${s.metadata.name}`);
  w.w(0, `Namespace:\t${s.metadata.namespace}`);
  w.kv(0, 'Labels', labelLines(s.metadata.labels));
  w.kv(0, 'Annotations', annotationLines(s.metadata.annotations));
  w.w(0, `Selector:\t${mapString(sp.selector)}`);
  w.w(0, `Type:\t${sp.type ?? 'ClusterIP'}`);
  w.w(0, `IP Family Policy:\t${sp.ipFamilyPolicy ?? 'SingleStack'}`);
  w.w(0, `IP Families:\t${(sp.ipFamilies ?? ['IPv4']).join(',')}`);
  if (sp.type !== 'ExternalName') {
    w.w(0, `IP:\t${sp.clusterIP ?? ''}`);
    w.w(0, `IPs:\t${(sp.clusterIPs ?? (sp.clusterIP ? [sp.clusterIP] : [])).join(',') || '<none>'}`);
  } else w.w(0, `External Name:\t${sp.externalName}`);
  const ing: Any[] = o.status?.loadBalancer?.ingress ?? [];
  if (ing.length) w.w(0, `LoadBalancer Ingress:\t${ing.map((i) => i.ip || i.hostname).join(', ')}`);
  for (const p of sp.ports ?? []) {
    const name = p.name || '<unset>';
    w.w(0, `Port:\t${name}\t${p.port}/${p.protocol ?? 'TCP'}`);
    w.w(0, `TargetPort:\t${p.targetPort ?? p.port}/${p.protocol ?? 'TCP'}`);
    if (p.nodePort) w.w(0, `NodePort:\t${name}\t${p.nodePort}/${p.protocol ?? 'TCP'}`);
    w.w(0, `Endpoints:\t${formatEndpointSlices(slices, p.name ?? '')}`);
  }
  w.w(0, `Session Affinity:\t${sp.sessionAffinity ?? 'None'}`);
  if (sp.externalTrafficPolicy) w.w(0, `External Traffic Policy:\t${sp.externalTrafficPolicy}`);
  w.w(0, `Internal Traffic Policy:\t${sp.internalTrafficPolicy ?? 'Cluster'}`);
}

export function describeEndpoints(w: DescribeWriter, e: KObject): void {
  w.w(0, `Name:\t${e.metadata.name}`);
  w.w(0, `Namespace:\t${e.metadata.namespace}`);
  w.kv(0, 'Labels', labelLines(e.metadata.labels));
  w.kv(0, 'Annotations', annotationLines(e.metadata.annotations));
  w.w(0, 'Subsets:');
  for (const ss of (e as Any).subsets ?? []) {
    w.w(1, `Addresses:\t${(ss.addresses ?? []).map((a: Any) => a.ip).join(',') || '<none>'}`);
    w.w(1, `NotReadyAddresses:\t${(ss.notReadyAddresses ?? []).map((a: Any) => a.ip).join(',') || '<none>'}`);
    w.w(1, 'Ports:');
    w.w(2, 'Name\tPort\tProtocol');
    w.w(2, '----\t----\t--------');
    for (const p of ss.ports ?? []) w.w(2, `${p.name || '<unset>'}\t${p.port}\t${p.protocol ?? 'TCP'}`);
    w.w(0, '');
  }
}

function parseQuantity(q: unknown): number {
  const s = String(q ?? '0');
  const m = /^([0-9.]+)(m|k|Ki|Mi|Gi|Ti|M|G|T)?$/.exec(s);
  if (!m) return 0;
  const n = parseFloat(m[1]);
  const mult: Record<string, number> = { m: 0.001, k: 1e3, M: 1e6, G: 1e9, T: 1e12, Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3, Ti: 1024 ** 4 };
  return n * (m[2] ? mult[m[2]] : 1);
}

function cpuStr(n: number): string {
  return n === 0 ? '0' : Number.isInteger(n) ? String(n) : `${Math.round(n * 1000)}m`;
}
function memStr(n: number): string {
  if (n === 0) return '0';
  for (const [u, v] of [['Gi', 1024 ** 3], ['Mi', 1024 ** 2], ['Ki', 1024]] as const) if (n % v === 0) return `${n / v}${u}`;
  return String(n);
}

export function describeNode(w: DescribeWriter, n: KObject, env: DescribeEnv): void {
  const o = n as Any;
  const st = o.status ?? {};
  w.w(0, `Name:\t${n.metadata.name}`);
  w.w(0, `Roles:\t${nodeRoles(n)}`);
  w.kv(0, 'Labels', labelLines(n.metadata.labels));
  w.kv(0, 'Annotations', annotationLines(n.metadata.annotations));
  w.w(0, `CreationTimestamp:\t${rfc1123z(n.metadata.creationTimestamp)}`);
  const taints: Any[] = o.spec?.taints ?? [];
  w.kv(0, 'Taints', taints.length ? taints.map((t) => `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`) : ['<none>']);
  w.w(0, `Unschedulable:\t${o.spec?.unschedulable ? 'true' : 'false'}`);
  const lease = env.lease?.(n.metadata.name!) as Any | undefined;
  if (lease) {
    w.w(0, 'Lease:');
    w.w(1, `HolderIdentity:\t${lease.spec?.holderIdentity ?? '<unset>'}`);
    w.w(1, `AcquireTime:\t${lease.spec?.acquireTime ? rfc1123z(lease.spec.acquireTime) : '<unset>'}`);
    w.w(1, `RenewTime:\t${lease.spec?.renewTime ? rfc1123z(lease.spec.renewTime) : '<unset>'}`);
  } else w.w(0, 'Lease:\tFailed to get lease: leases.coordination.k8s.io "' + n.metadata.name + '" not found');
  const conds: Any[] = st.conditions ?? [];
  if (conds.length) {
    w.w(0, 'Conditions:');
    w.w(1, 'Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage');
    w.w(1, '----\t------\t-----------------\t------------------\t------\t-------');
    for (const c of conds) w.w(1, `${c.type} \t${c.status} \t${rfc1123z(c.lastHeartbeatTime)} \t${rfc1123z(c.lastTransitionTime)} \t${c.reason ?? ''} \t${c.message ?? ''}`);
  }
  w.w(0, 'Addresses:');
  for (const a of st.addresses ?? []) w.w(1, `${a.type}:\t${a.address}`);
  for (const [title, m] of [['Capacity', st.capacity], ['Allocatable', st.allocatable]] as const) {
    if (!m) continue;
    w.w(0, `${title}:`);
    // kubectl prints resource.Quantity's canonical form (4194304Ki → 4Gi)
    for (const k of Object.keys(m).sort()) w.w(1, `${k}:\t${canonicalQuantity(m[k])}`);
  }
  const info = st.nodeInfo ?? {};
  w.w(0, 'System Info:');
  const si: [string, string][] = [
    ['Machine ID', info.machineID], ['System UUID', info.systemUUID], ['Boot ID', info.bootID], ['Kernel Version', info.kernelVersion],
    ['OS Image', info.osImage], ['Operating System', info.operatingSystem], ['Architecture', info.architecture],
    ['Container Runtime Version', info.containerRuntimeVersion], ['Kubelet Version', info.kubeletVersion], ['Kube-Proxy Version', info.kubeProxyVersion ?? ''],
  ];
  for (const [k, v] of si) w.w(1, `${k}:\t${v ?? ''}`);
  if (o.spec?.podCIDR) {
    w.w(0, `PodCIDR:\t${o.spec.podCIDR}`);
    w.w(0, `PodCIDRs:\t${(o.spec.podCIDRs ?? [o.spec.podCIDR]).join(',')}`);
  }
  if (o.spec?.providerID) w.w(0, `ProviderID:\t${o.spec.providerID}`);
  const pods = env.podsOnNode(n.metadata.name!).filter((p) => !['Succeeded', 'Failed'].includes((p as Any).status?.phase));
  const alloc = st.allocatable ?? {};
  const cpuCap = parseQuantity(alloc.cpu);
  const memCap = parseQuantity(alloc.memory);
  const pct = (v: number, cap: number) => (cap ? Math.trunc((v / cap) * 100) : 0);
  w.w(0, `Non-terminated Pods:\t(${pods.length} in total)`);
  // describe.go leaves an empty column after Name (`Name\t\t`), which widens it by the padding
  w.w(1, 'Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge');
  w.w(1, '---------\t----\t\t------------\t----------\t---------------\t-------------\t---');
  let tr = 0, tl = 0, mr = 0, ml = 0;
  for (const p of pods) {
    let r = 0, l = 0, r2 = 0, l2 = 0;
    for (const c of (p as Any).spec?.containers ?? []) {
      r += parseQuantity(c.resources?.requests?.cpu);
      l += parseQuantity(c.resources?.limits?.cpu);
      r2 += parseQuantity(c.resources?.requests?.memory);
      l2 += parseQuantity(c.resources?.limits?.memory);
    }
    tr += r; tl += l; mr += r2; ml += l2;
    w.w(1, `${p.metadata.namespace}\t${p.metadata.name}\t\t${cpuStr(r)} (${pct(r, cpuCap)}%)\t${cpuStr(l)} (${pct(l, cpuCap)}%)\t${memStr(r2)} (${pct(r2, memCap)}%)\t${memStr(l2)} (${pct(l2, memCap)}%)\t${age(p.metadata.creationTimestamp, env.now)}`);
  }
  w.w(0, 'Allocated resources:');
  w.w(1, '(Total limits may be over 100 percent, i.e., overcommitted.)');
  w.w(1, 'Resource\tRequests\tLimits');
  w.w(1, '--------\t--------\t------');
  w.w(1, `cpu\t${cpuStr(tr)} (${pct(tr, cpuCap)}%)\t${cpuStr(tl)} (${pct(tl, cpuCap)}%)`);
  w.w(1, `memory\t${memStr(mr)} (${pct(mr, memCap)}%)\t${memStr(ml)} (${pct(ml, memCap)}%)`);
  w.w(1, `ephemeral-storage\t0 (0%)\t0 (0%)`);
  for (const k of Object.keys(alloc).filter((r) => r.startsWith('hugepages-')).sort()) w.w(1, `${k}\t0 (0%)\t0 (0%)`);
}

/**
 * describe.go formatEndpointSlices: `<none>` without slices, else up to three ready
 * `ip:port` pairs for the named port, then ` + N more...`.
 */
function formatEndpointSlices(slices: KObject[], portName: string): string {
  if (!slices.length) return '<none>';
  const list: string[] = [];
  let count = 0;
  for (const sl of slices as Any[]) {
    const port = (sl.ports ?? []).find((pt: Any) => (pt.name ?? '') === portName);
    if (!port) continue;
    for (const ep of sl.endpoints ?? []) {
      if (ep.conditions?.ready === false) continue;
      for (const addr of ep.addresses ?? []) {
        count++;
        if (list.length < 3) list.push(`${addr}:${port.port}`);
      }
    }
  }
  return list.join(',') + (count > 3 ? ` + ${count - 3} more...` : '');
}

function canonicalQuantity(q: unknown): string {
  if (typeof q !== 'string' && typeof q !== 'number') return String(q ?? '');
  try {
    const f = parseQuantityFull(q);
    return formatQuantity(f.value, f.format);
  } catch {
    return String(q);
  }
}

export function describeNamespace(w: DescribeWriter, n: KObject, quotas: KObject[], limits: KObject[]): void {
  w.w(0, `Name:\t${n.metadata.name}`);
  w.kv(0, 'Labels', labelLines(n.metadata.labels));
  w.kv(0, 'Annotations', annotationLines(n.metadata.annotations));
  w.w(0, `Status:\t${(n as Any).status?.phase ?? 'Active'}`);
  w.w(0, '');
  // DescribeResourceQuotas: status only (a quota the controller has not seen shows no rows)
  w.w(0, quotas.length ? 'Resource Quotas' : 'No resource quota.');
  for (const q of [...quotas].sort((a, b) => (a.metadata.name! < b.metadata.name! ? -1 : 1))) {
    w.w(1, `Name:\t${q.metadata.name}`);
    const scopes = quotaScopes(q);
    if (scopes.length) {
      w.w(1, `Scopes:\t${scopes.join(', ')}`);
      for (const sc of scopes) if (SCOPE_HELP[sc]) w.w(1, `* ${SCOPE_HELP[sc]}`);
    }
    w.w(1, 'Resource\tUsed\tHard');
    w.w(1, '--------\t---\t---');
    const hard = (q as Any).status?.hard ?? {};
    const used = (q as Any).status?.used ?? {};
    for (const k of Object.keys(hard).sort()) w.w(1, `${k}\t${canonicalQuantity(used[k] ?? 0)}\t${canonicalQuantity(hard[k])}`);
  }
  w.w(0, '');
  if (!limits.length) {
    w.w(0, 'No LimitRange resource.');
    return;
  }
  w.w(0, 'Resource Limits');
  w.w(0, ' Type\tResource\tMin\tMax\tDefault Request\tDefault Limit\tMax Limit/Request Ratio');
  w.w(0, ' ----\t--------\t---\t---\t---------------\t-------------\t-----------------------');
  for (const lr of limits) limitRangeRows(w, lr, ' ');
}

const SCOPE_HELP: Record<string, string> = {
  Terminating: 'Matches all pods that have an active deadline. These pods have a limited lifespan on a node before being actively terminated by the system.',
  NotTerminating: 'Matches all pods that do not have an active deadline. These pods usually include long running pods whose container command is not expected to terminate.',
  BestEffort: 'Matches all pods that do not have resource requirements set. These pods have a best effort quality of service.',
  NotBestEffort: 'Matches all pods that have at least one resource requirement set. These pods have a burstable or guaranteed quality of service.',
};

function quotaScopes(q: KObject): string[] {
  return [...(((q as Any).spec?.scopes ?? []) as string[])].sort();
}

/**
 * describeLimitRangeSpec: one row per resource an item names. kubectl walks a Go map here,
 * so its row order within an item is random; ours is the order the item first names them.
 */
function limitRangeRows(w: DescribeWriter, lr: KObject, prefix: string): void {
  for (const item of ((lr as Any).spec?.limits ?? []) as Any[]) {
    const fields = ['max', 'min', 'default', 'defaultRequest', 'maxLimitRequestRatio'];
    const names = new Set<string>();
    for (const f of fields) for (const k of Object.keys(item[f] ?? {})) names.add(k);
    const v = (f: string, k: string) => (item[f] && k in item[f] ? canonicalQuantity(item[f][k]) : '-');
    for (const k of names)
      w.w(0, `${prefix}${item.type ?? ''}\t${k}\t${v('min', k)}\t${v('max', k)}\t${v('defaultRequest', k)}\t${v('default', k)}\t${v('maxLimitRequestRatio', k)}`);
  }
}

/** kubectl's describeQuota: used is shown in hard's format when the two differ. */
export function describeResourceQuota(w: DescribeWriter, q: KObject): void {
  w.w(0, `Name:\t${q.metadata.name}`);
  w.w(0, `Namespace:\t${q.metadata.namespace}`);
  const scopes = quotaScopes(q);
  if (scopes.length) {
    w.w(0, `Scopes:\t${scopes.join(', ')}`);
    for (const sc of scopes) if (SCOPE_HELP[sc]) w.w(0, ` * ${SCOPE_HELP[sc]}`);
  }
  w.w(0, 'Resource\tUsed\tHard');
  w.w(0, '--------\t----\t----');
  const hard = (q as Any).status?.hard ?? {};
  const used = (q as Any).status?.used ?? {};
  for (const k of Object.keys(hard).sort()) {
    const h = quantityOf(hard[k]);
    let u = quantityOf(used[k] ?? 0);
    // NewQuantity(used.Value(), hard.Format): the whole value, rounded up, in hard's format
    if (h && u && h.format !== u.format) u = { value: Math.ceil(u.value - 1e-9), format: h.format };
    w.w(0, `${k}\t${u ? formatQuantity(u.value, u.format) : '0'}\t${canonicalQuantity(hard[k])}`);
  }
}

export function describeLimitRange(w: DescribeWriter, lr: KObject): void {
  w.w(0, `Name:\t${lr.metadata.name}`);
  w.w(0, `Namespace:\t${lr.metadata.namespace}`);
  w.w(0, 'Type\tResource\tMin\tMax\tDefault Request\tDefault Limit\tMax Limit/Request Ratio');
  w.w(0, '----\t--------\t---\t---\t---------------\t-------------\t-----------------------');
  limitRangeRows(w, lr, '');
}

function quantityOf(q: unknown): { value: number; format: 'DecimalSI' | 'BinarySI' | 'DecimalExponent' } | undefined {
  if (typeof q !== 'string' && typeof q !== 'number') return undefined;
  try {
    return parseQuantityFull(q);
  } catch {
    return undefined;
  }
}

export function describeConfigMap(w: DescribeWriter, c: KObject): void {
  w.w(0, `Name:\t${c.metadata.name}`);
  w.w(0, `Namespace:\t${c.metadata.namespace}`);
  w.kv(0, 'Labels', labelLines(c.metadata.labels));
  w.kv(0, 'Annotations', annotationLines(c.metadata.annotations));
  w.w(0, '');
  w.w(0, 'Data');
  w.w(0, '====');
  const data = (c as Any).data ?? {};
  for (const k of Object.keys(data).sort()) {
    w.w(0, `${k}:`);
    w.w(0, '----');
    w.w(0, String(data[k]));
    w.w(0, '');
  }
  w.w(0, '');
  w.w(0, 'BinaryData');
  w.w(0, '====');
  const bin = (c as Any).binaryData ?? {};
  for (const k of Object.keys(bin).sort()) w.w(0, `${k}: ${Math.floor((String(bin[k]).length * 3) / 4)} bytes`);
  w.w(0, '');
}

export function describeSecret(w: DescribeWriter, s: KObject): void {
  w.w(0, `Name:\t${s.metadata.name}`);
  w.w(0, `Namespace:\t${s.metadata.namespace}`);
  w.kv(0, 'Labels', labelLines(s.metadata.labels));
  w.kv(0, 'Annotations', annotationLines(s.metadata.annotations));
  w.w(0, '');
  w.w(0, `Type:\t${(s as Any).type ?? 'Opaque'}`);
  w.w(0, '');
  w.w(0, 'Data');
  w.w(0, '====');
  const data = (s as Any).data ?? {};
  for (const k of Object.keys(data).sort()) {
    let len = 0;
    try {
      len = atob(String(data[k])).length;
    } catch {
      len = 0;
    }
    w.w(0, `${k}:\t${len} bytes`);
  }
}

export function describePvc(w: DescribeWriter, p: KObject, pods: KObject[]): void {
  const o = p as Any;
  w.w(0, `Name:\t${p.metadata.name}`);
  w.w(0, `Namespace:\t${p.metadata.namespace}`);
  w.w(0, `StorageClass:\t${o.spec?.storageClassName ?? ''}`);
  w.w(0, `Status:\t${p.metadata.deletionTimestamp ? 'Terminating (lasts ...)' : o.status?.phase ?? 'Pending'}`);
  w.w(0, `Volume:\t${o.spec?.volumeName ?? ''}`);
  w.kv(0, 'Labels', labelLines(p.metadata.labels));
  w.kv(0, 'Annotations', annotationLines(p.metadata.annotations));
  w.kv(0, 'Finalizers', [`[${(p.metadata.finalizers ?? []).join(' ')}]`]);
  w.w(0, `Capacity:\t${o.status?.capacity?.storage ?? ''}`);
  const modes: Record<string, string> = { ReadWriteOnce: 'RWO', ReadOnlyMany: 'ROX', ReadWriteMany: 'RWX', ReadWriteOncePod: 'RWOP' };
  w.w(0, `Access Modes:\t${(o.status?.accessModes ?? []).map((m: string) => modes[m] ?? m).join(',')}`);
  w.w(0, `VolumeMode:\t${o.spec?.volumeMode ?? 'Filesystem'}`);
  const users = pods.filter((pod) => ((pod as Any).spec?.volumes ?? []).some((v: Any) => v.persistentVolumeClaim?.claimName === p.metadata.name));
  w.kv(0, 'Used By', users.length ? users.map((u) => u.metadata.name!) : ['<none>']);
}

/** The generic describer: metadata, then the object's fields as nested keys. */
export function describeGeneric(w: DescribeWriter, o: KObject): void {
  w.w(0, `Name:\t${o.metadata.name}`);
  if (o.metadata.namespace) w.w(0, `Namespace:\t${o.metadata.namespace}`);
  w.kv(0, 'Labels', labelLines(o.metadata.labels));
  w.kv(0, 'Annotations', annotationLines(o.metadata.annotations));
  w.w(0, `API Version:\t${o.apiVersion}`);
  w.w(0, `Kind:\t${o.kind}`);
  const skipMeta = new Set(['name', 'namespace', 'labels', 'annotations', 'managedFields']);
  const walk = (level: number, v: Any) => {
    for (const k of Object.keys(v).sort()) {
      const x = v[k];
      const key = k.charAt(0).toUpperCase() + k.slice(1).replace(/([a-z])([A-Z])/g, '$1 $2');
      if (x && typeof x === 'object' && !Array.isArray(x)) {
        w.w(level, `${key}:`);
        walk(level + 1, x);
      } else if (Array.isArray(x)) {
        w.w(level, `${key}:`);
        for (const it of x) {
          if (it && typeof it === 'object') walk(level + 1, it);
          else w.w(level + 1, String(it));
        }
      } else w.w(level, `${key}:\t${x}`);
    }
  };
  const meta = Object.fromEntries(Object.entries(o.metadata).filter(([k]) => !skipMeta.has(k)));
  w.w(0, 'Metadata:');
  walk(1, meta);
  const rest = Object.fromEntries(Object.entries(o).filter(([k]) => !['apiVersion', 'kind', 'metadata'].includes(k)));
  walk(0, rest);
}

export function describeStorageClass(w: DescribeWriter, c: KObject): void {
  const o = c as Any;
  const annotations = c.metadata.annotations ?? {};
  const isDefault = annotations['storageclass.kubernetes.io/is-default-class'] === 'true' || annotations['storageclass.beta.kubernetes.io/is-default-class'] === 'true';
  w.w(0, `Name:\t${c.metadata.name}`);
  w.w(0, `IsDefaultClass:\t${isDefault ? 'Yes' : 'No'}`);
  w.w(0, `Annotations:\t${mapString(annotations)}`);
  w.w(0, `Provisioner:\t${o.provisioner ?? ''}`);
  w.w(0, `Parameters:\t${mapString(o.parameters)}`);
  w.w(0, `AllowVolumeExpansion:\t${o.allowVolumeExpansion === undefined ? '<unset>' : o.allowVolumeExpansion ? 'True' : 'False'}`);
  w.w(0, `MountOptions:${o.mountOptions?.length ? '' : '\t<none>'}`);
  for (const m of o.mountOptions ?? []) w.w(1, m);
  w.w(0, `ReclaimPolicy:\t${o.reclaimPolicy ?? 'Delete'}`);
  w.w(0, `VolumeBindingMode:\t${o.volumeBindingMode ?? 'Immediate'}`);
  if (o.allowedTopologies?.length) {
    w.w(0, 'AllowedTopologies:');
    for (const t of o.allowedTopologies) for (const e of t.matchLabelExpressions ?? []) w.w(1, `Term 0:\t${e.key} in [${(e.values ?? []).join(', ')}]`);
  }
}
