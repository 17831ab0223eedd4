/**
 * serviceaccounts/token: the TokenRequest API behind `kubectl create token` and projected
 * service-account volumes. The token is a JWT shaped like kube-apiserver's (RS256 header
 * with a key id, the kubernetes.io claims, issuer https://kubernetes.default.svc.cluster.local);
 * its key id and signature are seeded random bytes, so nothing can verify it, as nothing
 * in the sandbox needs to.
 */
import { field, invalid, methodNotSupported } from './errors';
import type { ApiServer } from './server';
import { fail } from './server';
import type { KObject } from './types';

const ISSUER = 'https://kubernetes.default.svc.cluster.local';
const DEFAULT_SECONDS = 3600;
const MIN_SECONDS = 600;

const b64url = (s: string) => btoa(s).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');

function randomB64url(api: ApiServer, chars: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  let out = '';
  for (let i = 0; i < chars; i++) out += alphabet[api.rng.int(64)];
  return out;
}

interface TokenRequestSpec {
  audiences?: string[];
  expirationSeconds?: number;
  boundObjectRef?: { kind?: string; apiVersion?: string; name?: string; uid?: string } | null;
}

export function registerTokens(api: ApiServer): void {
  api.subresource('', 'serviceaccounts', 'token', (req, sa) => {
    if (req.verb !== 'create') return fail(methodNotSupported('serviceaccounts/token', '', String(req.verb)));
    const spec: TokenRequestSpec = (req.body as { spec?: TokenRequestSpec } | undefined)?.spec ?? {};
    const seconds = spec.expirationSeconds ?? DEFAULT_SECONDS;
    if (seconds < MIN_SECONDS)
      return fail(invalid('TokenRequest', 'authentication.k8s.io', sa.metadata.name ?? '', [field.invalid('spec.expirationSeconds', seconds, 'may not specify a duration less than 10 minutes')]));
    const audiences = spec.audiences?.length ? spec.audiences : [ISSUER];
    const now = Math.floor(api.clock.now() / 1000);
    const exp = now + seconds;
    const ns = sa.metadata.namespace ?? 'default';
    const claims = {
      aud: audiences,
      exp,
      iat: now,
      iss: ISSUER,
      jti: api.rng.uuid(),
      'kubernetes.io': {
        namespace: ns,
        ...(spec.boundObjectRef?.name ? { [String(spec.boundObjectRef.kind ?? '').toLowerCase()]: { name: spec.boundObjectRef.name, uid: spec.boundObjectRef.uid ?? '' } } : {}),
        serviceaccount: { name: sa.metadata.name, uid: sa.metadata.uid },
      },
      nbf: now,
      sub: `system:serviceaccount:${ns}:${sa.metadata.name}`,
    };
    const header = { alg: 'RS256', kid: randomB64url(api, 43) };
    const token = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}.${randomB64url(api, 342)}`;
    return {
      code: 201,
      body: {
        kind: 'TokenRequest',
        apiVersion: 'authentication.k8s.io/v1',
        metadata: { name: sa.metadata.name, namespace: ns, creationTimestamp: api.clock.iso() },
        spec: { audiences, expirationSeconds: seconds, boundObjectRef: spec.boundObjectRef ?? null },
        status: { token, expirationTimestamp: api.clock.iso(exp * 1000) },
      } as unknown as KObject,
    };
  });
}
