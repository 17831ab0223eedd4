import { describe, expect, it } from 'vitest';
import { nodeHarness } from '../node/testing';
import { publishEndpointSlices } from './testing';
import { inCidr } from './policy';
import { setNetworkPolicyEnforcement } from './index';

function setup(enforce: boolean) {
  const h = nodeHarness();
  if (enforce) setNetworkPolicyEnforcement(h.c, true);
  h.run({ metadata: { name: 'web', labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27', ports: [{ name: 'http', containerPort: 80 }] }] } });
  h.run({ metadata: { name: 'allowed', labels: { access: 'true' } }, spec: { containers: [{ name: 'c', image: 'busybox:1.36', command: ['sleep', '3600'] }] } });
  h.run({ metadata: { name: 'other' }, spec: { containers: [{ name: 'c', image: 'busybox:1.36', command: ['sleep', '3600'] }] } });
  h.create('services', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { clusterIP: '10.96.80.80', selector: { app: 'web' }, ports: [{ port: 80 }] } });
  h.create(
    'networkpolicies',
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'access-web' },
      spec: { podSelector: { matchLabels: { app: 'web' } }, ingress: [{ from: [{ podSelector: { matchLabels: { access: 'true' } } }], ports: [{ port: 'http' }] }] },
    },
    'default',
    'networking.k8s.io',
  );
  h.advance(30_000);
  publishEndpointSlices(h.c);
  h.advance(10);
  return h;
}

const wget = ['wget', '-qO-', '-T', '2', 'http://web'];

describe('NetworkPolicy', () => {
  it('flannel (the default) ignores policies', () => {
    const h = setup(false);
    expect(h.exec('other', wget).body.stdout).toContain('Welcome to nginx!');
  });

  it('with an enforcing CNI only selected peers get in; the rest time out', () => {
    const h = setup(true);
    expect(h.exec('allowed', wget).body.stdout).toContain('Welcome to nginx!');
    expect(h.exec('other', wget).body).toEqual({ stdout: '', stderr: 'wget: download timed out\n', exitCode: 1 });
  });

  it('default-deny egress also blocks DNS', () => {
    const h = setup(true);
    h.create('networkpolicies', { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'deny-egress' }, spec: { podSelector: { matchLabels: { access: 'true' } }, policyTypes: ['Egress'] } }, 'default', 'networking.k8s.io');
    h.advance(10);
    expect(h.exec('allowed', wget).body.stderr).toBe("wget: bad address 'web'\n");
    expect(h.exec('allowed', ['wget', '-qO-', '-T', '2', `http://${h.status('web').podIP}`]).body.stderr).toBe('wget: download timed out\n');
  });

  it('CIDR arithmetic', () => {
    expect(inCidr('10.244.1.7', '10.244.0.0/16')).toBe(true);
    expect(inCidr('10.245.1.7', '10.244.0.0/16')).toBe(false);
    expect(inCidr('172.18.0.3', '0.0.0.0/0')).toBe(true);
  });
});
