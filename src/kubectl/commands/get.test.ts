import { describe, expect, it } from 'vitest';
import { kit } from '../testkit';

describe('kubectl get', () => {
  it('lists namespaces with the server table', async () => {
    const { k, advance } = kit();
    advance(65_000);
    const r = await k('get ns');
    expect(r).toEqual({
      code: 0,
      err: '',
      out: 'NAME              STATUS   AGE\ndefault           Active   65s\nkube-node-lease   Active   65s\nkube-public       Active   65s\nkube-system       Active   65s\n',
    });
  });
  it('says No resources found on stderr', async () => {
    const { k } = kit();
    expect(await k('get pods')).toEqual({ code: 0, out: '', err: 'No resources found in default namespace.\n' });
    expect(await k('get pods -A')).toEqual({ code: 0, out: '', err: 'No resources found\n' });
    expect(await k('get deploy -n kube-system')).toEqual({ code: 0, out: '', err: 'No resources found in kube-system namespace.\n' });
  });
  it('fails on unknown types and missing objects', async () => {
    const { k } = kit();
    expect(await k('get podz')).toEqual({ code: 1, out: '', err: 'error: the server doesn\'t have a resource type "podz"\n' });
    expect(await k('get pod nginx')).toEqual({ code: 1, out: '', err: 'Error from server (NotFound): pods "nginx" not found\n' });
    expect(await k('get deploy/web')).toEqual({ code: 1, out: '', err: 'Error from server (NotFound): deployments.apps "web" not found\n' });
  });
  it('fails on unknown commands and flags like cobra', async () => {
    const { k } = kit();
    expect(await k('gt pods')).toEqual({ code: 1, out: '', err: 'error: unknown command "gt" for "kubectl"\n\nDid you mean this?\n\tset\n\tget\n\tcp\n' });
    expect(await k('foo')).toEqual({ code: 1, out: '', err: 'error: unknown command "foo" for "kubectl"\n\nDid you mean this?\n\ttop\n' });
    expect(await k('xyzzyq')).toEqual({ code: 1, out: '', err: 'error: unknown command "xyzzyq" for "kubectl"\nRun \'kubectl --help\' for usage.\n' });
    expect(await k('rollout foo')).toEqual({ code: 1, out: '', err: "error: unknown command \"foo\"\nSee 'kubectl rollout -h' for help and examples\n" });
    expect(await k('create foo')).toEqual({ code: 1, out: '', err: "error: Unexpected args: [foo]\nSee 'kubectl create -h' for help and examples\n" });
    expect(await k('get pods --foo')).toEqual({ code: 1, out: '', err: "error: unknown flag: --foo\nSee 'kubectl get --help' for usage.\n" });
    expect(await k('get pods -z')).toEqual({ code: 1, out: '', err: "error: unknown shorthand flag: 'z' in -z\nSee 'kubectl get --help' for usage.\n" });
  });
  it('prints the real help text', async () => {
    const { k } = kit();
    const r = await k('get --help');
    expect(r.code).toBe(0);
    expect(r.out.startsWith('Display one or many resources.')).toBe(true);
  });
  it('prints yaml and json of one object, a List of several', async () => {
    const { k } = kit();
    const y = await k('get ns default -o yaml');
    expect(y.out).toBe(
      'apiVersion: v1\nkind: Namespace\nmetadata:\n  creationTimestamp: "2025-01-01T00:00:00Z"\n  labels:\n    kubernetes.io/metadata.name: default\n  name: default\n' +
        y.out.slice(y.out.indexOf('  resourceVersion')),
    );
    const n = await k('get ns -o name');
    expect(n.out).toBe('namespace/default\nnamespace/kube-node-lease\nnamespace/kube-public\nnamespace/kube-system\n');
    const j = await k(['get', 'ns', '-o', 'jsonpath={.items[*].metadata.name}']);
    expect(j.out).toBe('default kube-node-lease kube-public kube-system');
    const l = await k('get ns -o yaml');
    expect(l.out.startsWith('apiVersion: v1\nitems:\n- apiVersion: v1\n  kind: Namespace\n')).toBe(true);
    expect(l.out.endsWith('kind: List\nmetadata:\n  resourceVersion: ""\n')).toBe(true);
  });
});

describe('client-side usage errors, as kubectl v1.32 prints them', () => {
  const NORES = "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'\n";
  const cases: [string, string][] = [
    ['scale deploy web --replicas=-1', 'error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0\n'],
    ['delete', NORES],
    ['expose', NORES],
    ['edit', NORES],
    ['set image', NORES],
    ['label', 'error: one or more resources must be specified as <resource> <name> or <resource>/<name>\n'],
    ['logs -f', "error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command\nSee 'kubectl logs -h' for help and examples\n"],
    ['exec web', 'error: you must specify at least one command for the container\n'],
    ['apply', 'error: must specify one of -f and -k\n'],
    ['create', 'error: must specify one of -f and -k\n'],
    ['rollout status', 'error: required resource not specified\n'],
    ['taint nodes', 'error: at least one taint update is required\n'],
    ['wait', 'error: unrecognized condition: ""\n'],
    ['cordon', "error: USAGE: cordon NODE [flags]\nSee 'kubectl cordon -h' for help and examples\n"],
    ['patch deploy web', 'error: must specify --patch or --patch-file containing the contents of the patch\n'],
    ['describe', 'error: You must specify the type of resource to describe. Use "kubectl api-resources" for a complete list of supported resources.\n'],
    ['explain', 'error: You must specify the type of resource to explain. Use "kubectl api-resources" for a complete list of supported resources.\n'],
    ['run web --image=nginx --restart=Foo', "error: invalid restart policy: Foo\nSee 'kubectl run -h' for help and examples\n"],
  ];
  it.each(cases)('kubectl %s', async (cmd, err) => {
    const { k } = kit();
    expect(await k(cmd)).toEqual({ code: 1, out: '', err });
  });
});
