/**
 * apps/v1 validation (pkg/apis/apps/validation): Deployments, ReplicaSets, StatefulSets,
 * DaemonSets, ControllerRevisions — selectors that must match the template labels, replica
 * and strategy rules, and what may change on update.
 */
import { field } from '../errors';
import type { KindInfo } from '../registry';
import { fromLabelSelector, matches } from '../selectors';
import type { FieldError, KObject } from '../types';
import {
  deepEqual,
  goLabelSelector,
  goStringMap,
  isObj,
  str,
  validateLabelSelector,
  validateObjectMeta,
  type Obj,
} from './meta';
import { isValidPercent } from './names';
import { nonNegative, validatePodTemplateSpec } from './pod';

function spec(obj: KObject): Obj {
  return (isObj(obj.spec) ? obj.spec : {}) as Obj;
}

function templateLabels(s: Obj): Record<string, string> | undefined {
  const t = isObj(s.template) ? s.template : undefined;
  const m = t && isObj(t.metadata) ? t.metadata : undefined;
  return m && isObj(m.labels) ? (m.labels as Record<string, string>) : undefined;
}

function selectorOf(s: Obj): Obj | undefined {
  return isObj(s.selector) ? s.selector : undefined;
}

function selectorEmpty(sel: Obj): boolean {
  const ml = isObj(sel.matchLabels) ? Object.keys(sel.matchLabels).length : 0;
  const me = Array.isArray(sel.matchExpressions) ? sel.matchExpressions.length : 0;
  return ml + me === 0;
}

function templateMismatch(s: Obj, path: string): FieldError[] {
  const sel = fromLabelSelector(selectorOf(s) as never);
  if (sel.everything) return [];
  const labels = templateLabels(s);
  if (matches(sel, labels)) return [];
  return [{ ...field.invalid(`${path}.metadata.labels`, labels ?? {}, '`selector` does not match template `labels`'), rendered: goStringMap(labels) }];
}

/** ValidatePodTemplateSpecForReplicaSet: match, template validity, restartPolicy Always. */
function validateTemplateForReplicaSet(s: Obj, path: string): FieldError[] {
  if (!isObj(s.template)) return [field.required(path, '')];
  const errs = [...templateMismatch(s, path), ...validatePodTemplateSpec(s.template, path)];
  const ps = isObj(s.template.spec) ? s.template.spec : {};
  if (ps.restartPolicy !== undefined && ps.restartPolicy !== 'Always')
    errs.push(field.notSupported(`${path}.spec.restartPolicy`, ps.restartPolicy, ['Always']));
  if (ps.activeDeadlineSeconds !== undefined)
    errs.push(field.forbidden(`${path}.spec.activeDeadlineSeconds`, 'activeDeadlineSeconds in ReplicaSet is not Supported'));
  return errs;
}

function requiredSelector(s: Obj, what: string): FieldError[] {
  const sel = selectorOf(s);
  if (!sel) return [field.required('spec.selector', '')];
  const errs = validateLabelSelector(sel, 'spec.selector');
  if (selectorEmpty(sel)) errs.push({ ...field.invalid('spec.selector', sel, `empty selector is invalid for ${what}`), rendered: goLabelSelector(sel) });
  return errs;
}

/** IntOrString rendering (it is a fmt.Stringer: bare, unquoted). */
function intOrStr(v: unknown): string {
  return v === undefined || v === null ? '0' : String(v);
}

function intOrPercentValue(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && /^[0-9]+%$/.test(v)) return Number(v.slice(0, -1));
  return typeof v === 'string' ? Number.NaN : 0;
}

function validatePositiveIntOrPercent(v: unknown, path: string): FieldError[] {
  if (typeof v === 'string')
    return isValidPercent(v).map((m) => ({ ...field.invalid(path, v, m), rendered: intOrStr(v) }));
  if (typeof v === 'number') return nonNegative(v, path);
  return [];
}

function notMoreThan100Percent(v: unknown, path: string): FieldError[] {
  if (typeof v !== 'string' || !/^[0-9]+%$/.test(v)) return [];
  return Number(v.slice(0, -1)) > 100 ? [{ ...field.invalid(path, v, 'must not be greater than 100%'), rendered: v }] : [];
}

function validateDeploymentStrategy(st: unknown): FieldError[] {
  const errs: FieldError[] = [];
  const s = (isObj(st) ? st : {}) as Obj;
  const type = s.type === undefined ? 'RollingUpdate' : s.type;
  if (type === 'Recreate') {
    if (s.rollingUpdate !== undefined)
      errs.push(field.forbidden('spec.strategy.rollingUpdate', "may not be specified when strategy `type` is 'Recreate'"));
  } else if (type === 'RollingUpdate') {
    const ru = isObj(s.rollingUpdate) ? s.rollingUpdate : undefined;
    if (!ru) errs.push(field.required('spec.strategy.rollingUpdate', 'this should be defaulted and never be nil'));
    else {
      const p = 'spec.strategy.rollingUpdate';
      errs.push(...validatePositiveIntOrPercent(ru.maxUnavailable, `${p}.maxUnavailable`));
      errs.push(...validatePositiveIntOrPercent(ru.maxSurge, `${p}.maxSurge`));
      if (intOrPercentValue(ru.maxUnavailable) === 0 && intOrPercentValue(ru.maxSurge) === 0)
        errs.push({ ...field.invalid(`${p}.maxUnavailable`, ru.maxUnavailable ?? 0, 'may not be 0 when `maxSurge` is 0'), rendered: intOrStr(ru.maxUnavailable) });
      errs.push(...notMoreThan100Percent(ru.maxUnavailable, `${p}.maxUnavailable`));
    }
  } else {
    errs.push(field.notSupported('spec.strategy.type', type, ['Recreate', 'RollingUpdate']));
  }
  return errs;
}

