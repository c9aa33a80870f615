import { AccessTokenClaims, AuthUser, TOKEN_ALG, TOKEN_TYPE } from '@grants/auth';
import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { exportJWK, importPKCS8, JWK, KeyLike, SignJWT } from 'jose';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';

export interface SigningSettings {
  issuer: string;
  audience: string;
  accessTokenTtlSeconds: number;
}

export const SIGNING_SETTINGS = Symbol('SIGNING_SETTINGS');

/**
 * Ed25519 keys in the gateway's database, shared by every replica. The first replica to boot
 * creates one (under an advisory lock); services fetch the public half as JWKS.
 */
@Injectable()
export class SigningKeys implements OnApplicationBootstrap {
  private active?: { kid: string; key: KeyLike };

  constructor(private readonly ds: DataSource) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.ds.transaction(async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock(hashtext('signing-key'))`);
      const [existing] = await m.query(`SELECT kid FROM signing_key WHERE retired_at IS NULL LIMIT 1`);
      if (existing) return;
      const { privateKey, publicKey } = generateKeyPairSync('ed25519');
      const kid = randomUUID();
      const jwk = { ...(await exportJWK(publicKey)), kid, alg: TOKEN_ALG, use: 'sig' };
      await m.query(`INSERT INTO signing_key (kid, private_pem, public_jwk) VALUES ($1, $2, $3)`, [
        kid,
        privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
        JSON.stringify(jwk),
      ]);
    });
    await this.load();
  }

  private async load(): Promise<void> {
    const [row] = await this.ds.query(
      `SELECT kid, private_pem FROM signing_key WHERE retired_at IS NULL ORDER BY created_at DESC LIMIT 1`,
    );
    this.active = { kid: row.kid, key: await importPKCS8(row.private_pem, TOKEN_ALG) };
  }

  async jwks(): Promise<{ keys: JWK[] }> {
    const rows: { public_jwk: JWK }[] = await this.ds.query(`SELECT public_jwk FROM signing_key WHERE retired_at IS NULL ORDER BY created_at`);
    return { keys: rows.map((r) => r.public_jwk) };
  }

  async signAccessToken(user: AuthUser, s: SigningSettings): Promise<{ token: string; expiresAt: Date }> {
    if (!this.active) await this.load();
    const { kid, key } = this.active!;
    const now = Math.floor(Date.now() / 1000);
    const claims: Omit<AccessTokenClaims, 'sub'> = {
      roles: user.roles,
      typ: TOKEN_TYPE,
      ...(user.organisationId ? { org: user.organisationId } : {}),
    };
    const token = await new SignJWT({ ...claims })
      .setProtectedHeader({ alg: TOKEN_ALG, kid, typ: 'JWT' })
      .setSubject(user.id)
      .setIssuer(s.issuer)
      .setAudience(s.audience)
      .setIssuedAt(now)
      .setExpirationTime(now + s.accessTokenTtlSeconds)
      .setJti(randomUUID())
      .sign(key);
    return { token, expiresAt: new Date((now + s.accessTokenTtlSeconds) * 1000) };
  }
}
