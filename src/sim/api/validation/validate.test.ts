import { describe, expect, it } from 'vitest';
import { BUILTIN_KINDS } from '../builtins';
import { applyDefaults } from '../defaults';
import { invalid } from '../errors';
import type { KindInfo } from '../registry';
import type { KObject } from '../types';
import { validate } from './index';

const kind = (k: string, g = ''): KindInfo => BUILTIN_KINDS.find((x) => x.kind === k && x.group === g)!;
const rng = { suffix: () => 'x7k2p' };

/** The message kubectl would print after `Error from server (Invalid): ` for this object. */
function check(info: KindInfo, obj: Record<string, unknown>, old?: Record<string, unknown>): string {
  const o = structuredClone(obj) as KObject;
  applyDefaults(info, o, { rng, operation: old ? 'update' : 'create' });
  let prev: KObject | undefined;
  if (old) {
    prev = structuredClone(old) as KObject;
    applyDefaults(info, prev, { rng });
  }
  const errs = validate(info, o, prev);
  return errs.length ? invalid(info.kind, info.group, String(o.metadata?.name ?? ''), errs).message! : '';
}

const container = { name: 'web', image: 'nginx:1.27' };
const pod = (spec: Record<string, unknown> = {}, meta: Record<string, unknown> = {}) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web', namespace: 'default', ...meta },
  spec: { containers: [container], ...spec },
});
const deploy = (spec: Record<string, unknown> = {}, meta: Record<string, unknown> = {}) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'default', ...meta },
  spec: {
    selector: { matchLabels: { app: 'web' } },
    template: { metadata: { labels: { app: 'web' } }, spec: { containers: [container] } },
    ...spec,
  },
});

const SUBDOMAIN =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const LABEL =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

describe('metadata', () => {
  it('names: DNS-1123 subdomain for most kinds', () => {
    expect(check(kind('Pod'), pod({}, { name: 'Web' }))).toBe(`Pod "Web" is invalid: metadata.name: Invalid value: "Web": ${SUBDOMAIN}`);
    expect(check(kind('Deployment', 'apps'), deploy({}, { name: 'my_app' }))).toBe(
      `Deployment.apps "my_app" is invalid: metadata.name: Invalid value: "my_app": ${SUBDOMAIN}`,
    );
  });

  it('names: DNS-1035 for Services, DNS-1123 label for Namespaces', () => {
    const svc = { apiVersion: 'v1', kind: 'Service', metadata: { name: '1web', namespace: 'default' }, spec: { ports: [{ port: 80 }] } };
    expect(check(kind('Service'), svc)).toBe(
      `Service "1web" is invalid: metadata.name: Invalid value: "1web": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')`,
    );
    expect(check(kind('Namespace'), { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'dev.team' } })).toBe(
      `Namespace "dev.team" is invalid: metadata.name: Invalid value: "dev.team": ${LABEL}`,
    );
  });

  it('missing name, and a name too long', () => {
    expect(check(kind('Pod'), pod({}, { name: undefined }))).toBe('Pod "" is invalid: metadata.name: Required value: name or generateName is required');
    const long = 'a'.repeat(254);
    expect(check(kind('ConfigMap'), { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: long, namespace: 'default' } })).toBe(
      `ConfigMap "${long}" is invalid: metadata.name: Invalid value: "${long}": must be no more than 253 characters`,
    );
  });

  it('label keys and values', () => {
    expect(check(kind('Pod'), pod({}, { labels: { app: 'my app' } }))).toBe(
      `Pod "web" is invalid: metadata.labels: Invalid value: "my app": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`,
    );
    expect(check(kind('Pod'), pod({}, { labels: { '-app': 'x' } }))).toBe(
      `Pod "web" is invalid: metadata.labels: Invalid value: "-app": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`,
    );
    expect(check(kind('Pod'), pod({}, { labels: { v: 'x'.repeat(64) } }))).toContain(
      `metadata.labels: Invalid value: "${'x'.repeat(64)}": must be no more than 63 characters`,
    );
  });

  it('cluster-scoped kinds refuse a namespace; namespaced kinds need one', () => {
    expect(check(kind('Namespace'), { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'dev', namespace: 'default' } })).toBe(
      'Namespace "dev" is invalid: metadata.namespace: Forbidden: not allowed on this type',
    );
    expect(check(kind('Pod'), pod({}, { namespace: undefined }))).toBe('Pod "web" is invalid: metadata.namespace: Required value');
  });
});

