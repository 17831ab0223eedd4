import { describe, expect, it } from 'vitest';
import { BUILTIN_KINDS } from '../builtins';
import type { KindInfo } from '../registry';
import { decode, decodeTuning } from './decode';

const kind = (k: string, g = ''): KindInfo => BUILTIN_KINDS.find((x) => x.kind === k && x.group === g)!;
const deploy = kind('Deployment', 'apps');
const pod = kind('Pod');

function deployment(spec: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', labels: { app: 'web' } },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'web', image: 'nginx:1.27', ports: [{ containerPort: 80 }] }] },
      },
      ...spec,
    },
  };
}

describe('decode: wrong JSON types', () => {
  it('accepts a well-formed Deployment untouched', () => {
    const d = deployment();
    const before = JSON.stringify(d);
    expect(decode(deploy, d)).toEqual({ warnings: [] });
    expect(JSON.stringify(d)).toBe(before);
  });

  it('string replicas', () => {
    const r = decode(deploy, deployment({ replicas: 'three' }));
    expect(r.status?.code).toBe(400);
    expect(r.status?.reason).toBe('BadRequest');
    expect(r.status?.message).toBe(
      'Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32',
    );
  });

  it('fractional and out-of-range integers print the number', () => {
    expect(decode(deploy, deployment({ replicas: 1.5 })).status?.message).toContain(
      'json: cannot unmarshal number 1.5 into Go struct field DeploymentSpec.spec.replicas of type int32',
    );
    expect(decode(deploy, deployment({ replicas: 3000000000 })).status?.message).toContain(
      'cannot unmarshal number 3000000000 into Go struct field DeploymentSpec.spec.replicas of type int32',
    );
  });

  it('numeric label value (a classic) names ObjectMeta and the path without indices', () => {
    const d = deployment();
    (d.spec as any).template.metadata.labels.version = 1;
    expect(decode(deploy, d).status?.message).toBe(
      'Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal number into Go struct field ObjectMeta.spec.template.metadata.labels of type string',
    );
  });

  it('numeric env value', () => {
    const d = deployment();
    (d.spec as any).template.spec.containers[0].env = [{ name: 'PORT', value: 8080 }];
    expect(decode(deploy, d).status?.message).toBe(
      'Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal number into Go struct field EnvVar.spec.template.spec.containers.env.value of type string',
    );
  });

  it('object where a struct is expected and string where a list is expected', () => {
    expect(decode(deploy, deployment({ template: 'x' })).status?.message).toContain(
      'cannot unmarshal string into Go struct field DeploymentSpec.spec.template of type v1.PodTemplateSpec',
    );
    const p = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: { name: 'a', image: 'b' } } };
    expect(decode(pod, p).status?.message).toBe(
      'Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal object into Go struct field PodSpec.spec.containers of type []v1.Container',
    );
  });

  it('named string types and IntOrString', () => {
    const p = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { restartPolicy: 1, containers: [{ name: 'a', image: 'b' }] } };
    expect(decode(pod, p).status?.message).toContain('cannot unmarshal number into Go struct field PodSpec.spec.restartPolicy of type v1.RestartPolicy');
    const d = deployment({ strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: true } } });
    expect(decode(deploy, d).status?.message).toContain(
      'json: cannot unmarshal bool into Go struct field RollingUpdateDeployment.spec.strategy.rollingUpdate.maxSurge of type int32',
    );
    expect(decode(deploy, deployment({ strategy: { rollingUpdate: { maxSurge: '30%', maxUnavailable: 0 } } })).status).toBeUndefined();
  });

  it('bad quantities stop decoding with the parser message', () => {
    const p = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p' },
      spec: { containers: [{ name: 'a', image: 'b', resources: { limits: { memory: '1GB' } } }] },
    };
    expect(decode(pod, p).status?.message).toBe(
      `Pod in version "v1" cannot be handled as a Pod: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`,
    );
    (p.spec.containers[0].resources.limits as any).memory = 512;
    expect(decode(pod, p).status).toBeUndefined();
  });

  it('nulls become zero values and are dropped', () => {
    const d = deployment({ replicas: null });
    (d.metadata as any).creationTimestamp = null;
    expect(decode(deploy, d)).toEqual({ warnings: [] });
    expect('replicas' in (d.spec as object)).toBe(false);
    expect('creationTimestamp' in (d.metadata as object)).toBe(false);
  });

  it('Secret data must be base64', () => {
    const s = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { password: 'not base64!' } };
    expect(decode(kind('Secret'), s).status?.message).toBe('Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte 3');
    expect(decode(kind('Secret'), { ...s, data: { password: 'cGFzcw==' } }).status).toBeUndefined();
  });
});

