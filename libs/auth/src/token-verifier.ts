import { createRemoteJWKSet, JWTPayload, jwtVerify } from 'jose';
import { AuthUser, TOKEN_ALG, TOKEN_TYPE } from './auth-user';
import { isRole } from './roles';

export interface TokenVerifierOptions {
  jwksUrl: string;
  issuer: string;
  audience: string;
}

export class InvalidTokenError extends Error {}

/**
 * Verifies access tokens locally against the gateway's public keys. The key set is fetched once
 * and cached (re-fetched only for an unknown key id, at most every 30 s): no call to the gateway
 * per request. Only EdDSA is accepted, so `alg: none` and algorithm-confusion tokens fail.
 */
export class TokenVerifier {
  private readonly jwks: ReturnType<typeof createRemoteJWKSet>;

  constructor(private readonly opts: TokenVerifierOptions) {
    this.jwks = createRemoteJWKSet(new URL(opts.jwksUrl), { cacheMaxAge: 10 * 60_000, cooldownDuration: 30_000 });
  }

  async verify(token: string): Promise<AuthUser> {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.jwks, {
        algorithms: [TOKEN_ALG],
        issuer: this.opts.issuer,
        audience: this.opts.audience,
        requiredClaims: ['sub', 'exp', 'iat'],
      }));
    } catch (err) {
      throw new InvalidTokenError((err as Error).message);
    }
    const roles = payload.roles;
    if (payload.typ !== TOKEN_TYPE || !Array.isArray(roles) || !roles.every(isRole)) {
      throw new InvalidTokenError('not an access token of this platform');
    }
    return { id: String(payload.sub), roles, organisationId: typeof payload.org === 'string' ? payload.org : null };
  }
}
