/**
 * Validation of the smaller groups: autoscaling/v2 HPAs, networking.k8s.io Ingresses and
 * NetworkPolicies, policy/v1 PDBs, RBAC, scheduling PriorityClasses, storage StorageClasses
 * and apiextensions CRDs — the rules learners run into, with Kubernetes' messages.
 */
import { field } from '../errors';
import type { KindInfo } from '../registry';
import type { FieldError, KObject } from '../types';
import { deepEqual, isObj, str, validateLabelSelector, validateObjectMeta, type Obj } from './meta';
import { isDNS1035Label, isDNS1123Subdomain, isValidPathSegmentName, isValidPercent, isValidPortName, isValidPortNum } from './names';
import { nonNegative } from './pod';

function spec(obj: KObject): Obj {
  return (isObj(obj.spec) ? obj.spec : {}) as Obj;
}

function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

// ---------------------------------------------------------------- HPA

function validateMetricTarget(t: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!isObj(t)) return [field.required(path, 'must specify a metric target')];
  const type = str(t.type);
  if (!type) errs.push(field.required(`${path}.type`, 'must specify a metric target type'));
  if (type !== 'Utilization' && type !== 'Value' && type !== 'AverageValue')
    errs.push(field.invalid(`${path}.type`, type, 'must be either Utilization, Value, or AverageValue'));
  if (typeof t.averageUtilization === 'number' && t.averageUtilization < 1)
    errs.push(field.invalid(`${path}.averageUtilization`, t.averageUtilization, 'must be greater than 0'));
  return errs;
}

export function validateHPA(info: KindInfo, obj: KObject): FieldError[] {
  const errs = [...validateObjectMeta(info, obj)];
  const s = spec(obj);
  const min = s.minReplicas;
  const max = typeof s.maxReplicas === 'number' ? s.maxReplicas : 0;
  if (typeof min === 'number' && min < 1) errs.push(field.invalid('spec.minReplicas', min, 'must be greater than or equal to 1'));
  if (max < 1) errs.push(field.invalid('spec.maxReplicas', max, 'must be greater than 0'));
  if (typeof min === 'number' && max < min) errs.push(field.invalid('spec.maxReplicas', max, 'must be greater than or equal to `minReplicas`'));
  const ref = isObj(s.scaleTargetRef) ? s.scaleTargetRef : {};
  for (const k of ['kind', 'name']) {
    const v = str(ref[k]);
    if (!v) errs.push(field.required(`spec.scaleTargetRef.${k}`, ''));
    else for (const m of isValidPathSegmentName(v)) errs.push(field.invalid(`spec.scaleTargetRef.${k}`, v, m));
  }
  arr(s.metrics).forEach((m, i) => {
    if (!isObj(m)) return;
    const p = `spec.metrics[${i}]`;
    const type = str(m.type);
    const types: Record<string, string> = {
      Resource: 'resource',
      ContainerResource: 'containerResource',
      Pods: 'pods',
      Object: 'object',
      External: 'external',
    };
    if (!type) {
      errs.push(field.required(`${p}.type`, 'must specify a metric source type'));
      return;
    }
    const key = types[type];
    if (!key) {
      errs.push(field.invalid(`${p}.type`, type, 'must be either External, Object, Pods, Resource or ContainerResource'));
      return;
    }
    const src = m[key];
    if (!isObj(src)) {
      errs.push(field.required(`${p}.${key}`, `must populate information for the given metric source`));
      return;
    }
    if ((key === 'resource' || key === 'containerResource') && !str(src.name)) errs.push(field.required(`${p}.${key}.name`, 'must specify a resource name'));
    errs.push(...validateMetricTarget(src.target, `${p}.${key}.target`));
  });
  const b = isObj(s.behavior) ? s.behavior : undefined;
  if (b)
    for (const dir of ['scaleUp', 'scaleDown']) {
      const r = b[dir];
      if (!isObj(r)) continue;
      const p = `spec.behavior.${dir}`;
      const w = r.stabilizationWindowSeconds;
      if (typeof w === 'number' && (w < 0 || w > 3600))
        errs.push(field.invalid(`${p}.stabilizationWindowSeconds`, w, w < 0 ? 'must be greater than or equal to zero' : 'must be less than or equal to 3600'));
      const sp = r.selectPolicy;
      if (sp !== undefined && !['Max', 'Min', 'Disabled'].includes(str(sp))) errs.push(field.notSupported(`${p}.selectPolicy`, sp, ['Disabled', 'Max', 'Min']));
      arr(r.policies).forEach((pol, j) => {
        if (!isObj(pol)) return;
        const pp = `${p}.policies[${j}]`;
        if (pol.type !== 'Pods' && pol.type !== 'Percent') errs.push(field.notSupported(`${pp}.type`, pol.type ?? '', ['Percent', 'Pods']));
        if (typeof pol.value === 'number' && pol.value <= 0) errs.push(field.invalid(`${pp}.value`, pol.value, 'must be greater than zero'));
        if (typeof pol.periodSeconds === 'number' && (pol.periodSeconds <= 0 || pol.periodSeconds > 1800))
          errs.push(
            field.invalid(`${pp}.periodSeconds`, pol.periodSeconds, pol.periodSeconds <= 0 ? 'must be greater than zero' : 'must be less than or equal to 1800'),
          );
      });
    }
  return errs;
}