describe('pods', () => {
  it('a minimal pod is valid', () => {
    expect(check(kind('Pod'), pod())).toBe('');
  });

  it('containers and image are required', () => {
    expect(check(kind('Pod'), pod({ containers: [] }))).toBe('Pod "web" is invalid: spec.containers: Required value');
    expect(check(kind('Pod'), pod({ containers: [{ name: 'web' }] }))).toBe('Pod "web" is invalid: spec.containers[0].image: Required value');
  });

  it('container names: DNS-1123 label, unique', () => {
    expect(check(kind('Pod'), pod({ containers: [{ name: 'Web', image: 'nginx' }] }))).toBe(
      `Pod "web" is invalid: spec.containers[0].name: Invalid value: "Web": ${LABEL}`,
    );
    expect(check(kind('Pod'), pod({ containers: [{ ...container }, { ...container }] }))).toBe(
      'Pod "web" is invalid: spec.containers[1].name: Duplicate value: "web"',
    );
  });

  it('ports', () => {
    expect(check(kind('Pod'), pod({ containers: [{ ...container, ports: [{ containerPort: 70000 }] }] }))).toBe(
      'Pod "web" is invalid: spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive',
    );
    expect(check(kind('Pod'), pod({ containers: [{ ...container, ports: [{ containerPort: 80, protocol: 'HTTP' }] }] }))).toBe(
      'Pod "web" is invalid: spec.containers[0].ports[0].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"',
    );
    expect(check(kind('Pod'), pod({ containers: [{ ...container, ports: [{ containerPort: 80, name: 'web_http' }] }] }))).toBe(
      'Pod "web" is invalid: spec.containers[0].ports[0].name: Invalid value: "web_http": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
    );
  });

  it('restartPolicy and imagePullPolicy values', () => {
    expect(check(kind('Pod'), pod({ restartPolicy: 'Sometimes' }))).toBe(
      'Pod "web" is invalid: spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"',
    );
    expect(check(kind('Pod'), pod({ containers: [{ ...container, imagePullPolicy: 'Maybe' }] }))).toBe(
      'Pod "web" is invalid: spec.containers[0].imagePullPolicy: Unsupported value: "Maybe": supported values: "Always", "IfNotPresent", "Never"',
    );
  });

  it('requests must not exceed limits', () => {
    const c = { ...container, resources: { requests: { memory: '600Mi', cpu: '2' }, limits: { memory: '500Mi', cpu: '1' } } };
    expect(check(kind('Pod'), pod({ containers: [c] }))).toBe(
      'Pod "web" is invalid: [spec.containers[0].resources.requests: Invalid value: "2": must be less than or equal to cpu limit of 1, spec.containers[0].resources.requests: Invalid value: "600Mi": must be less than or equal to memory limit of 500Mi]',
    );
  });

  it('unknown resource names', () => {
    const c = { ...container, resources: { limits: { cpus: '1' } } };
    expect(check(kind('Pod'), pod({ containers: [c] }))).toContain(
      'spec.containers[0].resources.limits[cpus]: Invalid value: "cpus": must be a standard resource for containers',
    );
  });

  it('volume mounts must name a volume', () => {
    const c = { ...container, volumeMounts: [{ name: 'data', mountPath: '/data' }] };
    expect(check(kind('Pod'), pod({ containers: [c] }))).toBe('Pod "web" is invalid: spec.containers[0].volumeMounts[0].name: Not found: "data"');
  });

  it('env entries need a name', () => {
    const c = { ...container, env: [{ value: 'x' }] };
    expect(check(kind('Pod'), pod({ containers: [c] }))).toBe(
      'Pod "web" is invalid: [spec.containers[0].env[0].name: Required value, spec.containers[0].env[0].name: Invalid value: "": environment variable name must be non-empty]',
    );
  });

  it('probes need a handler', () => {
    const c = { ...container, livenessProbe: { periodSeconds: 5 } };
    expect(check(kind('Pod'), pod({ containers: [c] }))).toBe(
      'Pod "web" is invalid: spec.containers[0].livenessProbe: Required value: must specify a handler type',
    );
  });

  it('pod updates may only change images, activeDeadlineSeconds, tolerations', () => {
    // the live pod as created (admission added the token volume and tolerations)
    const live = structuredClone(pod()) as KObject;
    applyDefaults(kind('Pod'), live, { rng });
    const update = (change: (p: any) => void): string => {
      const neu = structuredClone(live) as any;
      change(neu);
      applyDefaults(kind('Pod'), neu, { rng, operation: 'update' });
      const errs = validate(kind('Pod'), neu, live);
      return errs.length ? invalid('Pod', '', 'web', errs).message! : '';
    };
    expect(update((p) => (p.spec.containers[0].image = 'nginx:1.28'))).toBe('');
    expect(update((p) => (p.metadata.labels = { a: 'b' }))).toBe('');
    expect(update((p) => p.spec.tolerations.push({ key: 'x', operator: 'Exists' }))).toBe('');
    expect(update((p) => (p.spec.activeDeadlineSeconds = 30))).toBe('');
    const msg = update((p) => (p.spec.restartPolicy = 'Never'));
    expect(
      msg.startsWith(
        'Pod "web" is invalid: spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)\n',
      ),
    ).toBe(true);
    expect(msg).toContain('- \tRestartPolicy: "Always",\n+ \tRestartPolicy: "Never",');
    expect(update((p) => p.spec.containers.push({ name: 'side', image: 'busybox' }))).toBe(
      'Pod "web" is invalid: spec.containers: Forbidden: pod updates may not add or remove containers',
    );
  });
});