export function validateDeployment(info: KindInfo, obj: KObject, old?: KObject): FieldError[] {
  const s = spec(obj);
  const errs = [...validateObjectMeta(info, obj)];
  errs.push(...nonNegative(s.replicas, 'spec.replicas'));
  errs.push(...requiredSelector(s, 'deployment'));
  errs.push(...validateTemplateForReplicaSet(s, 'spec.template'));
  errs.push(...validateDeploymentStrategy(s.strategy));
  errs.push(...nonNegative(s.minReadySeconds, 'spec.minReadySeconds'));
  errs.push(...nonNegative(s.revisionHistoryLimit, 'spec.revisionHistoryLimit'));
  if (typeof s.progressDeadlineSeconds === 'number') {
    errs.push(...nonNegative(s.progressDeadlineSeconds, 'spec.progressDeadlineSeconds'));
    if (s.progressDeadlineSeconds <= (typeof s.minReadySeconds === 'number' ? s.minReadySeconds : 0))
      errs.push(field.invalid('spec.progressDeadlineSeconds', s.progressDeadlineSeconds, 'must be greater than minReadySeconds'));
  }
  if (old) errs.push(...immutableSelector(s, spec(old)));
  return errs;
}

function immutableSelector(s: Obj, o: Obj): FieldError[] {
  if (deepEqual(s.selector, o.selector)) return [];
  return [field.immutable('spec.selector', s.selector, goLabelSelector(s.selector))];
}

export function validateReplicaSet(info: KindInfo, obj: KObject, old?: KObject): FieldError[] {
  const s = spec(obj);
  const errs = [...validateObjectMeta(info, obj)];
  errs.push(...nonNegative(s.replicas, 'spec.replicas'));
  errs.push(...nonNegative(s.minReadySeconds, 'spec.minReadySeconds'));
  errs.push(...requiredSelector(s, 'deployment'));
  errs.push(...validateTemplateForReplicaSet(s, 'spec.template'));
  if (old) errs.push(...immutableSelector(s, spec(old)));
  return errs;
}

const STS_UPDATABLE =
  "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden";

export function validateStatefulSet(info: KindInfo, obj: KObject, old?: KObject): FieldError[] {
  const s = spec(obj);
  const errs = [...validateObjectMeta(info, obj)];
  const pmp = s.podManagementPolicy;
  if (pmp !== undefined && pmp !== 'OrderedReady' && pmp !== 'Parallel') {
    if (pmp === '') errs.push(field.required('spec.podManagementPolicy', ''));
    else errs.push(field.invalid('spec.podManagementPolicy', pmp, "must be 'OrderedReady' or 'Parallel'"));
  }
  const us = isObj(s.updateStrategy) ? s.updateStrategy : undefined;
  if (us) {
    const t = us.type;
    if (t === 'OnDelete' && us.rollingUpdate !== undefined)
      errs.push(field.invalid('spec.updateStrategy.rollingUpdate', null, "only allowed for updateStrategy 'RollingUpdate'"));
    else if (t === 'RollingUpdate' && isObj(us.rollingUpdate))
      errs.push(...nonNegative(us.rollingUpdate.partition, 'spec.updateStrategy.rollingUpdate.partition'));
    else if (t !== undefined && t !== 'RollingUpdate' && t !== 'OnDelete')
      errs.push(field.invalid('spec.updateStrategy', str(t), "must be 'RollingUpdate' or 'OnDelete'"));
  }
  const ret = isObj(s.persistentVolumeClaimRetentionPolicy) ? s.persistentVolumeClaimRetentionPolicy : undefined;
  if (ret)
    for (const k of ['whenDeleted', 'whenScaled']) {
      const v = ret[k];
      if (v !== undefined && v !== 'Retain' && v !== 'Delete')
        errs.push(field.notSupported(`spec.persistentVolumeClaimRetentionPolicy.${k}`, v, ['Retain', 'Delete']));
    }
  errs.push(...nonNegative(s.replicas, 'spec.replicas'));
  errs.push(...nonNegative(s.minReadySeconds, 'spec.minReadySeconds'));
  const sel = selectorOf(s);
  if (!sel) errs.push(field.required('spec.selector', ''));
  else {
    errs.push(...validateLabelSelector(sel, 'spec.selector'));
    if (selectorEmpty(sel)) errs.push({ ...field.invalid('spec.selector', sel, 'empty selector is invalid for statefulset'), rendered: goLabelSelector(sel) });
  }
  if (!isObj(s.template)) errs.push(field.required('spec.template', ''));
  else {
    errs.push(...templateMismatch(s, 'spec.template'));
    const claims = (Array.isArray(s.volumeClaimTemplates) ? s.volumeClaimTemplates : [])
      .map((c: unknown) => (isObj(c) && isObj(c.metadata) ? str(c.metadata.name) : ''))
      .filter(Boolean);
    errs.push(...validatePodTemplateSpec(s.template, 'spec.template', claims));
    const ps = isObj(s.template.spec) ? s.template.spec : {};
    if (ps.restartPolicy !== undefined && ps.restartPolicy !== 'Always')
      errs.push(field.notSupported('spec.template.spec.restartPolicy', ps.restartPolicy, ['Always']));
    if (ps.activeDeadlineSeconds !== undefined)
      errs.push(field.forbidden('spec.template.spec.activeDeadlineSeconds', 'activeDeadlineSeconds in StatefulSet is not Supported'));
  }
  if (old) {
    const o = spec(old);
    const strip = (x: Obj) => {
      const c: Obj = { ...x };
      for (const k of ['replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy', 'minReadySeconds', 'revisionHistoryLimit'])
        delete c[k];
      return c;
    };
    if (!deepEqual(strip(s), strip(o))) errs.push(field.forbidden('spec', STS_UPDATABLE));
  }
  return errs;
}