// ---------------------------------------------------------------- networking

function validateIngressBackend(b: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const hasRes = isObj(b.resource);
  const svc = isObj(b.service) ? b.service : undefined;
  if (hasRes && svc) return [field.invalid(path, '', 'cannot set both resource and service backends')];
  if (hasRes) return errs;
  if (!svc) return [field.invalid(path, '', 'resource or service backend is required')];
  const name = str(svc.name);
  if (!name) errs.push(field.required(`${path}.service.name`, ''));
  else for (const m of isDNS1035Label(name)) errs.push(field.invalid(`${path}.service.name`, name, m));
  const port = isObj(svc.port) ? svc.port : {};
  const pn = str(port.name);
  const pnum = typeof port.number === 'number' ? port.number : 0;
  if (pn && pnum) errs.push(field.invalid(`${path}.service.port`, '', 'cannot set both port name & port number'));
  else if (pn) for (const m of isValidPortName(pn)) errs.push(field.invalid(`${path}.service.port.name`, pn, m));
  else if (pnum) for (const m of isValidPortNum(pnum)) errs.push(field.invalid(`${path}.service.port.number`, pnum, m));
  else errs.push(field.required(`${path}.service.port`, 'port name or number is required'));
  return errs;
}

export function validateIngress(info: KindInfo, obj: KObject): FieldError[] {
  const errs = [...validateObjectMeta(info, obj)];
  const s = spec(obj);
  const rules = arr(s.rules);
  if (rules.length === 0 && !isObj(s.defaultBackend))
    errs.push({ ...field.invalid('spec', null, 'either `defaultBackend` or `rules` must be specified'), rendered: '[]networking.IngressRule(nil)' });
  if (isObj(s.defaultBackend)) errs.push(...validateIngressBackend(s.defaultBackend, 'spec.defaultBackend'));
  rules.forEach((r, i) => {
    if (!isObj(r)) return;
    const p = `spec.rules[${i}]`;
    const host = str(r.host);
    if (host) {
      if (/^[0-9.]+$/.test(host) || host.includes(':')) errs.push(field.invalid(`${p}.host`, host, 'must be a DNS name, not an IP address'));
      else {
        const h = host.startsWith('*.') ? host.slice(2) : host;
        const msgs = isDNS1123Subdomain(h);
        if (host.startsWith('*.'))
          for (const m of msgs) errs.push(field.invalid(`${p}.host`, host, m.replace('a lowercase RFC 1123 subdomain', 'a wildcard DNS-1123 subdomain')));
        else for (const m of msgs) errs.push(field.invalid(`${p}.host`, host, m));
      }
    }
    if (!isObj(r.http)) return;
    const paths = arr(r.http.paths);
    if (paths.length === 0) errs.push(field.required(`${p}.http.paths`, ''));
    paths.forEach((hp, j) => {
      if (!isObj(hp)) return;
      const pp = `${p}.http.paths[${j}]`;
      const pt = hp.pathType;
      if (pt === undefined) errs.push(field.required(`${pp}.pathType`, 'pathType must be specified'));
      else if (!['Exact', 'ImplementationSpecific', 'Prefix'].includes(str(pt)))
        errs.push(field.notSupported(`${pp}.pathType`, pt, ['Exact', 'ImplementationSpecific', 'Prefix']));
      else if ((pt === 'Exact' || pt === 'Prefix') && !str(hp.path).startsWith('/'))
        errs.push(field.invalid(`${pp}.path`, str(hp.path), 'must be an absolute path'));
      if (isObj(hp.backend)) errs.push(...validateIngressBackend(hp.backend, `${pp}.backend`));
      else errs.push(field.invalid(`${pp}.backend`, '', 'resource or service backend is required'));
    });
  });
  arr(s.tls).forEach((t, i) => {
    if (!isObj(t)) return;
    arr(t.hosts).forEach((h, j) => {
      const host = str(h).replace(/^\*\./, '');
      for (const m of isDNS1123Subdomain(host)) errs.push(field.invalid(`spec.tls[${i}].hosts[${j}]`, str(h), m));
    });
  });
  return errs;
}

