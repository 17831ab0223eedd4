import { describe, expect, it } from 'vitest';
import { customColumns, jsonpathTemplate, toJson, toYaml } from './format';
import { goTemplate } from './gotemplate';

const pod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web', labels: { app: 'web' }, creationTimestamp: '2025-01-01T00:00:00Z' },
  spec: { containers: [{ name: 'a', image: 'nginx', args: ['sleep', '3600'] }, { name: 'b', image: 'busybox' }] },
  status: { conditions: [{ type: 'Ready', status: 'True' }], phase: 'Running' },
};

describe('yaml and json as kubectl prints them', () => {
  it('sorts keys, does not indent sequences, quotes YAML 1.1 specials', () => {
    expect(toYaml({ b: { on: 'on', n: '3600', t: '2025-01-01T00:00:00Z', e: '', s: '*/5 * * * *' }, a: [{ x: 1 }] })).toBe(
      "a:\n- x: 1\nb:\n  e: \"\"\n  \"n\": \"3600\"\n  \"on\": \"on\"\n  s: '*/5 * * * *'\n  t: \"2025-01-01T00:00:00Z\"\n",
    );
  });
  it('indents json by 4 and escapes HTML characters like Go', () => {
    expect(toJson({ b: '<none>', a: 1 })).toBe('{\n    "a": 1,\n    "b": "\\u003cnone\\u003e"\n}\n');
  });
});

describe('jsonpath templates', () => {
  it('ranges, filters, literals, slices', () => {
    const list = { items: [pod, { ...pod, metadata: { ...pod.metadata, name: 'db' } }] };
    expect(jsonpathTemplate('{range .items[*]}{.metadata.name}{"\\t"}{.spec.containers[*].name}{"\\n"}{end}', list)).toEqual({ text: 'web\ta b\ndb\ta b\n' });
    expect(jsonpathTemplate('{.status.conditions[?(@.type=="Ready")].status}', pod)).toEqual({ text: 'True' });
    expect(jsonpathTemplate('{.spec.containers[-1:].image}', pod)).toEqual({ text: 'busybox' });
    expect(jsonpathTemplate('{.metadata.labels}', pod)).toEqual({ text: '{"app":"web"}' });
    expect(jsonpathTemplate('{.nope}', pod)).toEqual({ text: '' });
    expect(jsonpathTemplate('{range .items[*]}', list)).toEqual({ error: 'error parsing jsonpath {range .items[*]}, unclosed action' });
  });
  it('custom columns join several values with commas', () => {
    expect(customColumns('NAME:.metadata.name,IMAGES:.spec.containers[*].image', [pod as never], false)).toEqual({ text: 'NAME   IMAGES\nweb    nginx,busybox\n' });
  });
});

describe('go templates', () => {
  it('fields, range, if/else, index, printf, base64decode, missing keys', () => {
    expect(goTemplate('{{.metadata.name}} {{range .spec.containers}}[{{.name}}]{{end}}', pod)).toEqual({ text: 'web [a][b]' });
    expect(goTemplate('{{if .status.podIP}}ip{{else}}no ip{{end}}', pod)).toEqual({ text: 'no ip' });
    expect(goTemplate('{{index .metadata.labels "app"}}', pod)).toEqual({ text: 'web' });
    expect(goTemplate('{{printf "%s=%s\\n" .kind .metadata.name}}', pod)).toEqual({ text: 'Pod=web\n' });
    expect(goTemplate('{{.data.p | base64decode}}', { data: { p: 'czNjcjN0' } })).toEqual({ text: 's3cr3t' });
    expect(goTemplate('{{.nope}}', pod)).toEqual({ text: '<no value>' });
  });
});
