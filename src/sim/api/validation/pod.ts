/**
 * Pod and pod-template validation (pkg/apis/core/validation: ValidatePodSpec,
 * validateContainers, validateContainerPorts, ValidateEnv, ValidateVolumeMounts,
 * ValidateContainerResourceRequirements, ValidateTolerations, ValidatePodUpdate), with the
 * messages and field paths of Kubernetes 1.32.
 */
import { field } from '../errors';
import type { FieldError, KObject } from '../types';
import { deepEqual, isObj, str, validateAnnotations as validateAnnotationsAt, validateLabels, validateObjectMeta, type Obj } from './meta';
import type { KindInfo } from '../registry';
import {
  inclusiveRangeError,
  isDNS1123Label,
  isDNS1123Subdomain,
  isQualifiedName as isQualifiedNameLabel,
  isValidLabelValue as isValidLabelValueMsgs,
  isValidPortName,
  isValidPortNum,
} from './names';
import { formatQuantity, parseQuantityFull } from './quantity';

const MAX_INT32 = 2147483647;

function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

function num(v: unknown): number | undefined {
  return typeof v === 'number' ? v : undefined;
}

export function nonNegative(v: unknown, path: string): FieldError[] {
  return typeof v === 'number' && v < 0 ? [field.invalid(path, v, 'must be greater than or equal to 0')] : [];
}

function dns1123Label(v: string, path: string): FieldError[] {
  return isDNS1123Label(v).map((m) => field.invalid(path, v, m));
}

/** ValidatePortNumOrName: an IntOrString port. */
export function validatePortNumOrName(port: unknown, path: string): FieldError[] {
  if (typeof port === 'string') return isValidPortName(port).map((m) => field.invalid(path, port, m));
  const n = typeof port === 'number' ? port : 0;
  return isValidPortNum(n).map((m) => field.invalid(path, n, m));
}

function validateContainerPorts(ports: unknown[], path: string): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  ports.forEach((p, i) => {
    if (!isObj(p)) return;
    const ip = `${path}[${i}]`;
    const name = str(p.name);
    if (name) {
      const msgs = isValidPortName(name);
      if (msgs.length) for (const m of msgs) errs.push(field.invalid(`${ip}.name`, name, m));
      else if (names.has(name)) errs.push(field.duplicate(`${ip}.name`, name));
      else names.add(name);
    }
    const cp = num(p.containerPort) ?? 0;
    if (cp === 0) errs.push(field.required(`${ip}.containerPort`, ''));
    else for (const m of isValidPortNum(cp)) errs.push(field.invalid(`${ip}.containerPort`, cp, m));
    const hp = num(p.hostPort) ?? 0;
    if (hp !== 0) for (const m of isValidPortNum(hp)) errs.push(field.invalid(`${ip}.hostPort`, hp, m));
    const proto = str(p.protocol);
    if (!proto) errs.push(field.required(`${ip}.protocol`, ''));
    else if (!['SCTP', 'TCP', 'UDP'].includes(proto)) errs.push(field.notSupported(`${ip}.protocol`, proto, ['SCTP', 'TCP', 'UDP']));
  });
  return errs;
}

function validateEnv(env: unknown[], path: string): FieldError[] {
  const errs: FieldError[] = [];
  env.forEach((e, i) => {
    if (!isObj(e)) return;
    const ip = `${path}[${i}]`;
    const name = str(e.name);
    if (!name) errs.push(field.required(`${ip}.name`, ''));
    // RelaxedEnvironmentVariableValidation is on by default in 1.32
    if (!name) errs.push(field.invalid(`${ip}.name`, name, 'environment variable name must be non-empty'));
    else if ([...name].some((c) => c.charCodeAt(0) > 126 || c.charCodeAt(0) < 32 || c === '='))
      errs.push(field.invalid(`${ip}.name`, name, "a valid environment variable name must consist only of printable ASCII characters other than '='"));
    if (isObj(e.valueFrom)) {
      const vf = e.valueFrom;
      const vp = `${ip}.valueFrom`;
      const sources = ['fieldRef', 'resourceFieldRef', 'configMapKeyRef', 'secretKeyRef'].filter((k) => isObj(vf[k]));
      if (sources.length === 0)
        errs.push(field.invalid(vp, '', 'must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`'));
      else if (sources.length > 1)
        errs.push(field.invalid(vp, '', 'may not have more than one field specified at a time'));
      for (const k of ['configMapKeyRef', 'secretKeyRef']) {
        const ref = vf[k];
        if (!isObj(ref)) continue;
        if (!str(ref.name)) errs.push(field.required(`${vp}.${k}.name`, ''));
        if (!str(ref.key)) errs.push(field.required(`${vp}.${k}.key`, ''));
      }
      if (isObj(vf.fieldRef) && !str(vf.fieldRef.fieldPath)) errs.push(field.required(`${vp}.fieldRef.fieldPath`, ''));
      if (str(e.value) && sources.length) errs.push(field.invalid(vp, '', 'may not be specified when `value` is not empty'));
    }
  });
  return errs;
}

