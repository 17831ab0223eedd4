/**
 * batch/v1 validation (pkg/apis/batch/validation): Jobs (selector generation on create as the
 * Job strategy does it, counts, completion mode, restartPolicy, immutable template) and
 * CronJobs (schedule parsed like robfig/cron v3's ParseStandard with its exact error texts,
 * timeZone, concurrencyPolicy, the 52-character name limit).
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
  validateLabels as validateLabelsAt,
  validateLabelSelector,
  validateObjectMeta,
  type Obj,
} from './meta';
import { nonNegative, validatePodTemplateSpec } from './pod';

const MAX_PARALLELISM_INDEXED = 100000;

function spec(obj: KObject): Obj {
  return (isObj(obj.spec) ? obj.spec : {}) as Obj;
}

export const JOB_NAME_LABEL = 'batch.kubernetes.io/job-name';
export const CONTROLLER_UID_LABEL = 'batch.kubernetes.io/controller-uid';

/**
 * The Job strategy's generateSelector (run in its Validate, after the uid is set): unless
 * spec.manualSelector, labels the template with job-name/controller-uid (legacy and
 * batch.kubernetes.io/ forms) and selects on batch.kubernetes.io/controller-uid.
 */
export function generateJobSelector(obj: KObject): void {
  const s = spec(obj);
  if (s.manualSelector === true) return;
  const uid = str(obj.metadata?.uid);
  const name = str(obj.metadata?.name);
  if (!isObj(s.template)) return;
  const tpl = s.template;
  if (!isObj(tpl.metadata)) tpl.metadata = {};
  const meta = tpl.metadata as Obj;
  if (!isObj(meta.labels)) meta.labels = {};
  const labels = meta.labels as Record<string, string>;
  for (const k of ['job-name', JOB_NAME_LABEL]) if (!(k in labels)) labels[k] = name;
  for (const k of ['controller-uid', CONTROLLER_UID_LABEL]) if (!(k in labels)) labels[k] = uid;
  if (!isObj(s.selector)) s.selector = {};
  const sel = s.selector as Obj;
  if (!isObj(sel.matchLabels)) sel.matchLabels = {};
  const ml = sel.matchLabels as Record<string, string>;
  if (!(CONTROLLER_UID_LABEL in ml)) ml[CONTROLLER_UID_LABEL] = uid;
  // kubernetes-types order: the generated object reads selector before template; keep spec key order stable
  obj.spec = s;
}

/** validateJobSpec, shared by Jobs and CronJob job templates. */
function validateJobSpec(s: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  errs.push(...nonNegative(s.parallelism, `${path}.parallelism`));
  errs.push(...nonNegative(s.completions, `${path}.completions`));
  errs.push(...nonNegative(s.activeDeadlineSeconds, `${path}.activeDeadlineSeconds`));
  errs.push(...nonNegative(s.backoffLimit, `${path}.backoffLimit`));
  errs.push(...nonNegative(s.ttlSecondsAfterFinished, `${path}.ttlSecondsAfterFinished`));
  const cm = s.completionMode;
  if (cm !== undefined) {
    if (cm !== 'NonIndexed' && cm !== 'Indexed') errs.push(field.notSupported(`${path}.completionMode`, cm, ['NonIndexed', 'Indexed']));
    if (cm === 'Indexed') {
      if (s.completions === undefined) errs.push(field.required(`${path}.completions`, 'when completion mode is Indexed'));
      if (typeof s.parallelism === 'number' && s.parallelism > MAX_PARALLELISM_INDEXED)
        errs.push(field.invalid(`${path}.parallelism`, s.parallelism, `must be less than or equal to ${MAX_PARALLELISM_INDEXED} when completion mode is Indexed`));
    }
  }
  const prp = s.podReplacementPolicy;
  if (prp !== undefined) {
    if (prp !== 'TerminatingOrFailed' && prp !== 'Failed')
      errs.push(field.notSupported(`${path}.podReplacementPolicy`, prp, ['Failed', 'TerminatingOrFailed']));
    else if (isObj(s.podFailurePolicy) && prp !== 'Failed')
      errs.push(field.notSupported(`${path}.podReplacementPolicy`, prp, ['Failed']));
  }
  errs.push(...validatePodTemplateSpec(s.template, `${path}.template`));
  const tpl = isObj(s.template) ? s.template : {};
  const rp = isObj(tpl.spec) ? tpl.spec.restartPolicy : undefined;
  if (rp !== 'OnFailure' && rp !== 'Never')
    errs.push(field.notSupported(`${path}.template.spec.restartPolicy`, rp ?? '', ['OnFailure', 'Never']));
  else if (rp === 'OnFailure' && isObj(s.podFailurePolicy))
    errs.push(field.invalid(`${path}.template.spec.restartPolicy`, rp, 'only "Never" is supported when podFailurePolicy is specified'));
  return errs;
}

