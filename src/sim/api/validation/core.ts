/**
 * core/v1 validation other than Pods (pkg/apis/core/validation): Services, ConfigMaps,
 * Secrets, PersistentVolumeClaims, ReplicationControllers and PodTemplates, with their
 * update rules (immutable ConfigMaps/Secrets, clusterIP, PVC spec).
 */
import { field } from '../errors';
import type { KindInfo } from '../registry';
import type { FieldError, KObject } from '../types';
import { deepEqual, goStringMap, isObj, str, validateLabels, validateObjectMeta, type Obj } from './meta';
import { isConfigMapKey, isDNS1123Label, isDNS1123Subdomain, isValidPortNum } from './names';
import { nonNegative, validatePodTemplateSpec, validatePortNumOrName } from './pod';
import { parseQuantityFull, formatQuantity } from './quantity';
import { fromMap, matches } from '../selectors';

function spec(obj: KObject): Obj {
  return (isObj(obj.spec) ? obj.spec : {}) as Obj;
}

function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

export const NODE_PORT_RANGE: [number, number] = [30000, 32767];

const IPV4 = /^(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}$/;

function isIP(s: string): boolean {
  return IPV4.test(s) || (s.includes(':') && /^[0-9a-fA-F:.]+$/.test(s));
}

function goServicePort(p: Obj): string {
  const tp = p.targetPort;
  const tpS =
    typeof tp === 'string'
      ? `intstr.IntOrString{Type:1, IntVal:0, StrVal:${JSON.stringify(tp)}}`
      : `intstr.IntOrString{Type:0, IntVal:${typeof tp === 'number' ? tp : 0}, StrVal:""}`;
  return `core.ServicePort{Name:"", Protocol:${JSON.stringify(str(p.protocol))}, AppProtocol:(*string)(nil), Port:${typeof p.port === 'number' ? p.port : 0}, TargetPort:${tpS}, NodePort:0}`;
}

