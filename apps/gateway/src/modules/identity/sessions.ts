import { AuthUser, isRole } from '@grants/auth';
import { Inject, Injectable } from '@nestjs/common';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { SIGNING_SETTINGS, SigningKeys, SigningSettings } from './signing-keys';

export interface Session {
  accessToken: string;
  accessTokenExpiresAt: string;
  refreshToken: string;
  refreshTokenExpiresAt: string;
  user: AuthUser;
}

export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
export const newSecret = () => randomBytes(32).toString('base64url');

export interface UserRow {
  id: string;
  email: string;
  password_hash: string;
  roles: string[];
  display_name: string;
  organisation_id: string | null;
  preferred_language: string;
  status: string;
  failed_logins: number;
  locked_until: Date | null;
}

export const toAuthUser = (u: UserRow): AuthUser => ({
  id: u.id,
  roles: u.roles.filter(isRole),
  organisationId: u.organisation_id,
});

export const REFRESH_TTL_DAYS = 30;

/** Issues an access token and a refresh token (stored hashed) within the caller's transaction. */
@Injectable()
export class Sessions {
  constructor(
    private readonly keys: SigningKeys,
    @Inject(SIGNING_SETTINGS) private readonly settings: SigningSettings,
  ) {}

  async issue(m: EntityManager, user: UserRow, familyId: string = randomUUID()): Promise<Session> {
    const refreshToken = newSecret();
    const refreshExpires = new Date(Date.now() + REFRESH_TTL_DAYS * 86_400_000);
    await m.query(`INSERT INTO refresh_token (id, user_id, family_id, token_hash, expires_at) VALUES ($1, $2, $3, $4, $5)`, [
      randomUUID(),
      user.id,
      familyId,
      sha256(refreshToken),
      refreshExpires,
    ]);
    const authUser = toAuthUser(user);
    const access = await this.keys.signAccessToken(authUser, this.settings);
    return {
      accessToken: access.token,
      accessTokenExpiresAt: access.expiresAt.toISOString(),
      refreshToken,
      refreshTokenExpiresAt: refreshExpires.toISOString(),
      user: authUser,
    };
  }
}
