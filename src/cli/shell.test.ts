/**
 * `kubelab shell` as lab authors and CI drive it: the real command line, commands piped
 * on standard input, stdout and stderr as kubectl prints them, the same output on every
 * run with the same seed, and a cluster that still answers after bad input.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const BIN = join(__dirname, '../../bin/kubelab.mjs');

function shell(script: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, 'shell', ...args], { input: script, encoding: 'utf8', timeout: 60_000 });
  return { out: r.stdout, err: r.stderr, code: r.status };
}

const SCRIPT = `kubectl create deployment web --image=nginx:1.27 --replicas=2
sleep 30s
kubectl get deployments
kubectl scale deployment web --replicas=3
sleep 30s
kubectl get deploy web -o jsonpath='{.status.readyReplicas}{"\\n"}'
kubectl get pods -l app=web -o name | wc -l
cat <<EOF > broken.yaml
apiVersion: v1
kind: Pod
metadata:
  name: broken
spec:
  containers:
  - name: c
    image: nginx
     ports: []
EOF
kubectl apply -f broken.yaml
kubectl get pod nope
kubectl get nodes -o name
`;

describe('kubelab shell with piped input', () => {
  it('prints exactly what kubectl prints, errors on stderr, and carries on after bad input', () => {
    const r = shell(SCRIPT, '--seed', '3');
    expect(r.out).toBe(
      [
        'deployment.apps/web created',
        'NAME   READY   UP-TO-DATE   AVAILABLE   AGE',
        'web    2/2     2            2           30s',
        'deployment.apps/web scaled',
        '3',
        '3',
        'node/controlplane',
        'node/node01',
        'node/node02',
        '',
      ].join('\n'),
    );
    // the YAML error is what the real kubectl 1.32 prints for this file
    expect(r.err).toBe(
      [
        'error: error parsing broken.yaml: error converting YAML to JSON: yaml: line 9: mapping values are not allowed in this context',
        'Error from server (NotFound): pods "nope" not found',
        '',
      ].join('\n'),
    );
  });

  it('gives the same output for the same seed and input, byte for byte', () => {
    const script = 'kubectl run a --image=nginx:1.27\nsleep 20s\nkubectl get pods -o wide\nkubectl get pod a -o jsonpath={.metadata.uid}\n';
    const a = shell(script, '--seed', '11');
    const b = shell(script, '--seed', '11');
    const c = shell(script, '--seed', '12');
    expect(a.out).toBe(b.out);
    expect(a.out).toContain('Running');
    expect(c.out).not.toBe(a.out);
  });
});
