/**
 * The static-pod lesson on the lab's cluster: a manifest written over `ssh node01` becomes
 * the mirror pod static-web-node01; deleting the mirror only deletes the copy (a new object
 * comes back, the container keeps running), and the lab's task tells the two apart;
 * removing the file on a node is what stops the pod there.
 */
import { describe, expect, it } from 'vitest';
import lab from './lab';
import { Session, readClient } from '../../src/worker/session';
import { engine } from '../../src/worker/engine';
import { createShell } from '../../src/shell';
import type { NodeHost } from '../../src/sim/node/host';
import type { ClusterLike } from '../../src/worker/cluster-like';

const MANIFEST = [
  'cat <<EOF > /etc/kubernetes/manifests/static-web.yaml',
  'apiVersion: v1',
  'kind: Pod',
  'metadata:',
  '  name: static-web',
  '  labels:',
  '    role: myrole',
  'spec:',
  '  containers:',
  '    - name: web',
  '      image: nginx',
  'EOF',
];

type Pod = { metadata: { uid?: string }; status?: { containerStatuses?: { restartCount?: number; containerID?: string }[] } };

function setup() {
  const session = Session.start(engine, lab);
  const c = session.cluster as ClusterLike & { node(name: string): NodeHost | undefined };
  const sh = createShell({
    client: { request: (r) => c.request(r), watch: (r, f) => c.watch(r, f), now: () => c.clock.now() },
    interactive: false,
    crlf: false,
    streamLimitMs: 10_000,
    sleep: async (ms) => c.clock.advance(ms),
    node: (n) => c.node(n),
  });
  let out = '';
  sh.onOutput((t) => (out += t));
  const run = async (...lines: string[]) => {
    out = '';
    for (const l of lines) await sh.feed(l);
    return out;
  };
  const status = () => Object.fromEntries(session.checks().map((t) => [t.id, t.passed]));
  const pod = (name: string) => readClient(c).get('pods', name) as Pod | undefined;
  return { session, c, run, status, pod };
}

describe('static-pods-web', () => {
  it('a mirror pod appears, survives kubectl delete as a new object, and only the deletion counts', async () => {
    const t = setup();
    await t.run('ssh node01', ...MANIFEST, 'exit');
    t.c.clock.advance(30_000);
    expect(t.status()).toEqual({ 'static-web': true, 'mirror-comes-back': false, 'node02-removed': false, 'static-busybox': false });
    const before = t.pod('static-web-node01')!;

    expect(await t.run('kubectl delete pod static-web-node01')).toBe('pod "static-web-node01" deleted\n');
    t.c.clock.advance(5_000);
    const after = t.pod('static-web-node01')!;
    expect(after.metadata.uid).not.toBe(before.metadata.uid);
    // the container behind it never stopped
    expect(after.status?.containerStatuses?.[0]?.containerID).toBe(before.status?.containerStatuses?.[0]?.containerID);
    expect(after.status?.containerStatuses?.[0]?.restartCount).toBe(0);
    expect(t.status()['mirror-comes-back']).toBe(true);
    t.session.dispose();
  });

  it('removing the file on node02 removes static-web-node02; node01 keeps its own', async () => {
    const t = setup();
    await t.run('ssh node01', ...MANIFEST, 'exit', 'ssh node02', ...MANIFEST, 'exit');
    t.c.clock.advance(30_000);
    expect(t.pod('static-web-node02')).toBeDefined();
    expect(t.status()['node02-removed']).toBe(false);
    await t.run('ssh node02', 'rm /etc/kubernetes/manifests/static-web.yaml', 'exit');
    t.c.clock.advance(30_000);
    expect(t.pod('static-web-node02')).toBeUndefined();
    expect(t.pod('static-web-node01')).toBeDefined();
    expect(t.status()['node02-removed']).toBe(true);
    t.session.dispose();
  });
});