function validateVolumeMounts(mounts: unknown[], volumes: Set<string>, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const paths = new Set<string>();
  mounts.forEach((m, i) => {
    if (!isObj(m)) return;
    const ip = `${path}[${i}]`;
    const name = str(m.name);
    if (!name) errs.push(field.required(`${ip}.name`, ''));
    else if (!volumes.has(name)) errs.push(field.notFound(`${ip}.name`, name));
    const mp = str(m.mountPath);
    if (!mp) errs.push(field.required(`${ip}.mountPath`, ''));
    if (paths.has(mp)) errs.push(field.invalid(`${ip}.mountPath`, mp, 'must be unique'));
    paths.add(mp);
    if (str(m.subPath).startsWith('/')) errs.push(field.invalid(`${ip}.subPath`, str(m.subPath), 'must be a relative path'));
  });
  return errs;
}

const STANDARD_CONTAINER_RESOURCES = new Set(['cpu', 'memory', 'ephemeral-storage']);

function quantityString(q: unknown): string {
  try {
    const p = parseQuantityFull(q as string | number);
    return typeof q === 'string' ? canonical(q, p.value, p.format) : formatQuantity(p.value);
  } catch {
    return String(q);
  }
}

/** Quantity.String(): the canonical form keeps the suffix family it was written in. */
function canonical(_raw: string, value: number, format: 'DecimalSI' | 'BinarySI' | 'DecimalExponent'): string {
  return formatQuantity(value, format);
}

export function validateResources(res: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!isObj(res)) return errs;
  const limits = isObj(res.limits) ? res.limits : {};
  const requests = isObj(res.requests) ? res.requests : {};
  const checkName = (name: string, p: string) => {
    if (STANDARD_CONTAINER_RESOURCES.has(name) || name.startsWith('hugepages-')) return;
    if (!name.includes('/') || name.startsWith('kubernetes.io/') || name.startsWith('requests.'))
      errs.push(field.invalid(p, name, 'must be a standard resource for containers'));
  };
  for (const name of Object.keys(limits).sort()) {
    const p = `${path}.limits[${name}]`;
    checkName(name, p);
    const v = parseOr(limits[name]);
    if (v !== undefined && v < 0) errs.push(field.invalid(p, quantityString(limits[name]), 'must be greater than or equal to 0'));
  }
  for (const name of Object.keys(requests).sort()) {
    const p = `${path}.requests[${name}]`;
    checkName(name, p);
    const v = parseOr(requests[name]);
    if (v !== undefined && v < 0) errs.push(field.invalid(p, quantityString(requests[name]), 'must be greater than or equal to 0'));
    if (name in limits) {
      const l = parseOr(limits[name]);
      const overcommit = !name.startsWith('hugepages-') && (STANDARD_CONTAINER_RESOURCES.has(name) || !name.includes('/'));
      if (v !== undefined && l !== undefined) {
        if (!overcommit && v !== l)
          errs.push(field.invalid(`${path}.requests`, quantityString(requests[name]), `must be equal to ${name} limit of ${quantityString(limits[name])}`));
        else if (v > l)
          errs.push(
            field.invalid(`${path}.requests`, quantityString(requests[name]), `must be less than or equal to ${name} limit of ${quantityString(limits[name])}`),
          );
      }
    } else if (name.includes('/') || name.startsWith('hugepages-')) {
      errs.push(field.required(`${path}.limits`, 'Limit must be set for non overcommitable resources'));
    }
  }
  return errs;
}

