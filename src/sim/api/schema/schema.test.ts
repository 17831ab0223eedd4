import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import { BUILTIN_KINDS } from '../builtins';
import { apiVersionOf } from '../registry';
import { definitionFor, fieldSchema, goTypeName, K8S_SCHEMA } from './index';

describe('generated schema', () => {
  it('covers every built-in kind but ComponentStatus', () => {
    for (const k of BUILTIN_KINDS) {
      if (k.kind === 'ComponentStatus') continue;
      expect(definitionFor(apiVersionOf(k), k.kind), `${k.kind}`).toBeDefined();
    }
    expect(definitionFor('events.k8s.io/v1', 'Event')).toBe('events.v1.Event');
    expect(definitionFor('v1', 'Event')).toBe('Event');
  });

  it('keeps integer formats, IntOrString, Quantity and Go type names', () => {
    const d = K8S_SCHEMA.definitions;
    expect(d.DeploymentSpec.properties!.replicas).toMatchObject({ type: 'integer', format: 'int32' });
    expect(d.ObjectMeta.properties!.generation).toMatchObject({ type: 'integer', format: 'int64' });
    expect(d.Container.properties!.terminationMessagePath).toMatchObject({ type: 'string' });
    expect(d.IntOrString.type).toEqual(['integer', 'string']);
    expect(d.Quantity.type).toEqual(['string', 'number']);
    expect(d.Container.required).toEqual(['name']);
    expect(goTypeName('DeploymentSpec')).toBe('v1.DeploymentSpec');
    expect(goTypeName('HorizontalPodAutoscalerSpec')).toBe('v2.HorizontalPodAutoscalerSpec');
    expect(goTypeName('Quantity')).toBe('resource.Quantity');
  });

  it('has no duplicated definitions and stays small', () => {
    const text = JSON.stringify(K8S_SCHEMA);
    expect(text.length).toBeLessThan(600 * 1024);
    const bodies = Object.values(K8S_SCHEMA.definitions).map((d) => JSON.stringify(d));
    expect(new Set(bodies).size).toBe(bodies.length);
  });

  it('works as one kind-dispatching document (as monaco-yaml uses it)', () => {
    const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
    const validate = ajv.compile(K8S_SCHEMA);
    const ok = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'x' }, spec: { replicas: 2, selector: { matchLabels: { a: 'b' } }, template: { spec: { containers: [{ name: 'a', image: 'b' }] } } } };
    expect(validate(ok)).toBe(true);
    expect(validate({ ...ok, spec: { replicas: 'three' } })).toBe(false);
    expect(validate.errors!.some((e) => e.instancePath === '/spec/replicas')).toBe(true);
    const bad = structuredClone(ok) as any;
    bad.spec.template.spec.containers[0].imagee = 'x';
    expect(validate(bad)).toBe(false);
  });

  it('answers kubectl explain lookups', () => {
    const r = fieldSchema('apps/v1', 'Deployment', ['spec', 'replicas'])!;
    expect(r.node.type).toBe('integer');
    expect(r.description).toContain('Number of desired pods');
    const c = fieldSchema('v1', 'Pod', ['spec', 'containers'])!;
    expect(c.definition).toBe('Container');
    expect(c.description).toContain('List of containers belonging to the pod');
    expect(fieldSchema('v1', 'Pod', ['spec', 'containers', 'image'])!.node.type).toBe('string');
    expect(fieldSchema('v1', 'Pod', ['spec', 'nope'])).toBeUndefined();
  });
});