function templateLabels(s: Obj): Record<string, string> | undefined {
  const t = isObj(s.template) ? s.template : undefined;
  const m = t && isObj(t.metadata) ? t.metadata : undefined;
  return m && isObj(m.labels) ? (m.labels as Record<string, string>) : undefined;
}

/** validateGeneratedSelector: the generated labels must be there and the selector must pick them. */
function validateGeneratedSelector(obj: KObject): FieldError[] {
  const s = spec(obj);
  if (s.manualSelector === true || !isObj(s.selector)) return [];
  const errs: FieldError[] = [];
  const uid = str(obj.metadata?.uid);
  const name = str(obj.metadata?.name);
  if (!uid) errs.push(field.required('metadata.uid', ''));
  const labels = templateLabels(s) ?? {};
  const expected: Record<string, string> = {
    'controller-uid': uid,
    'job-name': name,
    [CONTROLLER_UID_LABEL]: uid,
    [JOB_NAME_LABEL]: name,
  };
  for (const [k, v] of Object.entries(expected)) {
    const p = `spec.template.metadata.labels[${k}]`;
    if (!(k in labels)) errs.push(field.required(p, v));
    else if (labels[k] !== v) errs.push({ ...field.invalid(p, labels, `must be '${v}'`), rendered: goStringMap(labels) });
  }
  if (!matches(fromLabelSelector(s.selector as never), expected))
    errs.push({ ...field.invalid('spec.selector', s.selector, '`selector` not auto-generated'), rendered: goLabelSelector(s.selector) });
  return errs;
}

export function validateJob(info: KindInfo, obj: KObject, old?: KObject): FieldError[] {
  const errs = [...validateObjectMeta(info, obj)];
  const hasUid = !!str(obj.metadata?.uid);
  // the Job strategy generates the selector inside Validate, once the uid exists
  if (!old && hasUid) generateJobSelector(obj);
  const s = spec(obj);
  if (hasUid) errs.push(...validateGeneratedSelector(obj));
  errs.push(...validateJobSpec(s, 'spec'));
  if (s.selector === undefined) {
    // without a uid (a caller that validates before assigning one) the selector cannot exist yet
    if (hasUid || s.manualSelector === true) errs.push(field.required('spec.selector', ''));
  } else {
    errs.push(...validateLabelSelector(s.selector, 'spec.selector'));
    const labels = templateLabels(s);
    if (!matches(fromLabelSelector(s.selector as never), labels))
      errs.push({ ...field.invalid('spec.template.metadata.labels', labels ?? {}, '`selector` does not match template `labels`'), rendered: goStringMap(labels) });
  }
  if (old) {
    const o = spec(old);
    if (!deepEqual(s.completions, o.completions) && !(s.completionMode === 'Indexed' && s.completions === s.parallelism))
      errs.push(field.immutable('spec.completions', s.completions ?? null));
    if (!deepEqual(s.selector, o.selector)) errs.push(field.immutable('spec.selector', s.selector, goLabelSelector(s.selector)));
    if (!deepEqual(s.template, o.template)) errs.push(field.immutable('spec.template', null, 'core.PodTemplateSpec{...}'));
    if (!deepEqual(s.completionMode, o.completionMode)) errs.push(field.immutable('spec.completionMode', s.completionMode ?? null));
    if (!deepEqual(s.podFailurePolicy, o.podFailurePolicy)) errs.push(field.immutable('spec.podFailurePolicy', null, 'batch.PodFailurePolicy{...}'));
  }
  return errs;
}