function parseOr(q: unknown): number | undefined {
  try {
    return parseQuantityFull(q as string | number).value;
  } catch {
    return undefined;
  }
}

function validateProbe(probe: unknown, path: string, liveness: boolean): FieldError[] {
  const errs: FieldError[] = [];
  if (!isObj(probe)) return errs;
  const handlers = ['exec', 'httpGet', 'tcpSocket', 'grpc'].filter((k) => isObj(probe[k]));
  if (handlers.length === 0) errs.push(field.required(path, 'must specify a handler type'));
  else if (handlers.length > 1) errs.push(field.forbidden(`${path}.${handlers[1]}`, 'may not specify more than 1 handler type'));
  for (const k of ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold'])
    errs.push(...nonNegative(probe[k], `${path}.${k}`));
  if (isObj(probe.httpGet)) errs.push(...validatePortNumOrName(probe.httpGet.port, `${path}.httpGet.port`));
  if (isObj(probe.tcpSocket)) errs.push(...validatePortNumOrName(probe.tcpSocket.port, `${path}.tcpSocket.port`));
  if (isObj(probe.exec) && arr(probe.exec.command).length === 0) errs.push(field.required(`${path}.exec.command`, ''));
  if (liveness && typeof probe.successThreshold === 'number' && probe.successThreshold !== 1)
    errs.push(field.invalid(`${path}.successThreshold`, probe.successThreshold, 'must be 1'));
  return errs;
}

function validateContainerCommon(c: Obj, path: string, volumes: Set<string>): FieldError[] {
  const errs: FieldError[] = [];
  const name = str(c.name);
  if (!name) errs.push(field.required(`${path}.name`, ''));
  else errs.push(...dns1123Label(name, `${path}.name`));
  if (!str(c.image)) errs.push(field.required(`${path}.image`, ''));
  const tmp = c.terminationMessagePolicy;
  if (tmp !== undefined && tmp !== 'File' && tmp !== 'FallbackToLogsOnError') {
    if (tmp === '') errs.push(field.required(`${path}.terminationMessagePolicy`, ''));
    else errs.push(field.notSupported(`${path}.terminationMessagePolicy`, tmp, ['File', 'FallbackToLogsOnError']));
  }
  errs.push(...validateContainerPorts(arr(c.ports), `${path}.ports`));
  errs.push(...validateEnv(arr(c.env), `${path}.env`));
  errs.push(...validateVolumeMounts(arr(c.volumeMounts), volumes, `${path}.volumeMounts`));
  const pp = c.imagePullPolicy;
  if (pp !== undefined) {
    if (pp === '') errs.push(field.required(`${path}.imagePullPolicy`, ''));
    else if (!['Always', 'IfNotPresent', 'Never'].includes(str(pp)))
      errs.push(field.notSupported(`${path}.imagePullPolicy`, pp, ['Always', 'IfNotPresent', 'Never']));
  }
  errs.push(...validateResources(c.resources, `${path}.resources`));
  return errs;
}

function validateContainers(containers: unknown[], path: string, volumes: Set<string>, isPod: boolean): FieldError[] {
  if (containers.length === 0) return [field.required(path, '')];
  const errs: FieldError[] = [];
  const names = new Set<string>();
  containers.forEach((c, i) => {
    if (!isObj(c)) return;
    const p = `${path}[${i}]`;
    errs.push(...validateContainerCommon(c, p, volumes));
    const name = str(c.name);
    if (names.has(name)) errs.push(field.duplicate(`${p}.name`, name));
    else names.add(name);
    errs.push(...validateProbe(c.livenessProbe, `${p}.livenessProbe`, true));
    errs.push(...validateProbe(c.readinessProbe, `${p}.readinessProbe`, false));
    errs.push(...validateProbe(c.startupProbe, `${p}.startupProbe`, true));
    if (c.restartPolicy !== undefined) errs.push(field.forbidden(`${p}.restartPolicy`, 'may not be set for non-init containers'));
    if (isPod && typeof c.image === 'string' && c.image.trim() !== c.image)
      errs.push(field.invalid(`${p}.image`, c.image, 'must not have leading or trailing whitespace'));
  });
  return errs;
}

function validateInitContainers(inits: unknown[], regular: unknown[], path: string, volumes: Set<string>): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set(regular.filter(isObj).map((c) => str(c.name)));
  inits.forEach((c, i) => {
    if (!isObj(c)) return;
    const p = `${path}[${i}]`;
    errs.push(...validateContainerCommon(c, p, volumes));
    const name = str(c.name);
    if (names.has(name)) errs.push(field.duplicate(`${p}.name`, name));
    else names.add(name);
    const rp = c.restartPolicy;
    if (rp !== undefined && rp !== 'Always') errs.push(field.notSupported(`${p}.restartPolicy`, rp, ['Always']));
    if (rp !== 'Always') {
      if (isObj(c.livenessProbe)) errs.push(field.forbidden(`${p}.livenessProbe`, 'may not be set for init containers without restartPolicy=Always'));
      if (isObj(c.readinessProbe)) errs.push(field.forbidden(`${p}.readinessProbe`, 'may not be set for init containers without restartPolicy=Always'));
      if (isObj(c.startupProbe)) errs.push(field.forbidden(`${p}.startupProbe`, 'may not be set for init containers without restartPolicy=Always'));
    }
  });
  return errs;
}