describe('deployments', () => {
  it('a minimal deployment is valid', () => {
    expect(check(kind('Deployment', 'apps'), deploy())).toBe('');
  });

  it('selector must match template labels', () => {
    expect(check(kind('Deployment', 'apps'), deploy({ selector: { matchLabels: { app: 'api' } } }))).toBe(
      'Deployment.apps "web" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`',
    );
  });

  it('missing selector', () => {
    expect(check(kind('Deployment', 'apps'), deploy({ selector: undefined }))).toBe(
      'Deployment.apps "web" is invalid: [spec.selector: Required value, spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`]',
    );
  });

  it('empty selector', () => {
    expect(check(kind('Deployment', 'apps'), deploy({ selector: {} }))).toBe(
      'Deployment.apps "web" is invalid: spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment',
    );
  });

  it('negative replicas', () => {
    expect(check(kind('Deployment', 'apps'), deploy({ replicas: -1 }))).toBe(
      'Deployment.apps "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0',
    );
  });

  it('template label errors are reported under spec.template.labels', () => {
    const d = deploy({ selector: { matchLabels: { app: 'web' } } });
    (d.spec.template.metadata.labels as Record<string, string>).tier = 'front end';
    expect(check(kind('Deployment', 'apps'), d)).toContain('spec.template.labels: Invalid value: "front end": a valid label must be an empty string');
  });

  it('template restartPolicy must be Always', () => {
    const d = deploy();
    (d.spec.template.spec as Record<string, unknown>).restartPolicy = 'Never';
    expect(check(kind('Deployment', 'apps'), d)).toBe(
      'Deployment.apps "web" is invalid: spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"',
    );
  });

  it('strategy: both 0, bad percent, Recreate with rollingUpdate, unknown type', () => {
    expect(check(kind('Deployment', 'apps'), deploy({ strategy: { rollingUpdate: { maxSurge: 0, maxUnavailable: 0 } } }))).toBe(
      'Deployment.apps "web" is invalid: spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0',
    );
    expect(check(kind('Deployment', 'apps'), deploy({ strategy: { rollingUpdate: { maxUnavailable: '150%' } } }))).toBe(
      'Deployment.apps "web" is invalid: spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 150%: must not be greater than 100%',
    );
    expect(check(kind('Deployment', 'apps'), deploy({ strategy: { rollingUpdate: { maxSurge: '5' } } }))).toBe(
      "Deployment.apps \"web\" is invalid: spec.strategy.rollingUpdate.maxSurge: Invalid value: 5: a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
    );
    expect(check(kind('Deployment', 'apps'), deploy({ strategy: { type: 'Recreate', rollingUpdate: { maxSurge: 1 } } }))).toBe(
      "Deployment.apps \"web\" is invalid: spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'",
    );
    expect(check(kind('Deployment', 'apps'), deploy({ strategy: { type: 'BlueGreen' } }))).toBe(
      'Deployment.apps "web" is invalid: spec.strategy: Unsupported value: apps.DeploymentStrategy{Type:"BlueGreen", RollingUpdate:(*apps.RollingUpdateDeployment)(nil)}: supported values: "Recreate", "RollingUpdate"',
    );
  });

  it('progressDeadlineSeconds must exceed minReadySeconds', () => {
    expect(check(kind('Deployment', 'apps'), deploy({ minReadySeconds: 10, progressDeadlineSeconds: 5 }))).toBe(
      'Deployment.apps "web" is invalid: spec.progressDeadlineSeconds: Invalid value: 5: must be greater than minReadySeconds',
    );
  });

  it('the selector is immutable', () => {
    const old = deploy();
    const neu = deploy({ selector: { matchLabels: { app: 'web', tier: 'fe' } } });
    (neu.spec.template.metadata.labels as Record<string, string>).tier = 'fe';
    expect(check(kind('Deployment', 'apps'), neu, old)).toBe(
      'Deployment.apps "web" is invalid: spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"web", "tier":"fe"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable',
    );
    expect(check(kind('Deployment', 'apps'), deploy({ replicas: 5 }), old)).toBe('');
  });

  it('matchExpressions operators', () => {
    expect(
      check(kind('Deployment', 'apps'), deploy({ selector: { matchExpressions: [{ key: 'app', operator: 'Equals', values: ['web'] }] } })),
    ).toContain('spec.selector.matchExpressions[0].operator: Invalid value: "Equals": not a valid selector operator');
  });
});