// ---------------------------------------------------------------- cron

interface Bounds {
  min: number;
  max: number;
  names?: Record<string, number>;
}

const MINUTES: Bounds = { min: 0, max: 59 };
const HOURS: Bounds = { min: 0, max: 23 };
const DOM: Bounds = { min: 1, max: 31 };
const MONTHS: Bounds = {
  min: 1,
  max: 12,
  names: { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 },
};
const DOW: Bounds = { min: 0, max: 6, names: { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 } };

/** strconv.Atoi + robfig's mustParseInt. */
function mustParseInt(expr: string): number {
  if (!/^[+-]?[0-9]+$/.test(expr)) throw new Error(`failed to parse int from ${expr}: strconv.Atoi: parsing ${JSON.stringify(expr)}: invalid syntax`);
  const n = Number(expr);
  if (!Number.isSafeInteger(n) || Math.abs(n) > 2 ** 63 - 1)
    throw new Error(`failed to parse int from ${expr}: strconv.Atoi: parsing ${JSON.stringify(expr)}: value out of range`);
  if (n < 0) throw new Error(`negative number (${n}) not allowed: ${expr}`);
  return n;
}

function parseIntOrName(expr: string, names?: Record<string, number>): number {
  if (names) {
    const v = names[expr.toLowerCase()];
    if (v !== undefined) return v;
  }
  return mustParseInt(expr);
}

function getRange(expr: string, r: Bounds): void {
  const rangeAndStep = expr.split('/');
  const lowAndHigh = rangeAndStep[0].split('-');
  const single = lowAndHigh.length === 1;
  let start: number;
  let end: number;
  let step: number;
  if (lowAndHigh[0] === '*' || lowAndHigh[0] === '?') {
    start = r.min;
    end = r.max;
  } else {
    start = parseIntOrName(lowAndHigh[0], r.names);
    if (lowAndHigh.length === 1) end = start;
    else if (lowAndHigh.length === 2) end = parseIntOrName(lowAndHigh[1], r.names);
    else throw new Error(`too many hyphens: ${expr}`);
  }
  if (rangeAndStep.length === 1) step = 1;
  else if (rangeAndStep.length === 2) {
    step = mustParseInt(rangeAndStep[1]);
    if (single) end = r.max;
  } else throw new Error(`too many slashes: ${expr}`);
  if (start < r.min) throw new Error(`beginning of range (${start}) below minimum (${r.min}): ${expr}`);
  if (end > r.max) throw new Error(`end of range (${end}) above maximum (${r.max}): ${expr}`);
  if (start > end) throw new Error(`beginning of range (${start}) beyond end of range (${end}): ${expr}`);
  if (step === 0) throw new Error(`step of range should be a positive number: ${expr}`);
}

function getField(f: string, r: Bounds): void {
  for (const expr of f.split(',').filter((x) => x !== '')) getRange(expr, r);
}

const DESCRIPTORS = new Set(['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly']);