const VOLUME_SOURCES = [
  'hostPath', 'emptyDir', 'gcePersistentDisk', 'awsElasticBlockStore', 'gitRepo', 'secret', 'nfs', 'iscsi', 'glusterfs',
  'persistentVolumeClaim', 'rbd', 'flexVolume', 'cinder', 'cephfs', 'flocker', 'downwardAPI', 'fc', 'azureFile', 'configMap',
  'vsphereVolume', 'quobyte', 'azureDisk', 'photonPersistentDisk', 'projected', 'portworxVolume', 'scaleIO', 'storageos', 'csi',
  'ephemeral', 'image',
];

function validateVolumes(vols: unknown[], path: string): { errs: FieldError[]; names: Set<string> } {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  vols.forEach((v, i) => {
    if (!isObj(v)) return;
    const p = `${path}[${i}]`;
    const name = str(v.name);
    if (!name) errs.push(field.required(`${p}.name`, ''));
    else errs.push(...dns1123Label(name, `${p}.name`));
    if (name && names.has(name)) errs.push(field.duplicate(`${p}.name`, name));
    else if (name) names.add(name);
    const sources = VOLUME_SOURCES.filter((k) => isObj(v[k]));
    if (sources.length === 0) errs.push(field.required(p, 'must specify a volume type'));
    else if (sources.length > 1) errs.push(field.forbidden(`${p}.${sources[1]}`, 'may not specify more than 1 volume type'));
    if (isObj(v.persistentVolumeClaim) && !str(v.persistentVolumeClaim.claimName))
      errs.push(field.required(`${p}.persistentVolumeClaim.claimName`, ''));
    if (isObj(v.configMap) && !str(v.configMap.name)) errs.push(field.required(`${p}.configMap.name`, ''));
    if (isObj(v.secret) && !str(v.secret.secretName)) errs.push(field.required(`${p}.secret.secretName`, ''));
    if (isObj(v.hostPath) && !str(v.hostPath.path)) errs.push(field.required(`${p}.hostPath.path`, ''));
  });
  return { errs, names };
}

function validateTolerations(tols: unknown[], path: string): FieldError[] {
  const errs: FieldError[] = [];
  tols.forEach((t, i) => {
    if (!isObj(t)) return;
    const p = `${path}[${i}]`;
    const key = str(t.key);
    if (key) for (const m of isQualifiedNameLabel(key)) errs.push(field.invalid(`${p}.key`, key, m));
    const op = t.operator === undefined ? '' : str(t.operator);
    if (!key && op !== 'Exists')
      errs.push(field.invalid(`${p}.operator`, op, 'operator must be Exists when `key` is empty, which means "match all values and all keys"'));
    if (t.tolerationSeconds !== undefined && t.effect !== 'NoExecute')
      errs.push(field.invalid(`${p}.effect`, str(t.effect), "effect must be 'NoExecute' when `tolerationSeconds` is set"));
    switch (op) {
      case '':
      case 'Equal':
        for (const m of isValidLabelValueMsgs(str(t.value))) errs.push(field.invalid(`${p}.operator`, str(t.value), m));
        break;
      case 'Exists':
        if (str(t.value)) errs.push(field.invalid(`${p}.operator`, str(t.value), 'value must be empty when `operator` is \'Exists\''));
        break;
      default:
        errs.push(field.notSupported(`${p}.operator`, op, ['Equal', 'Exists']));
    }
    const eff = t.effect;
    if (eff !== undefined && eff !== '' && !['NoSchedule', 'PreferNoSchedule', 'NoExecute'].includes(str(eff)))
      errs.push(field.notSupported(`${p}.effect`, eff, ['NoSchedule', 'PreferNoSchedule', 'NoExecute']));
  });
  return errs;
}