describe('other workloads', () => {
  const sts = (spec: Record<string, unknown> = {}) => ({
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'db', namespace: 'default' },
    spec: {
      serviceName: 'db',
      selector: { matchLabels: { app: 'db' } },
      template: { metadata: { labels: { app: 'db' } }, spec: { containers: [{ name: 'db', image: 'postgres', volumeMounts: [{ name: 'data', mountPath: '/var/lib/postgresql' }] }] } },
      volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
      ...spec,
    },
  });

  it('StatefulSet: valid with claim-template mounts; forbidden spec updates', () => {
    expect(check(kind('StatefulSet', 'apps'), sts())).toBe('');
    expect(check(kind('StatefulSet', 'apps'), sts({ replicas: 3 }), sts())).toBe('');
    expect(check(kind('StatefulSet', 'apps'), sts({ serviceName: 'db2' }), sts())).toBe(
      "StatefulSet.apps \"db\" is invalid: spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
    );
  });

  it('DaemonSet: template restartPolicy', () => {
    const ds = {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'agent', namespace: 'kube-system' },
      spec: { selector: { matchLabels: { app: 'agent' } }, template: { metadata: { labels: { app: 'agent' } }, spec: { restartPolicy: 'OnFailure', containers: [container] } } },
    };
    expect(check(kind('DaemonSet', 'apps'), ds)).toBe(
      'DaemonSet.apps "agent" is invalid: spec.template.spec.restartPolicy: Unsupported value: "OnFailure": supported values: "Always"',
    );
  });

  const job = (spec: Record<string, unknown> = {}, tplSpec: Record<string, unknown> = { restartPolicy: 'Never' }) => ({
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'pi', namespace: 'default', uid: 'c0ffee00-0000-4000-8000-000000000000' },
    spec: { template: { spec: { containers: [{ name: 'pi', image: 'perl' }], ...tplSpec } }, ...spec },
  });

  it('Job: restartPolicy Always (the default) is rejected', () => {
    expect(check(kind('Job', 'batch'), job({}, {}))).toBe(
      'Job.batch "pi" is invalid: spec.template.spec.restartPolicy: Unsupported value: "Always": supported values: "OnFailure", "Never"',
    );
  });

  it('Job: generated selector and labels; counts; immutable template', () => {
    const j = structuredClone(job()) as KObject;
    applyDefaults(kind('Job', 'batch'), j, { rng });
    expect(validate(kind('Job', 'batch'), j)).toEqual([]);
    const spec = j.spec as Record<string, any>;
    expect(spec.selector).toEqual({ matchLabels: { 'batch.kubernetes.io/controller-uid': 'c0ffee00-0000-4000-8000-000000000000' } });
    expect(spec.template.metadata.labels).toEqual({
      'job-name': 'pi',
      'batch.kubernetes.io/job-name': 'pi',
      'controller-uid': 'c0ffee00-0000-4000-8000-000000000000',
      'batch.kubernetes.io/controller-uid': 'c0ffee00-0000-4000-8000-000000000000',
    });
    expect(check(kind('Job', 'batch'), job({ selector: { matchLabels: { app: 'pi' } } }))).toBe(
      'Job.batch "pi" is invalid: [spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"pi", "batch.kubernetes.io/controller-uid":"c0ffee00-0000-4000-8000-000000000000"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: `selector` not auto-generated, spec.template.metadata.labels: Invalid value: map[string]string{"batch.kubernetes.io/controller-uid":"c0ffee00-0000-4000-8000-000000000000", "batch.kubernetes.io/job-name":"pi", "controller-uid":"c0ffee00-0000-4000-8000-000000000000", "job-name":"pi"}: `selector` does not match template `labels`]',
    );
    const manual = job({ manualSelector: true, selector: { matchLabels: { app: 'pi' } } });
    (manual.spec.template as any).metadata = { labels: { app: 'pi' } };
    expect(check(kind('Job', 'batch'), manual)).toBe('');
    expect(check(kind('Job', 'batch'), job({ backoffLimit: -1 }))).toBe(
      'Job.batch "pi" is invalid: spec.backoffLimit: Invalid value: -1: must be greater than or equal to 0',
    );
    const changed = structuredClone(j) as KObject;
    (changed.spec as any).template.spec.containers[0].image = 'perl:5.34';
    expect(invalid('Job', 'batch', 'pi', validate(kind('Job', 'batch'), changed, j)).message).toBe(
      'Job.batch "pi" is invalid: spec.template: Invalid value: core.PodTemplateSpec{...}: field is immutable',
    );
  });

  const cj = (spec: Record<string, unknown>) => ({
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'hello', namespace: 'default' },
    spec: {
      schedule: '*/5 * * * *',
      jobTemplate: { spec: { template: { spec: { restartPolicy: 'OnFailure', containers: [{ name: 'hello', image: 'busybox' }] } } } },
      ...spec,
    },
  });

  it('CronJob: schedule errors in robfig/cron words', () => {
    expect(check(kind('CronJob', 'batch'), cj({}))).toBe('');
    expect(check(kind('CronJob', 'batch'), cj({ schedule: 'every 5 minutes' }))).toBe(
      'CronJob.batch "hello" is invalid: spec.schedule: Invalid value: "every 5 minutes": expected exactly 5 fields, found 3: [every 5 minutes]',
    );
    expect(check(kind('CronJob', 'batch'), cj({ schedule: '61 * * * *' }))).toBe(
      'CronJob.batch "hello" is invalid: spec.schedule: Invalid value: "61 * * * *": end of range (61) above maximum (59): 61',
    );
    expect(check(kind('CronJob', 'batch'), cj({ schedule: '* * * * mon-fry' }))).toBe(
      'CronJob.batch "hello" is invalid: spec.schedule: Invalid value: "* * * * mon-fry": failed to parse int from fry: strconv.Atoi: parsing "fry": invalid syntax',
    );
    expect(check(kind('CronJob', 'batch'), cj({ schedule: '@daily' }))).toBe('');
    expect(check(kind('CronJob', 'batch'), cj({ schedule: '@fortnightly' }))).toBe(
      'CronJob.batch "hello" is invalid: spec.schedule: Invalid value: "@fortnightly": unrecognized descriptor: @fortnightly',
    );
    expect(check(kind('CronJob', 'batch'), cj({ schedule: 'TZ=UTC 0 * * * *' }))).toBe(
      'CronJob.batch "hello" is invalid: spec.schedule: Invalid value: "TZ=UTC 0 * * * *": cannot use TZ or CRON_TZ in schedule, use timeZone field instead',
    );
    expect(check(kind('CronJob', 'batch'), cj({ schedule: '' }))).toBe('CronJob.batch "hello" is invalid: spec.schedule: Required value');
  });

  it('CronJob: timeZone, concurrencyPolicy, name length, job template restartPolicy', () => {
    expect(check(kind('CronJob', 'batch'), cj({ timeZone: 'Europe/Berlin' }))).toBe('');
    expect(check(kind('CronJob', 'batch'), cj({ timeZone: 'Mars/Olympus' }))).toBe(
      'CronJob.batch "hello" is invalid: spec.timeZone: Invalid value: "Mars/Olympus": unknown time zone Mars/Olympus',
    );
    expect(check(kind('CronJob', 'batch'), cj({ concurrencyPolicy: 'Never' }))).toBe(
      'CronJob.batch "hello" is invalid: spec.concurrencyPolicy: Unsupported value: "Never": supported values: "Allow", "Forbid", "Replace"',
    );
    const long = { ...cj({}), metadata: { name: 'a'.repeat(53), namespace: 'default' } };
    expect(check(kind('CronJob', 'batch'), long)).toBe(`CronJob.batch "${'a'.repeat(53)}" is invalid: metadata.name: Invalid value: "${'a'.repeat(53)}": must be no more than 52 characters`);
    const bad = cj({});
    (bad.spec.jobTemplate as any).spec.template.spec.restartPolicy = 'Always';
    expect(check(kind('CronJob', 'batch'), bad)).toBe(
      'CronJob.batch "hello" is invalid: spec.jobTemplate.spec.template.spec.restartPolicy: Unsupported value: "Always": supported values: "OnFailure", "Never"',
    );
  });
});