function validTimeZone(tz: string): boolean {
  if (tz === 'UTC' || tz === 'Etc/UTC' || tz === 'GMT') return true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** robfig/cron v3 ParseStandard; returns the error text or undefined when the spec parses. */
export function cronParseError(specText: string): string | undefined {
  try {
    let spec = specText;
    if (spec.length === 0) return 'empty spec string';
    if (spec.startsWith('TZ=') || spec.startsWith('CRON_TZ=')) {
      const i = spec.indexOf(' ');
      const eq = spec.indexOf('=');
      const loc = i < 0 ? spec.slice(eq + 1) : spec.slice(eq + 1, i);
      if (!validTimeZone(loc)) return `provided bad location ${loc}: unknown time zone ${loc}`;
      spec = i < 0 ? '' : spec.slice(i).trim();
    }
    if (spec.startsWith('@')) {
      if (DESCRIPTORS.has(spec)) return undefined;
      if (spec.startsWith('@every ')) {
        const d = spec.slice('@every '.length);
        if (!/^([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$/.test(d)) return `failed to parse duration ${spec}: time: invalid duration ${JSON.stringify(d)}`;
        return undefined;
      }
      return `unrecognized descriptor: ${spec}`;
    }
    const fields = spec.split(/\s+/).filter((x) => x !== '');
    if (fields.length !== 5) return `expected exactly 5 fields, found ${fields.length}: [${fields.join(' ')}]`;
    getField(fields[0], MINUTES);
    getField(fields[1], HOURS);
    getField(fields[2], DOM);
    getField(fields[3], MONTHS);
    getField(fields[4], DOW);
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

function validateCronJobSpec(s: Obj, old: Obj | undefined): FieldError[] {
  const errs: FieldError[] = [];
  const schedule = str(s.schedule);
  if (!schedule) errs.push(field.required('spec.schedule', ''));
  else {
    const allowTZ = old ? str(old.schedule).includes('TZ') : false;
    const err = cronParseError(schedule);
    if (err) errs.push(field.invalid('spec.schedule', schedule, err));
    if (allowTZ && schedule.includes('TZ') && s.timeZone !== undefined)
      errs.push(field.invalid('spec.schedule', schedule, 'cannot use both timeZone field and TZ or CRON_TZ in schedule'));
    else if (!allowTZ && schedule.includes('TZ'))
      errs.push(field.invalid('spec.schedule', schedule, 'cannot use TZ or CRON_TZ in schedule, use timeZone field instead'));
  }
  errs.push(...nonNegative(s.startingDeadlineSeconds, 'spec.startingDeadlineSeconds'));
  if (!old || !deepEqual(old.timeZone, s.timeZone)) errs.push(...validateTimeZone(s.timeZone));
  const cp = s.concurrencyPolicy;
  if (cp !== undefined && cp !== 'Allow' && cp !== 'Forbid' && cp !== 'Replace') {
    if (cp === '') errs.push(field.required('spec.concurrencyPolicy', ''));
    else errs.push(field.notSupported('spec.concurrencyPolicy', cp, ['Allow', 'Forbid', 'Replace']));
  }
  const jt = isObj(s.jobTemplate) ? s.jobTemplate : {};
  const jtMeta = isObj(jt.metadata) ? jt.metadata : {};
  const jtSpec = (isObj(jt.spec) ? jt.spec : {}) as Obj;
  errs.push(...validateLabelsAt(jtMeta.labels, 'spec.jobTemplate.metadata.labels'));
  errs.push(...validateJobSpec(jtSpec, 'spec.jobTemplate.spec'));
  if (jtSpec.selector !== undefined)
    errs.push({ ...field.invalid('spec.jobTemplate.spec.selector', jtSpec.selector, '`selector` will be auto-generated'), rendered: goLabelSelector(jtSpec.selector) });
  if (jtSpec.manualSelector === true) errs.push(field.notSupported('spec.jobTemplate.spec.manualSelector', true, ['nil', 'false']));
  errs.push(...nonNegative(s.successfulJobsHistoryLimit, 'spec.successfulJobsHistoryLimit'));
  errs.push(...nonNegative(s.failedJobsHistoryLimit, 'spec.failedJobsHistoryLimit'));
  return errs;
}

function validateTimeZone(tz: unknown): FieldError[] {
  if (tz === undefined || tz === null) return [];
  const t = str(tz);
  if (t.length === 0) return [field.invalid('spec.timeZone', t, 'timeZone must be nil or non-empty string')];
  for (const part of t.split('/'))
    if (part === '.' || part === '..' || part.startsWith('-') || !/^[A-Za-z\.\-_0-9+]{1,14}$/.test(part))
      return [field.invalid('spec.timeZone', t, `unknown time zone ${t}`)];
  if (t.toLowerCase() === 'local') return [field.invalid('spec.timeZone', t, 'timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones')];
  if (!validTimeZone(t)) return [field.invalid('spec.timeZone', t, `unknown time zone ${t}`)];
  return [];
}

export function validateCronJob(info: KindInfo, obj: KObject, old?: KObject): FieldError[] {
  const errs = [...validateObjectMeta(info, obj)];
  errs.push(...validateCronJobSpec(spec(obj), old ? spec(old) : undefined));
  const name = str(obj.metadata?.name);
  if (!old && name.length > 52) errs.push(field.invalid('metadata.name', name, 'must be no more than 52 characters'));
  return errs;
}