export function validateNetworkPolicy(info: KindInfo, obj: KObject): FieldError[] {
  const errs = [...validateObjectMeta(info, obj)];
  const s = spec(obj);
  errs.push(...validateLabelSelector(s.podSelector, 'spec.podSelector'));
  const checkRules = (rules: unknown[], dir: 'ingress' | 'egress', peerKey: 'from' | 'to') =>
    rules.forEach((r, i) => {
      if (!isObj(r)) return;
      arr(r.ports).forEach((p, j) => {
        if (!isObj(p)) return;
        const pp = `spec.${dir}[${i}].ports[${j}]`;
        if (p.protocol !== undefined && !['TCP', 'UDP', 'SCTP'].includes(str(p.protocol)))
          errs.push(field.notSupported(`${pp}.protocol`, p.protocol, ['SCTP', 'TCP', 'UDP']));
        if (typeof p.port === 'number') for (const m of isValidPortNum(p.port)) errs.push(field.invalid(`${pp}.port`, p.port, m));
        else if (typeof p.port === 'string') for (const m of isValidPortName(p.port)) errs.push(field.invalid(`${pp}.port`, p.port, m));
      });
      arr(r[peerKey]).forEach((peer, j) => {
        if (!isObj(peer)) return;
        const pp = `spec.${dir}[${i}].${peerKey}[${j}]`;
        const n = ['podSelector', 'namespaceSelector', 'ipBlock'].filter((k) => isObj(peer[k])).length;
        if (n === 0) errs.push(field.required(pp, 'must specify a peer'));
        else if (isObj(peer.ipBlock) && n > 1) errs.push(field.forbidden(pp, 'may not specify both ipBlock and another peer'));
        errs.push(...validateLabelSelector(peer.podSelector, `${pp}.podSelector`));
        errs.push(...validateLabelSelector(peer.namespaceSelector, `${pp}.namespaceSelector`));
      });
    });
  checkRules(arr(s.ingress), 'ingress', 'from');
  checkRules(arr(s.egress), 'egress', 'to');
  arr(s.policyTypes).forEach((t, i) => {
    if (t !== 'Ingress' && t !== 'Egress') errs.push(field.notSupported(`spec.policyTypes[${i}]`, t, ['Egress', 'Ingress']));
  });
  if (arr(s.policyTypes).length > 2) errs.push(field.invalid('spec.policyTypes', s.policyTypes, 'may not have more than two policyTypes'));
  return errs;
}