describe('services', () => {
  const svc = (spec: Record<string, unknown>, name = 'web') => ({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'default' }, spec });

  it('valid ClusterIP and NodePort services', () => {
    expect(check(kind('Service'), svc({ selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080 }] }))).toBe('');
    expect(check(kind('Service'), svc({ type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] }))).toBe('');
  });

  it('ports required, port range, names required when several', () => {
    expect(check(kind('Service'), svc({ selector: { app: 'web' } }))).toBe('Service "web" is invalid: spec.ports: Required value');
    expect(check(kind('Service'), svc({ ports: [{ port: 0 }] }))).toBe(
      'Service "web" is invalid: [spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive, spec.ports[0].targetPort: Invalid value: 0: must be between 1 and 65535, inclusive]',
    );
    expect(check(kind('Service'), svc({ ports: [{ port: 80 }, { port: 443 }] }))).toBe(
      'Service "web" is invalid: [spec.ports[0].name: Required value, spec.ports[1].name: Required value]',
    );
  });

  it('type values, nodePort range and ClusterIP nodePort', () => {
    expect(check(kind('Service'), svc({ type: 'Public', ports: [{ port: 80 }] }))).toBe(
      'Service "web" is invalid: spec.type: Unsupported value: "Public": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"',
    );
    expect(check(kind('Service'), svc({ type: 'NodePort', ports: [{ port: 80, nodePort: 80 }] }))).toBe(
      'Service "web" is invalid: spec.ports[0].nodePort: Invalid value: 80: provided port is not in the valid range. The range of valid ports is 30000-32767',
    );
    expect(check(kind('Service'), svc({ ports: [{ port: 80, nodePort: 30080 }] }))).toBe(
      "Service \"web\" is invalid: spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'",
    );
  });

  it('clusterIP may not change', () => {
    const old = svc({ clusterIP: '10.96.0.20', ports: [{ port: 80 }] });
    expect(check(kind('Service'), svc({ clusterIP: '10.96.0.21', ports: [{ port: 80 }] }), old)).toBe(
      'Service "web" is invalid: spec.clusterIPs[0]: Invalid value: []string{"10.96.0.21"}: may not change once set',
    );
  });
});

