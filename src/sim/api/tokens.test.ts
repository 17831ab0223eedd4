/** serviceaccounts/token through the request interface: the JWT `kubectl create token` prints. */
import { describe, expect, it } from 'vitest';
import { Cluster } from '../cluster';

function withServiceAccount() {
  const c = new Cluster({ seed: 3 });
  c.request({ verb: 'create', resource: 'serviceaccounts', namespace: 'default', body: { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'robot' } } });
  return c;
}
const tokenRequest = (c: Cluster, spec: object, name = 'robot') =>
  c.request({ verb: 'create', resource: 'serviceaccounts', namespace: 'default', name, subresource: 'token', body: { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec } });

describe('TokenRequest', () => {
  it('issues a JWT for the service account, valid one hour by default', () => {
    const c = withServiceAccount();
    const r = tokenRequest(c, {});
    expect(r.code).toBe(201);
    const body = r.body as { spec: { audiences: string[]; expirationSeconds: number }; status: { token: string; expirationTimestamp: string } };
    expect(body.spec).toMatchObject({ audiences: ['https://kubernetes.default.svc.cluster.local'], expirationSeconds: 3600 });
    const [header, payload, signature] = body.status.token.split('.');
    expect(JSON.parse(atob(header.replace(/-/g, '+').replace(/_/g, '/')))).toMatchObject({ alg: 'RS256' });
    const claims = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/')));
    const sa = c.request({ verb: 'get', resource: 'serviceaccounts', namespace: 'default', name: 'robot' }).body as { metadata: { uid: string } };
    expect(claims).toMatchObject({ sub: 'system:serviceaccount:default:robot', 'kubernetes.io': { namespace: 'default', serviceaccount: { name: 'robot', uid: sa.metadata.uid } } });
    expect(claims.exp - claims.iat).toBe(3600);
    expect(body.status.expirationTimestamp).toBe(c.clock.iso(claims.exp * 1000));
    expect(signature).toMatch(/^[A-Za-z0-9_-]{342}$/);
  });

  it('takes audiences and a duration, refuses under ten minutes and unknown accounts', () => {
    const c = withServiceAccount();
    const claims = (r: { body: unknown }) => JSON.parse(atob((r.body as { status: { token: string } }).status.token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
    const two = claims(tokenRequest(c, { audiences: ['vault'], expirationSeconds: 7200 }));
    expect(two.aud).toEqual(['vault']);
    expect(two.exp - two.iat).toBe(7200);
    const short = tokenRequest(c, { expirationSeconds: 300 });
    expect(short.code).toBe(422);
    expect((short.body as { message: string }).message).toBe('TokenRequest.authentication.k8s.io "robot" is invalid: spec.expirationSeconds: Invalid value: 300: may not specify a duration less than 10 minutes');
    expect(tokenRequest(c, {}, 'nosuch').code).toBe(404);
  });
});
