import { appendAudit } from '@grants/database';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { invalidRefresh } from '../identity.errors';
import { Session, Sessions, sha256, UserRow } from '../sessions';

interface RefreshRow {
  id: string;
  user_id: string;
  family_id: string;
  expires_at: Date;
  used_at: Date | null;
  revoked_at: Date | null;
}

@Injectable()
export class RefreshSessionUseCase {
  constructor(
    private readonly ds: DataSource,
    private readonly sessions: Sessions,
  ) {}

  /** Rotates: the presented token is spent and a new one issued in the same family. */
  async refresh(refreshToken: string): Promise<Session> {
    const outcome = await this.ds.transaction(async (m) => {
      const [t]: RefreshRow[] = await m.query(`SELECT * FROM refresh_token WHERE token_hash = $1 FOR UPDATE`, [sha256(refreshToken)]);
      if (!t) return null;
      if (t.used_at || t.revoked_at) {
        // A spent token presented again: someone else has it. End every session of this login.
        await m.query(`UPDATE refresh_token SET revoked_at = now() WHERE family_id = $1 AND revoked_at IS NULL`, [t.family_id]);
        await appendAudit(m, {
          action: 'session.reuse-detected',
          entityType: 'user_account',
          entityId: t.user_id,
          actorId: null,
          after: { family: t.family_id },
        });
        return null;
      }
      if (t.expires_at <= new Date()) return null;
      const [user]: UserRow[] = await m.query(`SELECT * FROM user_account WHERE id = $1`, [t.user_id]);
      if (!user || user.status !== 'ACTIVE') return null;
      await m.query(`UPDATE refresh_token SET used_at = now() WHERE id = $1`, [t.id]);
      return this.sessions.issue(m, user, t.family_id);
    });
    if (!outcome) throw invalidRefresh(); // after the commit: a detected reuse stays revoked
    return outcome;
  }

  /** Logout: the token's whole family is revoked; idempotent, and silent about unknown tokens. */
  async logout(refreshToken: string): Promise<void> {
    await this.ds.query(
      `UPDATE refresh_token SET revoked_at = now()
        WHERE family_id = (SELECT family_id FROM refresh_token WHERE token_hash = $1) AND revoked_at IS NULL`,
      [sha256(refreshToken)],
    );
  }
}