describe('decode: classic YAML slips', () => {
  const p = (container: Record<string, unknown>) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'a', image: 'b', ...container }] } });
  it('command as a string, ports as numbers, a boolean label', () => {
    expect(decode(pod, p({ command: 'sleep 3600' })).status?.message).toBe(
      'Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal string into Go struct field Container.spec.containers.command of type []string',
    );
    expect(decode(pod, p({ ports: [80] })).status?.message).toBe(
      'Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal number into Go struct field Container.spec.containers.ports of type v1.ContainerPort',
    );
    const labelled = { ...p({}), metadata: { name: 'p', labels: { enabled: true } } };
    expect(decode(pod, labelled).status?.message).toBe(
      'Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal bool into Go struct field ObjectMeta.metadata.labels of type string',
    );
  });

  it('a quoted Service port', () => {
    const svc = { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { ports: [{ port: '80' }] } };
    expect(decode(kind('Service'), svc).status?.message).toBe(
      'Service in version "v1" cannot be handled as a Service: json: cannot unmarshal string into Go struct field ServicePort.spec.ports.port of type int32',
    );
  });
});

describe('decode: unknown fields', () => {
  it('Strict: one unknown field with its indexed path', () => {
    const d = deployment();
    (d.spec as any).template.spec.containers[0].imagee = 'nginx';
    expect(decode(deploy, d, { fieldValidation: 'Strict' }).status?.message).toBe(
      'Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.template.spec.containers[0].imagee"',
    );
  });

  it('Strict is the default; several unknown fields are listed in document order', () => {
    const d = deployment({ foo: 1 });
    (d.metadata as any).labelz = {};
    expect(decode(deploy, d).status?.message).toBe(
      'Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "metadata.labelz", unknown field "spec.foo"',
    );
  });

  it('Warn: warnings and the fields are dropped', () => {
    const d = deployment({ foo: 1 });
    const r = decode(deploy, d, { fieldValidation: 'Warn' });
    expect(r).toEqual({ warnings: ['unknown field "spec.foo"'] });
    expect('foo' in (d.spec as object)).toBe(false);
  });

  it('Ignore: dropped silently', () => {
    const d = deployment({ foo: 1 });
    expect(decode(deploy, d, { fieldValidation: 'Ignore' })).toEqual({ warnings: [] });
    expect('foo' in (d.spec as object)).toBe(false);
  });

  it('a type error wins over unknown fields', () => {
    const r = decode(deploy, deployment({ foo: 1, replicas: 'x' }));
    expect(r.status?.message).toContain('cannot unmarshal string');
  });
});

// Speed is measured by `npm run bench` (bench/store.ts), never by a timed test.
describe('decode: walker and compiled validator', () => {
  const mk = () => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', namespace: 'default', labels: { app: 'x' } },
    spec: { containers: [{ name: 'a', image: 'nginx', ports: [{ containerPort: 80 }], resources: { requests: { cpu: '100m' } } }] },
  });
  /** decodes n fresh valid pods; every one must pass */
  const perCall = (n: number) => {
    let failed = 0;
    for (let i = 0; i < n; i++) if (decode(pod, mk()).status) failed++;
    expect(failed).toBe(0);
  };

  it('accepts valid pods with the walker alone (cold kinds compile nothing)', () => {
    const saved = decodeTuning.ajvAfter;
    decodeTuning.ajvAfter = Infinity;
    try {
      perCall(500);
    } finally {
      decodeTuning.ajvAfter = saved;
    }
  });

  it('accepts them with the ajv validator compiled once the kind is hot', () => {
    perCall(300); // crosses the threshold: compiles once
    perCall(300);
  });

  it('the hot path still hands every bad body to the walker for Go\'s messages', () => {
    perCall(250);
    const unknown: any = mk();
    unknown.spec.containers[0].imagee = 'x';
    expect(decode(pod, unknown).status?.message).toBe(
      'Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "spec.containers[0].imagee"',
    );
    const badQ: any = mk();
    badQ.spec.containers[0].resources.requests.cpu = '100 m';
    expect(decode(pod, badQ).status?.message).toContain('quantities must match the regular expression');
    const nul: any = mk();
    nul.metadata.labels = null;
    expect(decode(pod, nul)).toEqual({ warnings: [] });
    expect('labels' in nul.metadata).toBe(false);
    const big: any = mk();
    big.spec.containers[0].ports[0].containerPort = 2 ** 31;
    expect(decode(pod, big).status?.message).toContain('cannot unmarshal number 2147483648 into Go struct field ContainerPort.spec.containers.ports.containerPort of type int32');
  });
});