describe('config and storage', () => {
  it('ConfigMap keys and immutability', () => {
    const cm = (data: Record<string, string>, immutable?: boolean) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: 'default' }, data, immutable });
    expect(check(kind('ConfigMap'), cm({ 'app config': 'x' }))).toBe(
      "ConfigMap \"cfg\" is invalid: data[app config]: Invalid value: \"app config\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
    );
    expect(check(kind('ConfigMap'), cm({ a: '2' }, true), cm({ a: '1' }, true))).toBe(
      'ConfigMap "cfg" is invalid: data: Forbidden: field is immutable when `immutable` is set',
    );
    expect(check(kind('ConfigMap'), cm({ a: '2' }), cm({ a: '1' }))).toBe('');
  });

  it('TLS secrets need tls.crt and tls.key', () => {
    const s = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'tls', namespace: 'default' }, type: 'kubernetes.io/tls', data: { 'tls.crt': 'eA==' } };
    expect(check(kind('Secret'), s)).toBe('Secret "tls" is invalid: data[tls.key]: Required value');
  });

  it('PVC: access modes, storage request, immutable spec', () => {
    const pvc = (spec: Record<string, unknown>) => ({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data', namespace: 'default' }, spec });
    expect(check(kind('PersistentVolumeClaim'), pvc({ resources: { requests: { storage: '1Gi' } } }))).toBe(
      'PersistentVolumeClaim "data" is invalid: spec.accessModes: Required value: at least 1 access mode is required',
    );
    expect(check(kind('PersistentVolumeClaim'), pvc({ accessModes: ['ReadWriteOnce'] }))).toBe(
      'PersistentVolumeClaim "data" is invalid: spec.resources[storage]: Required value',
    );
    const ok = pvc({ accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } });
    expect(check(kind('PersistentVolumeClaim'), ok)).toBe('');
    const msg = check(kind('PersistentVolumeClaim'), pvc({ accessModes: ['ReadWriteMany'], resources: { requests: { storage: '1Gi' } } }), ok);
    expect(msg.startsWith('PersistentVolumeClaim "data" is invalid: spec: Forbidden: spec is immutable after creation except resources.requests for bound claims\n')).toBe(true);
  });
});

