import { describe, expect, it } from 'vitest';
import { jsonPatch, mergePatch, PatchError, strategicMergePatch } from './patch';

const deploy = {
  spec: {
    replicas: 1,
    template: {
      spec: {
        containers: [
          { name: 'web', image: 'nginx:1.26', ports: [{ containerPort: 80 }], env: [{ name: 'A', value: '1' }], args: ['a', 'b'] },
          { name: 'log', image: 'busybox' },
        ],
        tolerations: [{ key: 'x', operator: 'Exists' }],
      },
    },
  },
};

describe('strategic merge patch', () => {
  it('merges containers by name instead of replacing the list', () => {
    const out = strategicMergePatch(deploy, { spec: { template: { spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } } } }) as typeof deploy;
    const cs = out.spec.template.spec.containers;
    expect(cs.map((c) => c.name)).toEqual(['web', 'log']);
    expect(cs[0].image).toBe('nginx:1.27');
    expect(cs[0].ports).toEqual([{ containerPort: 80 }]);
  });

  it('merges env by name and ports by containerPort, replaces args and tolerations', () => {
    const out = strategicMergePatch(deploy, {
      spec: {
        template: {
          spec: {
            containers: [{ name: 'web', env: [{ name: 'B', value: '2' }], ports: [{ containerPort: 443 }], args: ['c'] }],
            tolerations: [{ key: 'y', operator: 'Exists' }],
          },
        },
      },
    }) as typeof deploy;
    const web = out.spec.template.spec.containers[0];
    expect(web.env).toEqual([{ name: 'A', value: '1' }, { name: 'B', value: '2' }]);
    expect(web.ports).toEqual([{ containerPort: 80 }, { containerPort: 443 }]);
    expect(web.args).toEqual(['c']);
    expect(out.spec.template.spec.tolerations).toEqual([{ key: 'y', operator: 'Exists' }]);
  });

  it('honours $patch: delete in a keyed list and null to drop a field', () => {
    const out = strategicMergePatch(deploy, {
      spec: { replicas: null, template: { spec: { containers: [{ name: 'log', $patch: 'delete' }] } } },
    }) as typeof deploy;
    expect(out.spec.replicas).toBeUndefined();
    expect(out.spec.template.spec.containers.map((c) => c.name)).toEqual(['web']);
  });

  it('honours $patch: replace on a map and $retainKeys', () => {
    const out = strategicMergePatch({ spec: { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1 } } } }, {
      spec: { strategy: { $retainKeys: ['type'], type: 'Recreate' } },
    });
    expect(out).toEqual({ spec: { strategy: { type: 'Recreate' } } });
    const r = strategicMergePatch({ metadata: { labels: { a: '1', b: '2' } } }, { metadata: { labels: { $patch: 'replace', c: '3' } } });
    expect(r).toEqual({ metadata: { labels: { c: '3' } } });
  });

  it('unions finalizers and deletes from primitive lists', () => {
    expect(strategicMergePatch({ metadata: { finalizers: ['a'] } }, { metadata: { finalizers: ['b'] } })).toEqual({ metadata: { finalizers: ['a', 'b'] } });
    expect(strategicMergePatch({ metadata: { finalizers: ['a', 'b'] } }, { metadata: { '$deleteFromPrimitiveList/finalizers': ['a'] } })).toEqual({
      metadata: { finalizers: ['b'] },
    });
  });

  it('keys Service ports by port', () => {
    const out = strategicMergePatch({ spec: { ports: [{ port: 80, targetPort: 8080 }] } }, { spec: { ports: [{ port: 80, targetPort: 9090 }, { port: 443 }] } });
    expect(out).toEqual({ spec: { ports: [{ port: 80, targetPort: 9090 }, { port: 443 }] } });
  });
});

describe('JSON merge patch (RFC 7386)', () => {
  it('replaces lists whole and deletes with null', () => {
    expect(mergePatch({ a: [1, 2], b: { c: 1, d: 2 } }, { a: [3], b: { c: null } })).toEqual({ a: [3], b: { d: 2 } });
  });
});

describe('JSON patch (RFC 6902)', () => {
  it('applies ops', () => {
    expect(jsonPatch({ spec: { replicas: 1 } }, [{ op: 'replace', path: '/spec/replicas', value: 3 }])).toEqual({ spec: { replicas: 3 } });
  });

  it('fails on a missing path with the apiserver wording, and on a failed test', () => {
    expect(() => jsonPatch({ spec: {} }, [{ op: 'replace', path: '/spec/foo/bar', value: 1 }])).toThrow(
      new PatchError('jsonpatch replace operation does not apply: doc is missing path: "/spec/foo/bar": missing value'),
    );
    expect(() => jsonPatch({ a: 1 }, [{ op: 'test', path: '/a', value: 2 }])).toThrow(PatchError);
  });

  it('does not change the document it was given', () => {
    const doc = { a: 1 };
    jsonPatch(doc, [{ op: 'replace', path: '/a', value: 2 }]);
    expect(doc).toEqual({ a: 1 });
  });
});

describe('clone', () => {
  it('copies JSON data deeply, as a JSON round trip would', async () => {
    const { clone } = await import('./objects');
    const src = Object.freeze({ a: 1, b: [1, { c: 'x' }, null], d: { e: undefined, f: false }, g: null });
    const out = clone(src) as typeof src;
    expect(out).toEqual(JSON.parse(JSON.stringify(src)));
    expect(Object.isFrozen(out)).toBe(false);
    (out.b[1] as { c: string }).c = 'y';
    expect((src.b[1] as { c: string }).c).toBe('x');
    expect('e' in out.d).toBe(false);
  });
});
