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
  validateAnnotations,
  validateLabels,
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
    errs.push({
      ...field.notSupported('spec.strategy', s, ['Recreate', 'RollingUpdate']),
      rendered: `apps.DeploymentStrategy{Type:${JSON.stringify(str(type))}, RollingUpdate:${goPtr('apps.RollingUpdateDeployment', s.rollingUpdate)}}`,
    });
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

/** Go %#v of a struct holding a pointer field: nil, or an address (whose digits do not matter). */
function goPtr(type: string, v: unknown): string {
  return v === undefined || v === null ? `(*${type})(nil)` : `(*${type})(0xc000a1b2c0)`;
}

/** ValidateStatefulSetSpec; the pod template itself is only checked for labels and annotations there. */
export function validateStatefulSet(info: KindInfo, obj: KObject, old?: KObject): FieldError[] {
  const s = spec(obj);
  const errs = [...validateObjectMeta(info, obj)];
  const pmp = s.podManagementPolicy;
  if (pmp === undefined || pmp === '') errs.push(field.required('spec.podManagementPolicy', ''));
  else if (pmp !== 'OrderedReady' && pmp !== 'Parallel') errs.push(field.invalid('spec.podManagementPolicy', pmp, "must be 'OrderedReady' or 'Parallel'"));
  const us = (isObj(s.updateStrategy) ? s.updateStrategy : {}) as Obj;
  const t = us.type;
  if (t === undefined || t === '') errs.push(field.required('spec.updateStrategy', ''));
  else if (t === 'OnDelete') {
    if (us.rollingUpdate !== undefined)
      errs.push({
        ...field.invalid('spec.updateStrategy.rollingUpdate', us.rollingUpdate, "only allowed for updateStrategy 'RollingUpdate'"),
        rendered: `&apps.RollingUpdateStatefulSetStrategy{...}`,
      });
  } else if (t === 'RollingUpdate') {
    if (isObj(us.rollingUpdate)) {
      const p = 'spec.updateStrategy.rollingUpdate';
      errs.push(...nonNegative(us.rollingUpdate.partition, `${p}.partition`));
      const mu = us.rollingUpdate.maxUnavailable;
      if (mu !== undefined && mu !== null) {
        errs.push(...validatePositiveIntOrPercent(mu, `${p}.maxUnavailable`));
        if (intOrPercentValue(mu) === 0) errs.push({ ...field.invalid(`${p}.maxUnavailable`, mu, 'cannot be 0'), rendered: intOrStr(mu) });
        errs.push(...notMoreThan100Percent(mu, `${p}.maxUnavailable`));
      }
    }
  } else {
    errs.push({
      ...field.invalid('spec.updateStrategy', us, "must be 'RollingUpdate' or 'OnDelete'"),
      rendered: `apps.StatefulSetUpdateStrategy{Type:${JSON.stringify(str(t))}, RollingUpdate:${goPtr('apps.RollingUpdateStatefulSetStrategy', us.rollingUpdate)}}`,
    });
  }
  const ret = isObj(s.persistentVolumeClaimRetentionPolicy) ? s.persistentVolumeClaimRetentionPolicy : undefined;
  if (ret)
    for (const k of ['whenDeleted', 'whenScaled']) {
      const v = ret[k] ?? '';
      if (v !== 'Retain' && v !== 'Delete') errs.push(field.notSupported(`spec.persistentVolumeClaimRetentionPolicy.${k}`, v, ['Retain', 'Delete']));
    }
  errs.push(...nonNegative(s.replicas, 'spec.replicas'));
  errs.push(...nonNegative(s.minReadySeconds, 'spec.minReadySeconds'));
  if (isObj(s.ordinals)) errs.push(...nonNegative(s.ordinals.start, 'spec.ordinals.start'));
  const sel = selectorOf(s);
  if (!sel) errs.push(field.required('spec.selector', ''));
  else {
    errs.push(...validateLabelSelector(sel, 'spec.selector'));
    if (selectorEmpty(sel)) errs.push({ ...field.invalid('spec.selector', sel, 'empty selector is invalid for statefulset'), rendered: goLabelSelector(sel) });
  }
  const tpl = (isObj(s.template) ? s.template : {}) as Obj;
  errs.push(...templateMismatch(s, 'spec.template'));
  const tmeta = isObj(tpl.metadata) ? tpl.metadata : {};
  errs.push(...validateLabels(tmeta.labels, 'spec.template.labels'));
  errs.push(...validateAnnotations(tmeta.annotations, 'spec.template.annotations'));
  const ps = isObj(tpl.spec) ? tpl.spec : {};
  if (ps.restartPolicy !== 'Always') errs.push(field.notSupported('spec.template.spec.restartPolicy', ps.restartPolicy ?? '', ['Always']));
  if (ps.activeDeadlineSeconds !== undefined)
    errs.push(field.forbidden('spec.template.spec.activeDeadlineSeconds', 'activeDeadlineSeconds in StatefulSet is not Supported'));
  if (old) {
    const o = spec(old);
    const strip = (x: Obj) => {
      const c: Obj = { ...x };
      for (const k of ['replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy', 'minReadySeconds']) delete c[k];
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
  errs.push(...validatePodTemplateSpec(s.template ?? {}, 'spec.template'));
  const tpl = isObj(s.template) ? s.template : {};
  const ps = isObj(tpl.spec) ? tpl.spec : {};
  if (ps.restartPolicy !== 'Always') errs.push(field.notSupported('spec.template.spec.restartPolicy', ps.restartPolicy ?? '', ['Always']));
  if (ps.activeDeadlineSeconds !== undefined)
    errs.push(field.forbidden('spec.template.spec.activeDeadlineSeconds', 'activeDeadlineSeconds in DaemonSet is not Supported'));
  errs.push(...nonNegative(s.minReadySeconds, 'spec.minReadySeconds'));
  const us = (isObj(s.updateStrategy) ? s.updateStrategy : {}) as Obj;
  const t = us.type;
  if (t === 'RollingUpdate') {
    const ru = isObj(us.rollingUpdate) ? us.rollingUpdate : undefined;
    const p = 'spec.updateStrategy.rollingUpdate';
    if (!ru) errs.push(field.required(p, ''));
    else {
      errs.push(...validatePositiveIntOrPercent(ru.maxUnavailable, `${p}.maxUnavailable`));
      errs.push(...validatePositiveIntOrPercent(ru.maxSurge, `${p}.maxSurge`));
      errs.push(...notMoreThan100Percent(ru.maxUnavailable, `${p}.maxUnavailable`));
      errs.push(...notMoreThan100Percent(ru.maxSurge, `${p}.maxSurge`));
      const hasU = intOrPercentValue(ru.maxUnavailable) !== 0;
      const hasS = intOrPercentValue(ru.maxSurge) !== 0;
      if (hasU && hasS)
        errs.push({ ...field.invalid(`${p}.maxSurge`, ru.maxSurge, 'may not be set when maxUnavailable is non-zero'), rendered: intOrStr(ru.maxSurge) });
      else if (!hasU && !hasS) errs.push(field.required(`${p}.maxUnavailable`, 'cannot be 0 when maxSurge is 0'));
    }
  } else if (t !== 'OnDelete') {
    errs.push({
      ...field.notSupported('spec.updateStrategy', us, ['RollingUpdate', 'OnDelete']),
      rendered: `apps.DaemonSetUpdateStrategy{Type:${JSON.stringify(str(t))}, RollingUpdate:${goPtr('apps.RollingUpdateDaemonSet', us.rollingUpdate)}}`,
    });
  }
  errs.push(...nonNegative(s.revisionHistoryLimit, 'spec.revisionHistoryLimit'));
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