export interface PodSpecOptions {
  /** validating a bare Pod (not a template): a few Pod-only rules */
  isPod: boolean;
  /** volume names that mounts may use besides spec.volumes (StatefulSet volumeClaimTemplates) */
  extraVolumes?: string[];
}

export function validatePodSpec(spec: unknown, path: string, opts: PodSpecOptions): FieldError[] {
  const errs: FieldError[] = [];
  if (!isObj(spec)) return [field.required(`${path}.containers`, '')];
  const { errs: volErrs, names: volumes } = validateVolumes(arr(spec.volumes), `${path}.volumes`);
  for (const v of opts.extraVolumes ?? []) volumes.add(v);
  errs.push(...volErrs);
  errs.push(...validateContainers(arr(spec.containers), `${path}.containers`, volumes, opts.isPod));
  errs.push(...validateInitContainers(arr(spec.initContainers), arr(spec.containers), `${path}.initContainers`, volumes));
  const rp = spec.restartPolicy;
  if (rp !== undefined) {
    if (rp === '') errs.push(field.required(`${path}.restartPolicy`, ''));
    else if (!['Always', 'OnFailure', 'Never'].includes(str(rp)))
      errs.push(field.notSupported(`${path}.restartPolicy`, rp, ['Always', 'OnFailure', 'Never']));
  }
  const dp = spec.dnsPolicy;
  if (dp !== undefined) {
    if (dp === '') errs.push(field.required(`${path}.dnsPolicy`, ''));
    else if (!['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'].includes(str(dp)))
      errs.push(field.notSupported(`${path}.dnsPolicy`, dp, ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None']));
  }
  errs.push(...validateLabels(spec.nodeSelector, `${path}.nodeSelector`));
  const sa = str(spec.serviceAccountName);
  if (sa) for (const m of isDNS1123Subdomain(sa)) errs.push(field.invalid(`${path}.serviceAccountName`, sa, m));
  const nn = str(spec.nodeName);
  if (nn) for (const m of isDNS1123Subdomain(nn)) errs.push(field.invalid(`${path}.nodeName`, nn, m));
  if (typeof spec.activeDeadlineSeconds === 'number' && (spec.activeDeadlineSeconds < 1 || spec.activeDeadlineSeconds > MAX_INT32))
    errs.push(field.invalid(`${path}.activeDeadlineSeconds`, spec.activeDeadlineSeconds, inclusiveRangeError(1, MAX_INT32)));
  if (str(spec.hostname)) errs.push(...dns1123Label(str(spec.hostname), `${path}.hostname`));
  if (str(spec.subdomain)) errs.push(...dns1123Label(str(spec.subdomain), `${path}.subdomain`));
  errs.push(...validateTolerations(arr(spec.tolerations), `${path}.tolerations`));
  const pcn = str(spec.priorityClassName);
  if (pcn) for (const m of isDNS1123Subdomain(pcn)) errs.push(field.invalid(`${path}.priorityClassName`, pcn, m));
  const pre = spec.preemptionPolicy;
  if (pre !== undefined && pre !== 'PreemptLowerPriority' && pre !== 'Never')
    errs.push(field.notSupported(`${path}.preemptionPolicy`, pre, ['Never', 'PreemptLowerPriority']));
  return errs;
}

/** ValidatePodTemplateSpec: labels/annotations of the template metadata and its spec. */
export function validatePodTemplateSpec(tpl: unknown, path: string, extraVolumes: string[] = []): FieldError[] {
  if (!isObj(tpl)) return [field.required(path, '')];
  const errs: FieldError[] = [];
  const meta = isObj(tpl.metadata) ? tpl.metadata : {};
  // Go's ValidatePodTemplateSpec names these `<path>.labels`, not `<path>.metadata.labels`
  errs.push(...validateLabels(meta.labels, `${path}.labels`));
  errs.push(...validateAnnotationsAt(meta.annotations, `${path}.annotations`));
  errs.push(...validatePodSpec(tpl.spec, `${path}.spec`, { isPod: false, extraVolumes }));
  if (isObj(tpl.spec) && Array.isArray(tpl.spec.ephemeralContainers) && tpl.spec.ephemeralContainers.length)
    errs.push(field.forbidden(`${path}.spec.ephemeralContainers`, 'ephemeral containers not allowed in pod template'));
  return errs;
}


export function validatePod(info: KindInfo, obj: KObject): FieldError[] {
  return [...validateObjectMeta(info, obj), ...validatePodSpec(obj.spec, 'spec', { isPod: true })];
}

const UPDATABLE =
  '`spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)';

function goFieldName(k: string): string {
  return k.charAt(0).toUpperCase() + k.slice(1);
}

/** A short cmp.Diff-like rendering of what changed between two pod specs. */
function specDiff(old: Obj, neu: Obj): string {
  const lines = ['  core.PodSpec{'];
  const keys = [...new Set([...Object.keys(old), ...Object.keys(neu)])];
  for (const k of keys) {
    if (deepEqual(old[k], neu[k])) continue;
    if (old[k] !== undefined) lines.push(`- \t${goFieldName(k)}: ${JSON.stringify(old[k])},`);
    if (neu[k] !== undefined) lines.push(`+ \t${goFieldName(k)}: ${JSON.stringify(neu[k])},`);
  }
  lines.push('  }');
  return lines.join('\n');
}

export function validatePodUpdate(info: KindInfo, obj: KObject, old: KObject): FieldError[] {
  const errs: FieldError[] = [...validatePod(info, obj)];
  const spec = (isObj(obj.spec) ? obj.spec : {}) as Obj;
  const oldSpec = (isObj(old.spec) ? old.spec : {}) as Obj;
  const ads = spec.activeDeadlineSeconds;
  const oads = oldSpec.activeDeadlineSeconds;
  if (typeof ads === 'number') {
    if (ads < 0 || ads > MAX_INT32) return [...errs, field.invalid('spec.activeDeadlineSeconds', ads, inclusiveRangeError(0, MAX_INT32))];
    if (typeof oads === 'number' && oads < ads)
      return [...errs, field.invalid('spec.activeDeadlineSeconds', ads, 'must be less than or equal to previous value')];
  } else if (typeof oads === 'number') {
    errs.push(field.invalid('spec.activeDeadlineSeconds', null, 'must not update from a positive integer to nil value'));
  }
  if (arr(spec.containers).length !== arr(oldSpec.containers).length) {
    errs.push(field.forbidden('spec.containers', 'pod updates may not add or remove containers'));
    return errs;
  }
  // munge the updatable fields to the old values, then everything else must be equal
  const munged: Obj = { ...spec };
  munged.containers = arr(spec.containers).map((c, i) => ({ ...(c as Obj), image: (arr(oldSpec.containers)[i] as Obj)?.image }));
  if (arr(spec.initContainers).length === arr(oldSpec.initContainers).length && spec.initContainers !== undefined)
    munged.initContainers = arr(spec.initContainers).map((c, i) => ({ ...(c as Obj), image: (arr(oldSpec.initContainers)[i] as Obj)?.image }));
  munged.activeDeadlineSeconds = oldSpec.activeDeadlineSeconds;
  const oldTols = arr(oldSpec.tolerations);
  const newTols = arr(spec.tolerations);
  if (oldTols.every((t) => newTols.some((n) => deepEqual(n, t)))) munged.tolerations = oldSpec.tolerations;
  const otg = oldSpec.terminationGracePeriodSeconds;
  if (typeof otg === 'number' && otg < 0 && spec.terminationGracePeriodSeconds === 1) munged.terminationGracePeriodSeconds = otg;
  // nodeName is set through the binding subresource; an update that omits it keeps it
  if (munged.nodeName === undefined) munged.nodeName = oldSpec.nodeName;
  for (const k of Object.keys(munged)) if (munged[k] === undefined) delete munged[k];
  if (!deepEqual(munged, oldSpec))
    errs.push(field.forbidden('spec', `pod updates may not change fields other than ${UPDATABLE}\n${specDiff(oldSpec, munged)}`));
  return errs;
}