// ---------------------------------------------------------------- policy

function intOrPercent(v: unknown, path: string): FieldError[] {
  if (typeof v === 'string') {
    const errs = isValidPercent(v).map((m) => ({ ...field.invalid(path, v, m), rendered: v }));
    if (!errs.length && Number(v.slice(0, -1)) > 100) errs.push({ ...field.invalid(path, v, 'must not be greater than 100%'), rendered: v });
    return errs;
  }
  return nonNegative(v, path);
}

export function validatePDB(info: KindInfo, obj: KObject): FieldError[] {
  const errs = [...validateObjectMeta(info, obj)];
  const s = spec(obj);
  if (s.minAvailable !== undefined && s.maxUnavailable !== undefined)
    errs.push({ ...field.invalid('spec', null, 'minAvailable and maxUnavailable cannot be both set'), rendered: 'policy.PodDisruptionBudgetSpec{...}' });
  if (s.minAvailable !== undefined) errs.push(...intOrPercent(s.minAvailable, 'spec.minAvailable'));
  if (s.maxUnavailable !== undefined) errs.push(...intOrPercent(s.maxUnavailable, 'spec.maxUnavailable'));
  errs.push(...validateLabelSelector(s.selector, 'spec.selector'));
  const uhp = s.unhealthyPodEvictionPolicy;
  if (uhp !== undefined && uhp !== 'IfHealthyBudget' && uhp !== 'AlwaysAllow')
    errs.push(field.notSupported('spec.unhealthyPodEvictionPolicy', uhp, ['AlwaysAllow', 'IfHealthyBudget']));
  return errs;
}

// ---------------------------------------------------------------- RBAC

const RBAC_GROUP = 'rbac.authorization.k8s.io';

function validateRules(rules: unknown, namespaced: boolean): FieldError[] {
  const errs: FieldError[] = [];
  arr(rules).forEach((r, i) => {
    if (!isObj(r)) return;
    const p = `rules[${i}]`;
    if (arr(r.verbs).length === 0) errs.push(field.required(`${p}.verbs`, 'verbs must contain at least one value'));
    if (arr(r.nonResourceURLs).length > 0) {
      if (namespaced) errs.push(field.invalid(`${p}.nonResourceURLs`, r.nonResourceURLs, 'namespaced rules cannot apply to non-resource URLs'));
      if (arr(r.apiGroups).length || arr(r.resources).length || arr(r.resourceNames).length)
        errs.push(field.invalid(`${p}.nonResourceURLs`, r.nonResourceURLs, 'rules cannot apply to both regular resources and non-resource URLs'));
      return;
    }
    if (arr(r.apiGroups).length === 0) errs.push(field.required(`${p}.apiGroups`, 'resource rules must supply at least one api group'));
    if (arr(r.resources).length === 0) errs.push(field.required(`${p}.resources`, 'resource rules must supply at least one resource'));
  });
  return errs;
}

export function validateRole(info: KindInfo, obj: KObject): FieldError[] {
  return [...validateObjectMeta(info, obj), ...validateRules(obj.rules, info.namespaced)];
}

function goRoleRef(r: Obj): string {
  return `rbac.RoleRef{APIGroup:${JSON.stringify(str(r.apiGroup))}, Kind:${JSON.stringify(str(r.kind))}, Name:${JSON.stringify(str(r.name))}}`;
}