export function validateDaemonSet(info: KindInfo, obj: KObject, old?: KObject): FieldError[] {
  const s = spec(obj);
  const errs = [...validateObjectMeta(info, obj)];
  const sel = selectorOf(s);
  if (sel) errs.push(...validateLabelSelector(sel, 'spec.selector'));
  errs.push(...templateMismatch(s, 'spec.template'));
  if (sel && selectorEmpty(sel))
    errs.push({ ...field.invalid('spec.selector', sel, 'empty selector is invalid for daemonset'), rendered: goLabelSelector(sel) });
  if (!isObj(s.template)) errs.push(field.required('spec.template', ''));
  else {
    errs.push(...validatePodTemplateSpec(s.template, 'spec.template'));
    const ps = isObj(s.template.spec) ? s.template.spec : {};
    if (ps.restartPolicy !== undefined && ps.restartPolicy !== 'Always')
      errs.push(field.notSupported('spec.template.spec.restartPolicy', ps.restartPolicy, ['Always']));
    if (ps.activeDeadlineSeconds !== undefined)
      errs.push(field.forbidden('spec.template.spec.activeDeadlineSeconds', 'activeDeadlineSeconds in DaemonSet is not Supported'));
  }
  errs.push(...nonNegative(s.minReadySeconds, 'spec.minReadySeconds'));
  errs.push(...nonNegative(s.revisionHistoryLimit, 'spec.revisionHistoryLimit'));
  const us = isObj(s.updateStrategy) ? s.updateStrategy : {};
  const t = us.type ?? 'RollingUpdate';
  if (t === 'RollingUpdate') {
    const ru = isObj(us.rollingUpdate) ? us.rollingUpdate : undefined;
    if (ru) {
      const p = 'spec.updateStrategy.rollingUpdate';
      errs.push(...validatePositiveIntOrPercent(ru.maxUnavailable, `${p}.maxUnavailable`));
      errs.push(...validatePositiveIntOrPercent(ru.maxSurge, `${p}.maxSurge`));
      const mu = intOrPercentValue(ru.maxUnavailable);
      const ms = intOrPercentValue(ru.maxSurge);
      if (mu === 0 && ms === 0)
        errs.push({ ...field.invalid(`${p}.maxUnavailable`, ru.maxUnavailable ?? 0, 'may not be 0 when `maxSurge` is 0'), rendered: intOrStr(ru.maxUnavailable) });
      if (mu !== 0 && ms !== 0)
        errs.push({ ...field.invalid(`${p}.maxSurge`, ru.maxSurge, 'may not be set when maxUnavailable is non-zero'), rendered: intOrStr(ru.maxSurge) });
      errs.push(...notMoreThan100Percent(ru.maxUnavailable, `${p}.maxUnavailable`));
    }
  } else if (t !== 'OnDelete') {
    errs.push(field.notSupported('spec.updateStrategy.type', t, ['OnDelete', 'RollingUpdate']));
  }
  if (old) errs.push(...immutableSelector(s, spec(old)));
  return errs;
}

export function validateControllerRevision(info: KindInfo, obj: KObject, old?: KObject): FieldError[] {
  const errs = [...validateObjectMeta(info, obj)];
  if (obj.data === undefined) errs.push(field.required('data', ''));
  errs.push(...nonNegative(obj.revision, 'revision'));
  if (old && !deepEqual(obj.data, old.data)) errs.push(field.forbidden('data', 'field is immutable'));
  return errs;
}