export function validateService(info: KindInfo, obj: KObject, old?: KObject): FieldError[] {
  const errs = [...validateObjectMeta(info, obj)];
  const s = spec(obj);
  const type = s.type === undefined ? 'ClusterIP' : str(s.type);
  const clusterIP = str(s.clusterIP);
  const headless = clusterIP === 'None';
  const ports = arr(s.ports).filter(isObj) as Obj[];
  if (ports.length === 0 && !headless && type !== 'ExternalName') errs.push(field.required('spec.ports', ''));
  if (type === 'LoadBalancer' && headless) errs.push(field.invalid('spec.clusterIPs[0]', 'None', "may not be set to 'None' for LoadBalancer services"));
  if (type === 'NodePort' && headless) errs.push(field.invalid('spec.clusterIPs[0]', 'None', "may not be set to 'None' for NodePort services"));
  if (type === 'ExternalName') {
    if (clusterIP) errs.push(field.forbidden('spec.clusterIPs', 'may not be set for ExternalName services'));
    if (arr(s.ipFamilies).length) errs.push(field.forbidden('spec.ipFamilies', 'may not be set for ExternalName services'));
    if (s.ipFamilyPolicy !== undefined) errs.push(field.forbidden('spec.ipFamilyPolicy', 'may not be set for ExternalName services'));
    const cname = str(s.externalName).replace(/\.$/, '');
    if (cname) for (const m of isDNS1123Subdomain(cname)) errs.push(field.invalid('spec.externalName', cname, m));
    else errs.push(field.required('spec.externalName', ''));
  }
  const names = new Set<string>();
  ports.forEach((p, i) => {
    const pp = `spec.ports[${i}]`;
    const name = str(p.name);
    if (ports.length > 1 && !name) errs.push(field.required(`${pp}.name`, ''));
    else if (name) {
      for (const m of isDNS1123Label(name)) errs.push(field.invalid(`${pp}.name`, name, m));
      if (names.has(name)) errs.push(field.duplicate(`${pp}.name`, name));
      else names.add(name);
    }
    const port = typeof p.port === 'number' ? p.port : 0;
    for (const m of isValidPortNum(port)) errs.push(field.invalid(`${pp}.port`, port, m));
    const proto = str(p.protocol);
    if (!proto) errs.push(field.required(`${pp}.protocol`, ''));
    else if (!['SCTP', 'TCP', 'UDP'].includes(proto)) errs.push(field.notSupported(`${pp}.protocol`, proto, ['SCTP', 'TCP', 'UDP']));
    errs.push(...validatePortNumOrName(p.targetPort ?? 0, `${pp}.targetPort`));
  });
  if (isObj(s.selector) && type !== 'ExternalName') errs.push(...validateLabels(s.selector, 'spec.selector'));
  const sa = s.sessionAffinity;
  if (sa !== undefined) {
    if (sa === '') errs.push(field.required('spec.sessionAffinity', ''));
    else if (sa !== 'ClientIP' && sa !== 'None') errs.push(field.notSupported('spec.sessionAffinity', sa, ['ClientIP', 'None']));
    else if (sa === 'None' && s.sessionAffinityConfig !== undefined)
      errs.push(field.forbidden('spec.sessionAffinityConfig', 'must not be set when session affinity is None'));
  }
  if (clusterIP && !headless && !isIP(clusterIP))
    errs.push(field.invalid('spec.clusterIPs[0]', clusterIP, 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'));
  if (s.type !== undefined && !['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'].includes(type)) {
    if (type === '') errs.push(field.required('spec.type', ''));
    else errs.push(field.notSupported('spec.type', type, ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort']));
  }
  if (type === 'ClusterIP')
    ports.forEach((p, i) => {
      if (typeof p.nodePort === 'number' && p.nodePort !== 0)
        errs.push(field.forbidden(`spec.ports[${i}].nodePort`, "may not be used when `type` is 'ClusterIP'"));
    });
  const nodePorts = new Set<string>();
  ports.forEach((p, i) => {
    if (typeof p.nodePort !== 'number' || p.nodePort === 0) return;
    const key = `${str(p.protocol)}/${p.nodePort}`;
    if (nodePorts.has(key)) errs.push(field.duplicate(`spec.ports[${i}].nodePort`, p.nodePort));
    nodePorts.add(key);
  });
  const seen = new Set<string>();
  ports.forEach((p, i) => {
    const key = `${str(p.protocol)}/${String(p.port)}`;
    if (seen.has(key))
      errs.push({ ...field.duplicate(`spec.ports[${i}]`, key), rendered: goServicePort({ protocol: p.protocol, port: p.port }) });
    seen.add(key);
  });
  if (type !== 'ExternalName') {
    const itp = s.internalTrafficPolicy;
    if (itp !== undefined && itp !== 'Cluster' && itp !== 'Local')
      errs.push(field.notSupported('spec.internalTrafficPolicy', itp, ['Cluster', 'Local']));
  }
  const etp = s.externalTrafficPolicy;
  if (etp !== undefined && etp !== '') {
    if (type === 'ClusterIP' || type === 'ExternalName')
      errs.push(field.invalid('spec.externalTrafficPolicy', etp, 'may only be set for externally-accessible services'));
    else if (etp !== 'Cluster' && etp !== 'Local') errs.push(field.notSupported('spec.externalTrafficPolicy', etp, ['Cluster', 'Local']));
  }
  // the node-port allocator's range check (kube-apiserver --service-node-port-range)
  if (type === 'NodePort' || type === 'LoadBalancer')
    ports.forEach((p, i) => {
      const np = p.nodePort;
      if (typeof np === 'number' && np !== 0 && (np < NODE_PORT_RANGE[0] || np > NODE_PORT_RANGE[1]))
        errs.push(
          field.invalid(`spec.ports[${i}].nodePort`, np, `provided port is not in the valid range. The range of valid ports is ${NODE_PORT_RANGE[0]}-${NODE_PORT_RANGE[1]}`),
        );
    });
  if (old) {
    const o = spec(old);
    const oldIP = str(o.clusterIP);
    if (oldIP && clusterIP && oldIP !== clusterIP && type !== 'ExternalName' && o.type !== 'ExternalName')
      errs.push({ ...field.invalid('spec.clusterIPs[0]', [clusterIP], 'may not change once set'), rendered: `[]string{${JSON.stringify(clusterIP)}}` });
  }
  return errs;
}

function validateKeys(m: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!isObj(m)) return errs;
  for (const k of Object.keys(m).sort()) for (const msg of isConfigMapKey(k)) errs.push(field.invalid(`${path}[${k}]`, k, msg));
  return errs;
}

export function validateConfigMap(info: KindInfo, obj: KObject, old?: KObject): FieldError[] {
  const errs = [...validateObjectMeta(info, obj)];
  errs.push(...validateKeys(obj.data, 'data'));
  errs.push(...validateKeys(obj.binaryData, 'binaryData'));
  if (isObj(obj.data) && isObj(obj.binaryData))
    for (const k of Object.keys(obj.binaryData).sort())
      if (k in obj.data) errs.push(field.invalid(`binaryData[${k}]`, k, 'duplicate of key present in data'));
  if (old && old.immutable === true) {
    if (obj.immutable !== true) errs.push(field.forbidden('immutable', 'field is immutable when `immutable` is set'));
    if (!deepEqual(obj.data, old.data)) errs.push(field.forbidden('data', 'field is immutable when `immutable` is set'));
    if (!deepEqual(obj.binaryData, old.binaryData)) errs.push(field.forbidden('binaryData', 'field is immutable when `immutable` is set'));
  }
  return errs;
}

export function validateSecret(info: KindInfo, obj: KObject, old?: KObject): FieldError[] {
  const errs = [...validateObjectMeta(info, obj)];
  const data = (isObj(obj.data) ? obj.data : {}) as Obj;
  errs.push(...validateKeys(obj.data, 'data'));
  const type = str(obj.type);
  const ann = isObj(obj.metadata?.annotations) ? (obj.metadata.annotations as Obj) : {};
  switch (type) {
    case 'kubernetes.io/service-account-token':
      if (!str(ann['kubernetes.io/service-account.name']))
        errs.push(field.required('metadata.annotations[kubernetes.io/service-account.name]', ''));
      break;
    case 'kubernetes.io/dockercfg':
      if (!('.dockercfg' in data)) errs.push(field.required('data[.dockercfg]', ''));
      break;
    case 'kubernetes.io/dockerconfigjson':
      if (!('.dockerconfigjson' in data)) errs.push(field.required('data[.dockerconfigjson]', ''));
      break;
    case 'kubernetes.io/basic-auth':
      if (!('username' in data) && !('password' in data)) {
        errs.push(field.required('data[username]', ''));
        errs.push(field.required('data[password]', ''));
      }
      break;
    case 'kubernetes.io/ssh-auth':
      if (!str(data['ssh-privatekey'])) errs.push(field.required('data[ssh-privatekey]', ''));
      break;
    case 'kubernetes.io/tls':
      if (!('tls.crt' in data)) errs.push(field.required('data[tls.crt]', ''));
      if (!('tls.key' in data)) errs.push(field.required('data[tls.key]', ''));
      break;
    default:
  }
  if (old) {
    if (str(old.type) !== type) errs.push(field.immutable('type', type));
    if (old.immutable === true) {
      if (obj.immutable !== true) errs.push(field.forbidden('immutable', 'field is immutable when `immutable` is set'));
      if (!deepEqual(obj.data, old.data)) errs.push(field.forbidden('data', 'field is immutable when `immutable` is set'));
    }
  }
  return errs;
}

const ACCESS_MODES = ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'];

function pvcSpecDiff(o: Obj, n: Obj): string {
  const lines = ['  core.PersistentVolumeClaimSpec{'];
  for (const k of [...new Set([...Object.keys(o), ...Object.keys(n)])]) {
    if (deepEqual(o[k], n[k])) continue;
    const gk = k.charAt(0).toUpperCase() + k.slice(1);
    if (o[k] !== undefined) lines.push(`- \t${gk}: ${JSON.stringify(o[k])},`);
    if (n[k] !== undefined) lines.push(`+ \t${gk}: ${JSON.stringify(n[k])},`);
  }
  lines.push('  }');
  return lines.join('\n');
}

function storageRequest(s: Obj): unknown {
  const r = isObj(s.resources) ? s.resources : {};
  const req = isObj(r.requests) ? r.requests : {};
  return req.storage;
}

export function validatePVC(info: KindInfo, obj: KObject, old?: KObject): FieldError[] {
  const errs = [...validateObjectMeta(info, obj)];
  const s = spec(obj);
  const modes = arr(s.accessModes);
  if (modes.length === 0) errs.push(field.required('spec.accessModes', 'at least 1 access mode is required'));
  for (const m of modes) if (!ACCESS_MODES.includes(str(m))) errs.push(field.notSupported('spec.accessModes', m, ACCESS_MODES));
  if (modes.includes('ReadWriteOncePod') && modes.length > 1)
    errs.push(field.forbidden('spec.accessModes', 'may not use ReadWriteOncePod with other access modes'));
  if (s.selector !== undefined && !isObj(s.selector)) errs.push(field.invalid('spec.selector', s.selector, 'invalid label selector'));
  const st = storageRequest(s);
  if (st === undefined) errs.push(field.required('spec.resources[storage]', ''));
  else {
    try {
      const q = parseQuantityFull(st as string);
      if (q.value <= 0) errs.push(field.invalid('spec.resources[storage]', formatQuantity(q.value, q.format), 'must be greater than zero'));
    } catch {
      /* decode already rejected it */
    }
  }
  const vm = s.volumeMode;
  if (vm !== undefined && vm !== 'Block' && vm !== 'Filesystem') errs.push(field.notSupported('spec.volumeMode', vm, ['Block', 'Filesystem']));
  const sc = s.storageClassName;
  if (typeof sc === 'string' && sc !== '') for (const m of isDNS1123Subdomain(sc)) errs.push(field.invalid('spec.storageClassName', sc, m));
  if (old) {
    const o = spec(old);
    const oldClone: Obj = { ...o };
    const newClone: Obj = { ...s };
    if (!str(o.volumeName)) oldClone.volumeName = s.volumeName;
    const bound = isObj(obj.status) && obj.status.phase === 'Bound';
    if (bound) {
      // storage requests may change on bound claims (expansion); compare everything else
      const strip = (x: Obj) => {
        const r = isObj(x.resources) ? { ...x.resources } : undefined;
        if (r && isObj(r.requests)) {
          const rq = { ...r.requests };
          delete rq.storage;
          r.requests = rq;
        }
        return { ...x, resources: r };
      };
      Object.assign(oldClone, strip(oldClone));
      Object.assign(newClone, strip(newClone));
    }
    for (const c of [oldClone, newClone]) for (const k of Object.keys(c)) if (c[k] === undefined) delete c[k];
    if (!deepEqual(newClone, oldClone))
      errs.push(field.forbidden('spec', `spec is immutable after creation except resources.requests for bound claims\n${pvcSpecDiff(oldClone, newClone)}`));
    const os = storageRequest(o);
    const ns = storageRequest(s);
    try {
      if (os !== undefined && ns !== undefined && parseQuantityFull(ns as string).value < parseQuantityFull(os as string).value)
        errs.push(field.forbidden('spec.resources.requests.storage', 'field can not be less than previous value'));
    } catch {
      /* unparsable: decode's business */
    }
  }
  return errs;
}

export function validateReplicationController(info: KindInfo, obj: KObject): FieldError[] {
  const errs = [...validateObjectMeta(info, obj)];
  const s = spec(obj);
  errs.push(...nonNegative(s.replicas, 'spec.replicas'));
  errs.push(...nonNegative(s.minReadySeconds, 'spec.minReadySeconds'));
  const sel = isObj(s.selector) ? (s.selector as Record<string, string>) : undefined;
  if (!sel || Object.keys(sel).length === 0) errs.push(field.required('spec.selector', ''));
  else errs.push(...validateLabels(sel, 'spec.selector'));
  if (!isObj(s.template)) errs.push(field.required('spec.template', ''));
  else {
    const tm = isObj(s.template.metadata) ? s.template.metadata : {};
    const labels = isObj(tm.labels) ? (tm.labels as Record<string, string>) : undefined;
    if (sel && Object.keys(sel).length && !matches(fromMap(sel), labels))
      errs.push({ ...field.invalid('spec.template.metadata.labels', labels ?? {}, '`selector` does not match template `labels`'), rendered: goStringMap(labels) });
    errs.push(...validatePodTemplateSpec(s.template, 'spec.template'));
    const ps = isObj(s.template.spec) ? s.template.spec : {};
    if (ps.restartPolicy !== undefined && ps.restartPolicy !== 'Always')
      errs.push(field.notSupported('spec.template.spec.restartPolicy', ps.restartPolicy, ['Always']));
  }
  return errs;
}

export function validatePodTemplate(info: KindInfo, obj: KObject): FieldError[] {
  return [...validateObjectMeta(info, obj), ...validatePodTemplateSpec(obj.template, 'template')];
}

const PV_SOURCES = [
  'gcePersistentDisk', 'awsElasticBlockStore', 'hostPath', 'glusterfs', 'nfs', 'rbd', 'quobyte', 'cinder', 'cephfs', 'fc',
  'flocker', 'flexVolume', 'azureFile', 'vsphereVolume', 'azureDisk', 'photonPersistentDisk', 'portworxVolume', 'scaleIO',
  'local', 'storageos', 'csi', 'iscsi',
];

/** ValidatePersistentVolume: the parts a hand-written hostPath/NFS PV gets wrong. */
export function validatePV(info: KindInfo, obj: KObject, old?: KObject): FieldError[] {
  const errs = [...validateObjectMeta(info, obj)];
  const s = spec(obj);
  const modes = arr(s.accessModes);
  if (modes.length === 0) errs.push(field.required('spec.accessModes', ''));
  for (const m of modes) if (!ACCESS_MODES.includes(str(m))) errs.push(field.notSupported('spec.accessModes', m, ACCESS_MODES));
  const rp = s.persistentVolumeReclaimPolicy;
  if (rp !== undefined && !['Delete', 'Recycle', 'Retain'].includes(str(rp)))
    errs.push(field.notSupported('spec.persistentVolumeReclaimPolicy', rp, ['Delete', 'Recycle', 'Retain']));
  const cap = isObj(s.capacity) ? s.capacity : {};
  if (Object.keys(cap).length === 0) errs.push(field.required('spec.capacity', ''));
  if (!('storage' in cap) || Object.keys(cap).length > 1)
    errs.push({ ...field.notSupported('spec.capacity', cap, ['storage']), rendered: 'core.ResourceList{...}' });
  const sources = PV_SOURCES.filter((k) => isObj(s[k]));
  if (sources.length === 0) errs.push(field.required('spec', 'must specify a volume type'));
  else if (sources.length > 1) errs.push(field.forbidden(`spec.${sources[1]}`, 'may not specify more than 1 volume type'));
  if (isObj(s.hostPath)) {
    const p = str(s.hostPath.path);
    if (!p) errs.push(field.required('spec.hostPath.path', ''));
    else if (p.split('/').includes('..')) errs.push(field.invalid('spec.hostPath.path', p, "must not contain '..'"));
  }
  if (isObj(s.nfs)) {
    if (!str(s.nfs.server)) errs.push(field.required('spec.nfs.server', ''));
    if (!str(s.nfs.path)) errs.push(field.required('spec.nfs.path', ''));
    else if (!str(s.nfs.path).startsWith('/')) errs.push(field.invalid('spec.nfs.path', str(s.nfs.path), 'must be an absolute path'));
  }
  const vm = s.volumeMode;
  if (vm !== undefined && vm !== 'Block' && vm !== 'Filesystem') errs.push(field.notSupported('spec.volumeMode', vm, ['Block', 'Filesystem']));
  if (old) {
    const o = spec(old);
    const src = (x: Obj) => Object.fromEntries(PV_SOURCES.filter((k) => x[k] !== undefined).map((k) => [k, x[k]]));
    if (!deepEqual(src(s), src(o))) errs.push(field.forbidden('spec.persistentvolumesource', 'spec.persistentvolumesource is immutable after creation'));
    if (o.volumeMode !== undefined && !deepEqual(s.volumeMode, o.volumeMode)) errs.push(field.immutable('spec.volumeMode', s.volumeMode ?? null));
  }
  return errs;
}