describe('persistent volumes', () => {
  const pv = (spec: Record<string, unknown>) => ({ apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'pv1' }, spec });
  it('a hostPath PV is valid; capacity, access modes and a source are required', () => {
    expect(check(kind('PersistentVolume'), pv({ capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], hostPath: { path: '/mnt/data' } }))).toBe('');
    expect(check(kind('PersistentVolume'), pv({ capacity: { storage: '1Gi' }, hostPath: { path: '/mnt/data' } }))).toBe(
      'PersistentVolume "pv1" is invalid: spec.accessModes: Required value',
    );
    expect(check(kind('PersistentVolume'), pv({ capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'] }))).toBe(
      'PersistentVolume "pv1" is invalid: spec: Required value: must specify a volume type',
    );
    expect(check(kind('PersistentVolume'), pv({ capacity: { storage: '1Gi' }, accessModes: ['ReadWriteAll'], hostPath: { path: '/d' } }))).toBe(
      'PersistentVolume "pv1" is invalid: spec.accessModes: Unsupported value: "ReadWriteAll": supported values: "ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"',
    );
  });
});

describe('other groups', () => {
  it('HPA: min/max replicas and target ref', () => {
    const hpa = (spec: Record<string, unknown>) => ({
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'web', namespace: 'default' },
      spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, maxReplicas: 5, ...spec },
    });
    expect(check(kind('HorizontalPodAutoscaler', 'autoscaling'), hpa({}))).toBe('');
    expect(check(kind('HorizontalPodAutoscaler', 'autoscaling'), hpa({ minReplicas: 0 }))).toBe(
      'HorizontalPodAutoscaler.autoscaling "web" is invalid: spec.minReplicas: Invalid value: 0: must be greater than or equal to 1',
    );
    expect(check(kind('HorizontalPodAutoscaler', 'autoscaling'), hpa({ minReplicas: 6 }))).toBe(
      'HorizontalPodAutoscaler.autoscaling "web" is invalid: spec.maxReplicas: Invalid value: 5: must be greater than or equal to `minReplicas`',
    );
  });

  it('Ingress: pathType required, absolute paths', () => {
    const ing = (path: Record<string, unknown>) => ({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'web', namespace: 'default' },
      spec: { rules: [{ http: { paths: [{ backend: { service: { name: 'web', port: { number: 80 } } }, ...path }] } }] },
    });
    expect(check(kind('Ingress', 'networking.k8s.io'), ing({ path: '/', pathType: 'Prefix' }))).toBe('');
    expect(check(kind('Ingress', 'networking.k8s.io'), ing({ path: '/' }))).toBe(
      'Ingress.networking.k8s.io "web" is invalid: spec.rules[0].http.paths[0].pathType: Required value: pathType must be specified',
    );
    expect(check(kind('Ingress', 'networking.k8s.io'), ing({ path: 'api', pathType: 'Prefix' }))).toBe(
      'Ingress.networking.k8s.io "web" is invalid: spec.rules[0].http.paths[0].path: Invalid value: "api": must be an absolute path',
    );
  });

  it('RBAC: rules need verbs; roleRef cannot change', () => {
    const role = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'r', namespace: 'default' }, rules: [{ apiGroups: [''], resources: ['pods'] }] };
    expect(check(kind('Role', 'rbac.authorization.k8s.io'), role)).toBe(
      'Role.rbac.authorization.k8s.io "r" is invalid: rules[0].verbs: Required value: verbs must contain at least one value',
    );
    const rb = (name: string) => ({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'rb', namespace: 'default' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
      subjects: [{ kind: 'User', name: 'jane' }],
    });
    expect(check(kind('RoleBinding', 'rbac.authorization.k8s.io'), rb('r'))).toBe('');
    expect(check(kind('RoleBinding', 'rbac.authorization.k8s.io'), rb('other'), rb('r'))).toBe(
      'RoleBinding.rbac.authorization.k8s.io "rb" is invalid: roleRef: Invalid value: rbac.RoleRef{APIGroup:"rbac.authorization.k8s.io", Kind:"Role", Name:"other"}: cannot change roleRef',
    );
  });

  it('CRD: name must be plural.group', () => {
    const crd = {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'crontab.stable.example.com' },
      spec: {
        group: 'stable.example.com',
        scope: 'Namespaced',
        names: { plural: 'crontabs', kind: 'CronTab' },
        versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object' } } }],
      },
    };
    expect(check(kind('CustomResourceDefinition', 'apiextensions.k8s.io'), crd)).toBe(
      'CustomResourceDefinition.apiextensions.k8s.io "crontab.stable.example.com" is invalid: metadata.name: Invalid value: "crontab.stable.example.com": must be spec.names.plural+"."+spec.group',
    );
  });
});