export function validateRoleBinding(info: KindInfo, obj: KObject, old?: KObject): FieldError[] {
  const errs = [...validateObjectMeta(info, obj)];
  const ref = (isObj(obj.roleRef) ? obj.roleRef : {}) as Obj;
  if (ref.apiGroup !== RBAC_GROUP) errs.push(field.notSupported('roleRef.apiGroup', str(ref.apiGroup), [RBAC_GROUP]));
  const kinds = info.namespaced ? ['Role', 'ClusterRole'] : ['ClusterRole'];
  if (!kinds.includes(str(ref.kind))) errs.push(field.notSupported('roleRef.kind', str(ref.kind), kinds));
  const name = str(ref.name);
  if (!name) errs.push(field.required('roleRef.name', ''));
  else for (const m of isValidPathSegmentName(name)) errs.push(field.invalid('roleRef.name', name, m));
  arr(obj.subjects).forEach((sub, i) => {
    if (!isObj(sub)) return;
    const p = `subjects[${i}]`;
    const sn = str(sub.name);
    if (!sn) errs.push(field.required(`${p}.name`, ''));
    switch (sub.kind) {
      case 'ServiceAccount':
        if (sn) for (const m of isDNS1123Subdomain(sn)) errs.push(field.invalid(`${p}.name`, sn, m));
        if (str(sub.apiGroup)) errs.push(field.notSupported(`${p}.apiGroup`, str(sub.apiGroup), ['']));
        if (!info.namespaced && !str(sub.namespace)) errs.push(field.required(`${p}.namespace`, ''));
        break;
      case 'User':
      case 'Group':
        if (sub.apiGroup !== RBAC_GROUP) errs.push(field.notSupported(`${p}.apiGroup`, str(sub.apiGroup), [RBAC_GROUP]));
        break;
      default:
        errs.push(field.notSupported(`${p}.kind`, str(sub.kind), ['ServiceAccount', 'User', 'Group']));
    }
  });
  if (old && isObj(old.roleRef) && !deepEqual(old.roleRef, obj.roleRef))
    errs.push({ ...field.invalid('roleRef', ref, 'cannot change roleRef'), rendered: goRoleRef(ref) });
  return errs;
}

// ---------------------------------------------------------------- scheduling, storage

export function validatePriorityClass(info: KindInfo, obj: KObject, old?: KObject): FieldError[] {
  const errs = [...validateObjectMeta(info, obj)];
  const name = str(obj.metadata?.name);
  if (name.startsWith('system-') && !['system-node-critical', 'system-cluster-critical'].includes(name))
    errs.push(field.invalid('metadata.name', name, "priority class names with 'system-' prefix are reserved"));
  const pp = obj.preemptionPolicy;
  if (pp !== undefined && pp !== 'PreemptLowerPriority' && pp !== 'Never')
    errs.push(field.notSupported('preemptionPolicy', pp, ['Never', 'PreemptLowerPriority']));
  if (typeof obj.value === 'number' && obj.value > 1000000000 && !name.startsWith('system-'))
    errs.push(field.forbidden('value', 'maximum allowed value of a user defined priority is 1000000000'));
  if (old) {
    if (obj.value !== old.value) errs.push(field.forbidden('value', 'may not be changed in an update.'));
    if (!deepEqual(obj.preemptionPolicy, old.preemptionPolicy)) errs.push(field.immutable('preemptionPolicy', obj.preemptionPolicy));
  }
  return errs;
}

export function validateStorageClass(info: KindInfo, obj: KObject, old?: KObject): FieldError[] {
  const errs = [...validateObjectMeta(info, obj)];
  const prov = str(obj.provisioner);
  if (!prov) errs.push(field.required('provisioner', ''));
  else for (const m of isQualifiedNameOrEmpty(prov)) errs.push(field.invalid('provisioner', prov, m));
  const rp = obj.reclaimPolicy;
  if (rp !== undefined && rp !== 'Delete' && rp !== 'Retain') errs.push(field.notSupported('reclaimPolicy', rp, ['Delete', 'Retain']));
  const vbm = obj.volumeBindingMode;
  if (vbm !== undefined && vbm !== 'Immediate' && vbm !== 'WaitForFirstConsumer')
    errs.push(field.notSupported('volumeBindingMode', vbm, ['Immediate', 'WaitForFirstConsumer']));
  if (old) {
    if (!deepEqual(obj.parameters, old.parameters)) errs.push(field.forbidden('parameters', 'updates to parameters are forbidden.'));
    if (obj.provisioner !== old.provisioner) errs.push(field.forbidden('provisioner', 'updates to provisioner are forbidden.'));
    if (!deepEqual(obj.reclaimPolicy, old.reclaimPolicy)) errs.push(field.forbidden('reclaimPolicy', 'updates to reclaimPolicy are forbidden.'));
    if (!deepEqual(obj.volumeBindingMode, old.volumeBindingMode)) errs.push(field.forbidden('volumeBindingMode', 'field is immutable'));
  }
  return errs;
}

