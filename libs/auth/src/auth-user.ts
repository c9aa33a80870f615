import { Role } from './roles';

/** Who is calling, from a verified access token. Travels with every request. */
export interface AuthUser {
  id: string;
  roles: Role[];
  organisationId: string | null;
}

/** Access-token claims shared by the issuer (gateway) and every verifier. */
export const TOKEN_ALG = 'EdDSA';
export const TOKEN_TYPE = 'access';
export interface AccessTokenClaims {
  sub: string;
  roles: Role[];
  org?: string;
  typ: typeof TOKEN_TYPE;
}

export const hasRole = (user: AuthUser, ...roles: Role[]) => user.roles.some((r) => roles.includes(r));
