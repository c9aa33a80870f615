import { createRemoteJWKSet, JWTPayload, jwtVerify } from 'jose';
import { AuthUser, TOKEN_ALG, TOKEN_TYPE } from './auth-user';
import { isRole } from './roles';

export interface TokenVerifierOptions {
  jwksUrl: string;
  issuer: string;
  audience: string;
  /** Verified tokens remembered (see TokenVerifier); 0 turns the cache off. Default 10,000. */
  cacheSize?: number;
}

export class InvalidTokenError extends Error {}

interface Verified {
  user: AuthUser;
  /** The token's `exp`, in seconds since the epoch. */
  exp: number;
}

/**
 * Verifies access tokens locally against the gateway's public keys. The key set is fetched once
 * and cached (re-fetched only for an unknown key id, at most every 30 s): no call to the gateway
 * per request. Only EdDSA is accepted, so `alg: none` and algorithm-confusion tokens fail.
 *
 * A token that verified is remembered, keyed by its exact text, until its own `exp`: the same
 * bytes verify the same way again (the signature check is deterministic), and an access token is
 * never revoked before it expires (it is short-lived and verified locally; revocation acts on
 * refresh tokens). So a repeat skips the Ed25519 check, the costliest step of an authenticated
 * request, and the answer is the one a full verification would give, expiry included. Only
 * successes are remembered; the cache is bounded (oldest first out).
 */
export class TokenVerifier {
  private readonly jwks: ReturnType<typeof createRemoteJWKSet>;
  private readonly verified = new Map<string, Verified>();
  private readonly cacheSize: number;

  constructor(private readonly opts: TokenVerifierOptions) {
    this.jwks = createRemoteJWKSet(new URL(opts.jwksUrl), { cacheMaxAge: 10 * 60_000, cooldownDuration: 30_000 });
    this.cacheSize = opts.cacheSize ?? 10_000;
  }

  async verify(token: string): Promise<AuthUser> {
    const nowSeconds = Math.floor(Date.now() / 1000);
    const hit = this.verified.get(token);
    if (hit) {
      // jose's rule: expired once `exp <= now` (no clock tolerance).
      if (hit.exp > nowSeconds) return copyOf(hit.user);
      this.verified.delete(token);
    }
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
    const user: AuthUser = { id: String(payload.sub), roles, organisationId: typeof payload.org === 'string' ? payload.org : null };
    this.remember(token, user, payload.exp!);
    return copyOf(user);
  }

  private remember(token: string, user: AuthUser, exp: number): void {
    if (this.cacheSize <= 0) return;
    if (this.verified.size >= this.cacheSize) {
      // Oldest first (a Map iterates in insertion order); the expired go with them.
      const nowSeconds = Math.floor(Date.now() / 1000);
      for (const [t, v] of this.verified) {
        if (this.verified.size < this.cacheSize && v.exp > nowSeconds) break;
        this.verified.delete(t);
      }
    }
    this.verified.set(token, { user: copyOf(user), exp });
  }
}

/** Each request gets its own object: nothing a handler does to it reaches another request. */
const copyOf = (u: AuthUser): AuthUser => ({ id: u.id, roles: [...u.roles], organisationId: u.organisationId });
