/**
 * Protobuf request bodies as the real kubectl 1.32 sent them (captured into ./testdata from
 * `kubectl create …` against `kubelab serve`), decoded into the objects the apiserver sees.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeProtobuf } from './decode';

const body = (name: string) => readFileSync(join(__dirname, 'testdata', `${name}.pb`));
const decoded = (name: string) => {
  const d = decodeProtobuf(body(name));
  if ('error' in d) throw new Error(d.error);
  return d.object;
};

describe('protobuf bodies from the real kubectl', () => {
  it('kubectl create deployment web --image=nginx:1.27 --replicas=0 --port=80 -- sleep 10', () => {
    const o = decoded('create-deployment');
    expect(o).toMatchObject({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', labels: { app: 'web' } } });
    // replicas is a pointer: an explicit 0 stays 0 instead of defaulting to 1
    expect(o.spec).toEqual({
      replicas: 0,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'nginx', image: 'nginx:1.27', command: ['sleep', '10'], ports: [{ containerPort: 80 }], resources: {} }] },
      },
      strategy: {},
    });
  });

  it('turns bytes into base64 and keeps empty values of maps (create secret generic)', () => {
    expect(decoded('create-secret')).toEqual({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'creds' }, data: { empty: '', password: 'aHVudGVyMg==' } });
  });

  it("flattens Go's embedded structs (IngressRule's ingressRuleValue) and reads IntOrString", () => {
    const o = decoded('create-ingress');
    expect(o.spec).toEqual({
      ingressClassName: 'nginx',
      tls: [{ hosts: ['web.example.com'], secretName: 'web-cert' }],
      rules: [{ host: 'web.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }] } }],
    });
    expect((decoded('create-pdb').spec as Record<string, unknown>).minAvailable).toBe(0);
  });

  it('keeps the required PriorityClass value 0 and drops zero scalars Go would omit', () => {
    expect(decoded('create-priorityclass')).toEqual({
      apiVersion: 'scheduling.k8s.io/v1',
      kind: 'PriorityClass',
      metadata: { name: 'low' },
      value: 0,
      preemptionPolicy: 'PreemptLowerPriority',
    });
    const job = (decoded('create-cronjob').spec as { jobTemplate: { spec: { template: { spec: Record<string, unknown> } } } }).jobTemplate.spec.template.spec;
    expect(job).toEqual({ containers: [{ name: 'tick', image: 'busybox', resources: {} }], restartPolicy: 'OnFailure' });
  });
});

describe('bodies that are not Kubernetes protobuf', () => {
  it('explains what is wrong instead of throwing', () => {
    expect(decodeProtobuf(Buffer.from('{"kind":"Pod"}'))).toEqual({ error: 'provided Protobuf data is not a Kubernetes object: the "k8s\\x00" prefix is missing' });
    const cut = body('create-deployment').subarray(0, 60);
    expect((decodeProtobuf(cut) as { error: string }).error).toMatch(/^unable to decode/);
    const noKind = Buffer.from([0x6b, 0x38, 0x73, 0x00, 0x0a, 0x04, 0x0a, 0x02, 0x76, 0x31]); // typeMeta {apiVersion: "v1"}
    expect(decodeProtobuf(noKind)).toEqual({ error: "Object 'Kind' is missing in the protobuf envelope" });
  });
});