function isQualifiedNameOrEmpty(p: string): string[] {
  return p.length > 0 && p.length <= 63 && /^[A-Za-z0-9]([-A-Za-z0-9_./]*[A-Za-z0-9])?$/.test(p) ? [] : ['must be a valid provisioner name'];
}

// ---------------------------------------------------------------- apiextensions

export function validateCRD(info: KindInfo, obj: KObject): FieldError[] {
  const errs: FieldError[] = [];
  const s = spec(obj);
  const names = (isObj(s.names) ? s.names : {}) as Obj;
  const group = str(s.group);
  const plural = str(names.plural);
  const meta = validateObjectMeta(info, obj);
  errs.push(...meta);
  const name = str(obj.metadata?.name);
  if (name && name !== `${plural}.${group}`) errs.push(field.invalid('metadata.name', name, 'must be spec.names.plural+"."+spec.group'));
  if (!group) errs.push(field.required('spec.group', ''));
  else {
    for (const m of isDNS1123Subdomain(group)) errs.push(field.invalid('spec.group', group, m));
    if (group.split('.').length < 2) errs.push(field.invalid('spec.group', group, 'should be a domain with at least one dot'));
  }
  const scope = s.scope;
  if (!scope) errs.push(field.required('spec.scope', ''));
  else if (scope !== 'Cluster' && scope !== 'Namespaced') errs.push(field.notSupported('spec.scope', scope, ['Cluster', 'Namespaced']));
  if (!plural) errs.push(field.required('spec.names.plural', ''));
  else for (const m of isDNS1035LabelOrEmpty(plural)) errs.push(field.invalid('spec.names.plural', plural, m));
  const kind = str(names.kind);
  if (!kind) errs.push(field.required('spec.names.kind', ''));
  const listKind = str(names.listKind);
  if (kind && listKind === kind) errs.push(field.invalid('spec.names.listKind', listKind, 'kind and listKind may not be the same'));
  const versions = arr(s.versions).filter(isObj) as Obj[];
  if (versions.length === 0) errs.push(field.invalid('spec.versions', versions, 'must have exactly one version marked as storage version'));
  else {
    const storage = versions.filter((v) => v.storage === true).length;
    if (storage !== 1) errs.push({ ...field.invalid('spec.versions', null, 'must have exactly one version marked as storage version'), rendered: '[]apiextensions.CustomResourceDefinitionVersion{...}' });
    const seen = new Set<string>();
    versions.forEach((v, i) => {
      const vn = str(v.name);
      if (seen.has(vn)) errs.push(field.invalid('spec.versions', null, 'must contain unique version names'));
      seen.add(vn);
      for (const m of isDNS1035LabelOrEmpty(vn)) errs.push(field.invalid(`spec.versions[${i}].name`, vn, m));
      const schema = isObj(v.schema) ? v.schema.openAPIV3Schema : undefined;
      if (!isObj(schema)) errs.push(field.required(`spec.versions[${i}].schema.openAPIV3Schema`, 'schemas are required'));
      else if (schema.type !== 'object') errs.push(field.invalid(`spec.versions[${i}].schema.openAPIV3Schema.type`, str(schema.type), 'must be object at the root'));
    });
  }
  return errs;
}

function isDNS1035LabelOrEmpty(v: string): string[] {
  return isDNS1035Label(v);
}
